package check

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/read"
)

func TestAssets(t *testing.T) {
	const groupUUID = "70000000-0000-4000-8000-000000000000"
	withGroups := func(names ...string) *flows.Assets {
		a := flows.NewAssets()
		a.Declare(flows.AssetGroup)
		for i, n := range names {
			id := groupUUID
			if i > 0 {
				id = "70000000-0000-4000-8000-00000000000" + string(rune('0'+i))
			}
			a.Add(&flows.Asset{Kind: flows.AssetGroup, Identity: id, Name: n})
		}
		return a
	}
	addGroup := `{"uuid": "20000000-0000-4000-8000-000000000002", "type": "add_contact_groups", "groups": [{"uuid": "` + groupUUID + `", "name": "Testers"}]}`
	hasGroup := `{"uuid": "60000000-0000-4000-8000-000000000000", "type": "has_group", "arguments": ["` + groupUUID + `", "Testers"], "category_uuid": "50000000-0000-4000-8000-000000000000"}`
	tests := []struct {
		name   string
		edits  []any
		assets *flows.Assets
		want   []string
	}{
		{"found", []any{"nodes/2/actions/0", addGroup}, withGroups("Testers"), nil},
		{"nothing declares groups", []any{"nodes/2/actions/0", addGroup}, nil,
			[]string{"asset/undeclared-kind /nodes/2/actions/0/groups/0"}},
		{"declared but missing", []any{"nodes/2/actions/0", addGroup}, withGroups(),
			[]string{"asset/missing /nodes/2/actions/0/groups/0"}},
		{"other groups declared", []any{"nodes/2/actions/0", addGroup}, func() *flows.Assets {
			a := flows.NewAssets()
			a.Add(&flows.Asset{Kind: flows.AssetGroup, Identity: "70000000-0000-4000-8000-00000000000f", Name: "Testers"})
			return a
		}(), []string{"asset/missing /nodes/2/actions/0/groups/0"}},
		{"name differs", []any{"nodes/2/actions/0", addGroup}, withGroups("Beta Testers"),
			[]string{"asset/name-mismatch /nodes/2/actions/0/groups/0"}},
		{"has_group case", []any{"nodes/1/router/cases/0", hasGroup}, withGroups(),
			[]string{"asset/missing /nodes/1/router/cases/0/arguments/0"}},
		{"has_group case found", []any{"nodes/1/router/cases/0", hasGroup}, withGroups("Testers"), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := summary(onlyLayer(runFlow(t, mutate(t, baseFlow, tc.edits...), tc.assets), "asset"))
			if !slices.Equal(got, tc.want) && len(got)+len(tc.want) > 0 {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestAssetMessages(t *testing.T) {
	a := flows.NewAssets()
	a.Add(&flows.Asset{Kind: flows.AssetGroup, Identity: "70000000-0000-4000-8000-00000000000f", Name: "Testers"})
	m := mutate(t, baseFlow, "nodes/2/actions/0", `{"uuid": "20000000-0000-4000-8000-000000000002", "type": "add_contact_groups", "groups": [{"uuid": "70000000-0000-4000-8000-000000000000", "name": "Testers"}]}`)
	fs := onlyLayer(runFlow(t, m, a), "asset")
	want := "group '70000000-0000-4000-8000-000000000000' ('Testers') is not among the declared groups; the group named 'Testers' has identity '70000000-0000-4000-8000-00000000000f'"
	if len(fs) != 1 || fs[0].Message != want {
		t.Errorf("got %q, want %q", messages(fs), want)
	}
	if len(fs) == 1 && (fs[0].ActionUUID != "20000000-0000-4000-8000-000000000002" || fs[0].NodeUUID != "30000000-0000-4000-8000-000000000002" || fs[0].FlowUUID != "10000000-0000-4000-8000-000000000000") {
		t.Errorf("UUIDs not filled: %+v", fs[0])
	}
}

// TestMissingSeverity: a missing asset is an error when --assets declares its kind, and a
// warning when only the file itself does (goflow reads such flows).
func TestMissingSeverity(t *testing.T) {
	own := flows.NewAssets()
	own.Declare(flows.AssetGroup)
	own.Declare(flows.AssetField)
	m := mutate(t, baseFlow,
		"nodes/2/actions/0", `{"uuid": "20000000-0000-4000-8000-000000000002", "type": "add_contact_groups", "groups": [{"uuid": "70000000-0000-4000-8000-000000000000", "name": "Testers"}]}`,
		"nodes/0/actions/0/text", "@fields.nope")
	for _, tc := range []struct {
		name      string
		workspace *flows.Assets
		want      flows.Severity
	}{
		{"declared by the file", nil, flows.SeverityWarning},
		{"declared by --assets", own, flows.SeverityError},
	} {
		b, _ := json.Marshal(m)
		var generic any
		_ = json.Unmarshal(b, &generic)
		fs := run(&source{flows: []*flows.Flow{decodeFlow(t, m)}, pointers: []string{""}, generic: generic}, own, tc.workspace, nil)
		got := onlyLayer(fs, "asset", "template")
		if len(got) != 2 {
			t.Fatalf("%s: got %q", tc.name, summary(got))
		}
		for _, f := range got {
			if f.Severity != tc.want {
				t.Errorf("%s: %s is a %s, want %s", tc.name, f.Code, f.Severity, tc.want)
			}
			// A warning says why it isn't an error and how to make it one; an error doesn't.
			explained := strings.Contains(f.Message, "(a warning: only this file declares ") && strings.Contains(f.Message, "with --assets declaring ")
			if explained != (tc.want == flows.SeverityWarning) {
				t.Errorf("%s: %s message %q: explained=%v", tc.name, f.Code, f.Message, explained)
			}
		}
	}
}

// TestMissingAssetSuggestions: a missing asset suggests the declared one whose name is nearest
// the reference's name, else the nearest identity, else nothing.
func TestMissingAssetSuggestions(t *testing.T) {
	ref := func(uuid, name string) string {
		return `{"uuid": "20000000-0000-4000-8000-000000000002", "type": "add_contact_groups", "groups": [{"uuid": "` + uuid + `", "name": "` + name + `"}]}`
	}
	a := flows.NewAssets()
	a.Add(&flows.Asset{Kind: flows.AssetGroup, Identity: "70000000-0000-4000-8000-00000000000f", Name: "Beta Testers"})
	tests := []struct {
		name, action, want string
	}{
		{"near name", ref("70000000-0000-4000-8000-000000000000", "Beta Tester"), "; did you mean the group 'Beta Testers' ('70000000-0000-4000-8000-00000000000f')?"},
		{"near identity", ref("70000000-0000-4000-8000-00000000000e", "Customers"), "; did you mean '70000000-0000-4000-8000-00000000000f'?"},
		{"nothing near", ref("12345678-1234-4234-8234-123456789abc", "Customers"), "is not among the 1 declared groups"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs := onlyLayer(runFlow(t, mutate(t, baseFlow, "nodes/2/actions/0", tc.action), a), "asset")
			if len(fs) != 1 || !strings.Contains(fs[0].Message, tc.want) {
				t.Fatalf("got %q, want a message containing %q", messages(fs), tc.want)
			}
			if tc.name == "nothing near" && strings.Contains(fs[0].Message, "did you mean") {
				t.Errorf("suggested something far: %q", fs[0].Message)
			}
		})
	}
}

// TestSuggestionsAmongManyAssets: with thousands of declared groups (and the index behind the
// suggestions), a damaged UUID and a mistyped name still get the right "did you mean".
func TestSuggestionsAmongManyAssets(t *testing.T) {
	src := string(missingAssetsExport(5000, 10, 1))
	// a reference to group 1234 with one character of its UUID damaged and a name that is
	// nowhere near, and one to a name one letter off
	src = strings.Replace(src, `{"uuid": "07000000-0000-4000-8000-000000000001", "name": "Missing group 1"}`,
		`{"uuid": "06000x00-0000-4000-8000-0000000004d2", "name": "Something else"}`, 1)
	src = strings.Replace(src, `{"uuid": "07000000-0000-4000-8000-000000000002", "name": "Missing group 2"}`,
		`{"uuid": "07000000-0000-4000-8000-000000000002", "name": "Group number 77 of the orgg"}`, 1)
	findings := Check(read.Read("export.json", []byte(src)), nil)
	want := map[string]string{
		"/flows/0/nodes/0/actions/0/groups/0": "did you mean '06000000-0000-4000-8000-0000000004d2'?",
		"/flows/0/nodes/1/actions/0/groups/0": "did you mean the group 'Group number 77 of the org' ('06000000-0000-4000-8000-00000000004d')?",
	}
	for _, f := range findings {
		if w, ok := want[f.Pointer]; ok && f.Code == "asset/missing" {
			if !strings.Contains(f.Message, w) {
				t.Errorf("%s: %s\nwant it to say %s", f.Pointer, f.Message, w)
			}
			delete(want, f.Pointer)
		}
	}
	for p, w := range want {
		t.Errorf("no asset/missing finding at %s (want %q)", p, w)
	}
}
