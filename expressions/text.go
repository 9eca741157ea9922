package expressions

import (
	"html"
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The text functions. Every argument is converted to text first, so `upper(123)` is "123".

func init() {
	RegisterFunction("char", fnChar, FunctionDoc{
		Signature: "char(code)", Summary: "Returns the character with the Unicode code point `code`, the inverse of code().",
		MinArgs: 1, MaxArgs: 1,
		Examples: []Example{
			{Template: `@(char(33))`, Output: "!"},
			{Template: `@(char(128512))`, Output: "😀"},
			{Template: `@(char("foo"))`, Error: true},
		},
	})
	RegisterFunction("code", fnCode, FunctionDoc{
		Signature: "code(text)", Summary: "Returns the Unicode code point of the first character of `text`, the inverse of char().",
		MinArgs: 1, MaxArgs: 1,
		Examples: []Example{
			{Template: `@(code("a"))`, Output: "97"},
			{Template: `@(code("😀"))`, Output: "128512"},
			{Template: `@(code(15))`, Output: "49"},
			{Template: `@(code(""))`, Error: true},
		},
	})
	RegisterFunction("split", fnSplit, FunctionDoc{
		Signature: "split(text [, delimiters])",
		Summary:   "Splits `text` into an array at any of the characters of `delimiters` (at non-word characters when omitted), dropping empty parts.",
		MinArgs:   1, MaxArgs: 2,
		Examples: []Example{
			{Template: `@(split("a b c"))`, Output: "[a, b, c]"},
			{Template: `@(split("a.b.c.", "."))`, Output: "[a, b, c]"},
			{Template: `@(split("a|b,c  d", " .|,"))`, Output: "[a, b, c, d]"},
		},
	})
	RegisterFunction("trim", fnTrim(strings.TrimFunc, strings.Trim), FunctionDoc{
		Signature: "trim(text [, chars])", Summary: "Removes white space, or any of the characters of `chars`, from both ends of `text`.",
		MinArgs: 1, MaxArgs: 2,
		Examples: []Example{
			{Template: `@(trim(" hello world    "))`, Output: "hello world"},
			{Template: `@(trim("+123157568", "+"))`, Output: "123157568"},
		},
	})
	RegisterFunction("trim_left", fnTrim(strings.TrimLeftFunc, strings.TrimLeft), FunctionDoc{
		Signature: "trim_left(text [, chars])", Summary: "Removes white space, or any of the characters of `chars`, from the start of `text`.",
		MinArgs: 1, MaxArgs: 2,
		Examples: []Example{
			{Template: `@("*" & trim_left(" hello world   ") & "*")`, Output: "*hello world   *"},
			{Template: `@(trim_left("+12345+", "+"))`, Output: "12345+"},
		},
	})
	RegisterFunction("trim_right", fnTrim(strings.TrimRightFunc, strings.TrimRight), FunctionDoc{
		Signature: "trim_right(text [, chars])", Summary: "Removes white space, or any of the characters of `chars`, from the end of `text`.",
		MinArgs: 1, MaxArgs: 2,
		Examples: []Example{
			{Template: `@("*" & trim_right(" hello world   ") & "*")`, Output: "* hello world*"},
			{Template: `@(trim_right("+12345+", "+"))`, Output: "+12345"},
		},
	})
	RegisterFunction("title", fnTitle, FunctionDoc{
		Signature: "title(text)", Summary: "Capitalizes the first letter of each word of `text` and lower-cases the rest.",
		MinArgs: 1, MaxArgs: 1,
		Examples: []Example{
			{Template: `@(title("ryan lewis"))`, Output: "Ryan Lewis"},
			{Template: `@(title("RYAN LEWIS"))`, Output: "Ryan Lewis"},
			{Template: `@(title(123))`, Output: "123"},
		},
	})
	RegisterFunction("word", fnWord, FunctionDoc{
		Signature: "word(text, index [, delimiters])",
		Summary:   "Returns the word at `index` (from 0, negative counts from the end) of `text`, split at non-word characters or at the characters of `delimiters`.",
		MinArgs:   2, MaxArgs: 3,
		Examples: []Example{
			{Template: `@(word("bee cat dog", 0))`, Output: "bee"},
			{Template: `@(word("bee.cat,dog", -1))`, Output: "dog"},
			{Template: `@(word("bee.*cat,dog", 1, ".*=|"))`, Output: "cat,dog"},
			{Template: `@(word("O'Grady O'Flaggerty", 1, " "))`, Output: "O'Flaggerty"},
			{Template: `@(word("bee cat", 5))`, Error: true},
		},
	})
	RegisterFunction("remove_first_word", fnRemoveFirstWord, FunctionDoc{
		Signature: "remove_first_word(text)", Summary: "Returns `text` from its second word on.",
		MinArgs: 1, MaxArgs: 1,
		Examples: []Example{
			{Template: `@(remove_first_word("foo bar"))`, Output: "bar"},
			{Template: `@(remove_first_word("Hi there. I'm a flow!"))`, Output: "there. I'm a flow!"},
		},
	})
	RegisterFunction("word_count", fnWordCount, FunctionDoc{
		Signature: "word_count(text [, delimiters])", Summary: "Returns the number of words in `text`.",
		MinArgs: 1, MaxArgs: 2,
		Examples: []Example{
			{Template: `@(word_count("foo bar"))`, Output: "2"},
			{Template: `@(word_count("😀😃😄😁"))`, Output: "4"},
			{Template: `@(word_count("bee.*cat,dog", ".*=|"))`, Output: "2"},
		},
	})
	RegisterFunction("word_slice", fnWordSlice, FunctionDoc{
		Signature: "word_slice(text, start [, end [, delimiters]])",
		Summary:   "Returns the words of `text` from `start` up to but not including `end` (all the rest when omitted or negative), joined by spaces.",
		MinArgs:   2, MaxArgs: 4,
		Examples: []Example{
			{Template: `@(word_slice("bee cat dog", 0, 2))`, Output: "bee cat"},
			{Template: `@(word_slice("bee cat dog", 1))`, Output: "cat dog"},
			{Template: `@(word_slice("bee cat dog", 3, 10))`, Output: ""},
			{Template: `@(word_slice("bee.*cat,dog", 1, -1, ".*=|,"))`, Output: "cat dog"},
			{Template: `@(word_slice("bee cat dog", -1))`, Error: true},
		},
	})
	RegisterFunction("field", fnField, FunctionDoc{
		Signature: "field(text, index, delimiter)",
		Summary:   "Splits `text` at each `delimiter` and returns the field at `index` (from 0); a space delimiter splits at runs of spaces.",
		MinArgs:   3, MaxArgs: 3,
		Examples: []Example{
			{Template: `@(field("a,b,c", 1, ","))`, Output: "b"},
			{Template: `@(field("a,,b,c", 1, ","))`, Output: ""},
			{Template: `@(field("a   b c", 1, " "))`, Output: "b"},
			{Template: `@(field("a,b,c", "foo", ","))`, Error: true},
		},
	})
	RegisterFunction("clean", fnClean, FunctionDoc{
		Signature: "clean(text)", Summary: "Removes control and other non-printable characters from `text`.",
		MinArgs: 1, MaxArgs: 1,
		Examples: []Example{
			{Template: `@(clean("😃 Hello \nwo\tr\rld"))`, Output: "😃 Hello world"},
			{Template: `@(clean(123))`, Output: "123"},
		},
	})
	RegisterFunction("text_slice", fnTextSlice, FunctionDoc{
		Signature: "text_slice(text, start [, end])",
		Summary:   "Returns the characters of `text` from `start` up to but not including `end`; negative positions count from the end. As in the reference, a fourth argument is accepted and makes the slice run to the end.",
		MinArgs:   2, MaxArgs: 4, AcceptsErrors: true, // the arguments it doesn't read may be errors
		Examples: []Example{
			{Template: `@(text_slice("hello", 2))`, Output: "llo"},
			{Template: `@(text_slice("hello", 1, 3))`, Output: "el"},
			{Template: `@(text_slice("hello😁", -3, -1))`, Output: "lo"},
			{Template: `@(text_slice("hello", 7))`, Output: ""},
		},
	})
	RegisterFunction("lower", fnLower, FunctionDoc{
		Signature: "lower(text)", Summary: "Converts `text` to lower case.",
		MinArgs: 1, MaxArgs: 1,
		Examples: []Example{
			{Template: `@(lower("HellO"))`, Output: "hello"},
			{Template: `@(lower("😀"))`, Output: "😀"},
		},
	})
	RegisterFunction("upper", fnUpper, FunctionDoc{
		Signature: "upper(text)", Summary: "Converts `text` to upper case.",
		MinArgs: 1, MaxArgs: 1,
		Examples: []Example{
			{Template: `@(upper("Asdf"))`, Output: "ASDF"},
			{Template: `@(upper(123))`, Output: "123"},
		},
	})
	RegisterFunction("regex_match", fnRegexMatch, FunctionDoc{
		Signature: "regex_match(text, pattern [, group])",
		Summary:   "Returns the first match of the case-insensitive regular expression `pattern` in `text`, or of its capture `group`.",
		MinArgs:   2, MaxArgs: 3,
		Examples: []Example{
			{Template: `@(regex_match("sda34dfddg67", "\d+"))`, Output: "34"},
			{Template: `@(regex_match("Bob Smith", "(\w+) (\w+)", 2))`, Output: "Smith"},
			{Template: `@(regex_match("Bob Smith", "(\w+) (\w+)", 5))`, Error: true},
			{Template: `@(regex_match("abc", "[\."))`, Error: true},
		},
	})
	RegisterFunction("text_length", fnTextLength, FunctionDoc{
		Signature: "text_length(value)", Summary: "Returns the number of characters of `value` converted to text.",
		MinArgs: 1, MaxArgs: 1,
		Examples: []Example{
			{Template: `@(text_length("abc"))`, Output: "3"},
			{Template: `@(text_length(array(2, 3)))`, Output: "6"},
		},
	})
	RegisterFunction("text_compare", fnTextCompare, FunctionDoc{
		Signature: "text_compare(text1, text2)",
		Summary:   "Returns -1, 0 or 1 as `text1` comes before, is the same as or comes after `text2` in dictionary order.",
		MinArgs:   2, MaxArgs: 2,
		Examples: []Example{
			{Template: `@(text_compare("abc", "abc"))`, Output: "0"},
			{Template: `@(text_compare("abc", "def"))`, Output: "-1"},
			{Template: `@(text_compare("zzz", "aaa"))`, Output: "1"},
		},
	})
	RegisterFunction("repeat", fnRepeat, FunctionDoc{
		Signature: "repeat(text, count)", Summary: "Returns `text` repeated `count` times.",
		MinArgs: 2, MaxArgs: 2,
		Examples: []Example{
			{Template: `@(repeat("*", 8))`, Output: "********"},
			{Template: `@(repeat("*", "foo"))`, Error: true},
			{Template: `@(repeat("*", -1))`, Error: true},
		},
	})
	RegisterFunction("replace", fnReplace, FunctionDoc{
		Signature: "replace(text, needle, replacement [, count])",
		Summary:   "Replaces the first `count` occurrences of `needle` in `text` (all when omitted or negative) with `replacement`.",
		MinArgs:   3, MaxArgs: 4,
		Examples: []Example{
			{Template: `@(replace("foo bar foo", "foo", "zap"))`, Output: "zap bar zap"},
			{Template: `@(replace("foo bar foo", "foo", "zap", 1))`, Output: "zap bar foo"},
			{Template: `@(replace("foo bar", "baz", "zap"))`, Output: "foo bar"},
		},
	})
	RegisterFunction("url_encode", fnURLEncode, FunctionDoc{
		Signature: "url_encode(text)", Summary: "Encodes `text` for use as a URL parameter, spaces as %20.",
		MinArgs: 1, MaxArgs: 1,
		Examples: []Example{
			{Template: `@(url_encode("two & words"))`, Output: "two%20%26%20words"},
			{Template: `@(url_encode(10))`, Output: "10"},
		},
	})
	RegisterFunction("html_decode", fnHTMLDecode, FunctionDoc{
		Signature: "html_decode(text)", Summary: "Decodes the HTML entities in `text`; a non-breaking space becomes a plain space.",
		MinArgs: 1, MaxArgs: 1,
		Examples: []Example{
			{Template: `@(html_decode("Red &amp; Blue"))`, Output: "Red & Blue"},
			{Template: `@(html_decode("5 + 10"))`, Output: "5 + 10"},
		},
	})
	RegisterFunction("read_chars", fnReadChars, FunctionDoc{
		Signature: "read_chars(text)",
		Summary:   "Spaces out the characters of `text` so a voice system reads them one by one, in groups of three or four where they divide evenly.",
		MinArgs:   1, MaxArgs: 1,
		Examples: []Example{
			{Template: `@(read_chars("1234"))`, Output: "1 2 3 4"},
			{Template: `@(read_chars("abc"))`, Output: "a b c"},
			{Template: `@(read_chars("abcdef"))`, Output: "a b c , d e f"},
			{Template: `@(read_chars("+12345"))`, Output: "1 , 2 , 3 , 4 , 5"},
		},
	})
}

// wordTokenPattern finds words the way goflow does: runs of letters, marks, digits, underscores
// and apostrophes ("O'Grady"), and each symbol (emoji, currency signs) on its own.
var wordTokenPattern = regexp.MustCompile(`[\pM\pL\pN_']+|\pS`)

// splitWords splits text into its words.
func splitWords(text string) []string {
	return wordTokenPattern.FindAllString(text, -1)
}

// Words splits text into words as the reference tokenizes text: runs of letters, marks, digits,
// underscores and apostrophes, and each symbol on its own ("Mary-Jane" is two words, "$5" too).
func Words(text string) []string { return splitWords(text) }

// splitAtChars splits text at any of the characters of chars, dropping empty parts.
func splitAtChars(text, chars string) []string {
	return strings.FieldsFunc(text, func(r rune) bool { return strings.ContainsRune(chars, r) })
}

// wordsOf splits the first argument into words, at the characters of the optional delimiters
// argument when it is given and not empty.
func wordsOf(ctx *EvalContext, text string, delimiters []Value) ([]string, *Error) {
	if err := ctx.spendScan(text); err != nil {
		return nil, err
	}
	if len(delimiters) == 0 {
		return splitWords(text), nil
	}
	chars, err := ToText(ctx, delimiters[0])
	if err != nil {
		return nil, err
	}
	if chars == "" {
		return splitWords(text), nil
	}
	return splitAtChars(text, chars), nil
}

// textArgs converts every argument to text.
func textArgs(ctx *EvalContext, args []Value) ([]string, *Error) {
	out := make([]string, len(args))
	for i, a := range args {
		s, err := ToText(ctx, a)
		if err != nil {
			return nil, err
		}
		out[i] = s
	}
	return out, nil
}

// textResult wraps a computed text, checking the budget can pay for it.
func textResult(ctx *EvalContext, s string) Value {
	if err := ctx.Afford(len(s)); err != nil {
		return err
	}
	return Text(s)
}

func fnChar(ctx *EvalContext, args []Value) Value {
	code, err := ToInteger(ctx, args[0])
	if err != nil {
		return err
	}
	return Text(string(rune(code))) // as in the reference, a code that isn't a character is U+FFFD
}

func fnCode(ctx *EvalContext, args []Value) Value {
	s, err := ToText(ctx, args[0])
	if err != nil {
		return err
	}
	if s == "" {
		return NewError("requires a string of at least one character")
	}
	r, _ := utf8.DecodeRuneInString(s)
	return NewNumberInt(int64(r))
}

func fnSplit(ctx *EvalContext, args []Value) Value {
	s, err := ToText(ctx, args[0])
	if err != nil {
		return err
	}
	words, err := wordsOf(ctx, s, args[1:])
	if err != nil {
		return err
	}
	if err := checkArrayLength(len(words)); err != nil {
		return err
	}
	items := make([]Value, len(words))
	for i, w := range words {
		items[i] = Text(w)
	}
	return NewArray(items...)
}

// fnTrim makes trim, trim_left and trim_right from the matching strings functions for white space
// and for a set of characters.
func fnTrim(bySpace func(string, func(rune) bool) string, byChars func(string, string) string) Function {
	return func(ctx *EvalContext, args []Value) Value {
		texts, err := textArgs(ctx, args)
		if err != nil {
			return err
		}
		if len(texts) == 2 { // no characters to trim trims nothing, as in the reference
			return Text(byChars(texts[0], texts[1]))
		}
		return Text(bySpace(texts[0], unicode.IsSpace))
	}
}

func fnTitle(ctx *EvalContext, args []Value) Value {
	s, err := ToText(ctx, args[0])
	if err != nil {
		return err
	}
	var b strings.Builder
	b.Grow(len(s))
	startOfWord := true
	for _, r := range s {
		// the reference lowers the whole text before capitalizing words, so a word's first
		// letter is the title case of its lower case: "İ" and the Kelvin sign give "I" and "K"
		r = unicode.ToLower(r)
		if startOfWord {
			r = unicode.ToTitle(r)
		}
		b.WriteRune(r)
		startOfWord = separatesWords(r)
	}
	return Text(b.String())
}

// separatesWords says which characters end a word for title(), as the reference draws the line:
// any ASCII character but letters, digits and '_', and beyond ASCII only white space (so an
// emoji or a typographic apostrophe continues the word).
func separatesWords(r rune) bool {
	if r < utf8.RuneSelf {
		return !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '_')
	}
	if unicode.IsLetter(r) || unicode.IsDigit(r) {
		return false
	}
	return unicode.IsSpace(r)
}

func fnWord(ctx *EvalContext, args []Value) Value {
	s, err := ToText(ctx, args[0])
	if err != nil {
		return err
	}
	index, err := ToInteger(ctx, args[1])
	if err != nil {
		return err
	}
	words, err := wordsOf(ctx, s, args[2:])
	if err != nil {
		return err
	}
	i := index
	if i < 0 {
		i += len(words)
	}
	if i < 0 || i >= len(words) {
		return NewError("index %d is out of range for the number of words %d", index, len(words))
	}
	return Text(words[i])
}

func fnRemoveFirstWord(ctx *EvalContext, args []Value) Value {
	s, err := ToText(ctx, args[0])
	if err != nil {
		return err
	}
	if err := ctx.spendScan(s); err != nil {
		return err
	}
	locs := wordTokenPattern.FindAllStringIndex(s, 2)
	if len(locs) < 2 {
		return Text("")
	}
	return Text(s[locs[1][0]:])
}

func fnWordCount(ctx *EvalContext, args []Value) Value {
	s, err := ToText(ctx, args[0])
	if err != nil {
		return err
	}
	words, err := wordsOf(ctx, s, args[1:])
	if err != nil {
		return err
	}
	return NewNumberInt(int64(len(words)))
}

func fnWordSlice(ctx *EvalContext, args []Value) Value {
	s, err := ToText(ctx, args[0])
	if err != nil {
		return err
	}
	start, err := ToInteger(ctx, args[1])
	if err != nil {
		return err
	}
	if start < 0 {
		return NewError("must start with a positive index")
	}
	end := -1
	if len(args) > 2 {
		if end, err = ToInteger(ctx, args[2]); err != nil {
			return err
		}
		if end > 0 && end <= start {
			return NewError("must have a end which is greater than the start")
		}
	}
	var delimiters []Value
	if len(args) > 3 {
		delimiters = args[3:]
	}
	words, err := wordsOf(ctx, s, delimiters)
	if err != nil {
		return err
	}
	if start >= len(words) {
		return Text("")
	}
	if end <= 0 || end > len(words) { // zero and negative ends mean "to the last word"
		end = len(words)
	}
	return Text(strings.Join(words[start:end], " "))
}

func fnField(ctx *EvalContext, args []Value) Value {
	s, err := ToText(ctx, args[0])
	if err != nil {
		return err
	}
	index, err := ToInteger(ctx, args[1])
	if err != nil {
		return err
	}
	if index < 0 {
		return NewError("cannot use a negative index")
	}
	sep, err := ToText(ctx, args[2])
	if err != nil {
		return err
	}
	var fields []string
	if sep == " " {
		// a space stands for any run of spaces, so "a   b" has two fields
		fields = strings.FieldsFunc(s, func(r rune) bool { return r == ' ' })
	} else {
		fields = strings.Split(s, sep)
	}
	if index >= len(fields) {
		return Text("")
	}
	return Text(strings.TrimSpace(fields[index]))
}

func fnClean(ctx *EvalContext, args []Value) Value {
	s, err := ToText(ctx, args[0])
	if err != nil {
		return err
	}
	return Text(strings.Map(func(r rune) rune {
		if unicode.In(r, unicode.C) {
			return -1
		}
		return r
	}, s))
}

func fnTextSlice(ctx *EvalContext, args []Value) Value {
	s, err := ToText(ctx, args[0])
	if err != nil {
		return err
	}
	runes := []rune(s)
	start, err := ToInteger(ctx, args[1])
	if err != nil {
		return err
	}
	end := len(runes)
	if len(args) == 3 { // as in the reference, a fourth argument makes it ignore the end
		if end, err = ToInteger(ctx, args[2]); err != nil {
			return err
		}
	}
	start, end = clampSlice(start, end, len(runes))
	return Text(string(runes[start:end]))
}

// clampSlice turns possibly negative (from the end) and out-of-range slice bounds into valid
// indexes of a sequence of length n, with start <= end.
func clampSlice(start, end, n int) (int, int) {
	if start < 0 {
		start += n
	}
	if end < 0 {
		end += n
	}
	start = max(0, min(start, n))
	end = max(start, min(end, n))
	return start, end
}

func fnLower(ctx *EvalContext, args []Value) Value {
	s, err := ToText(ctx, args[0])
	if err != nil {
		return err
	}
	return Text(strings.ToLower(s))
}

func fnUpper(ctx *EvalContext, args []Value) Value {
	s, err := ToText(ctx, args[0])
	if err != nil {
		return err
	}
	return Text(strings.ToUpper(s))
}

func fnRegexMatch(ctx *EvalContext, args []Value) Value {
	texts, err := textArgs(ctx, args[:2])
	if err != nil {
		return err
	}
	group := 0
	if len(args) > 2 {
		if group, err = ToInteger(ctx, args[2]); err != nil {
			return err
		}
	}
	if err := ctx.spendRegex(texts[0], texts[1]); err != nil {
		return err
	}
	re, compileErr := regexp.Compile("(?mi)" + texts[1])
	if compileErr != nil {
		return NewError("invalid regular expression")
	}
	m := re.FindStringSubmatch(texts[0])
	if group < 0 || group >= len(m) { // no match, or no such group: the reference words both so
		return NewError("invalid regular expression group")
	}
	return Text(m[group])
}

func fnTextLength(ctx *EvalContext, args []Value) Value {
	s, err := ToText(ctx, args[0])
	if err != nil {
		return err
	}
	return NewNumberInt(int64(utf8.RuneCountInString(s)))
}

func fnTextCompare(ctx *EvalContext, args []Value) Value {
	texts, err := textArgs(ctx, args)
	if err != nil {
		return err
	}
	return NewNumberInt(int64(strings.Compare(texts[0], texts[1])))
}

// MaxRepeatLength is the longest text repeat() builds, in characters, as in the reference.
const MaxRepeatLength = 10000

func fnRepeat(ctx *EvalContext, args []Value) Value {
	s, err := ToText(ctx, args[0])
	if err != nil {
		return err
	}
	count, err := ToInteger(ctx, args[1])
	if err != nil {
		return err
	}
	if count < 0 {
		return NewError("must be called with a positive integer, got %d", count)
	}
	// the reference's limit, checked before anything is built
	if count > 0 && utf8.RuneCountInString(s) > MaxRepeatLength/count {
		return NewError("cannot build a string longer than %d characters", MaxRepeatLength)
	}
	return textResult(ctx, strings.Repeat(s, count))
}

func fnReplace(ctx *EvalContext, args []Value) Value {
	texts, err := textArgs(ctx, args[:3])
	if err != nil {
		return err
	}
	count := -1
	if len(args) > 3 {
		if count, err = ToInteger(ctx, args[3]); err != nil {
			return err
		}
	}
	// what the result will cost is known before it is built
	s, old, with := texts[0], texts[1], texts[2]
	n := strings.Count(s, old)
	if count >= 0 && count < n {
		n = count
	}
	if err := ctx.Afford(len(s) + n*(len(with)-len(old))); err != nil {
		return err
	}
	return Text(strings.Replace(s, old, with, count))
}

func fnURLEncode(ctx *EvalContext, args []Value) Value {
	s, err := ToText(ctx, args[0])
	if err != nil {
		return err
	}
	// QueryEscape writes spaces as "+", which a path or a form both read as %20 too
	return Text(strings.ReplaceAll(url.QueryEscape(s), "+", "%20"))
}

func fnHTMLDecode(ctx *EvalContext, args []Value) Value {
	s, err := ToText(ctx, args[0])
	if err != nil {
		return err
	}
	return Text(strings.ReplaceAll(html.UnescapeString(s), "\u00a0", " "))
}

func fnReadChars(ctx *EvalContext, args []Value) Value {
	s, err := ToText(ctx, args[0])
	if err != nil {
		return err
	}
	runes := []rune(strings.TrimLeft(s, "+"))
	group := 1
	switch {
	case len(runes)%3 == 0:
		group = 3
	case len(runes)%4 == 0:
		group = 4
	}
	var b strings.Builder
	for i, r := range runes {
		if i > 0 {
			if i%group == 0 {
				b.WriteString(" , ")
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteRune(r)
	}
	return textResult(ctx, b.String())
}
