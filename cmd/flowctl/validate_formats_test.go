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
	"github.com/flowctl/flowctl/internal/cireport"
	"github.com/flowctl/flowctl/routing"
)

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
	inputs := append(errInputs(t), filepath.Join("flows", "gone.json"))
	_, out, _ := runValidateMain(t, append([]string{"--format", "sarif"}, inputs...)...)
	_, jsonOut, _ := runValidateMain(t, append([]string{"--format", "json"}, inputs...)...)
	var results struct {
		Files []struct {
			Path     string
			Findings []flows.Finding
		}
	}
	if err := json.Unmarshal([]byte(jsonOut), &results); err != nil {
		t.Fatal(err)
	}
	buf := bytes.NewBufferString(out)
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
		inv[0].ToolExecutionNotifications[0].Message.Text != "can't read "+filepath.Join("flows", "gone.json")+": no such file or directory" {
		t.Errorf("invocations = %+v, want one unsuccessful, naming the unreadable file", inv)
	}
	rules := run.Tool.Driver.Rules
	if want := len(check.AllRules()) + len(routing.Rules()); len(rules) != want || len(rules) < len(check.Rules()) {
		t.Errorf("%d rules, want %d (flows' and routing's)", len(rules), want)
	}
	if rules[0].ID != "asset/missing" || rules[0].Name != "AssetMissing" {
		t.Errorf("first rule %s named %s", rules[0].ID, rules[0].Name)
	}
	for _, r := range rules {
		if r.ShortDescription.Text == "" || !strings.Contains(r.Help.Text, r.ShortDescription.Text) || !strings.Contains(r.HelpURI, "#") {
			t.Errorf("rule %s lacks a description or help: %+v", r.ID, r)
		}
	}
	i := 0
	for _, fr := range results.Files {
		for _, f := range fr.Findings {
			res := run.Results[i]
			i++
			if res.RuleID != f.Code || rules[res.RuleIndex].ID != f.Code || res.Level != string(f.Severity) || !strings.HasPrefix(res.Message.Text, f.Message) ||
				res.PartialFingerprints["flowctlProblem/v1"] != f.Fingerprint || len(res.RelatedLocations) != f.Count-1 {
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
			if !strings.HasPrefix(out, "::group::") || !strings.Contains(out, "\n::error file=") {
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
	if len(suites.Suites) != 2 || suites.Suites[1].Tests != 1 || suites.Suites[1].Errors != 1 || suites.Suites[0].Failures != 0 {
		t.Fatalf("suites %+v, want a clean one, then one errored test", suites)
	}
	s := suites.Suites[1]
	if s.Name != "(unreadable)" || s.Errors != 1 || s.Cases[0].Error == nil || !strings.Contains(s.Cases[0].Error.Message, "can't read missing-flow.json") {
		t.Errorf("unreadable suite %+v", s)
	}
	code, out, _ = runMain("validate", good, "--format", "junit")
	if code != 0 || strings.Contains(out, "(unreadable)") {
		t.Errorf("exit %d; a clean run has no unreadable suite:\n%s", code, out)
	}
}

// sarifLog is what the tests read of a SARIF log.
type sarifLog struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Name, Version string
				Rules         []struct {
					ID, Name         string
					ShortDescription struct{ Text string }
					Help             struct{ Text string }
					HelpURI          string
				}
			}
		}
		Invocations []struct {
			ExecutionSuccessful        bool
			ToolExecutionNotifications []struct{ Message struct{ Text string } }
		}
		Artifacts []struct{ Location struct{ URI string } }
		Results   []struct {
			RuleID    string
			RuleIndex int
			Level     string
			Message   struct{ Text string }
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI   string
						Index *int
					}
					Region *struct{ StartLine int }
				}
			}
			RelatedLocations    []any
			PartialFingerprints map[string]string
		}
	}
}
