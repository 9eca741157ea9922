package read

import (
	"fmt"
	"math"
	"reflect"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/flowctl/flowctl/actions"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/read/legacy"
)

// legacyMigratedMessage tells the user a flow was read through the legacy migration.
const legacyMigratedMessage = "legacy v11 flow (action_sets, rule_sets) read by migrating it to spec %s, as the reference engine does; findings inside it are shown at the legacy parts they came from; re-export it from a current RapidPro/TextIt to get the current format"

// assetKinds lists the kinds an assets document may declare, besides flows.
var assetKinds = []flows.AssetKind{
	flows.AssetChannel, flows.AssetClassifier, flows.AssetField, flows.AssetGlobal, flows.AssetGroup,
	flows.AssetLabel, flows.AssetLLM, flows.AssetLocation, flows.AssetOptIn, flows.AssetResthook,
	flows.AssetTemplate, flows.AssetTopic, flows.AssetUser,
}

// Options change how a file is read.
type Options struct {
	// Dialect declares custom action types (see actions.CustomType), which are read as
	// *actions.Custom instead of being refused as unknown.
	Dialect *actions.Dialect
	// MediaURL is the base URL legacy flows' relative attachment and recording URLs are joined
	// to when they are migrated; "" for legacy.DefaultMediaURL, the reference engine's.
	MediaURL string
}

// Read reads one file. It never panics and never returns nil: whatever can't be read is a
// finding, and everything else is still decoded.
func Read(path string, src []byte) *Document {
	return ReadWith(path, src, Options{})
}

// ReadWith reads one file with options, like Read.
func ReadWith(path string, src []byte, opts Options) (doc *Document) {
	doc = &Document{Path: path, Src: src, Assets: flows.NewAssets(), pointers: map[any]string{}}
	defer func() {
		if r := recover(); r != nil {
			doc.Findings = append(doc.Findings, flows.Finding{
				Severity: flows.SeverityError, Code: CodeReaderPanic,
				Message: fmt.Sprintf("internal error reading this file: %v\n%s", r, debug.Stack()),
			})
		}
		doc.fillPositions()
	}()

	if len(src) > math.MaxInt32 {
		doc.Findings = append(doc.Findings, flows.Finding{Severity: flows.SeverityError, Code: CodeInvalidJSON,
			Message: "file is larger than 2 GiB"})
		return doc
	}
	generic, sc, serr := parse(src)
	doc.entries = sc.entries
	if serr != nil {
		line, col := doc.lineCol(serr.off)
		doc.Findings = append(doc.Findings, flows.Finding{Severity: flows.SeverityError, Code: CodeInvalidJSON,
			Message: serr.msg, Line: line, Column: col})
		return doc
	}
	doc.Generic = generic
	doc.reportEncoding(sc)
	d := &decoder{doc: doc, dialect: opts.Dialect, mediaURL: opts.MediaURL}

	root, ok := generic.(map[string]any)
	if !ok {
		d.errorf(CodeUnknownDocument, "expected an object (a flow definition or a document with a flows array), found %s", jsonKind(generic))
		return doc
	}
	known := false
	if res, has := root["results"]; has && !isFlow(root) {
		// the flow editor's API shape: {"results": [{"uuid", "name", "definition": {flow}}]}
		known = d.readEditorResults(res)
	}
	if isFlow(root) {
		if f := d.readFlow(root); f != nil && f.UUID != "" {
			doc.Assets.Provide(flowAsset(f))
		}
		return doc
	}
	if fl, key, has := d.property(root, "flows"); has {
		known = true
		d.push(flows.EscapePointerToken(key))
		if arr, ok := fl.([]any); ok {
			doc.Assets.Declare(flows.AssetFlow)
			wrapped, firstWrapped := 0, ""
			for i, f := range arr {
				d.pushIndex(i)
				if m, ok := f.(map[string]any); ok {
					if _, def := m["definition"].(map[string]any); def && !isFlow(m) {
						// Glific's export shape: not a flow, and not read as an empty one
						if wrapped++; wrapped == 1 {
							firstWrapped = d.pointer()
						}
						doc.wrapped = append(doc.wrapped, d.pointer())
					} else if f := d.readFlow(m); f != nil && f.UUID != "" {
						doc.Assets.Add(flowAsset(f))
					}
				} else {
					d.wrongType("an object (a flow definition)", f)
				}
				d.pop()
			}
			if wrapped > 0 {
				d.report(flows.SeverityError, CodeWrappedFlow, firstWrapped, fmt.Sprintf("%d of the %d items of flows wrap their flow in a \"definition\", as Glific exports flows: the engine takes each item for a flow definition and refuses these; put each definition itself in the flows array", wrapped, len(arr)))
			}
		} else if fl != nil {
			d.wrongType("an array of flows", fl)
		}
		d.pop()
	}
	// exports (which carry a version) are read for their flows only; an assets document is what
	// the engine starts sessions with
	_, export := root["version"]
	d.engineAssets = !export
	for _, kind := range assetKinds {
		if g, key, has := d.property(root, string(kind)); has {
			known = true
			d.readAssets(kind, key, g)
		}
	}
	if !known {
		if _, has := root["version"]; has {
			known = true // an export with nothing in it
		}
	}
	if !known {
		d.errorf(CodeUnknownDocument, "expected a flow definition (an object with nodes) or a document with a flows array or assets (channels, fields, groups, ...)")
	}
	return doc
}

// IsLegacyFlow reports whether a flow object is read as a legacy (v11) flow and migrated: it has
// what may make it one (see legacy.IsLegacy) and lacks the header of the current format.
func IsLegacyFlow(m map[string]any) bool {
	return legacy.IsLegacy(m) && !hasHeader(m)
}

// hasHeader reports whether a flow has the header of the current format (a UUID, a name and a
// spec version), which the reference engine reads first: only a flow without it is migrated as a
// legacy one, whatever else it holds.
func hasHeader(m map[string]any) bool {
	uuid, _ := m["uuid"].(string)
	name, _ := m["name"].(string)
	ver, _ := m["spec_version"].(string)
	_, ok := parseVersion(ver)
	return flows.IsUUID(uuid) && name != "" && ok
}

// isFlow tells a flow definition (current or legacy) from a document holding flows.
func isFlow(m map[string]any) bool {
	for _, k := range []string{"nodes", "action_sets", "rule_sets", "base_language", "spec_version", "flow_type"} {
		if _, ok := m[k]; ok {
			return true
		}
	}
	return false
}

// flowAsset describes a flow as an asset that enter_flow and start_session can refer to.
func flowAsset(f *flows.Flow) *flows.Asset {
	return &flows.Asset{Kind: flows.AssetFlow, Identity: f.UUID, Name: f.Name, Extra: map[string]any{"type": string(f.Type)}}
}

// checkLegacyUUIDs reports a legacy flow's entry, and its action sets' destinations, that are
// given but aren't UUIDs: the engine reads them as UUIDs before migrating the flow, and refuses it
// when one isn't (even a destination the migration would then drop as dangling).
func (d *decoder) checkLegacyUUIDs(m map[string]any, ptr string) {
	check := func(v any, pointer, name string) {
		switch v := v.(type) {
		case nil:
		case string:
			if v != "" && !flows.IsUUID(v) {
				d.report(flows.SeverityError, CodeLegacyFormat, pointer, fmt.Sprintf("field '%s' must be a valid UUID, got '%s'", name, v))
			}
		default:
			d.report(flows.SeverityError, CodeLegacyFormat, pointer, fmt.Sprintf("field '%s' must be a UUID, found %s", name, jsonKind(v)))
		}
	}
	check(m["entry"], ptr+"/entry", "entry")
	sets, _ := m["action_sets"].([]any)
	for i, s := range sets {
		if set, ok := s.(map[string]any); ok {
			check(set["destination"], ptr+"/action_sets/"+strconv.Itoa(i)+"/destination", "action_sets["+strconv.Itoa(i)+"].destination")
		}
	}
}

// readFlow decodes one flow object at the decoder's current pointer; nil when it can't be read
// at all (legacy or unsupported version).
func (d *decoder) readFlow(m map[string]any) *flows.Flow {
	ptr := d.pointer()
	uuid, _ := m["uuid"].(string)
	d.flowUUID, d.nodeUUID, d.actionUUID = uuid, "", ""
	defer func() { d.flowUUID = "" }()

	if IsLegacyFlow(m) {
		if _, def := m["definition"].(map[string]any); def {
			d.report(flows.SeverityWarning, CodeWrappedLegacy, ptr, "this item wraps its flow in a \"definition\" beside flow_type, as RapidPro's oldest exports did: the engine reads the item itself as a legacy flow with no action sets or rule sets and ignores the definition, so the flow does nothing; put the definition itself in the flows array")
		}
		migrated, origins, problems := legacy.Migrate(m, legacy.Options{MediaURL: d.mediaURL})
		d.report(flows.SeverityWarning, CodeLegacyMigrated, ptr, fmt.Sprintf(legacyMigratedMessage, legacy.SpecVersion))
		for _, p := range problems {
			d.report(flows.SeverityError, CodeLegacyFormat, ptr+p.Pointer, p.Message)
		}
		d.checkLegacyUUIDs(m, ptr)
		if d.doc.migrated == nil {
			d.doc.migrated = map[string]*migration{}
		}
		d.doc.migrated[ptr] = &migration{flow: migrated, origins: origins}
		m = migrated
		uuid, _ = m["uuid"].(string)
		d.flowUUID = uuid
	}
	ver := currentVersion
	raw, has := d.field(m, "spec_version")
	d.versioned = has && raw != nil
	if has {
		s, _ := raw.(string)
		d.push("spec_version")
		v, ok := parseVersion(s)
		switch {
		case !ok && raw != nil:
			// a value of the wrong type is reported when the flow's fields are decoded
			if _, isStr := raw.(string); isStr {
				d.errorf(CodeInvalidVersion, "spec_version %q is not a version: expected major.minor.patch, e.g. %s", s, currentVersion)
			}
		case ok && v.tooNew():
			d.errorf(CodeUnsupportedVersion, "spec version %s is newer than flowctl and the engine it follows read (up to %d.%d.x, not pre-releases of later versions); upgrade flowctl, or re-export the flow for an older engine", s, currentVersion.major, currentVersion.minor)
			d.pop()
			return nil
		case ok && v.major < 13:
			// the engine reads the flow as it is and migrates it as one of 13.0.0
			d.report(flows.SeverityWarning, CodeOldVersion, d.pointer(), fmt.Sprintf("spec version %s is older than 13.0.0, the first of this format (nodes): the flow is read and migrated as a 13.0.0 one, as the engine does; set spec_version to what the flow was written for", s))
			ver = v
		case ok:
			ver = v
		}
		d.pop()
	}

	m, set := premigrate(m, ver)
	for rel, val := range set {
		if d.doc.premigrated == nil {
			d.doc.premigrated = map[string]any{}
		}
		d.doc.premigrated[ptr+rel] = val
	}
	f := &flows.Flow{}
	d.version = ver
	d.decode(m, reflect.ValueOf(f).Elem())
	migrateFlow(f, ver)
	d.doc.Flows = append(d.doc.Flows, f)
	d.doc.FlowPointers = append(d.doc.FlowPointers, ptr)
	d.doc.pointers[f] = ptr
	for i, n := range f.Nodes {
		if n != nil {
			d.doc.pointers[n] = ptr + "/nodes/" + strconv.Itoa(i)
		}
	}
	d.doc.Assets.Flows = append(d.doc.Assets.Flows, f)
	return f
}

// decodeActions decodes a node's actions through the action registry.
func (d *decoder) decodeActions(obj map[string]any, node *flows.Node) {
	g, key, has := d.property(obj, "actions")
	if !has || g == nil {
		return
	}
	d.push(flows.EscapePointerToken(key))
	defer d.pop()
	arr, ok := g.([]any)
	if !ok {
		d.wrongType("an array of actions", g)
		return
	}
	node.Actions = make([]flows.Action, 0, len(arr))
	for i, e := range arr {
		d.pushIndex(i)
		if a := d.decodeAction(e); a != nil {
			node.Actions = append(node.Actions, a)
			d.doc.pointers[a] = d.pointer()
		}
		d.pop()
	}
}

func (d *decoder) decodeAction(g any) flows.Action {
	m, ok := g.(map[string]any)
	if !ok {
		d.wrongType("an object (an action)", g)
		return nil
	}
	uuid, _ := d.field(m, "uuid")
	d.actionUUID, _ = uuid.(string)
	defer func() { d.actionUUID = "" }()
	rawType, typeKey, has := d.property(m, "type")
	typ, isStr := rawType.(string)
	if !has || rawType == nil || (isStr && typ == "") {
		d.errorf(CodeMissingActionType, "action has no type: expected one of %s", strings.Join(actions.Types(), ", "))
		return nil
	}
	if !isStr {
		d.push(flows.EscapePointerToken(typeKey))
		d.wrongType("a string (an action type)", rawType)
		d.pop()
		return nil
	}
	if typeKey != "type" {
		m = withKey(m, "type", typ) // reported once, here
	}
	name, renamed := actions.Canonical(typ)
	if split, reshaped := splitPropertyAction(typ, m); split != nil {
		name, renamed, m = split["type"].(string), true, reshaped
	}
	ctor, ok := actions.Lookup(name)
	if !ok {
		if def, custom := d.dialect.Lookup(typ); custom {
			return actions.NewCustom(def, m)
		}
		d.push("type")
		if near := actions.Closest(typ, 3, d.dialect.Names()...); len(near) > 0 {
			d.errorf(CodeUnknownActionType, "unknown action type '%s': did you mean %s?", typ, quoteList(near))
		} else {
			d.errorf(CodeUnknownActionType, "unknown action type '%s': expected one of %s; if your platform defines it, declare it in a hooks file with registerAction and pass --hooks (see docs/hooks.md)", typ, strings.Join(append(actions.Types(), d.dialect.Names()...), ", "))
		}
		d.pop()
		return nil
	}
	if renamed {
		// The engine reads no old names, at any spec version: it refuses the flow. Only a flow
		// with no spec_version, from the editor's days before spec versions when these names
		// were current, is read as the current type with a warning. Either way the action is
		// read as that type, so that its fields are checked too.
		d.push("type")
		if d.versioned {
			d.errorf(CodeRenamedActionType, "action type '%s' is the old name of '%s', which the engine doesn't read; write '%s'", typ, name, name)
		} else {
			d.report(flows.SeverityWarning, CodeRenamedActionType, d.pointer(),
				fmt.Sprintf("action type '%s' is the old name of '%s', read as '%s' in a flow without a spec_version; the engine reads no old names, so write '%s'", typ, name, name, name))
		}
		d.pop()
		if m["type"] != name {
			m = withKey(m, "type", name)
		}
	}
	m = migrateAction(name, m, d.version)
	a := ctor()
	d.decode(m, reflect.ValueOf(a).Elem())
	return a
}

// quoteList renders ["a","b"] as 'a' or 'b'.
func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = "'" + n + "'"
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// withKey returns a shallow copy of m with one key set: migrations never change Generic, which
// stays the document as written.
func withKey(m map[string]any, k string, v any) map[string]any {
	c := make(map[string]any, len(m)+1)
	for kk, vv := range m {
		c[kk] = vv
	}
	c[k] = v
	return c
}

// fillPositions gives every finding without one the line and column of its pointer.
func (doc *Document) fillPositions() {
	for i := range doc.Findings {
		f := &doc.Findings[i]
		if f.Line == 0 {
			f.Line, f.Column = doc.Position(f.Pointer)
		}
	}
}

// readEditorResults reads the flow editor's API listing, whose flows are in "definition".
func (d *decoder) readEditorResults(g any) bool {
	arr, ok := g.([]any)
	if !ok {
		return false
	}
	d.push("results")
	defer d.pop()
	d.doc.Assets.Declare(flows.AssetFlow)
	for i, e := range arr {
		d.pushIndex(i)
		if m, ok := e.(map[string]any); ok {
			if def, ok := m["definition"].(map[string]any); ok {
				d.push("definition")
				if f := d.readFlow(def); f != nil && f.UUID != "" {
					d.doc.Assets.Add(flowAsset(f))
				}
				d.pop()
			}
		}
		d.pop()
	}
	return true
}

// splitPropertyAction reshapes the early spec's generic contact actions, set_contact_property
// {property, value} and update_contact {field_name, value}, into the typed action for that
// property. It returns nils for anything else (including properties with no typed action).
func splitPropertyAction(typ string, m map[string]any) (map[string]any, map[string]any) {
	var prop any
	switch typ {
	case "set_contact_property":
		prop = m["property"]
	case "update_contact":
		prop = m["field_name"]
	default:
		return nil, nil
	}
	target := map[any]string{"name": actions.TypeSetContactName, "language": actions.TypeSetContactLanguage, "timezone": actions.TypeSetContactTimezone}[prop]
	if target == "" {
		return nil, nil
	}
	out := map[string]any{"type": target, "uuid": m["uuid"], prop.(string): m["value"]}
	return out, out
}
