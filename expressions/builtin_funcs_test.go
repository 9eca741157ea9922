package expressions

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// Helpers shared by the tests of the built-in function files: they call functions straight
// through the registry with ready-made values, so they test the functions and not the parser.

// testNow is the fixed clock of the function tests.
var testNow = time.Date(2018, 4, 11, 18, 24, 30, 123456000, time.UTC)

// funcTestEnv is the environment of the conformance examples: day-first dates, Quito time, US.
func funcTestEnv() *Environment {
	quito, err := time.LoadLocation("America/Guayaquil")
	if err != nil {
		panic(err)
	}
	env := DefaultEnvironment()
	env.DateFormat = "DD-MM-YYYY"
	env.TimeFormat = "tt:mm"
	env.Timezone = quito
	env.DefaultCountry = "US"
	env.AllowedLanguages = []string{"eng", "spa"}
	return env
}

func funcTestCtx() *EvalContext {
	ctx := NewEvalContext(funcTestEnv(), nil)
	ctx.Now = func() time.Time { return testNow }
	return ctx
}

func num(s string) Value { return NewNumber(decimal.RequireFromString(s)) }

func arr(items ...Value) *Array { return NewArray(items...) }

// fnCase is one call of a built-in function: either its result as text, or an error whose
// message contains errText ("" accepts any error).
type fnCase struct {
	fn      string
	args    []Value
	want    string
	isErr   bool
	errText string
}

func ok(fn string, want string, args ...Value) fnCase {
	return fnCase{fn: fn, args: args, want: want}
}

func fails(fn string, errText string, args ...Value) fnCase {
	return fnCase{fn: fn, args: args, isErr: true, errText: errText}
}

func callFunc(ctx *EvalContext, name string, args ...Value) Value {
	fn, found := LookupFunction(name)
	if !found {
		return NewError("no function %s", name)
	}
	return fn(ctx, args)
}

func runFnCases(t *testing.T, cases []fnCase) {
	t.Helper()
	for _, tc := range cases {
		ctx := funcTestCtx()
		got := callFunc(ctx, tc.fn, tc.args...)
		desc := describeCall(tc.fn, tc.args)
		if tc.isErr {
			e, isErr := got.(*Error)
			if !isErr {
				text, _ := ToText(ctx, got)
				t.Errorf("%s = %q, want an error", desc, text)
				continue
			}
			if !strings.Contains(e.Error(), tc.errText) {
				t.Errorf("%s error = %q, want it to contain %q", desc, e.Error(), tc.errText)
			}
			continue
		}
		if e, isErr := got.(*Error); isErr {
			t.Errorf("%s: unexpected error %q", desc, e.Error())
			continue
		}
		text, err := ToText(ctx, got)
		if err != nil {
			t.Errorf("%s: result doesn't render: %v", desc, err)
			continue
		}
		if text != tc.want {
			t.Errorf("%s = %q, want %q", desc, text, tc.want)
		}
	}
}

func describeCall(name string, args []Value) string {
	parts := make([]string, len(args))
	for i, a := range args {
		if s, err := ToJSON(nil, a); err == nil {
			parts[i] = s
		} else {
			parts[i] = KindOf(a).String()
		}
	}
	return name + "(" + strings.Join(parts, ", ") + ")"
}

// TestFunctionsPropagateErrors checks that every function which doesn't inspect errors returns an
// error first argument as its result, named after the call as the reference does (an error in a
// later argument may come after an earlier argument's conversion error, as there: see
// TestErrorArgumentOrder), and that every function rejects a call with too many arguments.
func TestFunctionsPropagateErrors(t *testing.T) {
	boom := NewError("boom")
	for _, name := range FunctionNames() {
		doc, _ := LookupFunctionDoc(name)
		if !doc.AcceptsErrors && doc.MinArgs > 0 {
			args := make([]Value, doc.MinArgs)
			for i := range args {
				args[i] = Text("1")
			}
			args[0] = boom
			want := "error calling " + name + "(...): boom"
			if got, isErr := callFunc(funcTestCtx(), name, args...).(*Error); !isErr || got.Error() != want {
				t.Errorf("%s with an error argument returned %v, want the error %q", name, got, want)
			}
		}
		if doc.MaxArgs >= 0 {
			args := make([]Value, doc.MaxArgs+1)
			for i := range args {
				args[i] = Text("1")
			}
			got := callFunc(funcTestCtx(), name, args...)
			prefix := "error calling " + name + "(...): need "
			if doc.ArityMessage != "" {
				prefix = "error calling " + name + "(...): " + fmt.Sprintf(doc.ArityMessage, len(args))
			}
			if e, isErr := got.(*Error); !isErr || !strings.HasPrefix(e.Error(), prefix) {
				t.Errorf("%s with %d arguments returned %v, want an argument count error", name, len(args), got)
			}
		}
	}
}

// TestFunctionsAreDocumented checks every function has the doc the docs page is built from.
func TestFunctionsAreDocumented(t *testing.T) {
	for _, name := range FunctionNames() {
		doc, _ := LookupFunctionDoc(name)
		if !strings.HasPrefix(doc.Signature, name+"(") {
			t.Errorf("%s: signature %q doesn't start with its name", name, doc.Signature)
		}
		if doc.Summary == "" || !strings.HasSuffix(doc.Summary, ".") {
			t.Errorf("%s: summary %q should be a sentence", name, doc.Summary)
		}
		if len(doc.Examples) == 0 {
			t.Errorf("%s has no examples", name)
		}
		for _, ex := range doc.Examples {
			if !strings.Contains(strings.ToLower(ex.Template), name) {
				t.Errorf("%s: example %q doesn't use it", name, ex.Template)
			}
		}
	}
}

// TestFunctionExamples renders every documented example of every function, in the environment
// of the conformance examples with the clock stopped at testNow.
func TestFunctionExamples(t *testing.T) {
	for _, name := range FunctionNames() {
		doc, _ := LookupFunctionDoc(name)
		for _, ex := range doc.Examples {
			tpl, err := ParseTemplate(ex.Template)
			if err != nil {
				t.Errorf("%s: example %s doesn't parse: %v", name, ex.Template, err)
				continue
			}
			got, errs := tpl.Render(funcTestCtx())
			switch {
			case ex.Error && len(errs) == 0:
				t.Errorf("%s: %s = %q, want an error", name, ex.Template, got)
			case !ex.Error && len(errs) > 0:
				t.Errorf("%s: %s: unexpected errors %v", name, ex.Template, errs)
			case !ex.Error && got != ex.Output:
				t.Errorf("%s: %s = %q, want %q", name, ex.Template, got, ex.Output)
			}
		}
	}
}

// FuzzFunctions calls every function with arguments cut from the input, as text and as numbers
// where they read as numbers, and with fewer and more arguments than it takes: no input may make
// a function panic or return nil for an error.
func FuzzFunctions(f *testing.F) {
	for _, seed := range []string{
		"hello world|1|2", "2017-01-15|5|D", "15/01/2017 10:30pm|2017-01-01", "tel:+12067799294#bob",
		"YYYY-MM-DD tt:mm:ss.fff Z|1979-07-18T15:00:00Z", "-1|-1|-1", "99999999999|0", "a.b,c|.,|1",
		"(\\w+)|[", "😀😃|0|-2", "{\"a\": [1, 2]}", "0.5|1e9|x",
	} {
		f.Add(seed)
	}
	names := FunctionNames()
	f.Fuzz(func(t *testing.T, input string) {
		parts := strings.SplitN(input, "|", 5)
		args := make([]Value, len(parts))
		for i, p := range parts {
			if d, isNum := ParseNumber(p); isNum && i%2 == 1 {
				args[i] = NewNumber(d)
			} else {
				args[i] = Text(p)
			}
		}
		for _, name := range names {
			for n := 0; n <= len(args); n++ {
				ctx := funcTestCtx()
				ctx.Locations = rwanda
				if got := callFunc(ctx, name, args[:n]...); got == nil && returnsValue(name) {
					t.Fatalf("%s(%q) returned null", name, parts[:n])
				}
			}
		}
	})
}

// returnsValue says whether a function never legitimately returns null (if, extract and
// parse_json pass values through).
func returnsValue(name string) bool {
	switch name {
	case "if", "extract", "parse_json", "default":
		return false
	}
	return true
}
