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
		{parent, "@(json(webhook))", `{"n":3,"ok":true}`},
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
