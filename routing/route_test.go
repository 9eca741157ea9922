package routing

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/flowctl/flowctl/routing/expr"
)

func readWorkflow(t testing.TB, path string) (*Document, *Workflow) {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d := Read(path, src)
	if d.HasErrors() {
		t.Fatalf("%s: %+v", path, d.Findings)
	}
	return d, d.Workflow()
}

func task(t testing.TB, s string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

var monday9 = time.Date(2024, 5, 6, 9, 30, 0, 0, time.UTC)

func TestRouteSelectsFirstMatchingFilter(t *testing.T) {
	for _, tc := range []struct {
		file, task string
		now        time.Time
		want       any // filter index, or nil
		name       string
	}{
		{"internal_calls.json", `{"worker_sid": "WK1"}`, monday9, 0, "Assign to Agent"},
		{"internal_calls.json", `{"worker_sid": "WK1", "callToQueue": "Sales"}`, monday9, 2, "Assign To Queue - Sales"},
		{"internal_calls.json", `{"callToQueue": "Everyone"}`, monday9, 1, "Assign to Queue - Everyone"},
		{"internal_calls.json", `{"callToQueue": "Marketing"}`, monday9, -1, DefaultFilterName},
		{"callback_retry.json", `{"callBackData": {"attempts": 1}}`, monday9, 0, "Retry attempt 1"},
		{"callback_retry.json", `{"callBackData": {"attempts": 3}}`, monday9, 1, "Additional retry attempts"},
		{"callback_retry.json", `{}`, monday9, 2, "Initial routing attempt"},
		{"business_hours.json", `{}`, monday9, 0, "Open hours"},
		{"business_hours.json", `{}`, time.Date(2024, 5, 6, 18, 0, 0, 0, time.UTC), -1, DefaultFilterName},
		{"business_hours.json", `{}`, time.Date(2024, 5, 11, 12, 0, 0, 0, time.UTC), 0, "Open hours"},       // Saturday
		{"business_hours.json", `{}`, time.Date(2024, 5, 12, 12, 0, 0, 0, time.UTC), -1, DefaultFilterName}, // Sunday
		{"workflow_resource.json", `{"type": "marketing"}`, monday9, 1, ""},
		{"park_resume.json", `{"originalRouting": {"queueName": "Support", "workerSid": "WK9"}}`, monday9, 0, "Route back to agent (support)"},
	} {
		t.Run(tc.file+" "+tc.task, func(t *testing.T) {
			_, wf := readWorkflow(t, filepath.Join("testdata", "ok", tc.file))
			d := Route(wf, nil, task(t, tc.task), tc.now)
			var got any
			if d.FilterIndex != nil {
				got = *d.FilterIndex
			}
			if got != tc.want || d.FilterName != tc.name {
				t.Errorf("got %v %q, want %v %q", got, d.FilterName, tc.want, tc.name)
			}
			env := &expr.Env{Task: task(t, tc.task), Clock: expr.ClockAt(tc.now)}
			sel := wf.Config.Select(env)
			if sel != tc.want {
				t.Errorf("Select %d, Route %v", sel, tc.want)
			}
		})
	}
}

func TestRouteWithoutDefaultCancels(t *testing.T) {
	src := []byte(`{"task_routing": {"filters": [{"expression": "a == 1", "targets": [{"queue": "Q"}]}]}}`)
	wf := Read("x.json", src).Workflow()
	d := Route(wf, nil, map[string]any{}, monday9)
	if d.FilterIndex != nil || !strings.Contains(d.Outcome, "cancels") {
		t.Errorf("%+v", d)
	}
	b, _ := json.Marshal(d)
	if !strings.Contains(string(b), `"filter_index":null`) {
		t.Errorf("filter_index must be null in JSON: %s", b)
	}
	if got := wf.Config.Select(&expr.Env{Task: map[string]any{}}); got != -2 {
		t.Errorf("Select = %d, want -2", got)
	}
}

// After the last target of a filter times out, the task moves to the next matching filter
// below it (never to the default filter), and the timeouts add up from the task's age.
func TestRouteEscalatesThroughFilters(t *testing.T) {
	src := []byte(`{"task_routing": {"filters": [
		{"filter_friendly_name": "VIP", "expression": "vip == true", "targets": [
			{"queue": "Gold", "priority": 10, "timeout": 30},
			{"timeout": 60},
			{"queue": "Silver", "timeout": 30}]},
		{"filter_friendly_name": "Sales", "expression": "type == 'sales'", "targets": [{"queue": "Bronze", "timeout": 120}]},
		{"filter_friendly_name": "Support", "expression": "type == 'support'", "targets": [{"queue": "Support"}]},
		{"filter_friendly_name": "Any", "expression": "1==1", "targets": [{"queue": "Everyone", "timeout": 5}]}],
		"default_filter": {"queue": "Default"}}}`)
	wf := Read("x.json", src).Workflow()
	d := Route(wf, nil, task(t, `{"vip": true, "type": "sales"}`), monday9)
	type step struct {
		filter, target int
		queue          string
		prio           string
		from           int
		to             string
	}
	var got []step
	for _, st := range d.Route {
		for _, ts := range st.Targets {
			p, to := "-", "-"
			if ts.Priority != nil {
				p = fmt.Sprint(*ts.Priority)
			}
			if ts.To != nil {
				to = fmt.Sprint(*ts.To)
			}
			got = append(got, step{st.FilterIndex, ts.Index, ts.Queue, p, ts.From, to})
		}
	}
	want := []step{
		{0, 0, "Gold", "10", 0, "30"},
		{0, 1, "Gold", "10", 30, "90"}, // inherits queue and priority
		{0, 2, "Silver", "10", 90, "120"},
		{1, 0, "Bronze", "-", 120, "240"}, // the next matching filter below, not Support
		{3, 0, "Everyone", "-", 240, "245"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("route\n got %v\nwant %v", got, want)
	}
	if !strings.Contains(d.Outcome, "after 245 s") || !strings.Contains(d.Outcome, "cancels") {
		t.Errorf("outcome %q", d.Outcome)
	}
	if !d.Route[0].Targets[1].QueueInherited || !d.Route[0].Targets[1].PriorityInherited {
		t.Error("inheritance not marked")
	}
}

func TestRouteListsEligibleWorkers(t *testing.T) {
	d, wf := readWorkflow(t, filepath.Join("testdata", "ok", "workspace.json"))
	dec := Route(wf, d.Workspace, task(t, `{"type": "sales", "language": "es"}`), monday9)
	if dec.FilterIndex == nil || *dec.FilterIndex != 0 {
		t.Fatalf("%+v", dec)
	}
	first := dec.Route[0].Targets[0]
	if first.QueueName != "Spanish" || len(first.Workers) != 1 || first.Workers[0].Name != "Alice" || !first.Workers[0].Available {
		t.Errorf("%+v", first)
	}
	// Bob has level 1: the expression worker.level >= 2 leaves him out of target 0, and the
	// Sales queue only has Alice (skills HAS 'sales').
	everyone := dec.Route[0].Targets[2]
	if len(everyone.Workers) != 2 || everyone.Workers[1].Available {
		t.Errorf("Everyone: %+v", everyone.Workers)
	}
}

func TestDetect(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want Kind
	}{
		{`{"friendly_name": "x", "configuration": "{\"task_routing\": {}}"}`, WorkflowDoc},
		{`{"friendly_name": "x", "configuration": {"task_routing": {}}}`, WorkflowDoc},
		{`{"configuration": {"theme": "dark"}}`, NotRouting},
		{`{"ai": true, "task_routing": {"prd_growth": {"preferred_provider": "cursor"}}}`, NotRouting},
		{`{"task_routing": {"filters": []}}`, ConfigDoc},
		{`{"task_routing": {}}`, ConfigDoc},
		{`{"workers": [{"name": "build"}]}`, NotRouting},
		{`{"workers": [], "queues": []}`, WorkspaceDoc},
		{`{"workspaceName": "Support", "settings": {}}`, WorkspaceDoc},
		{`{"workers": [], "task_queues": []}`, WorkspaceDoc},
		{`{"task_queues": [{"sid": "WQ1"}], "meta": {}}`, QueueListDoc},
		{`[{"sid": "WQ1", "target_workers": "1==1"}]`, QueueListDoc},
		{`[{"friendly_name": "w", "configuration": {"task_routing": {"filters": []}}}]`, WorkspaceDoc},
		{`[{"friendly_name": "w", "configuration": {}}]`, NotRouting},
		{`{"version": "13", "flows": [], "fields": []}`, NotRouting},
		{`{"uuid": "x", "nodes": []}`, NotRouting},
		{`{"a": {"task_routing": 1}}`, NotRouting},
		{`[1, 2]`, NotRouting},
		{`not json`, NotRouting},
		{`{"x": "has \"task_routing\" inside", "task_routing": {}}`, ConfigDoc},
	} {
		if got := Detect([]byte(tc.src)); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.src, got, tc.want)
		}
	}
}

func TestCheckIsRepeatable(t *testing.T) {
	src, _ := os.ReadFile(filepath.Join("testdata", "warn", "lints.json"))
	d := Read("lints.json", src)
	a, b := Check(d, nil), Check(d, nil)
	if len(a) != len(b) || len(a) == 0 {
		t.Errorf("%d then %d findings", len(a), len(b))
	}
}

// twentyFilters builds a workflow of 20 filters in the shapes real ones have: equality on a
// type, IN lists, nested attributes, numbers, HAS on arrays, time of day.
func twentyFilters() []byte {
	var fs []string
	for i := 0; i < 19; i++ {
		var e string
		switch i % 5 {
		case 0:
			e = fmt.Sprintf("type == 'type%d' AND language IN ['en', 'es', 'fr']", i)
		case 1:
			e = fmt.Sprintf("customer.tier == 'gold' AND customer.segment == 'seg%d'", i)
		case 2:
			e = fmt.Sprintf("skills HAS 'skill%d' OR priority_level > %d", i, 100+i)
		case 3:
			e = fmt.Sprintf("channel == 'chat' AND department == 'dept%d' AND taskrouter.currentHour >= 8", i)
		case 4:
			e = fmt.Sprintf("(type == 'x%d' OR type == 'y%d') AND vip == true", i, i)
		}
		fs = append(fs, fmt.Sprintf(`{"filter_friendly_name": "f%d", "expression": %q, "targets": [{"queue": "Q%d", "timeout": 30}, {"queue": "Everyone"}]}`, i, e, i))
	}
	fs = append(fs, `{"filter_friendly_name": "last", "expression": "type == 'support' AND language == 'es'", "targets": [{"queue": "Spanish"}]}`)
	return []byte(`{"task_routing": {"filters": [` + strings.Join(fs, ",") + `], "default_filter": {"queue": "Everyone"}}}`)
}

// BenchmarkSelect20Filters: choosing the filter of a task that only the last of 20 filters
// matches (every filter is evaluated). Target: ≤ 2 µs and no allocation per task.
func BenchmarkSelect20Filters(b *testing.B) {
	d := Read("bench.json", twentyFilters())
	if d.HasErrors() {
		b.Fatal(d.Findings)
	}
	cfg := d.Workflow().Config
	env := &expr.Env{
		Task:  map[string]any{"type": "support", "language": "es", "customer": map[string]any{"tier": "silver"}, "skills": []any{"a", "b"}, "priority_level": 5.0, "channel": "voice"},
		Clock: expr.ClockAt(monday9),
	}
	if got := cfg.Select(env); got != 19 {
		b.Fatalf("selected %d", got)
	}
	b.ReportAllocs()
	for b.Loop() {
		cfg.Select(env)
	}
}

func TestSelectDoesNotAllocate(t *testing.T) {
	cfg := Read("bench.json", twentyFilters()).Workflow().Config
	env := &expr.Env{Task: map[string]any{"type": "support", "language": "es"}, Clock: expr.ClockAt(monday9)}
	if n := testing.AllocsPerRun(100, func() { cfg.Select(env) }); n != 0 {
		t.Errorf("Select allocates %v times per task", n)
	}
}

func FuzzRead(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "*", "*.json"))
	for _, p := range paths {
		src, _ := os.ReadFile(p)
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		d := Read("fuzz.json", src)
		for _, fd := range Check(d, d.Workspace) {
			if fd.Line < 1 || fd.Column < 1 || fd.Code == "" || fd.Message == "" {
				t.Fatalf("bad finding %+v", fd)
			}
		}
		for _, wf := range d.Workflows {
			Route(wf, d.Workspace, map[string]any{"type": "x"}, monday9)
		}
		Detect(src)
	})
}
