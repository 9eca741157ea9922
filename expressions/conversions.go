package expressions

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// ToText converts v to text the way a template shows it: null is "", numbers lose trailing zeros,
// dates are YYYY-MM-DD, datetimes ISO 8601 with microseconds, arrays `[a, b]`, objects their default
// or `{a: 1, b: x}` with sorted keys, functions their name (`<anon>` for anonymous ones). An error
// value is returned as the error.
func ToText(ctx *EvalContext, v Value) (string, *Error) {
	switch t := v.(type) {
	case nil:
		return "", nil
	case Text:
		return string(t), nil
	case *Error:
		return "", t
	}
	var b strings.Builder
	if err := writeText(ctx, &b, v, 0); err != nil {
		return "", err
	}
	return b.String(), nil
}

// maxNesting bounds how deep arrays and objects are followed when rendered or serialised, so that
// rendering always ends.
const maxNesting = 64

func writeText(ctx *EvalContext, b *strings.Builder, v Value, depth int) *Error {
	if depth > maxNesting {
		return NewError("value is nested more than %d levels deep", maxNesting)
	}
	if ctx != nil {
		if err := ctx.Afford(b.Len()); err != nil {
			return err
		}
	}
	switch t := v.(type) {
	case nil:
	case Text:
		b.WriteString(string(t))
	case Number:
		if t.isInt {
			var buf [24]byte
			b.Write(strconv.AppendInt(buf[:0], t.i, 10))
		} else {
			b.WriteString(formatDecimal(t.d))
		}
	case Boolean:
		if t {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case Date:
		b.WriteString(t.String())
	case DateTime:
		b.WriteString(t.String())
	case TimeOfDay:
		b.WriteString(t.String())
	case *Array:
		b.WriteByte('[')
		for i, item := range t.items {
			if i > 0 {
				b.WriteString(", ")
			}
			if err := writeText(ctx, b, item, depth+1); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case *Object:
		if t.hasDefault {
			return writeText(ctx, b, t.def, depth+1)
		}
		b.WriteByte('{')
		for i, k := range t.Keys() {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(k)
			b.WriteString(": ")
			item, _ := t.Get(k)
			if err := writeText(ctx, b, item, depth+1); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	case *Func:
		b.WriteString(t.displayName())
	case *Error:
		return t
	}
	return nil
}

// formatDecimal writes d without trailing fractional zeros and never in exponent form.
func formatDecimal(d decimal.Decimal) string {
	if d.Exponent() >= 0 {
		return d.String()
	}
	s := d.String()
	if strings.IndexByte(s, '.') >= 0 {
		s = strings.TrimRight(s, "0")
		s = strings.TrimSuffix(s, ".")
	}
	if s == "-0" {
		return "0"
	}
	return s
}

// ParseNumber reads text as a number the way goflow does: an optional '-', then digits, digits
// with a fraction, or a bare fraction (`12`, `-1.5`, `.5`), with surrounding white space allowed.
// Anything else (`+1`, `1.`, `1e5`, `1,000`) is not a number.
func ParseNumber(s string) (decimal.Decimal, bool) {
	s = strings.TrimSpace(s)
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	intDigits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		intDigits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		fracDigits := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			fracDigits++
		}
		if fracDigits == 0 {
			return decimal.Decimal{}, false
		}
	} else if intDigits == 0 {
		return decimal.Decimal{}, false
	}
	if i != len(s) || !numberTextInRange(s) {
		return decimal.Decimal{}, false
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Decimal{}, false
	}
	return d, true
}

// ToNumber converts v to a number: text must read as a number, an object converts by its default
// value; null, booleans and everything else are an error (`1 + null` fails, as in goflow).
func ToNumber(ctx *EvalContext, v Value) (decimal.Decimal, *Error) {
	switch t := v.(type) {
	case Number:
		return t.d, nil
	case Text:
		if d, ok := ParseNumber(string(t)); ok {
			return d, nil
		}
	case *Object:
		if t.hasDefault {
			return ToNumber(ctx, t.def)
		}
	case *Error:
		return decimal.Zero, t
	}
	return decimal.Zero, NewError("unable to convert %s to a number", Describe(v))
}

// ToInteger converts v to a number and then to an int, dropping any fraction; numbers outside the
// 32-bit range are an error.
func ToInteger(ctx *EvalContext, v Value) (int, *Error) {
	if n, ok := v.(Number); ok && n.isInt { // the common case, without decimal arithmetic
		return int(n.i), nil
	}
	d, err := ToNumber(ctx, v)
	if err != nil {
		return 0, err
	}
	if d.GreaterThan(maxInt32) || d.LessThan(minInt32) {
		return 0, NewError("number value %s is out of range for an integer", formatDecimal(d))
	}
	return int(d.IntPart()), nil
}

var maxInt32, minInt32 = decimal.NewFromInt(math.MaxInt32), decimal.NewFromInt(math.MinInt32)

// ToBoolean says whether v is truthy: null, "", "false" (any case), 0, empty arrays and empty
// objects are false; an object with a default is as truthy as its default; everything else is true.
func ToBoolean(ctx *EvalContext, v Value) (bool, *Error) {
	switch t := v.(type) {
	case nil:
		return false, nil
	case Boolean:
		return bool(t), nil
	case Text:
		return t != "" && !strings.EqualFold(string(t), "false"), nil
	case Number:
		return !t.d.IsZero(), nil
	case *Array:
		return len(t.items) > 0, nil
	case *Object:
		if t.hasDefault {
			return ToBoolean(ctx, t.def)
		}
		return len(t.entries) > 0, nil
	case *Error:
		return false, t
	}
	return true, nil
}

// ToArray converts v to an array: arrays are themselves, null is an empty array.
func ToArray(ctx *EvalContext, v Value) (*Array, *Error) {
	switch t := v.(type) {
	case nil:
		return NewArray(), nil
	case *Array:
		return t, nil
	case *Error:
		return nil, t
	}
	return nil, NewError("unable to convert %s to an array", Describe(v))
}

// ToObject converts v to an object: objects are themselves, null is an empty object.
func ToObject(ctx *EvalContext, v Value) (*Object, *Error) {
	switch t := v.(type) {
	case nil:
		return NewObject(), nil
	case *Object:
		return t, nil
	case *Error:
		return nil, t
	}
	return nil, NewError("unable to convert %s to an object", Describe(v))
}

// Equals reports whether two values are equal the way `=` compares them: by their text.
func Equals(ctx *EvalContext, a, b Value) (bool, *Error) {
	if na, ok := a.(Number); ok {
		if nb, ok := b.(Number); ok {
			return na.d.Equal(nb.d), nil
		}
	}
	ta, err := ToText(ctx, a)
	if err != nil {
		return false, err
	}
	tb, err := ToText(ctx, b)
	if err != nil {
		return false, err
	}
	return ta == tb, nil
}

// ToJSON serialises v as compact JSON: object keys sorted, dates and times as their text, an
// object's default value left out, as are object properties holding functions or errors; such
// array items become null. A function or error on its own can't be serialised.
func ToJSON(ctx *EvalContext, v Value) (string, *Error) {
	var b bytes.Buffer
	if err := writeJSON(ctx, &b, v, 0); err != nil {
		return "", err
	}
	return b.String(), nil
}

func writeJSONString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)       // encoding a string can't fail
	b.Truncate(b.Len() - 1) // Encode adds a newline
}

func writeJSON(ctx *EvalContext, b *bytes.Buffer, v Value, depth int) *Error {
	if depth > maxNesting {
		return NewError("value is nested more than %d levels deep", maxNesting)
	}
	if ctx != nil {
		if err := ctx.Afford(b.Len()); err != nil {
			return err
		}
	}
	switch t := v.(type) {
	case nil:
		b.WriteString("null")
	case Text:
		writeJSONString(b, string(t))
	case Number:
		b.WriteString(formatDecimal(t.d))
	case Boolean:
		if t {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case Date:
		writeJSONString(b, t.String())
	case DateTime:
		writeJSONString(b, t.String())
	case TimeOfDay:
		writeJSONString(b, t.String())
	case *Array:
		// as in goflow, an item that can't be serialised (a function, an error) becomes null
		b.WriteByte('[')
		for i, item := range t.items {
			if i > 0 {
				b.WriteByte(',')
			}
			mark := b.Len()
			if err := writeJSON(ctx, b, item, depth+1); err != nil {
				if err.limit {
					return err
				}
				b.Truncate(mark)
				b.WriteString("null")
			}
		}
		b.WriteByte(']')
	case *Object:
		if t.jsonDefault && t.hasDefault {
			return writeJSON(ctx, b, t.def, depth+1)
		}
		// as in goflow, a property holding a function is null and one that can't be serialised
		// (an error) is left out
		b.WriteByte('{')
		first := true
		for _, k := range t.Keys() {
			mark := b.Len()
			if !first {
				b.WriteByte(',')
			}
			writeJSONString(b, k)
			b.WriteByte(':')
			item, _ := t.Get(k)
			if _, isFunc := item.(*Func); isFunc {
				b.WriteString("null")
				first = false
				continue
			}
			if err := writeJSON(ctx, b, item, depth+1); err != nil {
				if err.limit {
					return err
				}
				b.Truncate(mark)
				continue
			}
			first = false
		}
		b.WriteByte('}')
	case *Func:
		return NewError("unable to convert a function to JSON")
	case *Error:
		return t
	}
	return nil
}

// DefaultKey is the key that, in JSON read by FromJSON, gives an object its default value.
const DefaultKey = "__default__"

// FromJSON reads JSON into a value: objects become objects (a "__default__" key becomes the
// object's default value), arrays arrays, numbers exact decimals, strings text.
func FromJSON(data []byte) (Value, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var raw any
	if err := dec.Decode(&raw); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, NewError("unexpected data after the JSON value")
	}
	return fromJSONValue(raw, 0)
}

func fromJSONValue(raw any, depth int) (Value, error) {
	if depth > maxNesting {
		return nil, NewError("JSON is nested more than %d levels deep", maxNesting)
	}
	switch t := raw.(type) {
	case nil:
		return nil, nil
	case bool:
		return Boolean(t), nil
	case string:
		return Text(t), nil
	case json.Number:
		d, err := decimal.NewFromString(string(t))
		if err != nil || !NumberInRange(d) {
			return nil, errNumberRange
		}
		return NewNumber(d), nil
	case []any:
		items := make([]Value, len(t))
		for i, item := range t {
			v, err := fromJSONValue(item, depth+1)
			if err != nil {
				return nil, err
			}
			items[i] = v
		}
		return NewArray(items...), nil
	case map[string]any:
		o := &Object{entries: make([]objectEntry, 0, len(t))}
		for k, item := range t {
			v, err := fromJSONValue(item, depth+1)
			if err != nil {
				return nil, err
			}
			if k == DefaultKey {
				o.SetDefault(v)
			} else {
				o.SetExact(k, v)
			}
		}
		return o, nil
	}
	return nil, NewError("unexpected JSON value")
}
