package scenario

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/flowctl/flowctl/internal/cireport"
	"github.com/flowctl/flowctl/internal/textsafe"
)

// Report gathers what the writers print.
type Report struct {
	Outcomes []Outcome
	// Coverage is printed when not nil.
	Coverage *Coverage
	// MinCoverage is the required total coverage in percent; 0 or less means none.
	MinCoverage float64
	// CoverageTotals prints only the totals of coverage and the verdict on MinCoverage, not the
	// table per flow and what was never reached (--min-coverage without --coverage).
	CoverageTotals bool
	// Elapsed is the wall time of the whole run.
	Elapsed time.Duration
	// Color turns on ANSI colours in the text format.
	Color bool
	// Verbose lists passing scenarios too in the text format.
	Verbose bool
}

// Counts tallies the outcomes. Updated scenarios count as passed, since their files now hold
// what the engine does; updated counts every file --update rewrote, including those that still
// fail on expect or expect_status.
func (r *Report) Counts() (passed, failed, unreadable, updated int) {
	for _, o := range r.Outcomes {
		switch o.Status {
		case StatusPassed, StatusUpdated:
			passed++
		case StatusFailed:
			failed++
		case StatusError:
			unreadable++
		}
		if o.Rewritten {
			updated++
		}
	}
	return
}

// NotWritten counts the scenarios whose new outputs --update couldn't write.
func (r *Report) NotWritten() int {
	n := 0
	for _, o := range r.Outcomes {
		if o.Status == StatusNotWritten {
			n++
		}
	}
	return n
}

// BelowMinimum reports whether coverage was measured and falls short of MinCoverage.
func (r *Report) BelowMinimum() bool {
	return r.Coverage != nil && r.MinCoverage > 0 && r.Coverage.Percent < r.MinCoverage
}

func (r *Report) minimumMessage() string {
	return fmt.Sprintf("coverage %.1f%% is below the minimum of %g%%", r.Coverage.Percent, r.MinCoverage)
}

// maxShown bounds the differences printed per scenario: past that, the first ones say enough.
const maxShown = 20

// ANSI colours for the text format.
const (
	ansiRed   = "\x1b[31m"
	ansiGreen = "\x1b[32m"
	ansiBold  = "\x1b[1m"
	ansiDim   = "\x1b[2m"
	ansiReset = "\x1b[0m"
)

type painter bool

func (p painter) paint(code, s string) string {
	if !p {
		return s
	}
	return code + s + ansiReset
}

// WriteText writes the human report: each failing scenario with its differences, then the
// coverage table if measured, then "N passed, N failed" on a line of its own and the time taken.
func WriteText(w io.Writer, r *Report) error {
	p := painter(r.Color)
	var b strings.Builder
	for _, o := range r.Outcomes {
		switch o.Status {
		case StatusPassed:
			if r.Verbose {
				fmt.Fprintf(&b, "%s %s\n", p.paint(ansiGreen, "ok  "), textsafe.Line(o.Path))
			}
		case StatusUpdated:
			fmt.Fprintf(&b, "%s %s\n", p.paint(ansiGreen, "updated"), textsafe.Line(o.Path))
		case StatusError:
			fmt.Fprintf(&b, "%s %s\n", p.paint(ansiRed+ansiBold, "unreadable:"), textsafe.Lines(o.Err.Error()))
		case StatusNotWritten:
			fmt.Fprintf(&b, "%s %s\n", p.paint(ansiRed+ansiBold, "not updated:"), textsafe.Lines(o.Err.Error()))
		case StatusFailed:
			note := ""
			if o.Rewritten {
				note = " (outputs updated; expect or expect_status still fail)"
			}
			fmt.Fprintf(&b, "%s %s%s\n", p.paint(ansiRed+ansiBold, "FAIL"), textsafe.Line(o.Path), note)
			if o.Err != nil {
				fmt.Fprintf(&b, "  %s\n", textsafe.Lines(o.Err.Error()))
			}
			for i, d := range o.Differences {
				if i == maxShown {
					fmt.Fprintf(&b, "  … and %d more differences\n", len(o.Differences)-maxShown)
					break
				}
				writeTextDiff(&b, p, o.Path, d)
			}
		}
	}
	if r.Coverage != nil {
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		switch {
		case r.CoverageTotals:
			c := r.Coverage
			totals := fmt.Sprintf("coverage %.1f%% (nodes %d/%d, categories %d/%d)", c.Percent, c.NodesHit, c.NodesTotal, c.CategoriesHit, c.CategoriesTotal)
			if r.BelowMinimum() {
				fmt.Fprintf(&b, "%s\n", p.paint(ansiRed, fmt.Sprintf("%s: below the minimum of %g%% (--coverage lists what no scenario reaches)", totals, r.MinCoverage)))
			} else {
				fmt.Fprintf(&b, "%s: meets the minimum of %g%%\n", totals, r.MinCoverage)
			}
		default:
			writeCoverageText(&b, r.Coverage)
			if r.BelowMinimum() {
				fmt.Fprintf(&b, "%s\n", p.paint(ansiRed, r.minimumMessage()))
			}
		}
	}
	passed, failed, unreadable, updated := r.Counts()
	if b.Len() > 0 {
		b.WriteByte('\n')
	}
	if updated > 0 {
		fmt.Fprintf(&b, "%d updated\n", updated)
	}
	if n := r.NotWritten(); n > 0 {
		fmt.Fprintf(&b, "%d not updated (the file couldn't be written)\n", n)
	}
	if unreadable > 0 {
		fmt.Fprintf(&b, "%d unreadable\n", unreadable)
	}
	fmt.Fprintf(&b, "%d passed, %d failed\n", passed, failed)
	fmt.Fprintf(&b, "%s\n", p.paint(ansiDim, "took "+r.Elapsed.Round(time.Millisecond).String()))
	_, err := io.WriteString(w, b.String())
	return err
}

// diffTitle says where a difference is: the file line, the sprint, the event and the field.
func diffTitle(d Difference) string {
	if d.Kind == DiffExpect {
		// Its message names the event it came nearest to.
		return ""
	}
	var parts []string
	if d.Sprint > 0 {
		parts = append(parts, fmt.Sprintf("sprint %d", d.Sprint))
	}
	if d.Event > 0 {
		ev := fmt.Sprintf("event %d", d.Event)
		if d.Kind == DiffUnexpected && d.Field == "" {
			// Only the run has it: its number counts the run's events, not the scenario's.
			ev = "run event " + fmt.Sprint(d.Event)
		}
		if d.EventType != "" {
			ev += " (" + d.EventType + ")"
		}
		parts = append(parts, ev)
	}
	if d.Kind == DiffStatus {
		parts = append(parts, "expect_status")
	}
	title := strings.Join(parts, ", ")
	if d.Field != "" {
		if title != "" {
			title += ", "
		}
		title += "field " + d.Field
	}
	return title
}

// diffSummary is the one-line version of a difference, for annotations and JUnit messages.
func diffSummary(d Difference) string {
	var msg string
	switch d.Kind {
	case DiffChanged:
		msg = "changed"
	case DiffMissing:
		msg = "missing from the run"
	case DiffUnexpected:
		msg = "not in the scenario"
	}
	if d.Message != "" {
		msg = d.Message
	}
	if t := diffTitle(d); t != "" {
		msg = t + ": " + msg
	}
	if d.Expected != "" {
		msg += "; expected " + shorten(d.Expected, 200)
	}
	if d.Actual != "" {
		msg += "; actual " + shorten(d.Actual, 200)
	}
	return msg
}

func writeTextDiff(b *strings.Builder, p painter, path string, d Difference) {
	title := diffTitle(d)
	what := d.Message
	if what == "" {
		switch d.Kind {
		case DiffMissing:
			what = "missing from the run"
		case DiffUnexpected:
			what = "not in the scenario"
		}
	}
	// values from the flow and the scenario are written as escapes where they hold line breaks or
	// control characters: one difference is one line (see textsafe)
	title, what = textsafe.Line(title), textsafe.Line(what)
	line := fmt.Sprintf("%s:%d", textsafe.Line(path), d.Line)
	switch {
	case title != "" && what != "":
		fmt.Fprintf(b, "  %s: %s: %s\n", p.paint(ansiDim, line), title, what)
	case title != "":
		fmt.Fprintf(b, "  %s: %s\n", p.paint(ansiDim, line), title)
	default:
		fmt.Fprintf(b, "  %s: %s\n", p.paint(ansiDim, line), what)
	}
	exp, act := focus(textsafe.Line(d.Expected), textsafe.Line(d.Actual), 160)
	if d.Expected != "" {
		fmt.Fprintf(b, "    %s\n", p.paint(ansiRed, "- expected: "+exp))
	}
	if d.Actual != "" {
		fmt.Fprintf(b, "    %s\n", p.paint(ansiGreen, "+ actual:   "+act))
	}
}

// focus shortens two long values that differ to the same window around their first difference,
// so that the lines, printed one above the other, show where they part; a long value with no
// counterpart is cut at width.
func focus(a, b string, width int) (string, string) {
	if len(a) <= width && len(b) <= width {
		return a, b
	}
	if a == "" || b == "" {
		return shorten(a, width), shorten(b, width)
	}
	first := 0
	for first < len(a) && first < len(b) && a[first] == b[first] {
		first++
	}
	// Start a little before the difference, on a character boundary.
	start := max(first-width/4, 0)
	for start > 0 && (!utf8.RuneStart(a[start]) || !utf8.RuneStart(b[start])) {
		start--
	}
	cut := func(s string) string {
		out := s[start:]
		if len(out) > width {
			end := width
			for end > 0 && !utf8.RuneStart(out[end]) {
				end--
			}
			out = out[:end] + "…"
		}
		if start > 0 {
			out = "…" + out
		}
		return out
	}
	return cut(a), cut(b)
}

func writeCoverageText(b *strings.Builder, c *Coverage) {
	width := len("total")
	for _, f := range c.Flows {
		width = max(width, len([]rune(f.Name)))
	}
	row := func(name, nodes, cats, pct string) {
		fmt.Fprintf(b, "  %-*s  %9s  %10s  %6s\n", width, name, nodes, cats, pct)
	}
	b.WriteString("coverage:\n")
	if len(c.Flows) > 0 || len(c.Documents) == 0 {
		row("flow", "nodes", "categories", "%")
		for _, f := range c.Flows {
			row(f.Name, fmt.Sprintf("%d/%d", f.NodesHit, f.NodesTotal),
				fmt.Sprintf("%d/%d", f.CategoriesHit, f.CategoriesTotal), fmt.Sprintf("%.1f", f.Percent))
		}
		row("total", fmt.Sprintf("%d/%d", c.NodesHit, c.NodesTotal),
			fmt.Sprintf("%d/%d", c.CategoriesHit, c.CategoriesTotal), fmt.Sprintf("%.1f", percent(c.NodesHit+c.CategoriesHit, c.NodesTotal+c.CategoriesTotal)))
	}
	for _, d := range c.Documents {
		fmt.Fprintf(b, "  %s %q (%s): %d/%d filters and targets, %.1f%%\n", d.Kind, d.Name, d.Path, d.Hit, d.Total, d.Percent)
	}
	if len(c.Flows) > 0 && len(c.Documents) > 0 {
		fmt.Fprintf(b, "  all together: %.1f%%\n", c.Percent)
	}
	for _, f := range c.Flows {
		if len(f.MissedNodes)+len(f.MissedCategories) == 0 {
			continue
		}
		fmt.Fprintf(b, "never reached in flow %q (%s):\n", f.Name, f.UUID)
		for _, n := range f.MissedNodes {
			fmt.Fprintf(b, "  %s (node %s)\n", textsafe.Line(n.Description), n.UUID)
		}
		for _, m := range f.MissedCategories {
			fmt.Fprintf(b, "  category %q of %s (node %s)\n", m.Name, textsafe.Line(m.Router), m.NodeUUID)
		}
	}
	for _, d := range c.Documents {
		if len(d.Missed) == 0 {
			continue
		}
		fmt.Fprintf(b, "never reached in %s %q:\n", d.Kind, d.Name)
		for _, u := range d.Missed {
			fmt.Fprintf(b, "  %s\n", textsafe.Line(u.Description))
		}
	}
}

// jsonOutcome is one scenario in the JSON report.
type jsonOutcome struct {
	Path        string       `json:"path"`
	Status      Status       `json:"status"`
	DurationMS  float64      `json:"duration_ms"`
	Error       string       `json:"error,omitempty"`
	Differences []Difference `json:"differences"`
}

// WriteJSON writes the report as one JSON object.
func WriteJSON(w io.Writer, r *Report) error {
	passed, failed, unreadable, updated := r.Counts()
	out := struct {
		Scenarios   []jsonOutcome `json:"scenarios"`
		Passed      int           `json:"passed"`
		Failed      int           `json:"failed"`
		Unreadable  int           `json:"unreadable"`
		Updated     int           `json:"updated"`
		NotWritten  int           `json:"not_written,omitempty"`
		ElapsedMS   float64       `json:"elapsed_ms"`
		Coverage    *Coverage     `json:"coverage,omitempty"`
		MinCoverage float64       `json:"min_coverage,omitempty"`
	}{Scenarios: []jsonOutcome{}, Passed: passed, Failed: failed, Unreadable: unreadable, Updated: updated, NotWritten: r.NotWritten(),
		ElapsedMS: ms(r.Elapsed), Coverage: r.Coverage, MinCoverage: r.MinCoverage}
	for _, o := range r.Outcomes {
		jo := jsonOutcome{Path: o.Path, Status: o.Status, DurationMS: ms(o.Duration), Differences: o.Differences}
		if jo.Differences == nil {
			jo.Differences = []Difference{}
		}
		if o.Err != nil {
			jo.Error = o.Err.Error()
		}
		out.Scenarios = append(out.Scenarios, jo)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// WriteJUnit writes the report as JUnit XML: one test case per scenario file; a failing one
// carries its diff (without colours), an unreadable one an error. A coverage shortfall is one
// more failing case, so that CI shows it.
func WriteJUnit(w io.Writer, r *Report) error {
	suite := cireport.JUnitSuite{Name: "flowctl test", Time: seconds(r.Elapsed)}
	for _, o := range r.Outcomes {
		c := cireport.JUnitCase{Name: cireport.XMLSafe(o.Path), ClassName: "scenario", Time: seconds(o.Duration)}
		switch o.Status {
		case StatusFailed:
			var b strings.Builder
			if o.Err != nil {
				fmt.Fprintf(&b, "%v\n", o.Err)
			}
			for _, d := range o.Differences {
				writeTextDiff(&b, false, o.Path, d)
			}
			msg := fmt.Sprintf("%d difference(s)", len(o.Differences))
			if o.Err != nil {
				msg = o.Err.Error()
			} else if len(o.Differences) > 0 {
				msg = diffSummary(o.Differences[0])
			}
			c.Failure = &cireport.JUnitProblem{Message: cireport.XMLSafe(msg), Type: "scenario", Text: cireport.XMLSafe(b.String())}
			suite.Failures++
		case StatusError:
			c.Error = &cireport.JUnitProblem{Message: cireport.XMLSafe(o.Err.Error()), Type: "unreadable", Text: cireport.XMLSafe(o.Err.Error())}
			suite.Errors++
		case StatusNotWritten:
			c.Error = &cireport.JUnitProblem{Message: cireport.XMLSafe(o.Err.Error()), Type: "not-written", Text: cireport.XMLSafe(o.Err.Error())}
			suite.Errors++
		}
		suite.Cases = append(suite.Cases, c)
		suite.Tests++
	}
	if r.BelowMinimum() {
		suite.Cases = append(suite.Cases, cireport.JUnitCase{Name: "coverage", ClassName: "coverage", Time: "0",
			Failure: &cireport.JUnitProblem{Message: r.minimumMessage(), Type: "coverage", Text: r.minimumMessage()}})
		suite.Tests++
		suite.Failures++
	}
	return cireport.WriteJUnit(w, cireport.JUnitSuites{Name: "flowctl", Tests: suite.Tests, Failures: suite.Failures,
		Errors: suite.Errors, Time: suite.Time, Suites: []cireport.JUnitSuite{suite}})
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }

// WriteGitHub writes GitHub Actions workflow commands: one ::error annotation per difference (or
// per unreadable file) on the scenario file's line, so failures show in the pull request, then
// the summary lines.
func WriteGitHub(w io.Writer, r *Report) error {
	var b strings.Builder
	for _, o := range r.Outcomes {
		switch o.Status {
		case StatusError:
			line, col := 0, 0
			var re *ReadError
			if errors.As(o.Err, &re) {
				line, col = re.Line, re.Col
			}
			b.WriteString(annotation(o.Path, line, col, "unreadable scenario", o.Err.Error()))
		case StatusNotWritten:
			b.WriteString(annotation(o.Path, 0, 0, "scenario not updated", o.Err.Error()))
		case StatusFailed:
			if o.Err != nil {
				b.WriteString(annotation(o.Path, 1, 0, "scenario failed", o.Err.Error()))
			}
			for _, d := range o.Differences {
				b.WriteString(annotation(o.Path, d.Line, 0, "scenario differs", diffSummary(d)))
			}
		}
	}
	if r.BelowMinimum() {
		fmt.Fprintf(&b, "::error title=coverage::%s\n", cireport.GitHubData(r.minimumMessage()))
	}
	passed, failed, _, _ := r.Counts()
	fmt.Fprintf(&b, "%d passed, %d failed\n", passed, failed)
	fmt.Fprintf(&b, "took %s\n", r.Elapsed.Round(time.Millisecond))
	_, err := io.WriteString(w, b.String())
	return err
}

func annotation(file string, line, col int, title, msg string) string {
	props := "file=" + cireport.GitHubProperty(file)
	if line > 0 {
		props += fmt.Sprintf(",line=%d", line)
	}
	if col > 0 {
		props += fmt.Sprintf(",col=%d", col)
	}
	props += ",title=" + cireport.GitHubProperty(title)
	return "::error " + props + "::" + cireport.GitHubData(msg) + "\n"
}
