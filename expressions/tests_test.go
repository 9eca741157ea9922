package expressions

import (
	"strings"
	"testing"
)

// fakeLocations resolves names against a fixed list of paths: a location matches when its name
// (the last part of its path) appears in the text, ignoring case.
type fakeLocations []string

func (f fakeLocations) FindLocations(text string, level LocationLevel, parent string) []string {
	var found []string
	for _, path := range f {
		parts := strings.Split(path, " > ")
		if len(parts)-1 != int(level) || (parent != "" && !strings.HasPrefix(path, parent+" > ")) {
			continue
		}
		if strings.Contains(strings.ToLower(text), strings.ToLower(parts[len(parts)-1])) {
			found = append(found, path)
		}
	}
	return found
}

var rwanda = fakeLocations{
	"Rwanda > Kigali City",
	"Rwanda > Kigali City > Gasabo",
	"Rwanda > Kigali City > Gasabo > Gisozi",
	"Rwanda > Kigali City > Gasabo > Kimironko",
	"Rwanda > Eastern Province",
	"Rwanda > Eastern Province > Gatsibo",
	"Rwanda > Eastern Province > Gatsibo > Gisozi",
}

func TestMatchResultShapes(t *testing.T) {
	ctx := funcTestCtx()
	m := MatchResult(Text("foo"), NewObject().Set("0", Text("foo")))
	if s, _ := ToText(ctx, m); s != "true" {
		t.Errorf("a match renders as %q, want true", s)
	}
	if b, _ := ToBoolean(ctx, m); !b {
		t.Errorf("a match is falsy")
	}
	if j, _ := ToJSON(ctx, m); j != `{"extra":{"0":"foo"},"match":"foo"}` {
		t.Errorf("a match serialises as %s", j)
	}
	n := NoMatch()
	if s, _ := ToText(ctx, n); s != "false" {
		t.Errorf("no match renders as %q, want false", s)
	}
	if b, _ := ToBoolean(ctx, n); b {
		t.Errorf("no match is truthy")
	}
	if !IsTestName("has_text") || !IsTestName("HAS_PHONE") || IsTestName("upper") {
		t.Errorf("IsTestName is wrong")
	}
}

// match is a router test call and what its result's match renders as ("false" for no match),
// followed by its extra when it has one.
func match(fn, want string, args ...Value) fnCase {
	return fnCase{fn: fn, args: args, want: want}
}

// runTestCases calls each router test and compares its match, or "false" for no match.
func runTestCases(t *testing.T, ctx *EvalContext, cases []fnCase) {
	t.Helper()
	for _, tc := range cases {
		got := callFunc(ctx, tc.fn, tc.args...)
		desc := describeCall(tc.fn, tc.args)
		if tc.isErr {
			if e, isErr := got.(*Error); !isErr || !strings.Contains(e.Error(), tc.errText) {
				t.Errorf("%s = %v, want an error containing %q", desc, got, tc.errText)
			}
			continue
		}
		o, isObj := got.(*Object)
		if !isObj {
			t.Errorf("%s = %v, want a test result", desc, got)
			continue
		}
		rendered := "false"
		if b, _ := ToBoolean(ctx, o); b {
			m, _ := o.Get("match")
			rendered, _ = ToText(ctx, m)
			if e, hasExtra := o.Get("extra"); hasExtra {
				extra, _ := ToText(ctx, e)
				rendered += " " + extra
			}
		}
		if rendered != tc.want {
			t.Errorf("%s matched %q, want %q", desc, rendered, tc.want)
		}
	}
}

func TestRouterTests(t *testing.T) {
	group := obj("uuid", Text("b7cf0d83"), "name", Text("Testers"))
	// flow results are objects the engine marks as such; the result tests take nothing else
	result := obj("category", Text("Success"), "value", Text("yes")).MarkResult()
	classification := obj("extra", obj(
		"intents", arr(obj("name", Text("book_flight"), "confidence", num("0.9")), obj("name", Text("book_hotel"), "confidence", num("0.3"))),
		"entities", obj("location", arr(obj("value", Text("Quito"), "confidence", num("1")), obj("value", Text("Lima"), "confidence", num("0.5")))),
	)).MarkResult()
	unmarked := obj("category", Text("Success"), "extra", obj("intents", arr(obj("name", Text("x"), "confidence", num("1")))))
	runTestCases(t, funcTestCtx(), []fnCase{
		match("has_text", "quick brown", Text(" quick brown ")),
		match("has_text", "false", Text(" \n")),
		match("has_text", "123", num("123")),
		match("has_text", "false", nil),
		match("has_value", "x", Text("x")),

		match("has_only_text", "foo", Text("foo"), Text("foo")),
		match("has_only_text", "false", Text("foo"), Text("FOO")),
		match("has_only_text", "false", Text("foo"), Text(" foo ")),

		match("has_error", "boom", NewError("boom")),
		match("has_error", "false", Text("hello")),

		match("has_group", "{name: Testers, uuid: b7cf0d83}", arr(group), Text("b7cf0d83")),
		match("has_group", "false", arr(group), Text("B7CF0D83")),
		match("has_group", "false", arr(), Text("97fe7029")),
		fails("has_group", "unable to convert", Text("x"), Text("97fe7029")),
		fails("has_group", "unable to convert", arr(Text("x")), Text("97fe7029")),

		match("has_phrase", "brown fox", Text("the quick brown fox"), Text("brown fox")),
		match("has_phrase", "Quick Brown", Text("the Quick Brown fox"), Text("quick brown")),
		match("has_phrase", "false", Text("the Quick Brown fox"), Text("quick fox")),
		match("has_phrase", "", Text("the Quick Brown fox"), Text("")),
		match("has_phrase", "brown fox", Text("brown, fox"), Text("BROWN fox")),

		match("has_only_phrase", "Quick Brown", Text("Quick Brown"), Text("quick brown")),
		match("has_only_phrase", "false", Text("The Quick Brown Fox"), Text("quick brown")),
		match("has_only_phrase", "false", Text("the Quick Brown fox"), Text("")),
		match("has_only_phrase", "", Text(""), Text("")),
		match("has_only_phrase", "Yes", Text(" Yes! "), Text("yes")),

		match("has_all_words", "the FOX", Text("the quick brown FOX"), Text("the fox")),
		match("has_all_words", "false", Text("the quick brown fox"), Text("red fox")),
		match("has_all_words", "fox Fox", Text("fox Fox"), Text("fox")),

		match("has_any_word", "Quick Fox", Text("The Quick Brown Fox"), Text("fox quick")),
		match("has_any_word", "Fox", Text("The Quick Brown Fox"), Text("red fox")),
		match("has_any_word", "false", Text("The Quick Brown Fox"), Text("red")),
		match("has_any_word", "😀", Text("I feel 😀"), Text("😀 😃")),

		match("has_beginning", "The Quick", Text("The Quick Brown"), Text("the quick")),
		match("has_beginning", "false", Text("The Quick Brown"), Text("the   quick")),
		match("has_beginning", "false", Text("The Quick Brown"), Text("quick brown")),
		match("has_beginning", "false", Text("Quick"), Text("")),
		match("has_beginning", "false", Text("Qu"), Text("quick")),
		match("has_beginning", "Ñan", Text("Ñandú"), Text("ñan")),

		match("has_pattern", "Buy cheese {0: Buy cheese, 1: cheese}", Text("Buy cheese please"), Text(`buy (\w+)`)),
		match("has_pattern", "false", Text("Sell cheese please"), Text(`buy (\w+)`)),
		fails("has_pattern", "must be called with a valid regular expression", Text("abc"), Text(`[\.`)),

		match("has_number", "42", Text("the number is 42")),
		match("has_number", "-12.5", Text("it was -12.5 degrees")),
		match("has_number", "1234.5", Text("costs 1,234.5")),
		match("has_number", "0.5", Text("about .5 of it")),
		match("has_number", "false", Text("the number is forty two")),
		match("has_number_between", "42", Text("the number is 42"), num("40"), num("44")),
		match("has_number_between", "false", Text("the number is 42"), num("50"), num("60")),
		match("has_number_between", "45", Text("first 42 then 45"), num("44"), num("50")),
		fails("has_number_between", "unable to convert", Text("the number is not there"), Text("foo"), num("60")),
		match("has_number_lt", "42", Text("the number is 42"), num("44")),
		match("has_number_lt", "false", Text("the number is 42"), num("40")),
		fails("has_number_lt", "unable to convert", Text("the number is not there"), Text("foo")),
		match("has_number_lte", "42", Text("the number is 42"), num("42")),
		match("has_number_eq", "42", Text("the number is 42.0"), num("42")),
		match("has_number_eq", "false", Text("the number is 42"), num("40")),
		match("has_number_gte", "42", Text("the number is 42"), num("42")),
		match("has_number_gte", "false", Text("the number is 42"), num("45")),
		match("has_number_gt", "42", Text("the number is 42"), num("40")),
		match("has_number_gt", "false", Text("the number is 42"), num("42")),

		match("has_date", "2017-01-15T13:24:30.123456-05:00", Text("the date is 15/01/2017")),
		match("has_date", "2017-01-15T15:00:00.000000-05:00", Text("the date is 15/01/2017 15:00")),
		match("has_date", "false", Text("there is no date here, just a year 2017")),
		match("has_date_lt", "2017-01-15T13:24:30.123456-05:00", Text("the date is 15/01/2017"), Text("2017-06-01")),
		match("has_date_lt", "false", Text("the date is 15/01/2017"), Text("2017-01-15")),
		fails("has_date_lt", "unable to convert", Text("there is no date here"), Text("not date")),
		match("has_date_eq", "2017-01-15T13:24:30.123456-05:00", Text("the date is 15/01/2017"), Text("2017-01-15")),
		match("has_date_eq", "2017-01-15T13:24:30.123456-05:00", Text("the date is 15/01/2017"), Text("2017-01-15T23:30:00-05:00")),
		match("has_date_eq", "false", Text("the date is 15/01/2017"), Text("2017-01-16")),
		fails("has_date_eq", "unable to convert", Text("there is no date here"), Text("not date")),
		match("has_date_gt", "2017-01-15T13:24:30.123456-05:00", Text("the date is 15/01/2017"), Text("2017-01-01")),
		match("has_date_gt", "false", Text("the date is 15/01/2017"), Text("2017-03-15")),

		match("has_time", "10:30:00.000000", Text("the time is 10:30")),
		match("has_time", "22:00:00.000000", Text("the time is 10 PM")),
		match("has_time", "10:30:45.000000", Text("the time is 10:30:45")),
		match("has_time", "false", Text("there is no time here, just the number 25")),

		match("has_phone", "+12067799294", Text("my number is +12067799294 thanks")),
		match("has_phone", "+12067799294", Text("my number is 2067799294")),
		match("has_phone", "+12067799294", Text("my number is 206 779 9294"), Text("US")),
		match("has_phone", "+250788123123", Text("my number is 0788 123 123"), Text("RW")),
		// as in the reference: a country code is upper case, and one that isn't a country
		// rejects every number not written with its own country code
		match("has_phone", "false", Text("my number is 0788 123 123"), Text("rw")),
		match("has_phone", "false", Text("250788123123"), Text("XX")),
		match("has_phone", "+250788123123", Text("+250788123123"), Text("XX")),
		// 11 digits or more not starting with 0 are tried again as international
		match("has_phone", "+250788123123", Text("whatsapp:250788123123"), Text("US")),
		match("has_phone", "+250788123123", Text("250788123123"), Text("")),
		// the E.164 form must read back as itself, and a tel URN takes at most 15 digits
		match("has_phone", "+8211290", Text("+82011290")),
		match("has_phone", "false", Text("+810000000977123456")),
		match("has_phone", "false", Text("my number is none of your business"), Text("US")),

		match("has_email", "foo1@bar.com", Text("my email is foo1@bar.com, please respond")),
		match("has_email", "foo@bar2.com", Text("my email is <foo@bar2.com>")),
		match("has_email", "false", Text("i'm not sharing my email")),
		match("has_email", "false", Text("user@localhost")),

		match("has_category", "Success", result, Text("Success"), Text("Failure")),
		match("has_category", "false", result, Text("Failure")),
		match("has_category", "false", result, Text("success")),
		match("has_category", "", obj("value", Text("x")).MarkResult(), Text("")), // no category is ""
		fails("has_category", "error calling has_category(...): first argument must be a result", unmarked, Text("Success")),
		fails("has_category", "first argument must be a result", nil, Text("Success")),
		fails("has_category", `unable to convert "Success" to an object`, Text("Success"), Text("Success")),
		match("has_intent", "false", unmarked, Text("x"), num("0.5")),
		match("has_intent", "false", nil, Text("x"), num("0.5")),
		fails("has_intent", `unable to convert "x" to an object`, Text("x"), Text("x"), num("0.5")),
		fails("has_intent", `unable to convert "high" to a number`, nil, Text("x"), Text("high")),

		match("has_intent", "false", classification, Text("book_flight"), num("0.5")), // classifiers are no longer supported
		match("has_intent", "false", classification, Text("book_hotel"), num("0.2")),
		match("has_intent", "false", classification, Text("book_hotel"), num("0.5")),
		match("has_intent", "false", result, Text("book_hotel"), num("0.5")),
		match("has_top_intent", "false", classification, Text("book_flight"), num("0.5")),
		match("has_top_intent", "false", classification, Text("book_hotel"), num("0.2")),
		fails("has_top_intent", "unable to convert", classification, Text("book_hotel"), Text("high")),

		fails("has_state", "no locations are available", Text("Kigali")),
		fails("has_district", "no locations are available", Text("Gasabo")),
		fails("has_ward", "no locations are available", Text("Gisozi")),
	})
}

func TestLocationTests(t *testing.T) {
	ctx := funcTestCtx()
	ctx.Locations = rwanda
	runTestCases(t, ctx, []fnCase{
		match("has_state", "Rwanda > Kigali City", Text("I live in Kigali City")),
		match("has_state", "false", Text("Boston")),
		match("has_district", "Rwanda > Kigali City > Gasabo", Text("Gasabo"), Text("kigali city")),
		match("has_district", "Rwanda > Kigali City > Gasabo", Text("Gasabo")),
		match("has_district", "false", Text("Gasabo"), Text("Boston")),
		match("has_district", "false", Text("Gatsibo"), Text("Kigali City")),
		match("has_ward", "Rwanda > Kigali City > Gasabo > Gisozi", Text("Gisozi"), Text("Kigali City"), Text("Gasabo")),
		match("has_ward", "Rwanda > Eastern Province > Gatsibo > Gisozi", Text("in Gisozi"), Text("Eastern Province"), Text("Gatsibo")),
		match("has_ward", "false", Text("Gisozi"), Text("Brooklyn"), Text("Gasabo")),
		match("has_ward", "false", Text("Gisozi")), // two wards have that name
		match("has_ward", "false", Text("Gasabo")),
		fails("has_ward", "error calling has_ward(...): takes one or three arguments, got 2", Text("Gisozi"), Text("Gasabo")),
	})
}

func TestNumberTestsFollowNumberFormat(t *testing.T) {
	ctx := funcTestCtx()
	ctx.Env.NumberFormat = NumberFormat{DecimalSymbol: ",", DigitGroupingSymbol: "."}
	runTestCases(t, ctx, []fnCase{
		match("has_number", "1234.5", Text("costs 1.234,5 today")),
		match("has_number_gt", "2.5", Text("about 2,5"), num("2")),
	})
}

// The word tests compare words under the environment's input collation, one word at a time;
// has_only_text and has_beginning stay plain.
func TestWordTestsFollowInputCollation(t *testing.T) {
	tests := []struct {
		collation string
		cases     []fnCase
	}{
		{"default", []fnCase{
			match("has_any_word", "YES", Text("YES"), Text("yes")),
			match("has_any_word", "false", Text("ყes"), Text("yes")),
		}},
		{"confusables", []fnCase{
			// Georgian, Greek and fullwidth look-alikes of Latin letters
			match("has_any_word", "ყes", Text("ყes"), Text("yes")),
			match("has_all_words", "ΥΕS nο", Text("ΥΕS nο"), Text("yes no")),
			match("has_phrase", "ყes please", Text("ყes please ok"), Text("yes please")),
			match("has_only_phrase", "ｙｅｓ", Text("ｙｅｓ"), Text("yes")),
			// a ligature is its letters; an ignorable joiner is dropped
			match("has_any_word", "ǉubav", Text("ǉubav"), Text("ljubav")),
			match("has_any_word", "Y͏es", Text("Y͏es"), Text("yes")),
			// a letter that looks like punctuation stays in its word
			match("has_any_word", "false", Text("yesǃ"), Text("yes")),
			match("has_only_text", "false", Text("ყes"), Text("yes")),
			match("has_beginning", "false", Text("ყes"), Text("yes")),
		}},
		{"arabic_variants", []fnCase{
			match("has_any_word", "ي", Text("ي"), Text("ی")),
			match("has_any_word", "آ", Text("آ"), Text("ا")),
			match("has_any_word", "٣", Text("٣"), Text("۳")),
			// presentation forms fold (NFKC) before the variants are unified
			match("has_any_word", "ﺏﻝﯼ", Text("ﺏﻝﯼ"), Text("بلی")),
			match("has_any_word", "YES", Text("YES"), Text("yes")),
			match("has_beginning", "false", Text("ي"), Text("ی")),
		}},
	}
	for _, tc := range tests {
		t.Run(tc.collation, func(t *testing.T) {
			ctx := funcTestCtx()
			ctx.Env.InputCollation = tc.collation
			runTestCases(t, ctx, tc.cases)
		})
	}
}

func BenchmarkRouterTests(b *testing.B) {
	calls := []struct {
		name string
		args []Value
	}{
		{"has_any_word", []Value{Text("The Quick Brown Fox jumps over the lazy dog"), Text("fox dog cat")}},
		{"has_phrase", []Value{Text("The Quick Brown Fox jumps over the lazy dog"), Text("lazy dog")}},
		{"has_number_between", []Value{Text("I am 42 years old"), num("18"), num("65")}},
		{"has_date_lt", []Value{Text("born on 15/01/1990 at 10am"), Text("2000-01-01")}},
		{"has_time", []Value{Text("see you at 10:30 pm")}},
		{"has_phone", []Value{Text("call me on 206 779 9294"), Text("US")}},
		{"has_email", []Value{Text("write to foo1@bar.com please")}},
		{"has_pattern", []Value{Text("Buy cheese please"), Text(`buy (\w+)`)}},
	}
	ctx := funcTestCtx()
	for _, c := range calls {
		fn, _ := LookupFunction(c.name)
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if r, isObj := fn(ctx, c.args).(*Object); !isObj || r.Len() == 0 {
					b.Fatalf("%s didn't return a result", c.name)
				}
			}
		})
	}
}

// has_ward reads its parents from the top down, state then district, and falls back to a ward
// named nowhere else only when the district is exactly empty; has_district likewise only when
// the state is.
func TestLocationTestsReadParentsTopDown(t *testing.T) {
	ctx := funcTestCtx()
	ctx.Locations = rwanda
	runTestCases(t, ctx, []fnCase{
		match("has_ward", "Rwanda > Kigali City > Gasabo > Gisozi", Text("Gisozi"), Text("Kigali City"), Text("Gasabo")),
		match("has_ward", "false", Text("Gisozi"), Text("Gasabo"), Text("Kigali City")), // the other order names no state
		match("has_ward", "Rwanda > Kigali City > Gasabo > Gisozi", Text("Gisozi"), Text("in kigali city"), Text(" Gasabo ")),
		match("has_ward", "false", Text("Gisozi"), Text("Kigali City"), Text("Gatsibo")), // not a district of that state
		match("has_ward", "false", Text("Gisozi"), Text(""), Text("Gasabo")),
		match("has_ward", "false", Text("Gisozi"), Text("Kigali City"), Text(" ")),
		match("has_ward", "false", Text("Gisozi"), Text("Kigali City"), Text("")), // two wards have that name
		match("has_ward", "Rwanda > Kigali City > Gasabo > Kimironko", Text("Kimironko"), Text("Nowhere"), Text("")),
		match("has_ward", "Rwanda > Kigali City > Gasabo > Kimironko", Text("Kimironko"), Text(""), Text("")),
		match("has_district", "Rwanda > Kigali City > Gasabo", Text("Gasabo"), Text("")),
		match("has_district", "false", Text("Gasabo"), Text(" ")),
	})
}
