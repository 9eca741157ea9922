package validate

import (
	"fmt"
	"sort"
	"strings"

	"github.com/flowctl/flowctl/findings"
	"github.com/flowctl/flowctl/flows"
)

// Filter decides which findings are reported: those at or above a severity whose code is
// enabled. Every code is enabled until Disable turns it off.
type Filter struct {
	// Errors reports only errors (--severity error); otherwise warnings too.
	errorsOnly bool
	disabled   map[string]bool
	rules      map[string]findings.Rule
	layers     map[string]bool
}

// NewFilter makes a filter that reports everything, knowing the codes rules lists (so that it can
// tell a mistyped code from one that merely didn't occur).
func NewFilter(rules []findings.Rule) *Filter {
	f := &Filter{disabled: map[string]bool{}, rules: map[string]findings.Rule{}, layers: map[string]bool{}}
	for _, r := range rules {
		f.rules[r.Code] = r
		layer, _, _ := strings.Cut(r.Code, "/")
		f.layers[layer] = true
	}
	return f
}

// Severities are the values of --severity: the least severe finding reported.
var Severities = []string{"warning", "error"}

// SetSeverity sets the least severity reported: "warning" (everything) or "error".
func (f *Filter) SetSeverity(s string) error {
	switch s {
	case "warning", "":
		f.errorsOnly = false
	case "error":
		f.errorsOnly = true
	default:
		return fmt.Errorf("unknown severity %q: expected error or warning", s)
	}
	return nil
}

// Disable turns codes off; Enable turns them back on. A pattern is a code
// (lint/missing-translation), or a layer (lint, or lint/*) for all of its codes.
func (f *Filter) Disable(patterns ...string) error { return f.set(patterns, true) }

// Enable turns codes on again (see Disable).
func (f *Filter) Enable(patterns ...string) error { return f.set(patterns, false) }

func (f *Filter) set(patterns []string, off bool) error {
	for _, p := range patterns {
		codes, err := f.expand(p)
		if err != nil {
			return err
		}
		for _, c := range codes {
			if off {
				f.disabled[c] = true
			} else {
				delete(f.disabled, c)
			}
		}
	}
	return nil
}

// expand lists the codes a pattern stands for.
func (f *Filter) expand(p string) ([]string, error) {
	p = strings.TrimSpace(p)
	if _, ok := f.rules[p]; ok {
		return []string{p}, nil
	}
	layer, rest, _ := strings.Cut(p, "/")
	if f.layers[layer] && (rest == "" || rest == "*") {
		var out []string
		for c := range f.rules {
			if strings.HasPrefix(c, layer+"/") {
				out = append(out, c)
			}
		}
		sort.Strings(out)
		return out, nil
	}
	known := make([]string, 0, len(f.rules)+len(f.layers))
	for c := range f.rules {
		known = append(known, c)
	}
	for l := range f.layers {
		known = append(known, l)
	}
	sort.Strings(known)
	best, dist := "", -1
	for _, k := range known {
		if d := flows.EditDistance(p, k); dist < 0 || d < dist {
			best, dist = k, d
		}
	}
	hint := ""
	if dist >= 0 && dist <= max(3, len(p)/3) {
		hint = fmt.Sprintf("; did you mean %s?", best)
	}
	return nil, fmt.Errorf("unknown finding code %q%s (codes are listed in docs/reference/findings.md; a layer such as lint or lint/* stands for all of its codes)", p, hint)
}

// Keep reports whether a finding is reported.
func (f *Filter) Keep(fd *findings.Finding) bool {
	if f == nil {
		return true
	}
	if f.errorsOnly && fd.Severity != findings.SeverityError {
		return false
	}
	return !f.disabled[fd.Code]
}

// Disabled lists the codes turned off, sorted.
func (f *Filter) Disabled() []string {
	out := make([]string, 0, len(f.disabled))
	for c := range f.disabled {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}
