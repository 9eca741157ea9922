package read_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/flowctl/flowctl/flows/read"
)

// The engine reads a legacy flow's entry and its action sets' destinations as UUIDs before
// migrating it: one that is given (not absent, null or empty) and isn't a UUID makes it refuse
// the flow, even a destination the migration would drop. Rules' destinations are not read so.
func TestRuleLegacyUUIDs(t *testing.T) {
	const set, rules = "a0000000-0000-4000-8000-000000000001", "b0000000-0000-4000-8000-000000000001"
	tests := []struct {
		name       string
		entry      any
		dest, rule any
		want       []string
	}{
		{"UUIDs", rules, rules, set, nil},
		{"a version 1 UUID", "b0000000-0000-1000-8000-000000000001", rules, set, nil},
		{"none", nil, nil, nil, nil},
		{"empty", "", "", "", nil},
		{"entry not a UUID", "start", rules, set, []string{"/entry"}},
		{"entry a number", 5.0, rules, set, []string{"/entry"}},
		{"destination not a UUID", rules, "next", set, []string{"/action_sets/0/destination"}},
		{"rule destination not a UUID", rules, rules, "back", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			flow := map[string]any{
				"base_language": "eng", "flow_type": "M", "metadata": map[string]any{"uuid": "f0000000-0000-4000-8000-000000000001", "name": "L"},
				"action_sets": []any{map[string]any{"uuid": set, "exit_uuid": "c0000000-0000-4000-8000-000000000001", "x": 0, "y": 100,
					"actions": []any{map[string]any{"uuid": "d0000000-0000-4000-8000-000000000001", "type": "reply", "msg": map[string]any{"eng": "hi"}}}}},
				"rule_sets": []any{map[string]any{"uuid": rules, "ruleset_type": "wait_message", "label": "Answer", "x": 0, "y": 0, "operand": "@step.value",
					"rules": []any{map[string]any{"uuid": "e0000000-0000-4000-8000-000000000001", "category": map[string]any{"eng": "All"}, "test": map[string]any{"type": "true"}}}}},
			}
			setKey := func(m map[string]any, k string, v any) {
				if v != nil {
					m[k] = v
				}
			}
			setKey(flow, "entry", tc.entry)
			setKey(flow["action_sets"].([]any)[0].(map[string]any), "destination", tc.dest)
			setKey(flow["rule_sets"].([]any)[0].(map[string]any)["rules"].([]any)[0].(map[string]any), "destination", tc.rule)
			src, _ := json.Marshal(flow)
			var got []string
			for _, f := range read.Read("l.json", src).Findings {
				if f.Code == read.CodeLegacyFormat {
					got = append(got, f.Pointer)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("findings at %q, want %q", got, tc.want)
			}
		})
	}
}
