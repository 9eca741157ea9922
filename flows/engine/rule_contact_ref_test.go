package engine

import (
	"slices"
	"testing"
)

// @contact.ref is the short code of the contact's id under the environment's obfuscation key;
// a contact without an id has none.
func TestRuleContactRef(t *testing.T) {
	contact := func(id string) string {
		return `{"uuid": "5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f", "name": "Ryan Lewis", "status": "active",
			"created_on": "2024-01-01T00:00:00Z", "urns": ["tel:+12065551212"]` + id + `}`
	}
	tests := []struct {
		name, contact, env, want string
	}{
		{"default key", contact(`, "id": 73608`), "", "7GMEMW"},
		{"environment's key", contact(`, "id": 1073741825`), `{"obfuscation_key": [1, 2, 3, 4000000000]}`, "QWGCG5F"},
		{"no id", contact(""), "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			flows := []*ruleFlow{{Nodes: []map[string]any{actionNode(sendMsg("ref=@contact.ref"))}}}
			_, sprints := ruleRun{Flows: flows, Contact: tc.contact, Env: tc.env}.run(t)
			if got := sentTexts(sprints); !slices.Equal(got, []string{"ref=" + tc.want}) {
				t.Errorf("sent %q, want %q", got, "ref="+tc.want)
			}
		})
	}
}
