package flows

import (
	"strings"
	"unicode"
)

// ResultKey is the key a result name is read back by (@results.key), as goflow derives it: the
// name trimmed of spaces, every run of characters other than letters, ASCII digits and
// underscores turned into one underscore, lower-cased. So "Favorite Color" is favorite_color,
// "Age?" is age_ and "_Result Classification" keeps its leading underscore.
func ResultKey(name string) string {
	var b strings.Builder
	inRun := false
	for _, r := range strings.TrimSpace(name) {
		if unicode.IsLetter(r) || r >= '0' && r <= '9' || r == '_' {
			b.WriteString(strings.ToLower(string(r)))
			inRun = false
			continue
		}
		if !inRun {
			b.WriteByte('_')
		}
		inRun = true
	}
	return b.String()
}
