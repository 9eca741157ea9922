package validate

import (
	"bytes"
	"encoding/xml"
	"io"
	"path/filepath"

	"github.com/flowctl/flowctl/findings"
	"github.com/flowctl/flowctl/internal/cireport"
)

// junitFormat writes a JUnit XML report: a test suite per file and a test case per flow in it; a
// flow with errors has a failure listing them, and its warnings go to the case's system-out.
// Findings outside any flow (the file's syntax, an assets document) and files without flows have
// a "(document)" case. What couldn't be read makes errored cases of an "(unreadable)" suite.
//
// Suites are streamed as files are done, so the root element carries no totals (they are
// optional in the JUnit schema, and CI servers add up the suites' own).
type junitFormat struct{}

// unreadableSuite names the test suite of the files and folders validate couldn't read: in
// JUnit's terms, tests that errored rather than failed.
const unreadableSuite = "(unreadable)"

// documentCase names the test case of findings that belong to no flow of a file (its syntax, an
// assets document) and of a file without flows.
const documentCase = "(document)"

func (j *junitFormat) Begin(w io.Writer) error {
	_, err := io.WriteString(w, xml.Header+`<testsuites name="flowctl validate">`+"\n")
	return err
}

func (j *junitFormat) Render(f *File) []byte {
	suite := cireport.JUnitSuite{Name: filepath.ToSlash(f.Path), Skipped: new(int)}
	type flowCase struct {
		name     string
		findings []*findings.Finding
	}
	var cases []*flowCase
	byID := map[string]*flowCase{}
	for _, u := range f.Units {
		c := &flowCase{name: u.Label()}
		cases = append(cases, c)
		if u.ID != "" && byID[u.ID] == nil {
			byID[u.ID] = c
		}
	}
	var docCase *flowCase
	for i := range f.Findings {
		fd := &f.Findings[i]
		c := byID[fd.FlowUUID]
		if c == nil {
			if docCase == nil {
				docCase = &flowCase{name: documentCase}
			}
			c = docCase
		}
		c.findings = append(c.findings, fd)
	}
	if docCase != nil || len(cases) == 0 {
		if docCase == nil {
			docCase = &flowCase{name: documentCase}
		}
		cases = append([]*flowCase{docCase}, cases...)
	}
	plain := &textFormat{}
	file := &File{Path: suite.Name}
	for _, c := range cases {
		jc := cireport.JUnitCase{Name: c.name, ClassName: suite.Name}
		var errs, warns bytes.Buffer
		nerrs := 0
		for _, fd := range c.findings {
			if fd.Severity == findings.SeverityError {
				nerrs++
				plain.finding(&errs, file, fd)
			} else {
				plain.finding(&warns, file, fd)
			}
		}
		if nerrs > 0 {
			jc.Failure = &cireport.JUnitProblem{Message: Count(nerrs, "error"), Type: "error", Text: cireport.XMLSafe(errs.String())}
			suite.Failures++
		}
		if warns.Len() > 0 {
			jc.SystemOut = &cireport.JUnitOutput{Text: cireport.XMLSafe(warns.String())}
		}
		suite.Cases = append(suite.Cases, jc)
	}
	suite.Tests = len(suite.Cases)
	return encodeSuite(suite)
}

func encodeSuite(s cireport.JUnitSuite) []byte {
	var b bytes.Buffer
	enc := xml.NewEncoder(&b)
	enc.Indent("  ", "  ")
	if err := enc.EncodeElement(s, xml.StartElement{Name: xml.Name{Local: "testsuite"}}); err != nil {
		panic(err) // strings and numbers only
	}
	b.WriteByte('\n')
	return b.Bytes()
}

func (j *junitFormat) Write(w io.Writer, _ *File, rendered []byte) error {
	_, err := w.Write(rendered)
	return err
}

func (j *junitFormat) End(w io.Writer, s *Summary) error {
	var b bytes.Buffer
	if len(s.Problems) > 0 {
		suite := cireport.JUnitSuite{Name: unreadableSuite, Tests: len(s.Problems), Errors: len(s.Problems), Skipped: new(int)}
		for _, p := range s.Problems {
			p = cireport.XMLSafe(p)
			suite.Cases = append(suite.Cases, cireport.JUnitCase{Name: p, ClassName: unreadableSuite, Error: &cireport.JUnitProblem{Message: p, Type: "io"}})
		}
		b.Write(encodeSuite(suite))
	}
	b.WriteString("</testsuites>\n")
	_, err := w.Write(b.Bytes())
	return err
}
