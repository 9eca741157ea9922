package actions

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
)

// CustomType is an action type that a platform has and goflow hasn't (Glific's
// send_interactive_msg, say), declared at run time rather than built in: its name, a JSON
// Schema for its own fields (every field but type and uuid) and the custom event types it may
// log. What it does is registered with the engine (engine.Hooks.RegisterAction).
type CustomType struct {
	Name string
	// Schema is the JSON Schema of the action's own fields, as declared.
	Schema json.RawMessage
	// FlowTypes are the flow types the action may appear in (nil: all).
	FlowTypes []flows.FlowType
	// Events are the custom event types the action may log, besides built-in ones.
	Events []string
	// Templates are the fields that hold @-templates, as paths of member names separated by
	// dots ("text", "value.name"); a list on the way stands for each of its items.
	Templates []string
	// Source says where the type was declared (a hooks file's path:line:col), for messages.
	Source string

	compiled *jsonschema.Schema
}

// NewCustomType checks a declaration: the name must be a new action type name in snake case,
// and the schema (nil for "any fields") a JSON Schema describing an object.
func NewCustomType(name string, schema json.RawMessage, source string) (*CustomType, error) {
	if !validTypeName(name) {
		return nil, fmt.Errorf("action type name %q must be lower-case letters, digits and underscores, starting with a letter (like send_msg)", name)
	}
	if canonical, renamed := Canonical(name); renamed {
		return nil, fmt.Errorf("%s is the old name of the built-in action type %s; choose another name", name, canonical)
	}
	if _, builtin := Lookup(name); builtin {
		return nil, fmt.Errorf("%s is a built-in action type: to change what it does, replace it (replaceAction) instead", name)
	}
	t := &CustomType{Name: name, Schema: schema, Source: source}
	if len(bytes.TrimSpace(schema)) == 0 || string(bytes.TrimSpace(schema)) == "null" {
		return t, nil
	}
	var probe any
	if err := json.Unmarshal(schema, &probe); err != nil {
		return nil, fmt.Errorf("the schema of %s is not valid JSON: %v", name, err)
	}
	if _, isObj := probe.(map[string]any); !isObj {
		if _, isBool := probe.(bool); !isBool {
			return nil, fmt.Errorf("the schema of %s must be a JSON Schema object, found %s", name, string(schema))
		}
	}
	s, err := compileSchema(schema)
	if err != nil {
		return nil, fmt.Errorf("the schema of %s doesn't compile: %s", name, strings.TrimPrefix(err.Error(), "jsonschema: "))
	}
	t.compiled = s
	return t, nil
}

// schemas caches compiled schemas by their text: every simulation of a test suite declares the
// same types again, and compiling a schema (checking it against the draft's meta-schema) costs
// milliseconds. A compiled schema is safe for concurrent use.
var schemas sync.Map // string → *jsonschema.Schema

// ForgetCompiledSchemas empties the cache of compiled schemas, so that benchmarks can measure a
// process's first declarations.
func ForgetCompiledSchemas() { schemas.Clear() }

func compileSchema(schema json.RawMessage) (*jsonschema.Schema, error) {
	if s, ok := schemas.Load(string(schema)); ok {
		return s.(*jsonschema.Schema), nil
	}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	const url = "flowctl:custom-action"
	if err := c.AddResource(url, bytes.NewReader(schema)); err != nil {
		return nil, err
	}
	s, err := c.Compile(url)
	if err != nil {
		return nil, err
	}
	schemas.Store(string(schema), s)
	return s, nil
}

func validTypeName(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// Validate checks an action's own fields against the type's schema. The error, when there is
// one, is the schema library's *jsonschema.ValidationError, whose instance locations are
// relative to the action.
func (t *CustomType) Validate(fields map[string]any) error {
	if t.compiled == nil {
		return nil
	}
	return t.compiled.Validate(fields)
}

// Dialect is a set of custom action types: what a platform derived from goflow adds to it.
// The zero value and nil are empty dialects.
type Dialect struct {
	types map[string]*CustomType
}

// Add declares a type; declaring a name twice is an error naming where it was first declared.
func (d *Dialect) Add(t *CustomType) error {
	if prev, dup := d.types[t.Name]; dup {
		at := ""
		if prev.Source != "" {
			at = " at " + prev.Source
		}
		return fmt.Errorf("action type %s is already registered%s", t.Name, at)
	}
	if d.types == nil {
		d.types = map[string]*CustomType{}
	}
	d.types[t.Name] = t
	return nil
}

// Lookup returns the declared type of that name.
func (d *Dialect) Lookup(name string) (*CustomType, bool) {
	if d == nil {
		return nil, false
	}
	t, ok := d.types[name]
	return t, ok
}

// Fingerprint identifies the dialect's declarations (names and schemas), for caches of flows
// read with it; "" for an empty dialect.
func (d *Dialect) Fingerprint() string {
	names := d.Names()
	if len(names) == 0 {
		return ""
	}
	h := sha256.New()
	for _, n := range names {
		t := d.types[n]
		fmt.Fprintf(h, "%s\x00%s\x00%v\x00", n, t.Schema, t.FlowTypes)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Names returns the declared type names, sorted.
func (d *Dialect) Names() []string {
	if d == nil {
		return nil
	}
	names := make([]string, 0, len(d.types))
	for n := range d.types {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Custom is an action of a custom type as read from a flow file: its type and UUID, and every
// other field as generic JSON values, which the type's schema checks.
type Custom struct {
	base
	Fields map[string]any `json:"-"`
	// Def is the type's declaration.
	Def *CustomType `json:"-"`
}

// NewCustom makes an action of a custom type from its JSON object (type and uuid included).
func NewCustom(def *CustomType, obj map[string]any) *Custom {
	a := &Custom{base: newBase(def.Name), Def: def, Fields: make(map[string]any, len(obj))}
	for k, v := range obj {
		switch k {
		case "type":
		case "uuid":
			a.UUID_, _ = v.(string)
		default:
			a.Fields[k] = v
		}
	}
	return a
}

// Templates reports the strings at the paths the type declares as templates, so that validate
// checks them like the templates of built-in types.
func (a *Custom) Templates(fn func(pointer, template string)) {
	if a.Def == nil {
		return
	}
	var walk func(v any, path []string, ptr string)
	walk = func(v any, path []string, ptr string) {
		switch x := v.(type) {
		case string:
			if len(path) == 0 && x != "" {
				fn(ptr, x)
			}
		case []any:
			for i, item := range x {
				walk(item, path, ptr+"/"+strconv.Itoa(i))
			}
		case map[string]any:
			if len(path) > 0 {
				if m, ok := x[path[0]]; ok {
					walk(m, path[1:], ptr+"/"+flows.EscapePointerToken(path[0]))
				}
			}
		}
	}
	for _, t := range a.Def.Templates {
		walk(map[string]any(a.Fields), strings.Split(t, "."), "")
	}
}

// AllowedFlowTypes lists the flow types the type was declared for (all by default).
func (a *Custom) AllowedFlowTypes() []flows.FlowType {
	if a.Def != nil && len(a.Def.FlowTypes) > 0 {
		return a.Def.FlowTypes
	}
	return flows.AllFlowTypes
}

// MarshalJSON writes the action as it appears in a flow file: type, uuid, then its fields.
func (a *Custom) MarshalJSON() ([]byte, error) {
	head, err := json.Marshal(&a.base)
	if err != nil {
		return nil, err
	}
	return runtime.AppendFields(head, a.Fields)
}
