package validate

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/flowctl/flowctl/findings"
	"github.com/flowctl/flowctl/internal/textsafe"
)

// style holds the ANSI sequences of text output; all empty without colour.
type style struct {
	bold, red, yellow, dim, reset string
}

// textFormat prints each finding as path:line:col: severity[code]: message, the flow and node it
// is in, the source line with a marker under the column, and its other places; then a table of
// the codes found and a summary line.
type textFormat struct {
	st      style
	snippet bool
}

func newText(o FormatOptions) *textFormat {
	t := &textFormat{snippet: o.Snippet}
	if o.Color {
		t.st = style{bold: "\x1b[1m", red: "\x1b[31m", yellow: "\x1b[33m", dim: "\x1b[2m", reset: "\x1b[0m"}
	}
	return t
}

func (t *textFormat) Begin(io.Writer) error { return nil }

func (t *textFormat) Render(f *File) []byte {
	var b bytes.Buffer
	for i := range f.Findings {
		t.finding(&b, f, &f.Findings[i])
	}
	return b.Bytes()
}

// WriteFinding prints one finding as text output does, without colour: the findings reference
// shows its examples so.
func WriteFinding(w io.Writer, path string, lines *findings.Lines, f *findings.Finding) {
	var b bytes.Buffer
	(&textFormat{snippet: lines != nil}).finding(&b, &File{Path: path, Lines: lines}, f)
	_, _ = w.Write(b.Bytes())
}

func (t *textFormat) finding(b *bytes.Buffer, file *File, f *findings.Finding) {
	st := t.st
	sevColor := st.red
	if f.Severity == findings.SeverityWarning {
		sevColor = st.yellow
	}
	// One finding is one line: what the message quotes from the file (a name, an action type)
	// may hold line breaks or escape sequences, which are written as escapes (see textsafe).
	at := ""
	if f.Pointer != "" && !strings.Contains(f.Message, "'"+f.Pointer+"'") {
		at = fmt.Sprintf(" %s(at %s)%s", st.dim, textsafe.Line(f.Pointer), st.reset)
	}
	fmt.Fprintf(b, "%s%s:%d:%d:%s %s%s%s[%s]: %s%s\n", st.bold, textsafe.Line(file.Path), f.Line, f.Column, st.reset, sevColor, f.Severity, st.reset, f.Code, textsafe.Line(f.Message), at)
	if where := Where(f.First()); where != "" {
		fmt.Fprintf(b, "  %sin %s%s\n", st.dim, textsafe.Line(where), st.reset)
	}
	if t.snippet && f.Line >= 1 && file.Lines != nil {
		if line, col, ok := file.Lines.Snippet(f.Line, f.Column); ok && textsafe.Line(line) == line {
			fmt.Fprintf(b, "  %s%s%s\n  %s%s^%s\n", st.dim, line, st.reset, strings.Repeat(" ", col), sevColor, st.reset)
		}
	}
	places := f.AllPlaces()
	if len(places) < 2 {
		return
	}
	fmt.Fprintf(b, "  %salso in %s:%s\n", st.dim, Count(len(places)-1, "more place"), st.reset)
	for i, p := range places[1:] {
		if i == maxPlacesShown-1 && len(places)-1 > maxPlacesShown {
			fmt.Fprintf(b, "    %s… and %d more (--format json lists every place)%s\n", st.dim, len(places)-1-i, st.reset)
			break
		}
		fmt.Fprintf(b, "    %s:%d:%d", textsafe.Line(file.Path), p.Line, p.Column)
		if where := Where(p); where != "" {
			fmt.Fprintf(b, " %sin %s%s", st.dim, textsafe.Line(where), st.reset)
		}
		b.WriteByte('\n')
	}
}

func (t *textFormat) Write(w io.Writer, _ *File, rendered []byte) error {
	_, err := w.Write(rendered)
	return err
}

func (t *textFormat) End(w io.Writer, s *Summary) error {
	var b bytes.Buffer
	if len(s.Codes) > 1 || (len(s.Codes) == 1 && s.Codes[0].Findings > 1) {
		writeCodeTable(&b, s.Codes, t.st)
	}
	b.WriteString(s.String())
	b.WriteByte('\n')
	_, err := w.Write(b.Bytes())
	return err
}

// writeCodeTable prints how often each code was reported, so that a long output can be taken in
// at a glance and the noisiest codes found (to fix, or to --disable).
func writeCodeTable(b *bytes.Buffer, codes []CodeCount, st style) {
	width := len("code")
	for _, c := range codes {
		width = max(width, len(c.Code))
	}
	fmt.Fprintf(b, "\n%s%-*s  %-8s  %8s  %8s  %6s%s\n", st.bold, width, "code", "severity", "findings", "places", "files", st.reset)
	for _, c := range codes {
		fmt.Fprintf(b, "%-*s  %-8s  %8d  %8d  %6d\n", width, c.Code, c.Severity, c.Findings, c.Places, c.Files)
	}
	b.WriteByte('\n')
}
