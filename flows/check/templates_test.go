package check

import (
	"slices"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/flows"
)

func TestTemplates(t *testing.T) {
	withFields := func() *flows.Assets {
		a := flows.NewAssets()
		a.Add(&flows.Asset{Kind: flows.AssetField, Identity: "age", Name: "Age"})
		a.Add(&flows.Asset{Kind: flows.AssetGlobal, Identity: "org_name", Name: "Org Name"})
		return a
	}
	tests := []struct {
		name   string
		edits  []any
		assets *flows.Assets
		want   []string
		msg    string
	}{
		{"syntax error in action", []any{"nodes/0/actions/0/text", "Hi @(upper(contact.name) +)"}, nil,
			[]string{"template/syntax-error /nodes/0/actions/0/text"}, "template syntax error at character"},
		{"syntax error in operand", []any{"nodes/1/router/operand", "@(1 +)"}, nil,
			[]string{"template/syntax-error /nodes/1/router/operand"}, ""},
		{"syntax error in case argument", []any{"nodes/1/router/cases/0/arguments", `["@(1 2)", "x"]`}, nil,
			[]string{"template/syntax-error /nodes/1/router/cases/0/arguments/0"}, ""},
		{"syntax error in a translation", []any{"localization/spa/20000000-0000-4000-8000-000000000001/text", `["@(&&)"]`}, nil,
			[]string{"template/syntax-error /localization/spa/20000000-0000-4000-8000-000000000001/text/0"}, ""},
		{"unknown function", []any{"nodes/0/actions/0/text", "@(uper(contact.name))"}, nil,
			[]string{"template/unknown-function /nodes/0/actions/0/text"}, "did you mean 'upper'?"},
		{"wrong argument count", []any{"nodes/0/actions/0/text", "@(upper(contact.name, 2))"}, nil,
			[]string{"template/wrong-arguments /nodes/0/actions/0/text"}, "upper"},
		{"known field", []any{"nodes/0/actions/0/text", "@fields.age and @contact.fields.age"}, withFields(), nil, ""},
		{"unknown field", []any{"nodes/0/actions/0/text", "@fields.agee"}, withFields(),
			[]string{"template/unknown-field /nodes/0/actions/0/text"}, "did you mean 'age'?"},
		{"unknown contact field", []any{"nodes/0/actions/0/text", "@contact.fields.gender"}, withFields(),
			[]string{"template/unknown-field /nodes/0/actions/0/text"}, ""},
		{"fields not declared", []any{"nodes/0/actions/0/text", "@fields.gender"}, nil, nil, ""},
		{"unknown global", []any{"nodes/0/actions/0/text", "@globals.org"}, withFields(),
			[]string{"template/unknown-global /nodes/0/actions/0/text"}, ""},
		{"known global", []any{"nodes/0/actions/0/text", "@globals.org_name"}, withFields(), nil, ""},
		{"unknown result", []any{"nodes/2/actions/0/value", "@results.agee.category"}, nil,
			[]string{"template/unknown-result /nodes/2/actions/0/value"}, "did you mean 'age'?"},
		{"result key is snake-cased", []any{"nodes/1/router/result_name", "Favorite Color", "nodes/2/actions/0/value", "@results.favorite_color"}, nil, nil, ""},
		{"webhook result", []any{"nodes/0/actions/0", `{"uuid": "20000000-0000-4000-8000-000000000001", "type": "call_webhook", "method": "GET", "url": "http://x.io", "result_name": "Lookup"}`,
			"nodes/2/actions/0/value", "@results.lookup"}, nil, nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs := onlyLayer(runFlow(t, mutate(t, baseFlow, tc.edits...), tc.assets), "template")
			got := summary(fs)
			if !slices.Equal(got, tc.want) && len(got)+len(tc.want) > 0 {
				t.Errorf("got  %q\nwant %q\n%q", got, tc.want, messages(fs))
			}
			if tc.msg != "" && !slices.ContainsFunc(fs, func(f flows.Finding) bool { return strings.Contains(f.Message, tc.msg) }) {
				t.Errorf("no message in %q contains %q", messages(fs), tc.msg)
			}
		})
	}
}

func TestTemplateColumn(t *testing.T) {
	m := mutate(t, baseFlow, "nodes/0/actions/0/text", "Hi @fields.agee")
	a := flows.NewAssets()
	a.Declare(flows.AssetField)
	var generic any = m
	src := &source{flows: []*flows.Flow{decodeFlow(t, m)}, pointers: []string{""}, generic: generic,
		position: func(string) (int, int) { return 7, 20 }}
	fs := onlyLayer(run(src, a, a, nil), "template")
	// The string starts (its quote) at column 20; "@" is at offset 3 in the value.
	if len(fs) != 1 || fs[0].Line != 7 || fs[0].Column != 24 {
		t.Fatalf("got %+v, want one finding at 7:24", fs)
	}
}
