package read

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/flowctl/flowctl/actions"
	"github.com/flowctl/flowctl/flows"
	"github.com/shopspring/decimal"
)

// decoder fills typed structs from the generic values of the scan, reporting every value of the
// wrong JSON type at its pointer and carrying on, where encoding/json would stop at the first.
type decoder struct {
	doc  *Document
	path []string // escaped pointer tokens from the document root

	// context for findings
	flowUUID, nodeUUID, actionUUID string
	// version is the spec version of the flow being decoded, for migrating its actions.
	version version
	// versioned says the flow being decoded states its spec_version
	versioned bool
	// dialect declares the custom action types to read (nil: none)
	dialect *actions.Dialect
	// mediaURL is the base URL legacy flows' relative media URLs are joined to ("": the default)
	mediaURL string
	// engineAssets is set for an assets document (not an export): its assets are checked as
	// strictly as the engine reads them when it starts a session.
	engineAssets bool
}

func (d *decoder) pointer() string {
	if len(d.path) == 0 {
		return ""
	}
	return "/" + strings.Join(d.path, "/")
}

func (d *decoder) push(tok string) { d.path = append(d.path, tok) }
func (d *decoder) pushIndex(i int) { d.path = append(d.path, strconv.Itoa(i)) }
func (d *decoder) pop()            { d.path = d.path[:len(d.path)-1] }

// errorf reports an error finding at the current pointer.
func (d *decoder) errorf(code, format string, args ...any) {
	d.report(flows.SeverityError, code, d.pointer(), fmt.Sprintf(format, args...))
}

func (d *decoder) report(sev flows.Severity, code, pointer, msg string) {
	d.doc.Findings = append(d.doc.Findings, flows.Finding{
		Severity: sev, Code: code, Message: msg, Pointer: pointer,
		FlowUUID: d.flowUUID, NodeUUID: d.nodeUUID, ActionUUID: d.actionUUID,
	})
}

var (
	rawMessageType  = reflect.TypeFor[json.RawMessage]()
	unmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	nodeType        = reflect.TypeFor[flows.Node]()
	localizationTyp = reflect.TypeFor[flows.Localization]()
	decimalType     = reflect.TypeFor[decimal.Decimal]()
)

// jsonKind names the JSON type of a generic value for messages.
func jsonKind(g any) string {
	switch g.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case float64:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", g)
}

func (d *decoder) wrongType(expected string, g any) {
	d.errorf(CodeWrongType, "expected %s, found %s", expected, jsonKind(g))
}

// rawOf returns the source bytes of the value g at the current pointer; for a value that isn't
// in the source (a legacy flow's migration made it), g encoded.
func (d *decoder) rawOf(g any) []byte {
	if d.doc.migrated == nil {
		return d.doc.raw(d.pointer())
	}
	for ptr := range d.doc.migrated {
		if p := d.pointer(); p == ptr || strings.HasPrefix(p, ptr+"/") {
			b, _ := json.Marshal(g)
			return b
		}
	}
	return d.doc.raw(d.pointer())
}

// notIntegerLiteral reports a whole number written with a fraction or an exponent (10080.0,
// 1e4) where an integer is expected: Go's JSON reader, the engine's, takes only digits there.
func (d *decoder) notIntegerLiteral(g any) bool {
	raw := d.rawOf(g)
	if !bytes.ContainsAny(raw, ".eE") {
		return false
	}
	d.errorf(CodeInvalidValue, "expected an integer written with digits only, found %s: the engine reads no fraction or exponent here", raw)
	return true
}

// decode stores the generic value g into rv, which must be settable.
func (d *decoder) decode(g any, rv reflect.Value) {
	t := rv.Type()
	if t == rawMessageType {
		if g != nil {
			rv.SetBytes(d.rawOf(g))
		}
		return
	}
	if t.Kind() != reflect.Pointer && t.Kind() != reflect.Interface && reflect.PointerTo(t).Implements(unmarshalerType) {
		if g == nil {
			return
		}
		if t == decimalType {
			// the engine's decimals read a number or text holding one ("3.5", "1e3"), which
			// UnmarshalJSON parses below
			switch g.(type) {
			case float64, string:
			default:
				d.wrongType("a number", g)
				return
			}
		}
		raw := d.rawOf(g)
		if err := rv.Addr().Interface().(json.Unmarshaler).UnmarshalJSON(raw); err != nil {
			d.errorf(CodeInvalidValue, "invalid value %s: %v", raw, err)
		}
		return
	}
	if t == localizationTyp {
		d.decodeLocalization(g, rv)
		return
	}
	switch t.Kind() {
	case reflect.Pointer:
		if g == nil {
			rv.SetZero()
			return
		}
		p := reflect.New(t.Elem())
		d.decode(g, p.Elem())
		rv.Set(p)
	case reflect.Interface:
		if t.NumMethod() == 0 && g != nil {
			rv.Set(reflect.ValueOf(g))
		}
	case reflect.String:
		if s, ok := g.(string); ok {
			rv.SetString(s)
		} else if g != nil {
			d.wrongType("a string", g)
		}
	case reflect.Bool:
		if b, ok := g.(bool); ok {
			rv.SetBool(b)
		} else if g != nil {
			d.wrongType("a boolean", g)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		f, ok := g.(float64)
		switch {
		case g == nil:
		case !ok:
			d.wrongType("an integer", g)
		case f != math.Trunc(f) || rv.OverflowInt(int64(f)) || math.Abs(f) > 1<<53:
			d.errorf(CodeInvalidValue, "expected an integer, found %v", f)
		case d.notIntegerLiteral(g):
		default:
			rv.SetInt(int64(f))
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		f, ok := g.(float64)
		switch {
		case g == nil:
		case !ok:
			d.wrongType("a non-negative integer", g)
		case f < 0 || f != math.Trunc(f) || f > 1<<53 || rv.OverflowUint(uint64(f)):
			d.errorf(CodeInvalidValue, "expected a non-negative integer, found %v", f)
		case d.notIntegerLiteral(g):
		default:
			rv.SetUint(uint64(f))
		}
	case reflect.Float32, reflect.Float64:
		if f, ok := g.(float64); ok {
			rv.SetFloat(f)
		} else if g != nil {
			d.wrongType("a number", g)
		}
	case reflect.Slice:
		arr, ok := d.arrayOf(g)
		if !ok {
			return
		}
		s := reflect.MakeSlice(t, len(arr), len(arr))
		for i, e := range arr {
			d.pushIndex(i)
			d.decode(e, s.Index(i))
			d.pop()
		}
		rv.Set(s)
	case reflect.Map:
		obj, ok := d.objectOf(g, "an object")
		if !ok {
			return
		}
		if t.Key().Kind() != reflect.String {
			return
		}
		m := reflect.MakeMapWithSize(t, len(obj))
		for _, k := range sortedKeys(obj) {
			d.push(flows.EscapePointerToken(k))
			ev := reflect.New(t.Elem()).Elem()
			d.decode(obj[k], ev)
			m.SetMapIndex(reflect.ValueOf(k).Convert(t.Key()), ev)
			d.pop()
		}
		rv.Set(m)
	case reflect.Struct:
		obj, ok := d.objectOf(g, "an object")
		if !ok {
			return
		}
		d.decodeStruct(obj, rv)
	}
}

func (d *decoder) decodeStruct(obj map[string]any, rv reflect.Value) {
	isNode := rv.Type() == nodeType
	if isNode {
		uuid, _ := d.field(obj, "uuid")
		d.nodeUUID, _ = uuid.(string)
		defer func() { d.nodeUUID = "" }()
	}
	for _, f := range structFields(rv.Type()) {
		g, key, ok := d.property(obj, f.name)
		if !ok {
			continue
		}
		d.push(flows.EscapePointerToken(key))
		d.decode(g, rv.FieldByIndex(f.index))
		d.pop()
	}
	if isNode {
		d.decodeActions(obj, rv.Addr().Interface().(*flows.Node))
	}
}

// property finds the value of the property name in obj as the engine does: Go's JSON reader
// matches keys to properties ignoring case, preferring the exact key. Of several keys that
// differ only in case the engine keeps the one that sorts last, since it migrates a flow through
// a map whose keys it writes sorted. A key matched by case alone gets a warning, and the schema
// check sees its value under the property's own name too. It returns the value, the key that
// holds it, and whether there is one.
func (d *decoder) property(obj map[string]any, name string) (any, string, bool) {
	key, ok := keyFor(obj, name)
	if !ok {
		return nil, "", false
	}
	if key == name {
		return obj[key], key, true
	}
	ptr := d.pointer()
	d.report(flows.SeverityWarning, CodeKeyCase, ptr+"/"+flows.EscapePointerToken(key),
		fmt.Sprintf("key '%s' is read as '%s': the engine matches keys ignoring case; write '%s'", key, name, name))
	if d.doc.premigrated == nil {
		d.doc.premigrated = map[string]any{}
	}
	d.doc.premigrated[ptr+"/"+flows.EscapePointerToken(name)] = obj[key]
	return obj[key], key, true
}

// field is property for a lookup that reports nothing (the value's decoding reports it).
func (d *decoder) field(obj map[string]any, name string) (any, bool) {
	key, ok := keyFor(obj, name)
	return obj[key], ok
}

// keyFor is the key of obj the engine reads the property name from: name itself, else of the
// keys equal to it but for case the one that sorts last (see property).
func keyFor(obj map[string]any, name string) (string, bool) {
	if _, ok := obj[name]; ok {
		return name, true
	}
	key := ""
	for k := range obj {
		if k > key && strings.EqualFold(k, name) {
			key = k
		}
	}
	return key, key != ""
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

type structField struct {
	name  string // JSON name
	token string // JSON name escaped as a pointer token
	index []int
}

var fieldCache sync.Map // reflect.Type -> []structField

// structFields lists the JSON-visible fields of a struct type, embedded structs flattened, as
// encoding/json names them (exact names only: flow files are written by programs).
func structFields(t reflect.Type) []structField {
	if c, ok := fieldCache.Load(t); ok {
		return c.([]structField)
	}
	var out []structField
	var walk func(t reflect.Type, index []int)
	walk = func(t reflect.Type, index []int) {
		for i := 0; i < t.NumField(); i++ {
			sf := t.Field(i)
			idx := append(append([]int(nil), index...), i)
			name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if sf.Anonymous && name == "" && sf.Type.Kind() == reflect.Struct {
				walk(sf.Type, idx)
				continue
			}
			if !sf.IsExported() {
				continue
			}
			if name == "" {
				name = sf.Name
			}
			out = append(out, structField{name: name, token: flows.EscapePointerToken(name), index: idx})
		}
	}
	walk(t, nil)
	c, _ := fieldCache.LoadOrStore(t, out)
	return c.([]structField)
}

// decodeLocalization reads language → item UUID → property → translations, skipping the
// editor's own properties of an item (such as _ui), which start with an underscore.
func (d *decoder) decodeLocalization(g any, rv reflect.Value) {
	langs, ok := d.objectOf(g, "an object")
	if !ok {
		return
	}
	loc := make(flows.Localization, len(langs))
	for _, lang := range sortedKeys(langs) {
		d.push(flows.EscapePointerToken(lang))
		items, ok := d.objectOf(langs[lang], "an object (item UUID to translations)")
		if !ok {
			if langs[lang] == nil {
				// null translates nothing, but the language is still one the flow lists
				loc[lang] = map[string]map[string][]string{}
			}
			d.pop()
			continue
		}
		lt := make(map[string]map[string][]string, len(items))
		for _, item := range sortedKeys(items) {
			d.push(flows.EscapePointerToken(item))
			props, ok := d.objectOf(items[item], "an object (property to translations)")
			if !ok {
				if items[item] == nil {
					// null translates nothing, but the engine still checks the item's key
					lt[item] = map[string][]string{}
				}
				d.pop()
				continue
			}
			it := make(map[string][]string, len(props))
			for _, prop := range sortedKeys(props) {
				d.push(flows.EscapePointerToken(prop))
				if !droppedLanguage(d.version, lang) { // else the engine never reads it
					d.checkTranslationSize(prop, props[prop])
				}
				if strings.HasPrefix(prop, "_") {
					d.pop()
					continue
				}
				texts, ok := stringList(props[prop])
				if !ok {
					d.report(flows.SeverityWarning, CodeIgnoredTranslation, d.pointer(), fmt.Sprintf(
						"translation of '%s' is %s, not a list of strings: the engine reads the flow but ignores it, falling back to the next language or the flow's own text; write it as a list such as [\"...\"]",
						prop, describeValue(props[prop])))
				}
				it[prop] = texts
				d.pop()
			}
			lt[item] = it
			d.pop()
		}
		loc[lang] = lt
		d.pop()
	}
	rv.Set(reflect.ValueOf(loc))
}

// Limits the engine puts on every translation, whatever its property (the editor's _ui too).
const (
	maxTranslationValues = 10
	maxTranslationLength = 10000 // characters
)

// checkTranslationSize reports a translation (a list of any values) longer than the engine
// reads, and its strings that are. A translation that isn't a list has no size.
func (d *decoder) checkTranslationSize(prop string, g any) {
	if s, ok := g.(string); ok {
		// a single string is one value, and limited like one
		if n := utf8.RuneCountInString(s); n > maxTranslationLength {
			d.errorf(CodeTranslationSize, "translation value for '%s' can't be longer than %d chars (is %d); the engine refuses the flow", prop, maxTranslationLength, n)
		}
		return
	}
	arr, ok := g.([]any)
	if !ok {
		return
	}
	if len(arr) > maxTranslationValues {
		d.errorf(CodeTranslationSize, "translation for '%s' can't have more than %d values (has %d); the engine refuses the flow: keep at most %d",
			prop, maxTranslationValues, len(arr), maxTranslationValues)
	}
	for i, e := range arr {
		if s, ok := e.(string); ok {
			if n := utf8.RuneCountInString(s); n > maxTranslationLength {
				d.pushIndex(i)
				d.errorf(CodeTranslationSize, "translation value for '%s' can't be longer than %d chars (is %d); the engine refuses the flow", prop, maxTranslationLength, n)
				d.pop()
			}
		}
	}
}

// stringList returns g as a list of strings; anything else (null included) is not one. The
// engine reads a translation of any JSON type and uses only such lists.
func stringList(g any) ([]string, bool) {
	arr, ok := g.([]any)
	if !ok {
		return nil, false
	}
	out := make([]string, len(arr))
	for i, e := range arr {
		if out[i], ok = e.(string); !ok {
			return nil, false
		}
	}
	return out, true
}

// describeValue names the JSON type of g, and for a list that isn't all strings, what is in it.
func describeValue(g any) string {
	if arr, ok := g.([]any); ok {
		for _, e := range arr {
			if _, ok := e.(string); !ok {
				return "a list holding " + jsonKind(e)
			}
		}
	}
	return jsonKind(g)
}

// objectOf returns g as a JSON object. Anything else but null (which stands for absent) is
// reported as the wrong type, expected being what was wanted ("an object (...)").
func (d *decoder) objectOf(g any, expected string) (map[string]any, bool) {
	obj, ok := g.(map[string]any)
	if !ok && g != nil {
		d.wrongType(expected, g)
	}
	return obj, ok
}

// arrayOf returns g as a JSON array, reporting anything else but null as the wrong type.
func (d *decoder) arrayOf(g any) ([]any, bool) {
	arr, ok := g.([]any)
	if !ok && g != nil {
		d.wrongType("an array", g)
	}
	return arr, ok
}
