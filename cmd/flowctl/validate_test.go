package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/actions"
	"github.com/flowctl/flowctl/flows/schema"
	"github.com/flowctl/flowctl/validate"
)

// validateUpdating reports whether the tests run with -update; the flag is shared by the
// package's test files, so it is defined by whichever asks first.
func validateUpdating() bool {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files under testdata/")
	}
	return flag.Lookup("update").Value.String() == "true"
}

var _ = validateUpdating() // define -update before flag.Parse

func runValidateMain(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Main(append([]string{"validate"}, args...), strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

// TestValidateGoldens runs validate on every bad input under testdata/validate/err and compares
// the text output (and exit status) with NAME.out; NAME.assets.json, when present, is passed
// with --assets. Rewrite the goldens with go test ./cmd/flowctl -update.
func TestValidateGoldens(t *testing.T) {
	t.Chdir(filepath.Join("..", ".."))
	inputs, err := filepath.Glob(filepath.Join("testdata", "validate", "err", "*.json"))
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no inputs: %v", err)
	}
	for _, in := range inputs {
		if strings.HasSuffix(in, ".assets.json") {
			continue
		}
		name := strings.TrimSuffix(in, ".json")
		t.Run(filepath.Base(name), func(t *testing.T) {
			args := []string{"--color", "never", in}
			if _, err := os.Stat(name + ".assets.json"); err == nil {
				args = append(args, "--assets", name+".assets.json")
			}
			validateGolden(t, name+".out", args...)
		})
	}
}

// validateGolden runs validate and compares its output and exit status with a golden file, or
// rewrites it with -update.
func validateGolden(t *testing.T, golden string, args ...string) {
	t.Helper()
	code, out, stderr := runValidateMain(t, args...)
	if stderr != "" {
		t.Errorf("stderr: %s", stderr)
	}
	got := out + fmt.Sprintf("# exit status %d\n", code)
	if validateUpdating() {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/flowctl -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (rerun with -update if intended):\n--- got:\n%s--- want:\n%s", golden, got, want)
	}
}

// TestValidateCleanInputs: the valid inputs and the bundled example produce no finding at all.
func TestValidateCleanInputs(t *testing.T) {
	t.Chdir(filepath.Join("..", ".."))
	for _, args := range [][]string{
		{filepath.Join("testdata", "validate", "ok")},
		{filepath.Join("testdata", "flows"), "--assets", filepath.Join("testdata", "assets", "org_assets.json")},
		{filepath.Join("testdata", "flows")},
	} {
		code, out, stderr := runValidateMain(t, append([]string{"--format", "json"}, args...)...)
		if code != 0 || stderr != "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
		var res struct {
			Files []struct {
				Path     string
				Findings []struct{ Code, Message string }
			}
			Summary validate.Summary
		}
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		if res.Summary.Files == 0 || res.Summary.Flows == 0 {
			t.Errorf("%v: nothing validated: %+v", args, res.Summary)
		}
		for _, f := range res.Files {
			for _, fd := range f.Findings {
				t.Errorf("%s: unexpected %s: %s", f.Path, fd.Code, fd.Message)
			}
		}
	}
}

func TestValidateExitCodesAndFormats(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join("..", "..", "testdata", "validate", "ok", "messaging.json")
	bad := filepath.Join("..", "..", "testdata", "validate", "err", "graph.json")
	notJSON := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notJSON, []byte("not a flow"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		args      []string
		code      int
		outHas    string
		stderrHas string
	}{
		{"clean file", []string{good}, 0, "1 file, 1 flow, 0 errors, 0 warnings\n", ""},
		{"errors", []string{bad}, 1, "6 errors, 2 warnings", ""},
		{"missing file", []string{filepath.Join(dir, "nope.json")}, 2, "0 files", "no such file"},
		{"missing file next to a bad one", []string{bad, filepath.Join(dir, "nope.json")}, 2, "6 errors", "no such file"},
		{"no arguments", nil, 2, "", "validate needs at least one PATH"},
		{"bad format", []string{"--format", "xml", good}, 2, "", "unknown --format"},
		{"bad colour", []string{"--color", "sometimes", good}, 2, "", "unknown --color"},
		{"unreadable assets", []string{good, "--assets", filepath.Join(dir, "nope.json")}, 2, "", "can't read assets file"},
		{"directory with no flow files", []string{dir}, 2, "0 files, 0 flows", "no flow files (*.json) under"},
		{"colour forced", []string{"--color", "always", bad}, 1, "\x1b[31merror\x1b[0m[graph/unknown-destination]", ""},
		{"no snippet", []string{"--snippet=false", bad}, 1, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, stderr := runValidateMain(t, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tc.code, stderr)
			}
			if !strings.Contains(out, tc.outHas) {
				t.Errorf("stdout %q lacks %q", out, tc.outHas)
			}
			if !strings.Contains(stderr, tc.stderrHas) {
				t.Errorf("stderr %q lacks %q", stderr, tc.stderrHas)
			}
		})
	}
	// Piped output (a buffer here) has no colour by default.
	if _, out, _ := runValidateMain(t, bad); strings.Contains(out, "\x1b[") {
		t.Errorf("colour in piped output: %q", out)
	}
	if _, out, _ := runValidateMain(t, "--snippet=false", bad); strings.Contains(out, "^") {
		t.Errorf("snippet shown with --snippet=false: %q", out)
	}
}

func TestValidateJSONFormat(t *testing.T) {
	bad := filepath.Join("..", "..", "testdata", "validate", "err", "assets.json")
	code, out, _ := runValidateMain(t, "--format", "json", bad, "--assets", filepath.Join("..", "..", "testdata", "validate", "err", "assets.assets.json"))
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	var res struct {
		Files []struct {
			Path     string `json:"path"`
			Flows    int    `json:"flows"`
			Findings []struct {
				Severity, Code, Message, Pointer string
				Line, Column                     int
				FlowUUID                         string `json:"flow_uuid"`
				NodeUUID                         string `json:"node_uuid"`
				ActionUUID                       string `json:"action_uuid"`
			} `json:"findings"`
		} `json:"files"`
		Summary validate.Summary `json:"summary"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if s := res.Summary; len(res.Files) != 1 || s.Files != 1 || s.Flows != 1 || s.Errors != 2 || s.Warnings != 2 {
		t.Fatalf("got %+v", res)
	}
	f := res.Files[0].Findings[1]
	want := "error asset/missing /nodes/0/actions/0/groups/1 20:13 f0000000-0000-4000-8000-000000000001 d0000000-0000-4000-8000-000000000001 a0000000-0000-4000-8000-000000000001"
	got := fmt.Sprintf("%s %s %s %d:%d %s %s %s", f.Severity, f.Code, f.Pointer, f.Line, f.Column, f.FlowUUID, f.NodeUUID, f.ActionUUID)
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestSchemaCommand(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := Main([]string{"schema"}, strings.NewReader(""), &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if !bytes.Equal(out.Bytes(), schema.JSON) {
		t.Error("flowctl schema doesn't print the editors' schema")
	}
	var v struct {
		Schema      string `json:"$schema"`
		Definitions map[string]struct {
			Properties map[string]any
		}
	}
	if err := json.Unmarshal(out.Bytes(), &v); err != nil || v.Schema == "" {
		t.Fatalf("not a JSON schema: %v", err)
	}
	// Every action type is described, with its fields: an editor completes send_msg's.
	for _, typ := range actions.Types() {
		if _, ok := v.Definitions["action_"+typ]; !ok {
			t.Errorf("no definition of %s", typ)
		}
	}
	if _, ok := v.Definitions["action_send_msg"].Properties["quick_replies"]; !ok {
		t.Error("send_msg's definition lacks quick_replies")
	}
}

func TestSourceLine(t *testing.T) {
	src := []byte("{\n\t\"a\": \"héllo\"\n}\n" + `{"x": "` + strings.Repeat("y", 300) + `"}`)
	tests := []struct {
		line, col int
		text      string
		marker    int
	}{
		{2, 7, ` "a": "héllo"`, 6},
		{2, 10, ` "a": "héllo"`, 9},
		{4, 200, "…" + strings.Repeat("y", 100) + "…", 51},
		{1, 1, "{", 0},
	}
	for _, tc := range tests {
		text, marker, ok := sourceLine(src, tc.line, tc.col)
		if !ok || text != tc.text || marker != tc.marker {
			t.Errorf("sourceLine(%d, %d) = %q, %d, %v; want %q, %d", tc.line, tc.col, text, marker, ok, tc.text, tc.marker)
		}
	}
	if _, _, ok := sourceLine(src, 9, 1); ok {
		t.Error("line past the end found")
	}
}

func TestValidateUnreadableDirectory(t *testing.T) {
	if os.Getuid() == 0 {
		t.Skip("running as root: permissions don't stop reading")
	}
	dir := t.TempDir()
	locked := filepath.Join(dir, "locked")
	if err := os.Mkdir(locked, 0o000); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(locked, 0o755) })
	code, _, stderr := runValidateMain(t, dir)
	if code != 2 || !strings.Contains(stderr, "can't read "+locked+": permission denied") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// TestValidateWalkSkipsNonFlows: walking a folder validates flow files only: scenario files,
// hidden folders and dependency trees are passed over, while a file named explicitly is always
// validated; a folder with nothing to validate is a usage error, as a typo in CI config would be.
func TestValidateWalkSkipsNonFlows(t *testing.T) {
	dir := t.TempDir()
	flow, err := os.ReadFile(filepath.Join("..", "..", "testdata", "flows", "registration.json"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"flows/registration.json":           string(flow),
		"flows/registration.scenario.json":  `{"flow": "registration.json"}`,
		"flows/.vscode/settings.json":       `{"json.schemas": []}`,
		"flows/node_modules/x/package.json": `{"name": "x"}`,
		"empty/readme.txt":                  "no flows here",
	}
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, out, stderr := runValidateMain(t, "--color", "never", filepath.Join(dir, "flows"))
	if code != 0 || !strings.Contains(out, "1 file, 2 flows, 0 errors") {
		t.Errorf("walk: exit %d, output %q, stderr %q; want only registration.json validated", code, out, stderr)
	}
	code, _, _ = runValidateMain(t, "--color", "never", filepath.Join(dir, "flows", "registration.scenario.json"))
	if code != 1 {
		t.Errorf("a scenario file named explicitly is validated (and is no flow): exit %d, want 1", code)
	}
	code, _, stderr = runValidateMain(t, filepath.Join(dir, "empty"))
	if code != 2 || !strings.Contains(stderr, "no flow files (*.json) under") {
		t.Errorf("empty folder: exit %d, stderr %q; want exit 2 and a clear message", code, stderr)
	}
}

// TestValidateConfigAndBaseline drives the controls through the command: a .flowctl.yaml found
// above the validated file, flags over it, a baseline written and then hiding what it records.
func TestValidateConfigAndBaseline(t *testing.T) {
	repo := t.TempDir()
	if err := os.MkdirAll(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join("..", "..", "testdata", "validate", "err", "graph.json"))
	if err != nil {
		t.Fatal(err)
	}
	flowsDir := filepath.Join(repo, "flows")
	if err := os.MkdirAll(flowsDir, 0o755); err != nil {
		t.Fatal(err)
	}
	flow := filepath.Join(flowsDir, "graph.json")
	if err := os.WriteFile(flow, src, 0o644); err != nil {
		t.Fatal(err)
	}
	counts := func(args ...string) (int, validate.Summary, string) {
		t.Helper()
		code, out, stderr := runValidateMain(t, append([]string{"--format", "json"}, args...)...)
		var res struct{ Summary validate.Summary }
		if code != exitUsage {
			if err := json.Unmarshal([]byte(out), &res); err != nil {
				t.Fatalf("%v: %v\n%s", args, err, out)
			}
		}
		return code, res.Summary, stderr
	}
	code, all, _ := counts(flow)
	if code != exitFindings || all.Errors == 0 || all.Warnings == 0 {
		t.Fatalf("no config: exit %d, %+v", code, all)
	}
	if code, s, _ := counts(flow, "--severity", "error"); code != exitFindings || s.Warnings != 0 || s.Errors != all.Errors {
		t.Errorf("--severity error: exit %d, %+v", code, s)
	}
	if code, s, _ := counts(flow, "--disable", "graph,lint/unreachable-node"); code != exitOK || s.Errors != 0 || s.Warnings >= all.Warnings {
		t.Errorf("--disable graph: exit %d, %+v", code, s)
	}
	if code, _, stderr := counts(flow, "--disable", "grahp"); code != exitUsage || !strings.Contains(stderr, `--disable: unknown finding code "grahp"; did you mean graph?`) {
		t.Errorf("mistyped code: exit %d, %q", code, stderr)
	}

	cfg := filepath.Join(repo, ".flowctl.yaml")
	if err := os.WriteFile(cfg, []byte("validate:\n  disable: [graph]\n  severity: error\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, s, _ := counts(flow); code != exitOK || s.Errors+s.Warnings != 0 {
		t.Errorf("config disabling graph: exit %d, %+v", code, s)
	}
	if code, s, _ := counts(flow, "--enable", "graph/unknown-destination"); code != exitFindings || s.Errors == 0 || s.Errors >= all.Errors {
		t.Errorf("--enable over the config: exit %d, %+v", code, s)
	}
	if code, s, _ := counts(flow, "--no-config"); code != exitFindings || s.Errors != all.Errors {
		t.Errorf("--no-config: exit %d, %+v", code, s)
	}
	if err := os.WriteFile(cfg, []byte("validate:\n  severty: error\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := counts(flow); code != exitUsage || !strings.Contains(stderr, cfg+`:2:3: unknown setting "severty" in validate; did you mean "severity"?`) {
		t.Errorf("broken config: exit %d, %q", code, stderr)
	}

	// A baseline named in the configuration: written, then hiding every finding it recorded.
	if err := os.WriteFile(cfg, []byte("validate:\n  baseline: baseline.json\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runValidateMain(t, flow, "--write-baseline")
	if code != exitOK || !strings.Contains(out, "to "+filepath.Join(repo, "baseline.json")) {
		t.Fatalf("--write-baseline: exit %d, %q", code, out)
	}
	if code, s, _ := counts(flow); code != exitOK || s.Errors+s.Warnings != 0 || s.Hidden != all.Errors+all.Warnings {
		t.Errorf("with the baseline: exit %d, %+v (before: %+v)", code, s, all)
	}
	// Lines moved: still known.
	if err := os.WriteFile(flow, append([]byte("\n\n\n"), src...), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, s, _ := counts(flow); code != exitOK || s.Errors+s.Warnings != 0 {
		t.Errorf("moved lines: exit %d, %+v", code, s)
	}
	if code, s, _ := counts(flow, "--baseline", filepath.Join(repo, "missing.json")); code != exitUsage || s.Files != 0 {
		t.Errorf("missing baseline: exit %d", code)
	}
}

// TestValidateGitHubStepSummary: on GitHub Actions, --format github appends the table of codes
// to the run's summary page ($GITHUB_STEP_SUMMARY); other formats leave it alone.
func TestValidateGitHubStepSummary(t *testing.T) {
	page := filepath.Join(t.TempDir(), "summary.md")
	if err := os.WriteFile(page, []byte("earlier step\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GITHUB_STEP_SUMMARY", page)
	bad := filepath.Join("..", "..", "testdata", "validate", "err", "graph.json")
	if code, _, _ := runValidateMain(t, bad, "--format", "text"); code != exitFindings {
		t.Fatalf("text: exit %d", code)
	}
	if got, _ := os.ReadFile(page); string(got) != "earlier step\n" {
		t.Fatalf("text output wrote the step summary: %q", got)
	}
	if code, _, _ := runValidateMain(t, bad, "--format", "github"); code != exitFindings {
		t.Fatalf("github: exit %d", code)
	}
	got, _ := os.ReadFile(page)
	if !strings.HasPrefix(string(got), "earlier step\n### flowctl validate\n") || !strings.Contains(string(got), "| [`graph/unknown-destination`](") {
		t.Errorf("step summary:\n%s", got)
	}
}
