package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/flowctl/flowctl/findings"
	"github.com/flowctl/flowctl/internal/jsontree"
)

// InputError is a problem in a JSON input (a saved session, a contact, a trigger, a resume, the
// environment, HTTP mocks): which input, the JSON pointer and byte offset of the value at
// fault, and what was expected there, in JSON's words rather than Go's. The offset is relative
// to the input's own bytes, so that a caller holding the input inside a larger file (a scenario,
// run's whole output) can add where it starts there and name that file's line and column.
type InputError struct {
	// Input names the input ("contact", "trigger", "resumes/0"...), empty when the caller
	// knows it.
	Input   string
	Pointer string
	// Offset is where the value starts in the input; -1 when unknown. Line and Col are its
	// position in the input (0 when unknown).
	Offset    int
	Line, Col int
	Msg       string
}

// Error says which input, where in it and what: "contact: 3:11: /name: expected a string, got
// a number".
func (e *InputError) Error() string {
	var b strings.Builder
	if e.Input != "" {
		b.WriteString(e.Input + ": ")
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, "%d:%d: ", e.Line, e.Col)
	}
	if e.Pointer != "" {
		b.WriteString(e.Pointer + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// newInputError makes the error of the value at pointer in data (placed at the nearest existing
// ancestor when the value isn't there).
func newInputError(input string, data []byte, pointer, format string, args ...any) *InputError {
	e := &InputError{Input: input, Pointer: pointer, Offset: -1, Msg: fmt.Sprintf(format, args...)}
	if root, serr := jsontree.Parse(data); serr == nil {
		e.setOffset(data, root.At(pointer).Start)
	}
	return e
}

func (e *InputError) setOffset(data []byte, off int) {
	e.Offset = off
	e.Line, e.Col = findings.NewLines(data).Position(off)
}

// NewInputError makes the error of the value at pointer in data (placed at its nearest
// existing ancestor when it isn't there), for callers that check an input's values themselves.
func NewInputError(data []byte, pointer, format string, args ...any) *InputError {
	return newInputError("", data, pointer, format, args...)
}

// Within re-places an error of an input that sits at pointer, from offset base, in a larger
// document: its pointer and offset become the document's. Position is left for the document's
// owner to compute.
func (e *InputError) Within(pointer string, base int) *InputError {
	out := *e
	out.Pointer = pointer + e.Pointer
	if out.Offset >= 0 {
		out.Offset += base
	} else {
		out.Offset = base
	}
	out.Line, out.Col = 0, 0
	return &out
}

// asInputError turns an error met reading an input into an *InputError of that input: one that
// is one already gets the input's name; a message that starts with a JSON pointer ("/type: ...",
// as the environment's reader words them) is placed at that value.
func asInputError(input string, data []byte, err error) *InputError {
	var ie *InputError
	if errors.As(err, &ie) {
		out := *ie
		out.Input = input
		return &out
	}
	msg := strings.TrimPrefix(err.Error(), input+": ")
	if m := leadingPointer.FindStringSubmatch(msg); m != nil {
		return newInputError(input, data, m[1], "%s", m[2])
	}
	return &InputError{Input: input, Offset: -1, Msg: msg}
}

var leadingPointer = regexp.MustCompile(`^(/[^ :]*): (.*)$`)

// decodeAt decodes the part of an input at pointer into v; its error is placed in the input.
func decodeAt(input string, data []byte, pointer string, v any) *InputError {
	root, serr := jsontree.Parse(data)
	if serr != nil {
		return asInputError(input, data, DecodeJSON(data, v))
	}
	n := root.At(pointer)
	err := DecodeJSON(n.Raw(), v)
	if err == nil {
		return nil
	}
	var ie *InputError
	errors.As(err, &ie)
	out := ie.Within(pointer, n.Start)
	out.Input = input
	out.setOffset(data, out.Offset)
	return out
}

// DecodeJSON decodes data into v. Its error, an *InputError, says where the problem is (the
// value's JSON pointer, offset and line:col) and what was expected, in JSON's words rather than
// Go's types, since the people reading it wrote JSON: a time that isn't one is "expected a time
// like 2025-05-04T12:30:45Z", not Go's time parsing error.
func DecodeJSON(data []byte, v any) error {
	err := json.Unmarshal(data, v)
	if err == nil {
		return nil
	}
	return decodeError(data, reflect.TypeOf(v), err)
}

// decodeError explains why data doesn't decode into a value of type t.
func decodeError(data []byte, t reflect.Type, err error) *InputError {
	root, serr := jsontree.Parse(data)
	if serr != nil {
		e := &InputError{Msg: "invalid JSON: " + serr.Msg}
		e.setOffset(data, serr.Offset)
		return e
	}
	// Decode the parts of the document into the Go types they belong to, and blame the deepest
	// part that fails: Go's errors name struct fields without list indices, or nothing at all
	// when a type's own decoder (a time's) fails.
	at := blame(root, t, "")
	if at == nil {
		at = &blamed{node: root, t: t, err: err}
	}
	e := &InputError{Pointer: at.pointer, Msg: explain(at)}
	e.setOffset(data, at.node.Start)
	return e
}

// blamed is the part of a document that doesn't decode.
type blamed struct {
	node    *jsontree.Node
	pointer string
	t       reflect.Type
	err     error
}

var (
	timeType        = reflect.TypeOf(time.Time{})
	unmarshalerType = reflect.TypeOf((*json.Unmarshaler)(nil)).Elem()
)

// blame returns the deepest part of n that doesn't decode into t, or nil when n decodes.
func blame(n *jsontree.Node, t reflect.Type, pointer string) *blamed {
	err := json.Unmarshal(n.Raw(), reflect.New(t).Interface())
	if err == nil {
		return nil
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if !reflect.PointerTo(t).Implements(unmarshalerType) {
		switch {
		case t.Kind() == reflect.Struct && n.Kind == jsontree.Object:
			for _, m := range n.Members {
				if f, ok := fieldFor(t, m.Key); ok {
					if b := blame(m.Value, f.Type, pointer+"/"+jsontree.EscapePointerToken(m.Key)); b != nil {
						return b
					}
				}
			}
		case t.Kind() == reflect.Map && n.Kind == jsontree.Object:
			for _, m := range n.Members {
				if b := blame(m.Value, t.Elem(), pointer+"/"+jsontree.EscapePointerToken(m.Key)); b != nil {
					return b
				}
			}
		case (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) && n.Kind == jsontree.Array:
			for i, it := range n.Items {
				if b := blame(it, t.Elem(), pointer+"/"+strconv.Itoa(i)); b != nil {
					return b
				}
			}
		}
	}
	return &blamed{node: n, pointer: pointer, t: t, err: err}
}

// fieldFor finds the struct field a JSON key decodes into, as encoding/json does: by its json
// name (or Go name), exactly first, then ignoring case; fields of embedded structs count.
func fieldFor(t reflect.Type, key string) (reflect.StructField, bool) {
	var fold *reflect.StructField
	var walk func(t reflect.Type) (reflect.StructField, bool)
	walk = func(t reflect.Type) (reflect.StructField, bool) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if f.Anonymous && name == "" {
				et := f.Type
				if et.Kind() == reflect.Pointer {
					et = et.Elem()
				}
				if et.Kind() == reflect.Struct {
					if sf, ok := walk(et); ok {
						return sf, true
					}
				}
				continue
			}
			if !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			if name == key {
				return f, true
			}
			if fold == nil && strings.EqualFold(name, key) {
				fold = &f
			}
		}
		return reflect.StructField{}, false
	}
	if f, ok := walk(t); ok {
		return f, true
	}
	if fold != nil {
		return *fold, true
	}
	return reflect.StructField{}, false
}

// explain words why a value doesn't decode.
func explain(b *blamed) string {
	got := describeNode(b.node)
	if b.t == timeType {
		return "expected a time like 2025-05-04T12:30:45Z, got " + got
	}
	var te *json.UnmarshalTypeError
	if errors.As(b.err, &te) || strings.HasPrefix(b.err.Error(), "json: ") {
		return "expected " + jsonKind(b.t) + ", got " + got
	}
	// a type's own decoder said what is wrong
	return strings.TrimPrefix(b.err.Error(), "json: ")
}

// describeNode names a value for "got ..." in messages: its kind, and a number or short string
// itself.
func describeNode(n *jsontree.Node) string {
	switch n.Kind {
	case jsontree.Null:
		return "null"
	case jsontree.Number:
		return "the number " + n.Text
	case jsontree.String:
		if len(n.Text) <= 40 {
			return strconv.Quote(n.Text)
		}
		return "a string"
	}
	return n.Kind.String()
}

// jsonKind names the JSON a Go type decodes from.
func jsonKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Map, reflect.Struct:
		return "an object"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	}
	return "another kind of value"
}

// goCallPrefix is how Go's own encoders start their errors ("Time.MarshalJSON: ").
var goCallPrefix = regexp.MustCompile(`^(json: )?([A-Za-z_][A-Za-z0-9_]*\.)?(Marshal|Unmarshal)(JSON|Text): `)

// EncodeError words why a value couldn't be written as JSON in a user's terms, without Go's
// type names. The case a run meets is a time past year 9999, which a flow reaches by adding
// to the clock (a wait or expiry centuries away).
func EncodeError(err error) string {
	var me *json.MarshalerError
	if errors.As(err, &me) {
		err = me.Unwrap()
	}
	var ue *json.UnsupportedValueError
	if errors.As(err, &ue) {
		return "the value " + ue.Str + " has no JSON form"
	}
	msg := err.Error()
	if strings.Contains(msg, "year outside of range") {
		return "a time in it falls outside the years 0 to 9999 that JSON timestamps can hold"
	}
	return goCallPrefix.ReplaceAllString(msg, "")
}
