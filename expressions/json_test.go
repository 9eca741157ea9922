package expressions

import "testing"

func TestJSONFunctions(t *testing.T) {
	runFnCases(t, []fnCase{
		ok("json", `"string"`, Text("string")),
		ok("json", "10", num("10")),
		ok("json", "null", nil),
		ok("json", `[1,"x",true]`, arr(num("1"), Text("x"), Boolean(true))),
		ok("json", `{"bar":"x","foo":1}`, obj("foo", num("1"), "bar", Text("x"))),
		ok("json", `"2019-04-11"`, NewDate(2019, 4, 11)),
		ok("json", `"a<b"`, Text("a<b")),
		ok("json", "null", lookupFunc("upper")),
		ok("json", "[null]", arr(lookupFunc("upper"))),

		ok("parse_json", "bar", Text(`"bar"`)),
		ok("parse_json", "{foo: bar}", Text(`{"foo": "bar"}`)),
		ok("parse_json", "[1, 2, 3.5]", Text(`[1, 2, 3.50]`)),
		ok("parse_json", "", Text(`null`)),
		fails("parse_json", "error calling parse_json(...): invalid JSON", Text("invalid json")),
		fails("parse_json", "invalid JSON", Text(`{"a": 1} extra`)),
	})
	// a parsed object keeps its properties for member access
	got := callFunc(funcTestCtx(), "parse_json", Text(`{"a": {"b": [10, 20]}}`))
	a, _ := got.(*Object).Get("a")
	b, _ := a.(*Object).Get("b")
	if s, _ := ToText(nil, b.(*Array).Get(1)); s != "20" {
		t.Errorf("parse_json nested value = %q, want 20", s)
	}
}
