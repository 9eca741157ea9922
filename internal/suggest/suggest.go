// Package suggest finds the nearest valid name for "did you mean" hints, for every part of
// flowctl (flows, routing) without either depending on the other.
package suggest

import "strings"

// Distance is the Levenshtein distance between a and b, counted in bytes: the names it compares
// (action types, asset and queue names, keys) are mostly ASCII.
func Distance(a, b string) int {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(a) <= 64 {
		var p pattern
		p.set(a)
		return p.distance(b)
	}
	return tableDistance(a, b)
}

// tableDistance computes the distance row by row, for strings too long for a pattern.
func tableDistance(a, b string) int {
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

// pattern computes distances from one string of at most 64 bytes with Myers' bit-parallel
// algorithm (in Hyyrö's form): a column of the table is two 64-bit masks of +1 and -1 steps,
// so each byte of the other string costs a handful of word operations instead of a row of
// cells. "Did you mean" over thousands of names compares the same string many times, so the
// per-byte masks are set once per string.
type pattern struct {
	s   string
	peq [256]uint64 // peq[c] has bit i set where s[i] == c
}

func (p *pattern) set(s string) {
	for i := 0; i < len(p.s); i++ {
		p.peq[p.s[i]] = 0
	}
	p.s = s
	for i := 0; i < len(s); i++ {
		p.peq[s[i]] |= 1 << i
	}
}

// distance is Distance(p.s, b).
func (p *pattern) distance(b string) int {
	m := len(p.s)
	if m == 0 {
		return len(b)
	}
	if m > 64 {
		return tableDistance(p.s, b)
	}
	last := uint64(1) << (m - 1)
	pv, mv := ^uint64(0), uint64(0)
	score := m
	for i := 0; i < len(b); i++ {
		eq := p.peq[b[i]]
		xv := eq | mv
		xh := (((eq & pv) + pv) ^ pv) | eq
		ph := mv | ^(xh | pv)
		mh := pv & xh
		if ph&last != 0 {
			score++
		} else if mh&last != 0 {
			score--
		}
		ph = ph<<1 | 1
		mh <<= 1
		pv = mh | ^(xv | ph)
		mv = ph & xv
	}
	return score
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
