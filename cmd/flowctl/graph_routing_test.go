package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestGraphWorkflow(t *testing.T) {
	code, out, stderr := runMain("graph", routeWorkflow, "--workspace", routeWorkspace)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"flowchart LR",
		`f0{"filter 0: Spanish<br/>language == 'es'"}`,
		`f0t0["target 0<br/>0–30 s<br/>priority 5<br/>worker.level #gt;= 2"]`,
		`q0[("Spanish")]`,
		"f0t0 -- timeout --> f0t1",
		"f0t1 -. timeout: next matching filter below .-> f1",
		"f3 -- no match --> def",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	if strings.Contains(out, "missed") {
		t.Error("nothing is shaded without --coverage")
	}
	code, out, _ = runMain("graph", routeWorkflow, "--format", "dot")
	if code != 0 || !strings.Contains(out, "digraph workflow") || !strings.Contains(out, `q0 [shape=cylinder, label="WQ00000000000000000000000000000001"]`) {
		t.Errorf("exit %d\n%s", code, out)
	}
}

// With a coverage report, what the scenarios never reached is shaded.
func TestGraphWorkflowCoverage(t *testing.T) {
	dir := copyRouting(t)
	cover := filepath.Join(dir, "cover.json")
	wd, _ := os.Getwd()
	t.Chdir(dir)
	if code, out, _ := runMain("test", "--coverage-out", cover, "escalation.scenario.json"); code != 0 {
		t.Fatalf("exit %d\n%s", code, out)
	}
	t.Chdir(wd)
	code, out, stderr := runMain("graph", filepath.Join(dir, "support.workflow.json"), "--coverage", cover)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// escalation.scenario.json reaches Spanish and Support, not Sales, Callback or the default.
	if !strings.Contains(out, "class def,f2,f2t0,f2t1,f3,f3t0 missed") {
		t.Errorf("shading:\n%s", out)
	}
	// A workflow the report doesn't name was reached by no test.
	other := filepath.Join(dir, "other.workflow.json")
	data, _ := os.ReadFile(filepath.Join(dir, "support.workflow.json"))
	os.WriteFile(other, data, 0o644)
	if _, out, _ := runMain("graph", other, "--coverage", cover); !strings.Contains(out, "class def,f0,f0t0,f0t1,f1,f1t0,f2,f2t0,f2t1,f3,f3t0 missed") {
		t.Errorf("unnamed workflow:\n%s", out)
	}
	if code, _, stderr := runMain("graph", "../../testdata/flows/registration.json", "--workspace", routeWorkspace); code != 2 || !strings.Contains(stderr, "--workspace applies to routing workflows") {
		t.Errorf("exit %d: %s", code, stderr)
	}
}
