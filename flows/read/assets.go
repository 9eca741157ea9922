package read

import (
	"fmt"

	"github.com/flowctl/flowctl/flows"
)

// identityKeys says which property identifies an asset of each kind.
var identityKeys = map[flows.AssetKind]string{
	flows.AssetField:    "key",
	flows.AssetGlobal:   "key",
	flows.AssetResthook: "slug",
	flows.AssetLocation: "name",
}

// exportFieldTypes maps the value types RapidPro exports write to the goflow names: "numeric"
// in current exports, and the one-letter codes of older ones (whose fields have label and
// value_type instead of name and type).
var exportFieldTypes = map[string]string{
	"numeric": "number",
	"T":       "text", "N": "number", "D": "datetime", "S": "state", "I": "district", "W": "ward",
}

// readAssets reads one kind's list, found at key, from an assets document or export.
func (d *decoder) readAssets(kind flows.AssetKind, key string, g any) {
	d.push(flows.EscapePointerToken(key))
	defer d.pop()
	if d.engineAssets && assetShapes[kind] == nil && kind != flows.AssetClassifier && kind != flows.AssetOptIn {
		return
	}
	if d.engineAssets && (kind == flows.AssetClassifier || kind == flows.AssetOptIn) {
		d.readIgnoredAssets(kind, g)
		return
	}
	arr, ok := g.([]any)
	if !ok {
		if g != nil {
			d.wrongType("an array of "+string(kind), g)
		}
		return
	}
	if len(arr) == 0 {
		// Exports write "fields": [] when they leave fields out as much as when there are none:
		// an empty list declares nothing, so references to the kind can't be checked rather
		// than all being missing.
		if d.doc.EmptyAssetLists == nil {
			d.doc.EmptyAssetLists = map[flows.AssetKind]bool{}
		}
		d.doc.EmptyAssetLists[kind] = true
		return
	}
	d.doc.Assets.Declare(kind)
	for i, e := range arr {
		d.pushIndex(i)
		if d.engineAssets {
			e, _ = d.canonicalKeys(e, assetShapes[kind])
			if e == nil && kind != flows.AssetLocation {
				d.errorf(CodeInvalidAsset, "%s asset is null: expected an object; remove the null from the list", singular(kind))
			} else if e != nil && !d.checkAssetShape(kind, e) {
				d.pop()
				continue
			}
		}
		if e != nil {
			d.readAsset(kind, e)
		}
		d.pop()
	}
}

// checkAssetShape reports where an asset isn't of the shape the engine reads; false when the
// asset can't be used at all.
func (d *decoder) checkAssetShape(kind flows.AssetKind, g any) bool {
	n := len(d.doc.Findings)
	d.checkShape(g, assetShapes[kind], singular(kind))
	for _, f := range d.doc.Findings[n:] {
		// an asset without its identity can't be referred to: don't add it as well
		if f.Pointer == d.pointer() || f.Pointer == d.pointer()+"/"+identityKey(kind) {
			return false
		}
	}
	return true
}

// readIgnoredAssets reads the classifiers and opt-ins of an assets document, which the engine
// doesn't read at all: they serve flowctl's own checks, and a bad one is a warning, not an error.
func (d *decoder) readIgnoredAssets(kind flows.AssetKind, g any) {
	arr, ok := g.([]any)
	if !ok {
		if g != nil {
			d.report(flows.SeverityWarning, CodeWrongType, d.pointer(), fmt.Sprintf("expected an array of %s, found %s; the engine ignores %s in an assets document, so this is only a warning", kind, jsonKind(g), kind))
		}
		return
	}
	if len(arr) > 0 {
		d.doc.Assets.Declare(kind)
	}
	for i, e := range arr {
		d.pushIndex(i)
		m, _ := e.(map[string]any)
		id, _ := m["uuid"].(string)
		if id == "" {
			d.report(flows.SeverityWarning, CodeInvalidAsset, d.pointer(), fmt.Sprintf("%s asset has no uuid, so no flow can refer to it; the engine ignores %s in an assets document", singular(kind), kind))
		} else {
			name, _ := m["name"].(string)
			d.doc.Assets.Add(&flows.Asset{Kind: kind, Identity: id, Name: name, Extra: m})
		}
		d.pop()
	}
}

func identityKey(kind flows.AssetKind) string {
	if k := identityKeys[kind]; k != "" {
		return k
	}
	return "uuid"
}

func (d *decoder) readAsset(kind flows.AssetKind, g any) {
	m, ok := g.(map[string]any)
	if !ok {
		d.wrongType("an object (one of the "+string(kind)+")", g)
		return
	}
	name, _ := m["name"].(string)
	if kind == flows.AssetField {
		if _, has := m["name"]; !has {
			name, _ = m["label"].(string)
		}
		t, ok := m["type"].(string)
		if _, has := m["type"]; !has {
			t, ok = m["value_type"].(string)
		}
		if ok && exportFieldTypes[t] != "" {
			m = withKey(m, "type", exportFieldTypes[t])
		}
	}
	if kind == flows.AssetUser {
		// users are found by UUID in current flows and by email in older ones
		uuid, _ := m["uuid"].(string)
		email, _ := m["email"].(string)
		if uuid == "" && email == "" {
			d.errorf(CodeInvalidAsset, "user has neither uuid nor email: expected at least one")
			return
		}
		for _, id := range []string{uuid, email} {
			if id != "" {
				d.doc.Assets.Add(&flows.Asset{Kind: kind, Identity: id, Name: name, Extra: m})
			}
		}
		return
	}
	key := identityKey(kind)
	id, _ := m[key].(string)
	if id == "" {
		d.errorf(CodeInvalidAsset, "%s asset has no %s: expected a non-empty string", singular(kind), key)
		return
	}
	d.doc.Assets.Add(&flows.Asset{Kind: kind, Identity: id, Name: name, Extra: m})
}

func singular(k flows.AssetKind) string {
	s := string(k)
	return s[:len(s)-1]
}

// LoadAssets merges the assets of documents (their flows included) into one set; when two
// declare the same asset, the later document wins, so --assets files can override a file's own.
func LoadAssets(docs ...*Document) *flows.Assets {
	out := flows.NewAssets()
	flowIndex := map[string]int{}
	for _, doc := range docs {
		if doc == nil || doc.Assets == nil {
			continue
		}
		for _, kind := range append([]flows.AssetKind{flows.AssetFlow}, assetKinds...) {
			declared := doc.Assets.Declared(kind)
			if declared {
				out.Declare(kind)
			}
			for _, a := range doc.Assets.All(kind) {
				if declared {
					out.Add(a)
				} else {
					out.Provide(a)
				}
			}
		}
		for _, f := range doc.Assets.Flows {
			if i, ok := flowIndex[f.UUID]; ok && f.UUID != "" {
				out.Flows[i] = f
				continue
			}
			flowIndex[f.UUID] = len(out.Flows)
			out.Flows = append(out.Flows, f)
		}
	}
	return out
}
