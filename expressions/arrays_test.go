package expressions

import (
	"testing"
	"time"
)

func TestArrayFunctions(t *testing.T) {
	abc := arr(Text("a"), Text("b"), Text("c"))
	runFnCases(t, []fnCase{
		ok("join", "a|b|c", abc, Text("|")),
		ok("join", "abc", abc, Text("")),
		ok("join", "1, 2.5, true, ", arr(num("1"), num("2.50"), Boolean(true), nil), Text(", ")),
		ok("join", "", nil, Text("|")),
		fails("join", "unable to convert \"abc\" to an array", Text("abc"), Text("|")),

		ok("reverse", "[2, 1, 3]", arr(num("3"), num("1"), num("2"))),
		ok("reverse", "[]", arr()),

		ok("sort", "[1, 2, 10]", arr(num("10"), num("1"), num("2"))),
		ok("sort", "[A, B, a]", arr(Text("a"), Text("B"), Text("A"))),
		ok("sort", "[2017-01-01, 2018-01-01]", arr(NewDate(2018, 1, 1), NewDate(2017, 1, 1))),
		ok("sort", "[2017-01-01T02:00:00.000000+03:00, 2017-01-01T00:00:00.000000Z]",
			arr(NewDateTime(time.Date(2017, 1, 1, 2, 0, 0, 0, time.FixedZone("", 3*3600))), NewDateTime(time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC)))),
		ok("sort", "[08:00:00.000000, 09:30:00.000000]", arr(TimeOfDay{Hour: 9, Minute: 30}, TimeOfDay{Hour: 8})),
		ok("sort", "[]", arr()),
		fails("sort", "can't sort array of different types", arr(num("1"), Text("A"))),
		fails("sort", "array isn't a comparable type", arr(arr(), arr())),
		fails("sort", "null isn't a comparable type", arr(nil, nil)),
		fails("sort", "null isn't a comparable type", arr(num("1"), num("2"), nil)),
		fails("sort", "object isn't a comparable type", arr(num("1"), NewObject())),
		fails("sort", "can't sort array of different types", arr(num("1"), Text("a"), nil)),
		ok("sort", "[[1]]", arr(arr(num("1")))), // one item needs no comparing
		ok("sort", "[false, true, true]", arr(Boolean(true), Boolean(false), Boolean(true))),

		ok("sum", "6", arr(num("1"), num("2"), Text("3"))),
		ok("sum", "0", arr()),
		ok("sum", "0.3", arr(num("0.1"), num("0.2"))),
		fails("sum", "unable to convert", arr(num("1"), Text("x"))),

		ok("unique", "[1, 3, 2]", arr(num("1"), num("3"), num("2"), num("3"))),
		ok("unique", "[hi, there]", arr(Text("hi"), Text("there"), Text("hi"))),
		ok("unique", "[1, ]", arr(num("1"), nil, num("1.0"), nil)),

		ok("concat", "[a, b, c, d]", arr(Text("a"), Text("b")), arr(Text("c"), Text("d"))),
		ok("concat", "[a]", arr(Text("a")), nil),
		fails("concat", "unable to convert", arr(), Text("x")),

		ok("slice", "[b, c]", abc, num("1")),
		ok("slice", "[a, b]", abc, num("0"), num("-1")),
		ok("slice", "[]", abc, num("10")),
		ok("slice", "[c]", abc, num("-1")),
		ok("slice", "[]", abc, num("2"), num("1")),
		fails("slice", "unable to convert", abc, Text("x")),

		ok("contains", "true", abc, Text("a")),
		ok("contains", "false", arr(num("1"), num("2"), num("3")), num("4")),
		ok("contains", "true", arr(num("1"), num("2")), Text("2")),
		ok("contains", "true", arr(nil), nil),
		ok("contains", "false", arr(), Text("a")),
		fails("contains", "unable to convert", Text("abc"), Text("a")),
	})
}
