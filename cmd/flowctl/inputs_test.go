package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/flowctl/flowctl/internal/limits"
)

// mainWithin runs flowctl and fails the test if it hasn't finished after limit: the cases
// that use it used to hang.
func mainWithin(t *testing.T, limit time.Duration, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	done := make(chan int, 1)
	go func() { done <- Main(args, strings.NewReader(""), &out, &errOut) }()
	select {
	case code := <-done:
		return code, out.String(), errOut.String()
	case <-time.After(limit):
		t.Fatalf("flowctl %s is still running after %s", strings.Join(args, " "), limit)
		return 0, "", ""
	}
}

// specialFiles makes a folder holding a good flow, a named pipe and a folder named like JSON
// files, a scenario whose flow is a named pipe, and a contact that is one.
func specialFiles(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	flow, err := os.ReadFile(filepath.Join(runData, "survey.json"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"good/flow.json":                 string(flow),
		"good/ok.scenario.json":          `{"flow": "flow.json"}`,
		"pipeflow/pipe.scenario.json":    `{"flow": "flow.json"}`,
		"pipeflow/also.scenario.json":    `{"flow": "folder.json"}`,
		"pipeflow/assets.scenario.json":  `{"flow": "../good/flow.json", "assets": "flow.json"}`,
		"big/flow.json":                  string(flow),
		"folder.json/inner/readme.txt":   "not JSON",
		"mixed/folder.json/nested.json":  string(flow),
		"mixed/real.json":                string(flow),
		"mixed/real.scenario.json":       `{"flow": "real.json"}`,
		"pipeflow/folder.json/keep.json": "{}",
	}
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"pipe.json", "mixed/pipe.json", "mixed/pipe.scenario.json", "pipeflow/flow.json"} {
		if err := syscall.Mkfifo(filepath.Join(dir, name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestSpecialInputFiles: named pipes, devices and folders named like files end with a clear
// error and exit 2, or are passed over in a folder walk; nothing blocks or reads without end.
func TestSpecialInputFiles(t *testing.T) {
	dir := specialFiles(t)
	in := func(p string) string { return filepath.Join(dir, p) }
	for _, tc := range []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string // in standard error
		wantOut  string // in standard output
	}{
		{"validate /dev/zero", []string{"validate", "/dev/zero"}, 2, "can't read /dev/zero: it is a device, not a regular file", ""},
		{"validate a named pipe", []string{"validate", in("pipe.json")}, 2, "it is a named pipe (FIFO), not a regular file", ""},
		{"validate a folder walk passes over named pipes", []string{"validate", in("mixed")}, 0, "", "2 files, 4 flows, 0 errors"},
		{"validate --assets /dev/zero", []string{"validate", in("good/flow.json"), "--assets", "/dev/zero"}, 2, "can't read assets file /dev/zero: it is a device, not a regular file", ""},
		{"validate over the size limit", []string{"validate", in("big/flow.json"), "--max-file-size", "1KiB"}, 2, "KiB, more than the 1 KiB limit for one input file (raise it with --max-file-size)", ""},
		{"validate --max-file-size raises it", []string{"validate", in("big/flow.json"), "--max-file-size", "1GiB"}, 0, "", "1 file, 2 flows, 0 errors"},
		{"a bad --max-file-size", []string{"validate", in("big/flow.json"), "--max-file-size", "huge"}, 2, `"huge" is not a size`, ""},
		{"run /dev/zero", []string{"run", "/dev/zero"}, 2, "can't read flow file /dev/zero: it is a device, not a regular file", ""},
		{"run a folder named .json", []string{"run", in("folder.json")}, 2, "it is a folder, not a file", ""},
		{"run --contact from a named pipe", []string{"run", in("good/flow.json"), "--contact", in("pipe.json")}, 2, "--contact: can't read " + in("pipe.json") + ": it is a named pipe (FIFO), not a regular file", ""},
		{"run --session from /dev/zero", []string{"run", in("good/flow.json"), "--session", "/dev/zero"}, 2, "--session: can't read /dev/zero: it is a device", ""},
		{"run --scenario whose flow is a named pipe", []string{"run", "--scenario", in("pipeflow/pipe.scenario.json")}, 2, "it is a named pipe (FIFO), not a regular file", ""},
		{"run --scenario that is a named pipe", []string{"run", "--scenario", in("mixed/pipe.scenario.json")}, 2, "can't read scenario " + in("mixed/pipe.scenario.json") + ": it is a named pipe (FIFO), not a regular file", ""},
		{"test a scenario whose flow is a named pipe", []string{"test", in("pipeflow")}, 2, "", "it is a named pipe (FIFO), not a regular file"},
		{"test a scenario whose flow is a folder", []string{"test", in("pipeflow/also.scenario.json")}, 2, "", "it is a folder, not a file"},
		{"test a scenario whose assets are a named pipe", []string{"test", "--root", dir, in("pipeflow/assets.scenario.json")}, 2, "", "it is a named pipe (FIFO), not a regular file"},
		{"test a folder walk passes over named pipes", []string{"test", in("mixed")}, 0, "", "1 passed"},
		{"test a named pipe named on the command line", []string{"test", in("mixed/pipe.scenario.json")}, 2, "", "it is a named pipe (FIFO), not a regular file"},
		{"test --new /dev/zero", []string{"test", "--new", "/dev/zero"}, 2, "can't read flow file /dev/zero: it is a device, not a regular file", ""},
		{"test --new with a contact from a named pipe", []string{"test", "--new", in("good/flow.json"), "--contact", in("pipe.json")}, 2, "it is a named pipe (FIFO), not a regular file", ""},
		{"graph /dev/zero", []string{"graph", "/dev/zero"}, 2, "can't read /dev/zero: it is a device, not a regular file", ""},
		{"eval --context /dev/zero", []string{"eval", "--context", "/dev/zero", "@(1)"}, 2, "--context: can't read /dev/zero: it is a device, not a regular file", ""},
		{"eval --env from a named pipe", []string{"eval", "--env", in("pipe.json"), "@(1)"}, 2, "it is a named pipe (FIFO), not a regular file", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := mainWithin(t, 20*time.Second, tc.args...)
			if code != tc.wantCode {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.wantCode, out, errOut)
			}
			if !strings.Contains(errOut, tc.wantErr) {
				t.Errorf("stderr doesn't say %q:\n%s", tc.wantErr, errOut)
			}
			if !strings.Contains(out, tc.wantOut) {
				t.Errorf("stdout doesn't say %q:\n%s", tc.wantOut, out)
			}
		})
	}
}

// TestScenarioFilesStayInside: a scenario that names a file outside its folder and the project
// ("flow": "/etc/passwd", "../../../etc/passwd", assets or hooks likewise) is refused with exit 2,
// at the line and column where the scenario names it, naming the path and showing nothing of the file's content; --root allows a folder.
func TestScenarioFilesStayInside(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(t.TempDir(), "secret.json")
	if err := os.WriteFile(secret, []byte(`{"password": "hunter2"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	survey, err := os.ReadFile(filepath.Join(runData, "survey.json"))
	if err != nil {
		t.Fatal(err)
	}
	up := strings.Repeat("../", strings.Count(dir, string(filepath.Separator))+2)
	files := map[string]string{
		"flow.json":              string(survey),
		"etc.scenario.json":      `{"flow": "/etc/passwd"}`,
		"dotdot.scenario.json":   `{"flow": "` + up + `etc/passwd"}`,
		"secret.scenario.json":   `{"flow": "` + secret + `"}`,
		"assets.scenario.json":   `{"flow": "flow.json", "assets": ["` + secret + `"]}`,
		"hooks.scenario.json":    `{"flow": "flow.json", "hooks": "` + up + `etc/passwd"}`,
		"sub/fine.scenario.json": `{"flow": "../flow.json", "inputs": ["Bob"]}`,
	}
	for name, content := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name, scenario, what, path string
		// at is where the scenario names the file
		at string
	}{
		{"an absolute path", "etc.scenario.json", "flow", "/etc/passwd", ":1:10: /flow: "},
		{"../ out of the project", "dotdot.scenario.json", "flow", filepath.Join(dir, up+"etc/passwd"), ":1:10: /flow: "},
		{"a readable file elsewhere", "secret.scenario.json", "flow", secret, ":1:10: /flow: "},
		{"assets elsewhere", "assets.scenario.json", "assets", secret, ":1:34: /assets/0: "},
		{"hooks elsewhere", "hooks.scenario.json", "hooks", filepath.Join(dir, up+"etc/passwd"), ":1:32: /hooks: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, tc.scenario)
			for _, args := range [][]string{{"run", "--scenario", path}, {"test", path}} {
				code, out, errOut := mainWithin(t, 10*time.Second, args...)
				all := out + errOut
				want := path + tc.at + tc.what + " file " + tc.path + " is outside the folders a scenario may name files in"
				if code != 2 || !strings.Contains(all, want) {
					t.Errorf("%s: exit %d, want 2 and %q:\n%s", args[0], code, want, all)
				}
				for _, leak := range []string{"root:", "hunter2", "password", "invalid character"} {
					if strings.Contains(all, leak) {
						t.Errorf("%s: the output shows %q, from the file's content:\n%s", args[0], leak, all)
					}
				}
			}
		})
	}
	// the scenario's own folder and --root are allowed
	if code, out, errOut := runMain("test", "--root", dir, filepath.Join(dir, "sub", "fine.scenario.json")); code != 0 {
		t.Errorf("a scenario naming a file below --root: exit %d\n%s%s", code, out, errOut)
	}
	if code, _, errOut := runMain("run", "--scenario", filepath.Join(dir, "secret.scenario.json"), "--root", filepath.Dir(secret)); code == 0 || strings.Contains(errOut, "outside") {
		t.Errorf("--root allowing the folder: exit %d %s (the file is read, and isn't a flow)", code, errOut)
	}
}

// TestLimitFlagsMatchTheTable: every command's flag for a limit has the default
// internal/limits (and so docs/limits.md) says, and each such limit's flag exists somewhere.
func TestLimitFlagsMatchTheTable(t *testing.T) {
	root := newRootCmd(strings.NewReader(""), io.Discard, io.Discard)
	seen := map[string]bool{}
	for _, l := range limits.All {
		if l.Flag == "" {
			continue
		}
		name := strings.TrimPrefix(l.Flag, "--")
		for _, cmd := range root.Commands() {
			f := cmd.Flags().Lookup(name)
			if f == nil {
				continue
			}
			seen[l.Flag] = true
			if f.DefValue != l.Default {
				t.Errorf("%s %s defaults to %s, the limits table says %s", cmd.Name(), l.Flag, f.DefValue, l.Default)
			}
		}
		if !seen[l.Flag] {
			t.Errorf("no command has %s, which the limits table names", l.Flag)
		}
	}
}

// TestInputWarnings: a repeated key or bytes that aren't UTF-8 in a JSON input (contact,
// session, a scenario's embedded objects, an assets file, a routing workflow or workspace; the flow,
// assets and routing files a scenario names, in test and route) run as the reference reads them, with a warning at
// their line and column; a scenario's own key repeated is an error, in run as in test.
func TestInputWarnings(t *testing.T) {
	survey, err := filepath.Abs(filepath.Join(runData, "survey.json"))
	if err != nil {
		t.Fatal(err)
	}
	contact := writeTemp(t, "contact.json", "{\n  \"uuid\": \"5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f\",\n  \"name\": \"A\",\n  \"name\": \"B\xff\"\n}")
	embedded := writeTemp(t, "embedded.scenario.json", "{\n  \"flow\": \""+survey+"\",\n  \"contact\": {\"uuid\": \"5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f\", \"name\": \"A\", \"name\": \"B\"}\n}")
	topLevel := writeTemp(t, "top.scenario.json", "{\n  \"flow\": \""+survey+"\",\n  \"inputs\": [\"a\"],\n  \"inputs\": [\"b\"]\n}")
	code, saved, errOut := runMain("run", survey, "--input", "Bob", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	session := writeTemp(t, "session.json", strings.Replace(saved, `"status": "waiting"`, `"status": "waiting", "status": "waiting"`, 1))
	const dupName = `/name: key "name" appears twice in this object: this later value is used and the earlier one ignored (expected each key once)`
	const badByte = " byte 0xe9 isn't UTF-8: it reads as U+FFFD (\ufffd), as in the reference engine; expected UTF-8 text (save the file as UTF-8)"
	assets := writeTemp(t, "assets.json", "{\"fields\": [\n  {\"key\": \"age\", \"name\": \"Age\", \"name\": \"Age\", \"type\": \"number\"}],\n \"groups\": [{\"uuid\": \"f0000000-0000-4000-8000-000000000001\", \"name\": \"G\xe9\"}]}")
	workflow := writeTemp(t, "workflow.json", "{\"task_routing\": {\"filters\": [\n  {\"filter_friendly_name\": \"All\xe9\", \"expression\": \"1==1\", \"expression\": \"1==1\",\n   \"targets\": [{\"queue\": \"WQ00000000000000000000000000000001\"}]}],\n  \"default_filter\": {\"queue\": \"WQ00000000000000000000000000000001\"}}}")
	workspace := writeTemp(t, "workspace.json", "{\"task_queues\": [\n  {\"sid\": \"WQ00000000000000000000000000000001\", \"sid\": \"WQ00000000000000000000000000000001\", \"friendly_name\": \"Support\"}]}")
	// a flow file and a routing workflow, each with a key repeated, that scenarios name
	surveyData, err := os.ReadFile(survey)
	if err != nil {
		t.Fatal(err)
	}
	namedDir := t.TempDir() // a scenario's files are in its folder
	flowDup, namedAssets := filepath.Join(namedDir, "flow.json"), filepath.Join(namedDir, "assets.json")
	assetsData, err := os.ReadFile(assets)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(flowDup, []byte(strings.Replace(string(surveyData), `"name": "Survey"`, `"name": "Survey", "name": "Survey"`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(namedAssets, assetsData, 0o644); err != nil {
		t.Fatal(err)
	}
	named := filepath.Join(namedDir, "named.scenario.json")
	if code, _, errOut := runMain("test", "--new", flowDup, "--assets", namedAssets, "--input", "x", "-o", named); code != 0 {
		t.Fatalf("recording: exit %d: %s", code, errOut)
	}
	routingDir := copyRouting(t)
	supportWF := filepath.Join(routingDir, "support.workflow.json")
	wfData, err := os.ReadFile(supportWF)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(supportWF, []byte(strings.Replace(string(wfData), `"friendly_name": "Helpdesk",`, `"friendly_name": "Helpdesk", "friendly_name": "Helpdesk",`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	routingScenario := filepath.Join(routingDir, "escalation.scenario.json")
	const dupWF = `: /friendly_name: key "friendly_name" appears twice in this object`
	for _, tc := range []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"flow and assets files a scenario names, in test", []string{"test", named}, 0, []string{
			"flowctl: warning: " + flowDup + ":", `: /flows/0/name: key "name" appears twice in this object`,
			"flowctl: warning: " + namedAssets + ":2:33: /fields/0" + dupName,
			"flowctl: warning: " + namedAssets + ":3:72: /groups/0/name:" + badByte}},
		{"routing workflow a scenario names, in test", []string{"test", routingScenario}, 0, []string{
			"flowctl: warning: " + supportWF + ":2:32" + dupWF}},
		{"routing workflow and workspace in route", []string{"route", workflow, "--workspace", workspace, "--task", `{"type": "x"}`, "--format", "json"}, 0, []string{
			"flowctl: warning: " + workflow + ":2:58: /task_routing/filters/0/expression: key \"expression\" appears twice",
			"flowctl: warning: " + workflow + ":2:32: /task_routing/filters/0/filter_friendly_name:" + badByte,
			"flowctl: warning: " + workspace + ":2:49: /task_queues/0/sid: key \"sid\" appears twice"}},
		{"routing scenario's workflow in route", []string{"route", "--scenario", routingScenario, "--format", "json"}, 0, []string{
			"flowctl: warning: " + supportWF + ":2:32" + dupWF}},
		{"the flow file in run", []string{"run", flowDup, "--assets", namedAssets, "--input", "x"}, 0, []string{
			"flowctl: warning: " + flowDup + ":", `: /flows/0/name: key "name" appears twice in this object`}},
		{"the flow file while recording", []string{"test", "--new", flowDup, "--input", "x"}, 0, []string{
			"flowctl: warning: " + flowDup + ":", `: /flows/0/name: key "name" appears twice in this object`}},
		{"contact file", []string{"run", survey, "--contact", contact, "--input", "x"}, 0, []string{
			"flowctl: warning: " + contact + ":4:3: " + dupName,
			"flowctl: warning: " + contact + ":4:13: /name: byte 0xff isn't UTF-8: it reads as U+FFFD (\ufffd), as in the reference engine; expected UTF-8 text (save the file as UTF-8)"}},
		{"contact file while recording", []string{"test", "--new", survey, "--contact", contact, "--input", "x"}, 0, []string{
			"flowctl: warning: " + contact + ":4:3: " + dupName}},
		{"saved session", []string{"run", survey, "--session", session, "--input", "3"}, 0, []string{
			`flowctl: warning: ` + session + `:`, `: /session/runs/0/status: key "status" appears twice in this object`}},
		{"scenario's contact in run", []string{"run", "--scenario", embedded}, 0, []string{
			"flowctl: warning: " + embedded + ":3:76: /contact" + dupName}},
		{"scenario's contact in test", []string{"test", embedded}, 0, []string{
			"flowctl: warning: " + embedded + ":3:76: /contact" + dupName}},
		{"assets file in run", []string{"run", survey, "--assets", assets, "--input", "x"}, 0, []string{
			"flowctl: warning: " + assets + ":2:33: /fields/0" + dupName,
			"flowctl: warning: " + assets + ":3:72: /groups/0/name:" + badByte}},
		{"assets file while recording", []string{"test", "--new", survey, "--assets", assets, "--input", "x"}, 0, []string{
			"flowctl: warning: " + assets + ":2:33: /fields/0" + dupName}},
		{"assets file in validate", []string{"validate", survey, "--assets", assets, "--snippet=false"}, 0, []string{
			assets + `:2:33: warning[syntax/duplicate-key]: key "name" appears twice`,
			assets + ":3:72: warning[syntax/invalid-utf8]:" + badByte}},
		{"routing workflow in validate", []string{"validate", workflow, "--snippet=false"}, 0, []string{
			workflow + `:2:58: warning[syntax/duplicate-key]: key "expression" appears twice`,
			workflow + ":2:32: warning[syntax/invalid-utf8]:"}},
		{"routing workspace in validate", []string{"validate", workflow, "--workspace", workspace, "--snippet=false"}, 0, []string{
			workspace + `:2:49: warning[syntax/duplicate-key]: key "sid" appears twice`}},
		{"scenario's own key in run", []string{"run", "--scenario", topLevel}, 2, []string{
			"flowctl: " + topLevel + ":4:13: /inputs: duplicate key \"inputs\""}},
		{"scenario's own key in test", []string{"test", topLevel}, 2, []string{
			"unreadable: " + topLevel + ":4:13: duplicate key \"inputs\""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runMain(tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d: %s", code, tc.code, errOut)
			}
			for _, w := range tc.want {
				if !strings.Contains(out+errOut, w) {
					t.Errorf("output lacks %q:\n%s%s", w, out, errOut)
				}
			}
			if tc.code == 2 && strings.Contains(errOut, "warning") {
				t.Errorf("a refused scenario is also warned about:\n%s", errOut)
			}
		})
	}
}
