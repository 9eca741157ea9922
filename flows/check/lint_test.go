package check

import (
	"slices"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/flows/read"
)

func TestLint(t *testing.T) {
	tests := []struct {
		name  string
		edits []any
		want  []string
	}{
		{"unreachable node", []any{"nodes/0/exits/0/destination_uuid", "30000000-0000-4000-8000-000000000002"},
			[]string{"lint/result-not-yet-set /nodes/2/actions/0/value", "lint/unreachable-node /nodes/1"}},
		{"loop without wait", []any{"nodes/2/exits/0/destination_uuid", "30000000-0000-4000-8000-000000000002"},
			[]string{"lint/loop-without-wait /nodes/2"}},
		{"two-node loop without wait", []any{"nodes/1/router/wait", nil, "nodes/1/router/categories/2", nil},
			[]string{"lint/loop-without-wait /nodes/1"}},
		{"loop through a subflow is fine", []any{"nodes/2/exits/0/destination_uuid", "30000000-0000-4000-8000-000000000002",
			"nodes/2/actions/0", `{"uuid": "20000000-0000-4000-8000-000000000002", "type": "enter_flow", "flow": {"uuid": "10000000-0000-4000-8000-00000000000f", "name": "Sub"}}`}, nil},
		{"loop through a wait is fine", []any{"nodes/2/exits/0/destination_uuid", "30000000-0000-4000-8000-000000000001"}, nil},
		{"result read before it is saved", []any{"nodes/0/actions/0/text", "You said @results.age"},
			[]string{"lint/result-not-yet-set /nodes/0/actions/0/text"}},
		{"result saved earlier in the same node", []any{"nodes/2/actions", `[
			{"uuid": "20000000-0000-4000-8000-000000000003", "type": "set_run_result", "name": "Done", "value": "@results.done"},
			{"uuid": "20000000-0000-4000-8000-000000000004", "type": "set_run_result", "name": "Again", "value": "@results.done"}]`},
			[]string{"lint/result-not-yet-set /nodes/2/actions/0/value"}},
		{"missing translation", []any{"localization/spa/20000000-0000-4000-8000-000000000001", `{"quick_replies": ["sí"]}`},
			[]string{"lint/missing-translation /nodes/0/actions/0"}},
		{"base language needs no translation", []any{"localization/eng", `{}`}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := summary(onlyLayer(runFlow(t, mutate(t, baseFlow, tc.edits...), nil), "lint"))
			if !slices.Equal(got, tc.want) && len(got)+len(tc.want) > 0 {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

// TestLintDeprecated: every read of a deprecated context path is a finding naming the
// replacement, whatever the syntax; paths that only start like one are not.
func TestLintDeprecated(t *testing.T) {
	tests := []struct {
		text string
		want []string // the findings' replacements
	}{
		{"@contact.id", []string{"@contact.ref"}},
		{"@(contact.id + 1) and @CONTACT.TICKETS", []string{"@contact.ref", "@ticket"}},
		{`@(contact["id"])`, []string{"@contact.ref"}},
		{"@legacy_extra.value @legacy_extra", []string{"@webhook.json", "@webhook.json"}},
		{"@child.run.status @parent.run.status", []string{"@child.status", "@parent.status"}},
		{"@child.status @contact.ref @contact.identifier @child.run", nil},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			fs := onlyLayer(runFlow(t, mutate(t, baseFlow, "nodes/0/actions/0/text", tc.text), nil), "lint")
			var got []string
			for _, f := range fs {
				if f.Code != "lint/deprecated" {
					continue
				}
				_, repl, _ := strings.Cut(f.Message, "use ")
				got = append(got, strings.TrimSuffix(repl, " instead"))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestHasWords(t *testing.T) {
	for text, want := range map[string]bool{
		"Hi @contact.name":                  true,
		"OK":                                true,
		"¿Cómo estás?":                      true,
		"👍":                                 false,
		"1.":                                false,
		"A":                                 false,
		"@contact.name @fields.first_name":  false,
		"@(upper(\"hello there\"))":         false,
		"https://example.org/image.png":     false,
		"See https://example.org/a.png now": true,
		"@@ 5 @":                            false,
		"@results.q1.value.":                false,
	} {
		if got := hasWords(text); got != want {
			t.Errorf("hasWords(%q) = %v, want %v", text, got, want)
		}
	}
}

// TestNoiseRules: quick replies, attachments and texts without words are not missing
// translations; an empty asset list declares nothing, so the references to its kind are one
// problem (asset/undeclared-kind) rather than each a missing asset.
func TestNoiseRules(t *testing.T) {
	src := `{"version": "13", "fields": [], "flows": [{"uuid": "f0000000-0000-4000-8000-000000000001", "name": "F", "spec_version": "13.1.0",
  "language": "eng", "type": "messaging", "localization": {"fra": {}},
  "nodes": [{"uuid": "d0000000-0000-4000-8000-000000000001", "actions": [
    {"uuid": "a0000000-0000-4000-8000-000000000001", "type": "send_msg", "text": "👍 @fields.age", "quick_replies": ["YES", "NO"], "attachments": ["image:https://x.io/a.png"]},
    {"uuid": "a0000000-0000-4000-8000-000000000002", "type": "send_msg", "text": "Your age is @fields.age"},
    {"uuid": "a0000000-0000-4000-8000-000000000003", "type": "set_contact_field", "field": {"key": "gender", "name": "Gender"}, "value": "x"}],
   "exits": [{"uuid": "e0000000-0000-4000-8000-000000000001"}]}]}]}`
	var got []string
	for _, f := range Check(read.Read("export.json", []byte(src)), nil) {
		got = append(got, f.Code+" "+f.Pointer)
		if f.Code == "asset/undeclared-kind" && !strings.HasPrefix(f.Message, `fields can't be checked: the document lists "fields": [] (empty)`) {
			t.Errorf("message %q", f.Message)
		}
	}
	want := []string{
		"asset/undeclared-kind /flows/0/nodes/0/actions/0/text",
		"lint/missing-translation /flows/0/nodes/0/actions/1",
		"asset/undeclared-kind /flows/0/nodes/0/actions/1/text",
		"asset/undeclared-kind /flows/0/nodes/0/actions/2/field",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
