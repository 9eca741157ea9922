// Package cireport writes the report formats CI servers read, shared by `flowctl validate` and
// `flowctl test`: JUnit XML and GitHub Actions workflow commands.
package cireport

import (
	"encoding/xml"
	"io"
	"strings"
	"unicode/utf8"
)

// JUnitSuites is the root of a JUnit XML report, in the layout CI servers read (Jenkins, GitLab,
// GitHub test reporters).
type JUnitSuites struct {
	XMLName  xml.Name `xml:"testsuites"`
	Name     string   `xml:"name,attr"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Errors   int      `xml:"errors,attr"`
	// Time is in seconds; empty leaves the attribute out.
	Time   string       `xml:"time,attr,omitempty"`
	Suites []JUnitSuite `xml:"testsuite"`
}

// JUnitSuite is one test suite.
type JUnitSuite struct {
	Name     string `xml:"name,attr"`
	Tests    int    `xml:"tests,attr"`
	Failures int    `xml:"failures,attr"`
	Errors   int    `xml:"errors,attr"`
	// Skipped is written only when set, as some reports have no notion of skipping.
	Skipped *int        `xml:"skipped,attr"`
	Time    string      `xml:"time,attr,omitempty"`
	Cases   []JUnitCase `xml:"testcase"`
}

// JUnitCase is one test case: passed, or carrying a failure (the thing tested is wrong) or an
// error (it couldn't be tested).
type JUnitCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr,omitempty"`
	Failure   *JUnitProblem `xml:"failure,omitempty"`
	Error     *JUnitProblem `xml:"error,omitempty"`
	SystemOut *JUnitOutput  `xml:"system-out,omitempty"`
}

// JUnitProblem is a failure or an error. The text is written as CDATA, so that it reads as it
// prints (the encoder splits a "]]>" inside it).
type JUnitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",cdata"`
}

// JUnitOutput is a case's system-out, as CDATA.
type JUnitOutput struct {
	Text string `xml:",cdata"`
}

// WriteJUnit writes the report as an indented XML document with its header and a final newline.
func WriteJUnit(w io.Writer, report JUnitSuites) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(report); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// XMLSafe replaces the characters XML 1.0 forbids (most control characters, invalid UTF-8),
// which the encoder would otherwise write as is into a document no parser accepts.
func XMLSafe(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return r
		case r < 0x20, r == 0xFFFE, r == 0xFFFF, r == utf8.RuneError:
			return '\uFFFD'
		}
		return r
	}, s)
}
