package findings

import "strings"

// snippetWidth is how much of a long (minified) line a snippet shows around the column.
const snippetWidth = 100

// Snippet returns the text of a 1-based line for showing under a finding, shortened around the
// column for long lines (with "…" where it was cut, never inside a UTF-8 sequence), with tabs
// turned to spaces so that a marker lines up, and the 0-based column of the marker in the
// returned text. ok is false when there is no such line. validate's text output and the findings
// reference both show findings this way.
func (l *Lines) Snippet(line, col int) (text string, marker int, ok bool) {
	b, ok := l.Line(line)
	if !ok {
		return "", 0, false
	}
	full := string(b)
	col = max(0, min(col-1, len(full)))
	from, to, prefix, suffix := 0, len(full), "", ""
	if len(full) > snippetWidth {
		from = max(0, min(col-snippetWidth/2, len(full)-snippetWidth))
		for from > 0 && full[from]&0xC0 == 0x80 {
			from--
		}
		to = min(len(full), from+snippetWidth)
		for to < len(full) && full[to]&0xC0 == 0x80 {
			to++
		}
		if from > 0 {
			prefix = "…"
		}
		if to < len(full) {
			suffix = "…"
		}
	}
	marker = len([]rune(prefix)) + len([]rune(full[from:max(from, min(col, to))]))
	return strings.ReplaceAll(prefix+full[from:to]+suffix, "\t", " "), marker, true
}
