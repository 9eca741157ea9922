package expressions

import (
	"reflect"
	"testing"
)

func TestSplitWords(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{" one ", []string{"one"}},
		{"one.two,three", []string{"one", "two", "three"}},
		{"O'Grady can't foo_bar", []string{"O'Grady", "can't", "foo_bar"}},
		{"öne.βήταa.thé", []string{"öne", "βήταa", "thé"}},
		{"spend$€", []string{"spend", "$", "€"}},
		{"emoji😄🏥", []string{"emoji", "😄", "🏥"}},
		{"  \t\n(!*@) ", nil},
	}
	for _, tc := range tests {
		if got := splitWords(tc.text); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("splitWords(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
	if got := splitAtChars("  one.two.*@three ", " .*@"); !reflect.DeepEqual(got, []string{"one", "two", "three"}) {
		t.Errorf("splitAtChars = %q", got)
	}
	if got := splitAtChars("one😄three", "😄"); !reflect.DeepEqual(got, []string{"one", "three"}) {
		t.Errorf("splitAtChars = %q", got)
	}
}

func TestClampSlice(t *testing.T) {
	tests := []struct{ start, end, n, wantStart, wantEnd int }{
		{0, 3, 5, 0, 3},
		{-3, -1, 6, 3, 5},
		{7, 5, 5, 5, 5},
		{-10, 2, 5, 0, 2},
		{3, 1, 5, 3, 3},
		{0, 99, 5, 0, 5},
	}
	for _, tc := range tests {
		s, e := clampSlice(tc.start, tc.end, tc.n)
		if s != tc.wantStart || e != tc.wantEnd {
			t.Errorf("clampSlice(%d, %d, %d) = %d, %d; want %d, %d", tc.start, tc.end, tc.n, s, e, tc.wantStart, tc.wantEnd)
		}
	}
}

func TestTextFunctions(t *testing.T) {
	runFnCases(t, []fnCase{
		ok("char", "!", num("33")),
		ok("char", "😀", num("128512")),
		ok("char", "A", Text("65")),
		fails("char", "unable to convert", Text("foo")),
		ok("char", "\uFFFD", num("-1")),    // not a character: the replacement character
		ok("char", "\uFFFD", num("55296")), // a lone surrogate

		ok("code", "97", Text("abc")),
		ok("code", "128512", Text("😀")),
		ok("code", "49", num("15")),
		fails("code", "at least one character", Text("")),
		fails("code", "at least one character", nil),

		ok("split", "[a, b, c]", Text("a b c")),
		ok("split", "[a]", Text("a"), Text(" ")),
		ok("split", "[abc, d]", Text("abc..d"), Text(".")),
		ok("split", "[a, b, c]", Text("a.b.c."), Text(".")),
		ok("split", "[a, b, c, d]", Text("a|b,c  d"), Text(" .|,")),
		ok("split", "[]", Text("")),
		ok("split", "[a, b]", Text("a-b"), Text("")),

		ok("trim", "hello world", Text(" hello world    ")),
		ok("trim", "123157568", Text("+123157568+"), Text("+")),
		ok("trim", "b", Text("xaybxa"), Text("xay")),
		ok("trim_left", "hello world   ", Text(" hello world   ")),
		ok("trim_left", "12345+", Text("+12345+"), Text("+")),
		ok("trim_right", " hello world", Text(" hello world   ")),
		ok("trim_right", "+12345", Text("+12345+"), Text("+")),
		ok("trim", "5", num("5")),

		ok("title", "Foo", Text("foo")),
		ok("title", "Ryan Lewis", Text("RYAN LEWIS")),
		ok("title", "O'Grady-Smith Jr.", Text("o'grady-smith jr.")),
		ok("title", "Élan Vital", Text("élan vital")),
		ok("title", "123", num("123")),

		ok("word", "bee", Text("bee cat dog"), num("0")),
		ok("word", "bee", Text("bee.cat,dog"), num("0")),
		ok("word", "cat", Text("bee.cat,dog"), num("1")),
		ok("word", "dog", Text("bee.cat,dog"), num("2")),
		ok("word", "dog", Text("bee.cat,dog"), num("-1")),
		ok("word", "cat", Text("bee.cat,dog"), num("-2")),
		ok("word", "cat,dog", Text("bee.*cat,dog"), num("1"), Text(".*=|")),
		ok("word", "O'Flaggerty", Text("O'Grady O'Flaggerty"), num("1"), Text(" ")),
		ok("word", "cat", Text("bee cat"), num("1.7")),
		fails("word", "index 3 is out of range for the number of words 3", Text("bee cat dog"), num("3")),
		fails("word", "index -4 is out of range for the number of words 3", Text("bee cat dog"), num("-4")),
		fails("word", "unable to convert", Text("bee cat dog"), Text("x")),

		ok("remove_first_word", "bar", Text("foo bar")),
		ok("remove_first_word", "there. I'm a flow!", Text("Hi there. I'm a flow!")),
		ok("remove_first_word", "", Text("  foo ")),
		ok("remove_first_word", "b c", Text("a-b c")),

		ok("word_count", "2", Text("foo bar")),
		ok("word_count", "1", num("10")),
		ok("word_count", "0", Text("")),
		ok("word_count", "4", Text("😀😃😄😁")),
		ok("word_count", "2", Text("bee.*cat,dog"), Text(".*=|")),
		ok("word_count", "2", Text("O'Grady O'Flaggerty"), Text(" ")),

		ok("word_slice", "bee", Text("bee cat dog"), num("0"), num("1")),
		ok("word_slice", "bee cat", Text("bee cat dog"), num("0"), num("2")),
		ok("word_slice", "cat dog", Text("bee cat dog"), num("1"), num("-1")),
		ok("word_slice", "cat dog", Text("bee cat dog"), num("1")),
		ok("word_slice", "dog", Text("bee cat dog"), num("2"), num("3")),
		ok("word_slice", "", Text("bee cat dog"), num("3"), num("10")),
		ok("word_slice", "cat dog", Text("bee.*cat,dog"), num("1"), num("-1"), Text(".*=|,")),
		ok("word_slice", "O'Flaggerty", Text("O'Grady O'Flaggerty"), num("1"), num("2"), Text(" ")),
		fails("word_slice", "must start with a positive index", Text("bee cat dog"), num("-1")),
		fails("word_slice", "must have a end which is greater than the start", Text("bee cat dog"), num("2"), num("1")),

		ok("field", "b", Text("a,b,c"), num("1"), Text(",")),
		ok("field", "", Text("a,,b,c"), num("1"), Text(",")),
		ok("field", "b", Text("a   b c"), num("1"), Text(" ")),
		ok("field", "", Text("a\t\tb\tc\td"), num("1"), Text("\t")),
		ok("field", "", Text("a,b,c"), num("5"), Text(",")),
		ok("field", "b", Text("a, b ,c"), num("1"), Text(",")),
		fails("field", "unable to convert", Text("a,b,c"), Text("foo"), Text(",")),
		fails("field", "cannot use a negative index", Text("a,b,c"), num("-1"), Text(",")),

		ok("clean", "😃 Hello world", Text("😃 Hello \nwo\tr\rld")),
		ok("clean", "ab", Text("a\u200bb\u0000")),
		ok("clean", "123", num("123")),

		ok("text_slice", "llo", Text("hello"), num("2")),
		ok("text_slice", "el", Text("hello"), num("1"), num("3")),
		ok("text_slice", "lo", Text("hello😁"), num("-3"), num("-1")),
		ok("text_slice", "😁", Text("hello😁"), num("-1")),
		ok("text_slice", "", Text("hello"), num("7")),
		ok("text_slice", "", Text("hello"), num("3"), num("1")),
		fails("text_slice", "unable to convert", Text("hello"), Text("x")),

		ok("lower", "hello", Text("HellO")),
		ok("lower", "😀", Text("😀")),
		ok("upper", "ÀSDF", Text("àsdf")),
		ok("upper", "123", num("123")),
		ok("upper", "[A, B]", arr(Text("a"), Text("b"))),

		ok("regex_match", "34", Text("sda34dfddg67"), Text(`\d+`)),
		ok("regex_match", "Bob", Text("Bob Smith"), Text(`(\w+) (\w+)`), num("1")),
		ok("regex_match", "Smith", Text("Bob Smith"), Text(`(\w+) (\w+)`), num("2")),
		ok("regex_match", "BOB", Text("BOB"), Text(`bob`)),
		fails("regex_match", "invalid regular expression group", Text("Bob Smith"), Text(`(\w+) (\w+)`), num("5")),
		fails("regex_match", "error calling regex_match(...): invalid regular expression", Text("abc"), Text(`[\.`)),
		fails("regex_match", "invalid regular expression group", Text("abc"), Text(`\d`)), // no match

		ok("text_length", "3", Text("abc")),
		ok("text_length", "6", arr(num("2"), num("3"))),
		ok("text_length", "1", Text("😀")),
		ok("text_length", "0", nil),

		ok("text_compare", "0", Text("abc"), Text("abc")),
		ok("text_compare", "-1", Text("abc"), Text("def")),
		ok("text_compare", "1", Text("zzz"), Text("aaa")),

		ok("repeat", "********", Text("*"), num("8")),
		ok("repeat", "", Text("*"), num("0")),
		ok("repeat", "abab", Text("ab"), Text("2")),
		fails("repeat", "unable to convert", Text("*"), Text("foo")),
		fails("repeat", "must be called with a positive integer, got -1", Text("*"), num("-1")),
		fails("repeat", "cannot build a string longer than 10000 characters", Text("*"), num("2000000000")),

		ok("replace", "zap bar zap", Text("foo bar foo"), Text("foo"), Text("zap")),
		ok("replace", "zap bar foo", Text("foo bar foo"), Text("foo"), Text("zap"), num("1")),
		ok("replace", "foo bar", Text("foo bar"), Text("baz"), Text("zap")),
		ok("replace", "zap bar zap", Text("foo bar foo"), Text("foo"), Text("zap"), num("-1")),

		ok("url_encode", "two%20%26%20words", Text("two & words")),
		ok("url_encode", "a%2Fb%3Fc%3Dd", Text("a/b?c=d")),
		ok("url_encode", "10", num("10")),

		ok("html_decode", "Red & Blue", Text("Red &amp; Blue")),
		ok("html_decode", "5 + 10", Text("5 + 10")),
		ok("html_decode", "a b", Text("a&nbsp;b")),

		ok("read_chars", "1 2 3 4", Text("1234")),
		ok("read_chars", "a b c", Text("abc")),
		ok("read_chars", "a b c , d e f", Text("abcdef")),
		ok("read_chars", "1 2 3 4 , 5 6 7 8", Text("12345678")),
		ok("read_chars", "1 , 2 , 3 , 4 , 5", Text("+12345")),
		ok("read_chars", "", Text("")),
	})
}

func BenchmarkTextFunctions(b *testing.B) {
	calls := []struct {
		name string
		args []Value
	}{
		{"upper", []Value{Text("hello world")}},
		{"word", []Value{Text("the quick brown fox"), num("2")}},
		{"word_count", []Value{Text("the quick brown fox jumps over the lazy dog")}},
		{"title", []Value{Text("the quick brown fox")}},
		{"format_number", []Value{num("1234567.891"), num("2")}},
		{"format_datetime", []Value{Text("2010-05-10T19:50:00.000000Z"), Text("YYYY-MM-DD tt:mm")}},
	}
	ctx := funcTestCtx()
	for _, c := range calls {
		fn, _ := LookupFunction(c.name)
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if IsError(fn(ctx, c.args)) {
					b.Fatalf("%s failed", c.name)
				}
			}
		})
	}
}
