package flows

import (
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Visitor receives what Walk finds. Either callback may be nil.
type Visitor struct {
	// Template is called for every non-empty string of a field tagged `flow:"template"` (also
	// the elements of such []string fields and the values of such map[string]string fields),
	// with its JSON pointer relative to the walked value and whether translations may replace it.
	Template func(pointer, template string, localized bool)
	// AssetRef is called for every non-nil value implementing AssetRef, with its JSON pointer.
	// The identity may be empty (a group named by name_match only, a missing slug): callers
	// that look references up skip those, the field rules report them.
	AssetRef func(pointer string, ref AssetRef)
}

// Walk visits the templates and asset references inside v (a pointer to a struct, usually an
// action), in field order; map entries in key order so the output is stable. It follows the
// `json` tags to build pointers, flattening embedded structs as encoding/json does. It never
// panics on nil values.
func Walk(v any, vis Visitor) {
	if v == nil {
		return
	}
	rv := reflect.ValueOf(v)
	walkValue(rv, "", &vis)
}

// WalkNode visits a node's actions (which the node's struct keeps out of JSON tags, as they are
// decoded through the action registry) and its router: the operand, case arguments and the dial
// phone of a wait are templates too. Pointers are relative to the node.
func WalkNode(n *Node, vis Visitor) {
	if n == nil {
		return
	}
	for i, a := range n.Actions {
		if a == nil {
			continue
		}
		walkValue(reflect.ValueOf(a), "/actions/"+strconv.Itoa(i), &vis)
	}
	walkValue(reflect.ValueOf(n), "", &vis)
}

// WalkFlow visits every node of a flow with WalkNode; pointers are relative to the flow.
func WalkFlow(f *Flow, vis Visitor) {
	if f == nil {
		return
	}
	for i, n := range f.Nodes {
		prefix := "/nodes/" + strconv.Itoa(i)
		inner := vis
		if vis.Template != nil {
			inner.Template = func(p, t string, l bool) { vis.Template(prefix+p, t, l) }
		}
		if vis.AssetRef != nil {
			inner.AssetRef = func(p string, r AssetRef) { vis.AssetRef(prefix+p, r) }
		}
		WalkNode(n, inner)
	}
}

// LocalizedProperties returns the JSON names of v's fields that a flow's localization may
// translate (tagged `flow:"...,localized"` or `flow:"localized"`), e.g. text, attachments and
// quick_replies for send_msg, name for a category, arguments for a case.
func LocalizedProperties(v any) []string {
	return fieldNames(v, func(f *fieldPlan) bool { return f.localized })
}

// EscapePointerToken escapes one reference token of a JSON pointer (RFC 6901): ~ becomes ~0
// and / becomes ~1.
func EscapePointerToken(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
}

var assetRefType = reflect.TypeFor[AssetRef]()

// fieldPlan is what the walker needs to know about one (possibly promoted) struct field.
type fieldPlan struct {
	index     []int
	name      string
	token     string // "/" and the escaped name: the field's step in a JSON pointer
	template  bool
	localized bool
}

// typePlan caches, per struct type, the fields worth visiting.
type typePlan struct {
	fields []fieldPlan
}

var (
	plans      sync.Map // reflect.Type -> *typePlan
	interestMu sync.Mutex
	interest   = map[reflect.Type]bool{}
	// interestKnown holds the settled answers of interest, read without the lock.
	interestKnown sync.Map // reflect.Type -> bool
	// refTypes caches whether a type implements AssetRef, asked for every value walked.
	refTypes sync.Map // reflect.Type -> bool
)

// isRefType reports whether values of type t are asset references.
func isRefType(t reflect.Type) bool {
	if v, ok := refTypes.Load(t); ok {
		return v.(bool)
	}
	is := t.Implements(assetRefType)
	refTypes.Store(t, is)
	return is
}

func planFor(t reflect.Type) *typePlan {
	if p, ok := plans.Load(t); ok {
		return p.(*typePlan)
	}
	p := &typePlan{}
	collectFields(t, nil, p)
	actual, _ := plans.LoadOrStore(t, p)
	return actual.(*typePlan)
}

// collectFields flattens the exported, JSON-visible fields of t, descending into embedded
// structs without a JSON name as encoding/json does.
func collectFields(t reflect.Type, index []int, p *typePlan) {
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		idx := append(append([]int(nil), index...), i)
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if sf.Anonymous && name == "" {
			ft := sf.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				collectFields(ft, idx, p)
				continue
			}
		}
		if !sf.IsExported() {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		tag := sf.Tag.Get("flow")
		fp := fieldPlan{index: idx, name: name, token: "/" + EscapePointerToken(name)}
		for part := range strings.SplitSeq(tag, ",") {
			switch part {
			case "template":
				fp.template = true
			case "localized":
				fp.localized = true
			}
		}
		p.fields = append(p.fields, fp)
	}
}

// interesting reports whether values of type t can hold templates or asset references, so
// that the walker skips the rest (UUIDs, numbers, raw UI JSON) without building pointers.
func interesting(t reflect.Type) bool {
	// Asked for every value walked: answered without the lock once known.
	if v, ok := interestKnown.Load(t); ok {
		return v.(bool)
	}
	interestMu.Lock()
	defer interestMu.Unlock()
	return interestingLocked(t, map[reflect.Type]bool{})
}

func interestingLocked(t reflect.Type, seen map[reflect.Type]bool) bool {
	if v, ok := interest[t]; ok {
		return v
	}
	if seen[t] {
		return false // a cycle: whatever it holds is found through the first visit
	}
	seen[t] = true
	result := false
	if t.Implements(assetRefType) || (t.Kind() != reflect.Pointer && reflect.PointerTo(t).Implements(assetRefType)) {
		result = true
	} else {
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array:
			result = interestingLocked(t.Elem(), seen)
		case reflect.Map:
			result = t.Key().Kind() == reflect.String && interestingLocked(t.Elem(), seen)
		case reflect.Interface:
			result = true // dynamic: decided per value
		case reflect.Struct:
			for _, f := range planFor(t).fields {
				if f.template || interestingLocked(t.FieldByIndex(f.index).Type, seen) {
					result = true
					break
				}
			}
		}
	}
	interest[t] = result
	interestKnown.Store(t, result)
	return result
}

// TemplateHolder is a value whose templates are not in tagged fields but declared at run time
// (an action of a custom type): Walk asks it for them.
type TemplateHolder interface {
	// Templates calls fn with each template's pointer (relative to the value) and text.
	Templates(fn func(pointer, template string))
}

func walkValue(v reflect.Value, ptr string, vis *Visitor) {
	if !v.IsValid() {
		return
	}
	if (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) && v.IsNil() {
		return
	}
	if vis.Template != nil && v.Kind() == reflect.Pointer {
		if th, ok := v.Interface().(TemplateHolder); ok {
			th.Templates(func(p, t string) { vis.Template(ptr+p, t, false) })
		}
	}
	// Reference types have pointer receivers (reported here as *T, and not again as the T
	// below) or are named strings; either way each is reported once.
	if vis.AssetRef != nil && v.Kind() != reflect.Interface && isRefType(v.Type()) {
		vis.AssetRef(ptr, v.Interface().(AssetRef))
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		walkValue(v.Elem(), ptr, vis)
	case reflect.Struct:
		for _, f := range planFor(v.Type()).fields {
			fv, ok := fieldByIndex(v, f.index)
			if !ok {
				continue
			}
			if f.template {
				walkTemplateField(fv, ptr+f.token, f.localized, vis)
				continue
			}
			if interesting(fv.Type()) {
				walkValue(fv, ptr+f.token, vis)
			}
		}
	case reflect.Slice, reflect.Array:
		if !interesting(v.Type().Elem()) {
			return
		}
		for i := 0; i < v.Len(); i++ {
			walkValue(v.Index(i), ptr+"/"+strconv.Itoa(i), vis)
		}
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String || !interesting(v.Type().Elem()) {
			return
		}
		for _, k := range sortedKeys(v) {
			walkValue(v.MapIndex(k), ptr+"/"+EscapePointerToken(k.String()), vis)
		}
	}
}

// walkTemplateField reports a template-tagged field: a string, a []string or a
// map[string]string (possibly behind a pointer).
func walkTemplateField(v reflect.Value, ptr string, localized bool, vis *Visitor) {
	if vis.Template == nil {
		return
	}
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.String:
		if v.Len() > 0 {
			vis.Template(ptr, v.String(), localized)
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			e := v.Index(i)
			if e.Kind() == reflect.String && e.Len() > 0 {
				vis.Template(ptr+"/"+strconv.Itoa(i), e.String(), localized)
			}
		}
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String {
			return
		}
		for _, k := range sortedKeys(v) {
			e := v.MapIndex(k)
			if e.Kind() == reflect.String && e.Len() > 0 {
				vis.Template(ptr+"/"+EscapePointerToken(k.String()), e.String(), localized)
			}
		}
	}
}

// fieldByIndex is reflect.Value.FieldByIndex without the panic on a nil embedded pointer.
func fieldByIndex(v reflect.Value, index []int) (reflect.Value, bool) {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return reflect.Value{}, false
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, true
}

func sortedKeys(m reflect.Value) []reflect.Value {
	keys := m.MapKeys()
	sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
	return keys
}

// RewriteTemplates replaces each non-empty template Walk would report in v (a pointer to a
// struct: an action, a node, a router...) by what fn returns for it. Migrations use it to update
// templates written against an older context.
func RewriteTemplates(v any, fn func(string) string) {
	if v == nil {
		return
	}
	rewriteValue(reflect.ValueOf(v), fn)
}

func rewriteValue(v reflect.Value, fn func(string) string) {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Struct:
		for _, f := range planFor(v.Type()).fields {
			fv, ok := fieldByIndex(v, f.index)
			if !ok {
				continue
			}
			if f.template {
				rewriteTemplateField(fv, fn)
			} else if interesting(fv.Type()) {
				rewriteValue(fv, fn)
			}
		}
	case reflect.Slice, reflect.Array:
		if interesting(v.Type().Elem()) {
			for i := 0; i < v.Len(); i++ {
				rewriteValue(v.Index(i), fn)
			}
		}
	case reflect.Map:
		// Map values can't be changed in place; none of the model's maps holds structs with
		// templates, so only template-tagged maps of strings (rewriteTemplateField) are rewritten.
	}
}

// rewriteTemplateField rewrites a template-tagged field: a string, a []string or a
// map[string]string (possibly behind a pointer), when settable.
func rewriteTemplateField(v reflect.Value, fn func(string) string) {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.String:
		if v.Len() > 0 && v.CanSet() {
			v.SetString(fn(v.String()))
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			if e := v.Index(i); e.Kind() == reflect.String && e.Len() > 0 && e.CanSet() {
				e.SetString(fn(e.String()))
			}
		}
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String || v.Type().Elem().Kind() != reflect.String {
			return
		}
		for _, k := range sortedKeys(v) {
			if e := v.MapIndex(k); e.Len() > 0 {
				v.SetMapIndex(k, reflect.ValueOf(fn(e.String())).Convert(v.Type().Elem()))
			}
		}
	}
}

// LocalizedTemplates returns the JSON names of v's fields that are both templates and
// translatable: the properties of an item whose translations are templates too.
func LocalizedTemplates(v any) []string {
	return fieldNames(v, func(f *fieldPlan) bool { return f.localized && f.template })
}

// fieldNames returns the JSON names of the fields of v's struct type that keep says to.
func fieldNames(v any, keep func(*fieldPlan) bool) []string {
	if v == nil {
		return nil
	}
	t := reflect.TypeOf(v)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	plan := planFor(t)
	var out []string
	for i := range plan.fields {
		if f := &plan.fields[i]; keep(f) {
			out = append(out, f.name)
		}
	}
	return out
}
