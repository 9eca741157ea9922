package expressions

// The JSON functions.

func init() {
	RegisterFunction("json", fnJSON, FunctionDoc{
		Signature: "json(value)", Summary: "Returns `value` as compact JSON, object keys sorted.",
		MinArgs: 1, MaxArgs: 1,
		Examples: []Example{
			{Template: `@(json("string"))`, Output: `"string"`},
			{Template: `@(json(10))`, Output: "10"},
			{Template: `@(json(null))`, Output: "null"},
			{Template: `@(json(upper))`, Output: "null"},
			{Template: `@(json(array(1, "x", true)))`, Output: `[1,"x",true]`},
			{Template: `@(json(object("foo", 1, "bar", "x")))`, Output: `{"bar":"x","foo":1}`},
		},
	})
	RegisterFunction("parse_json", fnParseJSON, FunctionDoc{
		Signature: "parse_json(text)", Summary: "Reads `text` as JSON into objects, arrays, text, numbers, booleans and null.",
		MinArgs: 1, MaxArgs: 1,
		Examples: []Example{
			{Template: `@(parse_json("{\"foo\": \"bar\"}").foo)`, Output: "bar"},
			{Template: `@(parse_json("[1,2,3,4]")[2])`, Output: "3"},
			{Template: `@(parse_json("invalid json"))`, Error: true},
		},
	})
}

func fnJSON(ctx *EvalContext, args []Value) Value {
	if _, isFunc := args[0].(*Func); isFunc {
		return Text("null") // a function has no JSON form; goflow writes null
	}
	s, err := ToJSON(ctx, args[0])
	if err != nil {
		return err
	}
	return Text(s)
}

func fnParseJSON(ctx *EvalContext, args []Value) Value {
	s, err := ToText(ctx, args[0])
	if err != nil {
		return err
	}
	if s == "" { // as in the reference, nothing to read is null
		return nil
	}
	v, parseErr := FromJSON([]byte(s))
	if parseErr != nil {
		if e, isValueErr := parseErr.(*Error); isValueErr && e == errNumberRange {
			return e
		}
		return NewError("invalid JSON") // the reference's words, whatever the fault
	}
	return v
}
