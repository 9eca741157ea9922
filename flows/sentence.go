package flows

import (
	"strings"
	"unicode/utf8"
)

// Sentence writes a lower-case summary (as finding rules and doc comments give them) as a
// sentence: trimmed, capital first, full stop last. An empty summary stays empty.
func Sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	first, n := utf8.DecodeRuneInString(s)
	s = strings.ToUpper(string(first)) + s[n:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}
