package check

import (
	"testing"
)

// A reference that may name its asset in two ways names it by exactly one: a group or label by
// uuid or name_match, a ticket's assignee by uuid or email. The engine refuses a reference with
// both or neither (a name alone names nothing), and a uuid that isn't one.
func TestRuleReferenceNamesByOneField(t *testing.T) {
	const uuid = "70000000-0000-4000-8000-000000000001"
	runActionFieldCases(t, []actionFieldCase{
		{"group by uuid", `{"type": "add_contact_groups", "groups": [{"uuid": "` + uuid + `", "name": "A"}]}`, ""},
		{"group by name_match", `{"type": "add_contact_groups", "groups": [{"name_match": "A @contact.name"}]}`, ""},
		{"group by both", `{"type": "add_contact_groups", "groups": [{"uuid": "` + uuid + `", "name_match": "A"}]}`, "field/action-rule /groups/0/uuid"},
		{"group by name only", `{"type": "add_contact_groups", "groups": [{"name": "A"}]}`, "field/required /groups/0/uuid"},
		{"label by both", `{"type": "add_input_labels", "labels": [{"uuid": "` + uuid + `", "name_match": "A"}]}`, "field/action-rule /labels/0/uuid"},
		{"label by neither", `{"type": "add_input_labels", "labels": [{}]}`, "field/required /labels/0/uuid"},
		{"assignee by uuid", `{"type": "open_ticket", "assignee": {"uuid": "` + uuid + `"}}`, ""},
		{"assignee by email", `{"type": "open_ticket", "assignee": {"email": "@fields.agent"}}`, ""},
		{"no assignee", `{"type": "open_ticket", "assignee": null}`, ""},
		{"assignee by both", `{"type": "open_ticket", "assignee": {"uuid": "` + uuid + `", "email": "bob@example.com"}}`, "field/action-rule /assignee/uuid"},
		{"assignee by name only", `{"type": "open_ticket", "assignee": {"name": "Bob"}}`, "field/required /assignee/uuid"},
		{"assignee by a bad uuid", `{"type": "open_ticket", "assignee": {"uuid": "bob"}}`, "field/invalid-format /assignee/uuid"},
	})
}
