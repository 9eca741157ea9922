package engine

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/read"
)

// BenchmarkSurveySession runs a whole session of a flow with questions, a webhook and a
// subflow: the start and three resumes.
func BenchmarkSurveySession(b *testing.B) {
	assets := loadFlows(b, "survey.json")
	mocks := map[string][]MockResponse{checkURL: {{Status: 200, Body: `{"ok": true}`}}}
	inputs := []string{"Bob Smith", "abc", "42"}
	b.ReportAllocs()
	for b.Loop() {
		sim, err := NewSimulation(SimulationInput{Assets: assets, Flow: assets.Flows[0], Inputs: inputs,
			Options: Options{Now: testStart, HTTP: NewMocks(mocks)}})
		if err != nil {
			b.Fatal(err)
		}
		s, _, err := sim.Run()
		if err != nil || s.Status != SessionCompleted {
			b.Fatalf("%v %s", err, s.Status)
		}
	}
}

// bigFlow builds a flow of n nodes in a chain, each sending a message; every 50th node waits
// for a reply, so the walk takes n/50 sprints and stays under the step limit.
func bigFlow(n int) []byte {
	type m = map[string]any
	nodes := make([]m, n)
	uuid := func(kind, i int) string { return fmt.Sprintf("%08x-0000-4000-8000-%012x", kind, i) }
	for i := 0; i < n; i++ {
		dest := ""
		if i+1 < n {
			dest = uuid(1, i+1)
		}
		node := m{
			"uuid":    uuid(1, i),
			"actions": []m{{"uuid": uuid(2, i), "type": "send_msg", "text": "Step @node.visit_count of " + fmt.Sprint(n) + " for @contact.first_name"}},
			"exits":   []m{{"uuid": uuid(3, i), "destination_uuid": dest}},
		}
		if i%50 == 49 {
			node["router"] = m{
				"type": "switch", "operand": "@input.text", "result_name": "Answer",
				"wait":                  m{"type": "msg"},
				"cases":                 []m{{"uuid": uuid(4, i), "type": "has_text", "category_uuid": uuid(5, i)}},
				"categories":            []m{{"uuid": uuid(5, i), "name": "Has Text", "exit_uuid": uuid(3, i)}},
				"default_category_uuid": uuid(5, i),
			}
		}
		nodes[i] = node
	}
	data, _ := json.Marshal(m{"flows": []m{{
		"uuid": uuid(9, 1), "name": "Big", "spec_version": "14.1.0", "language": "eng", "type": "messaging", "nodes": nodes,
	}}})
	return data
}

// BenchmarkThousandNodes walks a 1,000-node flow end to end (start plus 20 resumes).
func BenchmarkThousandNodes(b *testing.B) {
	doc := read.Read("big.json", bigFlow(flows.MaxNodesPerFlow))
	assets := read.LoadAssets(doc)
	inputs := make([]string, flows.MaxNodesPerFlow/50)
	for i := range inputs {
		inputs[i] = "next"
	}
	b.ReportAllocs()
	for b.Loop() {
		sim, err := NewSimulation(SimulationInput{Assets: assets, Flow: assets.Flows[0], Inputs: inputs, Options: Options{Now: testStart}})
		if err != nil {
			b.Fatal(err)
		}
		s, sprints, err := sim.Run()
		if err != nil || s.Status != SessionCompleted || len(sprints) != 21 {
			b.Fatalf("%v %s %d sprints", err, s.Status, len(sprints))
		}
	}
}

// templates100 is a set of 100 templates of the kinds flows use, evaluated in a session's
// context, for comparison with the reference engine's template benchmark.
func templates100() []string {
	base := []string{
		"Hi @contact.name!", "@contact.first_name", "@(upper(contact.name))", "@contact.urn", "@urns.tel",
		"@fields.age", "@(fields.age + 1)", "@results.name", "@results.name.category", "@(title(results.name.value))",
		"@input.text", "@(word(input.text, 0))", "@(count(contact.groups))", "@run.flow.name", "@node.visit_count",
		"@(datetime_diff(contact.created_on, now(), \"D\"))", "@(format_date(contact.created_on))", "@(if(fields.age > 18, \"adult\", \"minor\"))",
		"@(lower(input.text) & \" \" & contact.language)", "Plain text without expressions",
	}
	out := make([]string, 0, 100)
	for len(out) < 100 {
		out = append(out, base...)
	}
	return out[:100]
}

// BenchmarkTemplates100 evaluates 100 templates in the context of a waiting session.
func BenchmarkTemplates100(b *testing.B) {
	assets := loadFlows(b, "survey.json")
	sim, err := NewSimulation(SimulationInput{Assets: assets, Flow: assets.Flows[0], Inputs: []string{"Bob Smith"},
		Contact: []byte(`{"uuid": "11111111-1111-4111-8111-111111111111", "name": "Ben Haggerty", "language": "eng",
			"created_on": "2020-01-01T00:00:00Z", "urns": ["tel:+12065551212"], "fields": {"age": {"text": "32", "number": 32}}}`),
		Options: Options{Now: testStart}})
	if err != nil {
		b.Fatal(err)
	}
	s, _, err := sim.Run()
	if err != nil {
		b.Fatal(err)
	}
	run := s.Runs[0] // the parent, which has the Name result
	tpls := templates100()
	b.ReportAllocs()
	for b.Loop() {
		// a new context per iteration, as each sprint builds one
		run.invalidate()
		for _, t := range tpls {
			if _, ok := run.EvaluateTemplate(t, nil); !ok {
				b.Fatalf("template %q failed", t)
			}
		}
	}
}

// BenchmarkTemplates100WithSession is the fuller comparison with the reference's template
// benchmark, which builds its test session for each round: every iteration reads the flow file
// from its bytes, starts the session, resumes it once and then evaluates the 100 templates.
func BenchmarkTemplates100WithSession(b *testing.B) {
	path := filepath.Join("..", "..", "testdata", "run", "survey.json")
	src, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	contact := []byte(`{"uuid": "11111111-1111-4111-8111-111111111111", "name": "Ben Haggerty", "language": "eng",
		"created_on": "2020-01-01T00:00:00Z", "urns": ["tel:+12065551212"], "fields": {"age": {"text": "32", "number": 32}}}`)
	tpls := templates100()
	b.ReportAllocs()
	for b.Loop() {
		assets := read.LoadAssets(read.Read(path, src))
		s, _ := runSim(b, SimulationInput{Assets: assets, Flow: assets.Flows[0], Inputs: []string{"Bob Smith"},
			Contact: contact, Options: Options{Now: testStart}})
		run := s.Runs[0]
		for _, t := range tpls {
			if _, ok := run.EvaluateTemplate(t, nil); !ok {
				b.Fatalf("template %q failed", t)
			}
		}
	}
}
