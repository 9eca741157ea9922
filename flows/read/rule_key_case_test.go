package read_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/check"
	"github.com/flowctl/flowctl/flows/read"
)

// The engine reads a flow's JSON as Go does, matching keys to properties ignoring case: a key
// that differs from its property only in case is read (with a warning), and the exact key wins
// over one that matches by case alone.
func TestKeyCase(t *testing.T) {
	tests := []struct {
		name     string
		edit     func(flow, node, action map[string]any)
		warnings []string // pointers of the key-case warnings
		text     string   // the send_msg's text as read
	}{
		{"as written", func(f, n, a map[string]any) {}, nil, "hi"},
		{"Text", func(f, n, a map[string]any) { a["Text"] = a["text"]; delete(a, "text") }, []string{"/nodes/0/actions/0/Text"}, "hi"},
		{"TYPE", func(f, n, a map[string]any) { a["TYPE"] = a["type"]; delete(a, "type") }, []string{"/nodes/0/actions/0/TYPE"}, "hi"},
		{"node UUID", func(f, n, a map[string]any) { n["UUID"] = n["uuid"]; delete(n, "uuid") }, []string{"/nodes/0/UUID"}, "hi"},
		{"Actions", func(f, n, a map[string]any) { n["Actions"] = n["actions"]; delete(n, "actions") }, []string{"/nodes/0/Actions"}, "hi"},
		{"Spec_Version", func(f, n, a map[string]any) { f["Spec_Version"] = f["spec_version"]; delete(f, "spec_version") }, []string{"/Spec_Version"}, "hi"},
		{"exact key wins", func(f, n, a map[string]any) { a["TEXT"] = "shout" }, nil, "hi"},
		{"of two by case, the last in order", func(f, n, a map[string]any) { a["TEXT"] = "shout"; a["Text"] = "say"; delete(a, "text") }, []string{"/nodes/0/actions/0/Text"}, "say"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			action := map[string]any{"uuid": "a0000000-0000-4000-8000-000000000001", "type": "send_msg", "text": "hi"}
			node := map[string]any{"uuid": "b0000000-0000-4000-8000-000000000001", "actions": []any{action},
				"exits": []any{map[string]any{"uuid": "c0000000-0000-4000-8000-000000000001"}}}
			flow := map[string]any{"uuid": "f0000000-0000-4000-8000-000000000001", "name": "T", "spec_version": "14.3.0", "language": "eng",
				"type": "messaging", "nodes": []any{node}}
			tc.edit(flow, node, action)
			src, _ := json.Marshal(flow)
			doc := read.Read("t.json", src)
			var warnings, errs []string
			for _, f := range check.Check(doc, nil) {
				switch {
				case f.Severity == flows.SeverityError:
					errs = append(errs, f.Code+" "+f.Pointer+": "+f.Message)
				case f.Code == read.CodeKeyCase:
					warnings = append(warnings, f.Pointer)
				}
			}
			if len(errs) > 0 {
				t.Errorf("errors %v", errs)
			}
			if !slices.Equal(warnings, tc.warnings) {
				t.Errorf("key-case warnings at %v, want %v", warnings, tc.warnings)
			}
			if len(doc.Flows) != 1 || len(doc.Flows[0].Nodes) != 1 || len(doc.Flows[0].Nodes[0].Actions) != 1 {
				t.Fatalf("the flow's action isn't read")
			}
			b, _ := json.Marshal(doc.Flows[0].Nodes[0].Actions[0])
			var got struct{ Text string }
			_ = json.Unmarshal(b, &got)
			if got.Text != tc.text {
				t.Errorf("text %q, want %q", got.Text, tc.text)
			}
		})
	}
}

// An assets document is read the same way: keys matched by case alone, and an integer written
// with digits only.
func TestAssetKeyCaseAndIntegers(t *testing.T) {
	tests := []struct {
		name     string
		group    string
		template string
		warnings []string
		errors   bool
	}{
		{"as written", `{"uuid": "a1000000-0000-4000-8000-000000000001", "name": "G"}`, `[]`, nil, false},
		{"UUID", `{"UUID": "a1000000-0000-4000-8000-000000000001", "Name": "G"}`, `[]`, []string{"/groups/0/Name", "/groups/0/UUID"}, false},
		{"nested", `{"uuid": "a1000000-0000-4000-8000-000000000001", "name": "G"}`,
			`[{"uuid": "a2000000-0000-4000-8000-000000000001", "name": "T", "Translations": [{"Components": [{"name": "body", "variables": {"1": 0}}]}]}]`,
			[]string{"/templates/0/Translations", "/templates/0/Translations/0/Components"}, false},
		{"variable index 0.0", `{"uuid": "a1000000-0000-4000-8000-000000000001", "name": "G"}`,
			`[{"uuid": "a2000000-0000-4000-8000-000000000001", "name": "T", "translations": [{"components": [{"name": "body", "variables": {"1": 0.0}}]}]}]`, nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := `{"flows": [{"uuid": "f0000000-0000-4000-8000-000000000001", "name": "T", "spec_version": "14.3.0", "language": "eng", "type": "messaging",
"nodes": [{"uuid": "b0000000-0000-4000-8000-000000000001", "actions": [{"uuid": "c0000000-0000-4000-8000-000000000001", "type": "add_contact_groups",
"groups": [{"uuid": "a1000000-0000-4000-8000-000000000001", "name": "G"}]}], "exits": [{"uuid": "d0000000-0000-4000-8000-000000000001"}]}]}],
"groups": [` + tc.group + `], "templates": ` + tc.template + `}`
			var warnings, errs []string
			for _, f := range check.Check(read.Read("t.json", []byte(src)), nil) {
				switch {
				case f.Severity == flows.SeverityError:
					errs = append(errs, f.Code+" "+f.Pointer+": "+f.Message)
				case f.Code == read.CodeKeyCase:
					warnings = append(warnings, f.Pointer)
				}
			}
			if got := len(errs) > 0; got != tc.errors {
				t.Errorf("errors %v, want some: %v", errs, tc.errors)
			}
			slices.Sort(warnings)
			if !slices.Equal(warnings, tc.warnings) {
				t.Errorf("key-case warnings at %v, want %v", warnings, tc.warnings)
			}
		})
	}
}

// The document's own keys too: "Flows" holds the flows and "Groups" the groups.
func TestDocumentKeyCase(t *testing.T) {
	src := `{"Flows": [{"uuid": "f0000000-0000-4000-8000-000000000001", "name": "T", "spec_version": "14.3.0", "language": "eng", "type": "messaging",
"nodes": [{"uuid": "b0000000-0000-4000-8000-000000000001", "actions": [{"uuid": "c0000000-0000-4000-8000-000000000001", "type": "add_contact_groups",
"groups": [{"uuid": "a1000000-0000-4000-8000-000000000001", "name": "G"}]}], "exits": [{"uuid": "d0000000-0000-4000-8000-000000000001"}]}]}],
"Groups": [{"uuid": "a1000000-0000-4000-8000-000000000001", "name": "G"}]}`
	doc := read.Read("t.json", []byte(src))
	var warnings, errs []string
	for _, f := range check.Check(doc, nil) {
		switch {
		case f.Severity == flows.SeverityError:
			errs = append(errs, f.Code+" "+f.Pointer+": "+f.Message)
		case f.Code == read.CodeKeyCase:
			warnings = append(warnings, f.Pointer)
		}
	}
	slices.Sort(warnings)
	if len(errs) > 0 || !slices.Equal(warnings, []string{"/Flows", "/Groups"}) || len(doc.Flows) != 1 {
		t.Errorf("errors %v, key-case warnings %v, %d flows read; want none, /Flows and /Groups, 1", errs, warnings, len(doc.Flows))
	}
}
