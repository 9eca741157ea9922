package flows

import "strings"

// Closest returns the candidate nearest to s (compared case-insensitively) when it is near enough
// to be what was meant, for the "did you mean" part of an error.
func Closest(s string, candidates []string) (string, bool) {
	best, bestDist := "", -1
	for _, c := range candidates {
		d := EditDistance(strings.ToLower(s), strings.ToLower(c))
		if bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	if best == "" || bestDist > max(2, len(s)/3) {
		return "", false
	}
	return best, true
}
