package scenario

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/flowctl/flowctl/internal/cireport"
)

// fixtureReport runs the fixtures under testdata/_diff: greet fails on purpose (a changed text, a
// list element gone, an unexpected field, a missing sprint event, an extra one, expect and
// expect_status unmet), broken can't be read, pass passes.
func fixtureReport(t *testing.T) *Report {
	t.Helper()
	var paths []string
	for _, n := range []string{"broken", "greet", "pass"} {
		paths = append(paths, filepath.Join("testdata", "_diff", n+".scenario.json"))
	}
	outcomes := RunAll(context.Background(), paths, Options{Runner: fileRunner})
	for i := range outcomes {
		outcomes[i].Duration = time.Duration(i+1) * time.Millisecond
	}
	cov := ComputeCoverage([]Outcome{{Result: &Result{Flows: coverageFlows(), FlowUUID: "parent", Runs: []RunPath{
		{FlowUUID: "parent", Steps: []Step{{"ask", "ask-x"}, {"age", "age-other"}}}}}}})
	return &Report{Outcomes: outcomes, Coverage: cov, MinCoverage: 80, Elapsed: 1234567 * time.Microsecond}
}

func TestReportGoldens(t *testing.T) {
	tests := []struct {
		golden string
		write  func(*bytes.Buffer, *Report) error
		color  bool
	}{
		{"report.txt", func(b *bytes.Buffer, r *Report) error { return WriteText(b, r) }, false},
		{"report.color.txt", func(b *bytes.Buffer, r *Report) error { return WriteText(b, r) }, true},
		{"report.json", func(b *bytes.Buffer, r *Report) error { return WriteJSON(b, r) }, false},
		{"report.junit.xml", func(b *bytes.Buffer, r *Report) error { return WriteJUnit(b, r) }, false},
		{"report.github.txt", func(b *bytes.Buffer, r *Report) error { return WriteGitHub(b, r) }, false},
	}
	for _, tc := range tests {
		t.Run(tc.golden, func(t *testing.T) {
			r := fixtureReport(t)
			r.Color = tc.color
			var b bytes.Buffer
			if err := tc.write(&b, r); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, filepath.Join("testdata", "_diff", tc.golden), b.Bytes())
		})
	}
}

func TestReportText(t *testing.T) {
	r := fixtureReport(t)
	var b bytes.Buffer
	WriteText(&b, r)
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	if n := len(lines); lines[n-2] != "1 passed, 1 failed" || lines[n-1] != "took 1.235s" {
		t.Errorf("the summary and the time must be the last two lines, got %q", lines[n-2:])
	}
	if strings.Contains(b.String(), "\x1b[") {
		t.Error("colour codes without Color")
	}
	for _, want := range []string{
		"FAIL testdata/_diff/greet.scenario.json",
		`testdata/_diff/greet.scenario.json:22: sprint 1, event 2 (msg_created), field msg.text`,
		`- expected: "Hi Ann! What is your name?"`,
		`+ actual:   "Hi Ann! What's your name?"`,
		"unreadable: testdata/_diff/broken.scenario.json:4:1:",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if passed, failed, unreadable, _ := r.Counts(); passed != 1 || failed != 1 || unreadable != 1 {
		t.Errorf("counts %d %d %d", passed, failed, unreadable)
	}
	if !r.BelowMinimum() {
		t.Error("coverage 40% must be below a minimum of 80")
	}
}

func TestJUnitWellFormed(t *testing.T) {
	var b bytes.Buffer
	if err := WriteJUnit(&b, fixtureReport(t)); err != nil {
		t.Fatal(err)
	}
	// Decode it strictly, token by token, then into the structure CI tools read.
	dec := xml.NewDecoder(bytes.NewReader(b.Bytes()))
	dec.Strict = true
	for {
		if _, err := dec.Token(); err != nil {
			if err.Error() == "EOF" {
				break
			}
			t.Fatalf("not well-formed: %v", err)
		}
	}
	var doc cireport.JUnitSuites
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	s := doc.Suites[0]
	if doc.Tests != 4 || doc.Failures != 2 || doc.Errors != 1 || len(s.Cases) != 4 {
		t.Fatalf("tests %d failures %d errors %d cases %d", doc.Tests, doc.Failures, doc.Errors, len(s.Cases))
	}
	if s.Cases[1].Failure == nil || !strings.Contains(s.Cases[1].Failure.Text, `- expected: "Hi Ann! What is your name?"`) {
		t.Errorf("greet's failure should carry its diff: %+v", s.Cases[1].Failure)
	}
	if s.Cases[0].Error == nil || s.Cases[2].Failure != nil || s.Cases[3].Name != "coverage" {
		t.Errorf("cases %+v", s.Cases)
	}
}

func TestJUnitAwkwardText(t *testing.T) {
	r := &Report{Outcomes: []Outcome{{Path: "a]]>b\x01.json", Status: StatusFailed, Err: errors.New("bad ]]> \x1b[31m <&> \xff")}}}
	var b bytes.Buffer
	if err := WriteJUnit(&b, r); err != nil {
		t.Fatal(err)
	}
	var doc cireport.JUnitSuites
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("not well-formed: %v\n%s", err, b.String())
	}
	if got := doc.Suites[0].Cases[0].Failure.Text; !strings.Contains(got, "bad ]]> \uFFFD[31m <&> \uFFFD") {
		t.Errorf("failure text %q", got)
	}
}

func TestJSONReportReadsBack(t *testing.T) {
	var b bytes.Buffer
	WriteJSON(&b, fixtureReport(t))
	var doc struct {
		Scenarios []struct {
			Status      string
			Differences []Difference
		}
		Passed, Failed, Unreadable int
		Coverage                   *Coverage
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Passed != 1 || doc.Failed != 1 || doc.Unreadable != 1 || doc.Coverage == nil || doc.Coverage.Percent != 40 {
		t.Errorf("%+v", doc)
	}
	if len(doc.Scenarios[1].Differences) == 0 || doc.Scenarios[1].Differences[0].Line == 0 {
		t.Errorf("greet's differences should carry lines: %+v", doc.Scenarios[1])
	}
}

func TestGitHubEscaping(t *testing.T) {
	got := annotation("a,b:c.json", 3, 0, "t", "50% done\nnext")
	want := "::error file=a%2Cb%3Ac.json,line=3,title=t::50%25 done%0Anext\n"
	if got != want {
		t.Errorf("got %q want %q", got, want)
	}
}

func TestFocus(t *testing.T) {
	long := strings.Repeat("abcdefghij", 30)
	tests := []struct {
		a, b, wantA, wantB string
	}{
		{"short", "shirt", "short", "shirt"},
		{`"` + long + `X tail"`, `"` + long + `Y tail"`,
			"…" + long[len(long)-40:] + "X tail\"", "…" + long[len(long)-40:] + "Y tail\""},
		{`"X` + long + `"`, `"Y` + long + `"`, `"X` + long[:158] + "…", `"Y` + long[:158] + "…"},
		{long, "", long[:159] + "…", ""},
		{"é" + long + "1", "é" + long + "2", "…" + long[len(long)-40:] + "1", "…" + long[len(long)-40:] + "2"},
	}
	for _, tc := range tests {
		a, b := focus(tc.a, tc.b, 160)
		if a != tc.wantA || b != tc.wantB {
			t.Errorf("focus(%.20q…, %.20q…)\n got %q\n     %q\nwant %q\n     %q", tc.a, tc.b, a, b, tc.wantA, tc.wantB)
		}
	}
}
