package expressions

import (
	"strings"
	"time"
)

// The functions that make values of a given type: text, boolean, number, date, datetime, time,
// array and object, and format, which writes any value the way the environment shows it to people.

func init() {
	RegisterFunction("text", fnText, FunctionDoc{
		Signature: "text(value)", Summary: "Converts `value` to text.",
		MinArgs: 1, MaxArgs: 1,
		Examples: []Example{
			{Template: `@(text(3 = 3))`, Output: "true"},
			{Template: `@(json(text(123.45)))`, Output: `"123.45"`},
			{Template: `@(text(1 / 0))`, Error: true},
		},
	})
	RegisterFunction("boolean", fnBoolean, FunctionDoc{
		Signature: "boolean(value)",
		Summary:   "Converts `value` to a boolean: empty text, \"false\", 0, empty arrays and objects and null are false, everything else true.",
		MinArgs:   1, MaxArgs: 1,
		Examples: []Example{
			{Template: `@(boolean(array(1, 2)))`, Output: "true"},
			{Template: `@(boolean("FALSE"))`, Output: "false"},
			{Template: `@(boolean(1 / 0))`, Error: true},
		},
	})
	RegisterFunction("number", fnNumber, FunctionDoc{
		Signature: "number(value)", Summary: "Converts `value` to a number.",
		MinArgs: 1, MaxArgs: 1,
		Examples: []Example{
			{Template: `@(number(10))`, Output: "10"},
			{Template: `@(number("123.45000"))`, Output: "123.45"},
			{Template: `@(number("what?"))`, Error: true},
		},
	})
	RegisterFunction("date", fnDate, FunctionDoc{
		Signature: "date(value)", Summary: "Converts `value` to a date, reading text in the environment's date format.",
		MinArgs: 1, MaxArgs: 1,
		Examples: []Example{
			{Template: `@(date("1979-07-18"))`, Output: "1979-07-18"},
			{Template: `@(date("1979-07-18T10:30:45.123456Z"))`, Output: "1979-07-18"},
			{Template: `@(date("10/05/2010"))`, Output: "2010-05-10"},
			{Template: `@(date("NOT DATE"))`, Error: true},
		},
	})
	RegisterFunction("datetime", fnDateTime, FunctionDoc{
		Signature: "datetime(value)",
		Summary:   "Converts `value` to a datetime, reading text in the environment's date format and time zone.",
		MinArgs:   1, MaxArgs: 1,
		Examples: []Example{
			{Template: `@(datetime("1979-07-18"))`, Output: "1979-07-18T00:00:00.000000-05:00"},
			{Template: `@(datetime("1979-07-18T10:30:45.123456Z"))`, Output: "1979-07-18T10:30:45.123456Z"},
			{Template: `@(datetime("10/05/2010"))`, Output: "2010-05-10T00:00:00.000000-05:00"},
			{Template: `@(datetime("NOT DATE"))`, Error: true},
		},
	})
	RegisterFunction("time", fnTime, FunctionDoc{
		Signature: "time(value)", Summary: "Converts `value` to a time of day.",
		MinArgs: 1, MaxArgs: 1,
		Examples: []Example{
			{Template: `@(time("10:30"))`, Output: "10:30:00.000000"},
			{Template: `@(time("10:30:45 PM"))`, Output: "22:30:45.000000"},
			{Template: `@(time(datetime("1979-07-18T10:30:45.123456Z")))`, Output: "10:30:45.123456"},
			{Template: `@(time("what?"))`, Error: true},
		},
	})
	RegisterFunction("array", fnArray, FunctionDoc{
		Signature: "array(values...)", Summary: "Returns an array of `values`.",
		MinArgs: 0, MaxArgs: -1,
		Examples: []Example{
			{Template: `@(array("a", "b", 356)[1])`, Output: "b"},
			{Template: `@(array())`, Output: "[]"},
			{Template: `@(array(1, 1 / 0))`, Error: true},
		},
	})
	RegisterFunction("object", fnObject, FunctionDoc{
		Signature: "object(pairs...)", Summary: "Returns an object made of pairs of property names and values.",
		MinArgs: 0, MaxArgs: -1,
		Examples: []Example{
			{Template: `@(object())`, Output: "{}"},
			{Template: `@(object("a", 123, "b", "hello"))`, Output: "{a: 123, b: hello}"},
			{Template: `@(object("a"))`, Error: true},
		},
	})
	RegisterFunction("format", fnFormat, FunctionDoc{
		Signature: "format(value)", AcceptsErrors: true,
		Summary: "Formats `value` for people: numbers with grouped thousands, dates and times in the environment's formats and time zone.",
		MinArgs: 1, MaxArgs: 1,
		Examples: []Example{
			{Template: `@(format(1234.5670))`, Output: "1,234.567"},
			{Template: `@(format(date_from_parts(2018, 4, 11)))`, Output: "11-04-2018"},
			{Template: `@(format(datetime("2018-04-11T18:24:30Z")))`, Output: "11-04-2018 13:24"},
			{Template: `@(format(time_from_parts(9, 5, 0)))`, Output: "09:05"},
			{Template: `@(format("text"))`, Output: "text"},
		},
	})
}

func fnText(ctx *EvalContext, args []Value) Value {
	s, err := ToText(ctx, args[0])
	if err != nil {
		return err
	}
	return Text(s)
}

func fnBoolean(ctx *EvalContext, args []Value) Value {
	b, err := ToBoolean(ctx, args[0])
	if err != nil {
		return err
	}
	return Boolean(b)
}

func fnNumber(ctx *EvalContext, args []Value) Value {
	d, err := ToNumber(ctx, args[0])
	if err != nil {
		return err
	}
	return NewNumber(d)
}

func fnDate(ctx *EvalContext, args []Value) Value {
	d, err := ToDate(ctx, args[0])
	if err != nil {
		return err
	}
	return d
}

func fnDateTime(ctx *EvalContext, args []Value) Value {
	dt, err := ToDateTime(ctx, args[0])
	if err != nil {
		return err
	}
	return dt
}

func fnTime(ctx *EvalContext, args []Value) Value {
	t, err := ToTime(ctx, args[0])
	if err != nil {
		return err
	}
	return t
}

func fnArray(ctx *EvalContext, args []Value) Value {
	if err := checkArrayLength(len(args)); err != nil {
		return err
	}
	items := make([]Value, len(args))
	copy(items, args)
	return NewArray(items...)
}

func fnObject(ctx *EvalContext, args []Value) Value {
	for _, a := range args { // an error argument comes before the count, as in the reference
		if e, ok := a.(*Error); ok {
			return e
		}
	}
	if len(args)%2 != 0 {
		return NewError("requires an even number of arguments")
	}
	o := NewObject()
	for i := 0; i < len(args); i += 2 {
		key, err := ToText(ctx, args[i])
		if err != nil {
			return err
		}
		if key == DefaultKey { // as in the reference, the "__default__" pair gives the object its default
			o.SetDefault(args[i+1])
			continue
		}
		o.SetExact(key, args[i+1])
	}
	return o
}

func fnFormat(ctx *EvalContext, args []Value) Value {
	s, err := formatForPeople(ctx, args[0])
	if err != nil {
		return err
	}
	return Text(s)
}

// formatForPeople writes v the way the environment shows values to contacts, as the reference's
// format() does: numbers grouped, dates and times in the environment's formats and zone, an
// array's items joined by ", " (or, when one takes several lines, as a "- " list), an object's
// properties as "key: value" lines with nested lines indented, errors as nothing.
func formatForPeople(ctx *EvalContext, v Value) (string, *Error) {
	return formatValue(ctx, v, 0)
}

func formatValue(ctx *EvalContext, v Value, depth int) (string, *Error) {
	if depth > maxNesting {
		return "", NewError("value is nested more than %d levels deep", maxNesting)
	}
	env := ctx.Env
	switch t := v.(type) {
	case nil, *Error:
		return "", nil
	case Number:
		return formatNumberForPeople(t.Decimal(), -1, true, env.NumberFormat), nil
	case Date:
		return formatInLayout(ctx, t.In(time.UTC), env.DateFormat, layoutDate)
	case DateTime:
		return formatInLayout(ctx, t.In(ctx.Location()), env.DateFormat+" "+env.TimeFormat, layoutDateTime)
	case TimeOfDay:
		return formatInLayout(ctx, clockOn(t), env.TimeFormat, layoutTime)
	case *Array:
		items := make([]string, t.Len())
		multiline := false
		for i, item := range t.Items() {
			s, err := formatValue(ctx, item, depth+1)
			if err != nil {
				return "", err
			}
			items[i] = s
			multiline = multiline || strings.Contains(s, "\n")
		}
		if !multiline {
			return strings.Join(items, ", "), nil
		}
		var b strings.Builder
		for i, item := range items {
			if i > 0 {
				b.WriteByte('\n')
			}
			b.WriteString("- ")
			b.WriteString(strings.ReplaceAll(item, "\n", "\n  "))
		}
		return b.String(), nil
	case *Object:
		if def, has := t.Default(); has {
			return formatValue(ctx, def, depth+1)
		}
		var b strings.Builder
		for i, k := range t.Keys() {
			item, _ := t.Get(k)
			s, err := formatValue(ctx, item, depth+1)
			if err != nil {
				return "", err
			}
			if i > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(k)
			if strings.Contains(s, "\n") {
				b.WriteString(":\n  ")
				b.WriteString(strings.ReplaceAll(s, "\n", "\n  "))
			} else {
				b.WriteString(": ")
				b.WriteString(s)
			}
		}
		return b.String(), nil
	}
	return ToText(ctx, v)
}

// formatInLayout is formatWithLayout in the environment's language, with the error as an error
// value.
func formatInLayout(ctx *EvalContext, t time.Time, format string, mode layoutMode) (string, *Error) {
	s, err := formatWithLayout(t, format, mode, namesForLocale(ctx.Env.Language(), ctx.Env.DefaultCountry))
	if err != nil {
		return "", NewError("%s", err.Error())
	}
	return s, nil
}

// clockOn places a time of day on an arbitrary day so it can be formatted.
func clockOn(t TimeOfDay) time.Time {
	return time.Date(2000, 1, 1, t.Hour, t.Minute, t.Second, t.Nanosecond, time.UTC)
}
