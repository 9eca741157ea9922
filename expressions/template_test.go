package expressions

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func testNum(s string) Value { return NewNumber(decimal.RequireFromString(s)) }

// testFunc makes a function value for the test context, so that these tests don't depend on the
// built-in functions registered by other files.
// Like the registry, it requires at least one argument.
func testFunc(name string, fn Function) *Func {
	return &Func{name: name, arity: -1, fn: func(ctx *EvalContext, args []Value) Value {
		if len(args) == 0 {
			return NewError("%s takes at least 1 argument", name)
		}
		return fn(ctx, args)
	}}
}

// testContext is a small context like a flow run's.
func testContext() *EvalContext {
	contact := NewObject().
		Set("name", Text("Ryan Lewis")).
		Set("first_name", Text("Ryan")).
		Set("fields", NewObject().Set("age", testNum("23")).Set("gender", Text("male")).Set("empty", nil)).
		Set("urns", NewArray(Text("tel:+12065551212"), Text("twitter:bob"))).
		SetDefault(Text("Ryan Lewis"))
	root := NewObject().
		Set("contact", contact).
		Set("results", NewObject().Set("color", NewObject().Set("value", Text("red")).Set("category", Text("Red")).SetDefault(Text("red")))).
		Set("string1", Text("foo")).
		Set("int1", testNum("10")).
		Set("dec1", testNum("1.5")).
		Set("words", Text("one two three")).
		Set("thing", NewObject().Set("foo", Text("bar")).Set("zed", testNum("123"))).
		Set("empty_array", NewArray()).
		Set("nothing", nil).
		Set("bool_true", Boolean(true)).
		Set("date1", Date{2017, 1, 15}).
		Set("dt1", DateTime{time.Date(2017, 5, 10, 14, 30, 0, 123456000, time.UTC)}).
		Set("time1", TimeOfDay{9, 5, 0, 0}).
		Set("twice", testFunc("twice", func(ctx *EvalContext, args []Value) Value {
			d, err := ToNumber(ctx, args[0])
			if err != nil {
				return err
			}
			return Number{d: d.Mul(decimal.NewFromInt(2))}
		})).
		Set("apply", testFunc("apply", func(ctx *EvalContext, args []Value) Value {
			return ctx.Call(args[0], args[1:]...)
		})).
		Set("shout", testFunc("shout", func(ctx *EvalContext, args []Value) Value {
			s, err := ToText(ctx, args[0])
			if err != nil {
				return err
			}
			return Text(strings.ToUpper(s))
		}))
	return NewEvalContext(DefaultEnvironment(), root)
}

func TestRender(t *testing.T) {
	tests := []struct {
		template string
		want     string
		errs     int
	}{
		// literal text and escapes
		{"", "", 0},
		{"hello", "hello", 0},
		{"@@", "@", 0},
		{"user@@example.com", "user@example.com", 0},
		{"@", "@", 0},
		{"a @ b", "a @ b", 0},
		{"@@string1", "@string1", 0},
		{"@@@string1", "@foo", 0},
		// shorthand references
		{"@string1", "foo", 0},
		{"Hi @contact.first_name!", "Hi Ryan!", 0},
		{"@contact.name.", "Ryan Lewis.", 0},
		{"@contact.name...", "Ryan Lewis...", 0},
		{"@CONTACT.First_Name", "Ryan", 0},
		{"@contact", "Ryan Lewis", 0},
		{"@contact.fields.age years", "23 years", 0},
		{"@contact.urns.1", "twitter:bob", 0},
		{"@contact.urns.0.2", "", 1},
		{"@contact.2nd", "", 1},
		{"@unknown.0.2 and @(1)", "@unknown.0.2 and 1", 0},
		{"@contact.fields.empty|", "|", 0},
		{"@contact" + strings.Repeat(".x", 250), strings.Repeat(".x", 51), 1},
		{"@contact.nope", "", 1},
		{"email bob@example.com", "email bob@example.com", 0},
		{"@unknown.thing", "@unknown.thing", 0},
		{"@(", "@(", 0},
		{"@(1 + (2)", "@(1 + (2)", 0},
		{"x @(1 + (2) @string1 @@", "x @(1 + (2) @string1 @@", 0},
		{`@("abc @string1`, `@("abc @string1`, 0},
		{`@("a\") @string1`, `@("a\") @string1`, 0},
		{`@("a\"b") @string1`, `a"b foo`, 0},
		// blocks
		{"@(1 + 2)", "3", 0},
		{"@( int1 * 2 )x", "20x", 0},
		{`@("a)b")`, "a)b", 0},
		{"@(upper)", "", 1}, // no functions registered in this context? resolved below if registered
		{"@(x)", "", 1},
		{"@(1 / 0) and @(2)", " and 2", 1},
		{"@(1 +) and @(2)", " and 2", 1},
		{"Hello @string1, @thing.foo is @(int1 + 2) @@here with @(shout(words))", "Hello foo, bar is 12 @here with ONE TWO THREE", 0},
		{"@(twice(int1))", "20", 0},
		{"@(twice(\"x\"))", "", 1},
		{"@(apply((x) => x & \"!\", string1))", "foo!", 0},
		{"@(apply(twice, 4))", "8", 0},
		{"@(apply((a, b) => a + b, 1, 2))", "3", 0},
		{"@(apply((a, b) => a + b, 1))", "", 1},
		{"@(apply((x) => apply((y) => x & y, \"b\"), \"a\"))", "ab", 0},
		{"@(apply(() => 7))", "", 1},
		{"@(apply(x => x * 3, 2))", "", 1},
		{"@(apply(((x) => x * 3), 2))", "6", 0},
		{`@(apply((x) => x, 1) & "b" = "b")`, "1true", 0},
		{"@(string1(1))", "", 1},
		{"@(shout(\"a\"))", "A", 0},
	}
	for _, tc := range tests {
		ctx := testContext()
		if tc.template == "@(upper)" {
			if _, ok := LookupFunction("upper"); ok {
				tc.want, tc.errs = "upper", 0
			}
		}
		tpl, _ := ParseTemplate(tc.template)
		got, errs := tpl.Render(ctx)
		if got != tc.want || len(errs) != tc.errs {
			t.Errorf("%q: got %q with errors %v, want %q with %d errors", tc.template, got, errs, tc.want, tc.errs)
		}
	}
}

func TestExpressionValues(t *testing.T) {
	tests := []struct {
		expr string
		want string // rendered text, or "ERR: message"
	}{
		{`0.1 + 0.2`, "0.3"},
		{`1 + 2 * 3`, "7"},
		{`(1 + 2) * 3`, "9"},
		{`2 ^ 3 ^ 2`, "64"},
		{`-2 ^ 2`, "4"},
		{`2 ^ -1`, "0.5"},
		{`4 ^ 0.5`, "2"},
		{`-int1`, "-10"},
		{`--3`, "3"},
		{`- "4"`, "-4"},
		{`10 / 4`, "2.5"},
		{`1 / 3`, "0.3333333333333333"},
		{`7 - 10`, "-3"},
		{`1.50 * 2`, "3"},
		{`"10" + 1`, "11"},
		{`" 10 " * 2`, "20"},
		{`"abc" + 1`, "ERR: unable to convert \"abc\" to a number"},
		{`1 / 0`, "ERR: division by zero"},
		{`0 ^ -1`, "0"}, // as the reference computes it
		{`2 ^ 100000`, "ERR: number value out of range"},
		{`(-8) ^ 0.5`, "0"}, // as the reference computes it
		{`null + 1`, "ERR: unable to convert null to a number"},
		{`99999999999 * 99999999999`, "9999999999800000000001"},
		{`"a" & 1 + 2`, "a3"},
		{`"a" & null & true`, "atrue"},
		{`1 & 2 = "12"`, "1false"},
		{`(1 & 2) = "12"`, "true"},
		{`"a" & 1 = 1`, "atrue"},
		{`1 + 1 & 2 * 2`, "24"},
		{`2 < 3 = 1 < 2`, "true"},
		{`1 = 1.0`, "true"},
		{`"hello" = "hello"`, "true"},
		{`"hello" = "HELLO"`, "false"},
		{`"hello" != "bar"`, "true"},
		{`2 < 10`, "true"},
		{`"2" < "10"`, "true"},
		{`3 >= 3`, "true"},
		{`"a" < 1`, "ERR: unable to convert \"a\" to a number"},
		{`date1 < dt1`, "ERR: unable to convert date to a number"},
		{`"2017-05-11" > 1`, "ERR: unable to convert \"2017-05-11\" to a number"},
		{`1 < 2 = true`, "true"},
		{`TRUE`, "true"},
		{`False`, "false"},
		{`null`, ""},
		{`"quote \" and \\ and \n"`, "quote \" and \\ and \n"},
		{`"bad \q escape"`, `bad \q escape`},
		{`contact.fields["age"]`, "23"},
		{`contact["FIELDS"].gender`, "male"},
		{`contact.urns[0]`, "tel:+12065551212"},
		{`contact.urns[-1]`, "twitter:bob"},
		{`contact.urns[2]`, "ERR: index 2 out of range for 2 items"},
		{`contact.urns[-3]`, "ERR: index -3 out of range for 2 items"},
		{`contact.urns["1"]`, "twitter:bob"},
		{`contact.urns[1 - 1]`, "tel:+12065551212"},
		{`contact.urns.foo`, `ERR: unable to convert "foo" to a number`},
		{`contact.urns`, "[tel:+12065551212, twitter:bob]"},
		{`thing`, "{foo: bar, zed: 123}"},
		{`thing[string1]`, "bar"},
		{`thing.missing`, "ERR: object has no property 'missing'"},
		{`thing["missing"]`, ""},
		{`thing[string1 & "x"]`, ""},
		{`thing["missing"].deeper`, "ERR: null doesn't support lookups"},
		{`contact.urns["x"]`, `ERR: unable to convert "x" to a number`},
		{`nothing.foo`, "ERR: null doesn't support lookups"},
		{`string1.foo`, "ERR: \"foo\" doesn't support lookups"},
		{`string1[0]`, "ERR: \"foo\" doesn't support lookups"},
		{`results.color`, "red"},
		{`results.color.category`, "Red"},
		{`empty_array`, "[]"},
		{`date1`, "2017-01-15"},
		{`dt1`, "2017-05-10T14:30:00.123456Z"},
		{`time1`, "09:05:00.000000"},
		{`twice`, "twice"},
		{`(x) => x`, "<anon>"},
		{`upper`, "upper"},
		{`bool_true`, "true"},
		{`missing`, "ERR: context has no property 'missing'"},
		{`Missing.Deeper`, "ERR: context has no property 'Missing'"},
		{`(1 / 0).foo`, "ERR: division by zero"},
		{`(1).x`, "ERR: 1 doesn't support lookups"},
		{`("abc")[0]`, "ERR: \"abc\" doesn't support lookups"},
		{`(1 / 0)[1]`, "ERR: division by zero"},
		{`contact.urns[1 / 0]`, "ERR: division by zero"},
		{`(1 / 0)(1)`, "ERR: division by zero"},
	}
	for _, tc := range tests {
		ctx := testContext()
		v := EvaluateExpression(ctx, tc.expr)
		var got string
		if e, ok := v.(*Error); ok {
			got = "ERR: " + e.Error()
		} else {
			s, err := ToText(ctx, v)
			if err != nil {
				got = "ERR: " + err.Error()
			} else {
				got = s
			}
		}
		if got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.expr, got, tc.want)
		}
	}
}

func TestSyntaxErrors(t *testing.T) {
	tests := []struct {
		template string
		offset   int
		msg      string
	}{
		{"@(1 +)", 5, "unexpected end of expression, expected a value"},
		{"ab @(1 2)", 7, "unexpected number '2', expected an operator or the end of the expression"},
		{"@(a.)", 4, "unexpected end of expression, expected a property name or an index after '.'"},
		{"@(a[1)", 5, "unexpected end of expression, expected ']'"},
		{"@(f(1,))", 6, "unexpected ')', expected a value"},
		{"@(f(1 2))", 6, "unexpected number '2', expected ',' or ')'"},
		{"@(1 # 2)", 4, "unexpected character '#'"},
		{"@(1 ! 2)", 4, "unexpected character '!'"},
		{"@()", 2, "unexpected end of expression, expected a value"},
		{"@(NULL.x)", 6, "unexpected '.' after a literal"},
		{`@("abc".v)`, 7, "unexpected '.' after a literal"},
		{"@(1.1.0)", 5, "unexpected '.' after a literal"},
		{`@("abc"[0])`, 7, "unexpected '[' after a literal"},
		{"@(true(1))", 6, "unexpected '(' after a literal"},
		{"@(a.0.2)", 4, "unexpected number '0.2', expected a property name or an index after '.'"},
		{"@(1 <> 2)", 5, "unexpected '>', expected a value"},
		{"@(f(() => 1))", 5, "unexpected ')', expected a value"},
		{"@(" + strings.Repeat("1+", 10001) + "1)", 2 + 2*10000 + 1, "expression has more than 10000 operations"},
		{"@(" + strings.Repeat("a.", 10001) + "b)", 2 + 2*10000 + 1, "expression has more than 10000 operations"},
		{"x@(" + strings.Repeat("(", 300) + "1" + strings.Repeat(")", 300) + ")", 3 + MaxBracketNesting, "parentheses and brackets are nested more than 100 deep"},
		{"@(" + strings.Repeat("-", 300) + "1)", 2 + MaxParseDepth - 1, "expression is nested more than 200 levels deep"},
	}
	for _, tc := range tests {
		tpl, err := ParseTemplate(tc.template)
		var serr *SyntaxError
		if !errors.As(err, &serr) {
			t.Errorf("%q: got error %v, want a *SyntaxError", tc.template, err)
			continue
		}
		if serr.Offset != tc.offset || serr.Msg != tc.msg {
			t.Errorf("%q: got %d %q, want %d %q", tc.template, serr.Offset, serr.Msg, tc.offset, tc.msg)
		}
		if tpl == nil {
			t.Errorf("%q: got no template with the syntax error", tc.template)
			continue
		}
		_, errs := tpl.Render(testContext())
		if len(errs) != 1 || !errors.As(errs[0], &serr) {
			t.Errorf("%q: render reported %v, want the syntax error", tc.template, errs)
		}
	}
}

func TestExpressionSyntaxErrors(t *testing.T) {
	tests := []struct {
		expr   string
		offset int
		msg    string
	}{
		{`"abc" & "d`, 8, "text is missing its closing '\"'"},
		{`a b`, 2, "unexpected name 'b', expected an operator or the end of the expression"},
		{`(a, b)`, 6, "unexpected end of expression, expected '=>' after the parameters of an anonymous function"},
		{`(a, 1)`, 4, "unexpected number '1', expected a parameter name"},
		{`(a, b c)`, 6, "unexpected name 'c', expected ',' or ')' after a parameter name"},
		{`(a.b, c)`, 4, "unexpected ',', expected ')'"},
		{`1 # 2`, 2, "unexpected character '#'"},
		{`1 + "a`, 4, "text is missing its closing '\"'"},
		{`a𝕪`, 1, "unexpected character '𝕪'"},
		{`(a) => `, 7, "unexpected end of expression, expected a value"},
		{`x.1.`, 4, "unexpected end of expression, expected a property name or an index after '.'"},
		{`1 + §`, 4, "unexpected character '§'"},
	}
	for _, tc := range tests {
		_, err := ParseExpression(tc.expr)
		var serr *SyntaxError
		if !errors.As(err, &serr) || serr.Offset != tc.offset || serr.Msg != tc.msg {
			t.Errorf("%q: got %v, want offset %d %q", tc.expr, err, tc.offset, tc.msg)
		}
	}
}

func TestReferences(t *testing.T) {
	tests := []struct {
		template string
		want     []Reference
	}{
		{"Hi @contact.name!", []Reference{{[]string{"contact", "name"}, 3}}},
		{"@Contact.Fields.AGE.", []Reference{{[]string{"contact", "fields", "age"}, 0}}},
		{"mail bob@example.com or @@contact", nil},
		{"@(upper(results.color.category))", []Reference{{[]string{"results", "color", "category"}, 8}}},
		{`@(fields["age"] + 1)`, []Reference{{[]string{"fields", "age"}, 2}}},
		{`@(contact.urns[0].path)`, []Reference{{[]string{"contact", "urns"}, 2}}},
		{`@(foo[bar.baz])`, []Reference{{[]string{"foo"}, 2}, {[]string{"bar", "baz"}, 6}}},
		{`@(foreach(contact.groups, (g) => g.name & globals.sep))`, []Reference{{[]string{"contact", "groups"}, 10}, {[]string{"globals", "sep"}, 42}}},
		{`@(-x.y = "a" & z)`, []Reference{{[]string{"x", "y"}, 3}, {[]string{"z"}, 15}}},
		{`@("contact.name")`, nil},
		{`@(1 +`, nil},
	}
	for _, tc := range tests {
		tpl, _ := ParseTemplate(tc.template)
		got := tpl.References()
		if len(got) == 0 && len(tc.want) == 0 {
			continue
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: got %v, want %v", tc.template, got, tc.want)
		}
	}
	e, err := ParseExpression(`results.age.value > 18`)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := e.References(), []Reference{{[]string{"results", "age", "value"}, 0}}; !reflect.DeepEqual(got, want) {
		t.Errorf("expression references: got %v, want %v", got, want)
	}
}

func TestRenderValue(t *testing.T) {
	tests := []struct {
		template string
		kind     Kind
		text     string
	}{
		{" @contact.urns ", KindArray, "[tel:+12065551212, twitter:bob]"},
		{"@(int1 + 1)", KindNumber, "11"},
		{"@int1 + 1", KindText, "10 + 1"},
		{"plain", KindText, "plain"},
		{"@nope", KindText, "@nope"},
		{"@(1/0)", KindError, "division by zero"},
		{" @(foo bar) ", KindError, "syntax error at bar"},
		{"x @(foo bar)", KindText, "x "},
	}
	for _, tc := range tests {
		tpl, _ := ParseTemplate(tc.template)
		v, _ := tpl.RenderValue(testContext())
		if KindOf(v) != tc.kind {
			t.Errorf("%q: got kind %s, want %s", tc.template, KindOf(v), tc.kind)
			continue
		}
		got := ""
		if e, ok := v.(*Error); ok {
			got = e.Error()
		} else {
			got, _ = ToText(nil, v)
		}
		if got != tc.text {
			t.Errorf("%q: got %q, want %q", tc.template, got, tc.text)
		}
	}
}

func TestLimits(t *testing.T) {
	ctx := testContext()
	ctx.Limits.Budget = 10
	_, errs := EvaluateTemplate(ctx, `@(twice(twice(twice(twice(twice(twice(1)))))))`)
	if len(errs) != 1 || errs[0].(*EvalError).Err.Error() != "expression is too complex to evaluate" {
		t.Errorf("budget: got %v", errs)
	}
	// the budget is per evaluation, so the same context evaluates the next template afresh
	if got, errs := EvaluateTemplate(ctx, `@(twice(1))`); got != "2" || len(errs) != 0 {
		t.Errorf("budget not reset: got %q, %v", got, errs)
	}
	// literal text costs nothing
	got, errs := EvaluateTemplate(ctx, strings.Repeat("x", 300))
	if len(errs) != 0 || len(got) != 300 {
		t.Errorf("plain text is not limited: got %q, %v", got, errs)
	}

	ctx = testContext()
	ctx.Limits.MaxDepth = 3
	v := EvaluateExpression(ctx, `apply((a) => apply((b) => apply((c) => apply((d) => d, c), b), a), 1)`)
	if e, ok := v.(*Error); !ok || !strings.Contains(e.Error(), "nested more than 3 deep") {
		t.Errorf("depth limit: got %v", v)
	}
}

func TestParseCache(t *testing.T) {
	a, _ := ParseTemplate("cached @(1 + 1)")
	b, _ := ParseTemplate("cached @(1 + 1)")
	if a != b {
		t.Error("the same source was parsed twice")
	}
	e1, _ := ParseExpression("1 + 1")
	e2, _ := ParseExpression("1 + 1")
	if e1 != e2 {
		t.Error("the same expression was parsed twice")
	}
	if _, err := ParseExpression("1 +"); err == nil {
		t.Error("a cached syntax error was lost")
	}
	if _, err := ParseExpression("1 +"); err == nil {
		t.Error("a cached syntax error was lost the second time")
	}

	// Sources too long to be a flow's template are parsed each time rather than pinned.
	huge := strings.Repeat("x", maxCachedSource) + "@(1 + 1)"
	h1, _ := ParseTemplate(huge)
	h2, _ := ParseTemplate(huge)
	if h1 == h2 {
		t.Error("a huge template was cached")
	}
	if got, _ := h2.Render(testContext()); got != strings.Repeat("x", maxCachedSource)+"2" {
		t.Errorf("a huge uncached template rendered %d bytes", len(got))
	}
	hugeExpr := strings.Repeat(" ", maxCachedSource) + "1 + 1"
	x1, _ := ParseExpression(hugeExpr)
	x2, _ := ParseExpression(hugeExpr)
	if x1 == x2 {
		t.Error("a huge expression was cached")
	}
}

func TestEvalErrorMessage(t *testing.T) {
	_, errs := EvaluateTemplate(testContext(), "x @(1 / 0)")
	if len(errs) != 1 {
		t.Fatalf("got %v", errs)
	}
	var ee *EvalError
	if !errors.As(errs[0], &ee) || ee.Offset != 2 || ee.Expression != "@(1 / 0)" {
		t.Fatalf("got %#v", errs[0])
	}
	if got, want := ee.Error(), "error evaluating @(1 / 0): division by zero"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}

	// A huge expression is quoted only in part, cut at a character boundary.
	long := "@(" + strings.Repeat("é+", 200) + "(1 / 0))"
	_, errs = EvaluateTemplate(testContext(), long)
	if len(errs) != 1 || !errors.As(errs[0], &ee) || ee.Expression != long {
		t.Fatalf("got %v", errs)
	}
	want := "error evaluating " + long[:2] + strings.Repeat("é+", 49) + "…: "
	if got := ee.Error(); !strings.HasPrefix(got, want) || len(got) > 300 {
		t.Errorf("got %q, want it to start %q and stay short", got, want)
	}
}

func TestFunctionCalls(t *testing.T) {
	tpl, _ := ParseTemplate(`@(UPPER(x)) @(foreach(list, (f) => f(1) & trim(f))) @(a.b(1, 2)[0])`)
	want := []FunctionCall{{"upper", 2, 1}, {"foreach", 14, 2}, {"trim", 42, 1}}
	if got := tpl.FunctionCalls(); !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	RegisterFunction("test_check_call", func(*EvalContext, []Value) Value { return nil }, FunctionDoc{
		Signature: "test_check_call(a [, b])", Summary: "Exists for TestFunctionCalls.", MinArgs: 1, MaxArgs: 2,
		Examples: []Example{{Template: `@(test_check_call(1))`, Output: ""}},
	})
	defer delete(registry, "test_check_call")
	checks := []struct {
		call FunctionCall
		want string
	}{
		{FunctionCall{"test_check_call", 0, 1}, ""},
		{FunctionCall{"test_check_call", 0, 2}, ""},
		{FunctionCall{"test_check_call", 0, 3}, "test_check_call takes 1 to 2 arguments, got 3"},
		{FunctionCall{"test_check_call", 0, 0}, "test_check_call takes 1 to 2 arguments, got 0"},
		{FunctionCall{"no_such_function", 0, 0}, "unknown function 'no_such_function'"},
	}
	for _, tc := range checks {
		if got := CheckCall(tc.call); got != tc.want {
			t.Errorf("CheckCall(%v) = %q, want %q", tc.call, got, tc.want)
		}
	}
}

func TestRenderEscaped(t *testing.T) {
	tpl, _ := ParseTemplate(`{"name": "@(contact.name & "\"")", "age": @contact.fields.age, "q": "@@"} @(1 / 0)`)
	escape := func(s string) string { return strings.ReplaceAll(s, `"`, `\"`) }
	got, errs := tpl.RenderEscaped(testContext(), escape)
	if want := `{"name": "Ryan Lewis\"", "age": 23, "q": "@"} `; got != want || len(errs) != 1 {
		t.Errorf("got %s, %v; want %s and one error", got, errs, want)
	}
}

func TestErrorInsideValueWritesNothing(t *testing.T) {
	ctx := testContext()
	ctx.Root.Set("bad", NewArray(Text("a"), NewError("inner")))
	got, errs := EvaluateTemplate(ctx, "<@bad>")
	if got != "<>" || len(errs) != 1 || !strings.Contains(errs[0].Error(), "inner") {
		t.Errorf("got %q, %v", got, errs)
	}
}

// TestConcurrentRender renders one parsed template from many goroutines, each with its own
// context; run with -race it shows that parsed templates and the cache are shared safely.
func TestConcurrentRender(t *testing.T) {
	src := `Hi @contact.first_name, @(apply((x) => x * 2, int1)) @(contact.urns[-1])`
	done := make(chan string)
	for range 8 {
		go func() {
			ctx := testContext()
			var got string
			for range 50 {
				tpl, _ := ParseTemplate(src)
				got, _ = tpl.Render(ctx)
			}
			done <- got
		}()
	}
	for range 8 {
		if got := <-done; got != "Hi Ryan, 20 twitter:bob" {
			t.Errorf("got %q", got)
		}
	}
}

func TestPosition(t *testing.T) {
	tests := []struct {
		src               string
		offset            int
		wantLine, wantCol int
	}{
		{"abc", 0, 1, 1},
		{"abc", 2, 1, 3},
		{"abc", 3, 1, 4},
		{"abc", 99, 1, 4},
		{"a\nbc", 3, 2, 2},
		{"é@(x", 2, 1, 2},
		{"x", -1, 1, 1},
	}
	for _, tc := range tests {
		if line, col := Position(tc.src, tc.offset); line != tc.wantLine || col != tc.wantCol {
			t.Errorf("Position(%q, %d) = %d:%d, want %d:%d", tc.src, tc.offset, line, col, tc.wantLine, tc.wantCol)
		}
	}
}

// TestContextShadowsFunctions checks goflow's lookup order: parameters, then the context, then
// the built-in functions.
func TestContextShadowsFunctions(t *testing.T) {
	ctx := testContext()
	ctx.Root.Set("upper", Text("not a function"))
	if got, errs := EvaluateTemplate(ctx, "@(upper)"); got != "not a function" || len(errs) != 0 {
		t.Errorf("context key: got %q, %v", got, errs)
	}
	ctx = testContext()
	if got, _ := EvaluateTemplate(ctx, "@(apply((int1) => int1 & string1, 5))"); got != "5foo" {
		t.Errorf("parameter over context: got %q", got)
	}
}

// The reference's scanner takes a NUL for the end of whatever it is reading: it isn't copied, it
// ends a shorthand, it leaves a block it cuts as literal text, and where a new piece would start
// it ends the template.
func TestTemplateWithNUL(t *testing.T) {
	tests := []struct{ template, want string }{
		{"a\x00b @(1 + 2)", "ab 3"},
		{"\x00abc", ""},
		{"abc\x00\x00def", "abc"},
		{"@(1)\x00x", "1"},
		{"@(1 +\x00 2) x", "@(1 + 2) x"},
		{"@(upper(\"a\x00b\")) x", "@(upper(\"ab\")) x"},
		{"@contact.name\x00x", "Ryan Lewisx"},
		{"@contact.\x00name", "Ryan Lewis.name"},
		{"x@\x00y @@", "x@y @"},
	}
	for _, tc := range tests {
		got, errs := EvaluateTemplate(testContext(), tc.template)
		if got != tc.want || len(errs) > 0 {
			t.Errorf("%q = %q %v, want %q", tc.template, got, errs, tc.want)
		}
		if IsLiteral(tc.template) {
			t.Errorf("%q: IsLiteral is true", tc.template)
		}
	}
}
