package actions_test

import (
	"fmt"
	"reflect"
	"testing"
)

// TestRuleBlockedOrStoppedContactsKeepTheirGroups: adding to and removing from groups is refused
// for a blocked or stopped contact with one error, after the references are resolved (a missing
// group is still reported) and before any group is looked at (no query-based group error). An
// archived contact may still join.
func TestRuleBlockedOrStoppedContactsKeepTheirGroups(t *testing.T) {
	const refused = "Can't add blocked or stopped contacts to groups"
	const missing = "Missing dependency: group[uuid=90000000-0000-4000-8000-000000000009,name=Gone]"
	tests := []struct {
		name, status, action string
		want                 []string // error texts, then "+Name" / "-Name" for groups joined or left
	}{
		{"add while stopped", "stopped", `{"uuid":"a0000000-0000-4000-8000-000000000001","type":"add_contact_groups","groups":[{"uuid":"90000000-0000-4000-8000-000000000002","name":"Customers"}]}`,
			[]string{refused}},
		{"add while blocked reports missing first", "blocked", `{"uuid":"a0000000-0000-4000-8000-000000000001","type":"add_contact_groups","groups":[{"uuid":"90000000-0000-4000-8000-000000000009","name":"Gone"},{"uuid":"90000000-0000-4000-8000-000000000003","name":"Adults"}]}`,
			[]string{missing, refused}},
		{"remove while stopped", "stopped", `{"uuid":"a0000000-0000-4000-8000-000000000001","type":"remove_contact_groups","groups":[{"uuid":"90000000-0000-4000-8000-000000000001","name":"Testers"}]}`,
			[]string{refused}},
		{"remove all while blocked", "blocked", `{"uuid":"a0000000-0000-4000-8000-000000000001","type":"remove_contact_groups","all_groups":true}`,
			[]string{refused}},
		{"add while archived joins then leaves", "archived", `{"uuid":"a0000000-0000-4000-8000-000000000001","type":"add_contact_groups","groups":[{"uuid":"90000000-0000-4000-8000-000000000002","name":"Customers"}]}`,
			[]string{"+Customers", "-Testers", "-Customers"}},
		{"add while active", "active", `{"uuid":"a0000000-0000-4000-8000-000000000001","type":"add_contact_groups","groups":[{"uuid":"90000000-0000-4000-8000-000000000002","name":"Customers"}]}`,
			[]string{"+Customers"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			contact := fmt.Sprintf(`{"uuid": "5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f", "status": %q, "created_on": "2018-06-20T11:40:30Z",
				"urns": ["tel:+12065551212"], "groups": [{"uuid": "90000000-0000-4000-8000-000000000001", "name": "Testers"}]}`, tc.status)
			var got []string
			for _, e := range executeAs(t, contact, tc.action, nil) {
				switch e["type"] {
				case "error":
					got = append(got, e["text"].(string))
				case "contact_groups_changed":
					for _, k := range []string{"groups_added", "groups_removed"} {
						sign := map[string]string{"groups_added": "+", "groups_removed": "-"}[k]
						list, _ := e[k].([]any)
						for _, g := range list {
							got = append(got, sign+g.(map[string]any)["name"].(string))
						}
					}
				}
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
