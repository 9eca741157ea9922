package scenario

import (
	"reflect"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/actions"
	"github.com/flowctl/flowctl/flows"
)

// coverageFlows builds a parent flow of four nodes (ask → switch with three categories → thanks /
// sorry) that enters a child flow of two nodes, and an unrelated flow that nothing enters.
func coverageFlows() []*flows.Flow {
	enter, _ := actions.Lookup(actions.TypeEnterFlow)
	ef := enter().(*actions.EnterFlow)
	ef.Flow = &flows.FlowRef{UUID: "child", Name: "Child"}
	send, _ := actions.Lookup("send_msg")
	ask := send().(*actions.SendMsg)
	ask.Text = "How old are you?"
	parent := &flows.Flow{UUID: "parent", Name: "Parent", Nodes: []*flows.Node{
		{UUID: "ask", Actions: []flows.Action{ask}, Exits: []*flows.Exit{{UUID: "ask-x", DestinationUUID: "age"}}},
		{UUID: "age", Router: &flows.Router{Type: flows.RouterTypeSwitch, ResultName: "Age", Wait: &flows.Wait{Type: flows.WaitTypeMsg},
			Categories: []*flows.Category{
				{UUID: "num", Name: "Number", ExitUUID: "age-num"},
				{UUID: "other", Name: "Other", ExitUUID: "age-other"},
				{UUID: "none", Name: "No Response", ExitUUID: "age-other"},
			}},
			Exits: []*flows.Exit{{UUID: "age-num", DestinationUUID: "sub"}, {UUID: "age-other", DestinationUUID: "sorry"}}},
		{UUID: "sub", Actions: []flows.Action{ef}, Exits: []*flows.Exit{{UUID: "sub-x"}}},
		{UUID: "sorry", Router: &flows.Router{Type: flows.RouterTypeSwitch, Operand: "@input.text", Categories: []*flows.Category{
			{UUID: "all", Name: "All", ExitUUID: "sorry-x"}}}, Exits: []*flows.Exit{{UUID: "sorry-x"}}},
	}}
	child := &flows.Flow{UUID: "child", Name: "Child", Nodes: []*flows.Node{
		{UUID: "c1", Exits: []*flows.Exit{{UUID: "c1-x", DestinationUUID: "c2"}}},
		{UUID: "c2", Exits: []*flows.Exit{{UUID: "c2-x"}}},
	}}
	other := &flows.Flow{UUID: "other", Name: "Other", Nodes: []*flows.Node{{UUID: "o1"}}}
	return []*flows.Flow{parent, child, other}
}

func TestCoverage(t *testing.T) {
	defs := coverageFlows()
	// Two scenarios: one answers with a number and stops before the subflow runs, the other
	// answers wrongly. Neither enters the child, which must still be counted (at 0%).
	outcomes := []Outcome{
		{Result: &Result{Flows: defs, FlowUUID: "parent", Runs: []RunPath{{FlowUUID: "parent", Steps: []Step{
			{"ask", "ask-x"}, {"age", "age-num"}, {"sub", ""}}}}}},
		{Result: &Result{Flows: defs, FlowUUID: "parent", Runs: []RunPath{{FlowUUID: "parent", Steps: []Step{
			{"ask", "ask-x"}, {"age", "age-other"}}}}}},
		{Result: &Result{Status: "completed"}}, // no flows: not counted
	}
	cov := ComputeCoverage(outcomes)
	if len(cov.Flows) != 2 {
		t.Fatalf("want the parent and its subflow, got %d flows", len(cov.Flows))
	}
	child, parent := cov.Flows[0], cov.Flows[1]
	if parent.Name != "Parent" || child.Name != "Child" {
		t.Fatalf("flows sorted by name: %s, %s", child.Name, parent.Name)
	}
	// Parent: nodes ask, age, sub hit (3/4); categories: Number, Other and No Response (sharing
	// Other's exit) taken, All not (3/4); (3+3)/(4+4) = 75%.
	if parent.NodesHit != 3 || parent.NodesTotal != 4 || parent.CategoriesHit != 3 || parent.CategoriesTotal != 4 || parent.Percent != 75 {
		t.Errorf("parent coverage %+v", parent)
	}
	if want := []MissedNode{{UUID: "sorry", Description: "split by @input.text"}}; !reflect.DeepEqual(parent.MissedNodes, want) {
		t.Errorf("missed nodes %+v", parent.MissedNodes)
	}
	if want := []MissedCategory{{NodeUUID: "sorry", UUID: "all", Name: "All", Router: "split by @input.text"}}; !reflect.DeepEqual(parent.MissedCategories, want) {
		t.Errorf("missed categories %+v", parent.MissedCategories)
	}
	if child.NodesHit != 0 || child.NodesTotal != 2 || child.Percent != 0 || len(child.MissedNodes) != 2 {
		t.Errorf("child coverage %+v", child)
	}
	if cov.NodesHit != 3 || cov.NodesTotal != 6 || cov.CategoriesHit != 3 || cov.CategoriesTotal != 4 || cov.Percent != 60 {
		t.Errorf("total coverage %+v", cov)
	}

	// A third scenario that runs the child brings it to 100%.
	outcomes = append(outcomes, Outcome{Result: &Result{Flows: defs, FlowUUID: "parent", Runs: []RunPath{
		{FlowUUID: "parent", Steps: []Step{{"ask", "ask-x"}, {"age", "age-num"}, {"sub", "sub-x"}}},
		{FlowUUID: "child", Steps: []Step{{"c1", "c1-x"}, {"c2", "c2-x"}}}}}})
	cov = ComputeCoverage(outcomes)
	if cov.Flows[0].Percent != 100 || cov.NodesHit != 5 {
		t.Errorf("with the subflow run: child %+v, total nodes hit %d", cov.Flows[0], cov.NodesHit)
	}
}

// TestDescribeNode: coverage names nodes as validate does (flows.DescribeNode).
func TestDescribeNode(t *testing.T) {
	defs := coverageFlows()
	tests := []struct {
		node *flows.Node
		want string
	}{
		{defs[0].Nodes[0], `send_msg "How old are you?"`},
		{defs[0].Nodes[1], `wait for reply "Age"`},
		{defs[0].Nodes[2], `enter_flow "Child"`},
		{defs[1].Nodes[0], "empty node"},
	}
	for _, tc := range tests {
		if got := flows.DescribeNode(tc.node); got != tc.want {
			t.Errorf("%s: got %q want %q", tc.node.UUID, got, tc.want)
		}
	}
}

func TestPercent(t *testing.T) {
	for _, tc := range []struct {
		hit, total int
		want       float64
	}{{0, 0, 100}, {1, 3, 33.3}, {2, 3, 66.7}, {3, 3, 100}} {
		if got := percent(tc.hit, tc.total); got != tc.want {
			t.Errorf("percent(%d, %d) = %v, want %v", tc.hit, tc.total, got, tc.want)
		}
	}
}

// Other documents (routing workflows) count their units: reached by any scenario, once.
func TestDocumentCoverage(t *testing.T) {
	units := func(reached ...string) *Result {
		return &Result{Units: &Units{Document: "wf.json", Name: "Support", Kind: "workflow",
			All:     []Unit{{"filter/0", `filter 0 "A"`}, {"filter/0/target/0", "target 0"}, {"default_filter", "default filter"}},
			Reached: reached}}
	}
	cov := ComputeCoverage([]Outcome{{Result: units("filter/0")}, {Result: units("filter/0", "filter/0/target/0")}})
	if len(cov.Documents) != 1 {
		t.Fatalf("%+v", cov)
	}
	d := cov.Documents[0]
	if d.Hit != 2 || d.Total != 3 || len(d.Missed) != 1 || d.Missed[0].ID != "default_filter" || d.Percent != 66.7 {
		t.Errorf("%+v", d)
	}
	if cov.UnitsHit != 2 || cov.UnitsTotal != 3 || cov.Percent != 66.7 {
		t.Errorf("totals %+v", cov)
	}
	var b strings.Builder
	writeCoverageText(&b, cov)
	for _, want := range []string{`workflow "Support" (wf.json): 2/3 filters and targets, 66.7%`, `never reached in workflow "Support":`, "  default filter"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("missing %q in\n%s", want, b.String())
		}
	}
}

func TestParseRoutingScenario(t *testing.T) {
	sc, err := Parse("s.json", []byte(`{"workflow": "wf.json", "tasks": [], "outputs": []}`))
	if err != nil || sc.Workflow != "wf.json" || sc.FlowPath != "" || !sc.HasOutputs {
		t.Errorf("%+v %v", sc, err)
	}
	if _, err := Parse("s.json", []byte(`{"workflow": ""}`)); err == nil || !strings.Contains(err.Error(), `"workflow" must name the workflow file`) {
		t.Errorf("%v", err)
	}
}
