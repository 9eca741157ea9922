package check

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/flows/read"
)

// The engine reads a router case whatever its UUID: missing, null, empty or not a UUID. Such a
// case is a warning (its arguments can't be translated), never an error.
func TestRuleCaseUUIDIsNotRequired(t *testing.T) {
	tests := []struct {
		name string
		uuid any // "absent" for no key
		want []string
	}{
		{"a UUID", "60000000-0000-4000-8000-000000000000", nil},
		{"not a UUID", "case-1", []string{"lint/case-uuid /nodes/1/router/cases/0"}},
		{"empty", "", []string{"lint/case-uuid /nodes/1/router/cases/0"}},
		{"null", nil, []string{"lint/case-uuid /nodes/1/router/cases/0"}},
		{"missing", "absent", []string{"lint/case-uuid /nodes/1/router/cases/0"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := mutate(t, baseFlow)
			cs := m["nodes"].([]any)[1].(map[string]any)["router"].(map[string]any)["cases"].([]any)[0].(map[string]any)
			if tc.uuid == "absent" {
				delete(cs, "uuid")
			} else {
				cs["uuid"] = tc.uuid
			}
			src, _ := json.Marshal(m)
			var got []string
			for _, f := range Check(read.Read("flow.json", src), nil) {
				got = append(got, f.Code+" "+f.Pointer)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("findings %v, want %v", got, tc.want)
			}
		})
	}
}

// send_msg and send_broadcast take at most 100 template variables, each at most 10,000
// characters long, as the engine reads them.
func TestRuleTemplateVariablesLimits(t *testing.T) {
	many := func(n, size int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = strings.Repeat("x", size)
		}
		return out
	}
	tests := []struct {
		name string
		vars []string
		want []string
	}{
		{"100 variables of 10,000", many(100, 10000), nil},
		{"101 variables", many(101, 1), []string{"field/out-of-range /template_variables"}},
		{"a variable of 10,001", many(1, 10001), []string{"field/out-of-range /template_variables/0"}},
	}
	for _, typ := range []string{"send_msg", "send_broadcast"} {
		for _, tc := range tests {
			t.Run(typ+" "+tc.name, func(t *testing.T) {
				action := map[string]any{"uuid": "20000000-0000-4000-8000-000000000009", "type": typ, "text": "hi", "template_variables": tc.vars}
				if typ == "send_broadcast" {
					action["contact_query"] = "name = bob"
				}
				raw, _ := json.Marshal(action)
				fs := onlyLayer(runFlow(t, mutate(t, baseFlow, "nodes/2/actions/0", string(raw)), nil), "field")
				var got []string
				for _, f := range fs {
					got = append(got, f.Code+" "+f.Pointer[len("/nodes/2/actions/0"):])
				}
				if !slices.Equal(got, tc.want) {
					t.Errorf("findings %v, want %v", got, tc.want)
				}
			})
		}
	}
}
