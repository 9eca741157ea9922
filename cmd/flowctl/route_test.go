package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	routeWorkflow  = "../../testdata/routing/support.workflow.json"
	routeWorkspace = "../../testdata/routing/workspace.json"
	routeScenario  = "../../testdata/routing/escalation.scenario.json"
)

func TestRouteJSONFilterIndex(t *testing.T) {
	for _, tc := range []struct {
		task  string
		index any
		name  string
	}{
		{`{"type": "support", "language": "es"}`, 0.0, "Spanish"},
		{`{"type": "support"}`, 1.0, "Support"},
		{`{"type": "upgrade"}`, 2.0, "Sales"},
		{`{"type": "other"}`, -1.0, "Default Filter"},
	} {
		code, out, stderr := runMain("route", routeWorkflow, "--task", tc.task, "--format", "json", "--now", "2025-05-05T09:00:00Z")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", tc.task, code, stderr)
		}
		var d map[string]any
		if err := json.Unmarshal([]byte(out), &d); err != nil {
			t.Fatalf("%s: %v\n%s", tc.task, err, out)
		}
		if d["filter_index"] != tc.index || d["filter_name"] != tc.name {
			t.Errorf("%s: filter_index %v filter_name %v, want %v %q", tc.task, d["filter_index"], d["filter_name"], tc.index, tc.name)
		}
	}
}

func TestRouteNoMatchIsNull(t *testing.T) {
	dir := t.TempDir()
	wf := filepath.Join(dir, "wf.json")
	os.WriteFile(wf, []byte(`{"task_routing": {"filters": [{"expression": "type == 'a'", "targets": [{"queue": "Q"}]}]}}`), 0o644)
	code, out, stderr := runMain("route", wf, "--task", `{"type": "b"}`, "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, `"filter_index": null`) || !strings.Contains(out, `"filter_name": ""`) {
		t.Errorf("%s", out)
	}
}

func TestRouteTextExplains(t *testing.T) {
	code, out, stderr := runMain("route", routeWorkflow, "--workspace", routeWorkspace, "--task", `{"type": "support", "language": "en"}`, "--now", "2025-05-05T09:00:00Z")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		`filter 0 "Spanish": no match`,
		`✗ language == 'es'   (language is 'en')`,
		`filter 1 "Support": MATCH`,
		`target 0  queue Support (WQ00000000000000000000000000000002)  [0 s – 120 s]`,
		`eligible: Alice (Available), Bob (Available)`,
		`outcome: after 120 s the last target of filter "Support" times out`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
}

func TestRouteManyTasks(t *testing.T) {
	dir := t.TempDir()
	tasks := filepath.Join(dir, "tasks.json")
	os.WriteFile(tasks, []byte(`[{"type": "support"}, {"type": "sales"}]`), 0o644)
	code, out, stderr := runMain("route", routeWorkflow, "--task", "@"+tasks, "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var ds []map[string]any
	if err := json.Unmarshal([]byte(out), &ds); err != nil || len(ds) != 2 || ds[1]["filter_name"] != "Sales" {
		t.Errorf("%v %s", err, out)
	}
	var stdoutB, stderrB bytes.Buffer
	code = Main([]string{"route", routeWorkflow, "--task", "-", "--format", "json"}, strings.NewReader("{\"type\": \"support\"}\n{\"type\": \"x\"}\n"), &stdoutB, &stderrB)
	if code != 0 || !strings.Contains(stdoutB.String(), `"filter_name": "Default Filter"`) {
		t.Errorf("exit %d: %s %s", code, stdoutB.String(), stderrB.String())
	}
}

func TestRouteErrors(t *testing.T) {
	dir := t.TempDir()
	broken := filepath.Join(dir, "broken.json")
	os.WriteFile(broken, []byte(`{"task_routing": {"filters": [{"expression": "type == ", "targets": [{"queue": "Q"}]}]}}`), 0o644)
	os.WriteFile(filepath.Join(dir, "noconfig.json"), []byte(`{"friendly_name": "x", "configuration": "{\"task_routing\": 5}"}`), 0o644)
	// A workflow with errors is still explained, with what could be read: the filter whose
	// expression can't be read matches nothing.
	code, out, stderr := runMain("route", broken, "--task", `{"type": "x"}`, "--format", "json")
	if code != 0 || !strings.Contains(stderr, "broken.json:1:55: filter 0's expression: unexpected end of the expression") ||
		!strings.Contains(out, `"filter_index": null`) || !strings.Contains(out, `"problem": "the expression can't be read, so it never matches"`) {
		t.Errorf("exit %d\n%s\n%s", code, out, stderr)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"route", filepath.Join(dir, "noconfig.json"), "--task", `{}`}, 1, `workflow "x" has no configuration that can be read`},
		{[]string{"route", routeWorkflow, "--task", `[1`}, 2, "expected a JSON list of task attribute objects"},
		{[]string{"route", routeWorkflow, "--task", `"x"`}, 2, "expected the task's attributes as a JSON object"},
		{[]string{"route", routeWorkflow, "--task", "@" + filepath.Join(dir, "missing.json")}, 2, "can't read"},
		{[]string{"route", filepath.Join(dir, "nope.json"), "--task", "{}"}, 2, "can't read"},
		{[]string{"route", routeWorkflow}, 2, "give a task with --task"},
		{[]string{"route", routeWorkflow, "--task", "{}", "--now", "soon"}, 2, `--now: "soon" is not a time`},
		{[]string{"route", routeWorkflow, "--task", "{}", "--format", "yaml"}, 2, `unknown --format "yaml"`},
		{[]string{"route", routeWorkspace, "--task", "{}"}, 2, "holds no workflow"},
		{[]string{"route", routeWorkflow, "--workspace", routeWorkflow, "--task", "{}"}, 2, "is not a workspace"},
		{[]string{"route", "--scenario", routeScenario, "--task", "{}"}, 2, "--scenario names its own"},
		{[]string{"route", routeWorkflow, "--workflow", "Nope", "--task", "{}"}, 2, `has no workflow "Nope"`},
	} {
		code, _, stderr := runMain(tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tc.args, code, stderr, tc.code, tc.want)
		}
	}
}

func TestRouteScenario(t *testing.T) {
	code, out, stderr := runMain("route", "--scenario", routeScenario, "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var res struct {
		Events []map[string]any `json:"events"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Events) < 10 || res.Events[0]["EventType"] != "task.created" {
		t.Errorf("%d events: %v", len(res.Events), res.Events[:1])
	}
	code, text, _ := runMain("route", "--scenario", routeScenario)
	if code != 0 || !strings.Contains(text, "+0:25  worker.activity.update   Alice: Available → Offline") {
		t.Errorf("exit %d:\n%s", code, text)
	}
}

func TestRouteInteractive(t *testing.T) {
	var out, errOut bytes.Buffer
	in := strings.NewReader("{\"type\": \"sales\"}\n/accept Bob\n/accept Alice complete 30\n/wait 40\n/frobnicate\n/quit\n")
	code := Main([]string{"route", routeWorkflow, "--workspace", routeWorkspace}, in, &out, &errOut)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	for _, want := range []string{
		"reservation.created      task WT1  queue Sales  worker Alice",
		"flowctl: Bob has no open reservation; open: Alice (WT1)",
		"reservation.accepted     task WT1  queue Sales  worker Alice",
		"+0:30  task.completed",
		"now +0:40",
		"flowctl: unknown command /frobnicate",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("missing %q in\n%s", want, out.String())
		}
	}
}

// copyRouting copies the routing testdata into a temporary folder.
func copyRouting(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"support.workflow.json", "workspace.json", "escalation.scenario.json"} {
		data, err := os.ReadFile(filepath.Join("../../testdata/routing", name))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, name), data, 0o644)
	}
	return dir
}

func TestTestRunsRoutingScenarios(t *testing.T) {
	dir := copyRouting(t)
	sc := filepath.Join(dir, "escalation.scenario.json")
	if code, out, stderr := runMain("test", dir); code != 0 {
		t.Fatalf("exit %d: %s %s", code, out, stderr)
	}
	// Bob now rejects: the recorded events no longer hold.
	data, _ := os.ReadFile(sc)
	os.WriteFile(sc, bytes.Replace(data, []byte(`{"accept": 3, "complete": 240, "then": "Break"}`), []byte(`{"reject": 3}`), 1), 0o644)
	code, out, _ := runMain("test", dir)
	if code != 1 || !strings.Contains(out, "reservation.rejected") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	if code, _, stderr := runMain("test", "--update", dir); code != 0 {
		t.Fatalf("update: exit %d %s", code, stderr)
	}
	if code, out, _ := runMain("test", dir); code != 0 {
		t.Errorf("after --update: exit %d\n%s", code, out)
	}
	code, out, _ = runMain("test", "--coverage", "--format", "json", dir)
	var rep struct {
		Coverage struct {
			Documents []struct {
				Kind   string
				Hit    int
				Total  int
				Missed []struct{ Description string }
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 0 || len(rep.Coverage.Documents) != 1 || rep.Coverage.Documents[0].Total != 11 {
		t.Errorf("exit %d, %v:\n%s", code, err, out)
	}
	// A routing scenario that can't be used is unreadable (exit 2), with its position.
	os.WriteFile(sc, []byte(`{"workflow": "support.workflow.json", "workers": {"Bob": ["maybe"]}}`), 0o644)
	code, out, _ = runMain("test", dir)
	if code != 2 || !strings.Contains(out, `escalation.scenario.json:1:59: an answer is "accept"`) {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

func TestTestNewRoutingScenario(t *testing.T) {
	dir := copyRouting(t)
	out := filepath.Join(dir, "sub")
	os.Mkdir(out, 0o755)
	file := filepath.Join(out, "new.scenario.json")
	code, _, stderr := runMain("test", "--new", filepath.Join(dir, "support.workflow.json"), "--workspace", filepath.Join(dir, "workspace.json"),
		"--task", `{"type": "sales"}`, "--now", "2025-05-06T10:00:00Z", "-o", file)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, _ := os.ReadFile(file)
	for _, want := range []string{`"workflow": "../support.workflow.json"`, `"workspace": "../workspace.json"`, `"now": "2025-05-06T10:00:00Z"`, `"EventType": "reservation.accepted"`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("missing %s in\n%s", want, data)
		}
	}
	if code, out, _ := runMain("test", file); code != 0 {
		t.Errorf("the recorded scenario fails: %s", out)
	}
	if code, _, stderr := runMain("test", "--new", filepath.Join(dir, "support.workflow.json"), "--input", "hi", "--task", "{}"); code != 2 || !strings.Contains(stderr, "--input applies to flows") {
		t.Errorf("exit %d: %s", code, stderr)
	}
	if code, _, stderr := runMain("test", "--new", filepath.Join(dir, "support.workflow.json")); code != 2 || !strings.Contains(stderr, "needs at least one --task") {
		t.Errorf("exit %d: %s", code, stderr)
	}
}
