package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/check"
	"github.com/flowctl/flowctl/flows/read"
	"github.com/flowctl/flowctl/internal/cireport"
)

// checkedFiles validates files as runValidate does, for the formatters' tests.
func checkedFiles(t *testing.T, paths ...string) []*fileResult {
	t.Helper()
	var out []*fileResult
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		doc := read.Read(p, src)
		out = append(out, &fileResult{Path: p, Flows: len(doc.Flows), Findings: check.Check(doc, nil), src: src})
	}
	return out
}

func errInputs(t *testing.T) []string {
	t.Helper()
	all, err := filepath.Glob(filepath.Join("..", "..", "testdata", "validate", "err", "*.json"))
	if err != nil || len(all) == 0 {
		t.Fatalf("no inputs: %v", err)
	}
	var out []string
	for _, p := range all {
		if !strings.HasSuffix(p, ".assets.json") {
			out = append(out, p)
		}
	}
	return out
}

func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft7
	src, err := os.ReadFile(filepath.Join("testdata", "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AddResource("sarif.json", bytes.NewReader(src)); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("sarif.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestValidateSARIFSchema: the SARIF log of every broken test input is valid SARIF 2.1.0, has a
// rule for every code, and places each result where the finding is.
func TestValidateSARIFSchema(t *testing.T) {
	schema := sarifSchema(t)
	results := checkedFiles(t, errInputs(t)...)
	var buf bytes.Buffer
	if err := writeSARIF(&buf, results, []string{"can't read flows/gone.json: no such file or directory"}); err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(doc); err != nil {
		t.Fatalf("not valid SARIF 2.1.0: %#v", err)
	}

	var log sarifLog
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if run.Tool.Driver.Name != "flowctl" || run.Tool.Driver.Version != versionString() {
		t.Errorf("tool = %+v", run.Tool.Driver)
	}
	if inv := run.Invocations; len(inv) != 1 || inv[0].ExecutionSuccessful || len(inv[0].ToolExecutionNotifications) != 1 ||
		inv[0].ToolExecutionNotifications[0].Message.Text != "can't read flows/gone.json: no such file or directory" {
		t.Errorf("invocations = %+v, want one unsuccessful, naming the unreadable file", inv)
	}
	rules := run.Tool.Driver.Rules
	if len(rules) != len(check.AllRules()) || len(rules) < len(check.Rules()) {
		t.Errorf("%d rules, want %d", len(rules), len(check.AllRules()))
	}
	if rules[0].ID != "asset/missing" || rules[0].Name != "AssetMissing" {
		t.Errorf("first rule %s named %s", rules[0].ID, rules[0].Name)
	}
	for _, r := range rules {
		if r.ShortDescription.Text == "" || !strings.Contains(r.Help.Text, r.ShortDescription.Text) || !strings.HasSuffix(r.HelpURI, "#"+anchor(r.ID)) {
			t.Errorf("rule %s lacks a description or help: %+v", r.ID, r)
		}
	}
	i := 0
	for _, fr := range results {
		for _, f := range fr.Findings {
			res := run.Results[i]
			i++
			if res.RuleID != f.Code || rules[res.RuleIndex].ID != f.Code || res.Level != string(f.Severity) || res.Message.Text != f.Message {
				t.Errorf("%s: result %+v for finding %+v", fr.Path, res, f)
			}
			loc := res.Locations[0].PhysicalLocation
			if loc.ArtifactLocation.URI != filepath.ToSlash(fr.Path) || run.Artifacts[*loc.ArtifactLocation.Index].Location.URI != loc.ArtifactLocation.URI {
				t.Errorf("%s: artifact location %+v", fr.Path, loc.ArtifactLocation)
			}
			if f.Line > 0 && (loc.Region == nil || loc.Region.StartLine != f.Line) {
				t.Errorf("%s: region %+v for line %d", fr.Path, loc.Region, f.Line)
			}
		}
	}
	if i != len(run.Results) || i == 0 {
		t.Errorf("%d results for %d findings", len(run.Results), i)
	}

	// The schema does reject what isn't SARIF, so the check above means something.
	for _, broken := range []string{
		`{"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]}`,
		`{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {"text": "m"}, "level": "fatal"}]}]}`,
		`{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {"text": "m"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a.json"}, "region": {"startLine": 0}}}]}]}]}`,
	} {
		var v any
		if err := json.Unmarshal([]byte(broken), &v); err != nil {
			t.Fatal(err)
		}
		if schema.Validate(v) == nil {
			t.Errorf("schema accepted %s", broken)
		}
	}
}

func TestFindingRegion(t *testing.T) {
	src := []byte("{\n  \"name\": \"x}\\\"y\",\n  \"n\": -12.5e3,\n  \"o\": {\"a\": [1, \"]\"]},\n  \"emoji\": \"😀\", \"b\": true\n}")
	tests := []struct {
		name      string
		line, col int
		want      sarifRegion
	}{
		{"string with escapes and braces", 2, 11, sarifRegion{2, 11, 2, 18}},
		{"number", 3, 8, sarifRegion{3, 8, 3, 15}},
		{"object with a bracket in a string", 4, 8, sarifRegion{4, 8, 4, 23}},
		{"after a character of two UTF-16 units", 5, 25, sarifRegion{5, 23, 5, 27}},
		{"not at a value", 1, 2, sarifRegion{StartLine: 1, StartColumn: 2}},
		{"past the end", 9, 1, sarifRegion{StartLine: 9, StartColumn: 1}},
	}
	for _, tc := range tests {
		got := findingRegion(src, flows.Finding{Line: tc.line, Column: tc.col})
		if *got != tc.want {
			t.Errorf("%s: got %+v, want %+v", tc.name, *got, tc.want)
		}
	}
	// An unterminated value has no end.
	if end := valueEnd([]byte(`{"a": "b`), 6); end != 6 {
		t.Errorf("unterminated string ends at %d", end)
	}
	if end := valueEnd([]byte(`[1, [2`), 0); end != 0 {
		t.Errorf("unterminated array ends at %d", end)
	}
}

func TestFileURI(t *testing.T) {
	tests := map[string]string{
		"flows/a.json":      "flows/a.json",
		"my flows/a b.json": "my%20flows/a%20b.json",
		"c:x/a.json":        "./c:x/a.json",
		"/tmp/a#1.json":     "file:///tmp/a%231.json",
	}
	for in, want := range tests {
		if got := fileURI(filepath.FromSlash(in)); got != want {
			t.Errorf("fileURI(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestValidateGitHubFormat(t *testing.T) {
	results := []*fileResult{{Path: "flows/a,b.json", Findings: []flows.Finding{
		{Severity: flows.SeverityError, Code: "graph/unknown-destination", Message: "exit leads nowhere: 100% sure\nreally", Line: 3, Column: 7},
		{Severity: flows.SeverityWarning, Code: "lint/unreachable-node", Message: "no path reaches this node", Line: 9, Column: 1},
		{Severity: flows.SeverityError, Code: "syntax/invalid-json", Message: "empty file"},
	}}}
	var buf bytes.Buffer
	writeGitHub(&buf, results, summary{Files: 1, Errors: 2, Warnings: 1}, []string{"can't read gone.json: no such file, 100%"})
	want := "::error title=flowctl validate::can't read gone.json: no such file, 100%25\n" +
		"::error file=flows/a%2Cb.json,line=3,col=7,title=graph/unknown-destination::exit leads nowhere: 100%25 sure%0Areally\n" +
		"::warning file=flows/a%2Cb.json,line=9,col=1,title=lint/unreachable-node::no path reaches this node\n" +
		"::error file=flows/a%2Cb.json,title=syntax/invalid-json::empty file\n" +
		"1 file, 0 flows, 2 errors, 1 warning\n"
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
}

func TestValidateJUnitFormat(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "validate")
	paths := []string{
		filepath.Join(dir, "ok", "export.json"),
		filepath.Join(dir, "err", "graph.json"),
		filepath.Join(dir, "err", "syntax.json"),
		filepath.Join(dir, "err", "lint.json"),
	}
	results := checkedFiles(t, paths...)
	var buf bytes.Buffer
	if err := writeJUnit(&buf, results, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "<?xml") {
		t.Errorf("no XML declaration: %.40q", buf.String())
	}
	var got cireport.JUnitSuites
	if err := xml.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if len(got.Suites) != len(paths) {
		t.Fatalf("%d suites for %d files", len(got.Suites), len(paths))
	}
	totalTests, totalFailures := 0, 0
	for i, s := range got.Suites {
		r := results[i]
		if s.Name != filepath.ToSlash(r.Path) || s.Tests != len(s.Cases) {
			t.Errorf("suite %d: %s with %d tests and %d cases", i, s.Name, s.Tests, len(s.Cases))
		}
		flowCases, failures, errs, warns := 0, 0, 0, 0
		for _, c := range s.Cases {
			if c.Name != documentCase {
				flowCases++
			}
			if c.Failure != nil {
				failures++
				errs += strings.Count(c.Failure.Text, ": error[")
			}
			if c.SystemOut != nil {
				warns += strings.Count(c.SystemOut.Text, ": warning[")
			}
		}
		if flowCases != r.Flows || failures != s.Failures {
			t.Errorf("%s: %d flow cases for %d flows, %d failures (suite says %d)", s.Name, flowCases, r.Flows, failures, s.Failures)
		}
		wantErrs, wantWarns := 0, 0
		for _, f := range r.Findings {
			if f.Severity == flows.SeverityError {
				wantErrs++
			} else {
				wantWarns++
			}
		}
		if errs != wantErrs || warns != wantWarns {
			t.Errorf("%s: %d errors and %d warnings reported, want %d and %d", s.Name, errs, warns, wantErrs, wantWarns)
		}
		totalTests += s.Tests
		totalFailures += s.Failures
	}
	if got.Tests != totalTests || got.Failures != totalFailures {
		t.Errorf("testsuites says %d tests %d failures, suites add up to %d and %d", got.Tests, got.Failures, totalTests, totalFailures)
	}
	// The clean export passes; the file that isn't JSON fails as a document.
	if s := got.Suites[0]; s.Failures != 0 || s.Tests != results[0].Flows || s.Cases[0].Name == documentCase {
		t.Errorf("clean export: %+v", s)
	}
	if s := got.Suites[2]; len(s.Cases) != 1 || s.Cases[0].Name != documentCase || s.Cases[0].Failure == nil {
		t.Errorf("syntax error: %+v", s)
	}
	// CDATA keeps the lines readable and survives a message that ends CDATA itself.
	buf.Reset()
	tricky := []*fileResult{{Path: "a.json", Findings: []flows.Finding{{Severity: flows.SeverityError, Code: "x/y", Message: "a ]]> b <c>", Line: 1, Column: 1}}}}
	if err := writeJUnit(&buf, tricky, nil); err != nil {
		t.Fatal(err)
	}
	var back cireport.JUnitSuites
	if err := xml.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if text := back.Suites[0].Cases[0].Failure.Text; text != "a.json:1:1: error[x/y]: a ]]> b <c>\n" {
		t.Errorf("failure text %q", text)
	}
	if !strings.Contains(buf.String(), "<![CDATA[a.json:1:1:") {
		t.Errorf("no CDATA: %s", buf.String())
	}
}

// TestValidateFormatFlag drives the formats through the command: exit status as for text, and
// output that is SARIF, workflow commands or JUnit XML.
func TestValidateFormatFlag(t *testing.T) {
	bad := filepath.Join("..", "..", "testdata", "validate", "err", "graph.json")
	good := filepath.Join("..", "..", "testdata", "validate", "ok", "messaging.json")
	schema := sarifSchema(t)
	for _, tc := range []struct {
		format string
		check  func(out string) error
	}{
		{"sarif", func(out string) error {
			var v any
			if err := json.Unmarshal([]byte(out), &v); err != nil {
				return err
			}
			return schema.Validate(v)
		}},
		{"junit", func(out string) error {
			var v cireport.JUnitSuites
			return xml.Unmarshal([]byte(out), &v)
		}},
		{"github", func(out string) error {
			if !strings.HasPrefix(out, "::error file=") {
				return fmt.Errorf("not workflow commands: %.60q", out)
			}
			return nil
		}},
	} {
		code, out, stderr := runValidateMain(t, "--format", tc.format, bad, good)
		if code != exitFindings || stderr != "" {
			t.Errorf("%s: exit %d, stderr %q", tc.format, code, stderr)
		}
		if err := tc.check(out); err != nil {
			t.Errorf("%s: %v", tc.format, err)
		}
		if code, _, _ := runValidateMain(t, "--format", tc.format, good); code != exitOK {
			t.Errorf("%s: clean file exits %d", tc.format, code)
		}
	}
	_, _, stderr := runValidateMain(t, "--format", "xml", good)
	if !strings.Contains(stderr, `unknown --format "xml": expected text, json, sarif, github or junit`) {
		t.Errorf("stderr %q", stderr)
	}
	code, out, _ := runMain("__complete", "validate", "--format", "")
	for _, f := range validateFormats {
		if code != 0 || !strings.Contains(out, f+"\n") {
			t.Errorf("--format completion lacks %s: %q", f, out)
		}
	}
}

// TestValidateSARIFInvocation: through the command, a run that read everything is a successful
// invocation, and a missing file makes it unsuccessful, with status 2.
func TestValidateSARIFInvocation(t *testing.T) {
	good := filepath.Join("..", "..", "testdata", "validate", "ok", "messaging.json")
	for _, tc := range []struct {
		args []string
		code int
		ok   bool
	}{
		{[]string{"validate", good, "--format", "sarif"}, 0, true},
		{[]string{"validate", good, "missing-flow.json", "--format", "sarif"}, exitUsage, false},
	} {
		code, out, _ := runMain(tc.args...)
		var log sarifLog
		if err := json.Unmarshal([]byte(out), &log); err != nil {
			t.Fatalf("%v: %v", tc.args, err)
		}
		inv := log.Runs[0].Invocations
		if code != tc.code || len(inv) != 1 || inv[0].ExecutionSuccessful != tc.ok {
			t.Errorf("%v: exit %d, invocations %+v; want exit %d, successful %v", tc.args, code, inv, tc.code, tc.ok)
		}
		if !tc.ok && !strings.Contains(inv[0].ToolExecutionNotifications[0].Message.Text, "missing-flow.json") {
			t.Errorf("%v: notification doesn't name the file: %+v", tc.args, inv)
		}
	}
}

// TestValidateJUnitUnreadable: a file validate couldn't read is an errored test case, so a
// test-report viewer doesn't show the run as all green.
func TestValidateJUnitUnreadable(t *testing.T) {
	good := filepath.Join("..", "..", "testdata", "validate", "ok", "messaging.json")
	code, out, _ := runMain("validate", good, "missing-flow.json", "--format", "junit")
	if code != exitUsage {
		t.Errorf("exit %d, want %d", code, exitUsage)
	}
	var suites cireport.JUnitSuites
	if err := xml.Unmarshal([]byte(out), &suites); err != nil {
		t.Fatal(err)
	}
	if suites.Tests != 2 || suites.Errors != 1 || suites.Failures != 0 || len(suites.Suites) != 2 {
		t.Fatalf("suites %+v, want 2 tests, 1 error", suites)
	}
	s := suites.Suites[0]
	if s.Name != unreadableSuite || s.Errors != 1 || s.Cases[0].Error == nil || !strings.Contains(s.Cases[0].Error.Message, "can't read missing-flow.json") {
		t.Errorf("unreadable suite %+v", s)
	}
	code, out, _ = runMain("validate", good, "--format", "junit")
	if code != 0 || strings.Contains(out, unreadableSuite) {
		t.Errorf("exit %d; a clean run has no unreadable suite:\n%s", code, out)
	}
}
