package read_test

import (
	"encoding/json"
	"testing"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/check"
	"github.com/flowctl/flowctl/flows/read"
)

// The engine reads a flow's spec_version as a semantic version (leniently: "13", "v13.1",
// "13.1.0-beta", "+build" ignored) and migrates the flow from it. It refuses a later major or
// minor version than its own (14.4), whatever the patch, and a pre-release no migration brings to
// a release; a flow in the current format that says it is older than 13.0.0 is read, and migrated
// as a 13.0.0 one.
func TestRuleSpecVersion(t *testing.T) {
	tests := []struct {
		version string
		read    bool
		code    string // the finding at /spec_version, if any
	}{
		{"14.4.2", true, ""},
		{"14.4.9", true, ""},
		{"14.4", true, ""},
		{"13", true, ""},
		{"v13.1.0", true, ""},
		{"013.1.0", true, ""},
		{"13.0.0-beta.1", true, ""},
		{"14.4.2-rc1", true, ""},
		{"14.1.0+build.5", true, ""},
		{"14.5.0", false, read.CodeUnsupportedVersion},
		{"15.0.0", false, read.CodeUnsupportedVersion},
		{"14.4.3-beta", false, read.CodeUnsupportedVersion},
		{"12.0", true, read.CodeOldVersion},
		{"0.5", true, read.CodeOldVersion},
		{"13.0.0.1", true, read.CodeInvalidVersion},
		{" 13.0.0", true, read.CodeInvalidVersion},
		{"13.x", true, read.CodeInvalidVersion},
		{"13.0.0-", true, read.CodeInvalidVersion},
		{"", true, read.CodeInvalidVersion},
	}
	for _, tc := range tests {
		t.Run(tc.version, func(t *testing.T) {
			src := `{"uuid": "f0000000-0000-4000-8000-000000000001", "name": "V", "spec_version": "` + tc.version + `", "language": "eng", "type": "messaging", "nodes": []}`
			doc := read.Read("v.json", []byte(src))
			if got := len(doc.Flows) == 1; got != tc.read {
				t.Errorf("read the flow: %v, want %v", got, tc.read)
			}
			var codes []string
			for _, f := range doc.Findings {
				codes = append(codes, f.Code)
				if f.Pointer != "/spec_version" {
					t.Errorf("finding at %s, want /spec_version: %s", f.Pointer, f.Message)
				}
			}
			if want := tc.code; (want == "" && len(codes) != 0) || (want != "" && (len(codes) != 1 || codes[0] != want)) {
				t.Errorf("findings %v, want %q", codes, want)
			}
		})
	}
}

// The migrations the engine applies to a flow older than their version include two that make
// values of the wrong type right: up to 13.2 a language that isn't a three-letter code (even a
// number or null) becomes "und", and up to 14.0 a category whose name isn't a non-empty string
// (null, missing, a number) is named "Match". Newer flows with such values are refused. Every
// check of validate sees the flow as migrated.
func TestRulePremigrateWrongTypes(t *testing.T) {
	tests := []struct {
		name     string
		version  string
		language any // "absent": no language key
		catName  any // "absent": no name key
		wantLang string
		wantCat  string
		wantErr  bool
	}{
		{"numeric language before 13.2", "13.1.0", 5, "Yes", "und", "Yes", false},
		{"null language before 13.2", "13.0.0", nil, "Yes", "und", "Yes", false},
		{"numeric language from 13.2", "13.2.0", 5, "Yes", "", "Yes", true},
		{"null category name before 14", "13.6.0", "eng", nil, "eng", "Match", false},
		{"missing category name before 14", "12.0", "eng", "absent", "eng", "Match", false},
		{"numeric category name before 14", "13.0.0", "eng", 7, "eng", "Match", false},
		{"null category name from 14", "14.0.0", "eng", nil, "eng", "", true},
		{"missing category name from 14", "14.4.2", "eng", "absent", "eng", "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cat := map[string]any{"uuid": "c0000000-0000-4000-8000-000000000001", "exit_uuid": "e0000000-0000-4000-8000-000000000001"}
			if tc.catName != "absent" {
				cat["name"] = tc.catName
			}
			flow := map[string]any{"uuid": "f0000000-0000-4000-8000-000000000001", "name": "P", "spec_version": tc.version, "type": "messaging",
				"nodes": []any{map[string]any{"uuid": "a0000000-0000-4000-8000-000000000001",
					"router": map[string]any{"type": "random", "categories": []any{cat}},
					"exits":  []any{map[string]any{"uuid": "e0000000-0000-4000-8000-000000000001"}}}}}
			if tc.language != "absent" {
				flow["language"] = tc.language
			}
			src, _ := json.Marshal(flow)
			doc := read.Read("p.json", src)
			var errs []string
			for _, f := range check.Check(doc, nil) {
				if f.Severity == flows.SeverityError {
					errs = append(errs, f.Code+" "+f.Pointer)
				}
			}
			if tc.wantErr {
				if len(errs) == 0 {
					t.Errorf("no error, want the value refused")
				}
				return
			}
			if len(errs) > 0 {
				t.Fatalf("errors %v", errs)
			}
			f := doc.Flows[0]
			if f.Language != tc.wantLang || f.Nodes[0].Router.Categories[0].Name != tc.wantCat {
				t.Errorf("language %q, category %q; want %q, %q", f.Language, f.Nodes[0].Router.Categories[0].Name, tc.wantLang, tc.wantCat)
			}
		})
	}
}
