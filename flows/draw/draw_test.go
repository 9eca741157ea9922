package draw

import (
	"fmt"
	"strings"
	"testing"

	"github.com/awalterschulze/gographviz"

	"github.com/flowctl/flowctl/flows"
)

// fakeAction stands in for the registered action types so the drawing is tested on its own.
type fakeAction struct {
	T     string           `json:"type"`
	U     string           `json:"uuid"`
	Text  string           `json:"text,omitempty"`
	Flow  *flows.FlowRef   `json:"flow,omitempty"`
	Group []flows.GroupRef `json:"groups,omitempty"`
	Field *flows.FieldRef  `json:"field,omitempty"`
	Value string           `json:"value,omitempty"`
}

func (a *fakeAction) Type() string                       { return a.T }
func (a *fakeAction) UUID() string                       { return a.U }
func (a *fakeAction) AllowedFlowTypes() []flows.FlowType { return flows.AllFlowTypes }

func TestSummary(t *testing.T) {
	tests := []struct {
		action *fakeAction
		want   string
	}{
		{&fakeAction{T: "send_msg", Text: "Hi there, what is your favourite colour today?"}, "send_msg: “Hi there, what is your favourite…”"},
		{&fakeAction{T: "send_msg", Text: "Short one"}, "send_msg: “Short one”"},
		{&fakeAction{T: "enter_flow", Flow: &flows.FlowRef{UUID: "x", Name: "Survey"}}, "enter_flow: Survey"},
		{&fakeAction{T: "add_contact_groups", Group: []flows.GroupRef{{Name: "Testers"}, {Name: "Males"}}}, "add_contact_groups: Males, Testers"},
		{&fakeAction{T: "set_contact_field", Field: &flows.FieldRef{Key: "age", Name: "Age"}, Value: "@results.age"}, "set_contact_field: Age = “@results.age”"},
		{&fakeAction{T: "set_contact_channel"}, "set_contact_channel"},
	}
	for _, tt := range tests {
		if got := Summary(tt.action); got != tt.want {
			t.Errorf("Summary(%s) = %q, want %q", tt.action.T, got, tt.want)
		}
	}
}

// sample is a flow with a wait, two categories sharing nothing, a subflow and an exit to nowhere.
func sample() *flows.Flow {
	return &flows.Flow{
		Name: "Colors \"quiz\"",
		Nodes: []*flows.Node{
			{
				UUID:    "node-1",
				Actions: []flows.Action{&fakeAction{T: "send_msg", Text: "Red or blue?"}},
				Router: &flows.Router{
					Type: flows.RouterTypeSwitch, Operand: "@input.text", ResultName: "Color",
					Wait: &flows.Wait{Type: flows.WaitTypeMsg},
					Categories: []*flows.Category{
						{UUID: "cat-red", Name: "Red", ExitUUID: "exit-1"},
						{UUID: "cat-other", Name: "Other", ExitUUID: "exit-2"},
					},
				},
				Exits: []*flows.Exit{{UUID: "exit-1", DestinationUUID: "node-2"}, {UUID: "exit-2"}},
			},
			{
				UUID:    "node-2",
				Actions: []flows.Action{&fakeAction{T: "enter_flow", Flow: &flows.FlowRef{UUID: "f2", Name: "Survey"}}},
				Exits:   []*flows.Exit{{UUID: "exit-3"}},
			},
		},
	}
}

func TestMermaid(t *testing.T) {
	out := Mermaid(sample(), nil)
	for _, want := range []string{
		"flowchart TD",
		`n1{{"send_msg: “Red or blue?”<br/>⏸ wait for reply, split by @input.text → Color"}}`,
		`n1 -->|"Red"| n2`,
		`n1 -->|"Other"| finish`,
		`n2 -.-> s1`,
		`s1[["subflow: Survey"]]`,
		`title: "Colors \"quiz\""`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("mermaid output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "classDef") {
		t.Errorf("no coverage given, but the output shades nodes:\n%s", out)
	}
}

func TestMermaidCoverage(t *testing.T) {
	cov := &Coverage{Nodes: map[string]bool{"node-1": true}, Categories: map[string]bool{"cat-other": true}}
	out := Mermaid(sample(), cov)
	if !strings.Contains(out, "class n2 missed") || strings.Contains(out, "class n1 missed") {
		t.Errorf("only the unreached node should be shaded:\n%s", out)
	}
	// Edge 0 (n1 -> n2, Red) was never taken, nor were the unreached n2's subflow link (edge 2)
	// and exit (edge 3); Other (edge 1) was.
	if !strings.Contains(out, "linkStyle 0,2,3 stroke") {
		t.Errorf("the untaken Red edge should be styled as missed:\n%s", out)
	}
}

func TestDotParses(t *testing.T) {
	for _, cov := range []*Coverage{nil, {Nodes: map[string]bool{}, Categories: map[string]bool{}}} {
		src := Dot(sample(), cov)
		ast, err := gographviz.ParseString(src)
		if err != nil {
			t.Fatalf("dot output does not parse: %v\n%s", err, src)
		}
		g := gographviz.NewGraph()
		if err := gographviz.Analyse(ast, g); err != nil {
			t.Fatalf("dot output is not a valid graph: %v", err)
		}
		if got := len(g.Nodes.Nodes); got != 4 { // two nodes, the subflow and the end
			t.Errorf("dot graph has %d nodes, want 4", got)
		}
		if got := len(g.Edges.Edges); got != 4 {
			t.Errorf("dot graph has %d edges, want 4", got)
		}
		var labels []string
		for _, e := range g.Edges.Edges {
			if l, ok := e.Attrs["label"]; ok {
				labels = append(labels, l)
			}
		}
		if strings.Join(labels, ",") != `"Red","Other"` {
			t.Errorf("edge labels = %v, want Red and Other", labels)
		}
	}
}

// jsonAction is an action given by its JSON fields, for summaries of any type.
type jsonAction map[string]any

func (a jsonAction) Type() string                       { return a["type"].(string) }
func (a jsonAction) UUID() string                       { return "" }
func (a jsonAction) AllowedFlowTypes() []flows.FlowType { return flows.AllFlowTypes }

func TestSummaryOfServiceActions(t *testing.T) {
	ref := func(name string) map[string]any { return map[string]any{"uuid": "u", "name": name} }
	tests := []struct {
		action jsonAction
		want   string
	}{
		{jsonAction{"type": "add_contact_urn", "scheme": "whatsapp", "path": "250788000001"}, "add_contact_urn: whatsapp:250788000001"},
		{jsonAction{"type": "open_ticket", "topic": ref("Support"), "note": "Please call"}, "open_ticket: topic Support"},
		{jsonAction{"type": "request_optin", "optin": ref("Newsletter")}, "request_optin: Newsletter"},
		{jsonAction{"type": "call_classifier", "classifier": ref("Intents"), "input": "@input.text"}, "call_classifier: Intents"},
		{jsonAction{"type": "call_llm", "llm": ref("Helper"), "instructions": "Translate to French"}, "call_llm: Helper “Translate to French”"},
		{jsonAction{"type": "transfer_airtime", "amounts": map[string]any{"USD": 1.5, "RWF": 500}}, "transfer_airtime: RWF 500, USD 1.5"},
		{jsonAction{"type": "play_audio", "audio_url": "https://example.com/a.mp3"}, "play_audio: https://example.com/a.mp3"},
		{jsonAction{"type": "call_webhook", "method": "POST", "url": "https://x.example/hook"}, "call_webhook: POST https://x.example/hook"},
	}
	for _, tt := range tests {
		if got := Summary(tt.action); got != tt.want {
			t.Errorf("Summary(%s) = %q, want %q", tt.action.Type(), got, tt.want)
		}
	}
}

// awkward is a flow whose texts hold what each format must escape, an exit to a node that
// isn't in the flow, a dial wait and a node without exits.
func awkward() *flows.Flow {
	return &flows.Flow{
		Name: "Back\\slash \"and\" <tags>",
		Nodes: []*flows.Node{
			{
				UUID:    "node-1",
				Actions: []flows.Action{&fakeAction{T: "send_msg", Text: "Reply <b>YES</b> or \"no\"\tthen\n\\n done"}},
				Exits:   []*flows.Exit{{UUID: "exit-1", DestinationUUID: "node-gone"}},
			},
			{
				UUID: "node-2",
				Router: &flows.Router{
					Type: flows.RouterTypeSwitch, Operand: "@resume.dial.status",
					Wait:       &flows.Wait{Type: flows.WaitTypeDial, Phone: "+12065550100"},
					Categories: []*flows.Category{{UUID: "cat-a", Name: "Answered", ExitUUID: "exit-2"}},
				},
				Exits: []*flows.Exit{{UUID: "exit-2", DestinationUUID: "node-gone"}},
			},
			{UUID: "node-3", Actions: []flows.Action{&fakeAction{T: "send_msg", Text: "dead end"}}},
		},
	}
}

func TestMermaidEscapesAndFaults(t *testing.T) {
	out := Mermaid(awkward(), nil)
	for _, want := range []string{
		`title: "Back\\slash \"and\" <tags>"`,
		`n1["send_msg: “Reply #lt;b#gt;YES#lt;/b#gt; or #quot;no#quot; then \n…”"]`,
		`m1>"⚠ missing node node-gone"]`,
		"n1 --> m1\n",
		`n2 -->|"Answered"| m1`,
		`n2{{"⏸ wait for call to +12065550100, split by @resume.dial.status"}}`,
		`n3["send_msg: “dead end”"]`,
		"class m1 broken",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("mermaid output lacks %q:\n%s", want, out)
		}
	}
	if strings.Count(out, "m1>") != 1 {
		t.Errorf("two exits to the same missing node should share its box:\n%s", out)
	}
	if strings.Contains(out, "finish") || strings.Contains(out, "<b>") {
		t.Errorf("no exit ends the flow and no raw HTML may pass:\n%s", out)
	}
}

func TestDotEscapesAndFaults(t *testing.T) {
	src := Dot(awkward(), nil)
	ast, err := gographviz.ParseString(src)
	if err != nil {
		t.Fatalf("dot output does not parse: %v\n%s", err, src)
	}
	g := gographviz.NewGraph()
	if err := gographviz.Analyse(ast, g); err != nil {
		t.Fatal(err)
	}
	if n := len(g.Nodes.Nodes); n != 4 { // three nodes and the missing one
		t.Errorf("%d nodes, want 4:\n%s", n, src)
	}
	labels := map[string]string{}
	for _, n := range g.Nodes.Nodes {
		labels[n.Name] = n.Attrs["label"]
	}
	for id, want := range map[string]string{
		"n1": `"send_msg: “Reply <b>YES</b> or \"no\" then \\n…”"`,
		"m1": `"⚠ missing node node-gone"`,
	} {
		if labels[id] != want {
			t.Errorf("%s label = %s, want %s", id, labels[id], want)
		}
	}
	if g.Attrs["label"] != `"Back\\slash \"and\" <tags>"` {
		t.Errorf("graph label = %s", g.Attrs["label"])
	}
}

func TestQuoting(t *testing.T) {
	tests := []struct{ in, dot, yaml string }{
		{`plain`, `"plain"`, `"plain"`},
		{`say "hi" \ bye`, `"say \"hi\" \\ bye"`, `"say \"hi\" \\ bye"`},
		{"two\nlines\tand\x7f", `"two\nlines and "`, `"two\x0alines\x09and\x7f"`},
	}
	for _, tt := range tests {
		if got := dotQuote(tt.in); got != tt.dot {
			t.Errorf("dotQuote(%q) = %s, want %s", tt.in, got, tt.dot)
		}
		if got := yamlString(tt.in); got != tt.yaml {
			t.Errorf("yamlString(%q) = %s, want %s", tt.in, got, tt.yaml)
		}
	}
}

// bigFlow is a chain of n waiting nodes, each with two categories, the size of a large survey.
func bigFlow(n int) *flows.Flow {
	f := &flows.Flow{Name: "Big"}
	for i := range n {
		id := fmt.Sprintf("node-%d", i)
		next := ""
		if i+1 < n {
			next = fmt.Sprintf("node-%d", i+1)
		}
		f.Nodes = append(f.Nodes, &flows.Node{
			UUID:    id,
			Actions: []flows.Action{&fakeAction{T: "send_msg", Text: fmt.Sprintf("Question %d: what do you think of this?", i)}},
			Router: &flows.Router{
				Type: flows.RouterTypeSwitch, Operand: "@input.text", ResultName: fmt.Sprintf("Q%d", i),
				Wait: &flows.Wait{Type: flows.WaitTypeMsg},
				Categories: []*flows.Category{
					{UUID: id + "-yes", Name: "Yes", ExitUUID: id + "-x1"},
					{UUID: id + "-other", Name: "Other", ExitUUID: id + "-x2"},
				},
			},
			Exits: []*flows.Exit{{UUID: id + "-x1", DestinationUUID: next}, {UUID: id + "-x2", DestinationUUID: id}},
		})
	}
	return f
}

func BenchmarkMermaid(b *testing.B) {
	f := bigFlow(1000)
	cov := &Coverage{Nodes: map[string]bool{"node-1": true}, Categories: map[string]bool{}}
	b.ReportAllocs()
	for b.Loop() {
		Mermaid(f, cov)
	}
}

func BenchmarkDot(b *testing.B) {
	f := bigFlow(1000)
	b.ReportAllocs()
	for b.Loop() {
		Dot(f, nil)
	}
}
