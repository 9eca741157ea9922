package expr

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// Kind is the type of a value.
type Kind uint8

// The kinds of values. Null is the zero Value: what a missing key resolves to.
const (
	NullKind Kind = iota
	BoolKind
	NumKind
	StrKind
	ArrKind
	ObjKind
)

// Value is what a key, a constant or a list evaluates to. It is a plain struct so that
// evaluation passes values around without allocating; arrays and objects refer to the decoded
// JSON of the task or worker ([]any, map[string]any).
type Value struct {
	Kind Kind
	B    bool
	N    float64
	S    string
	A    []any
	O    map[string]any
}

// Str makes a string value.
func Str(s string) Value { return Value{Kind: StrKind, S: s} }

// Num makes a number value.
func Num(f float64) Value { return Value{Kind: NumKind, N: f} }

// BoolValue makes a boolean value.
func BoolValue(b bool) Value { return Value{Kind: BoolKind, B: b} }

// FromAny converts a decoded JSON value (as encoding/json decodes into any) to a Value.
func FromAny(x any) Value {
	switch x := x.(type) {
	case nil:
		return Value{}
	case bool:
		return Value{Kind: BoolKind, B: x}
	case float64:
		return Value{Kind: NumKind, N: x}
	case string:
		return Value{Kind: StrKind, S: x}
	case []any:
		return Value{Kind: ArrKind, A: x}
	case map[string]any:
		return Value{Kind: ObjKind, O: x}
	case int:
		return Value{Kind: NumKind, N: float64(x)}
	case int64:
		return Value{Kind: NumKind, N: float64(x)}
	case float32:
		return Value{Kind: NumKind, N: float64(x)}
	case json.Number:
		f, err := x.Float64()
		if err != nil {
			return Value{Kind: StrKind, S: string(x)}
		}
		return Value{Kind: NumKind, N: f}
	}
	return Value{}
}

// Any converts the value back to a decoded JSON value.
func (v Value) Any() any {
	switch v.Kind {
	case BoolKind:
		return v.B
	case NumKind:
		return v.N
	case StrKind:
		return v.S
	case ArrKind:
		return v.A
	case ObjKind:
		return v.O
	}
	return nil
}

// String renders the value as it would be written in an expression (arrays and objects as
// JSON).
func (v Value) String() string {
	switch v.Kind {
	case BoolKind:
		return strconv.FormatBool(v.B)
	case NumKind:
		return strconv.FormatFloat(v.N, 'f', -1, 64)
	case StrKind:
		return quote(v.S)
	case ArrKind, ObjKind:
		b, err := json.Marshal(v.Any())
		if err != nil {
			return "?"
		}
		return string(b)
	}
	return "null"
}

// quote writes a string as the scanner reads it: in single quotes, or double quotes when it
// holds a single one, escaping with a backslash what must be.
func quote(s string) string {
	q := byte('\'')
	if strings.ContainsRune(s, '\'') && !strings.ContainsRune(s, '"') {
		q = '"'
	}
	var b strings.Builder
	b.WriteByte(q)
	for i := 0; i < len(s); i++ {
		if s[i] == q || s[i] == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	b.WriteByte(q)
	return b.String()
}

// TypeName names the value's type for explanations.
func (v Value) TypeName() string {
	return [...]string{"null", "boolean", "number", "string", "array", "object"}[v.Kind]
}

func (v Value) scalar() bool { return v.Kind != ArrKind && v.Kind != ObjKind }

// number returns the value as a number: a number, or a string that spells one (TaskRouter's
// own taskrouter.currentHour is a string compared with numbers).
func (v Value) number() (float64, bool) {
	switch v.Kind {
	case NumKind:
		return v.N, true
	case StrKind:
		s := strings.TrimSpace(v.S)
		if !numberSyntax(s) {
			return 0, false // checked first: ParseFloat allocates its error
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return 0, false
		}
		return f, true
	}
	return 0, false
}

// equal is == between two values. Null equals only null; numbers compare with numbers and
// numeric strings; a boolean equals the string "true"/"false" of its value; arrays and objects
// are never equal to anything (scalar operators on arrays are false). Other type mismatches
// are false.
func equal(a, b Value) bool {
	if !a.scalar() || !b.scalar() {
		return false
	}
	if a.Kind == NullKind || b.Kind == NullKind {
		return a.Kind == b.Kind
	}
	if a.Kind == b.Kind {
		switch a.Kind {
		case StrKind:
			return a.S == b.S
		case NumKind:
			return a.N == b.N
		case BoolKind:
			return a.B == b.B
		}
	}
	if a.Kind == NumKind || b.Kind == NumKind {
		x, ok1 := a.number()
		y, ok2 := b.number()
		return ok1 && ok2 && x == y
	}
	if a.Kind == BoolKind && b.Kind == StrKind {
		return strings.EqualFold(b.S, strconv.FormatBool(a.B))
	}
	if b.Kind == BoolKind && a.Kind == StrKind {
		return strings.EqualFold(a.S, strconv.FormatBool(b.B))
	}
	return false
}

// order compares two values for < <= > >=: numbers (and numeric strings) by value, other
// strings by their bytes. ok is false when the two can't be ordered (the comparison is false).
func order(a, b Value) (c int, ok bool) {
	if !a.scalar() || !b.scalar() || a.Kind == NullKind || b.Kind == NullKind {
		return 0, false
	}
	if x, ok1 := a.number(); ok1 {
		if y, ok2 := b.number(); ok2 {
			switch {
			case x < y:
				return -1, true
			case x > y:
				return 1, true
			}
			return 0, true
		}
	}
	if a.Kind == StrKind && b.Kind == StrKind {
		return strings.Compare(a.S, b.S), true
	}
	return 0, false
}

// compare applies a comparison operator.
func compare(op CmpOp, a, b Value) bool {
	switch op {
	case Eq:
		return equal(a, b)
	case Ne:
		return a.scalar() && b.scalar() && !equal(a, b)
	case Gt, Ge, Lt, Le:
		c, ok := order(a, b)
		if !ok {
			return false
		}
		switch op {
		case Gt:
			return c > 0
		case Ge:
			return c >= 0
		case Lt:
			return c < 0
		}
		return c <= 0
	case Contains, NotContains:
		if a.Kind != StrKind || b.Kind != StrKind {
			return false
		}
		return strings.Contains(a.S, b.S) == (op == Contains)
	case Has, NotHas:
		if a.Kind != ArrKind || !b.scalar() {
			return false
		}
		return member(b, a.A) == (op == Has)
	case In, NotIn:
		if b.Kind != ArrKind || !a.scalar() {
			return false
		}
		return member(a, b.A) == (op == In)
	}
	return false
}

func member(v Value, list []any) bool {
	for _, x := range list {
		if equal(v, FromAny(x)) {
			return true
		}
	}
	return false
}

// numberSyntax says whether s is a decimal number: an optional sign, digits with an optional
// fraction, an optional exponent.
func numberSyntax(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '-' || s[i] == '+') {
			i++
		}
		exp := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			exp++
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(s)
}
