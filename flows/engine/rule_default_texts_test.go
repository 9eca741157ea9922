package engine

import (
	"strings"
	"testing"
)

// @results and @fields read as "Name: value" lines sorted as text (capitals before lower case,
// not by key); a field shows the value its type reads (a number without trailing zeros, a
// datetime in ISO 8601 with microseconds, a location its whole path), and a value its type can't
// read has no line.
func TestRuleDefaultTexts(t *testing.T) {
	fields := []any{
		map[string]any{"key": "age", "name": "Age", "type": "number", "uuid": "e0000000-0000-4000-8000-000000000001"},
		map[string]any{"key": "zone", "name": "Zone", "type": "text", "uuid": "e0000000-0000-4000-8000-000000000002"},
		map[string]any{"key": "born", "name": "born", "type": "datetime", "uuid": "e0000000-0000-4000-8000-000000000003"},
		map[string]any{"key": "count", "name": "count", "type": "number", "uuid": "e0000000-0000-4000-8000-000000000004"},
		map[string]any{"key": "home", "name": "Home", "type": "state", "uuid": "e0000000-0000-4000-8000-000000000005"},
	}
	contact := `{"uuid": "5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f", "name": "Bob", "status": "active", "created_on": "2024-01-01T00:00:00Z",
		"fields": {"age": {"text": "25.0", "number": 25.0}, "zone": {"text": "x"}, "count": {"text": "abc"},
			"born": {"text": "2024-01-15T10:00:00+02:00", "datetime": "2024-01-15T10:00:00+02:00"},
			"home": {"text": "Kigali City", "state": "Rwanda > Kigali City"}}}`
	result := func(name, value string) map[string]any {
		return act("set_run_result", map[string]any{"name": name, "value": value, "category": ""})
	}
	tests := []struct {
		template string
		want     string
	}{
		{"@results", "Score: 200\napple: x\nchild_age: 0"},
		{"@fields", "Age: 25\nHome: Rwanda > Kigali City\nZone: x\nborn: 2024-01-15T10:00:00.000000+02:00"},
		{"@fields.home|@contact.fields.home", "Rwanda > Kigali City|Rwanda > Kigali City"},
	}
	for _, tc := range tests {
		t.Run(tc.template, func(t *testing.T) {
			flow := &ruleFlow{Nodes: []map[string]any{actionNode(result("child_age", "0"), result("Score", "200"), result("apple", "x"), sendMsg(tc.template))}}
			_, sprints := ruleRun{Flows: []*ruleFlow{flow}, Assets: map[string]any{"fields": fields}, Contact: contact}.run(t)
			got := sentTexts(sprints)
			if len(got) != 1 || got[0] != tc.want {
				t.Errorf("sent %q, want %q", strings.Join(got, "\n--\n"), tc.want)
			}
		})
	}
}
