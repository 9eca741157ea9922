package engine

import (
	"reflect"
	"testing"
)

// A contact that stops being active leaves every group in one contact_groups_changed: the
// query-based groups first, in the assets' order, then the static ones, in the order the
// contact lists them. A session's start only re-evaluates query-based groups, so a contact that
// comes in inactive keeps its static groups until some change to it is applied.
func TestRuleInactiveContactLeavesEveryGroup(t *testing.T) {
	groups := []any{
		map[string]any{"uuid": "00000000-0000-4000-8000-00000000a001", "name": "Apes"},
		map[string]any{"uuid": "00000000-0000-4000-8000-00000000a002", "name": "Named", "query": `name ~ "ryan"`},
		map[string]any{"uuid": "00000000-0000-4000-8000-00000000a003", "name": "Bees"},
		map[string]any{"uuid": "00000000-0000-4000-8000-00000000a004", "name": "English", "query": "language = eng"},
	}
	// the contact lists them in another order than the assets
	member := `[{"uuid": "00000000-0000-4000-8000-00000000a003", "name": "Bees"},
		{"uuid": "00000000-0000-4000-8000-00000000a004", "name": "English"},
		{"uuid": "00000000-0000-4000-8000-00000000a002", "name": "Named"},
		{"uuid": "00000000-0000-4000-8000-00000000a001", "name": "Apes"}]`
	contact := func(status string) string {
		return `{"uuid": "5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f", "name": "Ryan Lewis", "language": "eng", "status": "` + status + `",
			"created_on": "2024-01-01T00:00:00Z", "urns": ["tel:+12065551212"], "groups": ` + member + `}`
	}
	tests := []struct {
		name    string
		status  string
		actions []map[string]any
		want    [][]string // each contact_groups_changed: "+Name" joined, "-Name" left
	}{
		{"stopped", "active", []map[string]any{act("set_contact_status", map[string]any{"status": "stopped"})},
			[][]string{{"-Named", "-English", "-Bees", "-Apes"}}},
		{"archived", "active", []map[string]any{act("set_contact_status", map[string]any{"status": "archived"})},
			[][]string{{"-Named", "-English", "-Bees", "-Apes"}}},
		{"back to active rejoins query groups only", "active", []map[string]any{
			act("set_contact_status", map[string]any{"status": "blocked"}),
			act("set_contact_status", map[string]any{"status": "active"})},
			[][]string{{"-Named", "-English", "-Bees", "-Apes"}, {"+Named", "+English"}}},
		{"inactive at start keeps static groups until a change", "stopped", []map[string]any{
			sendMsg("hi"),
			act("set_contact_name", map[string]any{"name": "Ryan"})},
			[][]string{{"-Named", "-English"}, {"-Bees", "-Apes"}}},
		{"no change, no re-evaluation", "stopped", []map[string]any{
			act("set_contact_name", map[string]any{"name": "Ryan Lewis"})},
			[][]string{{"-Named", "-English"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var nodes []map[string]any
			for _, a := range tc.actions {
				nodes = append(nodes, actionNode(a))
			}
			_, sprints := ruleRun{Flows: []*ruleFlow{{Nodes: nodes}}, Assets: map[string]any{"groups": groups},
				Contact: contact(tc.status)}.run(t)
			var got [][]string
			for _, e := range eventsOf(t, sprints, "contact_groups_changed") {
				var changes []string
				for _, k := range []string{"groups_added", "groups_removed"} {
					list, _ := e[k].([]any)
					for _, g := range list {
						changes = append(changes, map[string]string{"groups_added": "+", "groups_removed": "-"}[k]+g.(map[string]any)["name"].(string))
					}
				}
				got = append(got, changes)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
