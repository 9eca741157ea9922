package docgen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"

	"github.com/flowctl/flowctl/actions"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/check"
)

// SchemaPath is where the editors' schema (package flows/schema) is kept, relative to the
// module's root.
var SchemaPath = filepath.Join("flows", "schema", "flow.schema.json")

// EditorSchema generates the editors' schema of flow files (see package flows/schema).
func EditorSchema(root string) ([]byte, error) { return editorSchema(root) }

// uuidPattern is the form of the UUIDs flows use (any version, lower or upper case).
const uuidPattern = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"

// obj is a JSON object whose keys keep the order they are added in, so that the schema reads
// well (type, description, properties, ...) and is the same bytes every time.
type obj struct {
	keys []string
	vals map[string]any
}

func newObj(kv ...any) *obj {
	o := &obj{vals: map[string]any{}}
	for i := 0; i+1 < len(kv); i += 2 {
		o.set(kv[i].(string), kv[i+1])
	}
	return o
}

func (o *obj) set(k string, v any) *obj {
	if _, ok := o.vals[k]; !ok {
		o.keys = append(o.keys, k)
	}
	o.vals[k] = v
	return o
}

func (o *obj) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		vb, err := json.Marshal(o.vals[k])
		if err != nil {
			return nil, err
		}
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// editorSchema builds the editors' schema from the action registry, the model's structs, their
// validate tags and the doc comments of actions and fields.
func editorSchema(root string) ([]byte, error) {
	actionDocs, err := fieldDocs(filepath.Join(root, "actions"))
	if err != nil {
		return nil, err
	}
	modelDocs, err := fieldDocs(filepath.Join(root, "flows"))
	if err != nil {
		return nil, err
	}
	typeDoc, err := typeDocs(filepath.Join(root, "actions"))
	if err != nil {
		return nil, err
	}
	defs := newObj()
	types := actions.Types()
	var dispatch []any
	typeEnum := append([]string(nil), types...)
	for _, typ := range types {
		ctor, _ := actions.Lookup(typ)
		a := ctor()
		t := reflect.TypeOf(a).Elem()
		def := structSchema(t, actionDocs, map[string]any{"type": newObj("const", typ, "description", "The action type."),
			"uuid": newObj("type", "string", "pattern", uuidPattern, "description", "The action's UUID, unique in the flow.")})
		for name, legacy := range legacyFields[typ] {
			def.vals["properties"].(*obj).set(name, legacy)
		}
		def.set("description", fmt.Sprintf("%s Flow types: %s.", typeSummary(t.Name(), typeDoc[t.Name()]), strings.ReplaceAll(flowTypes(a.AllowedFlowTypes()), "`", "")))
		reorder(def, "type", "description")
		defs.set("action_"+typ, def)
		dispatch = append(dispatch, newObj("if", newObj("properties", newObj("type", newObj("const", typ)), "required", []string{"type"}),
			"then", newObj("$ref", "#/definitions/action_"+typ)))
	}
	for _, old := range actions.RenamedTypes() {
		current, _ := actions.Canonical(old)
		typeEnum = append(typeEnum, old)
		dispatch = append(dispatch, newObj("if", newObj("properties", newObj("type", newObj("const", old)), "required", []string{"type"}),
			"then", newObj("$ref", "#/definitions/action_"+current)))
	}
	defs.set("action", newObj(
		"type", "object",
		"description", "An action: its type says which fields it has.",
		"required", []string{"type", "uuid"},
		"properties", newObj("type", newObj("type", "string", "enum", typeEnum, "description", "The action type (older spec versions' names are read as the current ones)."),
			"uuid", newObj("type", "string", "pattern", uuidPattern)),
		"allOf", dispatch))
	node := structSchema(reflect.TypeFor[flows.Node](), modelDocs, nil)
	props := node.vals["properties"].(*obj)
	props.set("actions", newObj("type", []string{"array", "null"}, "maxItems", flows.MaxActionsPerNode, "items", newObj("$ref", "#/definitions/action"),
		"description", "The actions the node runs, in order."))
	reorder(props, "uuid", "actions")
	defs.set("node", node)
	for _, d := range []struct {
		name string
		t    reflect.Type
	}{{"router", reflect.TypeFor[flows.Router]()}, {"category", reflect.TypeFor[flows.Category]()}, {"case", reflect.TypeFor[flows.Case]()},
		{"wait", reflect.TypeFor[flows.Wait]()}, {"timeout", reflect.TypeFor[flows.Timeout]()}, {"hint", reflect.TypeFor[flows.Hint]()},
		{"exit", reflect.TypeFor[flows.Exit]()}} {
		defs.set(d.name, structSchema(d.t, modelDocs, nil))
	}
	// Hints vary between spec versions (terminator, terminated_by): only their type is held.
	defs.vals["hint"].(*obj).set("additionalProperties", true)
	defs.vals["case"].(*obj).vals["properties"].(*obj).set("type", newObj("type", "string", "enum", check.CaseTypes(), "description", "The router test the case applies to the operand."))
	defs.vals["node"].(*obj).vals["properties"].(*obj).vals["exits"].(*obj).set("maxItems", flows.MaxExitsPerNode)
	router := defs.vals["router"].(*obj).vals["properties"].(*obj)
	router.vals["categories"].(*obj).set("maxItems", flows.MaxCategoriesPerNode)
	router.vals["cases"].(*obj).set("maxItems", flows.MaxCasesPerRouter)
	flow := structSchema(reflect.TypeFor[flows.Flow](), modelDocs, nil)
	fp := flow.vals["properties"].(*obj)
	// What the reference engine requires of a flow; a language only from spec 13.2 (older
	// flows get "und"), which a schema can't say.
	flow.set("required", []string{"uuid", "name", "spec_version", "type", "nodes"})
	// Spec 13.2 turned "base", the language of older exports, into "und"; both are read.
	fp.vals["language"].(*obj).set("pattern", "^([A-Za-z]{3}|base)$")
	fp.set("nodes", newObj("type", "array", "maxItems", flows.MaxNodesPerFlow, "items", newObj("$ref", "#/definitions/node"), "description", "The flow's nodes; the first is where it starts."))
	fp.set("localization", newObj("type", []string{"object", "null"}, "description", "Translations: language code → item UUID → property → translated texts.",
		"additionalProperties", newObj("type", "object", "additionalProperties", newObj("type", "object",
			"additionalProperties", newObj("type", "array", "items", newObj("type", "string"))))))
	fp.set("_ui", newObj("type", []string{"object", "null"}, "description", "The flow editor's layout; never checked."))
	flow.set("additionalProperties", true) // exports carry editor and platform metadata
	defs.set("flow", flow)
	doc := newObj("type", "object", "description", "A goflow assets document or a RapidPro/TextIt export: flows and the assets they use.",
		"properties", newObj("version", newObj("type", []string{"string", "number"}), "site", newObj("type", "string"),
			"flows", newObj("type", "array", "items", newObj("$ref", "#/definitions/flow"))))
	for _, k := range []flows.AssetKind{flows.AssetChannel, flows.AssetClassifier, flows.AssetField, flows.AssetGlobal, flows.AssetGroup,
		flows.AssetLabel, flows.AssetLLM, flows.AssetLocation, flows.AssetOptIn, flows.AssetResthook, flows.AssetTemplate, flows.AssetTopic, flows.AssetUser} {
		doc.vals["properties"].(*obj).set(string(k), newObj("type", []string{"array", "null"}, "description", "The workspace's "+string(k)+"."))
	}
	defs.set("document", doc)
	s := newObj(
		"$schema", "http://json-schema.org/draft-07/schema#",
		"$id", "https://flowctl.dev/schema/flow.schema.json",
		"title", "goflow flow definition or flow document",
		"description", "A flow definition (spec 13.x-14.x), or a document holding flows: a goflow assets file or a RapidPro/TextIt export. Generated by flowctl from its code.",
		"if", newObj("type", "object", "required", []string{"nodes"}),
		"then", newObj("$ref", "#/definitions/flow"),
		"else", newObj("$ref", "#/definitions/document"),
		"definitions", defs)
	out, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}

// reorder moves keys to the front of an object, in the order given.
func reorder(o *obj, first ...string) {
	var rest []string
	for _, k := range o.keys {
		if !contains(first, k) {
			rest = append(rest, k)
		}
	}
	var front []string
	for _, k := range first {
		if _, ok := o.vals[k]; ok {
			front = append(front, k)
		}
	}
	o.keys = append(front, rest...)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// structSchema describes a struct as flow files write it: its JSON fields (embedded structs
// flattened), required ones, and no others. fixed gives the schemas of some properties.
func structSchema(t reflect.Type, docs map[string]string, fixed map[string]any) *obj {
	props := newObj()
	var required []string
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if f.Anonymous && name == "" {
				walk(f.Type)
				continue
			}
			if !f.IsExported() || name == "" {
				continue
			}
			if s, ok := fixed[name]; ok {
				props.set(name, s)
				required = append(required, name)
				continue
			}
			rules := f.Tag.Get("validate")
			s := valueSchema(f.Type, rules, !strings.Contains(opts, "omitempty"))
			desc := docs[t.Name()+"."+f.Name]
			if extra := ruleWords(f.Tag.Get("flow"), rules); extra != "" {
				desc = strings.TrimSpace(desc + " " + extra)
			}
			if desc != "" {
				s.set("description", desc)
			}
			props.set(name, s)
			if strings.HasPrefix(rules, "required") && !strings.HasPrefix(rules, "required_") {
				required = append(required, name)
			}
		}
	}
	walk(t)
	o := newObj("type", "object")
	if len(required) > 0 {
		o.set("required", required)
	}
	o.set("properties", props)
	o.set("additionalProperties", false)
	return o
}

// ruleWords says in words what the flow tags make of a field.
func ruleWords(flowTag, rules string) string {
	var words []string
	for part := range strings.SplitSeq(flowTag, ",") {
		switch part {
		case "template":
			words = append(words, "An @-template.")
		case "localized":
			words = append(words, "May be translated in the flow's localization.")
		}
	}
	return strings.Join(words, " ")
}

// modelDefs are the model's types that have a definition of their own.
var modelDefs = map[reflect.Type]string{
	reflect.TypeFor[flows.Router](): "router", reflect.TypeFor[flows.Category](): "category", reflect.TypeFor[flows.Case](): "case",
	reflect.TypeFor[flows.Wait](): "wait", reflect.TypeFor[flows.Timeout](): "timeout", reflect.TypeFor[flows.Hint](): "hint",
	reflect.TypeFor[flows.Exit](): "exit", reflect.TypeFor[flows.Node](): "node",
}

// legacyFields are properties of older spec versions the reader still reads (and migrates), by
// action type: an editor must not flag them in an older export.
var legacyFields = map[string]map[string]*obj{
	"send_msg": {"templating": newObj("type", []string{"object", "null"},
		"description", "Spec 13.1 to 13.5: the WhatsApp template and its variables, read as template and template_variables.")},
	"open_ticket": {"body": newObj("type", []string{"string", "null"}, "description", "Before spec 14.2: the ticket's note, read as note.")},
}

// customRules are the schemas of the validate tags flows/check registers.
var customRules = map[string]func() *obj{
	"http_method":      func() *obj { return newObj("enum", []string{"GET", "POST", "PUT", "DELETE", "HEAD", "PATCH"}) },
	"http_header_name": func() *obj { return newObj("pattern", "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$") },
	"language":         func() *obj { return newObj("pattern", "^[A-Za-z]{3}$") },
	"result_name":      func() *obj { return newObj("minLength", 1, "maxLength", 64) },
	"local_name":       func() *obj { return newObj("pattern", "^[A-Za-z_][A-Za-z0-9_]{0,63}$") },
	"contact_status":   func() *obj { return newObj("enum", []string{"active", "blocked", "stopped", "archived"}) },
	"flow_type":        func() *obj { return newObj("enum", flowTypeNames()) },
	"urn_scheme":       func() *obj { return newObj("enum", flows.URNSchemes) },
	"result_category":  func() *obj { return newObj("minLength", 1, "maxLength", 64) },
	"attachment":       func() *obj { return newObj("pattern", "^([A-Za-z]+|[A-Za-z0-9_.+-]+/[A-Za-z0-9_.+-]+):.") },
}

func flowTypeNames() []string {
	out := make([]string, len(flows.FlowTypes))
	for i, t := range flows.FlowTypes {
		out[i] = string(t)
	}
	return out
}

// valueSchema describes a Go type as flow files write it, with the validate rules that apply to
// it (those after "dive" to its items). Optional values may be null, which goflow reads as absent.
func valueSchema(t reflect.Type, rules string, requiredField bool) *obj {
	own, items, _ := strings.Cut(","+rules, ",dive")
	own, items = strings.TrimPrefix(own, ","), strings.TrimPrefix(items, ",")
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if name, ok := modelDefs[t]; ok {
		// Defined once, in definitions: a $ref can't carry a description of its own in
		// draft-07, so it is wrapped.
		ref := newObj("$ref", "#/definitions/"+name)
		if requiredField {
			return newObj("allOf", []any{ref})
		}
		return newObj("anyOf", []any{ref, newObj("type", "null")})
	}
	var s *obj
	ref := reflect.TypeFor[flows.AssetRef]()
	switch {
	case t.PkgPath() == "github.com/shopspring/decimal":
		s = newObj("type", []string{"number", "string"})
	case t == reflect.TypeFor[json.RawMessage]():
		s = newObj()
	case t.Kind() == reflect.String:
		s = newObj("type", "string")
	case t.Kind() == reflect.Bool:
		s = newObj("type", "boolean")
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64:
		s = newObj("type", "integer")
	case t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64:
		s = newObj("type", "number")
	case t.Kind() == reflect.Slice:
		s = newObj("type", "array", "items", valueSchema(t.Elem(), items, true))
	case t.Kind() == reflect.Map:
		// "keys,...,endkeys" rules apply to the keys, what follows to the values.
		var keyRules string
		if rest, ok := strings.CutPrefix(items, "keys,"); ok {
			keyRules, items, _ = strings.Cut(rest, ",endkeys")
			items = strings.TrimPrefix(items, ",")
		}
		s = newObj("type", "object")
		if keyRules != "" {
			names := newObj()
			applyRules(names, reflect.TypeFor[string](), keyRules)
			s.set("propertyNames", names)
		}
		s.set("additionalProperties", valueSchema(t.Elem(), items, true))
	case t.Kind() == reflect.Struct:
		s = structSchema(t, nil, nil)
		if t.Implements(ref) || reflect.PointerTo(t).Implements(ref) {
			kind := strings.TrimSuffix(string(reflect.New(t).Interface().(flows.AssetRef).Kind()), "s")
			s.set("description", "A reference to a "+kind+".")
			s.set("additionalProperties", true)
		}
	default:
		s = newObj()
	}
	applyRules(s, t, own)
	if !requiredField {
		if typ, ok := s.vals["type"].(string); ok {
			s.set("type", []string{typ, "null"})
		}
		if enum, ok := s.vals["enum"].([]string); ok {
			withNull := make([]any, 0, len(enum)+1)
			for _, e := range enum {
				withNull = append(withNull, e)
			}
			s.set("enum", append(withNull, nil))
		}
	}
	return s
}

// applyRules turns validate rules into schema keywords.
func applyRules(s *obj, t reflect.Type, rules string) {
	limit := func(short, long string) string {
		if t.Kind() == reflect.String {
			return short
		}
		if t.Kind() == reflect.Map {
			return strings.Replace(long, "Items", "Properties", 1)
		}
		return long
	}
	for rule := range strings.SplitSeq(rules, ",") {
		name, arg, _ := strings.Cut(rule, "=")
		n, numErr := strconv.Atoi(arg)
		switch {
		case name == "required" && t.Kind() == reflect.String:
			s.set("minLength", 1)
		case name == "required" && t.Kind() == reflect.Slice:
			s.set("minItems", 1)
		case name == "max" && numErr == nil:
			s.set(limit("maxLength", "maxItems"), n)
		case name == "min" && numErr == nil && t.Kind() >= reflect.Int && t.Kind() <= reflect.Float64:
			s.set("minimum", n)
		case name == "min" && numErr == nil:
			s.set(limit("minLength", "minItems"), n)
		case name == "oneof":
			s.set("enum", strings.Fields(arg))
		case name == "uuid":
			s.set("pattern", uuidPattern)
		case name == "url":
			s.set("format", "uri")
		case name == "email":
			s.set("format", "email")
		case customRules[name] != nil:
			custom := customRules[name]()
			for _, k := range custom.keys {
				s.set(k, custom.vals[k])
			}
		}
	}
}

// fieldDocs returns the doc comments of the struct fields of a package, as "Type.Field".
func fieldDocs(dir string) (map[string]string, error) {
	pkg, err := parsePackage(dir)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, file := range pkg.files {
		ast.Inspect(file, func(n ast.Node) bool {
			ts, ok := n.(*ast.TypeSpec)
			if !ok {
				return true
			}
			st, ok := ts.Type.(*ast.StructType)
			if !ok {
				return true
			}
			for _, f := range st.Fields.List {
				text := ""
				if f.Doc != nil {
					text = f.Doc.Text()
				} else if f.Comment != nil {
					text = f.Comment.Text()
				}
				text = strings.Join(strings.Fields(text), " ")
				for _, name := range f.Names {
					if text != "" {
						out[ts.Name.Name+"."+name.Name] = text
					}
				}
			}
			return false
		})
	}
	return out, nil
}
