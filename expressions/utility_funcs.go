package expressions

import (
	"math"

	"github.com/shopspring/decimal"
)

// Logic and utility functions: and, or, if, is_error, count, default, and the functions that take
// objects apart or apply a function to every item (extract, extract_object, keys, foreach,
// foreach_value, filter), plus legacy_add, which old flows migrated from RapidPro use for `+`.

func init() {
	RegisterFunction("and", fnAndOr(false), FunctionDoc{
		Signature: "and(values...)", Summary: "Returns whether all of `values` are truthy, looking at them in order up to the first falsy one.",
		MinArgs: 1, MaxArgs: -1, AcceptsErrors: true,
		Examples: []Example{
			{Template: `@(and(true))`, Output: "true"},
			{Template: `@(and(true, false, true))`, Output: "false"},
		},
	})
	RegisterFunction("or", fnAndOr(true), FunctionDoc{
		Signature: "or(values...)", Summary: "Returns whether any of `values` is truthy, looking at them in order up to the first truthy one.",
		MinArgs: 1, MaxArgs: -1, AcceptsErrors: true,
		Examples: []Example{
			{Template: `@(or(true))`, Output: "true"},
			{Template: `@(or(true, false, true))`, Output: "true"},
			{Template: `@(or(false, ""))`, Output: "false"},
		},
	})
	RegisterFunction("if", fnIf, FunctionDoc{
		Signature: "if(test, value1, value2)", Summary: "Returns `value1` if `test` is truthy, else `value2`.",
		MinArgs: 3, MaxArgs: 3, AcceptsErrors: true,
		Examples: []Example{
			{Template: `@(if(1 = 1, "foo", "bar"))`, Output: "foo"},
			{Template: `@(if("", "foo", "bar"))`, Output: "bar"},
			{Template: `@(if(1 / 0, "foo", "bar"))`, Error: true},
		},
	})
	RegisterFunction("is_error", fnIsError, FunctionDoc{
		Signature: "is_error(value)", Summary: "Returns whether `value` is an error.",
		MinArgs: 1, MaxArgs: 1, AcceptsErrors: true,
		Examples: []Example{
			{Template: `@(is_error(datetime("foo")))`, Output: "true"},
			{Template: `@(is_error("hello"))`, Output: "false"},
		},
	})
	RegisterFunction("count", fnCount, FunctionDoc{
		Signature: "count(value)", Summary: "Returns the number of items of an array or properties of an object.",
		MinArgs: 1, MaxArgs: 1, AcceptsErrors: true,
		Examples: []Example{
			{Template: `@(count(array()))`, Output: "0"},
			{Template: `@(count(array("a", "b", "c")))`, Output: "3"},
			{Template: `@(count(object("a", 1)))`, Output: "1"},
			{Template: `@(count(1234))`, Error: true},
		},
	})
	RegisterFunction("default", fnDefault, FunctionDoc{
		Signature: "default(value, default)",
		Summary:   "Returns `value`, or `default` when `value` is an error, null or empty text (an empty array or object is kept).",
		MinArgs:   2, MaxArgs: 2, AcceptsErrors: true,
		Examples: []Example{
			{Template: `@(default(undeclared.var, "default_value"))`, Output: "default_value"},
			{Template: `@(default("10", "20"))`, Output: "10"},
			{Template: `@(default("", "value"))`, Output: "value"},
			{Template: `@(default(array(), "value"))`, Output: "[]"},
			{Template: `@(default(datetime("invalid-date"), "today"))`, Output: "today"},
		},
	})
	RegisterFunction("extract", fnExtract, FunctionDoc{
		Signature: "extract(object, property)", Summary: "Returns the value of `property` of `object`, null when it has none.",
		MinArgs: 2, MaxArgs: 2,
		Examples: []Example{
			{Template: `@(extract(object("name", "Bob", "age", 30), "name"))`, Output: "Bob"},
			{Template: `@(extract(object("name", "Bob"), "age"))`, Output: ""},
			{Template: `@(extract("text", "name"))`, Error: true},
		},
	})
	RegisterFunction("extract_object", fnExtractObject, FunctionDoc{
		Signature: "extract_object(object, properties...)", Summary: "Returns a new object with only the named `properties` of `object`.",
		MinArgs: 2, MaxArgs: -1,
		Examples: []Example{
			{Template: `@(extract_object(object("name", "Bob", "age", 30), "name"))`, Output: "{name: Bob}"},
		},
	})
	RegisterFunction("keys", fnKeys, FunctionDoc{
		Signature: "keys(object)", Summary: "Returns the property names of `object`, sorted.",
		MinArgs: 1, MaxArgs: 1,
		Examples: []Example{
			{Template: `@(keys(object("a", 123, "b", "hello", "c", "world")))`, Output: "[a, b, c]"},
			{Template: `@(keys(null))`, Output: "[]"},
			{Template: `@(keys("string"))`, Error: true},
		},
	})
	RegisterFunction("foreach", fnForEach, FunctionDoc{
		Signature: "foreach(array, func [, args...])",
		Summary:   "Returns a new array made by calling `func` on each item of `array`, with `args` as further arguments.",
		MinArgs:   2, MaxArgs: -1, AcceptsErrors: true,
		Examples: []Example{
			{Template: `@(foreach(array("a", "b", "c"), upper))`, Output: "[A, B, C]"},
			{Template: `@(foreach(array("a", "b", "c"), (x) => x & "1"))`, Output: "[a1, b1, c1]"},
			{Template: `@(foreach(array("the man", "fox", "jumped up"), word, 0))`, Output: "[the, fox, jumped]"},
			{Template: `@(foreach(array("a"), "upper"))`, Error: true},
		},
	})
	RegisterFunction("filter", fnFilter, FunctionDoc{
		Signature: "filter(array, func)",
		Summary:   "Returns the items of `array` for which `func` returns a truthy value, in their order.",
		MinArgs:   2, MaxArgs: 2,
		Examples: []Example{
			{Template: `@(filter(array(1, 2, 3), (x) => x > 1))`, Output: "[2, 3]"},
			{Template: `@(filter(array("1", "b", "3"), has_number))`, Output: "[1, 3]"},
			{Template: `@(filter(array(), (x) => x))`, Output: "[]"},
			{Template: `@(filter(array(1, 2), (x) => 1 / 0))`, Error: true},
			{Template: `@(filter("abc", (x) => x))`, Error: true},
		},
	})
	RegisterFunction("foreach_value", fnForEachValue, FunctionDoc{
		Signature: "foreach_value(object, func [, args...])",
		Summary:   "Returns a new object made by calling `func` on each property value of `object`, with `args` as further arguments.",
		MinArgs:   2, MaxArgs: -1, AcceptsErrors: true,
		Examples: []Example{
			{Template: `@(foreach_value(object("a", "x", "b", "y"), upper))`, Output: "{a: X, b: Y}"},
			{Template: `@(foreach_value(object("a", "hi there", "b", "good bye"), word, 1))`, Output: "{a: there, b: bye}"},
		},
	})
	RegisterFunction("legacy_add", fnLegacyAdd, FunctionDoc{
		Signature: "legacy_add(a, b)",
		Summary:   "Adds two numbers, or a whole number of days to a date, the way RapidPro's old `+` did.",
		MinArgs:   2, MaxArgs: 2,
		Examples: []Example{
			{Template: `@(legacy_add(2, 3.5))`, Output: "5.5"},
			{Template: `@(legacy_add("2017-01-15", 5))`, Output: "2017-01-20T00:00:00.000000-05:00"},
			{Template: `@(legacy_add("2017-01-15", "2017-01-16"))`, Error: true},
		},
	})
}

// fnAndOr makes and (stopOn false) and or (stopOn true): both stop at the first value whose
// truthiness is stopOn, so an error after it doesn't matter, as in the reference.
func fnAndOr(stopOn bool) Function {
	return func(ctx *EvalContext, args []Value) Value {
		for _, a := range args {
			b, err := ToBoolean(ctx, a)
			if err != nil {
				return err
			}
			if b == stopOn {
				return Boolean(stopOn)
			}
		}
		return Boolean(!stopOn)
	}
}

func fnIf(ctx *EvalContext, args []Value) Value {
	test, err := ToBoolean(ctx, args[0])
	if err != nil {
		return err
	}
	if test {
		return args[1]
	}
	return args[2]
}

func fnIsError(ctx *EvalContext, args []Value) Value {
	return Boolean(IsError(args[0]))
}

func fnCount(ctx *EvalContext, args []Value) Value {
	switch t := args[0].(type) {
	case nil:
		return NewNumberInt(0)
	case *Array:
		return NewNumberInt(int64(t.Len()))
	case *Object:
		return NewNumberInt(int64(t.Len()))
	}
	return NewError("value isn't countable") // errors included, as in the reference
}

func fnDefault(ctx *EvalContext, args []Value) Value {
	if isEmptyValue(args[0]) {
		return args[1]
	}
	return args[0]
}

// isEmptyValue says whether default() should replace v: an error, null or empty text (an
// object's default value counts for it). Empty arrays and objects stay, as in the reference.
func isEmptyValue(v Value) bool {
	switch t := v.(type) {
	case nil, *Error:
		return true
	case Text:
		return t == ""
	case *Object:
		if def, has := t.Default(); has {
			return isEmptyValue(def)
		}
	}
	return false
}

func fnExtract(ctx *EvalContext, args []Value) Value {
	o, err := ToObject(ctx, args[0])
	if err != nil {
		return err
	}
	name, err := ToText(ctx, args[1])
	if err != nil {
		return err
	}
	v, _ := o.Get(name)
	return v
}

func fnExtractObject(ctx *EvalContext, args []Value) Value {
	o, err := ToObject(ctx, args[0])
	if err != nil {
		return err
	}
	names, err := textArgs(ctx, args[1:])
	if err != nil {
		return err
	}
	out := NewObject()
	for _, name := range names {
		v, _ := o.Get(name)
		out.SetExact(name, v)
	}
	return out
}

func fnKeys(ctx *EvalContext, args []Value) Value {
	o, err := ToObject(ctx, args[0])
	if err != nil {
		return err
	}
	keys := o.Keys()
	items := make([]Value, len(keys))
	for i, k := range keys {
		items[i] = Text(k)
	}
	return NewArray(items...)
}

// callEach calls fn on each of items with extra as further arguments, stopping at the first
// error.
func callEach(ctx *EvalContext, fn Value, items []Value, extra []Value) ([]Value, *Error) {
	// checked even when there are no items, as in the reference, where an error in the
	// function's place is "error is not a function" too
	if _, isFunc := fn.(*Func); !isFunc {
		if e, isErr := fn.(*Error); isErr && e.limit {
			return nil, e
		}
		return nil, NewError("%s is not a function", Describe(fn))
	}
	out := make([]Value, len(items))
	callArgs := make([]Value, 1+len(extra))
	copy(callArgs[1:], extra)
	for i, item := range items {
		callArgs[0] = item
		// each call gets its own copy: a function may keep its arguments
		result := ctx.Call(fn, append([]Value(nil), callArgs...)...)
		if e, isErr := result.(*Error); isErr {
			return nil, e
		}
		out[i] = result
	}
	return out, nil
}

func fnForEach(ctx *EvalContext, args []Value) Value {
	a, err := ToArray(ctx, args[0])
	if err != nil {
		return err
	}
	out, err := callEach(ctx, args[1], a.Items(), args[2:])
	if err != nil {
		return err
	}
	return NewArray(out...)
}

func fnFilter(ctx *EvalContext, args []Value) Value {
	a, err := ToArray(ctx, args[0])
	if err != nil {
		return err
	}
	results, err := callEach(ctx, args[1], a.Items(), nil)
	if err != nil {
		return err
	}
	var kept []Value
	for i, r := range results {
		if keep, _ := ToBoolean(ctx, r); keep {
			kept = append(kept, a.Get(i))
		}
	}
	return NewArray(kept...)
}

func fnForEachValue(ctx *EvalContext, args []Value) Value {
	o, err := ToObject(ctx, args[0])
	if err != nil {
		return err
	}
	keys := o.Keys()
	values := make([]Value, len(keys))
	for i, k := range keys {
		values[i], _ = o.Get(k)
	}
	out, err := callEach(ctx, args[1], values, args[2:])
	if err != nil {
		return err
	}
	result := NewObject()
	for i, k := range keys {
		result.SetExact(k, out[i])
	}
	return result
}

func fnLegacyAdd(ctx *EvalContext, args []Value) Value {
	a, b := args[0], args[1]
	dateA, errA := ToDateTime(ctx, a)
	dateB, errB := ToDateTime(ctx, b)
	numA, errNumA := ToNumber(ctx, a)
	numB, errNumB := ToNumber(ctx, b)
	switch {
	case errA == nil && errB == nil:
		return NewError("cannot operate on two dates")
	case errA == nil && errNumB == nil:
		return addDays(dateA, numB)
	case errB == nil && errNumA == nil:
		return addDays(dateB, numA)
	case errNumA != nil:
		return errNumA
	case errNumB != nil:
		return errNumB
	}
	return NewNumber(numA.Add(numB))
}

func addDays(dt DateTime, days decimal.Decimal) Value {
	n := days.IntPart()
	if n < math.MinInt32 || n > math.MaxInt32 {
		return NewError("%s days is out of range", formatDecimal(days))
	}
	return DateTime{dt.AddDate(0, 0, int(n))}
}
