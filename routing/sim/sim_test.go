package sim

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/routing"
)

const testWorkspace = `{
  "activities": [
    {"sid": "WA01", "friendly_name": "Offline", "available": false},
    {"sid": "WA02", "friendly_name": "Available", "available": true},
    {"sid": "WA03", "friendly_name": "Break", "available": false}
  ],
  "task_queues": [
    {"sid": "WQ01", "friendly_name": "Support", "target_workers": "skills HAS 'support'"},
    {"sid": "WQ02", "friendly_name": "Sales", "target_workers": "skills HAS 'sales'", "max_reserved_workers": 2},
    {"sid": "WQ03", "friendly_name": "Backlog", "target_workers": "skills HAS 'backlog'", "task_order": "LIFO"},
    {"sid": "WQ04", "friendly_name": "Nobody", "target_workers": "1==0"}
  ],
  "workers": [
    {"sid": "WK01", "friendly_name": "Alice", "activity_name": "Available", "attributes": {"skills": ["support", "sales"], "level": 1}},
    {"sid": "WK02", "friendly_name": "Bob", "activity_name": "Available", "attributes": {"skills": ["support", "sales"], "level": 5}},
    {"sid": "WK03", "friendly_name": "Cleo", "activity_name": "Break", "attributes": {"skills": ["backlog"]}}
  ]
}`

func load(t testing.TB, workflow, workspace string) (*routing.Workflow, *routing.Workspace) {
	t.Helper()
	wd := routing.Read("wf.json", []byte(workflow))
	if wd.HasErrors() {
		t.Fatalf("workflow: %+v", wd.Findings)
	}
	sd := routing.Read("ws.json", []byte(workspace))
	if sd.HasErrors() {
		t.Fatalf("workspace: %+v", sd.Findings)
	}
	return wd.Workflow(), sd.Workspace
}

// trace renders events as "at type task worker queue [reason]" lines.
func trace(evs []Event) []string {
	var out []string
	for _, e := range evs {
		s := fmt.Sprintf("%d %s", e.At/1000, e.EventType)
		if e.TaskSid != "" {
			s += " " + strings.TrimLeft(e.TaskSid[2:], "0")
		}
		if e.WorkerName != "" {
			s += " " + e.WorkerName
		}
		if e.TaskQueueName != "" && e.EventType != WorkerActivityUpdate {
			s += " @" + e.TaskQueueName
		}
		if e.TaskCanceledReason != "" {
			s += " (" + e.TaskCanceledReason + ")"
		}
		if e.EventType == WorkerActivityUpdate {
			s += " " + e.WorkerPreviousActivityName + "->" + e.WorkerActivityName
		}
		out = append(out, s)
	}
	return out
}

func has(t *testing.T, got []string, want ...string) {
	t.Helper()
	i := 0
	for _, g := range got {
		if i < len(want) && g == want[i] {
			i++
		}
	}
	if i < len(want) {
		t.Errorf("missing %q in order; events:\n%s", want[i], strings.Join(got, "\n"))
	}
}

func run(t *testing.T, workflow string, setup func(s *Sim)) []string {
	t.Helper()
	wf, ws := load(t, workflow, testWorkspace)
	s := New(wf, ws, DefaultStart)
	setup(s)
	s.Run(-1)
	return trace(s.Events())
}

func TestAcceptAndComplete(t *testing.T) {
	got := run(t, `{"task_routing": {"filters": [{"expression": "1==1", "targets": [{"queue": "Support"}]}]}}`, func(s *Sim) {
		c := 60.0
		s.Script("Alice", []Answer{{Kind: "accept", After: 3, Complete: &c, Then: "Break"}}, nil)
		s.AddTask(TaskSpec{Attributes: map[string]any{"type": "x"}})
	})
	want := []string{
		"0 task.created 1", "0 workflow.entered 1", "0 workflow.target-matched 1 @Support", "0 task-queue.entered 1 @Support",
		"0 reservation.created 1 Alice @Support", "3 reservation.accepted 1 Alice @Support",
		"63 task.completed 1 Alice @Support", "63 reservation.completed 1 Alice @Support", "63 worker.activity.update Alice Available->Break",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%s", strings.Join(got, "\n"))
	}
}

// Without order_by the worker idle longest goes first; order_by picks by attribute.
func TestWorkerOrder(t *testing.T) {
	got := run(t, `{"task_routing": {"filters": [{"expression": "1==1", "targets": [{"queue": "Support", "order_by": "worker.level DESC"}]}]}}`, func(s *Sim) {
		s.AddTask(TaskSpec{})
	})
	has(t, got, "0 reservation.created 1 Bob @Support")
	got = run(t, `{"task_routing": {"filters": [{"expression": "1==1", "targets": [{"queue": "Support"}]}]}}`, func(s *Sim) {
		s.Script("Alice", []Answer{{Kind: "accept", After: 1, Complete: ptr(10)}}, nil)
		s.AddTask(TaskSpec{})
		s.AddTask(TaskSpec{At: 20}) // Alice is free again since 11 s, Bob idle since the start
	})
	has(t, got, "0 reservation.created 1 Alice @Support", "20 reservation.created 2 Bob @Support")
}

func ptr(f float64) *float64 { return &f }

// A rejecting worker isn't offered the task again in that target; a reservation that times
// out moves the worker to the timeout activity (Offline).
func TestRejectAndTimeout(t *testing.T) {
	got := run(t, `{"task_reservation_timeout": 15, "configuration": {"task_routing": {"filters": [{"expression": "1==1", "targets": [{"queue": "Support", "order_by": "worker.level DESC"}]}]}}}`, func(s *Sim) {
		s.Script("Bob", []Answer{{Kind: "reject", After: 2}}, nil)
		s.Script("Alice", []Answer{{Kind: "timeout"}}, nil)
		s.AddTask(TaskSpec{TTL: 100})
	})
	want := []string{
		"0 reservation.created 1 Bob @Support", "2 reservation.rejected 1 Bob @Support",
		"2 reservation.created 1 Alice @Support", "17 reservation.timeout 1 Alice @Support",
		"17 worker.activity.update Alice Available->Offline", "100 task.canceled 1 @Support (Task TTL Exceeded)",
	}
	has(t, got, want...)
}

// Timeouts add up from when the task entered the filter; after the last target the task moves
// to the next matching filter below, then out of the workflow.
func TestTimeoutsAndNextFilter(t *testing.T) {
	got := run(t, `{"task_routing": {"filters": [
		{"filter_friendly_name": "A", "expression": "type == 'x'", "targets": [{"queue": "Nobody", "timeout": 10}, {"timeout": 20}]},
		{"filter_friendly_name": "B", "expression": "type == 'y'", "targets": [{"queue": "Nobody", "timeout": 5}]},
		{"filter_friendly_name": "C", "expression": "1==1", "targets": [{"queue": "Nobody", "timeout": 7}]}],
		"default_filter": {"queue": "Support"}}}`, func(s *Sim) {
		s.AddTask(TaskSpec{Attributes: map[string]any{"type": "x"}})
	})
	want := []string{
		"0 workflow.target-matched 1 @Nobody", "10 task-queue.timeout 1 @Nobody", "10 workflow.target-matched 1 @Nobody",
		"30 task-queue.timeout 1 @Nobody", "30 workflow.target-matched 1 @Nobody", // filter C: B doesn't match
		"37 task-queue.timeout 1 @Nobody", "37 workflow.timeout 1 @Nobody", "37 task.canceled 1 @Nobody (Workflow Timeout)",
	}
	if !reflect.DeepEqual(filterOut(got, "task.created", "workflow.entered", "task-queue.entered"), want) {
		t.Errorf("got\n%s", strings.Join(got, "\n"))
	}
}

func filterOut(evs []string, types ...string) []string {
	var out []string
outer:
	for _, e := range evs {
		for _, ty := range types {
			if strings.Contains(e, " "+ty+" ") || strings.HasSuffix(e, " "+ty) {
				continue outer
			}
		}
		out = append(out, e)
	}
	return out
}

// skip_if applies only when no reservation is made at once.
func TestSkipIf(t *testing.T) {
	wf := `{"task_routing": {"filters": [{"expression": "1==1", "targets": [
		{"queue": "Backlog", "skip_if": "workers.available == 0", "timeout": 60},
		{"queue": "Support"}]}]}}`
	got := run(t, wf, func(s *Sim) { s.AddTask(TaskSpec{}) })
	has(t, got, "0 task-queue.entered 1 @Backlog", "0 task-queue.entered 1 @Support", "0 reservation.created 1 Alice @Support")
	got = run(t, wf, func(s *Sim) {
		s.SetActivity(0, "Cleo", "Available")
		s.AddTask(TaskSpec{At: 1})
	})
	has(t, got, "1 reservation.created 1 Cleo @Backlog")
}

// max_reserved_workers reserves several workers; the first to accept wins, the others are
// rescinded.
func TestMultiReservation(t *testing.T) {
	got := run(t, `{"task_routing": {"filters": [{"expression": "1==1", "targets": [{"queue": "Sales"}]}]}}`, func(s *Sim) {
		s.Script("Alice", []Answer{{Kind: "accept", After: 4}}, nil)
		s.Script("Bob", []Answer{{Kind: "accept", After: 2}}, nil)
		s.AddTask(TaskSpec{})
	})
	has(t, got, "0 reservation.created 1 Alice @Sales", "0 reservation.created 1 Bob @Sales", "2 reservation.accepted 1 Bob @Sales", "2 reservation.rescinded 1 Alice @Sales")
	for _, g := range got {
		if strings.Contains(g, "accepted 1 Alice") {
			t.Errorf("a rescinded reservation was accepted: %s", g)
		}
	}
}

// Known-agent routing reserves only the named worker.
func TestKnownWorker(t *testing.T) {
	got := run(t, `{"task_routing": {"filters": [{"expression": "1==1", "targets": [{"queue": "Support", "known_worker_sid": "task.agent", "timeout": 30}, {"queue": "Support"}]}]}}`, func(s *Sim) {
		s.AddTask(TaskSpec{Attributes: map[string]any{"agent": "WK02"}})
	})
	has(t, got, "0 reservation.created 1 Bob @Support")
	got = run(t, `{"task_routing": {"filters": [{"expression": "1==1", "targets": [{"queue": "Support", "known_worker_friendly_name": "task.agent", "timeout": 30}, {"queue": "Support"}]}]}}`, func(s *Sim) {
		s.SetActivity(0, "Bob", "Break")
		s.AddTask(TaskSpec{At: 1, Attributes: map[string]any{"agent": "Bob"}})
	})
	has(t, got, "31 task-queue.timeout 1 @Support", "31 reservation.created 1 Alice @Support")
}

// A worker becoming available gets the highest-priority task, then the oldest; in a LIFO
// queue the newest.
func TestQueueOrder(t *testing.T) {
	wf := `{"task_routing": {"filters": [
		{"expression": "urgent == true", "targets": [{"queue": "QUEUE", "priority": 10}]},
		{"expression": "1==1", "targets": [{"queue": "QUEUE"}]}]}}`
	got := run(t, strings.ReplaceAll(wf, "QUEUE", "Support"), func(s *Sim) {
		s.SetActivity(0, "Alice", "Break")
		s.SetActivity(0, "Bob", "Break")
		s.AddTask(TaskSpec{At: 1})
		s.AddTask(TaskSpec{At: 2})
		s.AddTask(TaskSpec{At: 3, Attributes: map[string]any{"urgent": true}})
		s.SetActivity(10, "Bob", "Available")
	})
	has(t, got, "10 reservation.created 3 Bob @Support")
	got = run(t, strings.ReplaceAll(wf, "QUEUE", "Backlog"), func(s *Sim) {
		s.Script("Cleo", nil, &Answer{Kind: "accept", Complete: ptr(1)})
		s.AddTask(TaskSpec{At: 1})
		s.AddTask(TaskSpec{At: 2})
		s.AddTask(TaskSpec{At: 3})
		s.SetActivity(10, "Cleo", "Available")
	})
	has(t, got, "10 reservation.created 3 Cleo @Backlog", "11 reservation.created 2 Cleo @Backlog", "12 reservation.created 1 Cleo @Backlog")
}

// A target's timeout waits for a pending reservation to end before the task moves on.
func TestTimeoutWaitsForPendingReservation(t *testing.T) {
	got := run(t, `{"task_reservation_timeout": 50, "configuration": {"task_routing": {"filters": [{"expression": "1==1", "targets": [{"queue": "Support", "timeout": 10, "order_by": "worker.level DESC"}, {"queue": "Sales"}]}]}}}`, func(s *Sim) {
		s.Script("Bob", []Answer{{Kind: "reject", After: 25}}, nil)
		s.Script("Alice", []Answer{{Kind: "accept", After: 1}}, nil)
		s.AddTask(TaskSpec{})
	})
	has(t, got, "0 reservation.created 1 Bob @Support", "25 reservation.rejected 1 Bob @Support", "25 task-queue.timeout 1 @Support",
		"25 task-queue.entered 1 @Sales", "25 reservation.created 1 Alice @Sales")
}

func TestNoMatchingFilterCancels(t *testing.T) {
	got := run(t, `{"task_routing": {"filters": [{"expression": "a == 1", "targets": [{"queue": "Support"}]}]}}`, func(s *Sim) { s.AddTask(TaskSpec{}) })
	has(t, got, "0 task.canceled 1 (No filter matched and there is no default filter)")
}

func TestChannelCapacity(t *testing.T) {
	ws := strings.Replace(testWorkspace, `"attributes": {"skills": ["support", "sales"], "level": 1}}`, `"attributes": {"skills": ["support", "sales"], "level": 1}, "channels": {"chat": 2}}`, 1)
	wf, w := load(t, `{"task_routing": {"filters": [{"expression": "1==1", "targets": [{"queue": "Support", "order_by": "worker.level ASC"}]}]}}`, ws)
	s := New(wf, w, DefaultStart)
	s.Script("Bob", []Answer{{Kind: "timeout"}}, nil)
	for i := 0; i < 3; i++ {
		s.AddTask(TaskSpec{Channel: "chat"})
	}
	s.Run(1000)
	got := trace(s.Events())
	// Alice takes two chats at once; Bob (no channels declared: one task on any channel) one.
	has(t, got, "0 reservation.created 1 Alice @Support", "0 reservation.created 2 Alice @Support", "0 reservation.created 3 Bob @Support")
}

func TestScenarioFilesAreDeterministic(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "routing", "*.scenario.json"))
	if len(paths) == 0 {
		t.Fatal("no scenarios in testdata/routing")
	}
	for _, p := range paths {
		var outs [2][]byte
		for i := range outs {
			src, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			sc, err := ParseScenario(p, src)
			if err != nil {
				t.Fatal(err)
			}
			f, err := sc.Load(nil)
			if err != nil {
				t.Fatal(err)
			}
			s, err := sc.Simulate(f)
			if err != nil {
				t.Fatal(err)
			}
			outs[i], _ = json.Marshal(s.Events())
		}
		if string(outs[0]) != string(outs[1]) {
			t.Errorf("%s: two runs differ", p)
		}
	}
}

func TestParseScenarioErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{`{"tasks": []}`, `1:1: a routing scenario needs "workflow"`},
		{`{"workflow": "w.json", "taks": []}`, `1:24: unknown key "taks" in a routing scenario (did you mean "tasks"?)`},
		{`{"workflow": "w.json", "tasks": [{"at": -1}]}`, `1:41: "at" must be a number of seconds`},
		{`{"workflow": "w.json", "workers": {"A": {"answers": ["maybe"]}}}`, `1:54: an answer is "accept"`},
		{`{"workflow": "w.json", "workers": {"A": [{"reject": 1, "complete": 3}]}}`, `1:42: "complete" goes with "accept"`},
		{`{"workflow": "w.json", "now": "yesterday"}`, `1:31: "now" must be an RFC 3339 time`},
		{`{"workflow": "w.json",}`, `1:23: unexpected '}'`},
	} {
		_, err := ParseScenario("s.json", []byte(tc.src))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.src, err, tc.want)
		}
	}
}

// hourWorkload builds a workspace of n workers in five skill groups and a workflow of six
// filters with escalation, as contact centres have.
func hourWorkload(nWorkers int) (*routing.Workflow, *routing.Workspace) {
	skills := []string{"billing", "tech", "sales", "retention", "general"}
	var workers []string
	for i := 0; i < nWorkers; i++ {
		workers = append(workers, fmt.Sprintf(`{"friendly_name": "agent%d", "activity_name": "Available", "attributes": {"skills": [%q, "general"], "level": %d, "languages": ["en"%s]}}`,
			i, skills[i%len(skills)], i%5, map[bool]string{true: `, "es"`}[i%4 == 0]))
	}
	var queues []string
	for _, sk := range skills {
		queues = append(queues, fmt.Sprintf(`{"friendly_name": %q, "target_workers": "skills HAS '%s'"}`, sk, sk))
	}
	queues = append(queues, `{"friendly_name": "spanish", "target_workers": "languages HAS 'es'"}`)
	ws := `{"task_queues": [` + strings.Join(queues, ",") + `], "workers": [` + strings.Join(workers, ",") + `]}`
	wf := `{"task_reservation_timeout": 30, "configuration": {"task_routing": {"filters": [
		{"filter_friendly_name": "Spanish", "expression": "language == 'es'", "targets": [{"queue": "spanish", "timeout": 60}, {"queue": "general"}]},
		{"filter_friendly_name": "VIP billing", "expression": "type == 'billing' AND vip == true", "targets": [{"queue": "billing", "priority": 10, "order_by": "worker.level DESC", "timeout": 30}, {"queue": "general"}]},
		{"filter_friendly_name": "Billing", "expression": "type == 'billing'", "targets": [{"queue": "billing", "timeout": 120}, {"queue": "general"}]},
		{"filter_friendly_name": "Tech", "expression": "type == 'tech'", "targets": [{"queue": "tech", "expression": "worker.level >= task.level", "timeout": 90}, {"queue": "tech", "timeout": 120}, {"queue": "general"}]},
		{"filter_friendly_name": "Sales", "expression": "type IN ['sales', 'upgrade']", "targets": [{"queue": "sales", "skip_if": "workers.available == 0", "timeout": 60}, {"queue": "general"}]},
		{"filter_friendly_name": "Retention", "expression": "type == 'cancel'", "targets": [{"queue": "retention"}]}],
		"default_filter": {"queue": "general"}}}}`
	return routing.Read("wf.json", []byte(wf)).Workflow(), routing.Read("ws.json", []byte(ws)).Workspace
}

func simulateHour(wf *routing.Workflow, ws *routing.Workspace, nTasks int) *Sim {
	s := New(wf, ws, DefaultStart)
	r := rand.New(rand.NewPCG(1, 2))
	types := []string{"billing", "tech", "sales", "upgrade", "cancel", "other"}
	for _, w := range ws.Workers {
		handle := 60 + r.Float64()*120
		s.Script(w.FriendlyName, nil, &Answer{Kind: "accept", After: float64(r.IntN(8)), Complete: &handle})
	}
	for i := 0; i < nTasks; i++ {
		attrs := map[string]any{"type": types[r.IntN(len(types))], "level": float64(r.IntN(5)), "vip": r.IntN(10) == 0}
		if r.IntN(8) == 0 {
			attrs["language"] = "es"
		}
		s.AddTask(TaskSpec{At: float64(i) * 3600 / float64(nTasks), Attributes: attrs, TTL: 1800})
	}
	s.Run(3600 * 1000)
	return s
}

func TestSimulatedHour(t *testing.T) {
	wf, ws := hourWorkload(200)
	s := simulateHour(wf, ws, 10000)
	counts := map[string]int{}
	for _, e := range s.Events() {
		counts[e.EventType]++
	}
	if counts[TaskCreated] != 10000 || counts[ReservationAccepted] < 3000 {
		t.Errorf("unexpected workload: %v", counts)
	}
}

// BenchmarkSimulatedHour: 10,000 tasks over a simulated hour in a workspace of 200 workers,
// the event log included. Target: ≤ 1 s.
func BenchmarkSimulatedHour(b *testing.B) {
	wf, ws := hourWorkload(200)
	b.ReportAllocs()
	for b.Loop() {
		s := simulateHour(wf, ws, 10000)
		if len(s.Events()) == 0 {
			b.Fatal("no events")
		}
	}
}
