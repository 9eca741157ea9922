package legacy

import (
	"strconv"
	"strings"
)

// renamedFuncs are the legacy functions that only changed name.
var renamedFuncs = map[string]string{
	"average":     "mean",
	"date":        "date_from_parts",
	"datedif":     "datetime_diff",
	"datevalue":   "date",
	"format_date": "format_datetime",
	"int":         "round_down",
	"len":         "text_length",
	"proper":      "title",
	"randbetween": "rand_between",
	"read_digits": "read_chars",
	"regex_group": "regex_match",
	"rept":        "repeat",
	"rounddown":   "round_down",
	"roundup":     "round_up",
	"substitute":  "replace",
	"trunc":       "round_down",
	"unichar":     "char",
	"unicode":     "code",
}

// rewrittenFuncs are the legacy functions that became an expression of their arguments: $1 is
// the first argument, and a call with fewer arguments than the pattern uses can't be migrated.
var rewrittenFuncs = map[string]string{
	"day":        `format_date($1, "D")`,
	"days":       `datetime_diff($2, $1, "D")`,
	"edate":      `datetime_add($1, $2, "M")`,
	"exp":        `2.718281828459045 ^ $1`,
	"false":      `false`,
	"first_word": `word($1, 0)`,
	"hour":       `format_datetime($1, "tt")`,
	"left":       `text_slice($1, 0, $2)`,
	"minute":     `format_datetime($1, "m")`,
	"month":      `format_date($1, "M")`,
	"power":      `$1 ^ $2`,
	"right":      `text_slice($1, -$2)`,
	"second":     `format_datetime($1, "s")`,
	"time":       `time_from_parts($1, $2, $3)`,
	"timevalue":  `time($1)`,
	"true":       `true`,
	"weekday":    `weekday($1) + 1`,
	"year":       `format_date($1, "YYYY")`,
}

// argument rewriters of the functions whose arguments changed meaning
type argFunc func(string) string

func keep(a string) string { return a }

// oneLess turns a 1-based index into a 0-based one.
func oneLess(a string) string {
	if n, err := strconv.Atoi(a); err == nil {
		return strconv.Itoa(n - 1)
	}
	return a + " - 1"
}

// bySpaces turns the legacy by_spaces flag into the delimiters argument.
func bySpaces(a string) string {
	if strings.EqualFold(strings.TrimSpace(a), "true") {
		return `" \t"`
	}
	return "NULL"
}

// argFuncs are the functions whose arguments are rewritten one by one; defaults fill arguments
// the call leaves out.
var argFuncs = map[string]struct {
	name     string
	args     []argFunc
	defaults []string
}{
	"field":      {"field", []argFunc{keep, oneLess, keep}, nil},
	"fixed":      {"format_number", []argFunc{keep, keep, keep}, []string{"", "2"}},
	"word":       {"word", []argFunc{keep, oneLess, bySpaces}, nil},
	"word_count": {"word_count", []argFunc{keep, bySpaces}, nil},
	"word_slice": {"word_slice", []argFunc{keep, oneLess, oneLess, bySpaces}, nil},
}

// migrateCall rewrites a call of a legacy function (name lower-cased, arguments migrated).
// Functions it doesn't know are kept as they are.
func migrateCall(name string, args []string) (string, bool) {
	if n, ok := renamedFuncs[name]; ok {
		return render(n, args), true
	}
	switch name {
	case "concatenate":
		return strings.Join(args, " & "), len(args) > 0
	case "sum":
		return strings.Join(args, " + "), len(args) > 0
	}
	if pattern, ok := rewrittenFuncs[name]; ok {
		return expand(pattern, args)
	}
	if f, ok := argFuncs[name]; ok {
		if len(args) > len(f.args) {
			return "", false
		}
		n := max(len(args), len(f.defaults))
		out := make([]string, n)
		for i := range out {
			a := ""
			if i < len(args) {
				a = args[i]
			} else {
				a = f.defaults[i]
			}
			out[i] = f.args[i](a)
		}
		return render(f.name, out), true
	}
	return render(name, args), true
}

// expand fills the $n placeholders of a pattern in one pass, so that an argument holding "$2"
// stays as it is; false when the call has too few arguments.
func expand(pattern string, args []string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(pattern); i++ {
		if pattern[i] == '$' && i+1 < len(pattern) && pattern[i+1] >= '1' && pattern[i+1] <= '9' {
			n := int(pattern[i+1] - '0')
			if n > len(args) {
				return "", false
			}
			b.WriteString(args[n-1])
			i++
			continue
		}
		b.WriteByte(pattern[i])
	}
	return b.String(), true
}

func render(name string, args []string) string {
	return name + "(" + strings.Join(args, ", ") + ")"
}
