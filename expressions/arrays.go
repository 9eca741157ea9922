package expressions

import (
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// The array functions. Arrays are never changed in place: each function returns a new one.

func init() {
	RegisterFunction("join", fnJoin, FunctionDoc{
		Signature: "join(array, separator)", Summary: "Joins the items of `array`, as text, with `separator` between them.",
		MinArgs: 2, MaxArgs: 2,
		Examples: []Example{
			{Template: `@(join(array("a", "b", "c"), "|"))`, Output: "a|b|c"},
			{Template: `@(join(split("a.b.c", "."), " "))`, Output: "a b c"},
			{Template: `@(join("abc", "|"))`, Error: true},
		},
	})
	RegisterFunction("reverse", fnReverse, FunctionDoc{
		Signature: "reverse(array)", Summary: "Returns the items of `array` in reverse order.",
		MinArgs: 1, MaxArgs: 1,
		Examples: []Example{
			{Template: `@(reverse(array(3, 1, 2)))`, Output: "[2, 1, 3]"},
			{Template: `@(reverse(array("C", "A", "B")))`, Output: "[B, A, C]"},
		},
	})
	RegisterFunction("sort", fnSort, FunctionDoc{
		Signature: "sort(array)", Summary: "Returns the items of `array` sorted: numbers, text, booleans, dates, datetimes or times, all of one kind.",
		MinArgs: 1, MaxArgs: 1,
		Examples: []Example{
			{Template: `@(sort(array(3, 1, 2)))`, Output: "[1, 2, 3]"},
			{Template: `@(sort(array("C", "A", "B")))`, Output: "[A, B, C]"},
			{Template: `@(sort(array(1, "A")))`, Error: true},
		},
	})
	RegisterFunction("sum", fnSum, FunctionDoc{
		Signature: "sum(array)", Summary: "Returns the sum of the items of `array`, each converted to a number.",
		MinArgs: 1, MaxArgs: 1,
		Examples: []Example{
			{Template: `@(sum(array(1, 2, "3")))`, Output: "6"},
			{Template: `@(sum(array(1, "x")))`, Error: true},
		},
	})
	RegisterFunction("unique", fnUnique, FunctionDoc{
		Signature: "unique(array)", Summary: "Returns the items of `array` without repeats, in the order each first appears.",
		MinArgs: 1, MaxArgs: 1,
		Examples: []Example{
			{Template: `@(unique(array(1, 3, 2, 3)))`, Output: "[1, 3, 2]"},
			{Template: `@(unique(array("hi", "there", "hi")))`, Output: "[hi, there]"},
		},
	})
	RegisterFunction("concat", fnConcat, FunctionDoc{
		Signature: "concat(array1, array2)", Summary: "Returns the items of `array1` followed by those of `array2`.",
		MinArgs: 2, MaxArgs: 2,
		Examples: []Example{
			{Template: `@(concat(array("a", "b"), array("c", "d")))`, Output: "[a, b, c, d]"},
			{Template: `@(unique(concat(array(1, 2, 3), array(3, 4))))`, Output: "[1, 2, 3, 4]"},
		},
	})
	RegisterFunction("slice", fnSlice, FunctionDoc{
		Signature: "slice(array, start [, end])",
		Summary:   "Returns the items of `array` from `start` up to but not including `end`; negative positions count from the end.",
		MinArgs:   2, MaxArgs: 3,
		Examples: []Example{
			{Template: `@(slice(array("a", "b", "c"), 1))`, Output: "[b, c]"},
			{Template: `@(slice(array("a", "b", "c"), 0, -1))`, Output: "[a, b]"},
			{Template: `@(slice(array("a", "b", "c"), 10))`, Output: "[]"},
		},
	})
	RegisterFunction("contains", fnContains, FunctionDoc{
		Signature: "contains(array, value)", Summary: "Returns whether `array` has an item equal to `value`.",
		MinArgs: 2, MaxArgs: 2,
		Examples: []Example{
			{Template: `@(contains(array("a", "b", "c"), "a"))`, Output: "true"},
			{Template: `@(contains(array(1, 2, 3), 4))`, Output: "false"},
		},
	})
}

func fnJoin(ctx *EvalContext, args []Value) Value {
	a, err := ToArray(ctx, args[0])
	if err != nil {
		return err
	}
	sep, err := ToText(ctx, args[1])
	if err != nil {
		return err
	}
	items, err := textArgs(ctx, a.Items())
	if err != nil {
		return err
	}
	size := len(sep) * max(len(items)-1, 0)
	for _, item := range items {
		size += len(item)
	}
	if err := ctx.Afford(size); err != nil { // checked before the text is built
		return err
	}
	return Text(strings.Join(items, sep))
}

func fnReverse(ctx *EvalContext, args []Value) Value {
	a, err := ToArray(ctx, args[0])
	if err != nil {
		return err
	}
	items := slices.Clone(a.Items())
	slices.Reverse(items)
	return NewArray(items...)
}

func fnSort(ctx *EvalContext, args []Value) Value {
	a, err := ToArray(ctx, args[0])
	if err != nil {
		return err
	}
	items := slices.Clone(a.Items())
	if len(items) == 0 {
		return NewArray()
	}
	// as in the reference, one item needs no comparing; otherwise the items are checked in
	// order, each first for being comparable at all, then for being of the first one's kind
	kind := KindOf(items[0])
	for i := 0; i < len(items) && len(items) > 1; i++ {
		if !sortableKind(KindOf(items[i])) {
			return NewError("%s isn't a comparable type", Describe(items[i]))
		}
		if KindOf(items[i]) != kind {
			return NewError("can't sort array of different types")
		}
	}
	slices.SortStableFunc(items, compareSameKind)
	return NewArray(items...)
}

func sortableKind(k Kind) bool {
	switch k {
	case KindText, KindNumber, KindBoolean, KindDate, KindDateTime, KindTime:
		return true
	}
	return false
}

// compareSameKind orders two values of the same sortable kind.
func compareSameKind(a, b Value) int {
	switch x := a.(type) {
	case Text:
		return strings.Compare(string(x), string(b.(Text)))
	case Number:
		return x.Decimal().Cmp(b.(Number).Decimal())
	case Boolean: // false before true
		if x == b.(Boolean) {
			return 0
		}
		if x {
			return 1
		}
		return -1
	case Date:
		return x.In(time.UTC).Compare(b.(Date).In(time.UTC))
	case DateTime:
		return x.Compare(b.(DateTime).Time)
	case TimeOfDay:
		return clockOn(x).Compare(clockOn(b.(TimeOfDay)))
	}
	return 0
}

func fnSum(ctx *EvalContext, args []Value) Value {
	a, err := ToArray(ctx, args[0])
	if err != nil {
		return err
	}
	nums, err := numberArgs(ctx, a.Items())
	if err != nil {
		return err
	}
	total := decimal.Zero
	for _, d := range nums {
		total = total.Add(d)
	}
	return NewNumber(total)
}

func fnUnique(ctx *EvalContext, args []Value) Value {
	a, err := ToArray(ctx, args[0])
	if err != nil {
		return err
	}
	var out []Value
	for _, item := range a.Items() {
		seen, err := indexOfValue(ctx, out, item)
		if err != nil {
			return err
		}
		if seen < 0 {
			out = append(out, item)
		}
	}
	return NewArray(out...)
}

// indexOfValue returns the position of the first of items equal to v, -1 if none is.
func indexOfValue(ctx *EvalContext, items []Value, v Value) (int, *Error) {
	if err := ctx.Spend(len(items)); err != nil { // a comparison per item
		return 0, err
	}
	for i, item := range items {
		if item == nil || v == nil {
			if item == nil && v == nil {
				return i, nil
			}
			continue
		}
		same, err := Equals(ctx, item, v)
		if err != nil {
			return 0, err
		}
		if same {
			return i, nil
		}
	}
	return -1, nil
}

func fnConcat(ctx *EvalContext, args []Value) Value {
	first, err := ToArray(ctx, args[0])
	if err != nil {
		return err
	}
	second, err := ToArray(ctx, args[1])
	if err != nil {
		return err
	}
	if err := checkArrayLength(first.Len() + second.Len()); err != nil {
		return err
	}
	return NewArray(slices.Concat(first.Items(), second.Items())...)
}

func fnSlice(ctx *EvalContext, args []Value) Value {
	a, err := ToArray(ctx, args[0])
	if err != nil {
		return err
	}
	bounds, err := integerArgs(ctx, args[1:])
	if err != nil {
		return err
	}
	end := a.Len()
	if len(bounds) > 1 {
		end = bounds[1]
	}
	start, end := clampSlice(bounds[0], end, a.Len())
	return NewArray(slices.Clone(a.Items()[start:end])...)
}

func fnContains(ctx *EvalContext, args []Value) Value {
	a, err := ToArray(ctx, args[0])
	if err != nil {
		return err
	}
	i, err := indexOfValue(ctx, a.Items(), args[1])
	if err != nil {
		return err
	}
	return Boolean(i >= 0)
}
