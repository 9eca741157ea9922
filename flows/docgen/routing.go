package docgen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/flowctl/flowctl/routing/sim"
)

// routingScenarioDir holds the routing scenarios whose events are the examples of the routing
// events page.
const routingScenarioDir = "testdata/routing"

// routingFields explains the fields of the simulator's events (TaskRouter's callback fields).
var routingFields = []struct{ name, meaning string }{
	{"EventType", "what happened, in TaskRouter's name for it"},
	{"Timestamp", "when, in seconds since the Unix epoch (simulated time)"},
	{"TaskSid, TaskAge, TaskPriority, TaskAssignmentStatus", "the task: its SID, its age in seconds, its priority and status (pending, reserved, assigned, canceled, completed) at the time"},
	{"TaskAttributes", "the task's attributes as a JSON string (task.created only)"},
	{"TaskCanceledReason, TaskCompletedReason", "why the task ended"},
	{"TaskChannelUniqueName", "the task's channel (default)"},
	{"WorkflowSid, WorkflowName", "the workflow routing the task"},
	{"WorkflowFilterName, WorkflowFilterExpression, WorkflowFilterTargetExpression", "the filter (and the target's worker expression) the task matched"},
	{"TaskQueueSid, TaskQueueName, TaskQueueTargetExpression", "the queue the task is in, and its target_workers"},
	{"PreviousTaskQueueSid, PreviousTaskQueueName", "the queue a task moved from"},
	{"ReservationSid", "the reservation"},
	{"WorkerSid, WorkerName, WorkerActivitySid, WorkerActivityName", "the worker, and their activity at the time"},
	{"WorkerPreviousActivitySid, WorkerPreviousActivityName, WorkerTimeInPreviousActivity", "a worker's activity before it changed, and for how many seconds they had been in it"},
	{"ResourceType, ResourceSid", "what the event is most about: a task, a reservation or a worker"},
	{"EventDescription", "the event in words"},
}

// routingEventsPage lists the events the routing simulator writes, each with an example taken
// from running the scenarios of testdata/routing.
func routingEventsPage(root string, _ *execution) ([]byte, error) {
	examples, err := routingEventExamples(root)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString("# Routing events\n\n")
	b.WriteString(generatedNote)
	b.WriteString("The events `flowctl route --scenario` and routing scenarios write, in TaskRouter's names and with the\n")
	b.WriteString("fields of TaskRouter's event callbacks (see [routing](../routing.md)). Each example was written by\n")
	b.WriteString("simulating the scenarios under `" + routingScenarioDir + "` when this page was generated.\n\n")
	b.WriteString("| field | meaning |\n| --- | --- |\n")
	for _, f := range routingFields {
		fmt.Fprintf(&b, "| %s | %s |\n", f.name, f.meaning)
	}
	b.WriteString("\n| event | what happened |\n| --- | --- |\n")
	for _, e := range sim.EventDocs {
		fmt.Fprintf(&b, "| [`%s`](#%s) | %s |\n", e.Type, anchor(e.Type), e.Description)
	}
	var missing []string
	for _, e := range sim.EventDocs {
		fmt.Fprintf(&b, "\n## `%s`\n\n%s Written %s.\n\n", e.Type, e.Description, e.When)
		ex, ok := examples[e.Type]
		if !ok {
			missing = append(missing, e.Type)
			continue
		}
		fence(&b, "json", ex)
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("no scenario under %s writes %s; add one", routingScenarioDir, strings.Join(missing, ", "))
	}
	return b.Bytes(), nil
}

// routingEventExamples simulates the routing scenarios and keeps the first event of each type.
func routingEventExamples(root string) (map[string][]byte, error) {
	paths, err := filepath.Glob(filepath.Join(root, routingScenarioDir, "*.scenario.json"))
	if err != nil {
		return nil, err
	}
	sort.Strings(paths)
	out := map[string][]byte{}
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		sc, err := sim.ParseScenario(p, src)
		if err != nil {
			return nil, err
		}
		files, err := sc.Load(nil)
		if err != nil {
			return nil, err
		}
		s, err := sc.Simulate(files)
		if err != nil {
			return nil, err
		}
		for _, e := range s.Events() {
			if _, done := out[e.EventType]; done {
				continue
			}
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "  ")
			if err := enc.Encode(e); err != nil {
				return nil, err
			}
			out[e.EventType] = buf.Bytes()
		}
	}
	return out, nil
}
