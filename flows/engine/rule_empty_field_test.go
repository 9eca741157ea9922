package engine

import (
	"reflect"
	"testing"
)

// A contact that comes in with a field value whose text is empty has no value for that field,
// whatever number it carries: null in expressions, unset for group queries, and left out of
// the contact's JSON (a started session's run summary).
func TestRuleEmptyFieldValuesAreUnset(t *testing.T) {
	contact := `{"uuid": "5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f", "name": "Ryan Lewis", "language": "eng", "status": "active",
		"created_on": "2024-01-01T00:00:00Z", "urns": ["tel:+12065551212"],
		"fields": {"nick": {"text": ""}, "age": {"text": "", "number": 5}, "town": {"text": "Kigali"}}}`
	assets := map[string]any{
		"fields": []any{
			map[string]any{"key": "nick", "name": "Nick", "type": "text"},
			map[string]any{"key": "age", "name": "Age", "type": "number"},
			map[string]any{"key": "town", "name": "Town", "type": "text"},
		},
		"groups": []any{map[string]any{"uuid": "00000000-0000-4000-8000-00000000b001", "name": "Ageless", "query": `age = ""`}},
	}
	start := act("start_session", map[string]any{
		"flow":     map[string]any{"uuid": "00000000-0000-4000-8000-00000000b0f2", "name": "Other"},
		"contacts": []any{map[string]any{"uuid": "a3e1c9a4-7d7b-4a83-8d47-1a8c3a2b5e10", "name": "Sam"}},
	})
	flows := []*ruleFlow{{Nodes: []map[string]any{actionNode(sendMsg(`@(json(contact.fields)) [@fields.age]`)), actionNode(start)}},
		{UUID: "00000000-0000-4000-8000-00000000b0f2", Name: "Other", Nodes: []map[string]any{actionNode(sendMsg("hi"))}}}
	_, sprints := ruleRun{Flows: flows, Assets: assets, Contact: contact}.run(t)

	if got, want := sentTexts(sprints), []string{`{"age":null,"nick":null,"town":"Kigali"} []`}; !reflect.DeepEqual(got, want) {
		t.Errorf("sent %q, want %q", got, want)
	}
	joined := eventsOf(t, sprints, "contact_groups_changed")
	if len(joined) != 1 || joined[0]["groups_added"] == nil {
		t.Errorf("group changes %v, want the contact to join the group of contacts without an age", joined)
	}
	triggered := eventsOf(t, sprints, "session_triggered")
	if len(triggered) != 1 {
		t.Fatalf("session_triggered events: %v", triggered)
	}
	fields := triggered[0]["run_summary"].(map[string]any)["contact"].(map[string]any)["fields"]
	if want := map[string]any{"town": map[string]any{"text": "Kigali"}}; !reflect.DeepEqual(fields, want) {
		t.Errorf("run summary fields %v, want %v", fields, want)
	}
}
