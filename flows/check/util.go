package check

import (
	"cmp"
	"slices"

	"github.com/flowctl/flowctl/flows"
)

// sortedKeys returns a map's keys in order, so findings come out in a stable order.
func sortedKeys[K cmp.Ordered, V any](m map[K]V) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// suggest returns "; did you mean 'x'?" naming the candidate closest to s, or "" when none is
// close enough to be a plausible typo.
func suggest(s string, candidates []string) string {
	best, ok := closest(s, candidates)
	if !ok {
		return ""
	}
	return "; did you mean '" + best + "'?"
}

// closest returns the candidate nearest to s (case-insensitively), if it is near enough to be
// what was meant.
func closest(s string, candidates []string) (string, bool) { return flows.Closest(s, candidates) }
