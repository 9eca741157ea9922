package validate

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/flowctl/flowctl/findings"
	"github.com/flowctl/flowctl/internal/cireport"
)

// maxAnnotations is how many annotations of each severity GitHub shows for a step: it keeps 10
// error and 10 warning annotations per step (and 50 per job run), dropping the rest unseen.
const maxAnnotations = 10

// githubFormat writes for GitHub Actions: every file's findings as plain lines in a collapsible
// group of the step's log, then annotations, which GitHub shows on the pull request's files. As
// GitHub shows only maxAnnotations of each severity, a run with more findings than that gets one
// annotation per code (at its first finding, with how many more there are), and when there are
// more codes than that too, a last annotation sums up the codes left over; the log lists every
// finding either way.
type githubFormat struct {
	text    *textFormat
	sev     map[findings.Severity]*annotations
	summary io.Writer
	docsURL string
	// written counts the files written so far
	written int
}

// annotations gathers what the annotations of one severity need, in memory that grows with the
// number of codes, not of findings.
type annotations struct {
	total int
	// first are the first maxAnnotations+1 findings, annotated one by one when that is all.
	first []annotated
	// byCode holds each code's first finding and counts, in order of first appearance.
	byCode map[string]*codeAnnotation
	codes  []string
}

type annotated struct {
	path string
	f    findings.Finding
}

type codeAnnotation struct {
	annotated
	findings, places int
	// files counts the files the code is in; lastFile is the last of them (by the number of
	// files written before it), so that no set of paths grows with the run
	files, lastFile int
}

func newGitHub(o FormatOptions) *githubFormat {
	return &githubFormat{text: &textFormat{}, summary: o.StepSummary, docsURL: o.DocsURL, sev: map[findings.Severity]*annotations{
		findings.SeverityError: {byCode: map[string]*codeAnnotation{}}, findings.SeverityWarning: {byCode: map[string]*codeAnnotation{}},
	}}
}

func (g *githubFormat) Begin(io.Writer) error { return nil }

func (g *githubFormat) Render(f *File) []byte {
	if len(f.Findings) == 0 {
		return nil
	}
	errs := 0
	for _, fd := range f.Findings {
		if fd.Severity == findings.SeverityError {
			errs++
		}
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "::group::%s: %s, %s\n", cireport.GitHubData(f.Path), Count(errs, "error"), Count(len(f.Findings)-errs, "warning"))
	file := &File{Path: f.Path} // no source: the log shows no snippets
	for i := range f.Findings {
		g.text.finding(&b, file, &f.Findings[i])
	}
	b.WriteString("::endgroup::\n")
	return b.Bytes()
}

func (g *githubFormat) Write(w io.Writer, f *File, rendered []byte) error {
	for _, fd := range f.Findings {
		a := g.sev[fd.Severity]
		if a == nil {
			continue
		}
		a.total++
		slim := fd
		slim.Places = nil // the annotation shows the first place and the count
		if len(a.first) <= maxAnnotations {
			a.first = append(a.first, annotated{f.Path, slim})
		}
		c := a.byCode[fd.Code]
		if c == nil {
			c = &codeAnnotation{annotated: annotated{f.Path, slim}, lastFile: -1}
			a.byCode[fd.Code] = c
			a.codes = append(a.codes, fd.Code)
		}
		c.findings++
		c.places += max(1, fd.Count)
		if c.lastFile != g.written {
			c.lastFile = g.written
			c.files++
		}
	}
	g.written++
	_, err := w.Write(rendered)
	return err
}

func (g *githubFormat) End(w io.Writer, s *Summary) error {
	var b bytes.Buffer
	if len(s.Codes) > 0 {
		writeCodeTable(&b, s.Codes, style{})
	}
	// What couldn't be read is annotated too, without a file: there is no line to put it on, and
	// the run's status 2 alone wouldn't show in a pull request's checks.
	problems := s.Problems
	if len(problems) > maxAnnotations {
		rest := len(problems) - (maxAnnotations - 1)
		problems = append(problems[:maxAnnotations-1:maxAnnotations-1], fmt.Sprintf("%s more could not be read (see the step's log)", Count(rest, "file or folder")))
	}
	for _, p := range problems {
		fmt.Fprintf(&b, "::error title=%s::%s\n", cireport.GitHubProperty("flowctl validate"), cireport.GitHubData(p))
	}
	budget := maxAnnotations - len(problems)
	g.sev[findings.SeverityError].write(&b, "error", budget)
	g.sev[findings.SeverityWarning].write(&b, "warning", maxAnnotations)
	b.WriteString(s.String())
	b.WriteByte('\n')
	if _, err := w.Write(b.Bytes()); err != nil {
		return err
	}
	if g.summary != nil {
		_, err := io.WriteString(g.summary, g.markdown(s))
		return err
	}
	return nil
}

// markdown is the run's summary for the GitHub run page: the summary line and the table of codes,
// each linked to its entry in the findings reference.
func (g *githubFormat) markdown(s *Summary) string {
	var b strings.Builder
	b.WriteString("### flowctl validate\n\n" + s.String() + "\n")
	if len(s.Problems) > 0 {
		fmt.Fprintf(&b, "\n%s could not be read (see the step's log).\n", Count(len(s.Problems), "file or folder"))
	}
	if len(s.Codes) > 0 {
		b.WriteString("\n| code | severity | findings | places | files |\n| --- | --- | ---: | ---: | ---: |\n")
		for _, c := range s.Codes {
			code := "`" + c.Code + "`"
			if g.docsURL != "" {
				code = "[" + code + "](" + g.docsURL + "#" + anchor(c.Code) + ")"
			}
			fmt.Fprintf(&b, "| %s | %s | %d | %d | %d |\n", code, c.Severity, c.Findings, c.Places, c.Files)
		}
	}
	b.WriteString("\n")
	return b.String()
}

// write annotates one severity's findings within budget annotations.
func (a *annotations) write(b *bytes.Buffer, cmd string, budget int) {
	if budget <= 0 || a.total == 0 {
		return
	}
	if a.total <= budget {
		for _, x := range a.first {
			annotate(b, cmd, x.path, &x.f, x.f.Code, annotationText(&x.f, ""))
		}
		return
	}
	codes := a.codes
	var rest []string
	if len(codes) > budget {
		codes, rest = a.codes[:budget-1], a.codes[budget-1:]
	}
	for _, code := range codes {
		c := a.byCode[code]
		title := code
		more := ""
		if c.findings > 1 {
			title = fmt.Sprintf("%s (%s in %s)", code, Count(c.findings, cmd), Count(c.files, "file"))
			more = fmt.Sprintf("%s of this code: see the step's log", Count(c.findings-1, "more "+cmd))
		}
		annotate(b, cmd, c.path, &c.f, title, annotationText(&c.f, more))
	}
	if len(rest) == 0 {
		return
	}
	n := 0
	var parts []string
	for _, code := range rest {
		c := a.byCode[code]
		n += c.findings
		parts = append(parts, fmt.Sprintf("%s (%d)", code, c.findings))
	}
	msg := fmt.Sprintf("%s of %s more, listed in the step's log: %s", Count(n, cmd), Count(len(rest), "code"), strings.Join(parts, ", "))
	fmt.Fprintf(b, "::%s title=%s::%s\n", cmd, cireport.GitHubProperty("flowctl validate: more "+cmd+"s"), cireport.GitHubData(msg))
}

// annotationText is a finding's message, where it is, how many places share it, and more.
func annotationText(f *findings.Finding, more string) string {
	lines := []string{f.Message}
	if where := Where(f.First()); where != "" {
		lines = append(lines, "in "+where)
	}
	if f.Count > 1 {
		lines = append(lines, fmt.Sprintf("also in %s of this file", Count(f.Count-1, "more place")))
	}
	if more != "" {
		lines = append(lines, more)
	}
	return strings.Join(lines, "\n")
}

func annotate(b *bytes.Buffer, cmd, path string, f *findings.Finding, title, msg string) {
	props := []string{"file=" + cireport.GitHubProperty(filepath.ToSlash(path))}
	if f.Line >= 1 {
		props = append(props, fmt.Sprintf("line=%d", f.Line))
		if f.Column >= 1 {
			props = append(props, fmt.Sprintf("col=%d", f.Column))
		}
	}
	props = append(props, "title="+cireport.GitHubProperty(title))
	fmt.Fprintf(b, "::%s %s::%s\n", cmd, strings.Join(props, ","), cireport.GitHubData(msg))
}
