package engine

import (
	"testing"

	"github.com/flowctl/flowctl/flows/runtime"
)

// TestContext renders templates in the context of the survey's child run, waiting for the age
// after the name was given, and in the parent's.
func TestContext(t *testing.T) {
	assets := loadFlows(t, "survey.json")
	s, _ := runSim(t, SimulationInput{Assets: assets, Flow: assets.Flows[0], Inputs: []string{"Bob Smith"},
		Environment: []byte(`{"allowed_languages": ["eng", "spa"], "redaction_policy": "none"}`),
		Contact: []byte(`{"uuid": "11111111-1111-4111-8111-111111111111", "id": 42, "name": "Ben Haggerty", "language": "spa",
			"created_on": "2020-01-01T00:00:00Z", "urns": ["tel:+12065551212", "mailto:ben@example.com"],
			"fields": {"age": {"text": "32", "number": 32}}}`),
		Options: Options{Now: testStart, HTTP: NewMocks(map[string][]MockResponse{checkURL: {{Status: 200, Body: `{"ok": true, "n": 3}`}}})}})
	parent, child := s.Runs[0], s.Runs[1]
	tests := []struct {
		run      *Run
		template string
		want     string
	}{
		{parent, "@contact", "Bob Smith"},
		{parent, "@contact.first_name / @contact.language / @contact.id", "Bob / spa / 42"},
		{parent, "@contact.urn | @urns.mailto | @urns.twitter", "tel:+12065551212 | mailto:ben@example.com | "},
		{parent, "@fields.age @(fields.age + 1)", "32 33"},
		{parent, "@fields", "Age: 32"},
		{parent, "@results.name / @results.name.category / @results.name.category_localized", "Bob Smith / Name / Nombre"},
		{parent, "@results.check.value @results.check.category", "200 Success"},
		{parent, "@webhook.status @webhook.json.n @legacy_extra.n", "200 3 3"},
		{parent, "@webhook", "GET " + checkURL},
		{parent, "@(json(webhook))", `{"headers":{},"json":{"n":3,"ok":true},"status":200}`},
		{parent, "@run.flow.name r@run.flow.revision", "Survey r3"},
		{parent, "@input @input.text", "Bob Smith Bob Smith"},
		{parent, "@trigger.type", "manual"},
		{parent, "@child.flow.name @child.status", "Age waiting"},
		{parent, "@(count(run.path))", "3"},
		{child, "@parent.flow.name: @parent.results.name", "Survey: Bob Smith"},
		{child, "@node.visit_count", "1"},
		{child, "@(default(child, \"none\")) @resume.type", "none msg"},
		{child, "@(json(locals))", "{}"},
	}
	for _, tc := range tests {
		got, _ := tc.run.EvaluateTemplate(tc.template, func(e runtime.Event) {
			if w, ok := e.(*runtime.Warning); ok && w.Code == "context:deprecated" {
				return
			}
			t.Errorf("%s: event %s: %+v", tc.template, e.Type(), e)
		})
		if got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.template, got, tc.want)
		}
	}
}

// TestTriggerContext: @trigger shows what each kind of trigger is about, read from its JSON
// (the keyword match, the ticket, opt-in or campaign in its event); keys the trigger doesn't set
// are empty, params an empty object.
func TestTriggerContext(t *testing.T) {
	assets := loadFlows(t, "survey.json")
	flow := `"flow": {"uuid": "` + surveyUUID + `", "name": "Survey"}, "triggered_on": "2020-01-01T00:00:00Z"`
	tests := []struct {
		trigger, template, want string
	}{
		{`{"type": "msg", ` + flow + `, "event": {"type": "msg_received", "uuid": "9bf91c2b-ce58-4cef-aacc-281e03f69ab5",
			"created_on": "2020-01-01T00:00:00Z", "msg": {"urn": "tel:+12065551212", "text": "join now"}},
			"keyword_match": {"type": "first_word", "keyword": "join"}}`, "@trigger.type @trigger.keyword", "msg join"},
		{`{"type": "ticket", ` + flow + `, "event": {"type": "closed", "ticket": {"uuid": "58e9b092-fe42-4173-876c-ff45a14a24fe",
			"topic": {"uuid": "472a7a73-96cb-4736-b567-056d987cc5b4", "name": "Weather"}}}}`,
			"@trigger.ticket.topic @trigger.ticket.uuid @(default(trigger.ticket.assignee, \"nobody\"))", "Weather 58e9b092-fe42-4173-876c-ff45a14a24fe nobody"},
		{`{"type": "optin", ` + flow + `, "event": {"type": "optin_started", "optin": {"uuid": "248be71d-78e9-4d71-a6c4-9981d369e5cb", "name": "Jokes"}}}`,
			"@trigger.optin @trigger.optin.uuid", "Jokes 248be71d-78e9-4d71-a6c4-9981d369e5cb"},
		{`{"type": "campaign", ` + flow + `, "event": {"uuid": "34d16dbd-476d-4b77-bac3-9f3d597848cc",
			"campaign": {"uuid": "58e9b092-fe42-4173-876c-ff45a14a24fe", "name": "New Mothers"}}}`, "@trigger.campaign", "New Mothers"},
		// params default to an empty object, and only an optin trigger has an optin key
		{`{"type": "manual", ` + flow + `}`, "[@trigger.keyword|@trigger.ticket|@trigger.campaign|@trigger.params|@(count(keys(trigger)))]", "[|||{}|7]"},
	}
	for _, tc := range tests {
		s, _ := runSim(t, SimulationInput{Assets: assets, Flow: assets.Flows[0], Trigger: []byte(tc.trigger), Options: Options{Now: testStart}})
		got, _ := s.Runs[0].EvaluateTemplate(tc.template, func(e runtime.Event) { t.Errorf("%s: event %+v", tc.template, e) })
		if got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.template, got, tc.want)
		}
	}
}
