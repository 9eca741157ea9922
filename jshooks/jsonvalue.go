package jshooks

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/dop251/goja"

	"github.com/flowctl/flowctl/flows/runtime"
)

// jsonParser reads the JSON that encoding/json wrote (so valid JSON: anything else is an error
// rather than a guess) into values of hook code. The JavaScript engine's JSON.parse goes through
// a token decoder, converts everything and costs several times more, and every hooked action
// pays for this.
type jsonParser struct {
	r    *Runtime
	data []byte
	i    int
}

func (p *jsonParser) fail(what string) error {
	return fmt.Errorf("internal error converting JSON for hook code at byte %d: %s", p.i, what)
}

func (p *jsonParser) space() {
	for p.i < len(p.data) {
		switch p.data[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *jsonParser) value() (goja.Value, error) {
	p.space()
	if p.i >= len(p.data) {
		return nil, p.fail("unexpected end")
	}
	vm := p.r.vm
	switch c := p.data[p.i]; {
	case c == '{':
		return p.lazyObject()
	case c == '[':
		return p.lazyArray()
	case c == '"':
		s, err := p.str()
		if err != nil {
			return nil, err
		}
		return vm.ToValue(s), nil
	case c == 't' && p.literal("true"):
		return vm.ToValue(true), nil
	case c == 'f' && p.literal("false"):
		return vm.ToValue(false), nil
	case c == 'n' && p.literal("null"):
		return goja.Null(), nil
	case c == '-' || c >= '0' && c <= '9':
		start := p.i
		for p.i < len(p.data) {
			switch d := p.data[p.i]; {
			case d >= '0' && d <= '9', d == '-', d == '+', d == '.', d == 'e', d == 'E':
				p.i++
				continue
			}
			break
		}
		f, err := strconv.ParseFloat(string(p.data[start:p.i]), 64)
		if err != nil {
			return nil, p.fail("bad number")
		}
		if i := int64(f); float64(i) == f {
			return vm.ToValue(i), nil
		}
		return vm.ToValue(f), nil
	}
	return nil, p.fail("unexpected character")
}

func (p *jsonParser) literal(word string) bool {
	if len(p.data)-p.i >= len(word) && string(p.data[p.i:p.i+len(word)]) == word {
		p.i += len(word)
		return true
	}
	return false
}

// str reads a string; only strings with escapes go through encoding/json.
func (p *jsonParser) str() (string, error) {
	start := p.i
	escaped, err := p.rawStr()
	if err != nil {
		return "", err
	}
	if !escaped {
		return string(p.data[start+1 : p.i-1]), nil
	}
	var s string
	if err := json.Unmarshal(p.data[start:p.i], &s); err != nil {
		return "", p.fail("bad string")
	}
	return s, nil
}

// skip moves past one value without building it, returning its text.
func (p *jsonParser) skip() ([]byte, error) {
	p.space()
	start := p.i
	if p.i >= len(p.data) {
		return nil, p.fail("unexpected end")
	}
	switch c := p.data[p.i]; c {
	case '"':
		if _, err := p.rawStr(); err != nil {
			return nil, err
		}
	case '{', '[':
		depth := 0
		for p.i < len(p.data) {
			switch p.data[p.i] {
			case '"':
				if _, err := p.rawStr(); err != nil {
					return nil, err
				}
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
			}
			p.i++
			if depth == 0 {
				return p.data[start:p.i], nil
			}
		}
		return nil, p.fail("unterminated value")
	default:
		for p.i < len(p.data) {
			switch p.data[p.i] {
			case ',', '}', ']', ' ', '\t', '\n', '\r':
				return p.data[start:p.i], nil
			}
			p.i++
		}
	}
	return p.data[start:p.i], nil
}

// rawStr moves past a string, reporting whether it has escapes.
func (p *jsonParser) rawStr() (bool, error) {
	p.i++
	escaped := false
	for p.i < len(p.data) {
		switch p.data[p.i] {
		case '\\':
			escaped = true
			p.i += 2
			continue
		case '"':
			p.i++
			return escaped, nil
		}
		p.i++
	}
	return false, p.fail("unterminated string")
}

// Lazy values: hook code gets actions, events and what ctx tells as read-only objects whose
// properties are converted from their JSON when first read. Most hooks read a field or two, so
// most of a value is never converted; and being read-only, an action object can be shared by
// every listener of the action.

// readOnly is thrown when hook code assigns to a lazy value.
func (r *Runtime) readOnly(what string) {
	r.throw("%s is read-only: actions, events and what ctx tells can't be changed in place; to run an action differently, replace it (replaceAction) and pass a changed copy ({...action, text: \"...\"}) to original", what)
}

// lazyValue is the read-only value of a JSON text.
func (r *Runtime) lazyValue(data []byte) (goja.Value, error) {
	p := &jsonParser{r: r, data: data}
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i != len(p.data) {
		return nil, p.fail("trailing data")
	}
	return v, nil
}

func (p *jsonParser) lazyObject() (goja.Value, error) {
	shape, err := p.shape()
	if err != nil {
		return nil, err
	}
	return p.r.object(shape), nil
}

// objectShape is a JSON object's members, in their order, unconverted. It is immutable, so the
// shapes of a flow's actions are shared by the runtimes of every simulation of a process.
type objectShape struct {
	keys []string
	raws [][]byte
}

// scanObject reads the members of the JSON object data.
func scanObject(data []byte) (*objectShape, error) {
	p := &jsonParser{data: data}
	p.space()
	if p.i >= len(data) || data[p.i] != '{' {
		return nil, p.fail("expected an object")
	}
	return p.shape()
}

// shape reads the members of the object at p.i.
func (p *jsonParser) shape() (*objectShape, error) {
	o := &objectShape{keys: make([]string, 0, 8), raws: make([][]byte, 0, 8)}
	p.i++
	for {
		p.space()
		if p.i < len(p.data) && p.data[p.i] == '}' {
			break
		}
		if p.i < len(p.data) && p.data[p.i] == ',' {
			p.i++
			p.space()
		}
		if p.i >= len(p.data) || p.data[p.i] != '"' {
			return nil, p.fail("expected a key")
		}
		key, err := p.str()
		if err != nil {
			return nil, err
		}
		p.space()
		if p.i >= len(p.data) || p.data[p.i] != ':' {
			return nil, p.fail("expected ':'")
		}
		p.i++
		raw, err := p.skip()
		if err != nil {
			return nil, err
		}
		o.keys = append(o.keys, key)
		o.raws = append(o.raws, raw)
	}
	p.i++ // }
	return o, nil
}

// object is the read-only object of a shape in this runtime.
func (r *Runtime) object(shape *objectShape) goja.Value {
	return r.vm.NewDynamicObject(&lazyObject{readOnlyObject: readOnlyObject{r}, shape: shape})
}

func (p *jsonParser) lazyArray() (goja.Value, error) {
	a := &lazyArray{r: p.r}
	p.i++
	for {
		p.space()
		if p.i < len(p.data) && p.data[p.i] == ']' {
			break
		}
		if p.i < len(p.data) && p.data[p.i] == ',' {
			p.i++
		}
		raw, err := p.skip()
		if err != nil {
			return nil, err
		}
		a.raws = append(a.raws, raw)
	}
	p.i++ // ]
	return p.r.vm.NewDynamicArray(a), nil
}

// lazyObject is a read-only object over a JSON object's members, converted when first read.
type lazyObject struct {
	readOnlyObject
	shape *objectShape
	vals  []goja.Value
}

func (o *lazyObject) index(key string) int {
	for i, k := range o.shape.keys {
		if k == key {
			return i
		}
	}
	return -1
}

func (o *lazyObject) Get(key string) goja.Value {
	i := o.index(key)
	if i < 0 {
		return nil
	}
	if o.vals == nil {
		o.vals = make([]goja.Value, len(o.shape.keys))
	}
	if o.vals[i] == nil {
		v, err := o.r.lazyValue(o.shape.raws[i])
		if err != nil {
			panic(err)
		}
		o.vals[i] = v
	}
	return o.vals[i]
}

func (o *lazyObject) Has(key string) bool { return o.index(key) >= 0 }

func (o *lazyObject) Keys() []string { return o.shape.keys }

// readOnlyObject refuses changes to the object hook code was given.
type readOnlyObject struct{ r *Runtime }

func (o readOnlyObject) Set(string, goja.Value) bool {
	o.r.readOnly("this object")
	return false
}

func (o readOnlyObject) Delete(string) bool {
	o.r.readOnly("this object")
	return false
}

// lazyArray is a read-only array over a JSON array's items, or over events, which are written as
// JSON only when read.
type lazyArray struct {
	r      *Runtime
	raws   [][]byte
	events []runtime.Event
	vals   []goja.Value
}

func (a *lazyArray) Len() int {
	if a.events != nil {
		return len(a.events)
	}
	return len(a.raws)
}

func (a *lazyArray) Get(i int) goja.Value {
	if i < 0 || i >= a.Len() {
		return nil
	}
	if a.vals == nil {
		a.vals = make([]goja.Value, a.Len())
	}
	if a.vals[i] == nil {
		var raw []byte
		if a.events != nil {
			var err error
			if raw, err = json.Marshal(a.events[i]); err != nil {
				panic(fmt.Errorf("event %s can't be written as JSON: %v", a.events[i].Type(), err))
			}
		} else {
			raw = a.raws[i]
		}
		v, err := a.r.lazyValue(raw)
		if err != nil {
			panic(err)
		}
		a.vals[i] = v
	}
	return a.vals[i]
}

func (a *lazyArray) Set(int, goja.Value) bool {
	a.r.readOnly("this array")
	return false
}

func (a *lazyArray) SetLen(int) bool {
	a.r.readOnly("this array")
	return false
}
