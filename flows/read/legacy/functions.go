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
// the first argument (see expand for calls with too few or too many arguments).
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
// Functions it doesn't know are kept as they are. A call the migration can't rewrite (too few
// arguments for its pattern, too many for its argument rewriters) becomes nothing at all, as the
// reference's migration leaves it: the expression around it is kept, with a hole where the call
// was (so @(EDATE(x)) becomes @(), an expression error when it is evaluated).
func migrateCall(name string, args []string) string {
	if n, ok := renamedFuncs[name]; ok {
		return render(n, args)
	}
	switch name {
	case "concatenate":
		return strings.Join(args, " & ")
	case "sum":
		return strings.Join(args, " + ")
	}
	if pattern, ok := rewrittenFuncs[name]; ok {
		return expand(pattern, args, reorderedFuncs[name])
	}
	if f, ok := argFuncs[name]; ok {
		if len(args) > len(f.args) {
			return ""
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
		return render(f.name, out)
	}
	return render(name, args)
}

// reorderedFuncs are the rewritten functions whose pattern uses its arguments out of order or
// only some of them. The reference fills its patterns as Go's fmt does, and these are the ones
// written with explicit argument indexes: a missing argument shows as %!s(BADINDEX) and surplus
// ones are dropped. The other patterns take their arguments in order: a call with too few can't
// be migrated, and surplus arguments are appended as %!(EXTRA string=x, string=y).
var reorderedFuncs = map[string]bool{"days": true, "left": true, "right": true}

// expand fills the $n placeholders of a pattern in one pass, so that an argument holding "$2"
// stays as it is. It returns "" for a call that can't be migrated.
func expand(pattern string, args []string, reordered bool) string {
	var b strings.Builder
	used := 0
	for i := 0; i < len(pattern); i++ {
		if pattern[i] == '$' && i+1 < len(pattern) && pattern[i+1] >= '1' && pattern[i+1] <= '9' {
			n := int(pattern[i+1] - '0')
			i++
			if n > len(args) {
				if !reordered {
					return ""
				}
				b.WriteString("%!s(BADINDEX)")
				continue
			}
			b.WriteString(args[n-1])
			used = max(used, n)
			continue
		}
		b.WriteByte(pattern[i])
	}
	if !reordered && used < len(args) {
		b.WriteString("%!(EXTRA ")
		for i, a := range args[used:] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("string=" + a)
		}
		b.WriteByte(')')
	}
	return b.String()
}

func render(name string, args []string) string {
	return name + "(" + strings.Join(args, ", ") + ")"
}
