package expressions

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// The router tests (has_*). A switch router calls a test by name with its operand as the first
// argument and the case's arguments after it. A test that matches returns an object that renders
// as true and has a `match` property (the matched text, number or date) and, for some tests, an
// `extra` object; a test that doesn't match returns an object that renders as false, with an
// empty `match`. Tests return an error value when their case arguments are unusable.

// MatchResult builds the value a router test returns on a match; extra may be nil.
func MatchResult(match Value, extra *Object) *Object {
	o := NewObject().SetDefault(Boolean(true)).Set("match", match)
	if extra != nil {
		o.Set("extra", extra)
	}
	return o
}

// NoMatch builds the value a router test returns when it doesn't match.
func NoMatch() *Object {
	return NewObject().SetDefault(Boolean(false)).Set("match", Text(""))
}

// IsTestName reports whether name is the name of a router test.
func IsTestName(name string) bool {
	return strings.HasPrefix(strings.ToLower(name), "has_")
}

// LocationLevel is a level of the location hierarchy the location tests search.
type LocationLevel int

// The levels of the location hierarchy below the country.
const (
	LocationState    LocationLevel = 1
	LocationDistrict LocationLevel = 2
	LocationWard     LocationLevel = 3
)

// LocationResolver finds locations named in free text for has_state, has_district and has_ward.
// The engine supplies it from the flow's location assets.
type LocationResolver interface {
	// FindLocations returns the paths ("Rwanda > Kigali City > Gasabo") of the locations at level
	// whose names appear in text, best match first; when parent is a path, only its children.
	FindLocations(text string, level LocationLevel, parent string) []string
}

func init() {
	textTest := func(name, sig, summary string, min, max int, fn Function, examples ...Example) {
		RegisterFunction(name, fn, FunctionDoc{Signature: sig, Summary: summary, MinArgs: min, MaxArgs: max, Examples: examples})
	}
	textTest("has_text", "has_text(text)", "Tests whether `text` has any characters other than white space, matching it trimmed.", 1, 1, fnHasText,
		Example{Template: `@(has_text("quick brown"))`, Output: "true"},
		Example{Template: `@(has_text("quick brown").match)`, Output: "quick brown"},
		Example{Template: `@(has_text(" \n"))`, Output: "false"},
		Example{Template: `@(has_text(123).match)`, Output: "123"},
	)
	textTest("has_value", "has_value(text)", "Tests whether `text` has any characters other than white space, like has_text.", 1, 1, fnHasText,
		Example{Template: `@(has_value("x"))`, Output: "true"},
	)
	textTest("has_only_text", "has_only_text(text1, text2)", "Tests whether `text1` and `text2` are the same, case included.", 2, 2, fnHasOnlyText,
		Example{Template: `@(has_only_text("foo", "foo"))`, Output: "true"},
		Example{Template: `@(has_only_text("foo", "foo").match)`, Output: "foo"},
		Example{Template: `@(has_only_text("foo", "FOO"))`, Output: "false"},
		Example{Template: `@(has_only_text("foo", " foo "))`, Output: "false"},
	)
	RegisterFunction("has_error", fnHasError, FunctionDoc{
		Signature: "has_error(value)", Summary: "Tests whether `value` is an error, matching its message.",
		MinArgs: 1, MaxArgs: 1, AcceptsErrors: true,
		Examples: []Example{
			{Template: `@(has_error(datetime("foo")))`, Output: "true"},
			{Template: `@(has_error(datetime("foo")).match)`, Output: `error calling datetime(...): unable to convert "foo" to a datetime`},
			{Template: `@(has_error(upper(1 / 0)).match)`, Output: "error calling upper(...): division by zero"},
			{Template: `@(has_error("hello"))`, Output: "false"},
		},
	})
	textTest("has_group", "has_group(groups, group_uuid [, group_name])",
		"Tests whether the array of `groups` (objects with a uuid) holds the group with `group_uuid`, matching that group.", 2, 3, fnHasGroup,
		Example{Template: `@(has_group(array(object("uuid", "b7cf", "name", "Testers")), "b7cf").match.name)`, Output: "Testers"},
		Example{Template: `@(has_group(array(), "97fe7029-3a15-4005-b0c7-277b884fc1d5"))`, Output: "false"},
	)
	textTest("has_phrase", "has_phrase(text, phrase)",
		"Tests whether the words of `phrase` appear in `text` in order with nothing between them, ignoring case.", 2, 2, fnWordTest(matchPhrase),
		Example{Template: `@(has_phrase("the quick brown fox", "brown fox"))`, Output: "true"},
		Example{Template: `@(has_phrase("the Quick Brown fox", "quick brown").match)`, Output: "Quick Brown"},
		Example{Template: `@(has_phrase("the Quick Brown fox", "quick fox"))`, Output: "false"},
	)
	textTest("has_only_phrase", "has_only_phrase(text, phrase)",
		"Tests whether the words of `text` are exactly those of `phrase`, ignoring case and punctuation.", 2, 2, fnWordTest(matchOnlyPhrase),
		Example{Template: `@(has_only_phrase("Quick Brown", "quick brown"))`, Output: "true"},
		Example{Template: `@(has_only_phrase("Quick Brown", "quick brown").match)`, Output: "Quick Brown"},
		Example{Template: `@(has_only_phrase("The Quick Brown Fox", "quick brown"))`, Output: "false"},
	)
	textTest("has_all_words", "has_all_words(text, words)",
		"Tests whether every one of `words` is a word of `text`, in any order, ignoring case.", 2, 2, fnWordTest(matchAllWords),
		Example{Template: `@(has_all_words("the quick brown FOX", "the fox").match)`, Output: "the FOX"},
		Example{Template: `@(has_all_words("the quick brown fox", "red fox"))`, Output: "false"},
	)
	textTest("has_any_word", "has_any_word(text, words)",
		"Tests whether any of `words` is a word of `text`, ignoring case, matching every such word.", 2, 2, fnWordTest(matchAnyWord),
		Example{Template: `@(has_any_word("The Quick Brown Fox", "fox quick").match)`, Output: "Quick Fox"},
		Example{Template: `@(has_any_word("The Quick Brown Fox", "red"))`, Output: "false"},
	)
	textTest("has_beginning", "has_beginning(text, beginning)",
		"Tests whether `text` starts with `beginning`, both trimmed, ignoring case.", 2, 2, fnHasBeginning,
		Example{Template: `@(has_beginning("The Quick Brown", "the quick").match)`, Output: "The Quick"},
		Example{Template: `@(has_beginning("The Quick Brown", "quick brown"))`, Output: "false"},
	)
	textTest("has_pattern", "has_pattern(text, pattern)",
		"Tests whether the case-insensitive regular expression `pattern` matches `text`; extra holds the groups by number.", 2, 2, fnHasPattern,
		Example{Template: `@(has_pattern("Buy cheese please", "buy (\w+)"))`, Output: "true"},
		Example{Template: `@(has_pattern("Buy cheese please", "buy (\w+)").match)`, Output: "Buy cheese"},
		Example{Template: `@(has_pattern("Buy cheese please", "buy (\w+)").extra)`, Output: "{0: Buy cheese, 1: cheese}"},
		Example{Template: `@(has_pattern("Sell cheese please", "buy (\w+)"))`, Output: "false"},
		Example{Template: `@(has_pattern("abc", "[\."))`, Error: true},
	)
	textTest("has_number", "has_number(text)", "Tests whether `text` contains a number, matching the first.", 1, 1, fnHasNumber,
		Example{Template: `@(has_number("the number is 42"))`, Output: "true"},
		Example{Template: `@(has_number("the number is 42").match)`, Output: "42"},
		Example{Template: `@(has_number("the number is forty two"))`, Output: "false"},
	)
	textTest("has_number_between", "has_number_between(text, min, max)",
		"Tests whether `text` contains a number from `min` to `max` inclusive, matching it.", 3, 3, fnHasNumberBetween,
		Example{Template: `@(has_number_between("the number is 42", 40, 44).match)`, Output: "42"},
		Example{Template: `@(has_number_between("the number is 42", 50, 60))`, Output: "false"},
		Example{Template: `@(has_number_between("the number is not there", "foo", 60))`, Error: true},
	)
	numberTest := func(name, arg, summary string, accept func(int) bool, examples ...Example) {
		textTest(name, name+"(text, "+arg+")", summary, 2, 2, fnNumberCompareTest(accept), examples...)
	}
	numberTest("has_number_lt", "max", "Tests whether `text` contains a number less than `max`, matching it.", func(c int) bool { return c < 0 },
		Example{Template: `@(has_number_lt("the number is 42", 44).match)`, Output: "42"},
		Example{Template: `@(has_number_lt("the number is 42", 40))`, Output: "false"},
		Example{Template: `@(has_number_lt("the number is not there", "foo"))`, Error: true},
	)
	numberTest("has_number_lte", "max", "Tests whether `text` contains a number less than or equal to `max`, matching it.", func(c int) bool { return c <= 0 },
		Example{Template: `@(has_number_lte("the number is 42", 42))`, Output: "true"},
		Example{Template: `@(has_number_lte("the number is 42", 40))`, Output: "false"},
	)
	numberTest("has_number_eq", "value", "Tests whether `text` contains a number equal to `value`, matching it.", func(c int) bool { return c == 0 },
		Example{Template: `@(has_number_eq("the number is 42", 42))`, Output: "true"},
		Example{Template: `@(has_number_eq("the number is 42", 40))`, Output: "false"},
	)
	numberTest("has_number_gte", "min", "Tests whether `text` contains a number greater than or equal to `min`, matching it.", func(c int) bool { return c >= 0 },
		Example{Template: `@(has_number_gte("the number is 42", 42))`, Output: "true"},
		Example{Template: `@(has_number_gte("the number is 42", 45))`, Output: "false"},
	)
	numberTest("has_number_gt", "min", "Tests whether `text` contains a number greater than `min`, matching it.", func(c int) bool { return c > 0 },
		Example{Template: `@(has_number_gt("the number is 42", 40).match)`, Output: "42"},
		Example{Template: `@(has_number_gt("the number is 42", 42))`, Output: "false"},
	)
	textTest("has_date", "has_date(text)",
		"Tests whether `text` contains a date in the environment's date format, matching it as a datetime (the current time when the text has none).", 1, 1, fnDateTest(nil),
		Example{Template: `@(has_date("the date is 15/01/2017 10:30").match)`, Output: "2017-01-15T10:30:00.000000-05:00"},
		Example{Template: `@(has_date("there is no date here, just a year 2017"))`, Output: "false"},
	)
	dateTest := func(name, arg, summary string, accept func(int) bool, examples ...Example) {
		textTest(name, name+"(text, "+arg+")", summary, 2, 2, fnDateTest(accept), examples...)
	}
	dateTest("has_date_lt", "max", "Tests whether `text` contains a date before `max`, matching it.", func(c int) bool { return c < 0 },
		Example{Template: `@(has_date_lt("the date is 15/01/2017", "2017-06-01"))`, Output: "true"},
		Example{Template: `@(has_date_lt("there is no date here, just a year 2017", "2017-06-01"))`, Output: "false"},
		Example{Template: `@(has_date_lt("there is no date here, just a year 2017", "not date"))`, Error: true},
	)
	dateTest("has_date_eq", "date", "Tests whether `text` contains the date `date`, matching it.", func(c int) bool { return c == 0 },
		Example{Template: `@(has_date_eq("the date is 15/01/2017 15:00", "2017-01-15").match)`, Output: "2017-01-15T15:00:00.000000-05:00"},
		Example{Template: `@(has_date_eq("the date is 15/01/2017", "2017-01-16"))`, Output: "false"},
	)
	dateTest("has_date_gt", "min", "Tests whether `text` contains a date after `min`, matching it.", func(c int) bool { return c > 0 },
		Example{Template: `@(has_date_gt("the date is 15/01/2017", "2017-01-01"))`, Output: "true"},
		Example{Template: `@(has_date_gt("the date is 15/01/2017", "2017-03-15"))`, Output: "false"},
	)
	textTest("has_time", "has_time(text)", "Tests whether `text` contains a time of day, matching it.", 1, 1, fnHasTime,
		Example{Template: `@(has_time("the time is 10:30"))`, Output: "true"},
		Example{Template: `@(has_time("the time is 10 PM").match)`, Output: "22:00:00.000000"},
		Example{Template: `@(has_time("there is no time here, just the number 25"))`, Output: "false"},
	)
	textTest("has_phone", "has_phone(text [, country])",
		"Tests whether `text` contains a phone number, read as a number of `country` (the environment's default country when omitted) unless it has a country code, matching it in E.164 form.", 1, 2, fnHasPhone,
		Example{Template: `@(has_phone("my number is +12067799294 thanks"))`, Output: "true"},
		Example{Template: `@(has_phone("my number is 206 779 9294", "US").match)`, Output: "+12067799294"},
		Example{Template: `@(has_phone("my number is none of your business", "US"))`, Output: "false"},
	)
	textTest("has_email", "has_email(text)", "Tests whether `text` contains an email address, matching it.", 1, 1, fnHasEmail,
		Example{Template: `@(has_email("my email is foo1@bar.com, please respond").match)`, Output: "foo1@bar.com"},
		Example{Template: `@(has_email("my email is <foo@bar2.com>").match)`, Output: "foo@bar2.com"},
		Example{Template: `@(has_email("i'm not sharing my email"))`, Output: "false"},
	)
	textTest("has_category", "has_category(result, categories...)",
		"Tests whether the category of the flow `result` (a value of `@results`, or any object with a `name` and a `created_on` datetime, as the reference reads results) is one of `categories`, matching the category.", 2, -1, fnHasCategory,
		Example{Template: `@(has_category(object("name", "Outcome", "created_on", "2021-03-04T05:06:07Z", "category", "Success"), "Success"))`, Output: "true"},
		Example{Template: `@(has_category(object("category", "Success"), "Success"))`, Error: true},
		Example{Template: `@(has_category("Success", "Success"))`, Error: true},
	)
	textTest("has_intent", "has_intent(result, name, confidence)",
		"Tested whether the classification `result` has an intent `name` with at least `confidence`. NLU classifiers are no longer supported, so, as in the reference, it never matches.", 3, 3, fnIntentTest(),
		Example{Template: `@(has_intent(object("extra", object("intents", array(object("name", "book", "confidence", 0.9)))), "book", 0.5))`, Output: "false"},
		Example{Template: `@(has_intent("book", "book", 0.5))`, Error: true},
	)
	textTest("has_top_intent", "has_top_intent(result, name, confidence)",
		"Tested whether the first intent of the classification `result` is `name` with at least `confidence`. NLU classifiers are no longer supported, so, as in the reference, it never matches.", 3, 3, fnIntentTest(),
		Example{Template: `@(has_top_intent(null, "book", 0.5))`, Output: "false"},
	)
	textTest("has_state", "has_state(text)", "Tests whether a state is named in `text`, matching its location path.", 1, 1, fnHasState,
		Example{Template: `@(has_state("Kigali"))`, Error: true},
	)
	textTest("has_district", "has_district(text [, state])", "Tests whether a district (of `state`, if given) is named in `text`, matching its location path.", 1, 2, fnHasDistrict,
		Example{Template: `@(has_district("Gasabo", "Kigali"))`, Error: true},
	)
	RegisterFunction("has_ward", fnHasWard, FunctionDoc{Signature: "has_ward(text [, state, district])", Summary: "Tests whether a ward (of `district` in `state`, if given) is named in `text`, matching its location path. The state comes first, as the reference engine reads it.", MinArgs: 1, MaxArgs: 3, ArityMessage: hasWardArity, Examples: []Example{
		Example{Template: `@(has_ward("Gisozi", "Kigali", "Gasabo"))`, Error: true},
	}})
}

func fnHasText(ctx *EvalContext, args []Value) Value {
	s, err := ToText(ctx, args[0])
	if err != nil {
		return err
	}
	if s = strings.TrimSpace(s); s != "" {
		return MatchResult(Text(s), nil)
	}
	return NoMatch()
}

func fnHasOnlyText(ctx *EvalContext, args []Value) Value {
	texts, err := textArgs(ctx, args)
	if err != nil {
		return err
	}
	if texts[0] == texts[1] {
		return MatchResult(Text(texts[0]), nil)
	}
	return NoMatch()
}

func fnHasError(ctx *EvalContext, args []Value) Value {
	if e, isErr := args[0].(*Error); isErr {
		return MatchResult(Text(e.Error()), nil)
	}
	return NoMatch()
}

func fnHasGroup(ctx *EvalContext, args []Value) Value {
	groups, err := ToArray(ctx, args[0])
	if err != nil {
		return err
	}
	uuid, err := ToText(ctx, args[1])
	if err != nil {
		return err
	}
	for _, item := range groups.Items() {
		group, err := ToObject(ctx, item)
		if err != nil {
			return err
		}
		groupUUID, _ := group.Get("uuid")
		s, err := ToText(ctx, groupUUID)
		if err != nil {
			return err
		}
		if s == uuid {
			return MatchResult(group, nil)
		}
	}
	return NoMatch()
}

// wordMatcher decides a word test: words are the words of the tested text, lower holds them as
// the environment collates them and wanted the collated words of the test. It returns the words matched.
type wordMatcher func(words, lower, wanted []string) ([]string, bool)

// fnWordTest makes a word test from its matching rule.
func fnWordTest(match wordMatcher) Function {
	return func(ctx *EvalContext, args []Value) Value {
		texts, err := textArgs(ctx, args)
		if err != nil {
			return err
		}
		if err := ctx.Spend(len(texts[0]) + len(texts[1])); err != nil {
			return err
		}
		// words are collated one by one, after splitting: a look-alike that collates to
		// punctuation stays inside its word
		words := splitWords(texts[0])
		lower := make([]string, len(words))
		for i, w := range words {
			lower[i] = ctx.Env.Collate(w)
		}
		wanted := splitWords(texts[1])
		for i, w := range wanted {
			wanted[i] = ctx.Env.Collate(w)
		}
		matched, isMatch := match(words, lower, wanted)
		if !isMatch {
			return NoMatch()
		}
		return MatchResult(Text(strings.Join(matched, " ")), nil)
	}
}

func matchPhrase(words, lower, wanted []string) ([]string, bool) {
	if len(wanted) == 0 {
		return nil, true
	}
	for start := 0; start+len(wanted) <= len(lower); start++ {
		if slices.Equal(lower[start:start+len(wanted)], wanted) {
			return words[start : start+len(wanted)], true
		}
	}
	return nil, false
}

func matchOnlyPhrase(words, lower, wanted []string) ([]string, bool) {
	if !slices.Equal(lower, wanted) {
		return nil, false
	}
	return words, true
}

func matchAllWords(words, lower, wanted []string) ([]string, bool) {
	var matched []string
	found := make(map[string]bool, len(wanted))
	for i, w := range lower {
		if containsString(wanted, w) {
			matched = append(matched, words[i])
			found[w] = true
		}
	}
	for _, w := range wanted {
		if !found[w] {
			return nil, false
		}
	}
	return matched, true
}

func matchAnyWord(words, lower, wanted []string) ([]string, bool) {
	var matched []string
	for i, w := range lower {
		if containsString(wanted, w) {
			matched = append(matched, words[i])
		}
	}
	return matched, len(matched) > 0
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func fnHasBeginning(ctx *EvalContext, args []Value) Value {
	texts, err := textArgs(ctx, args)
	if err != nil {
		return err
	}
	text, beginning := []rune(strings.TrimSpace(texts[0])), strings.TrimSpace(texts[1])
	n := len([]rune(beginning))
	if n == 0 || len(text) < n {
		return NoMatch()
	}
	if segment := string(text[:n]); strings.EqualFold(segment, beginning) {
		return MatchResult(Text(segment), nil)
	}
	return NoMatch()
}

func fnHasPattern(ctx *EvalContext, args []Value) Value {
	texts, err := textArgs(ctx, args)
	if err != nil {
		return err
	}
	if err := ctx.spendRegex(texts[0], texts[1]); err != nil {
		return err
	}
	re, compileErr := regexp.Compile("(?mi)" + strings.TrimSpace(texts[1]))
	if compileErr != nil {
		return NewError("must be called with a valid regular expression")
	}
	groups := re.FindStringSubmatch(texts[0])
	if groups == nil {
		return NoMatch()
	}
	extra := NewObject()
	for i, g := range groups {
		extra.Set(strconv.Itoa(i), Text(g))
	}
	return MatchResult(Text(groups[0]), extra)
}

// numberPatterns caches the number-finding pattern of each number format.
var numberPatterns sync.Map

// numberPattern finds number-like runs of text written with the format's symbols, as the
// reference's number tests do: an optional sign, then either number characters and grouping
// symbols with an optional decimal part ("42", "1,234.5", "-3"), or a bare decimal part ("-.5")
// that starts the text or follows a character that can't be part of a word. So in "1977.06.23"
// the runs are "1977.06" and "23", not ".23"; and in "(.5" the run keeps its bracket and so
// doesn't read as a number. Runs take any Unicode number character; those that aren't digits
// ("5²") make the run unreadable rather than ending it.
func numberPattern(nf NumberFormat) *regexp.Regexp {
	if nf.DecimalSymbol == "" {
		nf.DecimalSymbol = "."
	}
	if re, ok := numberPatterns.Load(nf); ok {
		return re.(*regexp.Regexp)
	}
	dec := regexp.QuoteMeta(nf.DecimalSymbol)
	re := regexp.MustCompile(fmt.Sprintf(`[-+]?(?:[\pN%s]+(?:%s\pN+)?|(?:\W|^)%s\pN+)`,
		regexp.QuoteMeta(nf.DigitGroupingSymbol), dec, dec))
	numberPatterns.Store(nf, re)
	return re
}

// localDigits turns the digits of the scripts the reference's number tests read (Arabic-Indic,
// Persian and Bengali) into ASCII digits.
var localDigits = func() *strings.Replacer {
	var pairs []string
	for _, zero := range []rune{'\u0660', '\u06F0', '\u09E6'} {
		for i := range rune(10) {
			pairs = append(pairs, string(zero+i), string('0'+i))
		}
	}
	return strings.NewReplacer(pairs...)
}()

// isASCII reports whether s has only ASCII characters.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// findNumbers returns the numbers in text, in order: each number-like run that reads as a number
// once its grouping symbols are removed and its decimal symbol is a '.'. As in the reference, a
// run with a '+' sign or outside the range of numbers is skipped.
func findNumbers(text string, nf NumberFormat) []decimal.Decimal {
	var out []decimal.Decimal
	if !isASCII(text) {
		text = localDigits.Replace(text)
	}
	for _, candidate := range numberPattern(nf).FindAllString(text, 100) {
		cleaned := candidate
		if nf.DigitGroupingSymbol != "" {
			cleaned = strings.ReplaceAll(cleaned, nf.DigitGroupingSymbol, "")
		}
		if nf.DecimalSymbol != "" && nf.DecimalSymbol != "." {
			cleaned = strings.ReplaceAll(cleaned, nf.DecimalSymbol, ".")
		}
		if d, ok := ParseNumber(cleaned); ok {
			out = append(out, d)
		}
	}
	return out
}

// firstNumberWhere tests the numbers in text in turn and matches the first that accept takes.
func firstNumberWhere(ctx *EvalContext, text Value, accept func(decimal.Decimal) bool) Value {
	s, err := ToText(ctx, text)
	if err != nil {
		return err
	}
	if err := ctx.spendScan(s); err != nil {
		return err
	}
	for _, d := range findNumbers(s, ctx.Env.NumberFormat) {
		if accept(d) {
			return MatchResult(NewNumber(d), nil)
		}
	}
	return NoMatch()
}

func fnHasNumber(ctx *EvalContext, args []Value) Value {
	return firstNumberWhere(ctx, args[0], func(decimal.Decimal) bool { return true })
}

func fnHasNumberBetween(ctx *EvalContext, args []Value) Value {
	if e, ok := args[0].(*Error); ok { // the text is converted first, as in the reference
		return e
	}
	bounds, err := numberArgs(ctx, args[1:])
	if err != nil {
		return err
	}
	return firstNumberWhere(ctx, args[0], func(d decimal.Decimal) bool {
		return d.Cmp(bounds[0]) >= 0 && d.Cmp(bounds[1]) <= 0
	})
}

// fnNumberCompareTest makes has_number_lt and friends: accept is given the comparison of each
// number found with the test's number.
func fnNumberCompareTest(accept func(int) bool) Function {
	return func(ctx *EvalContext, args []Value) Value {
		if e, ok := args[0].(*Error); ok { // the text is converted first, as in the reference
			return e
		}
		test, err := ToNumber(ctx, args[1])
		if err != nil {
			return err
		}
		return firstNumberWhere(ctx, args[0], func(d decimal.Decimal) bool { return accept(d.Cmp(test)) })
	}
}

// fnDateTest makes has_date (accept nil) and has_date_lt/eq/gt: accept is given the comparison of
// the day found with the test's day, both in the environment's time zone.
func fnDateTest(accept func(int) bool) Function {
	return func(ctx *EvalContext, args []Value) Value {
		if e, ok := args[0].(*Error); ok { // the text is converted first, as in the reference
			return e
		}
		var testDay time.Time
		if accept != nil {
			dt, err := ToDateTime(ctx, args[1])
			if err != nil {
				return err
			}
			testDay = dayIn(dt.Time, ctx.Location())
		}
		s, err := ToText(ctx, args[0])
		if err != nil {
			return err
		}
		if err := ctx.spendScan(s); err != nil {
			return err
		}
		// a date without a time takes the time of day of the clock, read as the reference reads it
		found, isDate := readDateTimeText(s, ctx.Env.DateFormat, ctx.Location(), ctx.CurrentTime, true)
		if !isDate {
			return NoMatch()
		}
		if accept != nil && !accept(dayIn(found, ctx.Location()).Compare(testDay)) {
			return NoMatch()
		}
		return MatchResult(DateTime{found}, nil)
	}
}

// dayIn returns midnight UTC of the calendar day t falls on in loc, for comparing days.
func dayIn(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func fnHasTime(ctx *EvalContext, args []Value) Value {
	s, err := ToText(ctx, args[0])
	if err != nil {
		return err
	}
	if err := ctx.spendScan(s); err != nil {
		return err
	}
	if c, found := findTimeInText(s); found {
		return MatchResult(TimeOfDay{c.hour, c.minute, c.second, c.nanos}, nil)
	}
	return NoMatch()
}

func fnHasPhone(ctx *EvalContext, args []Value) Value {
	texts, err := textArgs(ctx, args)
	if err != nil {
		return err
	}
	if err := ctx.spendScan(texts[0]); err != nil {
		return err
	}
	country := ctx.Env.DefaultCountry
	if len(texts) > 1 {
		country = texts[1]
	}
	if numbers := findPhoneNumbers(texts[0], country); len(numbers) > 0 {
		return MatchResult(Text(numbers[0]), nil)
	}
	return NoMatch()
}

// emailAddress finds an email address: a local part, @, and a domain with at least one dot.
var emailAddress = regexp.MustCompile(`([\pL\pN][-_+$~.\pL\pN]*)@([\pL\pN][-_\pL\pN]*)(\.[\pL\pN][-_\pL\pN]*)+`)

func fnHasEmail(ctx *EvalContext, args []Value) Value {
	s, err := ToText(ctx, args[0])
	if err != nil {
		return err
	}
	if err := ctx.spendScan(s); err != nil {
		return err
	}
	if email := emailAddress.FindString(s); email != "" {
		return MatchResult(Text(email), nil)
	}
	return NoMatch()
}

// resultArg reads a flow result argument and returns its category. As in the reference, which
// reads the object's JSON as a result, any object whose JSON has a non-empty text "name", a
// "created_on" datetime and, if there, texts for "value", "category", "category_localized",
// "node_uuid" and "input" is a result (keys match in any case); others are an error. A result of
// the run's (see Object.MarkResult) is one without reading its JSON.
func resultArg(ctx *EvalContext, v Value) (string, *Error) {
	o, err := ToObject(ctx, v)
	if err != nil {
		return "", err
	}
	if o != nil && o.result {
		category, _ := o.Get("category")
		return ToText(ctx, category)
	}
	src, err := ToJSON(ctx, o)
	if err != nil {
		return "", err
	}
	var r struct {
		Name              string          `json:"name"`
		Value             string          `json:"value"`
		Category          string          `json:"category"`
		CategoryLocalized string          `json:"category_localized"`
		NodeUUID          string          `json:"node_uuid"`
		Input             string          `json:"input"`
		Extra             json.RawMessage `json:"extra"`
		CreatedOn         time.Time       `json:"created_on"`
	}
	if json.Unmarshal([]byte(src), &r) != nil || r.Name == "" || r.CreatedOn.IsZero() {
		return "", NewError("first argument must be a result")
	}
	return r.Category, nil
}

func fnHasCategory(ctx *EvalContext, args []Value) Value {
	// as in the reference, the arguments are converted (the result to an object, the categories
	// to texts) before the object is read as a result
	if _, err := ToObject(ctx, args[0]); err != nil {
		return err
	}
	wanted, err := textArgs(ctx, args[1:])
	if err != nil {
		return err
	}
	category, err := resultArg(ctx, args[0])
	if err != nil {
		return err
	}
	for _, w := range wanted {
		if category == w {
			return MatchResult(Text(category), nil)
		}
	}
	return NoMatch()
}

// fnIntentTest makes has_intent and has_top_intent. NLU classifiers are no longer supported by
// the reference (call_classifier only warns so), and these tests never match there, whatever the
// result holds; their arguments are still converted, so a bad one is an error as there.
func fnIntentTest() Function {
	return func(ctx *EvalContext, args []Value) Value {
		if _, err := ToObject(ctx, args[0]); err != nil {
			return err
		}
		if _, err := ToText(ctx, args[1]); err != nil {
			return err
		}
		if _, err := ToNumber(ctx, args[2]); err != nil {
			return err
		}
		return NoMatch()
	}
}

// errNoLocations is what the location tests return when the engine gave no locations.
func errNoLocations() *Error {
	return NewError("no locations are available to search, the flow's assets have none")
}

// findLocation returns the first location at level named in text, within parent, if any.
func findLocation(r LocationResolver, text string, level LocationLevel, parent string) (string, bool) {
	found := r.FindLocations(text, level, parent)
	if len(found) == 0 {
		return "", false
	}
	return found[0], true
}

func fnHasState(ctx *EvalContext, args []Value) Value {
	s, err := ToText(ctx, args[0]) // the text is read before the locations, as in the reference
	if err != nil {
		return err
	}
	if ctx.Locations == nil {
		return errNoLocations()
	}
	if path, found := findLocation(ctx.Locations, s, LocationState, ""); found {
		return MatchResult(Text(path), nil)
	}
	return NoMatch()
}

func fnHasDistrict(ctx *EvalContext, args []Value) Value {
	return hasLocation(ctx, args, LocationDistrict)
}

// hasWardArity is how the reference words a call of has_ward with neither one nor three arguments.
const hasWardArity = "takes one or three arguments, got %d"

func fnHasWard(ctx *EvalContext, args []Value) Value {
	if len(args) == 2 {
		return NewError(hasWardArity, 2)
	}
	return hasLocation(ctx, args, LocationWard)
}

// hasLocation is has_district and has_ward: args are the text, then the names of the parent
// locations from the top down (has_district: state; has_ward: state, then district — the
// reference reads them in this order, whatever the names its documentation gives them). Each
// parent is looked for inside the one before; when all are found, the text must name a location
// of level inside the last. Failing that, when the nearest parent is absent or exactly empty
// (white space counts as a name), the text must name the only such location anywhere.
func hasLocation(ctx *EvalContext, args []Value, level LocationLevel) Value {
	texts, err := textArgs(ctx, args) // the texts are read before the locations, as in the reference
	if err != nil {
		return err
	}
	if ctx.Locations == nil {
		return errNoLocations()
	}
	r, name, parents := ctx.Locations, texts[0], texts[1:]
	if len(parents) > 0 {
		path, found := "", true
		for i, parent := range parents {
			if path, found = findLocation(r, parent, level-LocationLevel(len(parents)-i), path); !found {
				break
			}
		}
		if found {
			if path, found := findLocation(r, name, level, path); found {
				return MatchResult(Text(path), nil)
			}
		}
	}
	if len(parents) == 0 || parents[len(parents)-1] == "" {
		if found := r.FindLocations(name, level, ""); len(found) == 1 {
			return MatchResult(Text(found[0]), nil)
		}
	}
	return NoMatch()
}
