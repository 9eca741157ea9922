package main

import (
	"encoding/json"
	"strings"
	"testing"
)

const (
	ticketsFlow     = "../../testdata/routing/tickets.json"
	ticketsWorkflow = "../../testdata/routing/tickets.workflow.json"
)

// run --workflow makes a task of each ticket the flow opens and routes it, after the
// transcript (text) or under "routing" (JSON).
func TestRunHandsTicketsToRouting(t *testing.T) {
	code, out, stderr := runMain("run", ticketsFlow, "--input", "my invoice is wrong", "--workflow", ticketsWorkflow, "--workspace", routeWorkspace, "--now", "2025-05-05T09:00:00Z")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"🎫 ticket opened (Support)",
		"routing (Tickets): 1 ticket",
		`"result_categories":{"need":"Billing"}`,
		`workflow.target-matched  task WT1  filter "Billing"  queue Support  priority 10`,
		"reservation.accepted     task WT1  queue Support  worker Alice",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	if i, j := strings.Index(out, "session completed"), strings.Index(out, "routing (Tickets)"); i < 0 || j < i {
		t.Error("the routing events follow the transcript")
	}
	code, out, stderr = runMain("run", ticketsFlow, "--input", "just saying hi", "--workflow", ticketsWorkflow, "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var res struct {
		Sprints []any
		Routing struct {
			Workflow string
			Tasks    []struct {
				Attributes map[string]any
			}
			Events []map[string]any
		}
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Sprints) != 2 || len(res.Routing.Tasks) != 1 || res.Routing.Tasks[0].Attributes["body"] != "just saying hi" {
		t.Fatalf("%s", out)
	}
	// Without a workspace the task has no workers: it waits in the default filter's queue until
	// its TTL (24 hours).
	last := res.Routing.Events[len(res.Routing.Events)-1]
	if last["EventType"] != "task.canceled" || last["TaskCanceledReason"] != "Task TTL Exceeded" || last["TaskAge"] != 86400.0 {
		t.Errorf("last event %v", last)
	}
	// The usual run, without --workflow, says nothing of routing.
	if _, out, _ := runMain("run", ticketsFlow, "--input", "hi", "--format", "json"); strings.Contains(out, `"routing"`) {
		t.Error("routing without --workflow")
	}
}

func TestRunHandoffErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"run", ticketsFlow, "--input", "x", "--workspace", routeWorkspace}, 2, "--workspace goes with --workflow"},
		{[]string{"run", ticketsFlow, "--input", "x", "--workflow", routeWorkspace}, 2, "holds no workflow"},
		{[]string{"run", ticketsFlow, "--input", "x", "--workflow", "../../routing/testdata/err/targets.json"}, 1, "has errors"},
	} {
		code, _, stderr := runMain(tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d %q, want %d %q", tc.args, code, stderr, tc.code, tc.want)
		}
	}
}
