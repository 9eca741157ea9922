package check

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/flowctl/flowctl/flows/read"
)

// The engine reads null among a case's arguments as an empty argument, as Go reads null into a
// string; a number there is the wrong type.
func TestRuleNullCaseArgument(t *testing.T) {
	tests := []struct {
		name string
		args []any
		want []string
	}{
		{"strings", []any{"18"}, nil},
		{"null", []any{nil}, nil},
		{"null after a string", []any{"1", nil}, nil},
		{"a number", []any{18.0}, []string{"schema/wrong-type /nodes/1/router/cases/0/arguments/0"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := mutate(t, baseFlow)
			cs := m["nodes"].([]any)[1].(map[string]any)["router"].(map[string]any)["cases"].([]any)[0].(map[string]any)
			cs["type"], cs["arguments"] = "has_number_gte", tc.args
			src, _ := json.Marshal(m)
			var got []string
			for _, f := range Check(read.Read("flow.json", src), nil) {
				if f.Severity == "error" {
					got = append(got, f.Code+" "+f.Pointer)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("findings %v, want %v", got, tc.want)
			}
		})
	}
}

// The engine never reads a flow's _ui, so it may hold any JSON value.
func TestRuleUIOfAnyType(t *testing.T) {
	for _, ui := range []any{map[string]any{"nodes": map[string]any{}}, nil, "x", 5.0, []any{1.0}, true} {
		m := mutate(t, baseFlow)
		m["_ui"] = ui
		src, _ := json.Marshal(m)
		for _, f := range Check(read.Read("flow.json", src), nil) {
			if f.Severity == "error" {
				t.Errorf("_ui %v: %s %s: %s", ui, f.Code, f.Pointer, f.Message)
			}
		}
	}
}
