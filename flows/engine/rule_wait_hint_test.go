package engine

import (
	"encoding/json"
	"testing"
)

// A msg_wait shows the wait's hint by its type; only a digits hint also says how many digits
// (count) or which key ends them (terminated_by), and keys the hint type doesn't have are
// dropped.
func TestRuleWaitHintFields(t *testing.T) {
	tests := []struct {
		name, hint, want string
	}{
		{"digits terminated", `{"type": "digits", "terminated_by": "#"}`, `{"terminated_by":"#","type":"digits"}`},
		{"digits counted", `{"type": "digits", "count": 4}`, `{"count":4,"type":"digits"}`},
		{"unknown key dropped", `{"type": "digits", "terminator": "#"}`, `{"type":"digits"}`},
		{"image has no count", `{"type": "image", "count": 2, "terminated_by": "#"}`, `{"type":"image"}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			node := switchNode("@input.text", true, "")
			var hint map[string]any
			if err := json.Unmarshal([]byte(tc.hint), &hint); err != nil {
				t.Fatal(err)
			}
			node["router"].(map[string]any)["wait"] = map[string]any{"type": "msg", "hint": hint}
			_, sprints := ruleRun{Flows: []*ruleFlow{{Nodes: []map[string]any{node}}}}.run(t)
			waits := eventsOf(t, sprints, "msg_wait")
			if len(waits) != 1 {
				t.Fatalf("got %d msg_wait events", len(waits))
			}
			got, _ := json.Marshal(waits[0]["hint"])
			if string(got) != tc.want {
				t.Errorf("hint %s, want %s", got, tc.want)
			}
		})
	}
}
