// Package textsafe makes text from files (flow names, messages, action types, paths in scenario
// files) safe to print in line-based outputs: validate's and test's text and GitHub formats, the
// run transcript, error messages. A value from a file must not be able to start a line of its
// own (GitHub Actions takes a line beginning with "::" as a workflow command, so a crafted action
// type could forge an ::error annotation), move the cursor or recolour the terminal (escape
// sequences, carriage returns), or reorder what is shown (Unicode bidirectional controls).
package textsafe

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Line returns s for one line of output: control characters (line breaks included, tabs
// excepted), Unicode line and paragraph separators and bidirectional controls are written as
// escapes (\n, \r, \x1b, \u2028, \u202e), and bytes that aren't UTF-8 as \xNN.
func Line(s string) string {
	return escape(s, false, false)
}

// Lines is Line for text that may hold several lines of its own (a multi-line error message): it
// keeps its line breaks, but a line that would read as a GitHub workflow command ("::error ...")
// starts with a backslash.
func Lines(s string) string {
	s = escape(s, true, false)
	if !strings.Contains(s, "::") {
		return s
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimLeft(l, " \t"), "::") {
			lines[i] = `\` + l
		}
	}
	return strings.Join(lines, "\n")
}

// Text is Line for text whose line breaks (\n and \r) are left to the caller (the message of a
// GitHub annotation, which escapes them as %0A and %0D): every other control character is
// escaped as Line does.
func Text(s string) string {
	return escape(s, true, true)
}

func escape(s string, keepNewlines, keepReturns bool) string {
	i := 0
	for i < len(s) {
		c := s[i]
		if c >= 0x20 && c < 0x7f || c == '\t' || c == '\n' && keepNewlines || c == '\r' && keepReturns {
			i++
			continue
		}
		if c < 0x80 {
			break
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || unsafe(r) {
			break
		}
		i += size
	}
	if i == len(s) {
		return s // nothing to escape: the usual case costs one pass
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\t' || r == '\n' && keepNewlines || r == '\r' && keepReturns:
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafe(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// unsafe reports whether a non-ASCII rune must be escaped: C1 controls, line and paragraph
// separators, and the bidirectional embedding, override and isolate controls.
func unsafe(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f:
		return true
	case r == 0x2028 || r == 0x2029:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}
