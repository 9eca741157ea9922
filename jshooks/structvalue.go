package jshooks

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"unicode"

	"github.com/dop251/goja"
)

// Actions reach hook code as the JSON they are written as (see actionValue). Writing a whole
// action as JSON, to read one field of it, was most of what hooking an action cost the first
// time a process met the action (a flowctl run meets each action once): so an action of a plain
// struct type is read through a plan of its type instead, made once per type, which says which
// field each member of its JSON comes from, following encoding/json's rules (names from tags,
// omitempty, embedded structs inlined). Members of basic kinds are converted directly; others
// (lists, maps, nested structs, anything with a JSON method) are written as JSON when read,
// alone, exactly as they appear inside the action's JSON. A type the plan can't describe
// exactly (a JSON method of its own, a name two fields claim, the ",string" option) is written
// whole as JSON as before.

// member is one member of a struct's JSON.
type member struct {
	name      string
	index     []int
	omitEmpty bool
	// direct: the field is a string, bool or signed integer of a type without JSON or text
	// methods, converted without writing JSON
	direct reflect.Kind
}

// structPlan lists the members of a struct type's JSON in the order encoding/json writes them.
type structPlan struct {
	members []member
}

// structPlans caches the plan of each struct type (nil: write it whole as JSON).
var structPlans sync.Map // reflect.Type → *structPlan

var (
	jsonMarshaler = reflect.TypeFor[json.Marshaler]()
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
)

// hasMethods reports whether values of t write themselves (JSON or text methods, on the value or
// its pointer).
func hasMethods(t reflect.Type) bool {
	pt := reflect.PointerTo(t)
	return t.Implements(jsonMarshaler) || t.Implements(textMarshaler) || pt.Implements(jsonMarshaler) || pt.Implements(textMarshaler)
}

// planOf returns the plan of the struct type t points to, or nil when t isn't a pointer to a
// struct that a plan describes exactly.
func planOf(t reflect.Type) *structPlan {
	if p, ok := structPlans.Load(t); ok {
		return p.(*structPlan)
	}
	var plan *structPlan
	if t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct && !hasMethods(t.Elem()) {
		plan = &structPlan{}
		if !plan.add(t.Elem(), nil, map[reflect.Type]bool{}) || !plan.unique() {
			plan = nil
		}
	}
	structPlans.Store(t, plan)
	return plan
}

// add appends the members of struct type t (at index path at) and reports whether the plan
// describes them exactly.
func (p *structPlan) add(t reflect.Type, at []int, seen map[reflect.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	defer delete(seen, t)
	for i := range t.NumField() {
		f := t.Field(i)
		tag, hasTag := f.Tag.Lookup("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		index := append(append([]int(nil), at...), i)
		if f.Anonymous {
			ft := f.Type
			if name == "" && ft.Kind() == reflect.Struct {
				// an embedded struct's members are inlined, whether its type is exported or not
				if hasMethods(ft) || !p.add(ft, index, seen) {
					return false
				}
				continue
			}
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if !f.IsExported() && ft.Kind() != reflect.Struct {
				continue // encoding/json ignores it
			}
			// an embedded pointer, or one named by its tag: rare, and with rules of their own
			return false
		}
		if !f.IsExported() {
			continue
		}
		if name == "" || (hasTag && !validName(name)) {
			if name != "" {
				return false
			}
			name = f.Name
		}
		m := member{name: name, index: index}
		for _, o := range strings.Split(opts, ",") {
			switch o {
			case "omitempty":
				m.omitEmpty = true
			case "":
			default:
				// ",string", ",omitzero" and what Go may add: not worth copying their rules
				return false
			}
		}
		if !hasMethods(f.Type) {
			switch k := f.Type.Kind(); k {
			case reflect.String, reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
				m.direct = k
			}
		}
		p.members = append(p.members, m)
	}
	return true
}

// validName reports whether encoding/json takes a tag's name as written (letters, digits and
// most punctuation); it falls back to the field's name otherwise, which the plan doesn't follow.
func validName(s string) bool {
	for _, c := range s {
		if !strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c) && !unicode.IsLetter(c) && !unicode.IsDigit(c) {
			return false
		}
	}
	return true
}

// unique reports whether no two members share a name (encoding/json would then pick by depth
// and tags, or drop both).
func (p *structPlan) unique() bool {
	seen := map[string]bool{}
	for _, m := range p.members {
		if seen[m.name] {
			return false
		}
		seen[m.name] = true
	}
	return true
}

// empty is encoding/json's test for omitempty.
func empty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool:
		return !v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() == 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() == 0
	case reflect.Float32, reflect.Float64:
		return v.Float() == 0
	case reflect.Interface, reflect.Pointer:
		return v.IsNil()
	}
	return false
}

// structObject is the read-only object of a struct through its plan: members are converted
// when first read, like lazyObject's.
type structObject struct {
	readOnlyObject
	v    reflect.Value // the struct, addressable
	plan *structPlan
	// read are the members read so far (hooks read one or two of an action's)
	read []readMember
	keys []string
}

type readMember struct {
	i int
	v goja.Value
}

// structValue is the object of the struct ptr points to, or nil when its type has no plan.
func (r *Runtime) structValue(ptr any) goja.Value {
	v := reflect.ValueOf(ptr)
	plan := planOf(v.Type())
	if plan == nil || v.IsNil() {
		return nil
	}
	return r.vm.NewDynamicObject(&structObject{readOnlyObject: readOnlyObject{r}, v: v.Elem(), plan: plan})
}

// find returns the index of the member named key that the struct has (omitempty members that
// are empty are left out of its JSON), or -1.
func (o *structObject) find(key string) int {
	for i := range o.plan.members {
		m := &o.plan.members[i]
		if m.name == key {
			if m.omitEmpty && empty(o.v.FieldByIndex(m.index)) {
				return -1
			}
			return i
		}
	}
	return -1
}

func (o *structObject) Get(key string) goja.Value {
	i := o.find(key)
	if i < 0 {
		return nil
	}
	for _, m := range o.read {
		if m.i == i {
			return m.v
		}
	}
	v := o.convert(&o.plan.members[i])
	o.read = append(o.read, readMember{i, v})
	return v
}

// convert makes the value of a member: directly for basic kinds, else from its JSON.
func (o *structObject) convert(m *member) goja.Value {
	f := o.v.FieldByIndex(m.index)
	vm := o.r.vm
	switch m.direct {
	case reflect.String:
		// invalid UTF-8 reads as U+FFFD in hook code, as encoding/json writes it (a test pins it)
		return vm.ToValue(f.String())
	case reflect.Bool:
		return vm.ToValue(f.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return vm.ToValue(f.Int())
	}
	data, err := json.Marshal(f.Addr().Interface())
	if err != nil {
		panic(fmt.Errorf("member %s can't be written as JSON: %v", m.name, err))
	}
	v, err := o.r.lazyValue(data)
	if err != nil {
		panic(err)
	}
	return v
}

func (o *structObject) Has(key string) bool { return o.find(key) >= 0 }

func (o *structObject) Keys() []string {
	if o.keys == nil {
		o.keys = make([]string, 0, len(o.plan.members))
		for i := range o.plan.members {
			m := &o.plan.members[i]
			if !m.omitEmpty || !empty(o.v.FieldByIndex(m.index)) {
				o.keys = append(o.keys, m.name)
			}
		}
	}
	return o.keys
}
