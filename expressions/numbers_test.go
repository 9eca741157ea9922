package expressions

import (
	"testing"

	"github.com/shopspring/decimal"
)

func TestFormatNumberForPeople(t *testing.T) {
	us := NumberFormat{DecimalSymbol: ".", DigitGroupingSymbol: ","}
	eu := NumberFormat{DecimalSymbol: ",", DigitGroupingSymbol: "."}
	tests := []struct {
		num    string
		places int
		group  bool
		nf     NumberFormat
		want   string
	}{
		{"1234", -1, true, us, "1,234"},
		{"1234.5670", -1, true, us, "1,234.567"},
		{"1234.5670", 2, true, us, "1,234.57"},
		{"1234.5678", 0, false, us, "1235"},
		{"31337", 2, true, us, "31,337.00"},
		{"-1234567.891", 1, true, us, "-1,234,567.9"},
		{"123", -1, true, us, "123"},
		{"123456", -1, true, us, "123,456"},
		{"0.5", 0, true, us, "1"},
		{"-0.5", 0, true, us, "-1"},
		{"1234567.25", -1, true, eu, "1.234.567,25"},
		{"1234.5", 2, false, eu, "1234,50"},
		{"1234.5", -1, true, NumberFormat{}, "1234.5"},
	}
	for _, tc := range tests {
		got := formatNumberForPeople(decimal.RequireFromString(tc.num), tc.places, tc.group, tc.nf)
		if got != tc.want {
			t.Errorf("formatNumberForPeople(%s, %d, %v, %v) = %q, want %q", tc.num, tc.places, tc.group, tc.nf, got, tc.want)
		}
	}
}

func TestNumberFunctions(t *testing.T) {
	runFnCases(t, []fnCase{
		ok("abs", "10", num("-10")),
		ok("abs", "10.5", num("10.5")),
		ok("abs", "3", Text("-3")),
		fails("abs", "unable to convert \"foo\" to a number", Text("foo")),

		ok("round", "12", num("12")),
		ok("round", "12", num("12.141")),
		ok("round", "13", num("12.6")),
		ok("round", "13", num("12.5")),
		ok("round", "-13", num("-12.5")),
		ok("round", "12.14", num("12.141"), num("2")),
		ok("round", "12.15", num("12.146"), num("2")),
		ok("round", "10", num("12.146"), num("-1")),
		fails("round", "unable to convert", Text("notnum"), num("2")),
		fails("round", "places must be between", num("1"), num("1000")),

		ok("round_up", "12", num("12")),
		ok("round_up", "13", num("12.141")),
		ok("round_up", "13", num("12.6")),
		ok("round_up", "12.15", num("12.141"), num("2")),
		ok("round_up", "12.15", num("12.146"), num("2")),
		ok("round_up", "-12", num("-12.7")),
		ok("round_up", "1500", num("1401"), num("-2")),
		fails("round_up", "unable to convert", Text("foo")),

		ok("round_down", "12", num("12")),
		ok("round_down", "12", num("12.141")),
		ok("round_down", "12", num("12.6")),
		ok("round_down", "12.14", num("12.141"), num("2")),
		ok("round_down", "12.14", num("12.146"), num("2")),
		ok("round_down", "-13", num("-12.1")),
		ok("round_down", "1497286619", num("1497286619.123456")),
		fails("round_down", "unable to convert", Text("foo")),

		ok("max", "2", num("1"), num("2")),
		ok("max", "10", num("1"), num("-1"), num("10")),
		ok("max", "10.5", Text("10.5"), num("3")),
		fails("max", "unable to convert", num("1"), num("10"), Text("foo")),
		fails("max", "error calling max(...): need at least 1 argument(s), got 0"),

		ok("min", "1", num("1"), num("2")),
		ok("min", "-10", num("2"), num("2"), num("-10")),
		fails("min", "unable to convert", num("1"), num("2"), Text("foo")),

		ok("mean", "1.5", num("1"), num("2")),
		ok("mean", "3", num("1"), num("2"), num("6")),
		ok("mean", "0.3333333333333333", num("0"), num("0"), num("1")),
		fails("mean", "unable to convert", num("1"), Text("foo")),

		ok("mod", "1", num("5"), num("2")),
		ok("mod", "0", num("4"), num("2")),
		ok("mod", "-1", num("-5"), num("2")),
		ok("mod", "0.5", num("5.5"), num("1")),
		fails("mod", "division by zero", num("5"), num("0")),
		fails("mod", "unable to convert", num("5"), Text("foo")),

		ok("rand_between", "3", num("3"), num("3")),
		fails("rand_between", "unable to convert", num("1"), Text("x")),
		fails("rand", "error calling rand(...): need 0 argument(s), got 1", num("1")),

		ok("percent", "54%", num("0.54234")),
		ok("percent", "120%", num("1.2")),
		ok("percent", "-5%", num("-0.05")),
		ok("percent", "0%", num("0")),
		fails("percent", "unable to convert", Text("foo")),

		ok("format_number", "1,234", num("1234")),
		ok("format_number", "1,234.567", num("1234.5670")),
		ok("format_number", "1,234.57", num("1234.5670"), num("2"), Boolean(true)),
		ok("format_number", "1235", num("1234.5678"), num("0"), Boolean(false)),
		ok("format_number", "31,337.00", num("31337"), num("2")),
		fails("format_number", "unable to convert", Text("foo"), num("2"), Boolean(false)),
		fails("format_number", "must take 0-9 number of places, got 10", num("1"), num("10")),
	})
}

func TestRandomFunctionsStayInRange(t *testing.T) {
	ctx := funcTestCtx()
	for range 200 {
		r, err := ToNumber(ctx, callFunc(ctx, "rand"))
		if err != nil || r.IsNegative() || r.GreaterThanOrEqual(decimal.NewFromInt(1)) {
			t.Fatalf("rand() = %v, %v; want a number in [0, 1)", r, err)
		}
		n, err := ToNumber(ctx, callFunc(ctx, "rand_between", num("1"), num("3")))
		if err != nil || !n.IsInteger() || n.LessThan(decimal.NewFromInt(1)) || n.GreaterThan(decimal.NewFromInt(3)) {
			t.Fatalf("rand_between(1, 3) = %v, %v; want 1, 2 or 3", n, err)
		}
	}
}

// TestRandBetweenDraws: rand_between is floor(draw × (max - min + 1) + min) with the bounds as
// given, as in the reference: fractional bounds aren't rounded first and an inverted range still
// draws (downwards from min).
func TestRandBetweenDraws(t *testing.T) {
	tests := []struct {
		min, max string
		draw     float64
		want     string
	}{
		{"1", "10", 0, "1"}, {"1", "10", 0.999, "10"}, {"1", "10", 0.5, "6"},
		{"3.5", "4.5", 0.2, "3"}, {"3.5", "4.5", 0.8, "5"},
		{"7", "2", 0.9, "3"}, {"7", "2", 0, "7"},
		{"2", "1", 0.5, "2"}, {"-3", "-8", 0.5, "-5"}, {"0.2", "0.4", 0.3, "0"},
		// 16 digits of draw times a span of 20 or 21: 36 digits are a number, 37 are not
		{"0.3333333333333333333", "1", 0.6046602879796196, "1"},
		{"0.33333333333333333333", "1", 0.6046602879796196, "error: error calling rand_between(...): number value out of range"},
	}
	for _, tc := range tests {
		ctx := &EvalContext{Rand: func() float64 { return tc.draw }}
		got, err := ToText(ctx, callFunc(ctx, "rand_between", num(tc.min), num(tc.max)))
		if err != nil {
			got, err = "error: "+err.Error(), nil
		}
		if got != tc.want {
			t.Errorf("rand_between(%s, %s) with draw %v = %q, %v; want %s", tc.min, tc.max, tc.draw, got, err, tc.want)
		}
	}
}
