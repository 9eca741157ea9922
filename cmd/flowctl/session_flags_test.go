package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var (
	registrationFlow = filepath.Join("..", "..", "testdata", "flows", "registration.json")
	orgAssetsFile    = filepath.Join("..", "..", "testdata", "assets", "org_assets.json")
)

// inOrder fails unless text holds the wants in order.
func inOrder(t *testing.T, text string, wants ...string) {
	t.Helper()
	rest := text
	for _, w := range wants {
		i := strings.Index(rest, w)
		if i < 0 {
			t.Fatalf("lacks %q (in order) in:\n%s", w, text)
		}
		rest = rest[i+len(w):]
	}
}

// TestRunContactOptions: the contact options change the simulated contact, override a contact
// file, and a --lang speaks the flow's translation without an environment file.
func TestRunContactOptions(t *testing.T) {
	code, out, errOut := runCmdMain(registrationFlow, "--assets", orgAssetsFile, "--lang", "spa", "--input", "Bob")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	inOrder(t, out, "💬 ¡Hola!", "👤 Bob", "¡Gracias Bob!")

	contact := writeTemp(t, "contact.json", `{"uuid": "a1f8e5c2-0000-4000-8000-0000000000f9", "name": "Zed", "language": "eng", "urns": ["tel:+1"]}`)
	code, out, errOut = runCmdMain(registrationFlow, "--assets", orgAssetsFile, "--contact", contact, "--name", "Ana",
		"--urn", "whatsapp:250788123123", "--field", "age=32", "--group", "Registered", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var res struct {
		Session struct {
			Contact struct {
				UUID   string                     `json:"uuid"`
				Name   string                     `json:"name"`
				URNs   []string                   `json:"urns"`
				Fields map[string]json.RawMessage `json:"fields"`
				Groups []struct{ Name string }    `json:"groups"`
			} `json:"contact"`
		} `json:"session"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	c := res.Session.Contact
	if c.UUID != "a1f8e5c2-0000-4000-8000-0000000000f9" || c.Name != "Ana" || strings.Join(c.URNs, ",") != "whatsapp:250788123123" ||
		!strings.Contains(strings.Join(strings.Fields(string(c.Fields["age"])), ""), `"number":32`) || len(c.Groups) != 1 || c.Groups[0].Name != "Registered" {
		t.Errorf("contact %+v: the options should override the file", c)
	}

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--field", "age"}, `--field "age": expected key=value`},
		{[]string{"--group", "Registerd"}, `did you mean "Registered"?`},
		{[]string{"--trigger", "sms"}, `--trigger "sms": expected manual, msg, channel, optin, or a trigger JSON file`},
		{[]string{"--lang", "portuguese"}, "expected a three-letter ISO 639-3 code"},
	} {
		code, _, errOut := runCmdMain(append([]string{registrationFlow, "--assets", orgAssetsFile}, tc.args...)...)
		if code != exitUsage || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d %q, want 2 and %q", tc.args, code, errOut, tc.want)
		}
	}
}

// TestRunPipedReplies: replies piped to run, one per line, drive the session and show in the
// transcript.
func TestRunPipedReplies(t *testing.T) {
	var out, errOut bytes.Buffer
	code := Main([]string{"run", filepath.Join(runData, "survey.json")}, strings.NewReader("Bob Smith\n/timeout\n"), &out, &errOut)
	if code != exitFindings {
		t.Fatalf("exit %d, want 1 for the refused /timeout: %s", code, errOut.String())
	}
	inOrder(t, out.String(), "👤 Bob Smith", "💬 How old are you?", "session waiting")
	if !strings.Contains(errOut.String(), "reply 2 (/timeout) can't be used: this wait has no timeout; it accepts a text message or /expire") {
		t.Errorf("stderr %q", errOut.String())
	}
	out.Reset()
	errOut.Reset()
	if code := Main([]string{"run", filepath.Join(runData, "survey.json")}, strings.NewReader("Bob Smith\r\n42\r\nlate\n"), &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	inOrder(t, out.String(), "👤 Bob Smith", "👤 42", `result Age = "42" (Valid)`, "session completed")
	if strings.Contains(out.String(), "late") {
		t.Error("a line after the session ended was used")
	}
	// input that ends while the session waits says so
	out.Reset()
	errOut.Reset()
	if code := Main([]string{"run", filepath.Join(runData, "survey.json")}, strings.NewReader("Bob Smith\n"), &out, &errOut); code != 0 ||
		!strings.Contains(errOut.String(), "the session still waits: standard input ended") {
		t.Errorf("exit %d, stderr %q", code, errOut.String())
	}
}

// TestRunRefusedReplyJSON: a refused reply ends the JSON output with the sprints so far and an
// "error" that says what the wait accepts.
func TestRunRefusedReplyJSON(t *testing.T) {
	code, out, _ := runCmdMain(filepath.Join(runData, "survey.json"), "--input", "Bob", "--timeout", "--format", "json")
	if code != exitFindings {
		t.Fatalf("exit %d, want 1", code)
	}
	var res struct {
		Sprints []json.RawMessage `json:"sprints"`
		Error   struct {
			Message string   `json:"message"`
			Reply   int      `json:"reply"`
			Given   string   `json:"given"`
			Accepts []string `json:"accepts"`
		} `json:"error"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Sprints) != 2 || res.Error.Reply != 2 || res.Error.Given != "/timeout" || strings.Join(res.Error.Accepts, "|") != "a text message|/expire" {
		t.Errorf("%d sprints, error %+v", len(res.Sprints), res.Error)
	}
}

// TestRecordNew: test --new takes the session options, records the same bytes for the same
// command, records /timeout as a timeout, and names the flow relative to where it writes.
func TestRecordNew(t *testing.T) {
	dir := t.TempDir()
	survey, err := filepath.Abs(filepath.Join(runData, "survey.json"))
	if err != nil {
		t.Fatal(err)
	}
	record := func(name string, extra ...string) string {
		t.Helper()
		path := filepath.Join(dir, name)
		code, _, errOut := runMain(append([]string{"test", "--new", survey, "-o", path}, extra...)...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		data, _ := os.ReadFile(path)
		return string(data)
	}
	a := record("a.scenario.json", "--input", "/timeout", "--lang", "fra", "--seed", "5", "--now", "2024-01-02T03:04:05Z")
	b := record("b.scenario.json", "--input", "/timeout", "--lang", "fra", "--seed", "5", "--now", "2024-01-02T03:04:05Z")
	if a != b {
		t.Fatalf("the same command recorded different files:\n%s\n%s", a, b)
	}
	for _, want := range []string{`"inputs": [` + "\n" + `    "/timeout"`, `"seed": 5`, `"now": "2024-01-02T03:04:05Z"`, `"language": "fra"`, `(No Response)`} {
		if want == "(No Response)" {
			want = `"category": "No Response"`
		}
		if !strings.Contains(a, want) {
			t.Errorf("recording lacks %s:\n%s", want, a)
		}
	}
	if code, out, _ := runMain("test", "--color", "never", dir); code != 0 {
		t.Errorf("the recordings must pass:\n%s", out)
	}
	// to standard output, the paths are relative to the current folder, and stderr says so
	code, out, errOut := runMain("test", "--new", filepath.Join(runData, "survey.json"), "--trigger", "msg", "--input", "hi")
	if code != 0 || !strings.Contains(out, `"flow": "../../testdata/run/survey.json"`) || !strings.Contains(out, `"type": "msg"`) ||
		!strings.Contains(errOut, "relative to the current folder") {
		t.Errorf("exit %d, stderr %q:\n%s", code, errOut, out)
	}
	// a refused reply records nothing and shows where the run stood
	code, _, errOut = runMain("test", "--new", survey, "--input", "Bob", "--timeout", "-o", filepath.Join(dir, "c.scenario.json"))
	if _, err := os.Stat(filepath.Join(dir, "c.scenario.json")); code != exitFindings || err == nil || !strings.Contains(errOut, "💬 How old are you?") ||
		!strings.Contains(errOut, "nothing recorded: reply 2 (/timeout) can't be used") {
		t.Errorf("exit %d, stderr %s", code, errOut)
	}
}

// TestMinCoverageAlone: --min-coverage without --coverage prints the verdict and the totals,
// not the table of what no scenario reaches.
func TestMinCoverageAlone(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata")
	code, out, _ := runMain("test", "--color", "never", "--min-coverage", "99.5", dir)
	if code != exitFindings || !strings.Contains(out, "): below the minimum of 99.5% (--coverage lists what no scenario reaches)") || strings.Contains(out, "never reached") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	code, out, _ = runMain("test", "--color", "never", "--min-coverage", "50", dir)
	if code != 0 || !strings.Contains(out, "): meets the minimum of 50%") || strings.Contains(out, "never reached") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	if _, out, _ := runMain("test", "--color", "never", "--coverage", "--min-coverage", "50", dir); !strings.Contains(out, "never reached") {
		t.Errorf("--coverage should list what is never reached:\n%s", out)
	}
}

// TestDumbTerminalNoColour: TERM=dumb means a terminal that can't show colour.
func TestDumbTerminalNoColour(t *testing.T) {
	tty := openTerminal(t)
	t.Setenv("NO_COLOR", "")
	t.Setenv("TERM", "xterm")
	if on, _ := colorFor(tty, "auto"); !on {
		t.Fatal("no colour on a terminal")
	}
	t.Setenv("TERM", "dumb")
	if on, _ := colorFor(tty, "auto"); on {
		t.Error("colour on a dumb terminal")
	}
	if on, _ := colorFor(tty, "always"); !on {
		t.Error("--color always overridden by TERM=dumb")
	}
}

// TestInteractiveLineEditing: on a terminal, the prompt edits lines and recalls earlier ones
// with the up arrow.
func TestInteractiveLineEditing(t *testing.T) {
	tty, ctl := openTerminalPair(t)
	// a name, then the up arrow brings it back as the reply to the age question; Ctrl-D ends
	typeLines(t, tty, ctl, "Bob Smith\r", "\x1b[A\r", "\x04")
	code, out := mainOn(t, tty, "run", filepath.Join(runData, "survey.json"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
	inOrder(t, out, `result Name = "Bob Smith"`, "How old are you?", `result Age = "Bob Smith" (Other)`, "session waiting")
	if strings.Contains(out, "^[[A") {
		t.Error("the arrow key was printed, not used")
	}
}

// mainOn runs flowctl with stdin a terminal, stdout and stderr together, failing the test if it
// hasn't finished in 20 seconds (a prompt waiting for input that never comes).
func mainOn(t *testing.T, tty *os.File, args ...string) (int, string) {
	t.Helper()
	var out bytes.Buffer
	done := make(chan int, 1)
	go func() { done <- Main(args, tty, &out, &out) }()
	select {
	case code := <-done:
		return code, out.String()
	case <-time.After(20 * time.Second):
		t.Fatalf("flowctl %s is still waiting for input after 20s", strings.Join(args, " "))
		return 0, ""
	}
}

// TestEvalLineEditing: eval's prompt edits lines too: the up arrow brings back the last template.
func TestEvalLineEditing(t *testing.T) {
	tty, ctl := openTerminalPair(t)
	typeLines(t, tty, ctl, "@(1 + 2)\r", "\x1b[A\r", "\x04")
	code, out := mainOn(t, tty, "eval")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
	if strings.Count(out, "3\n") != 2 {
		t.Errorf("the recalled template was not evaluated again:\n%q", out)
	}
}

// TestFlowTypoEverywhere: every command with --flow takes a name or UUID, suggests the nearest
// on a typo and exits 2. A new command with --flow must be added here.
func TestFlowTypoEverywhere(t *testing.T) {
	args := map[string][]string{
		"run":   {"run", registrationFlow},
		"test":  {"test", "--new", registrationFlow},
		"graph": {"graph", registrationFlow},
	}
	root := newRootCmd(strings.NewReader(""), new(bytes.Buffer), new(bytes.Buffer))
	for _, c := range root.Commands() {
		if c.Flags().Lookup("flow") == nil {
			continue
		}
		base, ok := args[c.Name()]
		if !ok {
			t.Errorf("flowctl %s has --flow: add it to this test", c.Name())
			continue
		}
		for _, typo := range []string{"Registraton", "bef9073d-db7a-5092-83bf-061cef0fe09c"} {
			code, _, errOut := runMain(append(base, "--flow", typo)...)
			if want := `did you mean "Registration" (bef9073d-db7a-5092-83bf-061cef0fe09b)?`; code != exitUsage || !strings.Contains(errOut, want) {
				t.Errorf("flowctl %s --flow %s: exit %d %q, want 2 and %q", c.Name(), typo, code, errOut, want)
			}
		}
		if code, _, errOut := runMain(append(base, "--flow", "bef9073d-db7a-5092-83bf-061cef0fe09b")...); code != 0 {
			t.Errorf("flowctl %s --flow UUID: exit %d %s", c.Name(), code, errOut)
		}
	}
}
