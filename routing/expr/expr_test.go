package expr

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

func attrs(t testing.TB, s string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func mustCompile(t testing.TB, text string, ctx Context) *Program {
	t.Helper()
	tree, diags := Parse(text)
	if tree == nil {
		t.Fatalf("%q: %v", text, diags)
	}
	return Compile(tree, ctx)
}

func TestFilterSemantics(t *testing.T) {
	task := `{"type": "support", "language": "es", "level": 3, "vip": true, "vipStr": "true",
		"skills": ["billing", "tech"], "obj": {"array": ["a", "b", "c"], "attr": "bar"},
		"score": "7", "empty": null, "task": null}`
	for _, tc := range []struct {
		expr string
		want bool
	}{
		{"type == 'support'", true},
		{"type = 'support'", true},                       // = is equality
		{`type == "support"`, true},                      // double quotes
		{"type == 'Support'", false},                     // values are case-sensitive
		{"type == 'support' and language == 'es'", true}, // keywords are case-insensitive
		{"type == 'sales' Or language == 'es'", true},
		{"type != 'sales'", true},
		{"missing == 'x'", false}, // a missing key is NULL
		{"missing != 'x'", true},  // ... and NULL isn't 'x'
		{"missing == null", true}, // NULL literal
		{"type != null", true},
		{"empty == null", true}, // JSON null
		{"level > 2", true},
		{"level >= 3 AND level <= 3", true},
		{"level < 3", false},
		{"level == '3'", true}, // numeric string and number compare as numbers
		{"score > 5", true},
		{"type > 5", false}, // type mismatch: false, not an error
		{"missing > 5", false},
		{"vip == true", true},
		{"vipStr == true", true}, // the string "true" equals true
		{"vip", true},            // a boolean on its own
		{"type", false},          // a string isn't a condition
		{"skills HAS 'tech'", true},
		{"skills has 'sales'", false},
		{"type HAS 'support'", false}, // HAS on a scalar is false
		{"language IN ['en', 'es']", true},
		{"language in ['en', 'fr']", false},
		{"language NOT IN ['en', 'fr']", true},
		{"missing NOT IN ['en']", true},
		{"language NOT IN missing", false},       // an array operator with two scalars is false
		{"skills IN ['tech']", false},            // an array on the left of IN is false
		{"skills == ['billing', 'tech']", false}, // scalar operators on arrays are false
		{"skills != 'x'", false},
		{"type CONTAINS 'port'", true},
		{"type CONTAINS 'x'", false},
		{"level CONTAINS '3'", false},
		{"obj.array[2] == 'c'", true},
		{"obj.array[9] == null", true},
		{"obj.attr == 'bar'", true},
		{"obj.array HAS 'a'", true},
		{"obj.attr.deeper == null", true},
		{"(type == 'x' OR type == 'support') AND (level > 1)", true},
		{"1 == 1", true},
		{"1==0", false},
		{"'apple' != 'orange'", true},
		{"skill_rating >= 5.1", false},
		{"task.type == 'support'", false},    // the task has an attribute named "task": it wins
		{"type == 'support', 'sales'", true}, // read as IN, with a warning
		{"language IN ('es', 'en')", true},
		{"type ! = 'sales'", true},
		{"level > -1", true},
		{"level == 3.0", true},
	} {
		p := mustCompile(t, tc.expr, FilterContext)
		if got := p.Match(&Env{Task: attrs(t, task)}); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.expr, got, tc.want)
		}
	}
}

func TestFilterTaskPrefixFallsBackToBareKeys(t *testing.T) {
	p := mustCompile(t, "task.targetWorkers == true", FilterContext)
	if !p.Match(&Env{Task: attrs(t, `{"targetWorkers": true}`)}) {
		t.Error("task.targetWorkers should read targetWorkers when the task has no 'task' attribute")
	}
}

func TestTargetSemantics(t *testing.T) {
	env := &Env{
		Task: attrs(t, `{"language": "es", "preferred": ["WK1", "WK2"], "agent": "Alice"}`),
		Worker: &Worker{SID: "WK2", FriendlyName: "Alice", ActivityName: "Available",
			Attributes: attrs(t, `{"languages": ["en", "es"], "sid": "attribute-sid", "level": 4}`)},
	}
	for _, tc := range []struct {
		expr string
		want bool
	}{
		{"worker.languages HAS task.language", true},
		{"task.language IN worker.languages", true},
		{"worker.sid IN task.preferred", true}, // sid is the worker's field, not the attribute
		{"worker.friendly_name == task.agent", true},
		{"worker.activity_name == 'Available'", true},
		{"worker.level > 3 AND task.language == 'es'", true},
		{"language == 'es'", false}, // unprefixed keys read nothing in a target
		{"worker.missing == null", true},
	} {
		p := mustCompile(t, tc.expr, TargetContext)
		if got := p.Match(env); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.expr, got, tc.want)
		}
	}
}

func TestQueueAndSkipIfContexts(t *testing.T) {
	w := &Worker{Attributes: attrs(t, `{"skills": ["support"], "languages": ["english"]}`)}
	p := mustCompile(t, "(skills HAS 'support') AND (languages HAS 'english')", QueueContext)
	if !p.Match(&Env{Worker: w}) {
		t.Error("target_workers should read bare worker attributes")
	}
	p = mustCompile(t, "worker.skills HAS 'support'", QueueContext)
	if !p.Match(&Env{Worker: w}) {
		t.Error("target_workers should read worker.-prefixed keys as bare ones")
	}
	p = mustCompile(t, "workers.available == 0", SkipIfContext)
	if !p.Match(&Env{Counts: map[string]float64{"available": 0}}) || p.Match(&Env{Counts: map[string]float64{"available": 2}}) {
		t.Error("skip_if should read workers.available")
	}
}

func TestTimeOfDay(t *testing.T) {
	// Wednesday 2024-05-08 09:05 UTC, given in another zone: the variables are in UTC.
	at := time.Date(2024, 5, 8, 11, 5, 0, 0, time.FixedZone("CEST", 2*3600))
	env := &Env{Task: map[string]any{}, Clock: ClockAt(at)}
	for _, tc := range []struct {
		expr string
		want bool
	}{
		{"taskrouter.dayOfWeek == 'Wed'", true},
		{"taskrouter.dayOfWeek IN ['Mon', 'Tue', 'Wed']", true},
		{"taskrouter.currentTime > 0800 AND taskrouter.currentTime < 1830", true},
		{"taskrouter.currentTime == 905", true},
		{"taskrouter.currentHour > 8 AND taskrouter.currentHour < 18", true},
		{"taskrouter.currentHour == '09'", true},
		{"taskrouter.currentMin == 5", true},
		{"taskrouter.currentMin > 10", false},
	} {
		p := mustCompile(t, tc.expr, FilterContext)
		if got := p.Match(env); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.expr, got, tc.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		expr string
		col  int // 1-based column of the diagnostic
		code string
		want string
	}{
		{"", 1, CodeSyntax, "the expression is empty"},
		{"type == ", 9, CodeSyntax, "unexpected end of the expression: expected a value"},
		{"(type == 'a'", 1, CodeSyntax, "the ( opened here is never closed"},
		{"type == 'a')", 12, CodeSyntax, "unexpected \")\": expected AND, OR or the end"},
		{"type == 'abc", 9, CodeSyntax, "unterminated string"},
		{"customer-id == 'x'", 1, CodeHyphen, `"customer-id" can't be read; rename the attribute (e.g. "customer_id")`},
		{"a == 'x' && b == 'y'", 10, CodeSyntax, "'&&' is not a TaskRouter operator: write AND"},
		{"a == 'x' || b == 'y'", 10, CodeSyntax, "write OR"},
		{"NOT a == 'x'", 1, CodeSyntax, "NOT can't negate a condition"},
		{"a NOT 'x'", 3, CodeSyntax, "NOT must be followed by IN"},
		{"a <> 'x'", 3, CodeSyntax, "write != for"},
		{"a ! 'x'", 3, CodeSyntax, "TaskRouter has no ! operator"},
		{"a IN ['x',]", 10, CodeSyntax, "trailing comma"},
		{"a IN ['x'", 6, CodeSyntax, "the [ opened here is never closed"},
		{"skills[x] == 'a'", 7, CodeSyntax, "an array index must be a whole number"},
		{"a. == 'x'", 2, CodeSyntax, "a key can't end with '.'"},
		{"a == 'x' b == 'y'", 10, CodeSyntax, `unexpected key "b": expected AND, OR`},
		{"a == == 'x'", 6, CodeSyntax, "expected a value"},
		{"a # 'x'", 3, CodeSyntax, "unexpected '#'"},
		{"()", 1, CodeSyntax, "empty parentheses"},
		{"1abc == 2", 1, CodeSyntax, "a key can't start with a digit"},
		{"AND a == 1", 1, CodeSyntax, "expected a value or a key before AND"},
	} {
		tree, diags := Parse(tc.expr)
		if tree != nil {
			t.Errorf("%q: parsed", tc.expr)
			continue
		}
		var found bool
		for _, d := range diags {
			if d.Severity == Error && d.Code == tc.code && d.Span.Pos+1 == tc.col && strings.Contains(d.Msg, tc.want) {
				found = true
			}
		}
		if !found {
			t.Errorf("%q: want col %d %s %q, got %+v", tc.expr, tc.col, tc.code, tc.want, diags)
		}
	}
}

func TestOdditiesAreWarnings(t *testing.T) {
	for _, tc := range []struct {
		expr, code, want, canon string
	}{
		{"type ! = 'sales'", CodeOddOperator, `"! =" has blanks between ! and =: it is read as !=`, "type != 'sales'"},
		{"type == 'sales', 'support'", CodeCommaList, "read as IN ['sales', 'support']", "type IN ['sales', 'support']"},
		{"type != 'a','b'", CodeCommaList, "read as NOT IN ['a', 'b']", "type NOT IN ['a', 'b']"},
		{"language IN ('en', 'es')", CodeCommaList, "read as the array ['en', 'es']", "language IN ['en', 'es']"},
		{"skills NOT HAS 'x'", CodeNotOperator, "NOT HAS is not documented", "skills NOT HAS 'x'"},
	} {
		tree, diags := Parse(tc.expr)
		if tree == nil {
			t.Errorf("%q: %v", tc.expr, diags)
			continue
		}
		if len(diags) != 1 || diags[0].Severity != Warning || diags[0].Code != tc.code || !strings.Contains(diags[0].Msg, tc.want) {
			t.Errorf("%q: got %+v", tc.expr, diags)
		}
		if got := String(tree.Root); got != tc.canon {
			t.Errorf("%q read as %q, want %q", tc.expr, got, tc.canon)
		}
	}
}

func TestPrecedenceAndSpans(t *testing.T) {
	tree, _ := Parse("a == 1 OR b == 2 AND c == 3")
	if got := String(tree.Root); got != "a == 1 OR (b == 2 AND c == 3)" {
		t.Errorf("got %s", got)
	}
	l := tree.Root.(*Logical)
	if got := tree.Source(l.Terms[1]); got != "b == 2 AND c == 3" {
		t.Errorf("span text %q", got)
	}
	tree, _ = Parse("(a == 1)")
	if got := tree.Source(tree.Root); got != "(a == 1)" {
		t.Errorf("parenthesised span %q", got)
	}
}

func TestExplain(t *testing.T) {
	p := mustCompile(t, "type == 'support' AND (language IN ['en'] OR level > 5)", FilterContext)
	s := p.Explain(&Env{Task: attrs(t, `{"type": "support", "language": "es"}`)})
	if s.Result || s.Op != "AND" || len(s.Terms) != 2 {
		t.Fatalf("%+v", s)
	}
	if !s.Terms[0].Result || s.Terms[0].Left.Value != "support" {
		t.Errorf("first term %+v", s.Terms[0])
	}
	or := s.Terms[1]
	if or.Text != "(language IN ['en'] OR level > 5)" || or.Result {
		t.Errorf("or %+v", or)
	}
	if got := or.Terms[1].Note; got != "level is missing, so it is NULL" {
		t.Errorf("note %q", got)
	}
	p = mustCompile(t, "skills == 'tech'", FilterContext)
	s = p.Explain(&Env{Task: attrs(t, `{"skills": ["tech"]}`)})
	if !strings.Contains(s.Note, "skills is an array") {
		t.Errorf("note %q", s.Note)
	}
}

func TestConst(t *testing.T) {
	for _, tc := range []struct {
		expr string
		want Tri
	}{
		{"1==1", True}, {"1 == 0", False}, {"true", True}, {"'a' != 'a'", False},
		{"1==1 OR type == 'x'", True}, {"type == 'x' OR 1==1", True},
		{"1==0 AND type == 'x'", False}, {"type == 'x'", Unknown}, {"1==1 AND type=='x'", Unknown},
		{"'a' IN ['a', 'b']", True},
	} {
		tree, diags := Parse(tc.expr)
		if tree == nil {
			t.Fatal(diags)
		}
		if got := tree.Const(); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.expr, got, tc.want)
		}
	}
}

func TestGuarantees(t *testing.T) {
	for _, tc := range []struct {
		expr string
		ctx  Context
		want string
	}{
		{"language == 'es' AND level > 1", FilterContext, "language level"},
		{"a == 'x' OR b == 'y'", FilterContext, ""},
		{"(a == 'x' AND c == 1) OR (a == 'y' AND d == 2)", FilterContext, "a"},
		{"a != 'x'", FilterContext, ""},
		{"a != null", FilterContext, "a"},
		{"a == null", FilterContext, ""},
		{"a IN ['x', 'y']", FilterContext, "a"},
		{"a IN ['x', null]", FilterContext, ""},
		{"skills HAS 'x'", FilterContext, "skills"},
		{"task.x == 1", FilterContext, "x"},
		{"taskrouter.currentHour > 8", FilterContext, ""},
		{"obj.attr == 'bar'", FilterContext, "obj.attr"},
		{"task.language IN worker.languages", TargetContext, "language"},
	} {
		tree, _ := Parse(tc.expr)
		g := Guarantees(tree, tc.ctx)
		var got []string
		for _, k := range strings.Fields(tc.want) {
			if !g[k] {
				t.Errorf("%s: %s not guaranteed (%v)", tc.expr, k, g)
			}
			got = append(got, k)
		}
		if len(g) != len(got) {
			t.Errorf("%s: got %v, want %v", tc.expr, g, got)
		}
	}
}

func TestMatchDoesNotAllocate(t *testing.T) {
	p := mustCompile(t, "type == 'support' AND language IN ['en', 'es'] AND level > 2 AND skills HAS 'tech' AND obj.array[1] == 'b' AND taskrouter.currentHour >= 8", FilterContext)
	env := &Env{Task: attrs(t, `{"type": "support", "language": "es", "level": 3, "skills": ["tech"], "obj": {"array": ["a", "b"]}}`), Clock: ClockAt(time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC))}
	if !p.Match(env) {
		t.Fatal("no match")
	}
	if n := testing.AllocsPerRun(100, func() { p.Match(env) }); n != 0 {
		t.Errorf("Match allocates %v times", n)
	}
}

func BenchmarkMatch(b *testing.B) {
	p := mustCompile(b, "type == 'support' AND language IN ['en', 'es'] AND level > 2", FilterContext)
	env := &Env{Task: attrs(b, `{"type": "support", "language": "es", "level": 3}`)}
	b.ReportAllocs()
	for b.Loop() {
		p.Match(env)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"type == 'support' AND language IN ['en','es']",
		"(skills HAS 'support') AND (languages HAS \"english\")",
		"worker.sid NOT IN task.rejected_workers OR task.level >= 2.5",
		"taskrouter.currentTime > 0800 AND taskrouter.dayOfWeek = 'Mon'",
		"a ! = 'b', 'c'", "x-y == 1", "a.b[0].c == null", "((((1==1))))",
	} {
		f.Add(s)
	}
	task := map[string]any{"a": "b", "type": "support", "skills": []any{"x"}, "level": 2.0}
	f.Fuzz(func(t *testing.T, text string) {
		tree, diags := Parse(text)
		for _, d := range diags {
			if d.Span.Pos < 0 || d.Span.End > len(text) || d.Span.Pos > d.Span.End {
				t.Fatalf("diagnostic span %v outside the text (len %d): %s", d.Span, len(text), d.Msg)
			}
		}
		if tree == nil {
			return
		}
		for _, ctx := range []Context{FilterContext, TargetContext, QueueContext, SkipIfContext} {
			p := Compile(tree, ctx)
			env := &Env{Task: task, Worker: &Worker{Attributes: task}}
			got := p.Match(env)
			if s := p.Explain(env); s.Result != got {
				t.Fatalf("%q: Explain %v, Match %v", text, s.Result, got)
			}
		}
		tree.Const()
		Guarantees(tree, FilterContext)
		// What String writes must read back the same.
		again, d2 := Parse(String(tree.Root))
		if again == nil {
			t.Fatalf("%q rewritten as %q doesn't parse: %v", text, String(tree.Root), d2)
		}
		if String(again.Root) != String(tree.Root) {
			t.Fatalf("%q: %q then %q", text, String(tree.Root), String(again.Root))
		}
	})
}

func Example() {
	tree, _ := Parse("type == 'support' AND language IN ['en', 'es']")
	p := Compile(tree, FilterContext)
	fmt.Println(p.Match(&Env{Task: map[string]any{"type": "support", "language": "es"}}))
	// Output: true
}

// FuzzFastCompare checks that the specialised "key OP constant" comparison gives what the
// general one does, for every operator, both ways round, and values of every type.
func FuzzFastCompare(f *testing.F) {
	f.Add(uint8(0), `"3"`, `3`, false)
	f.Add(uint8(8), `"es"`, `['en', 'es']`, false)
	f.Add(uint8(7), `["a", 1, true]`, `1`, true)
	f.Add(uint8(2), `"10"`, `9.5`, true)
	f.Add(uint8(0), `true`, `'TRUE'`, false)
	f.Fuzz(func(t *testing.T, op uint8, value, constant string, flip bool) {
		var v any
		if json.Unmarshal([]byte(value), &v) != nil {
			return
		}
		cop := CmpOp(op % uint8(len(cmpNames)))
		text := "x " + cop.String() + " " + constant
		if flip {
			text = constant + " " + cop.String() + " x"
		}
		tree, _ := Parse(text)
		if tree == nil {
			return
		}
		c, ok := tree.Root.(*Compare)
		if !ok {
			return
		}
		p := Compile(tree, FilterContext)
		env := &Env{Task: map[string]any{"x": v}}
		got := p.Match(env)
		// The general path, on values built from the tree.
		slow := &compiler{tree: tree, ctx: FilterContext}
		want := compare(c.Op, slow.operand(c.L).eval(env), slow.operand(c.R).eval(env))
		if got != want {
			t.Fatalf("%s with x=%s: fast %v, general %v", text, value, got, want)
		}
	})
}
