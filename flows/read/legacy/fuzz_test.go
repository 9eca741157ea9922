package legacy

import (
	"strings"
	"testing"
)

// FuzzMigrateTemplate: migrating a template never panics, leaves text without @ alone, and
// migrating is stable (the same input twice gives the same output).
func FuzzMigrateTemplate(f *testing.F) {
	for _, s := range []string{"Hi @contact.name", "@(WORD(step.value, 2))", `@(IF(a <> "x""y", SUM(1, -2), LEFT(b, 3)))`,
		"@(date.today + 1)", "@flow.1st.value.", "@@", "@(", `@("`, "@(1 +)", "@(((", "@(é(ü))", "@extra.a.b"} {
		f.Add(s, false, false, false)
	}
	f.Fuzz(func(t *testing.T, tpl string, self, url, raw bool) {
		opts := migrateOptions{defaultToSelf: self, urlEncode: url, rawDates: raw}
		out := MigrateTemplate(tpl, opts)
		if !strings.Contains(tpl, "@") && out != tpl {
			t.Errorf("text without @ changed: %q → %q", tpl, out)
		}
		if again := MigrateTemplate(tpl, opts); again != out {
			t.Errorf("unstable: %q then %q", out, again)
		}
	})
}
