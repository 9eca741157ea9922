package check

import (
	"sort"
	"strings"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/read"
)

// AllRules lists every code flowctl validate may report, sorted by code: the checks' rules and
// the reader's own codes (syntax, some schema ones, internal failures), whose severity the
// reader's descriptions give with a "Warning: " prefix. SARIF's rules and the findings
// reference are both made from it, so they can't list different codes.
func AllRules() []Rule {
	out := Rules()
	seen := make(map[string]bool, len(out))
	for _, r := range out {
		seen[r.Code] = true
	}
	for code, desc := range read.Codes {
		if seen[code] {
			continue
		}
		sev := flows.SeverityError
		if rest, ok := strings.CutPrefix(desc, "Warning: "); ok {
			sev, desc = flows.SeverityWarning, rest
		}
		out = append(out, Rule{Code: code, Severity: sev, Summary: desc})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// Description is the rule's summary written as a sentence, as SARIF and the reference show it.
func (r Rule) Description() string { return flows.Sentence(r.Summary) }
