package expressions

import (
	"testing"
	"unicode/utf8"
)

var fuzzSeeds = []string{
	"", "@", "@@", "@(", "@()", "@(1 + 2)", "Hi @contact.name.", "bob@example.com", "@(\"a)b\")",
	benchTemplate, `@(apply((x) => x & "!", string1))`, `@(contact.urns[-1])`, `@(2 ^ 3 ^ 2)`,
	`@(-"4" * (1 / 0))`, `@(contact.fields["age"] >= 18 = true)`, `@((a, b) => a)`, `@(x[`, "@(\"\\",
	`@(twice(twice(twice(1))))`, `@(words & words & words & words)`, `@(99999999999 ^ 9999)`,
	`@(repeat(words, 99999))`, `@(foreach(split(words, " "), (w) => upper(w)))`, `@(json(contact))`,
	`@(format_date(date1, "YYYY"))`, `@(default(x, "d"))`, `@(parse_json("[1, {\"a\": 2}]")[1].a)`,
}

// FuzzParse checks that no template makes the parser panic and that every position it reports
// is inside the source.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		tpl := parseTemplate(src)
		if tpl.err != nil && (tpl.err.Offset < 0 || tpl.err.Offset > len(src)) {
			t.Fatalf("syntax error offset %d outside %q", tpl.err.Offset, src)
		}
		for _, r := range tpl.References() {
			if r.Offset < 0 || r.Offset >= len(src) || len(r.Path) == 0 {
				t.Fatalf("bad reference %v in %q", r, src)
			}
		}
		if _, err := ParseExpression(src); err != nil {
			if serr, ok := err.(*SyntaxError); !ok || serr.Offset < 0 || serr.Offset > len(src) {
				t.Fatalf("bad expression error %v for %q", err, src)
			}
		}
	})
}

// FuzzRender checks that rendering any template in a small context, with a small budget,
// neither panics nor produces more than the budget allows beyond the template's own text (each
// of its bytes at most a U+FFFD), and that literal text (no '@', no NUL) renders as itself. The
// seed corpus holds the runaway templates of issue 16 (testdata/fuzz/FuzzRender/issue16-*) and
// invalid-utf8-with-nul, 2,834 bytes that come out as 8,486.
func FuzzRender(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		ctx := testContext()
		ctx.Limits = Limits{Budget: 4096, MaxDepth: 20}
		tpl := parseTemplate(src)
		out, _ := tpl.Render(ctx)
		// Text that isn't literal is scanned rune by rune, as the reference's scanner reads it:
		// an invalid byte comes out as U+FFFD, three bytes for one.
		if len(out) > ctx.Limits.Budget+3*len(src) {
			t.Fatalf("output of %d bytes for %q", len(out), src)
		}
		// Text with a NUL is not literal: the reference's scanner drops the NUL.
		if utf8.ValidString(src) && IsLiteral(src) && out != src {
			t.Fatalf("plain text %q rendered as %q", src, out)
		}
		v, _ := tpl.RenderValue(ctx)
		_, _ = ToText(ctx, v)
		_, _ = ToJSON(ctx, v)
	})
}
