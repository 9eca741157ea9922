package read_test

import (
	"testing"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/read"
)

func TestAssets(t *testing.T) {
	// an export: read leniently, for its flows (the engine reads an assets document strictly: see asset_shapes_test.go)
	src := `{"version": "13",
 "channels": [{"uuid": "ch1", "name": "Android", "schemes": ["tel"]}],
 "fields": [{"key": "age", "name": "Age", "type": "numeric"}, {"key": "", "name": "Nameless"}],
 "globals": [{"key": "org", "name": "Org", "value": "U-Report"}],
 "groups": [{"uuid": "g1", "name": "Testers", "query": null}],
 "resthooks": [{"slug": "new-reg", "subscribers": []}],
 "users": [{"uuid": "u1", "email": "bob@x.com", "name": "Bob"}, {"email": "ann@x.com", "name": "Ann"}, {"name": "Nobody"}],
 "labels": [7],
 "topics": {},
 "locations": [{"name": "Rwanda", "children": []}],
 "llms": []
}`
	doc := read.Read("assets.json", []byte(src))
	wantFindings := []string{ // in the order of the asset kinds
		"3:63 schema/invalid-asset /fields/1: field asset has no key: expected a non-empty string",
		"8:13 schema/wrong-type /labels/0: expected an object (one of the labels), found a number",
		"9:12 schema/wrong-type /topics: expected an array of topics, found an object",
		"7:104 schema/invalid-asset /users/2: user has neither uuid nor email: expected at least one",
	}
	got := findings(doc)
	if len(got) != len(wantFindings) {
		t.Fatalf("findings = %q, want %q", got, wantFindings)
	}
	for i := range got {
		if got[i] != wantFindings[i] {
			t.Errorf("finding %d = %q, want %q", i, got[i], wantFindings[i])
		}
	}
	a := doc.Assets
	checks := []struct {
		kind flows.AssetKind
		id   string
		name string
	}{
		{flows.AssetChannel, "ch1", "Android"}, {flows.AssetField, "age", "Age"}, {flows.AssetGlobal, "org", "Org"},
		{flows.AssetGroup, "g1", "Testers"}, {flows.AssetResthook, "new-reg", ""}, {flows.AssetUser, "u1", "Bob"},
		{flows.AssetUser, "bob@x.com", "Bob"}, {flows.AssetUser, "ann@x.com", "Ann"}, {flows.AssetLocation, "Rwanda", "Rwanda"},
	}
	for _, c := range checks {
		as := a.Get(c.kind, c.id)
		if as == nil || as.Name != c.name {
			t.Errorf("asset %s %q = %+v, want name %q", c.kind, c.id, as, c.name)
		}
	}
	if typ := a.Get(flows.AssetField, "age").Extra["type"]; typ != "number" {
		t.Errorf("export field type numeric read as %v, want number", typ)
	}
	for _, k := range []flows.AssetKind{flows.AssetChannel, flows.AssetLabel} {
		if !a.Declared(k) {
			t.Errorf("%s should be declared", k)
		}
	}
	// An empty list declares nothing: exports write "llms": [] when they leave LLMs out.
	for _, k := range []flows.AssetKind{flows.AssetFlow, flows.AssetTopic, flows.AssetOptIn, flows.AssetLLM} {
		if a.Declared(k) {
			t.Errorf("%s should not be declared", k)
		}
	}
	if !doc.EmptyAssetLists[flows.AssetLLM] || len(doc.EmptyAssetLists) != 1 {
		t.Errorf("empty lists %v, want llms", doc.EmptyAssetLists)
	}
}

func TestLoadAssets(t *testing.T) {
	flowDoc := read.Read("flow.json", []byte(`{"uuid": "f1", "name": "Mine", "spec_version": "14.1.0", "type": "messaging", "nodes": []}`))
	orgA := read.Read("a.json", []byte(`{"groups": [{"uuid": "0e1b5c5e-7c1d-4a8e-9d1e-1f2a3b4c5d01", "name": "Old"}], "flows": [{"uuid": "f2", "name": "Other", "spec_version": "14.1.0", "type": "voice", "nodes": []}]}`))
	orgB := read.Read("b.json", []byte(`{"groups": [{"uuid": "0e1b5c5e-7c1d-4a8e-9d1e-1f2a3b4c5d01", "name": "New"}, {"uuid": "0e1b5c5e-7c1d-4a8e-9d1e-1f2a3b4c5d02", "name": "Two"}], "flows": [{"uuid": "f2", "name": "Other v2", "spec_version": "14.1.0", "type": "voice", "nodes": []}]}`))

	all := read.LoadAssets(flowDoc, orgA, orgB, nil)
	if g := all.Get(flows.AssetGroup, "0e1b5c5e-7c1d-4a8e-9d1e-1f2a3b4c5d01"); g == nil || g.Name != "New" {
		t.Errorf("later document should win: g1 = %+v", g)
	}
	if all.Get(flows.AssetGroup, "0e1b5c5e-7c1d-4a8e-9d1e-1f2a3b4c5d02") == nil || all.Get(flows.AssetFlow, "f1") == nil {
		t.Errorf("assets missing after merge")
	}
	if f := all.Get(flows.AssetFlow, "f2"); f == nil || f.Name != "Other v2" || f.Extra["type"] != "voice" {
		t.Errorf("flow asset f2 = %+v", f)
	}
	if len(all.Flows) != 2 || all.Flows[1].Name != "Other v2" {
		t.Errorf("merged flows = %d, second %q", len(all.Flows), all.Flows[1].Name)
	}
	if !all.Declared(flows.AssetFlow) || !all.Declared(flows.AssetGroup) || all.Declared(flows.AssetField) {
		t.Errorf("declared kinds wrong after merge")
	}
	if alone := read.LoadAssets(flowDoc); alone.Declared(flows.AssetFlow) || alone.Get(flows.AssetFlow, "f1") == nil {
		t.Errorf("a bare flow alone must provide itself without declaring flows")
	}
}

// TestExportFieldShapes: fields of current exports (name, type "numeric") and of older ones
// (label, one-letter value_type) read as goflow fields.
func TestExportFieldShapes(t *testing.T) {
	tests := []struct {
		field, wantName, wantType string
	}{
		{`{"key": "age", "name": "Age", "type": "numeric"}`, "Age", "number"},
		{`{"key": "age", "name": "Age", "type": "text"}`, "Age", "text"},
		{`{"key": "age", "label": "Age", "value_type": "N"}`, "Age", "number"},
		{`{"key": "born", "label": "Born", "value_type": "D"}`, "Born", "datetime"},
		{`{"key": "ward", "label": "Ward", "value_type": "W"}`, "Ward", "ward"},
		{`{"key": "x", "name": "X", "label": "Old", "type": "state", "value_type": "T"}`, "X", "state"},
	}
	for _, tc := range tests {
		doc := read.Read("x.json", []byte(`{"version": "13", "flows": [], "fields": [`+tc.field+`]}`))
		if len(doc.Findings) > 0 {
			t.Fatalf("%s: findings %v", tc.field, doc.Findings)
		}
		all := doc.Assets.All(flows.AssetField)
		if len(all) != 1 || all[0].Name != tc.wantName || all[0].Extra["type"] != tc.wantType {
			t.Errorf("%s: read %+v, want name %q type %q", tc.field, all, tc.wantName, tc.wantType)
		}
	}
}
