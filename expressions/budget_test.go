package expressions

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the fuzz seed corpus files of the runaway templates")

// runawayTemplates are templates that once exhausted memory or time (issue 16), with how each
// must end now: with its error, well within the budget, before the work is done.
var runawayTemplates = []struct {
	name, template, wantErr string
}{
	{"replace-huge", `@(replace(repeat("a",1000000),"a",repeat("b",1000000)))`,
		"error calling replace(...): error calling repeat(...): cannot build a string longer than 10000 characters"},
	{"replace-over-budget", `@(replace(repeat("a", 10000), "a", repeat("b", 2000)))`, "expression is too complex to evaluate"},
	{"power-tower", `@(999999^9999^9999)`, "number value out of range"},
	{"join-over-budget", `@(join(split(repeat("a,", 5000), ","), repeat("x", 5000)))`, "expression is too complex to evaluate"},
	{"regex-in-a-loop", `@(foreach(split(repeat("a ", 5000), " "), (w) => regex_match(repeat("b", 9000), "(b+)+$")))`,
		"expression is too complex to evaluate"},
	{"nested-loops", `@(foreach(split(repeat("a,", 5000), ","), (x) => foreach(split(repeat("a,", 5000), ","), (y) => y)))`,
		"expression is too complex to evaluate"},
	{"concat-loop", `@(foreach(split(repeat("a ", 2000), " "), (w) => repeat("b", 9999) & repeat("c", 9999)))`,
		"expression is too complex to evaluate"},
	{"array-too-long", `@(concat(concat(split(repeat("a,", 5000), ","), split(repeat("b,", 5000), ",")), array(1)))`,
		"error calling concat(...): cannot build an array with more than 10000 items"},
	// a short pattern that compiles to a large program: its cost is the program's size, not its length
	{"regex-counted-repeat", `@(regex_match(repeat("ab", 5000), "(a|b|ab|ba)*(a|b){500}c"))`, "expression is too complex to evaluate"},
	{"pattern-counted-repeat", `@(has_pattern(repeat("a", 10000), "(a{1,100}){1,10}b"))`, "expression is too complex to evaluate"},
	{"words-in-a-loop", `@(foreach(split(repeat("a ", 5000), " "), (w) => word_count(repeat("b ", 5000))))`,
		"expression is too complex to evaluate"},
}

// TestRunawayTemplatesEnd checks every runaway template ends with its error; the budget error is
// the reference's, unprefixed, since it ends the whole evaluation.
func TestRunawayTemplatesEnd(t *testing.T) {
	for _, tc := range runawayTemplates {
		t.Run(tc.name, func(t *testing.T) {
			ctx := testContext()
			got, errs := EvaluateTemplate(ctx, tc.template)
			if got != "" || len(errs) != 1 || errs[0].(*EvalError).Err.Error() != tc.wantErr {
				t.Errorf("%s = %.80q %v, want the error %q", tc.template, got, errs, tc.wantErr)
			}
		})
	}
}

// The runaway templates are seeds of FuzzRender; this keeps the corpus files in step with the
// list above (regenerate them with -update).
func TestRunawaySeedsInCorpus(t *testing.T) {
	for _, tc := range runawayTemplates {
		path := filepath.Join("testdata", "fuzz", "FuzzRender", "issue16-"+tc.name)
		want := fmt.Sprintf("go test fuzz v1\nstring(%s)\n", strconv.Quote(tc.template))
		if *update {
			if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != want {
			t.Errorf("%s is missing or stale (go test ./expressions -run TestRunawaySeedsInCorpus -update): %v", path, err)
		}
	}
}

// The budget counts every value produced, text by its length: what fits passes, one byte more
// doesn't, and a function that would build too much says so before building it.
func TestBudgetAccounting(t *testing.T) {
	tests := []struct {
		template string
		budget   int
		wantErr  bool
	}{
		{`@(repeat("a", 100))`, 200, false},
		{`@(repeat("a", 100))`, 50, true},
		{`@("abc" & "def")`, 20, false},
		{`@(join(array("aaaa", "bbbb", "cccc"), "--"))`, 40, false},
		{`@(join(array("aaaa", "bbbb", "cccc"), "--"))`, 20, true},
		{`@(replace("abababab", "a", "xxxxxxxx"))`, 100, false},
		{`@(replace("abababab", "a", "xxxxxxxx"))`, 30, true},
		{`@(regex_match("aaaa", "a+"))`, 100, false},
		{`@(regex_match(repeat("a", 400), "a+"))`, 500, true},
		{`@(has_number(repeat("x", 400)))`, 500, true},
		{`@(word_count(repeat("x ", 200)))`, 500, true},
		{`@(json(array(repeat("a", 100), repeat("b", 100))))`, 1000, false},
		{`@(json(array(repeat("a", 100), repeat("b", 100))))`, 300, true},
	}
	for _, tc := range tests {
		ctx := testContext()
		ctx.Limits.Budget = tc.budget
		_, errs := EvaluateTemplate(ctx, tc.template)
		tooComplex := len(errs) == 1 && strings.Contains(errs[0].Error(), "expression is too complex to evaluate")
		if tooComplex != tc.wantErr || (!tc.wantErr && len(errs) > 0) {
			t.Errorf("%s with a budget of %d: errors %v, want too complex: %v", tc.template, tc.budget, errs, tc.wantErr)
		}
	}
}

// TestSharedAllowance: evaluations drawing from one allowance each keep their own budget, and
// the one that needs more than is left fails with the budget error, checked before the work
// (repeat affords its text before building it) as well as after (the value produced).
func TestSharedAllowance(t *testing.T) {
	for _, tc := range []struct {
		name      string
		template  string
		allowance int
		wantOK    int
	}{
		{"ample", `@(repeat("a", 1000))`, 1_000_000, 5},
		{"afforded before building", `@(repeat("a", 1000))`, 3500, 3},
		{"charged once produced", `@(upper("abcdefghij"))`, 75, 3}, // 22 units each,
		{"own budget still applies", `@(repeat("a", 1000))`, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := NewAllowance(tc.allowance)
			ok := 0
			for i := 0; i < 5; i++ {
				ctx := testContext()
				ctx.Limits.Shared = a
				if tc.allowance == 0 {
					ctx.Limits.Shared, ctx.Limits.Budget = nil, 100
				}
				_, errs := EvaluateTemplate(ctx, tc.template)
				if len(errs) == 0 {
					ok++
					continue
				}
				if msg := errs[0].(*EvalError).Err.Error(); msg != "expression is too complex to evaluate" {
					t.Fatalf("evaluation %d: %s", i, msg)
				}
			}
			if ok != tc.wantOK || a.Exhausted() != (tc.wantOK < 5 && tc.allowance > 0) {
				t.Errorf("%d evaluations succeeded (exhausted %v), want %d", ok, a.Exhausted(), tc.wantOK)
			}
		})
	}
}
