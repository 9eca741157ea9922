package validate

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/flowctl/flowctl/findings"
	"github.com/flowctl/flowctl/internal/cireport"
)

func TestRegion(t *testing.T) {
	src := []byte("{\n  \"name\": \"x}\\\"y\",\n  \"n\": -12.5e3,\n  \"o\": {\"a\": [1, \"]\"]},\n  \"emoji\": \"😀\", \"b\": true\n}")
	lines := findings.NewLines(src)
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
		if got := region(lines, tc.line, tc.col, true); *got != tc.want {
			t.Errorf("%s: got %+v, want %+v", tc.name, *got, tc.want)
		}
	}
	if got := region(lines, 2, 11, false); *got != (sarifRegion{StartLine: 2, StartColumn: 11}) {
		t.Errorf("a related location has no end: %+v", *got)
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
		if got := FileURI(filepath.FromSlash(in)); got != want {
			t.Errorf("FileURI(%q) = %q, want %q", in, got, want)
		}
	}
}

// fakeKind checks files whose content lists findings, one a line: "severity code line message".
type fakeKind struct{}

func (fakeKind) Claims(string, []byte) bool { return true }

func (fakeKind) Check(path string, src []byte) *File {
	f := &File{Path: path, Src: src, Units: []Unit{{Name: "Flow", ID: "f-1"}}}
	for _, l := range strings.Split(strings.TrimSpace(string(src)), "\n") {
		var sev, code string
		var line int
		if n, _ := fmt.Sscanf(l, "%s %s %d", &sev, &code, &line); n < 3 {
			continue
		}
		msg := strings.SplitN(l, " ", 4)[3]
		f.Findings = append(f.Findings, findings.Finding{Severity: findings.Severity(sev), Code: code, Message: msg, Line: line, Column: 1,
			Pointer: fmt.Sprintf("/flows/0/nodes/%d/actions/0/text", line), FlowUUID: "f-1", FlowName: "Flow", NodeUUID: fmt.Sprintf("n-%d", line),
			ActionUUID: fmt.Sprintf("a-%d", line), Node: fmt.Sprintf("send_msg %q", l)})
	}
	return f
}

func (fakeKind) Rules() []findings.Rule {
	return []findings.Rule{{Code: "lint/a", Severity: findings.SeverityWarning, Summary: "A."}, {Code: "lint/b", Severity: findings.SeverityWarning, Summary: "B."},
		{Code: "graph/c", Severity: findings.SeverityError, Summary: "C."}}
}

// files writes the named files into a folder and returns their paths in order.
func files(t *testing.T, contents ...string) []string {
	t.Helper()
	dir := t.TempDir()
	var paths []string
	for i, c := range contents {
		p := filepath.Join(dir, fmt.Sprintf("f%03d.json", i))
		if err := os.WriteFile(p, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

func runFormat(t *testing.T, name string, paths []string, o Options) (string, *Summary) {
	t.Helper()
	format, err := NewFormat(name, FormatOptions{Rules: fakeKind{}.Rules(), Tool: "flowctl", Version: "test", DocsURL: "https://x/findings.md"})
	if err != nil {
		t.Fatal(err)
	}
	o.Kinds = []Kind{fakeKind{}}
	var b bytes.Buffer
	sum, err := Run(&b, format, paths, o)
	if err != nil {
		t.Fatal(err)
	}
	return b.String(), sum
}

// TestGroup: the same problem in several places of a file is one finding listing every place,
// in order; different messages, codes or severities stay apart.
func TestGroup(t *testing.T) {
	f := func(sev findings.Severity, code, msg string, line int) findings.Finding {
		return findings.Finding{Severity: sev, Code: code, Message: msg, Line: line, Pointer: fmt.Sprintf("/nodes/%d", line)}
	}
	got := Group([]findings.Finding{
		f("warning", "lint/a", "x", 1), f("warning", "lint/b", "x", 2), f("warning", "lint/a", "x", 3),
		f("error", "lint/a", "x", 4), f("warning", "lint/a", "y", 5), f("warning", "lint/a", "x", 6),
	})
	var summary []string
	for _, g := range got {
		var lines []string
		for _, p := range g.Places {
			lines = append(lines, fmt.Sprint(p.Line))
		}
		summary = append(summary, fmt.Sprintf("%s %s %s %d@%d [%s]", g.Severity, g.Code, g.Message, g.Count, g.Line, strings.Join(lines, " ")))
	}
	want := []string{"warning lint/a x 3@1 [1 3 6]", "warning lint/b x 1@2 [2]", "error lint/a x 1@4 [4]", "warning lint/a y 1@5 [5]"}
	if strings.Join(summary, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(summary, "\n"), strings.Join(want, "\n"))
	}
	if got[0].Fingerprint == "" || got[0].Fingerprint == got[3].Fingerprint || got[0].Fingerprint != Fingerprint(&got[0]) {
		t.Errorf("fingerprints %q %q", got[0].Fingerprint, got[3].Fingerprint)
	}
}

// TestPlaceKey: a place's key survives moved lines and reordered nodes, not a different action
// or property.
func TestPlaceKey(t *testing.T) {
	base := findings.Place{Line: 10, Pointer: "/flows/2/nodes/5/actions/1/text", FlowUUID: "f", NodeUUID: "n", ActionUUID: "a"}
	moved := base
	moved.Line, moved.Pointer = 99, "/flows/7/nodes/0/actions/3/text"
	if PlaceKey(base) != PlaceKey(moved) {
		t.Error("moving an action changes its key")
	}
	other := base
	other.Pointer = "/flows/2/nodes/5/actions/1/quick_replies/0"
	if PlaceKey(base) == PlaceKey(other) {
		t.Error("two properties of one action share a key")
	}
	loc := findings.Place{Pointer: "/flows/1/localization/fra/a/text/0", FlowUUID: "f", NodeUUID: "n"}
	loc2 := loc
	loc2.Pointer = "/flows/4/localization/fra/a/text/0"
	if PlaceKey(loc) != PlaceKey(loc2) {
		t.Error("a translation's key depends on its flow's index")
	}
}

// TestRunOrderAndParallel: whatever order workers finish in, files are written in the order of
// the paths, and an unreadable file is a problem in its place.
func TestRunOrderAndParallel(t *testing.T) {
	var contents []string
	for i := range 50 {
		contents = append(contents, fmt.Sprintf("warning lint/a %d file %d\n", i+1, i))
	}
	paths := files(t, contents...)
	paths = append(paths[:10], append([]string{filepath.Join(t.TempDir(), "gone.json")}, paths[10:]...)...)
	var problems []string
	out, sum := runFormat(t, "json", paths, Options{Workers: 4, OnProblem: func(m string) { problems = append(problems, m) }})
	var doc struct {
		Files []struct {
			Path     string
			Findings []findings.Finding
		}
		Summary  Summary
		Problems []string
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(doc.Files) != 50 || sum.Files != 50 || sum.Warnings != 50 || len(problems) != 1 || len(doc.Problems) != 1 || !strings.Contains(doc.Problems[0], "gone.json") {
		t.Fatalf("%d files, summary %+v, problems %q / %q", len(doc.Files), *sum, problems, doc.Problems)
	}
	for i, f := range doc.Files {
		if want := fmt.Sprintf("file %d", i); f.Findings[0].Message != want {
			t.Errorf("file %d: %q, want %q", i, f.Findings[0].Message, want)
		}
	}
}

// TestRunSlowFilesAndCodeCounts: files that finish long after those behind them (more of them
// than the pipeline holds back at once) are still written in order, and each code counts the
// files it was found in, in the summary and in GitHub's annotations, however many findings a file
// has of it.
func TestRunSlowFilesAndCodeCounts(t *testing.T) {
	var contents []string
	for i := range 60 {
		c := fmt.Sprintf("warning lint/a %d file %d\nwarning lint/a %d again %d\n", i+1, i, i+2, i)
		if i%5 == 0 {
			c += fmt.Sprintf("error graph/c %d broken %d\n", i+3, i)
		}
		contents = append(contents, c)
	}
	paths := files(t, contents...)
	read := func(p string) ([]byte, error) {
		// every seventh file is slow, so the others pile up behind it
		if strings.HasSuffix(p, "0.json") || strings.HasSuffix(p, "7.json") {
			time.Sleep(5 * time.Millisecond)
		}
		return os.ReadFile(p)
	}
	for _, workers := range []int{1, 3, 8} {
		out, sum := runFormat(t, "github", paths, Options{Workers: workers, Read: read})
		last := -1
		for i := range 60 {
			at := strings.Index(out, fmt.Sprintf(": file %d\n", i))
			if at < last {
				t.Errorf("%d workers: file %d written before file %d", workers, i, i-1)
			}
			last = at
		}
		counts := map[string]CodeCount{}
		for _, c := range sum.Codes {
			counts[c.Code] = c
		}
		if a, c := counts["lint/a"], counts["graph/c"]; a.Files != 60 || a.Findings != 120 || c.Files != 12 || c.Findings != 12 {
			t.Errorf("%d workers: codes %+v", workers, sum.Codes)
		}
		for _, want := range []string{"title=lint/a (120 warnings in 60 files)::", "title=graph/c (12 errors in 12 files)::"} {
			if !strings.Contains(out, want) {
				t.Errorf("%d workers: no %q in the annotations", workers, want)
			}
		}
	}
}

// TestFilterAndBaseline: --severity and --disable drop findings before they are counted; a
// baseline hides known findings and known places, reporting a known problem's new places.
func TestFilterAndBaseline(t *testing.T) {
	paths := files(t, "warning lint/a 1 missing x\nwarning lint/a 2 missing x\nwarning lint/b 3 other\nerror graph/c 4 broken\n")
	filter := NewFilter(fakeKind{}.Rules())
	if err := filter.Disable("lint/b"); err != nil {
		t.Fatal(err)
	}
	_, sum := runFormat(t, "text", paths, Options{Filter: filter})
	if sum.Errors != 1 || sum.Warnings != 1 || sum.Places != 3 {
		t.Errorf("disabled lint/b: %+v", *sum)
	}
	if err := filter.SetSeverity("error"); err != nil {
		t.Fatal(err)
	}
	if _, sum := runFormat(t, "text", paths, Options{Filter: filter}); sum.Errors != 1 || sum.Warnings != 0 {
		t.Errorf("errors only: %+v", *sum)
	}
	if err := filter.Disable("lnt"); err == nil || !strings.Contains(err.Error(), "did you mean lint?") {
		t.Errorf("unknown code: %v", err)
	}
	if err := filter.Disable("lint/*"); err != nil || len(filter.Disabled()) != 2 {
		t.Errorf("layer: %v %v", err, filter.Disabled())
	}

	// Record a baseline, then move every line and add a place to a known problem.
	rec := &BaselineWriter{}
	runFormat(t, "text", paths, Options{Record: rec})
	if rec.Count() != 3 {
		t.Fatalf("recorded %d findings", rec.Count())
	}
	bpath := filepath.Join(t.TempDir(), "baseline.json")
	data, err := rec.Marshal(bpath)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bpath, data, 0o644); err != nil {
		t.Fatal(err)
	}
	base, err := LoadBaseline(bpath)
	if err != nil {
		t.Fatal(err)
	}
	if _, sum := runFormat(t, "text", paths, Options{Baseline: base}); sum.Errors+sum.Warnings != 0 || sum.Hidden != 3 {
		t.Errorf("unchanged files: %+v", *sum)
	}
	changed := "warning lint/a 1 missing x\nwarning lint/a 2 missing x\nwarning lint/a 7 missing x\nwarning lint/b 3 other\nerror graph/c 4 broken\nerror graph/c 5 new\n"
	if err := os.WriteFile(paths[0], []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	out, sum := runFormat(t, "json", paths, Options{Baseline: base})
	var doc struct {
		Files []struct{ Findings []findings.Finding }
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	got := doc.Files[0].Findings
	if len(got) != 2 || got[0].Message != "missing x" || got[0].Count != 1 || got[0].Line != 7 || got[1].Message != "new" || sum.Hidden != 2 {
		t.Errorf("after changes: %+v (summary %+v)", got, *sum)
	}
	if _, err := LoadBaseline(paths[0]); err == nil {
		t.Error("a flow file loads as a baseline")
	}
}

// TestTextFormat: a finding names its flow and node, shows its source line and lists its other
// places (a few, then how many more); the end has a table of codes and the summary.
func TestTextFormat(t *testing.T) {
	var b strings.Builder
	for i := range 8 {
		fmt.Fprintf(&b, "warning lint/a %d missing field\n", i+1)
	}
	b.WriteString("error graph/c 9 broken\n")
	paths := files(t, b.String())
	format := newText(FormatOptions{Snippet: true})
	var out bytes.Buffer
	sum, err := Run(&out, format, paths, Options{Kinds: []Kind{fakeKind{}}})
	if err != nil {
		t.Fatal(err)
	}
	text := strings.ReplaceAll(out.String(), paths[0], "f.json")
	for _, want := range []string{
		"f.json:1:1: warning[lint/a]: missing field (at /flows/0/nodes/1/actions/0/text)\n  in flow \"Flow\" (f-1), send_msg \"warning lint/a 1 missing field\"\n  warning lint/a 1 missing field\n  ^\n  also in 7 more places:\n    f.json:2:1 in flow \"Flow\" (f-1), send_msg",
		"    … and 4 more (--format json lists every place)\n",
		"lint/a   warning          1         8       1\n",
		"1 file, 1 flow, 1 error, 1 warning in 9 places\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q in\n%s", want, text)
		}
	}
	if i, j := strings.Index(text, "graph/c  error"), strings.Index(text, "lint/a   warning"); i < 0 || j < i {
		t.Errorf("errors don't come first in the table:\n%s", text)
	}
	if sum.Errors != 1 {
		t.Errorf("summary %+v", *sum)
	}
}

// TestGitHubFormat: few findings are annotated one by one; past GitHub's 10 a severity, one
// annotation per code, then one for the codes left over; the log lists everything.
func TestGitHubFormat(t *testing.T) {
	few := files(t, "error graph/c 3 exit leads nowhere: 100% sure\nwarning lint/a 9 no path\n")
	out, _ := runFormat(t, "github", few, Options{})
	out = strings.ReplaceAll(out, few[0], "f.json")
	for _, want := range []string{
		"::group::f.json: 1 error, 1 warning\nf.json:3:1: error[graph/c]: exit leads nowhere: 100% sure",
		"::endgroup::\n",
		"::error file=f.json,line=3,col=1,title=graph/c::exit leads nowhere: 100%25 sure%0Ain flow \"Flow\" (f-1), send_msg",
		"::warning file=f.json,line=9,col=1,title=lint/a::no path",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	if !strings.HasSuffix(out, "1 file, 1 flow, 1 error, 1 warning\n") {
		t.Errorf("no summary at the end:\n%s", out)
	}

	// 30 distinct errors of 12 codes, and 15 warnings of one code.
	var rules []findings.Rule
	var b strings.Builder
	for i := range 30 {
		fmt.Fprintf(&b, "error graph/c%d %d problem %d\n", i%12, i+1, i)
	}
	for i := range 15 {
		fmt.Fprintf(&b, "warning lint/a %d warned %d\n", 100+i, i)
	}
	for i := range 12 {
		rules = append(rules, findings.Rule{Code: fmt.Sprintf("graph/c%d", i), Severity: findings.SeverityError})
	}
	many := files(t, b.String())
	format := newGitHub(FormatOptions{Rules: rules})
	var buf bytes.Buffer
	if _, err := Run(&buf, format, many, Options{Kinds: []Kind{fakeKind{}}}); err != nil {
		t.Fatal(err)
	}
	out = buf.String()
	if n := strings.Count(out, "\n::error "); n != 10 {
		t.Errorf("%d error annotations, want 10:\n%s", n, out)
	}
	if n := strings.Count(out, "\n::warning "); n != 1 {
		t.Errorf("%d warning annotations, want 1 (one code)", n)
	}
	for _, want := range []string{
		"title=graph/c0 (3 errors in 1 file)::problem 0%0Ain flow",
		"%0A2 more errors of this code: see the step's log",
		"::error title=flowctl validate%3A more errors::6 errors of 3 codes more, listed in the step's log: graph/c9 (2), graph/c10 (2), graph/c11 (2)",
		"title=lint/a (15 warnings in 1 file)::warned 0",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	if n := strings.Count(out, ": error[graph/"); n != 30 {
		t.Errorf("the log lists %d errors, want all 30", n)
	}

	// The run's page gets the table of codes.
	var summary bytes.Buffer
	format = newGitHub(FormatOptions{Rules: rules, StepSummary: &summary, DocsURL: "https://x/findings.md"})
	if _, err := Run(io.Discard, format, many, Options{Kinds: []Kind{fakeKind{}}}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"### flowctl validate\n\n1 file, 1 flow, 30 errors, 15 warnings\n",
		"| [`graph/c0`](https://x/findings.md#graphc0) | error | 3 | 3 | 1 |\n", "| [`lint/a`](https://x/findings.md#linta) | warning | 15 | 15 | 1 |\n"} {
		if !strings.Contains(summary.String(), want) {
			t.Errorf("no %q in the step summary:\n%s", want, summary.String())
		}
	}
}

// TestJUnitFormat: a suite per file and a case per flow, errors as failures and warnings in
// system-out, CDATA surviving a message that ends CDATA itself; unreadable files errored.
func TestJUnitFormat(t *testing.T) {
	paths := files(t, "error graph/c 1 a ]]> b <c>\nwarning lint/a 2 careful\n", "")
	paths = append(paths, filepath.Join(t.TempDir(), "gone.json"))
	out, _ := runFormat(t, "junit", paths, Options{})
	if !strings.HasPrefix(out, "<?xml") || !strings.Contains(out, "<![CDATA[") {
		t.Errorf("no XML declaration or CDATA:\n%s", out)
	}
	var got cireport.JUnitSuites
	if err := xml.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(got.Suites) != 3 {
		t.Fatalf("%d suites:\n%s", len(got.Suites), out)
	}
	s := got.Suites[0]
	if s.Tests != 1 || s.Failures != 1 || s.Cases[0].Name != "Flow (f-1)" || !strings.Contains(s.Cases[0].Failure.Text, ": error[graph/c]: a ]]> b <c> (at") ||
		!strings.Contains(s.Cases[0].SystemOut.Text, ": warning[lint/a]: careful") {
		t.Errorf("first suite %+v", s)
	}
	if s := got.Suites[1]; s.Failures != 0 || s.Cases[0].Failure != nil {
		t.Errorf("clean file %+v", s)
	}
	if s := got.Suites[2]; s.Name != unreadableSuite || s.Errors != 1 || !strings.Contains(s.Cases[0].Error.Message, "gone.json") {
		t.Errorf("unreadable %+v", s)
	}
}

// TestWriteFinding: one finding as text output prints it: position, severity, code, message,
// and the source line (shortened around the column on long lines) with a marker.
func TestWriteFinding(t *testing.T) {
	src := []byte("{\n\t\"name\": 5\n}\n" + `{"x": "` + strings.Repeat("y", 300) + `"}`)
	tests := []struct {
		f    findings.Finding
		want string
	}{
		{findings.Finding{Severity: "error", Code: "schema/wrong-type", Message: "name is a number", Line: 2, Column: 10},
			"f.json:2:10: error[schema/wrong-type]: name is a number\n   \"name\": 5\n           ^\n"},
		{findings.Finding{Severity: "warning", Code: "lint/x", Message: "long", Line: 4, Column: 200, FlowName: "F", FlowUUID: "u", Node: "send_msg \"y\""},
			"f.json:4:200: warning[lint/x]: long\n  in flow \"F\" (u), send_msg \"y\"\n  …" + strings.Repeat("y", 100) + "…\n  " + strings.Repeat(" ", 51) + "^\n"},
		{findings.Finding{Severity: "error", Code: "syntax/invalid-json", Message: "empty", Line: 0}, "f.json:0:0: error[syntax/invalid-json]: empty\n"},
	}
	for _, tc := range tests {
		var b strings.Builder
		WriteFinding(&b, "f.json", findings.NewLines(src), &tc.f)
		if got := b.String(); got != tc.want {
			t.Errorf("got\n%s\nwant\n%s", got, tc.want)
		}
	}
}
