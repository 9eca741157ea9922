package expressions

import (
	"strings"
	"testing"
	"time"
)

// evalCase is an expression and what it evaluates to: its text, or "ERR: " and the error message.
type evalCase struct {
	expr string
	want string
}

// evalText evaluates expr in the test context and renders the result as evalCase.want does.
func evalText(expr string) string {
	ctx := testContext()
	v := EvaluateExpression(ctx, expr)
	if e, ok := v.(*Error); ok {
		return "ERR: " + e.Error()
	}
	s, err := ToText(ctx, v)
	if err != nil {
		return "ERR: " + err.Error()
	}
	return s
}

func runEvalCases(t *testing.T, cases []evalCase) {
	t.Helper()
	for _, tc := range cases {
		if got := evalText(tc.expr); got != tc.want {
			if len(got) > 200 {
				got = got[:200] + "…"
			}
			t.Errorf("%s: got %q, want %q", tc.expr, got, tc.want)
		}
	}
}

// Numbers have at most 36 significant digits and a magnitude below 1e101 and from 1e-100; a
// literal beyond that is out of range, so is a result, and text beyond it isn't a number.
func TestNumberRange(t *testing.T) {
	runEvalCases(t, []evalCase{
		{`123456789012345678901234567890123456`, "123456789012345678901234567890123456"},
		{`1234567890123456789012345678901234567`, "ERR: number 1234567890123456789012345678901234567 is out of range"},
		{`0.123456789012345678901234567890123456`, "0.123456789012345678901234567890123456"},
		{`9.123456789012345678901234567890123456`, "ERR: number 9.123456789012345678901234567890123456 is out of range"},
		{`1000000000000000000000000000000000000000`, "1000000000000000000000000000000000000000"}, // one significant digit
		{`123456789012345678901234567890123456 * 10`, "1234567890123456789012345678901234560"},
		{`123456789012345678901234567890123456 + 1000000000000000000000000000000000000`, "ERR: number value out of range"},
		{`5 * 10 ^ 100`, "50000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"},
		{`55 * 10 ^ 99`, "55000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"},
		{`555 * 10 ^ 99`, "ERR: number value out of range"},
		{`10 ^ 100 * 10 / 100`, "ERR: number value out of range"}, // the intermediate result counts
		{`0.1 ^ 100 * 0.1`, "ERR: number value out of range"},
		{`0.1 ^ 99 * 0.1`, "0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001"},
		{`number("7777777777777777777777777777777777777")`, `ERR: error calling number(...): unable to convert "7777777777777777777777777777777777777" to a number`},
		{`number("777777777777777777777777777777777777")`, "777777777777777777777777777777777777"},
		{`number("-0.000")`, "0"},
		{`sum(array(999999999999999999999999999999999999, 1))`, "1000000000000000000000000000000000000"},
		{`sum(array(999999999999999999999999999999999999, 3))`, "ERR: error calling sum(...): number value out of range"},
		{`parse_json("3e200")`, "ERR: error calling parse_json(...): number value out of range"},
		{`parse_json("3e20")`, "300000000000000000000"},
	})
}

// `^` computes like the reference's decimal library (integer powers exactly, fractional ones to a
// precision that grows with the digits of the operands) and refuses exponents beyond ±100 before
// computing anything.
func TestPower(t *testing.T) {
	runEvalCases(t, []evalCase{
		{`3 ^ 4`, "81"},
		{`1.1 ^ 2`, "1.21"},
		{`3 ^ 0.5`, "1.7320508"},
		{`2.25 ^ 0.5`, "1.5"},
		{`4 ^ -2`, "0.0625"},
		{`3 ^ -40`, "0"}, // below the precision of negative powers
		{`0 ^ -3`, "0"},
		{`0 ^ 0`, "0"},
		{`(-27) ^ 0.5`, "0"},
		{`(-3) ^ 3`, "-27"},
		{`5 ^ 100.5`, "ERR: number value out of range"},
		{`1 ^ 101`, "ERR: number value out of range"},
		{`7 ^ -101`, "ERR: number value out of range"},
		{`7 ^ 100`, "ERR: number value out of range"}, // 85 significant digits
		{`999999 ^ 9999 ^ 9999`, "ERR: number value out of range"},
	})
}

// Lookups follow the reference: objects by key (a missing one is an error after a dot and null in
// brackets), arrays by a whole-number index, nothing else at all.
func TestLookups(t *testing.T) {
	runEvalCases(t, []evalCase{
		{`object("Key", 1).KEY`, "1"},
		{`object("k", 1, "K", 2).K`, "2"}, // the reference picks either; we prefer the exact key
		{`object("k", 1, "K", 2).k`, "1"},
		{`object("k", 1).Other`, "ERR: object has no property 'Other'"},
		{`object("k", 1)["other"]`, ""},
		{`object("k", 1)["other"].x`, "ERR: null doesn't support lookups"},
		{`array(5, 6, 7)[-1]`, "7"},
		{`array(5, 6, 7)["1"]`, "6"},
		{`array(5, 6, 7)[1.9]`, "6"},
		{`array(5, 6, 7)[3]`, "ERR: index 3 out of range for 3 items"},
		{`array(5, 6, 7)[-4]`, "ERR: index -4 out of range for 3 items"},
		{`array(5, 6, 7).size`, `ERR: unable to convert "size" to a number`},
		{`array(5, 6, 7)[true]`, "ERR: unable to convert true to a number"},
		{`array(5)[99999999999]`, "ERR: number value 99999999999 is out of range for an integer"},
		{`("text").x`, `ERR: "text" doesn't support lookups`},
		{`(12)[0]`, "ERR: 12 doesn't support lookups"},
		{`(false).x`, "ERR: false doesn't support lookups"},
		{`date_from_parts(2020, 1, 2).day`, "ERR: date doesn't support lookups"},
		{`upper.name`, "ERR: upper(...) doesn't support lookups"},
		{`((v) => v).x`, "ERR: <anon>(...) doesn't support lookups"},
		{`Nothing_Here`, "ERR: context has no property 'Nothing_Here'"},
	})
}

// Calling something that isn't a function names the expression as the reference writes it back.
func TestNotAFunction(t *testing.T) {
	runEvalCases(t, []evalCase{
		{`string1()`, "ERR: string1 is not a function"},
		{`thing . foo ()`, "ERR: thing.foo is not a function"},
		{`thing["foo"]()`, `ERR: thing["foo"] is not a function`},
		{`(  7 *  2 )()`, "ERR: (7 * 2) is not a function"},
		{`array( 1,"a" )()`, `ERR: array(1, "a") is not a function`},
		{`array(1)[0]()`, "ERR: array(1)[0] is not a function"},
		{`(-int1 & "x" != null)()`, `ERR: (-int1 & "x" != null) is not a function`},
		{`((a, b) => a)()`, "ERR: error calling <anon>(...): need 2 argument(s), got 0"},
		{`foreach(array(1), 5)`, "ERR: error calling foreach(...): 5 is not a function"},
		{`foreach(array(1), "upper")`, `ERR: error calling foreach(...): "upper" is not a function`},
	})
}

// Errors coming out of a function call name the function, lower case with "(...)", and argument
// counts are reported in the reference's words; anonymous functions are "<anon>".
func TestCallErrors(t *testing.T) {
	runEvalCases(t, []evalCase{
		{`UPPER()`, "ERR: error calling upper(...): need 1 argument(s), got 0"},
		{`word("a")`, "ERR: error calling word(...): need 2 to 3 argument(s), got 1"},
		{`max()`, "ERR: error calling max(...): need at least 1 argument(s), got 0"},
		{`abs("x")`, `ERR: error calling abs(...): unable to convert "x" to a number`},
		{`upper(abs("x"))`, `ERR: error calling upper(...): error calling abs(...): unable to convert "x" to a number`},
		{`((x) => x / 0)(1)`, "ERR: error calling <anon>(...): division by zero"},
		{`((x) => x)(1, 2)`, "ERR: error calling <anon>(...): need 1 argument(s), got 2"},
		{`foreach(array(1), (x) => y)`, "ERR: error calling foreach(...): error calling <anon>(...): context has no property 'y'"},
		{`foreach(array("q"), abs)`, `ERR: error calling foreach(...): error calling abs(...): unable to convert "q" to a number`},
	})
}

// Values are described in messages by their content when they have one worth showing.
func TestDescribe(t *testing.T) {
	long := ""
	for range 30 {
		long += "abc"
	}
	tests := []struct {
		v    Value
		want string
	}{
		{nil, "null"},
		{Text(long), `"` + long + `"`},
		{Text("a\"b\n"), `"a\"b\n"`},
		{testNum("1.50"), "1.5"},
		{Boolean(true), "true"},
		{Boolean(false), "false"},
		{NewArray(), "array"},
		{NewObject(), "object"},
		{NewObject().SetDefault(Text("x")), "object"},
		{Date{2020, 1, 2}, "date"},
		{lookupFunc("upper"), "upper(...)"},
		{&Func{arity: 1}, "<anon>(...)"},
		{NewError("x"), "error"},
	}
	for _, tc := range tests {
		if got := Describe(tc.v); got != tc.want {
			t.Errorf("Describe(%#v) = %q, want %q", tc.v, got, tc.want)
		}
	}
}

// filter keeps the items for which its function returns something truthy.
func TestFilter(t *testing.T) {
	runEvalCases(t, []evalCase{
		{`filter(array(4, 5, 6), (n) => n != 5)`, "[4, 6]"},
		{`filter(array("x", "", "0", "y"), (s) => s)`, "[x, 0, y]"},
		{`filter(array(0, 1, 2), (n) => n)`, "[1, 2]"},
		{`filter(array(array(), array(1)), (a) => a)`, "[[1]]"},
		{`filter(array("a1", "b", "c2"), has_number)`, "[a1, c2]"},
		{`filter(null, (x) => true)`, "[]"},
		{`filter(array(object("n", 1), object("n", 2)), (o) => o.n > 1)`, "[{n: 2}]"},
		{`filter(array(1, 2), (x) => x)[1]`, "2"},
		{`filter(array(1), (x, y) => x)`, "ERR: error calling filter(...): error calling <anon>(...): need 2 argument(s), got 1"},
		{`filter(array(1), (x) => x, 2)`, "ERR: error calling filter(...): need 2 argument(s), got 3"},
		{`filter(object("a", 1), (x) => x)`, "ERR: error calling filter(...): unable to convert object to an array"},
		{`filter(array(1), 1)`, "ERR: error calling filter(...): 1 is not a function"},
	})
}

// Function values render as their name, `<anon>` when anonymous.
func TestFunctionValuesRender(t *testing.T) {
	runEvalCases(t, []evalCase{
		{`upper`, "upper"},
		{`(a) => a`, "<anon>"},
		{`array(lower, (a) => a)`, "[lower, <anon>]"},
		{`text((a) => a) & "!"`, "<anon>!"},
	})
}

// object() keeps keys that differ only in case apart, and its "__default__" pair gives the object
// a default value.
func TestObjectFunctionKeys(t *testing.T) {
	runEvalCases(t, []evalCase{
		{`object("a", 1, "A", 2)`, "{A: 2, a: 1}"},
		{`object("a", 1, "a", 2)`, "{a: 2}"},
		{`object("__default__", "hi", "x", 1)`, "hi"},
		{`object("__default__", "hi", "x", 1).x`, "1"},
		{`json(object("__default__", "hi", "x", 1))`, `{"x":1}`},
		{`abs(object("__default__", -3))`, "3"},
		{`count(parse_json("{\"k\": 1, \"K\": 2}"))`, "2"},
	})
}

// The number tests find numbers written with ASCII, Arabic-Indic, Persian or Bengali digits and
// the environment's symbols; a number with a '+' sign or out of range isn't one.
func TestNumbersInText(t *testing.T) {
	runEvalCases(t, []evalCase{
		{`has_number("about 7 apples").match`, "7"},
		{`has_number("٧٥ كيلو").match`, "75"},
		{`has_number("۱۲۳").match`, "123"},
		{`has_number("৪২").match`, "42"},
		{`has_number("३२")`, "false"}, // Devanagari digits aren't read
		{`has_number("１２")`, "false"}, // nor full-width ones
		{`has_number("٢.٥ kg").match`, "2.5"},
		{`has_number("x٢٫٥").match`, "2"}, // the Arabic decimal separator isn't the environment's
		{`has_number_between("age ٣٠", 18, 40).match`, "30"},
		{`has_number("+7")`, "false"},
		{`has_number("+7 or 8").match`, "8"},
		{`has_number("1,500 people").match`, "1500"},
		{`has_number("3.").match`, "3"},
		{`has_number("9999999999999999999999999999999999999 then 4").match`, "4"},
		{`has_number_eq("5", "٥")`, `ERR: error calling has_number_eq(...): unable to convert "٥" to a number`},
		{`number("٥")`, `ERR: error calling number(...): unable to convert "٥" to a number`},
	})
}

// A number may start at its decimal symbol (".5") only at the start of the text or after a
// character that can't be part of a word; elsewhere the digits after the symbol are a number of
// their own. A run with a character around it that isn't a digit (a bracket before ".5", a
// superscript) reads as no number at all, and the search goes on after it.
func TestNumberTestsBareDecimalPart(t *testing.T) {
	runEvalCases(t, []evalCase{
		{`has_number(".5").match`, "0.5"},
		{`has_number("about .5 kg").match`, "0.5"},
		{`has_number("a,.5").match`, "0.5"},
		{`has_number("x-.4").match`, "-0.4"},
		{`has_number("ab.25cd").match`, "25"},
		{`has_number("_.5").match`, "5"},
		{`has_number_between("1977.06.23", 1, 100).match`, "23"},
		{`has_number_between("1977.06.23", 0, 1)`, "false"},
		{`has_number("1977.06.23").match`, "1977.06"},
		{`has_number_between("15.23.4", 1, 10).match`, "4"},
		{`has_number_lt("1.5.23.7", 100).match`, "1.5"},
		{`has_number_gt("1.5.23.7", 2).match`, "23.7"},
		{`has_number("(.5")`, "false"},
		{`has_number("(.5 7").match`, "7"},
		{`has_number("+ .5 7").match`, "7"},
		{`has_number("é.5")`, "false"},
		{`has_number("5² 7").match`, "7"},
		{`has_number("٥² 7").match`, "7"},
	})
}

// and() and or() look at their values in order and stop at the first that decides, so a later
// error doesn't matter; count() says any value that isn't an array, object or null isn't countable.
func TestShortCircuitsAndCount(t *testing.T) {
	runEvalCases(t, []evalCase{
		{`and(false, 1 / 0)`, "false"},
		{`and(true, 1 / 0)`, "ERR: error calling and(...): division by zero"},
		{`or(1, 1 / 0)`, "true"},
		{`or(0, 1 / 0)`, "ERR: error calling or(...): division by zero"},
		{`count(1 / 0)`, "ERR: error calling count(...): value isn't countable"},
		{`count("abc")`, "ERR: error calling count(...): value isn't countable"},
		{`count(null)`, "0"},
		{`foreach(array(), "x")`, `ERR: error calling foreach(...): "x" is not a function`},
		{`foreach_value(null, 2)`, "ERR: error calling foreach_value(...): 2 is not a function"},
		{`foreach(array("a"), (v, w) => w, 1 / 0)`, "ERR: error calling foreach(...): error calling <anon>(...): division by zero"},
		{`format(1 / 0)`, ""},
	})
}

// Text functions with the reference's quirks: text_slice ignores its end when given a fourth
// argument, trim with no characters trims nothing, title() ends words only at ASCII punctuation
// and white space, repeat() builds at most 10,000 characters.
func TestTextFunctionQuirks(t *testing.T) {
	runEvalCases(t, []evalCase{
		{`text_slice("abcdef", 1, 3)`, "bc"},
		{`text_slice("abcdef", 1, 3, 9)`, "bcdef"},
		{`text_slice("abcdef", -2, 0, 1 / 0)`, "ef"},
		{`text_slice(1 / 0, 1)`, "ERR: error calling text_slice(...): division by zero"},
		{`trim("..a..", "")`, "..a.."},
		{`trim("..a..", ".")`, "a"},
		{`title("ñandú o'hara x😀y a’b")`, "Ñandú O'Hara X😀y A’b"},
		{`title("İSTANBUL xİ Kelvin Ǆa")`, "Istanbul Xi Kelvin ǅa"},
		{`text_length(repeat("ü", 10000))`, "10000"},
		{`repeat("ü", 10001)`, "ERR: error calling repeat(...): cannot build a string longer than 10000 characters"},
		{`percent(100000000000000000)`, "ERR: error calling percent(...): percentage value is out of range"},
		{`percent(-12345678901234567)`, "-1234567890123456700%"},
		{`word_slice("a b c", 1, 0)`, "b c"},
		{`attachment_parts("Video/MP4:http://x/y.mp4")`, "{content_type: video/mp4, url: http://x/y.mp4}"},
		{`attachment_parts("note:http://x")`, "{content_type: , url: note:http://x}"},
		{`attachment_parts("geo:-2.1,3")`, "{content_type: geo, url: -2.1,3}"},
		{`parse_json("")`, ""},
		{`json(object("f", upper, "n", 1))`, `{"f":null,"n":1}`},
	})
}

// In a run's events a syntax error reads as the reference words it: "syntax error at" and the
// rest of the expression from the faulty token; brackets nested over 100 deep are "expression
// nesting too deep". flowctl's own wording stays in Msg for validate and eval.
func TestSyntaxErrorReference(t *testing.T) {
	tests := []struct{ template, want string }{
		{`@(7 * * 3)`, "syntax error at * 3"},
		{`@(words 9)`, "syntax error at 9"},
		{`@(upper(1,))`, "syntax error at )"},
		{`@(5 -)`, "syntax error at "},
		{`@("x".y)`, "syntax error at .y"},
		{`@(a ~ b)`, "syntax error at ~ b"},
		{"@(" + strings.Repeat("[", 101) + ")", "expression nesting too deep"},
		// the rest is quoted to its first 10 bytes, a character cut in two as U+FFFD per byte
		{`@(3 4 5 6 7 8 9 10)`, "syntax error at 4 5 6 7 8 "},
		{`@(!0123456789)`, "syntax error at !012345678"},
		{`@(!ñññññññ)`, "syntax error at !ññññ\uFFFD"},
		{`@(!€€€€)`, "syntax error at !€€€"},
		{`@(!a€€€€)`, "syntax error at !a€€\uFFFD\uFFFD"},
		// the error's column counts characters but the quote is cut by bytes from there
		{`@("é"[0])`, "syntax error at \"[0]"},
		{`@("😀"[0])`, "syntax error at \uFFFD\uFFFD\"[0]"},
		{`@("ÀÉÎÕÜ".len)`, "syntax error at ÕÜ\".len"},
		{`@("日本語のテキスト"[0])`, "syntax error at のテキ\uFFFD"},
		// and within the line of the error, lines counted by "\n"
		{"@(\"ü\" &\n\"é\" 3)", "syntax error at  3"},
		{"@(\"ü\" &\n\"éé\" 3\n+ 4)", "syntax error at \" 3"},
		// a character that starts no token fails only where the parser reaches it: an earlier
		// error wins
		{`@(2.#5)`, "syntax error at .#5"},
		{`@(tr=>u!e)`, "syntax error at =>u!e"},
		{`@(string1 ~ #)`, "syntax error at ~ #"},
		// after a comma only an anonymous function's parameters can follow '(a': the error is
		// where they stop, and true, false and null are no parameter names
		{`@((a, 1))`, "syntax error at 1)"},
		{`@((a, b c))`, "syntax error at c)"},
		{`@((a, b) + 1)`, "syntax error at + 1"},
		{`@((a, b))`, "syntax error at "},
		{`@(twice((x, null) => 1))`, "syntax error at null) => 1"},
		{`@((TRUE, x) => 1)`, "syntax error at , x) => 1"},
		{`@((true) => 1)`, "syntax error at => 1"},
		{`@((a.b, c) => 1)`, "syntax error at , c) => 1"},
		// names are the reference's: letters of the Basic Multilingual Plane by its coarse table
		// (taking in ², ·, ¬), none beyond it; a shorthand holding such a letter is parsed, and fails
		{`@(string1𝕪)`, "syntax error at 𝕪"},
		{`@contact.a𝕪`, "syntax error at 𝕪"},
		{`@(contact.x·y)`, "object has no property 'x·y'"},
		{`@(contact.a² & 1)`, "object has no property 'a²'"},
		{`@(contact.a )`, "syntax error at \u00a0"},
		{`@(contact.“name”)`, "syntax error at “name”"},
		// true, false and null are no property names after '.'
		{`@(contact.True)`, "syntax error at True"},
		{`@contact.null`, "syntax error at null"},
		{`@contact.false.x`, "syntax error at false.x"},
		{`@(thing.foo.null)`, "syntax error at null"},
	}
	for _, tc := range tests {
		_, errs := EvaluateTemplate(testContext(), tc.template)
		if len(errs) != 1 {
			t.Errorf("%s: errors %v, want one", tc.template, errs)
			continue
		}
		if got, want := errs[0].(*EvalError).Reason(), tc.want; got != want {
			t.Errorf("%s: reason %q, want %q", tc.template, got, tc.want)
		}
	}
	if v := EvaluateExpression(testContext(), "1 +"); v.(*Error).Error() != "syntax error at " {
		t.Errorf("expression syntax error = %v", v)
	}
}

// A day the month doesn't have (31 April, 29 February of a common year) makes no date: reading
// text goes on to the next date in it, and datetime() and date() can't convert it. (The test
// environment writes dates year first.)
func TestImpossibleDates(t *testing.T) {
	runEvalCases(t, []evalCase{
		{`has_date("2023/4/30")`, "true"},
		{`has_date("2023/4/31")`, "false"},
		{`has_date("2023/2/29")`, "false"},
		{`has_date("1900/2/29")`, "false"},
		{`format_date(has_date("2024/2/29").match)`, "2024-02-29"},
		{`format_date(has_date("2000/2/29").match)`, "2000-02-29"},
		{`format_date(has_date("2023/6/31 then 2023/8/7").match)`, "2023-08-07"},
		{`format_date(has_date("2023/11/31 2023/11/30").match)`, "2023-11-30"},
		{`datetime("2023/9/31 10:00")`, `ERR: error calling datetime(...): unable to convert "2023/9/31 10:00" to a datetime`},
		{`date("2023/2/29")`, `ERR: error calling date(...): unable to convert "2023/2/29" to a date`},
		{`date("2023-02-29")`, `ERR: error calling date(...): unable to convert "2023-02-29" to a date`},
		{`has_date_lt("2023/2/29", "2030-01-01")`, "false"},
	})
}

// has_category reads any object whose JSON reads as a result (a non-empty text name and a
// created_on datetime; value, category, category_localized, node_uuid and input texts if there,
// keys in any case) as one, as the reference does; other objects are an error. A result without
// a category has category "".
func TestHasCategoryReadsResults(t *testing.T) {
	const created = `"created_on", "2021-03-04T05:06:07Z"`
	runEvalCases(t, []evalCase{
		{`has_category(object("name", "Color", ` + created + `, "category", "Blue"), "Red", "Blue").match`, "Blue"},
		{`has_category(object("name", "Color", ` + created + `, "category", "Blue"), "blue")`, "false"},
		{`has_category(object("name", "Color", ` + created + `), "")`, "true"},
		{`has_category(object("NAME", "Color", "Created_On", "2021-03-04T05:06:07+02:00", "Category", "Blue"), "Blue")`, "true"},
		{`has_category(object("name", "Color", "created_on", datetime("2021-03-04T05:06:07Z"), "extra", array(1), "category", "B"), "B")`, "true"},
		{`has_category(object("name", "Color", ` + created + `, "category", "B", "input", null), "B")`, "true"},
		{`has_category(object("name", "Color", ` + created + `, "category_localized", "Azul"), "Azul")`, "false"},
		{`has_category(object("name", "Color"), "x")`, "ERR: error calling has_category(...): first argument must be a result"},
		{`has_category(object("name", "", ` + created + `), "x")`, "ERR: error calling has_category(...): first argument must be a result"},
		{`has_category(object("name", 7, ` + created + `), "x")`, "ERR: error calling has_category(...): first argument must be a result"},
		{`has_category(object("name", "C", ` + created + `, "category", 7), "7")`, "ERR: error calling has_category(...): first argument must be a result"},
		{`has_category(object("name", "C", "created_on", "2021-03-04"), "x")`, "ERR: error calling has_category(...): first argument must be a result"},
		{`has_category(object("name", "C", "created_on", "0001-01-01T00:00:00Z"), "x")`, "ERR: error calling has_category(...): first argument must be a result"},
		{`has_category(object(), "x")`, "ERR: error calling has_category(...): first argument must be a result"},
		{`has_category(thing, "x")`, "ERR: error calling has_category(...): first argument must be a result"},
	})
}

// As in the reference, a function meets an error argument when it converts it, in its own order:
// an earlier argument that can't be converted, or a check the function makes first, is the error
// instead. An error the function never reads is the call's error all the same (see prompt for
// the exception).
func TestErrorArgumentOrder(t *testing.T) {
	runEvalCases(t, []evalCase{
		{`upper(1 / 0)`, "ERR: error calling upper(...): division by zero"},
		{`max("x", 1 / 0)`, `ERR: error calling max(...): unable to convert "x" to a number`},
		{`max(1 / 0, "x")`, "ERR: error calling max(...): division by zero"},
		{`join(7, 1 / 0)`, "ERR: error calling join(...): unable to convert 7 to an array"},
		{`datetime_add("soon", 1 / 0, "D")`, `ERR: error calling datetime_add(...): unable to convert "soon" to a datetime`},
		{`has_group("x", 1 / 0)`, `ERR: error calling has_group(...): unable to convert "x" to an array`},
		{`has_category(7, 1 / 0)`, "ERR: error calling has_category(...): unable to convert 7 to an object"},
		{`has_category(object(), 1 / 0)`, "ERR: error calling has_category(...): division by zero"},
		{`has_number_gt(1 / 0, "x")`, "ERR: error calling has_number_gt(...): division by zero"},
		{`has_number_between(1 / 0, "x", 2)`, "ERR: error calling has_number_between(...): division by zero"},
		{`has_date_lt(1 / 0, "x")`, "ERR: error calling has_date_lt(...): division by zero"},
		{`has_ward("x", 1 / 0)`, "ERR: error calling has_ward(...): takes one or three arguments, got 2"},
		{`object(1 / 0)`, "ERR: error calling object(...): division by zero"},
		{`object("a", 1 / 0)`, "ERR: error calling object(...): division by zero"},
		{`if(true, "yes", 1 / 0)`, "yes"},
		{`foreach(array(1), 1 / 0)`, "ERR: error calling foreach(...): error is not a function"},
		{`filter(null, 1 / 0)`, "ERR: error calling filter(...): error is not a function"},
		{`foreach(1 / 0, upper)`, "ERR: error calling foreach(...): division by zero"},
		{`prompt("nope", 1 / 0)`, "ERR: error calling prompt(...): unknown LLM prompt nope"},
		{`legacy_add("2020-01-02", "2020-01-03")`, "ERR: error calling legacy_add(...): cannot operate on two dates"},
		{`has_pattern("x", "[")`, "ERR: error calling has_pattern(...): must be called with a valid regular expression"},
	})
}

// An operator converts its left operand before its right, so an error on the right comes after
// the left's conversion error, as in the reference.
func TestOperatorErrorOrder(t *testing.T) {
	runEvalCases(t, []evalCase{
		{`"abc" * (1 / 0)`, `ERR: unable to convert "abc" to a number`},
		{`null >= (1 / 0)`, "ERR: unable to convert null to a number"},
		{`array(1) ^ (1 / 0)`, "ERR: unable to convert array to a number"},
		{`2 + (1 / 0)`, "ERR: division by zero"},
		{`(1 / 0) * "abc"`, "ERR: division by zero"},
		{`"abc" & (1 / 0)`, "ERR: division by zero"},
		{`"abc" = (1 / 0)`, "ERR: division by zero"},
	})
}

// A datetime made a date takes its day in the environment's zone, as in the reference, while a
// datetime written as text and read as a date keeps the day written; time() keeps the
// datetime's own clock.
func TestDateOfDatetimeInEnvironmentZone(t *testing.T) {
	ctx := testContext()
	ctx.Env.Timezone, _ = time.LoadLocation("America/Guayaquil")
	tests := []struct{ expr, want string }{
		{`date(datetime("2017-01-15T01:30:00+05:00"))`, "2017-01-14"},
		{`weekday(datetime("2017-01-15T01:30:00+05:00"))`, "6"},
		{`week_number(datetime("2017-01-15T01:30:00+05:00"))`, "3"},
		{`format_date(datetime("2017-01-15T01:30:00+05:00"))`, "2017-01-14"},
		{`date("2017-01-15T01:30:00+05:00")`, "2017-01-15"},
		{`date(datetime("2017-01-15T10:30:00+05:00"))`, "2017-01-15"},
		{`time(datetime("2017-01-15T01:30:00+05:00"))`, "01:30:00.000000"},
	}
	for _, tc := range tests {
		v := EvaluateExpression(ctx, tc.expr)
		if got, _ := ToText(ctx, v); got != tc.want {
			t.Errorf("%s = %v, want %s", tc.expr, v, tc.want)
		}
	}
}
