// Package suggest finds the nearest valid name for "did you mean" hints, for every part of
// flowctl (flows, routing) without either depending on the other.
package suggest

import "strings"

// Distance is the Levenshtein distance between a and b, counted in bytes: the names it compares
// (action types, asset and queue names, keys) are mostly ASCII.
func Distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// Nearest returns the candidate nearest to s, compared case-insensitively, when it is near
// enough to be what was meant (at most max(2, len(s)/3) edits away); else "".
func Nearest(s string, candidates []string) string {
	best, bestDist := "", -1
	for _, c := range candidates {
		d := Distance(strings.ToLower(s), strings.ToLower(c))
		if bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	if best == "" || bestDist > max(2, len(s)/3) {
		return ""
	}
	return best
}
