package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/flows/scenario"
	"github.com/flowctl/flowctl/flows/simulation"
)

// fakeAskAge stands in for `flowctl run --scenario` on testdata/_scenarios/ask.flow.json: it asks for an
// age until a reply is a number, then thanks the contact. Generated UUIDs differ from the ones in
// the goldens, as they would with a real engine and a different seed.
func fakeAskAge(_ context.Context, path string) ([]byte, error) {
	sc, err := scenario.ReadFile(path, 0)
	if err != nil {
		return nil, err
	}
	const (
		ask, age, thanks = "a1f8e5c2-0000-4000-8000-0000000000a1", "a1f8e5c2-0000-4000-8000-0000000000a2", "a1f8e5c2-0000-4000-8000-0000000000a3"
		askExit, numExit = "a1f8e5c2-0000-4000-8000-0000000000c1", "a1f8e5c2-0000-4000-8000-0000000000c2"
		otherExit        = "a1f8e5c2-0000-4000-8000-0000000000c3"
	)
	n := 0
	ev := func(s string) json.RawMessage {
		n++
		return json.RawMessage(fmt.Sprintf(`{"type": %s, "uuid": "0197bbbb-0000-7000-8000-%012d"}`, s, n))
	}
	sprints := []scenario.Sprint{{Events: []json.RawMessage{ev(`"msg_created", "msg": {"text": "How old are you?"}`), ev(`"msg_wait"`)}}}
	steps := []map[string]string{{"node_uuid": ask, "exit_uuid": askExit}, {"node_uuid": age}}
	status := "waiting"
	for _, in := range sc.Inputs {
		if status != "waiting" {
			break
		}
		if _, err := strconv.Atoi(in); err != nil {
			steps[len(steps)-1]["exit_uuid"] = otherExit
			steps = append(steps, map[string]string{"node_uuid": age})
			sprints = append(sprints, scenario.Sprint{Events: []json.RawMessage{
				json.RawMessage(fmt.Sprintf(`{"type": "run_result_changed", "name": "Age", "value": %q, "category": "Other"}`, in)),
				ev(`"msg_wait"`)}})
			continue
		}
		steps[len(steps)-1]["exit_uuid"] = numExit
		steps = append(steps, map[string]string{"node_uuid": thanks})
		sprints = append(sprints, scenario.Sprint{Events: []json.RawMessage{
			json.RawMessage(fmt.Sprintf(`{"type": "run_result_changed", "name": "Age", "value": %q, "category": "Number"}`, in)),
			ev(`"msg_created", "msg": {"text": "Thanks!"}`)}})
		status = "completed"
	}
	return json.Marshal(map[string]any{
		"sprints": sprints,
		"session": map[string]any{"status": status, "runs": []any{map[string]any{
			"flow": map[string]string{"uuid": "a1f8e5c2-0000-4000-8000-000000000001"}, "path": steps}}},
	})
}

// fakeRunner runs scenarios with fakeAskAge instead of the engine; the flows of each scenario's
// file come with the result, for coverage.
func fakeRunner(suiteOptions) scenario.Runner {
	loader := simulation.NewLoader()
	return scenario.RunnerFunc(func(ctx context.Context, sc *scenario.Scenario) (*scenario.Result, error) {
		out, err := fakeAskAge(ctx, sc.Path)
		if err != nil {
			return nil, err
		}
		res, err := scenario.ParseRunOutput(out)
		if err != nil {
			return nil, err
		}
		fs, err := loader.FileFlows(sc.FlowFile(), "flow")
		if err != nil {
			return nil, &scenario.LoadError{Err: err}
		}
		for _, p := range sc.AssetFiles() {
			if _, err := loader.FileFlows(p, "assets"); err != nil {
				return nil, &scenario.LoadError{Err: err}
			}
		}
		res.Flows, res.FlowUUID = fs, sc.FlowUUID
		if res.FlowUUID == "" && len(fs) > 0 {
			res.FlowUUID = fs[0].UUID
		}
		return res, nil
	})
}

// withFakeRun swaps the engine for fakeAskAge in the suites a test runs (recording with --new
// still runs the engine).
func withFakeRun(t *testing.T) {
	t.Helper()
	saved := newTestRunner
	newTestRunner = fakeRunner
	t.Cleanup(func() { newTestRunner = saved })
}

// fixtureDir copies testdata/_scenarios to a temporary folder, where --update may rewrite files.
func fixtureDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir(filepath.Join("testdata", "_scenarios"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join("testdata", "_scenarios", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func runMain(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := Main(args, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

// withoutTime drops the last line of a text report: the time taken.
func withoutTime(s string) string {
	s = strings.TrimSuffix(s, "\n")
	return s[:strings.LastIndexByte(s, '\n')+1]
}

func TestTestCommandExitCodes(t *testing.T) {
	withFakeRun(t)
	dir := fixtureDir(t)
	os.WriteFile(filepath.Join(dir, "broken.scenario.json"), []byte(`{"flow": `), 0o644)
	os.WriteFile(filepath.Join(dir, "noflow.scenario.json"), []byte(`{"flow": "missing.json", "outputs": []}`), 0o644)
	os.WriteFile(filepath.Join(dir, "noassets.scenario.json"), []byte(`{"flow": "ask.flow.json", "assets": ["org.json"]}`), 0o644)
	survey := filepath.Join(runData, "survey.json")
	tests := []struct {
		name     string
		args     []string
		code     int
		contains []string
	}{
		{"pass", []string{"test", filepath.Join(dir, "ok.scenario.json")}, 0, []string{"1 passed, 0 failed\n"}},
		{"fail", []string{"test", filepath.Join(dir, "ok.scenario.json"), filepath.Join(dir, "changed.scenario.json")}, 1,
			[]string{"FAIL " + filepath.Join(dir, "changed.scenario.json"), "1 passed, 1 failed\n"}},
		{"unreadable scenario", []string{"test", filepath.Join(dir, "broken.scenario.json")}, 2,
			[]string{"unreadable: " + filepath.Join(dir, "broken.scenario.json") + ":1:10: invalid JSON: unexpected end of file"}},
		{"unreadable flow", []string{"test", filepath.Join(dir, "noflow.scenario.json")}, 2,
			[]string{"can't read flow file " + filepath.Join(dir, "missing.json") + ": no such file or directory"}},
		{"bad format", []string{"test", "--format", "xml", dir}, 2, []string{"unknown --format \"xml\""}},
		{"bad color", []string{"test", "--color", "pink", dir}, 2, []string{"unknown --color \"pink\""}},
		{"missing path", []string{"test", filepath.Join(dir, "nope")}, 2, []string{"no such file or folder"}},
		{"no scenarios", []string{"test", t.TempDir()}, 2, []string{"no scenario files"}},
		{"recording flag without --new", []string{"test", "--input", "hi", dir}, 2, []string{"--input only applies when recording a scenario with --new"}},
		{"negative parallel", []string{"test", "-j", "-2", dir}, 2, []string{"--parallel (-j) must be a number of scenarios at once, or 0 for one per CPU, got -2"}},
		{"bad min coverage", []string{"test", "--min-coverage", "120", dir}, 2, []string{"between 0 and 100"}},
		{"min coverage not a number", []string{"test", "--min-coverage", "NaN", dir}, 2, []string{"--min-coverage must be a percentage between 0 and 100, got NaN"}},
		{"update while recording", []string{"test", "--new", survey, "--update"}, 2, []string{"--update applies to running scenarios; --new records one"}},
		{"coverage file while recording", []string{"test", "--new", survey, "--coverage-out", filepath.Join(dir, "c.json")}, 2,
			[]string{"--coverage-out applies to running scenarios; --new records one"}},
		{"minimum coverage while recording", []string{"test", "--new", survey, "--min-coverage", "50"}, 2,
			[]string{"--min-coverage applies to running scenarios; --new records one"}},
		{"recording from the last year JSON holds", []string{"test", "--new", survey, "--now", "9999-12-31T23:59:00Z"}, 2,
			[]string{"--now 9999-12-31T23:59:00Z: the clock must start between year 1 and the end of 9998"}},
		{"coverage below minimum", []string{"test", "--min-coverage", "90", filepath.Join(dir, "ok.scenario.json")}, 1,
			[]string{"coverage 80.0% (nodes 3/3, categories 1/2): below the minimum of 90%", "1 passed, 0 failed"}},
		{"coverage above minimum", []string{"test", "--min-coverage", "80", filepath.Join(dir, "ok.scenario.json")}, 0, nil},
		{"coverage file in no folder", []string{"test", "--coverage-out", filepath.Join(dir, "no", "c.json"), filepath.Join(dir, "ok.scenario.json")}, 2,
			[]string{"can't write " + filepath.Join(dir, "no", "c.json") + ": no folder " + filepath.Join(dir, "no")}},
		{"unreadable assets", []string{"test", filepath.Join(dir, "noassets.scenario.json")}, 2,
			[]string{"can't read assets file " + filepath.Join(dir, "org.json") + ": no such file or directory"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runMain(tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, out, errOut)
			}
			for _, want := range tc.contains {
				if !strings.Contains(out+errOut, want) {
					t.Errorf("output lacks %q:\n%s%s", want, out, errOut)
				}
			}
		})
	}
}

// TestTestCommandDiffGolden pins the text report of a scenario that fails on purpose
// (changed.scenario.json expects another question text and a completed session).
func TestTestCommandDiffGolden(t *testing.T) {
	withFakeRun(t)
	code, out, _ := runMain("test", "--color", "never", "--coverage", filepath.Join("testdata", "_scenarios"))
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	checkTestGolden(t, filepath.Join("testdata", "test-report.golden"), withoutTime(out))
}

// updatingGoldens reports whether the tests run with -update. The flag is defined here only if
// no other test file of the package has defined it, so that several files can share it.
var updatingGoldens = func() func() bool {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files under testdata/")
	}
	return func() bool { return flag.Lookup("update").Value.String() == "true" }
}()

func checkTestGolden(t *testing.T, path, got string) {
	t.Helper()
	if updatingGoldens() {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("report differs from %s (rerun with -update if intended):\n--- got:\n%s--- want:\n%s", path, got, want)
	}
}

func TestTestCommandUpdate(t *testing.T) {
	withFakeRun(t)
	dir := fixtureDir(t)
	okPath, changedPath := filepath.Join(dir, "ok.scenario.json"), filepath.Join(dir, "changed.scenario.json")
	okBefore, _ := os.ReadFile(okPath)
	code, out, _ := runMain("test", "--update", dir)
	// changed.scenario.json gets new outputs but still expects a completed session... which the
	// fake run gives, so everything passes after the update.
	if code != 0 {
		t.Fatalf("exit %d after --update:\n%s", code, out)
	}
	if !strings.Contains(out, "updated "+changedPath) || !strings.Contains(out, "1 updated\n2 passed, 0 failed\n") {
		t.Errorf("report:\n%s", out)
	}
	okAfter, _ := os.ReadFile(okPath)
	if !bytes.Equal(okBefore, okAfter) {
		t.Error("a passing scenario was rewritten")
	}
	changed, _ := os.ReadFile(changedPath)
	if !bytes.Contains(changed, []byte(`"text": "How old are you?"`)) || !bytes.HasSuffix(changed, []byte("  \"expect_status\": \"completed\"\n}\n")) {
		t.Errorf("updated file:\n%s", changed)
	}
	if code, out, _ := runMain("test", dir); code != 0 {
		t.Errorf("after --update the scenarios must pass:\n%s", out)
	}
}

func TestTestCommandFormats(t *testing.T) {
	withFakeRun(t)
	dir := fixtureDir(t)
	covPath := filepath.Join(t.TempDir(), "cover.json")

	code, out, _ := runMain("test", "--format", "junit", "--coverage-out", covPath, dir)
	if code != 1 {
		t.Errorf("exit %d", code)
	}
	var suites struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
	}
	if err := xml.Unmarshal([]byte(out), &suites); err != nil || suites.Tests != 2 || suites.Failures != 1 {
		t.Errorf("junit: %v %+v\n%s", err, suites, out)
	}
	var cov scenario.Coverage
	data, err := os.ReadFile(covPath)
	if err != nil || json.Unmarshal(data, &cov) != nil {
		t.Fatalf("coverage file: %v\n%s", err, data)
	}
	// Both scenarios answer with a number: 3/3 nodes, 1/2 categories.
	if len(cov.Flows) != 1 || cov.NodesHit != 3 || cov.NodesTotal != 3 || cov.CategoriesHit != 1 || cov.CategoriesTotal != 2 || cov.Percent != 80 {
		t.Errorf("coverage %+v", cov)
	}

	_, out, _ = runMain("test", "--format", "github", dir)
	if !strings.Contains(out, "::error file="+filepath.Join(dir, "changed.scenario.json")+",line=7,title=scenario differs::sprint 1, event 1 (msg_created), field msg.text: changed") {
		t.Errorf("github:\n%s", out)
	}

	_, out, _ = runMain("test", "--format", "json", dir)
	var doc struct{ Passed, Failed int }
	if err := json.Unmarshal([]byte(out), &doc); err != nil || doc.Passed != 1 || doc.Failed != 1 {
		t.Errorf("json: %v %+v", err, doc)
	}
}

func TestTestCommandNew(t *testing.T) {
	dir := fixtureDir(t)
	target := filepath.Join(dir, "sub", "new.scenario.json")
	os.MkdirAll(filepath.Dir(target), 0o755)
	code, out, errOut := runMain("test", "--new", filepath.Join(dir, "ask.flow.json"), "--input", "old", "--input", "40", "-o", target)
	if code != 0 {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	sc, err := scenario.ReadFile(target, 0)
	if err != nil {
		t.Fatal(err)
	}
	if sc.FlowPath != "../ask.flow.json" || sc.FlowUUID != "a1f8e5c2-0000-4000-8000-000000000001" || len(sc.Outputs) != 3 {
		t.Errorf("recorded %q %q with %d sprints", sc.FlowPath, sc.FlowUUID, len(sc.Outputs))
	}
	// The recording passes as it is (its flow is in the folder above it, which is no git work
	// tree: --root allows it).
	if code, out, _ := runMain("test", "--root", dir, target); code != 0 {
		t.Errorf("a fresh recording must pass:\n%s", out)
	}

	// To standard output, with the flow relative to the current folder.
	code, out, _ = runMain("test", "--new", filepath.Join("testdata", "_scenarios", "ask.flow.json"), "--flow", "ask age")
	if code != 0 || !strings.HasPrefix(out, "{\n  \"flow\": \"testdata/_scenarios/ask.flow.json\",\n  \"flow_uuid\": \"a1f8e5c2-0000-4000-8000-000000000001\",\n  \"environment\": null,\n  \"contact\": {\n    \"uuid\": ") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	if code, _, errOut := runMain("test", "--new", filepath.Join(dir, "ask.flow.json"), "-o", filepath.Join(dir, "no", "x.json")); code != 2 || !strings.Contains(errOut, "no folder "+filepath.Join(dir, "no")) {
		t.Errorf("exit %d: %s", code, errOut)
	}
	if code, _, errOut := runMain("test", "--new", filepath.Join(dir, "ask.flow.json"), "--flow", "Nope"); code != 2 || !strings.Contains(errOut, `no flow "Nope" in `+filepath.Join(dir, "ask.flow.json")+`; it holds "Ask Age"`) {
		t.Errorf("exit %d: %s", code, errOut)
	}
}

// TestProjectScenarios runs every scenario under the project's testdata/ through the real engine,
// by the same code path as `flowctl test`, so that `go test ./...` checks the project's goldens.
// --strict also pins that runs are deterministic: generated UUIDs and timestamps repeat exactly.
func TestProjectScenarios(t *testing.T) {
	if _, ok := commandNamed("run"); !ok {
		t.Skip("flowctl run is not registered in this build, so there is no engine to run scenarios with")
	}
	code, out, errOut := runMain("test", "--strict", "--color", "never", filepath.Join("..", "..", "testdata"))
	if code != 0 {
		t.Errorf("exit %d; the project's scenarios fail (rerun `flowctl test --strict --update testdata` if the change is intended):\n%s%s", code, out, errOut)
	}
}

// commandNamed finds a registered subcommand.
func commandNamed(name string) (string, bool) {
	root := newRootCmd(nil, nil, nil)
	for _, c := range root.Commands() {
		if c.Name() == name {
			return c.Name(), true
		}
	}
	return "", false
}

// TestProjectScenarioMadeToFail breaks a copy of a project scenario on purpose (another question
// text, another final status) and checks what the real engine run reports about it.
func TestProjectScenarioMadeToFail(t *testing.T) {
	if _, ok := commandNamed("run"); !ok {
		t.Skip("flowctl run is not registered in this build, so there is no engine to run scenarios with")
	}
	src, err := os.ReadFile(filepath.Join("..", "..", "testdata", "scenarios", "registration.scenario.json"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	flowPath, _ := filepath.Abs(filepath.Join("..", "..", "testdata", "flows", "registration.json"))
	if rel, err := filepath.Rel(dir, flowPath); err == nil {
		flowPath = rel
	}
	changed := strings.Replace(string(src), `"text": "Thanks Bob! How old are you?"`, `"text": "Thanks Bob! How old are you now?"`, 1)
	broken := strings.Replace(changed, `"flow": "../flows/registration.json",`, fmt.Sprintf(`"flow": %q, "expect_status": "waiting",`, flowPath), 1)
	// the scenario's assets file is relative to it too
	assetsPath, _ := filepath.Abs(filepath.Join("..", "..", "testdata", "assets", "org_assets.json"))
	broken = strings.Replace(broken, `"assets": "../assets/org_assets.json",`, fmt.Sprintf(`"assets": %q,`, assetsPath), 1)
	if changed == string(src) || broken == changed {
		t.Fatal("the fixture no longer has the text this test changes")
	}
	path := filepath.Join(dir, "broken.scenario.json")
	os.WriteFile(path, []byte(broken), 0o644)

	code, out, _ := runMain("test", "--color", "never", path)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{
		"FAIL " + path + "\n",
		"event 3 (msg_created), field msg.text\n" +
			"    - expected: \"Thanks Bob! How old are you now?\"\n" +
			"    + actual:   \"Thanks Bob! How old are you?\"\n",
		path + ":2: expect_status: the session ended in another status\n" +
			"    - expected: \"waiting\"\n" +
			"    + actual:   \"completed\"\n",
		"\n0 passed, 1 failed\ntook ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	// Only the two changes show: nothing else of the run differs from the golden.
	if n := strings.Count(out, "- expected:"); n != 2 {
		t.Errorf("%d differences, want 2:\n%s", n, out)
	}
}

func TestTestColor(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "out.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tests := []struct {
		mode, noColor string
		w             io.Writer
		want          bool
		err           bool
	}{
		{"always", "1", &bytes.Buffer{}, true, false},
		{"never", "", f, false, false},
		{"auto", "", &bytes.Buffer{}, false, false}, // not a terminal
		{"auto", "", f, false, false},               // a regular file is not a terminal either
		{"auto", "1", f, false, false},
		{"sometimes", "", f, false, true},
	}
	for _, tc := range tests {
		t.Setenv("NO_COLOR", tc.noColor)
		got, err := colorFor(tc.w, tc.mode)
		if got != tc.want || (err != nil) != tc.err {
			t.Errorf("%s NO_COLOR=%q %T: got %v %v", tc.mode, tc.noColor, tc.w, got, err)
		}
	}
	// The text report is coloured only when asked.
	withFakeRun(t)
	_, out, _ := runMain("test", "--color", "always", filepath.Join("testdata", "_scenarios", "changed.scenario.json"))
	if !strings.Contains(out, "\x1b[31m- expected: \"How old are you now?\"\x1b[0m") {
		t.Errorf("no colour with --color always:\n%q", out)
	}
}

func TestTestCommandNewWithFiles(t *testing.T) {
	withFakeRun(t)
	dir := fixtureDir(t)
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(content), 0o644)
		return p
	}
	contact := write("contact.json", `{"uuid": "a1f8e5c2-0000-4000-8000-0000000000f9", "name": "Zed", "urns": ["tel:+1"]}`)
	env := write("env.json", `{"timezone": "Africa/Kigali"}`)
	mocks := write("mocks.json", `{"https://x.example/a?b=<c>&d": [{"status": 200, "body": "ok"}]}`)
	bad := write("bad.json", `{"timezone": `)
	code, out, errOut := runMain("test", "--new", filepath.Join(dir, "ask.flow.json"), "--contact", contact, "--env", env, "--http-mocks", mocks, "--input", "7")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var sc map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &sc); err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{
		"contact":     `{"uuid":"a1f8e5c2-0000-4000-8000-0000000000f9","name":"Zed","urns":["tel:+1"]}`,
		"environment": `{"timezone":"Africa/Kigali"}`,
		"http_mocks":  `{"https://x.example/a?b=<c>&d":[{"status":200,"body":"ok"}]}`,
		"inputs":      `["7"]`,
	} {
		var compact bytes.Buffer
		json.Compact(&compact, sc[key])
		if compact.String() != want {
			t.Errorf("%s = %s, want %s", key, compact.String(), want)
		}
	}
	if !strings.Contains(out, `"https://x.example/a?b=<c>&d"`) {
		t.Error("URLs must be written without HTML escaping")
	}
	if code, _, errOut := runMain("test", "--new", filepath.Join(dir, "ask.flow.json"), "--contact", filepath.Join(dir, "nope.json")); code != 2 || !strings.Contains(errOut, "--contact: can't read "+filepath.Join(dir, "nope.json")+": no such file or directory") {
		t.Errorf("missing contact: exit %d %s", code, errOut)
	}
	if code, _, errOut := runMain("test", "--new", filepath.Join(dir, "ask.flow.json"), "--env", bad); code != 2 || !strings.Contains(errOut, bad+":1:14: the environment file is not valid JSON: unexpected end of file") {
		t.Errorf("bad env: exit %d %s", code, errOut)
	}
	if code, _, errOut := runMain("test", "--new", filepath.Join(dir, "ask.flow.json"), dir); code != 2 || !strings.Contains(errOut, "takes no PATH") {
		t.Errorf("--new with a path: exit %d %s", code, errOut)
	}
	// A contact the engine can't use is a usage error too.
	if code, _, errOut := runMain("test", "--new", filepath.Join(dir, "ask.flow.json"), "--contact", write("five.json", "5")); code != 2 || !strings.Contains(errOut, filepath.Join(dir, "five.json")+":1:1: expected an object, got the number 5") {
		t.Errorf("unusable contact: exit %d %s", code, errOut)
	}
}

// TestTestCoverageCountsAssetsFlows runs, through the real engine, a scenario whose subflow is
// defined only in its "assets" file: coverage must count the subflow's nodes.
func TestTestCoverageCountsAssetsFlows(t *testing.T) {
	if _, ok := commandNamed("run"); !ok {
		t.Skip("flowctl run is not registered in this build, so there is no engine to run scenarios with")
	}
	covPath := filepath.Join(t.TempDir(), "cover.json")
	code, out, errOut := runMain("test", "--coverage-out", covPath, filepath.Join("testdata", "subflow-assets"))
	if code != 0 {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	data, err := os.ReadFile(covPath)
	if err != nil {
		t.Fatal(err)
	}
	var cov scenario.Coverage
	if err := json.Unmarshal(data, &cov); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range cov.Flows {
		got[f.Name] = fmt.Sprintf("nodes %d/%d categories %d/%d", f.NodesHit, f.NodesTotal, f.CategoriesHit, f.CategoriesTotal)
	}
	want := map[string]string{
		"Parent":          "nodes 1/1 categories 1/2",
		"Child In Assets": "nodes 1/2 categories 0/0",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("coverage %v, want %v", got, want)
	}
}

// TestTestCommandNewWithAssets records a scenario with --assets: the files are written into its
// "assets" key relative to the scenario, and an unreadable one is a usage error.
func TestTestCommandNewWithAssets(t *testing.T) {
	dir := fixtureDir(t)
	assets := filepath.Join(dir, "org.json")
	os.WriteFile(assets, []byte(`{"groups": [{"uuid": "a1f8e5c2-0000-4000-8000-0000000000e1", "name": "Testers"}]}`), 0o644)
	target := filepath.Join(dir, "sub", "new.scenario.json")
	os.MkdirAll(filepath.Dir(target), 0o755)
	code, out, errOut := runMain("test", "--new", filepath.Join(dir, "ask.flow.json"), "--assets", assets, "--input", "40", "-o", target)
	if code != 0 {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	sc, err := scenario.ReadFile(target, 0)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(sc.AssetPaths) != "[../org.json]" {
		t.Errorf("recorded assets %q, want [../org.json]", sc.AssetPaths)
	}
	if code, out, _ := runMain("test", "--root", dir, target); code != 0 {
		t.Errorf("a fresh recording with assets must pass:\n%s", out)
	}

	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"flows": [`), 0o644)
	missing := filepath.Join(dir, "nope.json")
	tests := []struct {
		name, assets, want string
	}{
		{"missing", missing, "can't read assets file " + missing + ": no such file or directory"},
		{"not JSON", bad, bad + ":1:"},
	}
	for _, tc := range tests {
		code, _, errOut := runMain("test", "--new", filepath.Join(dir, "ask.flow.json"), "--assets", tc.assets)
		if code != 2 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%s: exit %d, %q lacks %q", tc.name, code, errOut, tc.want)
		}
	}
	// --assets belongs to --new.
	if code, _, errOut := runMain("test", "--assets", assets, dir); code != 2 || !strings.Contains(errOut, "--assets only applies when recording") {
		t.Errorf("--assets without --new: exit %d %s", code, errOut)
	}
}

// BenchmarkTestProjectSuite runs `flowctl test` on the project's own scenarios (nine files, the
// real engine, reports discarded): the cost of a suite, reading, running, comparing.
func BenchmarkTestProjectSuite(b *testing.B) {
	if _, ok := commandNamed("run"); !ok {
		b.Skip("flowctl run is not registered in this build")
	}
	dir := filepath.Join("..", "..", "testdata", "scenarios")
	b.ReportAllocs()
	for b.Loop() {
		if code, out, _ := runMain("test", "--color", "never", dir); code != 0 {
			b.Fatalf("exit %d:\n%s", code, out)
		}
	}
}

// TestTestScenarioInputsUnusable runs, through the real engine, scenarios whose own inputs are of
// the wrong shape: they are unreadable files (exit 2), not failures of the flow.
func TestTestScenarioInputsUnusable(t *testing.T) {
	if _, ok := commandNamed("run"); !ok {
		t.Skip("flowctl run is not registered in this build, so there is no engine to run scenarios with")
	}
	flowPath, err := filepath.Abs(filepath.Join("..", "..", "testdata", "flows", "registration.json"))
	if err != nil {
		t.Fatal(err)
	}
	// the problem is placed in the scenario file: at the line and column of the value, with its
	// JSON pointer there (not relative to the contact or resume object)
	tests := []struct {
		name, extra, at, want string
	}{
		{"contact", `"contact": 5`, `5}`, "/contact: expected an object, got the number 5"},
		{"resume", `"resumes": [{"type": "nope"}]`, `"nope"`, `/resumes/0/type: "nope" is not one of msg, wait_timeout, wait_expiration, dial`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "bad.scenario.json")
			src := fmt.Sprintf(`{"flow": %q, %s}`, flowPath, tc.extra)
			os.WriteFile(path, []byte(src), 0o644)
			code, out, _ := runMain("test", "--color", "never", path)
			want := fmt.Sprintf("unreadable: %s:1:%d: %s\n", path, strings.LastIndex(src, tc.at)+1, tc.want)
			if code != 2 || !strings.Contains(out, want) || !strings.Contains(out, "1 unreadable\n0 passed, 0 failed\n") {
				t.Errorf("exit %d, want 2 and %q:\n%s", code, want, out)
			}
		})
	}
}

// TestDesktopScenarios runs desktop scenarios (*.desktop.json) with flowctl test: the bundled ones
// pass, and a broken copy fails with the line and field of the difference.
func TestDesktopScenarios(t *testing.T) {
	dir := filepath.Join("..", "..", "desktop", "timeline", "testdata")
	code, out, errOut := runMain("test", "--color", "never", dir)
	if code != 0 || !strings.Contains(out, "4 passed, 0 failed") {
		t.Fatalf("exit %d:\n%s%s", code, out, errOut)
	}
	data, err := os.ReadFile(filepath.Join(dir, "max.desktop.json"))
	if err != nil {
		t.Fatal(err)
	}
	broken := bytes.Replace(data, []byte(`"Status": "Holding"`), []byte(`"Status": "Active"`), 1)
	line := bytes.Count(data[:bytes.Index(data, []byte(`"Status": "Holding"`))], []byte("\n")) + 1
	path := filepath.Join(t.TempDir(), "broken.desktop.json")
	if err := os.WriteFile(path, broken, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ = runMain("test", "--color", "never", path)
	want := fmt.Sprintf("%s:%d: event 4 (plugin crm), field data.events[0].Status\n", path, line)
	if code != 1 || !strings.Contains(out, want) || !strings.Contains(out, `+ actual:   "Holding"`) {
		t.Errorf("exit %d, want 1 and %q in:\n%s", code, want, out)
	}
	code, _, errOut = runMain("test", filepath.Join(t.TempDir(), "none"))
	if code != 2 {
		t.Errorf("a missing folder: exit %d (%s)", code, errOut)
	}
}
