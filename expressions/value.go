// Package expressions implements goflow's @-template language: scanning and parsing templates and
// expressions, the values they compute with, the conversions between those values, and the registry
// of built-in functions. It knows nothing of flows: a flow's run supplies the context as an Object.
package expressions

import (
	"fmt"
	"math/big"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Kind says which of the language's value types a Value is.
type Kind uint8

// The kinds of value. Null is the nil Value.
const (
	KindNull Kind = iota
	KindText
	KindNumber
	KindBoolean
	KindDate
	KindDateTime
	KindTime
	KindArray
	KindObject
	KindFunction
	KindError
)

var kindNames = [...]string{"null", "text", "number", "boolean", "date", "datetime", "time", "array", "object", "function", "error"}

// String returns the kind's name as the language's error messages use it.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// Value is any value an expression can compute. The nil Value is null. The concrete types are
// Text, Number, Boolean, Date, DateTime, TimeOfDay, *Array, *Object, *Func and *Error; no other
// package may add kinds because conversions switch over exactly these.
type Value interface {
	Kind() Kind
}

// KindOf returns the kind of v, KindNull for nil.
func KindOf(v Value) Kind {
	if v == nil {
		return KindNull
	}
	return v.Kind()
}

// Text is a text value.
type Text string

// Kind implements Value.
func (Text) Kind() Kind { return KindText }

// NewText returns a text value.
func NewText(s string) Value { return Text(s) }

// Number is an arbitrary-precision decimal number, so that 0.1 + 0.2 is exactly 0.3. Small whole
// numbers also carry their int64 value so that common arithmetic and rendering needn't allocate.
type Number struct {
	d     decimal.Decimal
	i     int64
	isInt bool // i holds the value and it is small enough that i+i and i*i can't overflow
}

// Kind implements Value.
func (Number) Kind() Kind { return KindNumber }

// Decimal returns the number's decimal value.
func (n Number) Decimal() decimal.Decimal { return n.d }

// NewNumber returns a number value holding d, or, when d is outside the range numbers may take
// (see NumberInRange), the reference's "number value out of range" error.
func NewNumber(d decimal.Decimal) Value {
	if e := d.Exponent(); e >= 0 && int(e)+d.NumDigits() <= 9 {
		return intValue(d.IntPart())
	}
	if !NumberInRange(d) {
		return errNumberRange
	}
	return Number{d: d}
}

// The range of numbers, as the reference engine limits them: at most MaxNumberDigits significant
// digits, and a magnitude from 1e-100 up to but excluding 1e101. Keeping numbers this small keeps
// every operation on them cheap, whatever a template computes.
const (
	MaxNumberDigits   = 36
	MaxNumberExponent = 100
)

var errNumberRange = &Error{msg: "number value out of range"}

// NumberInRange reports whether d is within the range numbers may take.
func NumberInRange(d decimal.Decimal) bool {
	if d.IsZero() {
		return true
	}
	digits, exp := d.NumDigits(), int(d.Exponent())
	if digits > MaxNumberDigits { // trailing zeros of the coefficient aren't significant
		c := d.Coefficient()
		ten, r := big.NewInt(10), new(big.Int)
		for {
			q, m := new(big.Int).QuoRem(c, ten, r)
			if m.Sign() != 0 {
				break
			}
			c = q
			exp++
		}
		digits = len(c.Text(10))
		if c.Sign() < 0 {
			digits--
		}
	}
	adjusted := digits + exp - 1
	return digits <= MaxNumberDigits && adjusted >= -MaxNumberExponent && adjusted <= MaxNumberExponent
}

// numberTextInRange is NumberInRange for the text of a number already known to be digits with an
// optional sign and fraction (no exponent), so that huge inputs are refused before being parsed.
func numberTextInRange(s string) bool {
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	intPart = strings.TrimLeft(intPart, "0")
	var sigDigits, adjusted int
	if intPart != "" {
		adjusted = len(intPart) - 1
		if f := strings.TrimRight(frac, "0"); f != "" {
			sigDigits = len(intPart) + len(f)
		} else {
			sigDigits = len(strings.TrimRight(intPart, "0"))
		}
	} else {
		trimmed := strings.TrimLeft(frac, "0")
		if trimmed == "" {
			return true // zero
		}
		adjusted = -(len(frac) - len(trimmed) + 1)
		sigDigits = len(strings.TrimRight(trimmed, "0"))
	}
	return sigDigits <= MaxNumberDigits && adjusted >= -MaxNumberExponent && adjusted <= MaxNumberExponent
}

// NewNumberInt returns a number value holding i.
func NewNumberInt(i int64) Value { return intValue(i) }

// NewNumberFloat returns a number value holding f, rounded to the shortest decimal that reads back
// as f; callers that need exact results should compute with decimals instead.
func NewNumberFloat(f float64) Value { return Number{d: decimal.NewFromFloat(f)} }

// Boolean is true or false.
type Boolean bool

// Kind implements Value.
func (Boolean) Kind() Kind { return KindBoolean }

// NewBoolean returns a boolean value.
func NewBoolean(b bool) Value { return Boolean(b) }

// Date is a calendar day with no time or zone.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// Kind implements Value.
func (Date) Kind() Kind { return KindDate }

// NewDate returns a date value, normalising out-of-range days and months the way time.Date does.
func NewDate(year int, month time.Month, day int) Date {
	t := time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
	return Date{t.Year(), t.Month(), t.Day()}
}

// DateOf returns the calendar day of t in t's own location.
func DateOf(t time.Time) Date { return Date{t.Year(), t.Month(), t.Day()} }

// In returns midnight of the day in loc.
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// String renders the date as YYYY-MM-DD, the way templates show dates; a year before 0 has a
// minus sign and one after 9999 more digits, as Go's time formatting writes them.
func (d Date) String() string {
	if d.Year < 0 {
		return fmt.Sprintf("-%04d-%02d-%02d", -d.Year, int(d.Month), d.Day)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// DateTime is an instant with a zone.
type DateTime struct{ time.Time }

// Kind implements Value.
func (DateTime) Kind() Kind { return KindDateTime }

// NewDateTime returns a datetime value.
func NewDateTime(t time.Time) Value { return DateTime{t} }

// DateTimeLayout is how datetimes render as text: ISO 8601 with microseconds and the zone offset.
const DateTimeLayout = "2006-01-02T15:04:05.000000Z07:00"

// String renders the datetime as ISO 8601 with microseconds, in its own zone.
func (d DateTime) String() string { return d.Time.Format(DateTimeLayout) }

// TimeOfDay is a time of day with no date or zone.
type TimeOfDay struct {
	Hour, Minute, Second, Nanosecond int
}

// Kind implements Value.
func (TimeOfDay) Kind() Kind { return KindTime }

// TimeOf returns the time of day of t.
func TimeOf(t time.Time) TimeOfDay {
	return TimeOfDay{t.Hour(), t.Minute(), t.Second(), t.Nanosecond()}
}

// String renders the time as HH:MM:SS.ffffff.
func (t TimeOfDay) String() string {
	return fmt.Sprintf("%02d:%02d:%02d.%06d", t.Hour, t.Minute, t.Second, t.Nanosecond/1000)
}

// Array is an ordered list of values. Arrays are immutable once built.
type Array struct{ items []Value }

// Kind implements Value.
func (*Array) Kind() Kind { return KindArray }

// NewArray returns an array holding items (not copied: the caller must not change them afterwards).
func NewArray(items ...Value) *Array { return &Array{items} }

// Len returns the number of items.
func (a *Array) Len() int { return len(a.items) }

// Get returns the item at i, which must be in range.
func (a *Array) Get(i int) Value { return a.items[i] }

// Items returns the items; callers must not modify the slice.
func (a *Array) Items() []Value { return a.items }

type objectEntry struct {
	key   string
	value Value
	// deprecated is the warning reading this key gives (see SetDeprecated)
	deprecated string
}

// Object maps names to values. Keys keep the case they were given but are looked up
// case-insensitively. An object may have a default value, which stands for the object when it is
// rendered as text, compared or converted (goflow's `__default__`): `@contact` renders the name.
// Small objects are scanned; big ones (a contact with hundreds of fields) also keep an index by
// lower-cased key, built by Set, so reading never writes and is safe from many goroutines.
type Object struct {
	entries    []objectEntry
	index      map[string]int // lower-cased key -> entry, once the object has more than indexAbove keys
	def        Value
	hasDefault bool
	// jsonDefault: json() serialises the default value instead of the properties (see
	// SetJSONDefault)
	jsonDefault bool
	// result: the object is a flow result, the only kind of object the result tests
	// (has_category, has_intent...) take, as in the reference (see MarkResult)
	result bool
}

// MarkResult marks the object as a flow result (@results.name), which the result tests
// (has_category, has_intent, has_top_intent) require, as the reference does: an object built by
// object() or read from JSON isn't one. It returns the object.
func (o *Object) MarkResult() *Object {
	o.result = true
	return o
}

// SetJSONDefault makes the object serialise as its default value, as goflow does for
// @webhook: `json(webhook)` gives the response body while `webhook.status` still reads a
// property. It returns the object.
func (o *Object) SetJSONDefault() *Object {
	o.jsonDefault = true
	return o
}

const indexAbove = 16

// Kind implements Value.
func (*Object) Kind() Kind { return KindObject }

// NewObject returns an empty object. Fill it with Set.
func NewObject() *Object { return &Object{} }

// NewObjectFrom returns an object holding the pairs of m.
func NewObjectFrom(m map[string]Value) *Object {
	o := &Object{entries: make([]objectEntry, 0, len(m))}
	for k, v := range m {
		o.Set(k, v)
	}
	return o
}

// find returns the position of key: an exact match if there is one, else one equal ignoring case,
// else -1.
func (o *Object) find(key string) int {
	if o.index != nil {
		if i, ok := o.index[key]; ok && o.entries[i].key == key {
			return i
		}
		lower := strings.ToLower(key)
		i, ok := o.index[lower]
		if !ok {
			return -1
		}
		if o.entries[i].key != key && lower != key {
			// keys differing only in case (set by SetExact): look for the exact one
			for j := range o.entries {
				if o.entries[j].key == key {
					return j
				}
			}
		}
		return i
	}
	for i := range o.entries {
		if o.entries[i].key == key {
			return i
		}
	}
	for i := range o.entries {
		if strings.EqualFold(o.entries[i].key, key) {
			return i
		}
	}
	return -1
}

// Set sets key to v, replacing any key equal to it ignoring case. Objects are built with Set and
// then only read; Set is not safe for concurrent use.
func (o *Object) Set(key string, v Value) *Object {
	if i := o.find(key); i >= 0 {
		o.entries[i].value = v
		return o
	}
	o.add(key, v)
	return o
}

// SetDeprecated sets key to v and marks the key deprecated: an expression that reads it (a.key,
// a["key"], or a root name) still gets v, and the evaluation records warning (see
// EvalContext.TakeWarnings). Serialising or listing the object gives no warning.
func (o *Object) SetDeprecated(key string, v Value, warning string) *Object {
	o.Set(key, v)
	o.entries[o.find(key)].deprecated = warning
	return o
}

// lookupWarn is Get for an expression's lookup: it also records the key's deprecation warning.
func (o *Object) lookupWarn(ctx *EvalContext, key string) (Value, bool) {
	i := o.find(key)
	if i < 0 {
		return nil, false
	}
	if w := o.entries[i].deprecated; w != "" {
		ctx.warn(w)
	}
	return o.entries[i].value, true
}

// SetExact sets key to v, replacing only a key spelled exactly the same: keys differing in case
// are kept apart, as in objects built by object() or read from JSON. Lookups still ignore case.
func (o *Object) SetExact(key string, v Value) *Object {
	for i := range o.entries {
		if o.entries[i].key == key {
			o.entries[i].value = v
			return o
		}
	}
	o.add(key, v)
	return o
}

func (o *Object) add(key string, v Value) {
	o.entries = append(o.entries, objectEntry{key: key, value: v})
	switch {
	case o.index != nil:
		if _, taken := o.index[strings.ToLower(key)]; !taken {
			o.index[strings.ToLower(key)] = len(o.entries) - 1
		}
	case len(o.entries) > indexAbove:
		o.index = make(map[string]int, len(o.entries)*2)
		for i, e := range o.entries {
			if _, taken := o.index[strings.ToLower(e.key)]; !taken {
				o.index[strings.ToLower(e.key)] = i
			}
		}
	}
}

// SetDefault gives the object a default value.
func (o *Object) SetDefault(v Value) *Object {
	o.def, o.hasDefault = v, true
	return o
}

// Default returns the object's default value and whether it has one.
func (o *Object) Default() (Value, bool) { return o.def, o.hasDefault }

// Get returns the value of key, compared ignoring case.
func (o *Object) Get(key string) (Value, bool) {
	if i := o.find(key); i >= 0 {
		return o.entries[i].value, true
	}
	return nil, false
}

// Len returns the number of keys.
func (o *Object) Len() int { return len(o.entries) }

// Keys returns the keys in sorted order, which is the order objects render and serialise in.
func (o *Object) Keys() []string {
	keys := make([]string, len(o.entries))
	for i, e := range o.entries {
		keys[i] = e.key
	}
	sort.Strings(keys)
	return keys
}

// Function is the Go signature of every function callable from an expression, built-in or
// anonymous. See functions.go for the contract.
type Function func(ctx *EvalContext, args []Value) Value

// Func is a function value: a built-in referred to by name (`foreach(list, upper)`) or an
// anonymous function (`(x) => x * 2`).
type Func struct {
	name  string // empty for anonymous functions
	arity int    // number of parameters of an anonymous function, -1 for built-ins
	fn    Function
}

// Kind implements Value.
func (*Func) Kind() Kind { return KindFunction }

// Name returns the function's name, empty for an anonymous function.
func (f *Func) Name() string { return f.name }

// Error is an error value. Errors flow through expressions like any other value, so that
// `is_error(x)` and `default(x, y)` can inspect them; a template renders them as empty text.
type Error struct {
	msg   string
	limit bool // a limit was exceeded: nothing may carry on past it
}

// Kind implements Value.
func (*Error) Kind() Kind { return KindError }

// Error implements error.
func (e *Error) Error() string { return e.msg }

// Limit reports whether the error is an exceeded limit (work budget, output size, nesting).
// Functions that accept errors, like default(), must pass such errors on rather than replace them.
func (e *Error) Limit() bool { return e.limit }

// NewError returns an error value with a formatted, lower-case message.
func NewError(format string, args ...any) *Error {
	if len(args) == 0 {
		return &Error{msg: format}
	}
	return &Error{msg: fmt.Sprintf(format, args...)}
}

// IsError reports whether v is an error value.
func IsError(v Value) bool {
	_, ok := v.(*Error)
	return ok
}

// Describe names a value for error messages as the reference does: text quoted with its content,
// numbers and booleans as written, functions as `name(...)` (`<anon>(...)` when anonymous), other
// kinds (objects, even with a default value) by their kind.
func Describe(v Value) string {
	switch t := v.(type) {
	case nil:
		return "null"
	case Text:
		return strconv.Quote(string(t))
	case Number:
		return formatDecimal(t.d)
	case Boolean:
		if t {
			return "true"
		}
		return "false"
	case *Func:
		return t.displayName() + "(...)"
	}
	return v.Kind().String()
}

// displayName is how a function value renders as text: its name, or `<anon>`.
func (f *Func) displayName() string {
	if f.name == "" {
		return "<anon>"
	}
	return f.name
}
