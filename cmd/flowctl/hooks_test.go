package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHooksCommands runs the commands with hook files: the examples under testdata/hooks, and
// broken or misspelt hook files, which are usage errors (exit 2) placed at their line:col.
func TestHooksCommands(t *testing.T) {
	t.Chdir(filepath.Join("..", ".."))
	const (
		glific   = "testdata/hooks/glific.js"
		policing = "testdata/hooks/policing.js"
		webhook  = "testdata/hooks/webhook.js"
	)
	tests := []struct {
		name string
		args []string
		code int
		// every one of want must be in stdout+stderr, none of wantNot
		want, wantNot []string
	}{
		{"the examples' scenarios pass under test", []string{"test", "--strict", "testdata/hooks"}, 0,
			[]string{"2 passed, 0 failed"}, nil},
		{"validate accepts the dialect's flow with the dialect", []string{"validate", "--hooks", glific, "testdata/hooks/glific.json"}, 0,
			[]string{"1 file, 1 flow, 0 errors"}, nil},
		{"validate refuses it without", []string{"validate", "testdata/hooks/glific.json"}, 1,
			[]string{"glific.json:16:19: error[schema/unknown-action-type]: unknown action type 'send_interactive_msg'", "pass --hooks", "1 file, 1 flow, 3 errors, 0 warnings in 4 places"}, nil},
		{"run without the dialect refuses the flow", []string{"run", "testdata/hooks/glific.json", "--input", "English"}, 1,
			[]string{"unknown action type 'wait_for_result': did you mean 'set_run_result'?"}, nil},
		{"run --hooks polices and answers the webhook", []string{"run", "testdata/hooks/order.json", "--hooks", policing, "--hooks", webhook, "--input", "4"}, 0,
			[]string{"was aborted by beforeSendMsg listener of policing.js:7:20: the message is 185 characters; tel allows 160", "POST https://api.example.org/orders → success 201", "Order A-1001 is confirmed: 120 KES."}, nil},
		{"the order of --hooks files is the order of listeners", []string{"run", "testdata/hooks/order.json", "--hooks", webhook, "--input", "4"}, 0,
			[]string{"Thank you for contacting Mama Mboga"}, []string{"aborted"}},
		{"test --hooks adds hooks to every scenario", []string{"test", "--hooks", "cmd/flowctl/testdata/hooks/misspelt.js", "testdata/hooks/order.scenario.json"}, 2,
			[]string{`misspelt.js:1:20: TypeError: unknown event "beforeSendMgs": no action SendMgs is registered; did you mean "beforeSendMsg"?`}, nil},
		{"a broken hooks file is a usage error with its position", []string{"run", "testdata/hooks/order.json", "--hooks", "cmd/flowctl/testdata/hooks/broken.js"}, 2,
			[]string{"cmd/flowctl/testdata/hooks/broken.js:2:19: syntax error: Unexpected token {"}, nil},
		{"validate with a broken hooks file", []string{"validate", "--hooks", "cmd/flowctl/testdata/hooks/misspelt.js", "testdata/hooks/order.json"}, 2,
			[]string{"misspelt.js:1:20: TypeError: unknown event"}, nil},
		{"validate takes the dialect from the configuration", []string{"validate", "--config", "cmd/flowctl/testdata/hooks/dialect.flowctl.yaml", "testdata/hooks/glific.json"}, 0,
			[]string{"1 file, 1 flow, 0 errors"}, nil},
		{"so does run, and a scenario naming the file again loads it once", []string{"run", "--config", "cmd/flowctl/testdata/hooks/dialect.flowctl.yaml", "--scenario", "testdata/hooks/glific.scenario.json"}, 0,
			[]string{"Which language do you prefer?", "✦ contact_profile_changed"}, []string{"already registered"}},
		{"and test", []string{"test", "--config", "cmd/flowctl/testdata/hooks/dialect.flowctl.yaml", "testdata/hooks/glific.scenario.json"}, 0,
			[]string{"1 passed, 0 failed"}, nil},
		{"a missing hooks file", []string{"run", "testdata/hooks/order.json", "--hooks", "nowhere.js"}, 2,
			[]string{"nowhere.js: can't read the hooks file: no such file or directory"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := Main(append(tc.args, "--color", "never"), strings.NewReader(""), &out, &errOut)
			all := out.String() + errOut.String()
			if code != tc.code {
				t.Errorf("exit %d, want %d\n%s", code, tc.code, all)
			}
			for _, w := range tc.want {
				if !strings.Contains(all, w) {
					t.Errorf("output lacks %q:\n%s", w, all)
				}
			}
			for _, w := range tc.wantNot {
				if strings.Contains(all, w) {
					t.Errorf("output has %q:\n%s", w, all)
				}
			}
		})
	}
}

// TestValidateCustomTypeFindings pins validate's findings in actions of custom types that break
// their declared schemas: positions, pointers and messages (golden; -update rewrites it).
func TestValidateCustomTypeFindings(t *testing.T) {
	t.Chdir(filepath.Join("..", ".."))
	in := filepath.Join("cmd", "flowctl", "testdata", "hooks", "glific-broken.json")
	validateGolden(t, strings.TrimSuffix(in, ".json")+".out", "--color", "never", "--hooks", "testdata/hooks/glific.js", in)
}

// TestRecordWithHooks: test --new records the hooks files in the scenario's "hooks" key, relative
// to where it is written, and the scenario replays under flowctl test.
func TestRecordWithHooks(t *testing.T) {
	t.Chdir(filepath.Join("..", ".."))
	dir := t.TempDir()
	out := filepath.Join(dir, "order.scenario.json")
	var stdout, stderr bytes.Buffer
	if code := Main([]string{"test", "--new", "testdata/hooks/order.json", "--hooks", "testdata/hooks/policing.js", "--input", "3", "-o", out}, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("recording exited %d: %s%s", code, stdout.String(), stderr.String())
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var sc struct {
		Hooks   []string          `json:"hooks"`
		Outputs []json.RawMessage `json:"outputs"`
	}
	if err := json.Unmarshal(data, &sc); err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs("testdata/hooks/policing.js")
	want, _ := filepath.Rel(dir, abs)
	if len(sc.Hooks) != 1 || sc.Hooks[0] != filepath.ToSlash(want) {
		t.Errorf("hooks %q, want [%q]", sc.Hooks, want)
	}
	if !strings.Contains(string(data), "was aborted by beforeSendMsg listener of policing.js") {
		t.Errorf("the recording lacks the policing hook's abort:\n%s", data)
	}
	stdout.Reset()
	if code := Main([]string{"test", "--strict", out}, strings.NewReader(""), &stdout, &stderr); code != 0 || !strings.Contains(stdout.String(), "1 passed, 0 failed") {
		t.Errorf("replaying the recording: exit %d\n%s", code, stdout.String())
	}
}
