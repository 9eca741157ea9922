package validate

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strings"

	"github.com/flowctl/flowctl/findings"
)

// Format writes a run's findings in one output format. Render is called for different files from
// several goroutines at once and must only read the format's settings; Begin, Write and End are
// called from one goroutine: Begin first, Write for each file in order, End last.
type Format interface {
	Begin(w io.Writer) error
	// Render returns a file's part of the output, while its source is at hand.
	Render(f *File) []byte
	// Write writes a rendered file (whose source is gone by then). Files that couldn't be read
	// (Err set) are written too, with nothing rendered: the summary lists them at the end.
	Write(w io.Writer, f *File, rendered []byte) error
	End(w io.Writer, s *Summary) error
}

// Formats are the names of the output formats.
var Formats = []string{"text", "json", "sarif", "github", "junit"}

// FormatOptions are the settings formats share.
type FormatOptions struct {
	// Rules describe the codes (SARIF lists them).
	Rules []findings.Rule
	// Color turns on ANSI colours in text output; Snippet shows the source line under each finding.
	Color   bool
	Snippet bool
	// Tool and Version name flowctl in the reports that say who wrote them.
	Tool    string
	Version string
	// DocsURL is where the codes are explained (SARIF links each rule there).
	DocsURL string
	// StepSummary, for the github format, receives a Markdown summary of the run (the table of
	// codes), which GitHub shows on the run's page: flowctl appends it to $GITHUB_STEP_SUMMARY.
	StepSummary io.Writer
}

// NewFormat returns the named format.
func NewFormat(name string, o FormatOptions) (Format, error) {
	switch name {
	case "text":
		return newText(o), nil
	case "json":
		return &jsonFormat{}, nil
	case "sarif":
		return newSARIF(o), nil
	case "github":
		return newGitHub(o), nil
	case "junit":
		return &junitFormat{}, nil
	}
	return nil, fmt.Errorf("unknown format %q: expected %s or %s", name, strings.Join(Formats[:len(Formats)-1], ", "), Formats[len(Formats)-1])
}

// maxPlacesShown is how many places of a finding the line-oriented formats list.
const maxPlacesShown = 4

// Where says in words where a place is: its flow by name and UUID, and its node.
func Where(p findings.Place) string {
	flow := ""
	switch {
	case p.FlowName != "" && p.FlowUUID != "":
		flow = fmt.Sprintf("flow %q (%s)", p.FlowName, p.FlowUUID)
	case p.FlowUUID != "":
		flow = "flow " + p.FlowUUID
	case p.FlowName != "":
		flow = fmt.Sprintf("flow %q", p.FlowName)
	}
	switch {
	case flow != "" && p.Node != "":
		return flow + ", " + p.Node
	case flow != "":
		return flow
	}
	return p.Node
}

// Summary words a summary in one line: 3 files, 12 flows, 1 error, 4 warnings.
func (s *Summary) String() string {
	line := fmt.Sprintf("%s, %s, %s, %s", Count(s.Files, "file"), Count(s.Flows, "flow"), Count(s.Errors, "error"), Count(s.Warnings, "warning"))
	if s.Places > s.Errors+s.Warnings {
		line += fmt.Sprintf(" in %s", Count(s.Places, "place"))
	}
	if s.Hidden > 0 {
		line += fmt.Sprintf(" (%s hidden by the baseline)", Count(s.Hidden, "known finding"))
	}
	return line
}

// Count words a number of things: 1 file, 2 files.
func Count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// sortCodes orders code counts: errors first, then the codes with the most places.
func sortCodes(cs []CodeCount) {
	sort.Slice(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
		if a.Severity != b.Severity {
			return a.Severity == findings.SeverityError
		}
		if a.Places != b.Places {
			return a.Places > b.Places
		}
		return a.Code < b.Code
	})
}

// pathErr drops the operation and path from a file error, which the message names already.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
