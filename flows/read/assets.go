package read

import (
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

// readAssets reads one kind's list from an assets document or export.
func (d *decoder) readAssets(kind flows.AssetKind, g any) {
	d.push(string(kind))
	defer d.pop()
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
		d.readAsset(kind, e)
		d.pop()
	}
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
	key := identityKeys[kind]
	if key == "" {
		key = "uuid"
	}
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
