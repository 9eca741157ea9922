package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

var runData = filepath.Join("..", "..", "testdata", "run")

func runCmdMain(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := Main(append([]string{"run"}, args...), strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestRunGoldens(t *testing.T) {
	survey := filepath.Join(runData, "survey.json")
	mocks := filepath.Join(runData, "survey.mocks.json")
	tests := []struct {
		name   string
		args   []string
		golden string
	}{
		{"transcript", []string{survey, "--input", "Bob Smith", "--input", "abc", "--input", "42", "--http-mocks", mocks}, "survey.transcript.golden"},
		{"json", []string{survey, "--input", "Bob Smith", "--http-mocks", mocks, "--format", "json"}, "survey.json.golden"},
		{"scenario", []string{"--scenario", filepath.Join(runData, "survey.scenario.json")}, "survey.scenario.golden"},
		{"no contact", []string{"--scenario", filepath.Join(runData, "nocontact.scenario.json")}, "nocontact.transcript.golden"},
		{"colour", []string{"--scenario", filepath.Join(runData, "nocontact.scenario.json"), "--color", "always"}, "nocontact.color.golden"},
		{"assets file", []string{filepath.Join("..", "..", "testdata", "flows", "registration.json"), "--assets", filepath.Join("..", "..", "testdata", "assets", "org_assets.json"),
			"--input", "Bob", "--input", "32"}, "registration.transcript.golden"},
		{"resume file", []string{survey, "--resume", filepath.Join(runData, "timeout.resume.json")}, "survey.timeout.golden"},
		{"actions on others and the contact", []string{filepath.Join(runData, "helpdesk.json"), "--input", "My order is late"}, "helpdesk.transcript.golden"},
		{"assets left out", []string{filepath.Join("..", "..", "testdata", "flows", "registration.json"), "--input", "Bob"}, "registration.noassets.golden"},
		{"voice", []string{"--scenario", filepath.Join(runData, "ivr.scenario.json")}, "ivr.transcript.golden"},
		{"flow by name", []string{filepath.Join(runData, "loops.json"), "--flow", "coin", "--seed", "3"}, "coin.transcript.golden"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runCmdMain(tc.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			checkTestGolden(t, filepath.Join(runData, tc.golden), out)
		})
	}
}

func TestRunIsDeterministic(t *testing.T) {
	args := []string{filepath.Join(runData, "survey.json"), "--input", "Bob Smith", "--format", "json", "--seed", "9", "--now", "2024-02-29T10:00:00Z"}
	_, a, _ := runCmdMain(args...)
	_, b, _ := runCmdMain(args...)
	if a != b || a == "" {
		t.Fatal("two runs with the same --seed and --now print different output")
	}
	var out struct {
		Sprints []struct {
			Events []map[string]any `json:"events"`
		} `json:"sprints"`
		Session struct {
			Status string `json:"status"`
		} `json:"session"`
	}
	if err := json.Unmarshal([]byte(a), &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Sprints) != 2 || out.Session.Status != "waiting" {
		t.Fatalf("%d sprints, status %q", len(out.Sprints), out.Session.Status)
	}
	if got := out.Sprints[0].Events[0]["created_on"]; got != "2024-02-29T10:00:00Z" && !strings.HasPrefix(got.(string), "2024-02-29T10:00:0") {
		t.Errorf("first event at %v, want the --now time", got)
	}
}

func TestRunErrors(t *testing.T) {
	dir := t.TempDir()
	broken := writeTemp(t, "broken.json", `{"flows": [{"uuid": "x", "name": "No nodes"`)
	badContact := writeTemp(t, "contact.json", `{"uuid": 5}`)
	survey := filepath.Join(runData, "survey.json")
	absSurvey, err := filepath.Abs(survey)
	if err != nil {
		t.Fatal(err)
	}
	lateScenario := writeTemp(t, "late.scenario.json", `{"flow": "`+absSurvey+`",`+"\n"+`  "now": "9999-12-31T23:59:00Z"}`)
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"no flow file", nil, 2, "run needs a flow file (or --scenario)"},
		{"missing file", []string{filepath.Join(dir, "nope.json")}, 2, "can't read flow file " + filepath.Join(dir, "nope.json") + ": no such file or directory"},
		{"unreadable flow", []string{broken}, 1, broken + ":1:44: unexpected end of file"},
		{"unknown flow", []string{survey, "--flow", "Registration"}, 2, `no flow "Registration" in ` + survey + `; it holds "Survey", "Age"`},
		{"flow typo", []string{survey, "--flow", "Survy"}, 2, `no flow "Survy" in ` + survey + `; did you mean "Survey" (`},
		{"bad format", []string{survey, "--format", "xml"}, 2, "--format must be text or json"},
		{"bad now", []string{survey, "--now", "yesterday"}, 2, "--now"},
		// the clock ticks on from --now, and JSON's timestamps end with year 9999
		{"now in the last year JSON holds", []string{survey, "--now", "9999-12-31T23:59:00Z"}, 2,
			"--now 9999-12-31T23:59:00Z: the clock must start between year 1 and the end of 9998"},
		{"now before year 1", []string{survey, "--now", "0000-06-01T00:00:00Z"}, 2,
			"--now 0000-06-01T00:00:00Z: the clock must start between year 1 and the end of 9998"},
		{"scenario's now in the last year JSON holds", []string{"--scenario", lateScenario}, 2,
			lateScenario + ":2:10: /now: the clock must start between year 1 and the end of 9998"},
		{"bad resume", []string{survey, "--resume", broken}, 2, "not valid JSON"},
		{"missing assets file", []string{survey, "--assets", filepath.Join(dir, "nope.json")}, 2, "can't read assets file " + filepath.Join(dir, "nope.json")},
		{"assets file not JSON", []string{survey, "--assets", broken}, 1, broken + ":1:44: unexpected end of file after the value of \"name\": expected ',' or '}' (the assets file can't be read)"},
		{"interactive json", []string{survey, "--interactive", "--format", "json"}, 2, "--interactive prints a transcript"},
		{"timeout with a value", []string{survey, "--timeout=5"}, 2, `invalid argument "5" for "--timeout" flag: takes no value`},
		{"contact of the wrong kind", []string{survey, "--contact", badContact}, 2, "contact.json:1:10: /uuid: expected a string, got the number 5"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := runCmdMain(tc.args...)
			if code != tc.wantCode || !strings.Contains(errOut, tc.wantErr) {
				t.Errorf("exit %d %q, want %d and %q", code, errOut, tc.wantCode, tc.wantErr)
			}
		})
	}
}

func TestRunInteractive(t *testing.T) {
	tests := []struct {
		name  string
		typed string
		want  []string // lines the transcript must hold, in order
	}{
		{"replies then quit", "Bob Smith\n/quit\n", []string{"💬 What is your name?", "> ", "result Name = \"Bob Smith\"", "💬 How old are you?", "session waiting"}},
		{"timeout", "/timeout\n", []string{"… waiting for a reply (timeout 300s)", "result Name = \"\" (No Response)", "■ Survey (completed)", "session completed"}},
		{"timeout where none is set", "Bob Smith\n/timeout\n42\n", []string{"How old are you?", "! this wait has no timeout: type a text message, /expire, or /quit", "👤 42", "result Age = \"42\" (Valid)", "session completed"}},
		{"expire", "/expire\n", []string{"⏱  wait_expiration", "■ Survey (expired)", "session completed"}},
		{"end of input", "", []string{"/timeout lets a wait time out, /expire lets it expire, /quit stops", "> ", "session waiting"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			code := Main([]string{"run", filepath.Join(runData, "survey.json"), "--interactive"}, strings.NewReader(tc.typed), &out, &out)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, out.String())
			}
			rest := out.String()
			for _, w := range tc.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("transcript lacks %q (in order) in:\n%s", w, out.String())
				}
				rest = rest[i+len(w):]
			}
		})
	}
}

// TestRunScenarioAssets checks the scenario's "assets" key: one path or a list, relative to the
// scenario, later files overriding earlier ones.
func TestRunScenarioAssets(t *testing.T) {
	tests := []struct {
		scenario, want string
	}{
		{"org.scenario.json", "Welcome to Nyaruka Clinic."},
		{"org-list.scenario.json", "Welcome to Second Clinic."},
	}
	for _, tc := range tests {
		t.Run(tc.scenario, func(t *testing.T) {
			code, out, errOut := runCmdMain("--scenario", filepath.Join(runData, tc.scenario))
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if !strings.Contains(out, tc.want) || strings.Contains(out, "error") {
				t.Errorf("transcript lacks %q or has an error:\n%s", tc.want, out)
			}
		})
	}
}

// TestRunSessionContinues runs a flow in one go and in two invocations joined by --session: the
// events must be the same, times included (only generated UUIDs differ).
func TestRunSessionContinues(t *testing.T) {
	survey := filepath.Join(runData, "survey.json")
	mocks := filepath.Join(runData, "survey.mocks.json")
	uuids := regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}`)
	type output struct {
		Sprints []json.RawMessage `json:"sprints"`
		Session struct {
			Status string `json:"status"`
		} `json:"session"`
	}
	run := func(args ...string) (string, output) {
		t.Helper()
		code, out, errOut := runCmdMain(append([]string{survey, "--http-mocks", mocks, "--format", "json"}, args...)...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		var o output
		if err := json.Unmarshal([]byte(out), &o); err != nil {
			t.Fatal(err)
		}
		return out, o
	}
	_, whole := run("--input", "Bob Smith", "--input", "abc", "--input", "42")
	firstJSON, first := run("--input", "Bob Smith")
	saved := writeTemp(t, "first.json", firstJSON)
	_, rest := run("--session", saved, "--input", "abc", "--input", "42")
	joined := append(first.Sprints, rest.Sprints...)
	norm := func(sprints []json.RawMessage) string {
		b, _ := json.Marshal(sprints)
		return uuids.ReplaceAllString(string(b), "<uuid>")
	}
	if norm(joined) != norm(whole.Sprints) {
		t.Errorf("continued session's events differ from the uninterrupted one's:\n%s\n%s", norm(joined), norm(whole.Sprints))
	}
	if rest.Session.Status != "completed" || first.Session.Status != "waiting" {
		t.Errorf("statuses %s then %s, want waiting then completed", first.Session.Status, rest.Session.Status)
	}

	// the bare session (its "session" value) continues the same way, in text
	var both map[string]json.RawMessage
	_ = json.Unmarshal([]byte(firstJSON), &both)
	bare := writeTemp(t, "bare.json", string(both["session"]))
	code, out, errOut := runCmdMain(survey, "--http-mocks", mocks, "--session", bare, "--input", "42")
	if code != 0 || !strings.HasPrefix(out, "↻ continuing the saved session, waiting in Age\n👤 42\n") || !strings.Contains(out, "Thanks Bob, you are 42") {
		t.Errorf("exit %d %s, transcript:\n%s", code, errOut, out)
	}

	doneJSON, _ := run("--session", saved, "--input", "42")
	completed := writeTemp(t, "done.json", doneJSON)
	notJSON := writeTemp(t, "bad.json", `[1, 2]`)
	other := filepath.Join(runData, "loops.json")
	errs := []struct {
		name string
		args []string
		want string
	}{
		{"finished session", []string{survey, "--session", completed, "--input", "x"}, "the session is completed: there is nothing to continue"},
		{"not an object", []string{survey, "--session", notJSON}, "expected a JSON object"},
		{"missing file", []string{survey, "--session", filepath.Join(t.TempDir(), "nope.json")}, "--session"},
		{"with a contact", []string{survey, "--session", saved, "--contact", saved}, "drop --contact and --trigger"},
		{"flow not loaded", []string{other, "--session", saved, "--input", "x"}, "is not among the loaded flows"},
	}
	for _, tc := range errs {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := runCmdMain(tc.args...)
			if code != exitUsage || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d %q, want %d and %q", code, errOut, exitUsage, tc.want)
			}
		})
	}
}

// TestRunTimeoutFlag checks that --timeout is a wait_timeout resume taking its place among the
// --input replies.
func TestRunTimeoutFlag(t *testing.T) {
	survey := filepath.Join(runData, "survey.json")
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"timeout first", []string{"--timeout"}, []string{"⏱  wait_timeout", `result Name = "" (No Response)`, "session completed"}},
		// the age question has no timeout: the flag is applied second, where it can't be
		{"after a reply", []string{"--input", "Bob Smith", "--timeout"}, []string{"👤 Bob Smith", "💬 How old are you?", "session waiting", "flowctl: reply 2 (/timeout) can't be used: this wait has no timeout; it accepts a text message or /expire"}},
		{"as an input", []string{"--input", "/timeout"}, []string{"⏱  wait_timeout", `result Name = "" (No Response)`}},
		{"escaped", []string{"--input", "//timeout"}, []string{"👤 /timeout", `result Name = "/timeout"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, out, errOut := runCmdMain(append([]string{survey}, tc.args...)...)
			rest := out + errOut
			for _, w := range tc.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("transcript lacks %q (in order) in:\n%s%s", w, out, errOut)
				}
				rest = rest[i+len(w):]
			}
		})
	}
}

// TestRunInteractiveOnTerminal: with stdin a terminal and no replies given, run asks for them
// without --interactive; a saved session (--session) goes on where it stopped.
func TestRunInteractiveOnTerminal(t *testing.T) {
	survey := filepath.Join(runData, "survey.json")
	code, first, errOut := runCmdMain(survey, "--input", "Bob Smith", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	saved := writeTemp(t, "saved.json", first)
	tests := []struct {
		name  string
		args  []string
		typed []string
		want  []string
	}{
		{"new session", []string{survey}, []string{"Bob Smith\r", "/quit\r"}, []string{"/quit stops", "💬 What is your name?", "> ", `result Name = "Bob Smith"`, "session waiting"}},
		{"saved session", []string{survey, "--session", saved}, []string{"42\r"}, []string{"/quit stops", "↻ continuing the saved session, waiting in Age", "> ", `result Age = "42" (Valid)`, "session completed"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tty, ctl := openTerminalPair(t)
			// the typed lines, then Ctrl-D at the start of a line ends the input
			typeLines(t, tty, ctl, append(tc.typed, "\x04")...)
			code, text := mainOn(t, tty, append([]string{"run"}, tc.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, text)
			}
			out := bytes.NewBufferString(text)
			if strings.Contains(out.String(), "What is your name?") != (tc.name == "new session") {
				t.Errorf("the saved session started again, or the new one didn't start:\n%s", out.String())
			}
			rest := out.String()
			for _, w := range tc.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("transcript lacks %q (in order) in:\n%s", w, out.String())
				}
				rest = rest[i+len(w):]
			}
		})
	}
}

// TestRunExitStatusOfAFailedSession: a session that fails (here a loop with no wait, stopped
// after 100 steps) exits 1 in every way run runs one, as docs/exit-codes.md says, with its
// transcript printed and why it failed; test --new records it (a scenario may pin a failure)
// and says so.
func TestRunExitStatusOfAFailedSession(t *testing.T) {
	loops := filepath.Join(runData, "loops.json")
	abs, err := filepath.Abs(loops)
	if err != nil {
		t.Fatal(err)
	}
	scenarioFile := writeTemp(t, "spin.scenario.json", `{"flow": "`+abs+`", "flow_uuid": "a2000000-0000-4000-8000-000000000001"}`)
	const why = "the session failed: Reached maximum number of steps per sprint (100)"
	for _, tc := range []struct {
		name    string
		args    []string
		stdin   string
		code    int
		wantOut string
		wantErr string
	}{
		{"text", []string{"run", loops, "--flow", "Spin"}, "", 1, "session failed", why},
		{"json", []string{"run", loops, "--flow", "Spin", "--format", "json"}, "", 1, `"status": "failed"`, why},
		{"replies piped", []string{"run", loops, "--flow", "Spin"}, "hello\n", 1, "session failed", why},
		{"interactive", []string{"run", loops, "--flow", "Spin", "--interactive"}, "/quit\n", 1, "session failed", why},
		{"scenario", []string{"run", "--scenario", scenarioFile}, "", 1, "session failed", why},
		{"recorded", []string{"test", "--new", loops, "--flow", "Spin"}, "", 0, `"status": "failed"`,
			"flowctl: note: the recorded session failed (Reached maximum number of steps per sprint (100)): the scenario expects it to"},
		{"completed", []string{"run", loops, "--flow", "Coin"}, "", 0, "session completed", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := Main(tc.args, strings.NewReader(tc.stdin), &out, &errOut)
			if code != tc.code || !strings.Contains(out.String(), tc.wantOut) ||
				(tc.wantErr == "" && strings.Contains(errOut.String(), "failed")) || !strings.Contains(errOut.String(), tc.wantErr) {
				t.Errorf("exit %d, want %d with %q on stdout and %q on stderr\nstdout:\n%s\nstderr:\n%s", code, tc.code, tc.wantOut, tc.wantErr, out.String(), errOut.String())
			}
		})
	}
}

// TestRunBrokenSavedSession: a hand-edited --session file is refused with exit 2 and the line,
// column and JSON pointer of what is wrong, in the whole output of run --format json as in a
// bare session; never a crash or a hang.
func TestRunBrokenSavedSession(t *testing.T) {
	survey := filepath.Join(runData, "survey.json")
	code, saved, errOut := runCmdMain(survey, "--input", "Bob", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var whole map[string]any
	if err := json.Unmarshal([]byte(saved), &whole); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		bare bool // write only the session, not run's whole output
		edit func(s map[string]any)
		want string
	}{
		{"a run that is null", false, func(s map[string]any) { s["runs"] = append(s["runs"].([]any), nil) },
			`:\d+:\d+: /session/runs/2: expected a run object, got null$`},
		{"a bare session with a run that is its own parent", true, func(s map[string]any) {
			r := s["runs"].([]any)[1].(map[string]any)
			r["parent_uuid"] = r["uuid"]
		}, `:\d+:\d+: /runs/1/parent_uuid: run \S+ is its own ancestor: its parents go round in a circle$`},
		{"a result whose name is null", false, func(s map[string]any) {
			s["runs"].([]any)[0].(map[string]any)["results"].(map[string]any)["name"].(map[string]any)["name"] = nil
		}, `:\d+:\d+: /session/runs/0/results/name/name: expected the result's name, got null$`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var copied map[string]any
			if err := json.Unmarshal([]byte(saved), &copied); err != nil {
				t.Fatal(err)
			}
			session := copied["session"].(map[string]any)
			tc.edit(session)
			var v any = copied
			if tc.bare {
				v = session
			}
			data, err := json.MarshalIndent(v, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-")+".json")
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			code, _, errOut := mainWithin(t, 10*time.Second, "run", survey, "--session", path, "--input", "42")
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			msg := strings.TrimSpace(errOut)
			if !strings.HasPrefix(msg, "flowctl: --session "+path) || !regexp.MustCompile(tc.want).MatchString(msg) {
				t.Errorf("stderr %q\nwant --session %s%s", msg, path, tc.want)
			}
			// the line and column are those of the value the pointer names
			m := regexp.MustCompile(`:(\d+):(\d+): (\S+):`).FindStringSubmatch(msg)
			if m == nil {
				t.Fatalf("no position in %q", msg)
			}
			line, _ := strconv.Atoi(m[1])
			col, _ := strconv.Atoi(m[2])
			if got := string(data[offsetOf(data, line, col):]); !strings.HasPrefix(got, "null") && !strings.HasPrefix(got, `"`) {
				t.Errorf("%s:%s points at %.20q, not at the value of %s", m[1], m[2], got, m[3])
			}
		})
	}
}

// offsetOf converts a 1-based line and byte column into an offset.
func offsetOf(data []byte, line, col int) int {
	off := 0
	for l := 1; l < line; l++ {
		off += bytes.IndexByte(data[off:], '\n') + 1
	}
	return off + col - 1
}

// TestRunTimesPastJSON: a flow whose expiry lies centuries after the clock's start writes a
// time JSON can't hold; run --format json says so and writes nothing rather than half an object,
// and test --new records nothing. Both exit 1: the run, not a file, is at fault.
func TestRunTimesPastJSON(t *testing.T) {
	doc := surveyDoc(t)
	doc["flows"].([]any)[0].(map[string]any)["expire_after_minutes"] = 99999999 // 190 years
	data, _ := json.Marshal(doc)
	flow := writeTemp(t, "expiry.json", string(data))
	out := filepath.Join(t.TempDir(), "late.scenario.json")
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"run", flow, "--now", "9998-06-01T00:00:00Z", "--format", "json"}, 1,
			"flowctl: can't write the run as JSON: a time in it falls outside the years 0 to 9999 that JSON timestamps can hold\n"},
		{[]string{"test", "--new", flow, "--now", "9998-06-01T00:00:00Z", "-o", out}, 1,
			"flowctl: event msg_wait can't be written as JSON: a time in it falls outside the years 0 to 9999 that JSON timestamps can hold\n"},
	} {
		code, stdout, errOut := runMain(tc.args...)
		if code != tc.code || stdout != "" || errOut != tc.want {
			t.Errorf("%s: exit %d, stdout %q, stderr %q\nwant exit %d, nothing on stdout and %q", tc.args[0], code, stdout, errOut, tc.code, tc.want)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("test --new wrote %s: %v", out, err)
	}
	// the same flow from an ordinary clock is fine
	if code, _, errOut := runMain("run", flow, "--format", "json"); code != 0 {
		t.Errorf("exit %d: %s", code, errOut)
	}
}

// surveyDoc is testdata/run/survey.json decoded, for a test to change.
func surveyDoc(t *testing.T) map[string]any {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(runData, "survey.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestMaxSprintWork: --max-sprint-work bounds the evaluation work of a sprint in run and test;
// a node looping through a template that costs some 200 units meets it before the step limit.
func TestMaxSprintWork(t *testing.T) {
	flow := writeTemp(t, "heavy.json", `{"version": "13", "flows": [{"uuid": "a2000000-0000-4000-8000-000000000009", "name": "Heavy",
  "spec_version": "13.1.0", "language": "eng", "type": "messaging", "nodes": [
  {"uuid": "92000000-0000-4000-8000-000000000009", "actions": [
    {"uuid": "b2000000-0000-4000-8000-000000000009", "type": "send_msg", "text": "@(upper(repeat(\"ab\", 50)))"}],
   "exits": [{"uuid": "e2000000-0000-4000-8000-000000000009", "destination_uuid": "92000000-0000-4000-8000-000000000009"}]}]}]}`)
	out := filepath.Join(filepath.Dir(flow), "heavy.scenario.json")
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"run", flow}, 1, "the session failed: Reached maximum number of steps per sprint (100)"},
		{[]string{"run", flow, "--max-sprint-work", "2000"}, 1, "the session failed: Reached maximum evaluation work per sprint (2000 units)"},
		{[]string{"run", flow, "--max-sprint-work", "0"}, 2, "--max-sprint-work must be a positive number of units, got 0"},
		{[]string{"test", "--new", flow, "--max-sprint-work", "2000", "-o", out}, 0, "the recorded session failed (Reached maximum evaluation work per sprint (2000 units))"},
		{[]string{"test", out, "--max-sprint-work", "2000"}, 0, "1 passed"},
		{[]string{"test", out}, 1, "FAIL"},
	} {
		code, stdout, errOut := runMain(tc.args...)
		if code != tc.code || !strings.Contains(stdout+errOut, tc.want) {
			t.Errorf("%v: exit %d, want %d and %q:\n%s%s", tc.args, code, tc.code, tc.want, stdout, errOut)
		}
	}
}
