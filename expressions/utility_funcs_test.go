package expressions

import (
	"testing"
)

func obj(pairs ...any) *Object {
	o := NewObject()
	for i := 0; i+1 < len(pairs); i += 2 {
		v, _ := pairs[i+1].(Value) // nil stays null
		o.Set(pairs[i].(string), v)
	}
	return o
}

func TestUtilityFunctions(t *testing.T) {
	boom := NewError("boom")
	upper := lookupFunc("upper")
	word := lookupFunc("word")
	runFnCases(t, []fnCase{
		ok("and", "true", Boolean(true)),
		ok("and", "false", Boolean(true), Boolean(false), Boolean(true)),
		ok("and", "true", Text("yes"), num("1"), arr(num("1"))),
		fails("and", "boom", Boolean(true), boom),
		ok("or", "true", Boolean(true)),
		ok("or", "true", Boolean(false), Text("x")),
		ok("or", "false", Boolean(false), Text(""), num("0")),
		fails("or", "error calling or(...): need at least 1 argument(s), got 0"),

		ok("if", "foo", Boolean(true), Text("foo"), Text("bar")),
		ok("if", "bar", Text(""), Text("foo"), Text("bar")),
		ok("if", "foo", Boolean(true), Text("foo"), boom),
		fails("if", "boom", Boolean(false), Text("foo"), boom),
		fails("if", "boom", boom, Text("foo"), Text("bar")),

		ok("is_error", "true", boom),
		ok("is_error", "false", Text("hello")),
		ok("is_error", "false", nil),

		ok("count", "0", arr()),
		ok("count", "3", arr(Text("a"), Text("b"), Text("c"))),
		ok("count", "2", obj("a", num("1"), "b", nil)),
		ok("count", "0", nil),
		fails("count", "value isn't countable", num("1234")),
		fails("count", "value isn't countable", Text("abc")),
		fails("count", "value isn't countable", NewError("boom")),

		ok("default", "default_value", boom, Text("default_value")),
		ok("default", "10", Text("10"), Text("20")),
		ok("default", "value", Text(""), Text("value")),
		ok("default", "  ", Text("  "), Text("value")),
		ok("default", "[1, 2]", arr(num("1"), num("2")), Text("value")),
		ok("default", "[]", arr(), Text("value")), // empty arrays and objects are kept
		ok("default", "{}", NewObject(), Text("value")),
		ok("default", "[]", NewObject().SetDefault(arr()), Text("value")),
		ok("default", "value", nil, Text("value")),
		ok("default", "0", num("0"), Text("value")),
		ok("default", "x", NewObject().SetDefault(Text("")), Text("x")),

		ok("extract", "Bob", obj("name", Text("Bob"), "age", num("30")), Text("name")),
		ok("extract", "Bob", obj("name", Text("Bob")), Text("NAME")),
		ok("extract", "", obj("name", Text("Bob")), Text("age")),
		fails("extract", "unable to convert \"text\" to an object", Text("text"), Text("name")),

		ok("extract_object", "{name: Bob}", obj("name", Text("Bob"), "age", num("30")), Text("name")),
		ok("extract_object", "{age: 30, name: Bob}", obj("name", Text("Bob"), "age", num("30")), Text("name"), Text("age")),
		ok("extract_object", "{x: }", obj("name", Text("Bob")), Text("x")),

		ok("keys", "[a, b, c]", obj("b", num("1"), "a", num("2"), "c", num("3"))),
		ok("keys", "[]", nil),
		fails("keys", "unable to convert", Text("string")),
		fails("keys", "unable to convert", num("10")),

		ok("foreach", "[A, B, C]", arr(Text("a"), Text("b"), Text("c")), upper),
		ok("foreach", "[the, fox, jumped]", arr(Text("the man"), Text("fox"), Text("jumped up")), word, num("0")),
		ok("foreach", "[]", arr(), upper),
		fails("foreach", "\"upper\" is not a function", arr(Text("a")), Text("upper")),
		fails("foreach", "index 1 is out of range", arr(Text("a b"), Text("c")), word, num("1")),
		fails("foreach", "unable to convert", Text("abc"), upper),

		ok("foreach_value", "{a: X, b: Y}", obj("a", Text("x"), "b", Text("y")), upper),
		ok("foreach_value", "{a: there, b: bye}", obj("a", Text("hi there"), "b", Text("good bye")), word, num("1")),
		fails("foreach_value", "1 is not a function", obj("a", Text("x")), num("1")),

		ok("legacy_add", "5.5", num("2"), num("3.5")),
		ok("legacy_add", "5", Text("2"), Text("3")),
		ok("legacy_add", "2017-01-20T00:00:00.000000-05:00", Text("2017-01-15"), num("5")),
		ok("legacy_add", "2017-01-10T00:00:00.000000-05:00", num("-5"), Text("2017-01-15")),
		fails("legacy_add", "cannot operate on two dates", Text("2017-01-15"), Text("2017-01-16")),
		fails("legacy_add", "unable to convert", Text("x"), num("1")),
		fails("legacy_add", "out of range", Text("2017-01-15"), num("9999999999")),
	})
}
