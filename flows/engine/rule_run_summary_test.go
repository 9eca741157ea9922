package engine

import (
	"encoding/json"
	"testing"
)

// The run summary a session_triggered event carries names its flow as run_started does: with
// the flow's revision, as the reference writes it.
func TestRuleRunSummaryNamesTheRevision(t *testing.T) {
	tests := []struct {
		name     string
		revision any
		want     string
	}{
		{"revision kept", 42, `{"uuid":"00000000-0000-4000-8000-0000000f0001","name":"Broadcaster","revision":42}`},
		{"no revision", nil, `{"uuid":"00000000-0000-4000-8000-0000000f0001","name":"Broadcaster"}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			start := act("start_session", map[string]any{
				"flow":     map[string]any{"uuid": "00000000-0000-4000-8000-0000000f0002", "name": "Other"},
				"contacts": []any{map[string]any{"uuid": "a3e1c9a4-7d7b-4a83-8d47-1a8c3a2b5e10", "name": "Sam"}},
			})
			extra := map[string]any{"revision": tc.revision}
			flows := []*ruleFlow{{UUID: "00000000-0000-4000-8000-0000000f0001", Name: "Broadcaster", Extra: extra, Nodes: []map[string]any{actionNode(start)}},
				{UUID: "00000000-0000-4000-8000-0000000f0002", Name: "Other", Nodes: []map[string]any{actionNode(sendMsg("hi"))}}}
			_, sprints := ruleRun{Flows: flows}.run(t)
			evs := eventsOf(t, sprints, "session_triggered")
			if len(evs) != 1 {
				t.Fatalf("session_triggered events: %v", evs)
			}
			got, _ := json.Marshal(evs[0]["run_summary"].(map[string]any)["flow"])
			var want any
			if err := json.Unmarshal([]byte(tc.want), &want); err != nil {
				t.Fatal(err)
			}
			if w, _ := json.Marshal(want); string(got) != string(w) {
				t.Errorf("run summary flow %s, want %s", got, tc.want)
			}
		})
	}
}

// The results of a run summary carry each category as the run's language names it
// (category_localized), when the flow translates it, as the run's own results do.
func TestRuleRunSummaryLocalizesCategories(t *testing.T) {
	start := act("start_session", map[string]any{
		"flow":     map[string]any{"uuid": "00000000-0000-4000-8000-0000000f0002", "name": "Other"},
		"contacts": []any{map[string]any{"uuid": "a3e1c9a4-7d7b-4a83-8d47-1a8c3a2b5e10", "name": "Sam"}},
	})
	tests := []struct {
		name     string
		language string
		want     any
	}{
		{"translated", "fra", "Nommé"},
		{"in the flow's language", "eng", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			router := switchNode("@contact.name", false, "Kind", ruleCase{Test: "has_text", Category: "Named"})
			cat := router["router"].(map[string]any)["categories"].([]map[string]any)[0]
			loc := map[string]any{"fra": map[string]any{cat["uuid"].(string): map[string]any{"name": []string{"Nommé"}}}}
			flows := []*ruleFlow{{UUID: "00000000-0000-4000-8000-0000000f0001", Extra: map[string]any{"localization": loc},
				Nodes: []map[string]any{router, actionNode(start)}},
				{UUID: "00000000-0000-4000-8000-0000000f0002", Name: "Other", Nodes: []map[string]any{actionNode(sendMsg("hi"))}}}
			contact := `{"uuid": "5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f", "name": "Ryan Lewis", "language": "` + tc.language + `", "status": "active",
				"created_on": "2024-01-01T00:00:00Z", "urns": ["tel:+12065551212"]}`
			_, sprints := ruleRun{Flows: flows, Contact: contact, Env: `{"allowed_languages": ["eng", "fra"]}`}.run(t)
			evs := eventsOf(t, sprints, "session_triggered")
			if len(evs) != 1 {
				t.Fatalf("session_triggered events: %v", evs)
			}
			res := evs[0]["run_summary"].(map[string]any)["results"].(map[string]any)["kind"].(map[string]any)
			if res["category"] != "Named" || res["category_localized"] != tc.want {
				t.Errorf("result %v, want category Named localized as %v", res, tc.want)
			}
		})
	}
}

// A run summary's contact leaves out the contact's tickets, as the reference writes it, though
// @contact.tickets lists the ticket the flow opened.
func TestRuleRunSummaryContactHasNoTickets(t *testing.T) {
	topic := map[string]any{"uuid": "0d9a2c56-6fc2-4f27-93c5-a6322e26b740", "name": "General"}
	open := act("open_ticket", map[string]any{"topic": topic, "body": "help", "result_name": "Ticket"})
	start := act("start_session", map[string]any{
		"flow":     map[string]any{"uuid": "00000000-0000-4000-8000-0000000f0002", "name": "Other"},
		"contacts": []any{map[string]any{"uuid": "a3e1c9a4-7d7b-4a83-8d47-1a8c3a2b5e10", "name": "Sam"}},
	})
	flows := []*ruleFlow{{UUID: "00000000-0000-4000-8000-0000000f0001", Nodes: []map[string]any{actionNode(open, sendMsg("@(count(contact.tickets))"), start)}},
		{UUID: "00000000-0000-4000-8000-0000000f0002", Name: "Other", Nodes: []map[string]any{actionNode(sendMsg("hi"))}}}
	_, sprints := ruleRun{Flows: flows, Assets: map[string]any{"topics": []any{topic}}}.run(t)
	if got := sentTexts(sprints); len(got) != 1 || got[0] != "1" {
		t.Fatalf("sent %q, want the one ticket counted", got)
	}
	evs := eventsOf(t, sprints, "session_triggered")
	if len(evs) != 1 {
		t.Fatalf("session_triggered events: %v", evs)
	}
	c := evs[0]["run_summary"].(map[string]any)["contact"].(map[string]any)
	if _, ok := c["tickets"]; ok || c["name"] != "Ryan Lewis" {
		t.Errorf("run summary contact %v, want the contact without tickets", c)
	}
}

// The results of the run that started a session (a flow_action trigger's run summary, @parent)
// read as a run's own results do: the whole as sorted "Name: value" lines, and every property
// of a result present, even when the summary leaves it out.
func TestRuleTriggerSummaryResults(t *testing.T) {
	trigger := `{"type": "flow_action", "flow": {"uuid": "00000000-0000-4000-8000-0000000f0001", "name": "Child"},
		"triggered_on": "2025-05-04T12:00:00Z", "run_summary": {"uuid": "4213ac47-93fd-48c4-af12-7da8218ef09d",
		"flow": {"uuid": "93c554a1-b90d-4892-b029-a2a87dec9b87", "name": "Parent"}, "status": "active",
		"contact": {"uuid": "c59b0033-e748-4240-9d4c-e85eb6800151", "name": "Bob", "status": "active", "created_on": "2018-01-01T12:00:00Z"},
		"results": {
			"score_call": {"name": "Score Call", "value": "yes", "category": "Yes", "node_uuid": "cd2be8c4-59bc-453c-8777-dec9a80043b8", "created_on": "2025-05-01T10:00:00Z"},
			"score": {"name": "Score", "value": "Kigali", "category": "Other", "category_localized": "Autre", "node_uuid": "cd2be8c4-59bc-453c-8777-dec9a80043b8", "created_on": "2025-05-01T10:00:00Z", "input": "kgl", "extra": {"a": 1}},
			"q": {"name": "Q", "value": "1", "node_uuid": "cd2be8c4-59bc-453c-8777-dec9a80043b8", "created_on": "2025-05-01T10:00:00Z"}}}}`
	tests := []struct {
		tpl, want string
	}{
		{"@parent.results", "Q: 1\nScore Call: yes\nScore: Kigali"},
		{"[@parent.results.q.category] [@parent.results.q.input] [@parent.results.q.extra]", "[] [] []"},
		{"@parent.results.score_call.category_localized @parent.results.score.category_localized", "Yes Autre"},
		{"@parent.results.score.extra.a @parent.results.q.created_on", "1 2025-05-01T10:00:00.000000Z"},
		{"@(json(parent.results.q))", `{"category":"","category_localized":"","created_on":"2025-05-01T10:00:00.000000Z","extra":null,"input":"","name":"Q","node_uuid":"cd2be8c4-59bc-453c-8777-dec9a80043b8","value":"1"}`},
	}
	for _, tc := range tests {
		t.Run(tc.tpl, func(t *testing.T) {
			texts, logs := evalRule(t, ruleRun{Trigger: trigger}, tc.tpl)
			if texts[0] != tc.want || len(logs[0]) != 0 {
				t.Errorf("got %q %q, want %q and no errors", texts[0], logs[0], tc.want)
			}
		})
	}
}
