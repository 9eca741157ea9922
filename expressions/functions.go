package expressions

// The function registry.
//
// Contract for the files that add built-in functions (text.go, numbers.go, dates.go, ...):
//
//   - Register each function in an init() with RegisterFunction(name, fn, FunctionDoc{...}). The
//     name is lower case; calls are case-insensitive. MinArgs/MaxArgs are checked before fn runs
//     (MaxArgs = -1 means any number), so fn may index args up to MinArgs-1 without checking.
//   - Unless the doc sets AcceptsErrors, an argument that is an error value is returned as the
//     result before fn runs, so fn never sees errors (is_error, default, has_error... set it).
//   - Every error a call results in is prefixed "error calling name(...): ", as in the reference
//     engine, so fn's own messages don't repeat the function's name.
//   - Convert arguments with ToText, ToNumber, ToInteger, ToBoolean, ToDate, ToDateTime, ToTime,
//     ToArray, ToObject; each returns a *Error on failure, which fn returns as its result:
//         s, err := ToText(ctx, args[0]); if err != nil { return err }
//   - Report other failures with `return NewError("format", args...)`: lower case, saying what
//     was wrong and what was expected. Never panic.
//   - A function taking a function (foreach, sort_by...) calls it with ctx.Call(args[1], item):
//     that works for built-ins passed by name and for anonymous functions `(x) => ...`, checks
//     their arity and spends budget.
//   - Every value an evaluation produces is charged to its budget (1, or the length of a text)
//     when the call returns it. A function about to build a large value checks first that the
//     budget can pay for it with ctx.Afford(size); one whose work grows with its input spends on
//     it before doing it (ctx.spendScan, ctx.spendRegex, ctx.Spend); one building an array
//     checks checkArrayLength. Each returns its error, if any, as the function's result.
//   - Each doc example is a template and the exact text it renders to (or Error: true); a test
//     evaluates every example of every registered function.

import (
	"fmt"
	"sort"
	"strings"
)

// FunctionDoc describes a built-in function for its argument checking, docs and tests.
type FunctionDoc struct {
	// Signature is how the function is called, e.g. "word(text, index [, delimiters])".
	Signature string
	// Summary is one sentence saying what the function does.
	Summary string
	// MinArgs and MaxArgs bound the number of arguments; MaxArgs -1 means no upper bound.
	MinArgs, MaxArgs int
	// AcceptsErrors lets error values through to the function instead of returning the first one.
	AcceptsErrors bool
	// ArityMessage, when set, is the format (with a %d for the number of arguments given) of the
	// error for a wrong number of arguments, for the few functions the reference words their own
	// way ("takes exactly three arguments, received %d").
	ArityMessage string
	// Examples are templates and what they render to, run as tests.
	Examples []Example
}

// Example is a documented use of a function.
type Example struct {
	Template string // e.g. `@(upper("hello"))`
	Output   string // what the template renders to; ignored when Error is set
	Error    bool   // the expression evaluates to an error
}

type registered struct {
	fn  *Func
	doc FunctionDoc
}

var registry = map[string]*registered{}

// RegisterFunction adds a built-in function. It panics if name is registered twice or isn't lower
// case, which are programming errors found by any test run.
func RegisterFunction(name string, fn Function, doc FunctionDoc) {
	if name != strings.ToLower(name) || name == "" {
		panic("expressions: function name must be lower case: " + name)
	}
	if _, dup := registry[name]; dup {
		panic("expressions: function registered twice: " + name)
	}
	d := doc
	prefix := callPrefix(name)
	checked := func(ctx *EvalContext, args []Value) Value {
		if len(args) < d.MinArgs || (d.MaxArgs >= 0 && len(args) > d.MaxArgs) {
			if d.ArityMessage != "" {
				return &Error{msg: prefix + fmt.Sprintf(d.ArityMessage, len(args))}
			}
			return &Error{msg: prefix + arityMessage(d.MinArgs, d.MaxArgs, len(args))}
		}
		if !d.AcceptsErrors {
			for _, a := range args {
				if e, ok := a.(*Error); ok {
					return wrapCallError(prefix, firstCallError(ctx, fn, args, e))
				}
			}
		}
		r := fn(ctx, args)
		if e, ok := r.(*Error); ok {
			return wrapCallError(prefix, e)
		}
		return r
	}
	registry[name] = &registered{fn: &Func{name: name, arity: -1, fn: checked}, doc: doc}
}

// firstCallError is the error of a call given an error argument, first the first of them. In
// the reference functions are given error arguments and meet them as they convert their
// arguments, so what fails first is the error: an argument before it that can't be converted
// ("unable to convert ..."), or something the function checks before converting it (prompt's
// name). So the function runs, and its error is the call's; should it ignore the error argument
// and return a value, the error argument is the call's error all the same. An exceeded limit is
// the error at once.
func firstCallError(ctx *EvalContext, fn Function, args []Value, first *Error) *Error {
	if first.limit {
		return first
	}
	if e, ok := fn(ctx, args).(*Error); ok {
		return e
	}
	return first
}

// callPrefix is what the errors of a call of the named function start with.
func callPrefix(name string) string { return "error calling " + name + "(...): " }

// CallErrorReason returns the message of an error that came out of a call of the named built-in
// without the "error calling name(...): " the call put before it, for callers (a router running a
// test) that name the function their own way.
func CallErrorReason(name string, e *Error) string {
	return strings.TrimPrefix(e.msg, callPrefix(name))
}

// wrapCallError names the function an error came out of, as the reference does ("error calling
// datetime(...): unable to convert ..."), so has_error(x).match and error reports read the same.
// An exceeded limit passes unchanged: it must stay recognisable, and wrapping it at every level
// of a deep nesting would make its message grow with the depth.
func wrapCallError(prefix string, e *Error) *Error {
	if e.limit {
		return e
	}
	return &Error{msg: prefix + e.msg}
}

// arityMessage says how many arguments a function takes, for a call with got of them, in the
// reference's words.
func arityMessage(minArgs, maxArgs, got int) string {
	switch {
	case minArgs == maxArgs:
		return fmt.Sprintf("need %d argument(s), got %d", minArgs, got)
	case maxArgs < 0:
		return fmt.Sprintf("need at least %d argument(s), got %d", minArgs, got)
	default:
		return fmt.Sprintf("need %d to %d argument(s), got %d", minArgs, maxArgs, got)
	}
}

// arityAdvice says how many arguments a function takes in flowctl's own words, for validate.
func arityAdvice(minArgs, maxArgs, got int) string {
	switch {
	case minArgs == maxArgs:
		return fmt.Sprintf("takes %d argument%s, got %d", minArgs, plural(minArgs), got)
	case maxArgs < 0:
		return fmt.Sprintf("takes at least %d argument%s, got %d", minArgs, plural(minArgs), got)
	default:
		return fmt.Sprintf("takes %d to %d arguments, got %d", minArgs, maxArgs, got)
	}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// LookupFunction returns the built-in function of that name (any case), with its argument
// checks, for calling outside an evaluation (a router running a test): each call is an evaluation
// of its own, with the whole budget.
func LookupFunction(name string) (Function, bool) {
	f := lookupFunc(name)
	if f == nil {
		return nil, false
	}
	return func(ctx *EvalContext, args []Value) Value {
		ctx.reset()
		return f.fn(ctx, args)
	}, true
}

// LookupFunctionDoc returns the documentation of a built-in function.
func LookupFunctionDoc(name string) (FunctionDoc, bool) {
	r, ok := registry[strings.ToLower(name)]
	if !ok {
		return FunctionDoc{}, false
	}
	return r.doc, true
}

func lookupFunc(name string) *Func {
	r, ok := registry[name]
	if !ok {
		r, ok = registry[strings.ToLower(name)]
		if !ok {
			return nil
		}
	}
	return r.fn
}

// FunctionNames returns the names of all built-in functions, sorted.
func FunctionNames() []string {
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Call calls fn, which must be a function value (a built-in or an anonymous function), with args.
// Anything else gives an error value, as does a call nested too deeply. As in the reference, the
// errors of an anonymous function, its argument count included, are prefixed
// "error calling <anon>(...): ".
func (c *EvalContext) Call(fn Value, args ...Value) Value {
	f, ok := fn.(*Func)
	if !ok {
		if e, isErr := fn.(*Error); isErr {
			return e
		}
		return NewError("%s is not a function", Describe(fn))
	}
	if f.arity >= 0 && len(args) != f.arity {
		return &Error{msg: anonPrefix + arityMessage(f.arity, f.arity, len(args))}
	}
	if err := c.Spend(1); err != nil {
		return err
	}
	if c.depth >= c.Limits.MaxDepth {
		return &Error{msg: fmt.Sprintf("calls are nested more than %d deep", c.Limits.MaxDepth), limit: true}
	}
	c.depth++
	r := f.fn(c, args)
	c.depth--
	if e, isErr := r.(*Error); isErr && f.arity >= 0 {
		return wrapCallError(anonPrefix, e)
	}
	return r
}

var anonPrefix = callPrefix("<anon>")
