package check

import (
	"testing"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/read"
)

func TestAllRules(t *testing.T) {
	all := AllRules()
	byCode := map[string]Rule{}
	for i, r := range all {
		if i > 0 && all[i-1].Code >= r.Code {
			t.Errorf("codes not sorted or repeated: %s then %s", all[i-1].Code, r.Code)
		}
		byCode[r.Code] = r
	}
	for _, r := range Rules() {
		if byCode[r.Code] != r {
			t.Errorf("rule %s: %+v, want the checks' %+v", r.Code, byCode[r.Code], r)
		}
	}
	for code := range read.Codes {
		if _, ok := byCode[code]; !ok {
			t.Errorf("reader code %s missing", code)
		}
	}
	if r := byCode["syntax/invalid-json"]; r.Severity != flows.SeverityError || r.Summary == "" {
		t.Errorf("syntax/invalid-json: %+v", r)
	}
}

func TestRuleDescription(t *testing.T) {
	if got := (Rule{Summary: "an exit leads nowhere"}).Description(); got != "An exit leads nowhere." {
		t.Errorf("Description = %q", got)
	}
}
