package check

import (
	"strings"

	"github.com/flowctl/flowctl/flows"
)

// deprecatedPath is a context path the reference engine deprecates: reading it still works, but
// every read logs a warning event (the text flowctl run shows too).
type deprecatedPath struct {
	path        []string
	replacement string
}

// deprecatedPaths are the reference's deprecated context paths and what to use instead.
var deprecatedPaths = []deprecatedPath{
	{[]string{"contact", "id"}, "@contact.ref"},
	{[]string{"contact", "tickets"}, "@ticket"},
	{[]string{"legacy_extra"}, "@webhook.json"},
	{[]string{"child", "run", "status"}, "@child.status"},
	{[]string{"parent", "run", "status"}, "@parent.status"},
}

// lintDeprecated warns where a template reads a deprecated context path, naming the replacement.
func (c *checker) lintDeprecated(f *flows.Flow, fw where) {
	for _, t := range c.flowTemplates(f, fw) {
		if t.err != nil {
			continue
		}
		for _, r := range t.refs {
			for _, d := range deprecatedPaths {
				if !hasPrefix(r.path, d.path) {
					continue
				}
				c.reportAt(codeLintDeprecated, "", t.w, r.offset, "@%s is deprecated: the engine logs a warning each time it is read; use %s instead",
					strings.Join(d.path, "."), d.replacement)
				break
			}
		}
	}
}

func hasPrefix(path, prefix []string) bool {
	if len(path) < len(prefix) {
		return false
	}
	for i := range prefix {
		if path[i] != prefix[i] {
			return false
		}
	}
	return true
}
