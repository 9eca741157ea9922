package flows

import "github.com/flowctl/flowctl/internal/suggest"

// EditDistance is the Levenshtein distance between a and b, counted in bytes: the names it
// compares for "did you mean" suggestions (action types, asset names, flow types) are ASCII.
func EditDistance(a, b string) int { return suggest.Distance(a, b) }
