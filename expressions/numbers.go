package expressions

import (
	"math/rand/v2"
	"strings"

	"github.com/shopspring/decimal"
)

// The number functions. Arguments are converted with ToNumber, so text like "12.5" works too.

func init() {
	RegisterFunction("abs", fnAbs, FunctionDoc{
		Signature: "abs(number)", Summary: "Returns the absolute value of `number`.",
		MinArgs: 1, MaxArgs: 1,
		Examples: []Example{
			{Template: `@(abs(-10))`, Output: "10"},
			{Template: `@(abs(10.5))`, Output: "10.5"},
			{Template: `@(abs("foo"))`, Error: true},
		},
	})
	RegisterFunction("round", fnRound(func(d decimal.Decimal, places int32) decimal.Decimal { return d.Round(places) }), FunctionDoc{
		Signature: "round(number [, places])",
		Summary:   "Rounds `number` to the nearest value with `places` decimal places (0 when omitted; negative rounds to tens, hundreds...), halves away from zero.",
		MinArgs:   1, MaxArgs: 2,
		Examples: []Example{
			{Template: `@(round(12.141))`, Output: "12"},
			{Template: `@(round(12.6))`, Output: "13"},
			{Template: `@(round(12.146, 2))`, Output: "12.15"},
			{Template: `@(round(12.146, -1))`, Output: "10"},
			{Template: `@(round("notnum", 2))`, Error: true},
		},
	})
	RegisterFunction("round_up", fnRound(roundCeiling), FunctionDoc{
		Signature: "round_up(number [, places])", Summary: "Rounds `number` up to the next value with `places` decimal places (0 when omitted).",
		MinArgs: 1, MaxArgs: 2,
		Examples: []Example{
			{Template: `@(round_up(12))`, Output: "12"},
			{Template: `@(round_up(12.141))`, Output: "13"},
			{Template: `@(round_up(12.141, 2))`, Output: "12.15"},
			{Template: `@(round_up("foo"))`, Error: true},
		},
	})
	RegisterFunction("round_down", fnRound(roundFloor), FunctionDoc{
		Signature: "round_down(number [, places])", Summary: "Rounds `number` down to the previous value with `places` decimal places (0 when omitted).",
		MinArgs: 1, MaxArgs: 2,
		Examples: []Example{
			{Template: `@(round_down(12.6))`, Output: "12"},
			{Template: `@(round_down(12.146, 2))`, Output: "12.14"},
			{Template: `@(round_down("foo"))`, Error: true},
		},
	})
	RegisterFunction("max", fnExtreme(1), FunctionDoc{
		Signature: "max(numbers...)", Summary: "Returns the largest of `numbers`.",
		MinArgs: 1, MaxArgs: -1,
		Examples: []Example{
			{Template: `@(max(1, 2))`, Output: "2"},
			{Template: `@(max(1, -1, 10))`, Output: "10"},
			{Template: `@(max(1, 10, "foo"))`, Error: true},
		},
	})
	RegisterFunction("min", fnExtreme(-1), FunctionDoc{
		Signature: "min(numbers...)", Summary: "Returns the smallest of `numbers`.",
		MinArgs: 1, MaxArgs: -1,
		Examples: []Example{
			{Template: `@(min(1, 2))`, Output: "1"},
			{Template: `@(min(2, 2, -10))`, Output: "-10"},
			{Template: `@(min(1, 2, "foo"))`, Error: true},
		},
	})
	RegisterFunction("mean", fnMean, FunctionDoc{
		Signature: "mean(numbers...)", Summary: "Returns the arithmetic mean of `numbers`.",
		MinArgs: 1, MaxArgs: -1,
		Examples: []Example{
			{Template: `@(mean(1, 2))`, Output: "1.5"},
			{Template: `@(mean(1, 2, 6))`, Output: "3"},
			{Template: `@(mean(1, "foo"))`, Error: true},
		},
	})
	RegisterFunction("mod", fnMod, FunctionDoc{
		Signature: "mod(dividend, divisor)", Summary: "Returns the remainder of dividing `dividend` by `divisor`, with the sign of `dividend`.",
		MinArgs: 2, MaxArgs: 2,
		Examples: []Example{
			{Template: `@(mod(5, 2))`, Output: "1"},
			{Template: `@(mod(-5, 2))`, Output: "-1"},
			{Template: `@(mod(5, 0))`, Error: true},
			{Template: `@(mod(5, "foo"))`, Error: true},
		},
	})
	RegisterFunction("rand", fnRand, FunctionDoc{
		Signature: "rand()", Summary: "Returns a random number from 0 (inclusive) up to 1 (exclusive).",
		MinArgs: 0, MaxArgs: 0,
		Examples: []Example{
			{Template: `@(and(rand() >= 0, rand() < 1))`, Output: "true"},
			{Template: `@(rand(1))`, Error: true},
		},
	})
	RegisterFunction("rand_between", fnRandBetween, FunctionDoc{
		Signature: "rand_between(min, max)", Summary: "Returns a random whole number from `min` to `max`, both included.",
		MinArgs: 2, MaxArgs: 2,
		Examples: []Example{
			{Template: `@(rand_between(3, 3))`, Output: "3"},
			{Template: `@(rand_between(1, "x"))`, Error: true},
		},
	})
	RegisterFunction("percent", fnPercent, FunctionDoc{
		Signature: "percent(number)", Summary: "Formats `number`, a fraction, as a whole percentage.",
		MinArgs: 1, MaxArgs: 1,
		Examples: []Example{
			{Template: `@(percent(0.54234))`, Output: "54%"},
			{Template: `@(percent(1.2))`, Output: "120%"},
			{Template: `@(percent("foo"))`, Error: true},
		},
	})
	RegisterFunction("format_number", fnFormatNumber, FunctionDoc{
		Signature: "format_number(number [, places [, humanize]])",
		Summary:   "Formats `number` with the environment's decimal and grouping symbols, to `places` decimal places (as many as it has when omitted), grouping thousands unless `humanize` is false.",
		MinArgs:   1, MaxArgs: 3,
		Examples: []Example{
			{Template: `@(format_number(1234))`, Output: "1,234"},
			{Template: `@(format_number(1234.5670))`, Output: "1,234.567"},
			{Template: `@(format_number(1234.5670, 2, true))`, Output: "1,234.57"},
			{Template: `@(format_number(1234.5678, 0, false))`, Output: "1235"},
			{Template: `@(format_number("foo", 2, false))`, Error: true},
		},
	})
}

// numberArgs converts every argument to a number.
func numberArgs(ctx *EvalContext, args []Value) ([]decimal.Decimal, *Error) {
	out := make([]decimal.Decimal, len(args))
	for i, a := range args {
		d, err := ToNumber(ctx, a)
		if err != nil {
			return nil, err
		}
		out[i] = d
	}
	return out, nil
}

func fnAbs(ctx *EvalContext, args []Value) Value {
	d, err := ToNumber(ctx, args[0])
	if err != nil {
		return err
	}
	return NewNumber(d.Abs())
}

// maxRoundPlaces keeps rounding within what a decimal can sensibly hold.
const maxRoundPlaces = 100

// fnRound makes round, round_up and round_down from the rounding rule they apply.
func fnRound(rule func(decimal.Decimal, int32) decimal.Decimal) Function {
	return func(ctx *EvalContext, args []Value) Value {
		d, err := ToNumber(ctx, args[0])
		if err != nil {
			return err
		}
		places := 0
		if len(args) > 1 {
			if places, err = ToInteger(ctx, args[1]); err != nil {
				return err
			}
			if places > maxRoundPlaces || places < -maxRoundPlaces {
				return NewError("places must be between %d and %d, got %d", -maxRoundPlaces, maxRoundPlaces, places)
			}
		}
		return NewNumber(rule(d, int32(places)))
	}
}

// roundCeiling rounds d up to the next multiple of 10^-places.
func roundCeiling(d decimal.Decimal, places int32) decimal.Decimal {
	return d.Shift(places).Ceil().Shift(-places)
}

// roundFloor rounds d down to the previous multiple of 10^-places.
func roundFloor(d decimal.Decimal, places int32) decimal.Decimal {
	return d.Shift(places).Floor().Shift(-places)
}

// fnExtreme makes max (sign 1) and min (sign -1).
func fnExtreme(sign int) Function {
	return func(ctx *EvalContext, args []Value) Value {
		nums, err := numberArgs(ctx, args)
		if err != nil {
			return err
		}
		best := nums[0]
		for _, d := range nums[1:] {
			if d.Cmp(best) == sign {
				best = d
			}
		}
		return NewNumber(best)
	}
}

func fnMean(ctx *EvalContext, args []Value) Value {
	nums, err := numberArgs(ctx, args)
	if err != nil {
		return err
	}
	sum := decimal.Zero
	for _, d := range nums {
		sum = sum.Add(d)
	}
	return NewNumber(sum.Div(decimal.NewFromInt(int64(len(nums)))))
}

func fnMod(ctx *EvalContext, args []Value) Value {
	nums, err := numberArgs(ctx, args)
	if err != nil {
		return err
	}
	if nums[1].IsZero() {
		return NewError("division by zero")
	}
	return NewNumber(nums[0].Mod(nums[1]))
}

func fnRand(ctx *EvalContext, args []Value) Value {
	return NewNumber(decimal.NewFromFloat(randFloat(ctx)))
}

// randFloat draws from the context's random source, or an unseeded one.
func randFloat(ctx *EvalContext) float64 {
	if ctx != nil && ctx.Rand != nil {
		return ctx.Rand()
	}
	return rand.Float64()
}

func fnRandBetween(ctx *EvalContext, args []Value) Value {
	nums, err := numberArgs(ctx, args)
	if err != nil {
		return err
	}
	// as the reference computes it: floor(draw × (max - min + 1) + min), bounds as given, so a
	// fractional or inverted range still draws (rand_between(7, 2) is one of 3 to 7); and as
	// there, each step keeps the range of numbers: a draw times a span of many digits can have
	// more digits than a number may, and is out of range whatever its floor
	low, high := nums[0], nums[1]
	span := high.Sub(low).Add(decimal.NewFromInt(1))
	product := decimal.NewFromFloat(randFloat(ctx)).Mul(span)
	if !NumberInRange(product) {
		return errNumberRange
	}
	sum := product.Add(low)
	if !NumberInRange(sum) {
		return errNumberRange
	}
	return NewNumber(sum.Floor())
}

func fnPercent(ctx *EvalContext, args []Value) Value {
	d, err := ToNumber(ctx, args[0])
	if err != nil {
		return err
	}
	pct := d.Shift(2).Round(0)
	if !pct.BigInt().IsInt64() { // the reference makes a 64-bit integer of it
		return NewError("percentage value is out of range")
	}
	return Text(pct.String() + "%")
}

func fnFormatNumber(ctx *EvalContext, args []Value) Value {
	d, err := ToNumber(ctx, args[0])
	if err != nil {
		return err
	}
	places := -1
	if len(args) > 1 {
		if places, err = ToInteger(ctx, args[1]); err != nil {
			return err
		}
		if places < 0 || places > 9 {
			// the reference's words, with the number where it prints a pointer
			return NewError("must take 0-9 number of places, got %d", places)
		}
	}
	group := true
	if len(args) > 2 {
		if group, err = ToBoolean(ctx, args[2]); err != nil {
			return err
		}
	}
	return Text(formatNumberForPeople(d, places, group, ctx.Env.NumberFormat))
}

// formatNumberForPeople writes d with the given number of decimal places (as many as it has when
// places < 0, without trailing zeros), the format's decimal symbol and, when group is set, its
// grouping symbol between thousands.
func formatNumberForPeople(d decimal.Decimal, places int, group bool, nf NumberFormat) string {
	decimalSymbol, groupSymbol := nf.DecimalSymbol, nf.DigitGroupingSymbol
	if decimalSymbol == "" {
		decimalSymbol = "."
	}
	var s string
	if places >= 0 {
		s = d.StringFixed(int32(places))
	} else {
		s = formatDecimal(d)
	}
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, _ := strings.Cut(s, ".")
	if group && groupSymbol != "" && len(whole) > 3 {
		var b strings.Builder
		lead := len(whole) % 3
		if lead > 0 {
			b.WriteString(whole[:lead])
		}
		for i := lead; i < len(whole); i += 3 {
			if b.Len() > 0 {
				b.WriteString(groupSymbol)
			}
			b.WriteString(whole[i : i+3])
		}
		whole = b.String()
	}
	if frac != "" {
		return sign + whole + decimalSymbol + frac
	}
	return sign + whole
}
