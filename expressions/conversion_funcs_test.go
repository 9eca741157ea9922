package expressions

import (
	"testing"
	"time"
)

func TestConversionFunctions(t *testing.T) {
	quito, _ := time.LoadLocation("America/Guayaquil")
	runFnCases(t, []fnCase{
		ok("text", "true", Boolean(true)),
		ok("text", "123.45", num("123.450")),
		ok("text", "[1, a]", arr(num("1"), Text("a"))),
		ok("text", "", nil),

		ok("boolean", "true", arr(num("1"), num("2"))),
		ok("boolean", "false", Text("FALSE")),
		ok("boolean", "false", arr()),
		ok("boolean", "false", num("0")),
		ok("boolean", "true", Text("no")),

		ok("number", "10", num("10")),
		ok("number", "123.45", Text("123.45000")),
		ok("number", "-5", Text(" -5 ")),
		fails("number", `unable to convert "what?" to a number`, Text("what?")),
		fails("number", "unable to convert", Boolean(true)),

		ok("date", "1979-07-18", Text("1979-07-18")),
		ok("date", "1979-07-18", Text("1979-07-18T10:30:45.123456Z")),
		ok("date", "2010-05-10", Text("10/05/2010")),
		ok("date", "2017-01-15", NewDateTime(time.Date(2017, 1, 15, 23, 0, 0, 0, quito))),
		fails("date", "unable to convert", Text("NOT DATE")),

		ok("datetime", "1979-07-18T00:00:00.000000-05:00", Text("1979-07-18")),
		ok("datetime", "1979-07-18T10:30:45.123456Z", Text("1979-07-18T10:30:45.123456Z")),
		ok("datetime", "2010-05-10T00:00:00.000000-05:00", Text("10/05/2010")),
		ok("datetime", "2019-04-11T00:00:00.000000-05:00", NewDate(2019, 4, 11)),
		fails("datetime", "unable to convert", Text("NOT DATE")),

		ok("time", "10:30:00.000000", Text("10:30")),
		ok("time", "22:30:45.000000", Text("10:30:45 PM")),
		ok("time", "10:30:45.123456", NewDateTime(time.Date(1979, 7, 18, 10, 30, 45, 123456000, time.UTC))),
		fails("time", "unable to convert", Text("what?")),

		ok("array", "[]"),
		ok("array", "[a, b, 356]", Text("a"), Text("b"), num("356")),
		ok("array", "[, 1]", nil, num("1")),

		ok("object", "{}"),
		ok("object", "{a: 123, b: hello}", Text("a"), num("123"), Text("b"), Text("hello")),
		ok("object", "{1: x}", num("1"), Text("x")),
		ok("object", "{A: 2, a: 1}", Text("a"), num("1"), Text("A"), num("2")),
		ok("object", "{a: 2}", Text("a"), num("1"), Text("a"), num("2")),
		ok("object", "x", Text("__default__"), Text("x"), Text("a"), num("1")),
		fails("object", "requires an even number of arguments", Text("a")),

		ok("format", "1,234.567", num("1234.5670")),
		ok("format", "11-04-2018", NewDate(2018, 4, 11)),
		ok("format", "11-04-2018 13:24", NewDateTime(time.Date(2018, 4, 11, 18, 24, 30, 0, time.UTC))),
		ok("format", "09:05", TimeOfDay{Hour: 9, Minute: 5}),
		ok("format", "text", Text("text")),
		ok("format", "", nil),
		ok("format", "1, 2", arr(num("1"), num("2"))),
		ok("format", "a: 1\nb: c: 1, 2", obj("a", num("1"), "b", obj("c", arr(num("1"), num("2"))))),
		ok("format", "b:\n  c: 1\n  d: x", obj("b", obj("c", num("1"), "d", Text("x")))),
		ok("format", "- k: 1\n  l: 2\n- x", arr(obj("k", num("1"), "l", num("2")), Text("x"))),
		ok("format", "", NewError("boom")),
		ok("format", "1,000", NewObject().SetDefault(num("1000"))),
	})
}

func TestFormatFollowsEnvironment(t *testing.T) {
	ctx := funcTestCtx()
	ctx.Env.DateFormat = "YYYY-MM-DD"
	ctx.Env.TimeFormat = "h:mm aa"
	ctx.Env.NumberFormat = NumberFormat{DecimalSymbol: ",", DigitGroupingSymbol: "."}
	tests := []struct {
		v    Value
		want string
	}{
		{num("1234.5"), "1.234,5"},
		{NewDateTime(time.Date(2018, 4, 11, 18, 24, 30, 0, time.UTC)), "2018-04-11 1:24 pm"},
		{TimeOfDay{Hour: 0, Minute: 5}, "12:05 am"},
	}
	for _, tc := range tests {
		got := callFunc(ctx, "format", tc.v)
		if s, _ := ToText(ctx, got); s != tc.want {
			t.Errorf("format(%v) = %v, want %q", tc.v, got, tc.want)
		}
	}
}
