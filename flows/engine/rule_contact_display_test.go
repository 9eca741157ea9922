package engine

import "testing"

// A contact reads as text (@contact, and in @run) as its name; without one, when the
// environment redacts URNs, as its id (0 when it has none), whether or not it has URNs;
// otherwise as its first URN as people write it, or nothing without URNs.
func TestRuleContactDisplayWhenURNsRedacted(t *testing.T) {
	tests := []struct {
		name, contact, policy, want string
	}{
		{"named", `"name": "Ana", "id": 42, "urns": ["tel:+12065551212"]`, "urns", "Ana|Ana@Display"},
		{"redacted: the id", `"id": 42, "urns": ["tel:+12065551212"]`, "urns", "42|42@Display"},
		{"redacted without an id", `"urns": ["tel:+12065551212"]`, "urns", "0|0@Display"},
		{"redacted without URNs", `"id": 7`, "urns", "7|7@Display"},
		{"not redacted: the URN", `"id": 42, "urns": ["tel:+12065551212"]`, "none", "(206) 555-1212|(206) 555-1212@Display"},
		{"not redacted without URNs", `"id": 42`, "none", "|@Display"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			flows := []*ruleFlow{{Name: "Display", Nodes: []map[string]any{actionNode(sendMsg(`@contact|@run`))}}}
			contact := `{"uuid": "5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f", "status": "active", "created_on": "2024-01-01T00:00:00Z", ` + tc.contact + `}`
			_, sprints := ruleRun{Flows: flows, Contact: contact, Env: `{"redaction_policy": "` + tc.policy + `", "default_country": "US"}`}.run(t)
			got := sentTexts(sprints)
			if len(got) != 1 || got[0] != tc.want {
				t.Errorf("sent %q, want %q", got, tc.want)
			}
		})
	}
}
