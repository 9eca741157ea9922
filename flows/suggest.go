package flows

import "github.com/flowctl/flowctl/internal/suggest"

// Closest returns the candidate nearest to s (compared case-insensitively) when it is near enough
// to be what was meant, for the "did you mean" part of an error.
func Closest(s string, candidates []string) (string, bool) {
	best := suggest.Nearest(s, candidates)
	return best, best != ""
}
