package engine

import "testing"

// Changing a field to a whole datetime reads the clock only for the event (its UUID, then its
// time), whether or not query-based groups are re-evaluated after it, as in the reference.
func TestRuleFieldChangeClockWithQueryGroups(t *testing.T) {
	for _, groups := range []string{"none", "query-based"} {
		t.Run(groups, func(t *testing.T) {
			assets := map[string]any{"fields": []any{map[string]any{"key": "born", "name": "Born", "type": "datetime"}}}
			if groups != "none" {
				assets["groups"] = []any{map[string]any{"uuid": "f9000000-0000-4000-8000-000000000001", "name": "Has Birthday", "query": `born != ""`}}
			}
			flows := []*ruleFlow{{Nodes: []map[string]any{actionNode(
				sendMsg("hi"),
				act("set_contact_field", map[string]any{"field": map[string]any{"key": "born", "name": "Born"}, "value": "1977-06-23T12:00:00Z"}),
			)}}}
			_, sprints := ruleRun{Flows: flows, Assets: assets}.run(t)
			var msgAt, fieldAt int
			for _, e := range allEvents(sprints) {
				switch e.Type() {
				case "msg_created":
					msgAt = tick(t, e.Base().CreatedOn)
				case "contact_field_changed":
					fieldAt = tick(t, e.Base().CreatedOn)
				}
			}
			if fieldAt-msgAt != 2 {
				t.Errorf("contact_field_changed %d readings after msg_created, want 2", fieldAt-msgAt)
			}
		})
	}
}
