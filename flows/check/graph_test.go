package check

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/flows"
)

func TestBaseFlowIsClean(t *testing.T) {
	fs := runFlow(t, mutate(t, baseFlow), nil)
	for _, f := range fs {
		t.Errorf("unexpected finding: %s %s: %s", f.Code, f.Pointer, f.Message)
	}
}

func TestGraph(t *testing.T) {
	const n1r = "nodes/1/router"
	tests := []struct {
		name  string
		edits []any
		want  []string
	}{
		{"duplicate node uuid", []any{"nodes/2/uuid", "30000000-0000-4000-8000-000000000000"},
			[]string{"graph/duplicate-uuid /nodes/2/uuid", "graph/unknown-destination /nodes/1/exits/0/destination_uuid", "lint/unreachable-node /nodes/2"}},
		{"action uuid reuses an exit's", []any{"nodes/2/actions/0/uuid", "40000000-0000-4000-8000-000000000000"},
			[]string{"graph/duplicate-uuid /nodes/2/actions/0/uuid"}},
		{"duplicate case uuid is only a warning", []any{n1r + "/cases", `[{"uuid": "60000000-0000-4000-8000-000000000000", "type": "has_number", "arguments": [], "category_uuid": "50000000-0000-4000-8000-000000000000"}, {"uuid": "60000000-0000-4000-8000-000000000000", "type": "has_text", "arguments": [], "category_uuid": "50000000-0000-4000-8000-000000000000"}]`},
			[]string{"graph/duplicate-case-uuid /nodes/1/router/cases/1/uuid"}},
		{"case uuid reusing a category's", []any{n1r + "/cases/0/uuid", "50000000-0000-4000-8000-000000000002"},
			[]string{"graph/duplicate-case-uuid /nodes/1/router/cases/0/uuid"}},
		{"category uuid reusing an action's is only a warning", []any{n1r + "/categories/0/uuid", "20000000-0000-4000-8000-000000000001", n1r + "/cases/0/category_uuid", "20000000-0000-4000-8000-000000000001"},
			[]string{"graph/duplicate-category-uuid /nodes/1/router/categories/0/uuid"}},
		{"category uuid reusing a node's is only a warning", []any{n1r + "/categories/1/uuid", "30000000-0000-4000-8000-000000000000", n1r + "/default_category_uuid", "30000000-0000-4000-8000-000000000000"},
			[]string{"graph/duplicate-category-uuid /nodes/1/router/categories/1/uuid"}},
		{"unknown destination", []any{"nodes/1/exits/0/destination_uuid", "30000000-0000-4000-8000-00000000000f"},
			[]string{"graph/unknown-destination /nodes/1/exits/0/destination_uuid", "lint/unreachable-node /nodes/2"}},
		{"category exit of another node", []any{n1r + "/categories/0/exit_uuid", "40000000-0000-4000-8000-000000000000"},
			[]string{"graph/unknown-exit /nodes/1/router/categories/0/exit_uuid"}},
		{"case category unknown", []any{n1r + "/cases/0/category_uuid", "50000000-0000-4000-8000-00000000000f"},
			[]string{"graph/unknown-category /nodes/1/router/cases/0/category_uuid"}},
		{"default category unknown", []any{n1r + "/default_category_uuid", "50000000-0000-4000-8000-00000000000f"},
			[]string{"graph/unknown-default-category /nodes/1/router/default_category_uuid"}},
		{"timeout category unknown", []any{n1r + "/wait/timeout/category_uuid", "50000000-0000-4000-8000-00000000000f"},
			[]string{"graph/unknown-timeout-category /nodes/1/router/wait/timeout/category_uuid"}},
		{"unknown case type", []any{n1r + "/cases/0/type", "has_numbr"},
			[]string{"graph/unknown-case-type /nodes/1/router/cases/0/type"}},
		{"say_msg in messaging", []any{"nodes/0/actions/0/type", "say_msg"},
			[]string{"graph/action-not-allowed /nodes/0/actions/0/type"}},
		{"msg wait in background", []any{"type", "messaging_background"},
			[]string{"graph/wait-not-allowed /nodes/1/router/wait/type"}},
		{"dial wait in messaging", []any{n1r + "/wait", `{"type": "dial", "phone": "+593979111111"}`},
			[]string{"graph/wait-not-allowed /nodes/1/router/wait/type"}},
		{"bad localization language", []any{"localization", `{"vvv": {"20000000-0000-4000-8000-000000000001": {"text": ["x"]}}}`},
			[]string{"graph/invalid-localization-language /localization/vvv"}},
		{"localization of an unknown item", []any{"localization/spa/20000000-0000-4000-8000-00000000000f", `{"text": ["x"]}`},
			[]string{"graph/unknown-localization-item /localization/spa/20000000-0000-4000-8000-00000000000f"}},
		{"localization item that is not a UUID", []any{"localization/spa/heh?", `{"text": ["x"]}`},
			[]string{"graph/invalid-localization-item /localization/spa/heh?"}},
		{"localization item in upper case", []any{"localization/spa/2000000A-0000-4000-8000-000000000001", `{"text": ["x"]}`},
			[]string{"graph/invalid-localization-item /localization/spa/2000000A-0000-4000-8000-000000000001"}},
		{"bad localization property", []any{"localization/spa/20000000-0000-4000-8000-000000000001/" + strings.Repeat("x", 65), `["x"]`},
			[]string{"graph/invalid-localization-property /localization/spa/20000000-0000-4000-8000-000000000001/" + strings.Repeat("x", 65)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := summary(onlyLayer(runFlow(t, mutate(t, baseFlow, tc.edits...), nil), "graph", "lint"))
			slices.Sort(tc.want)
			if !slices.Equal(got, tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

// manyJSON returns a JSON list of n items made by item(i).
func manyJSON(n int, item func(i int) string) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = item(i)
	}
	return "[" + strings.Join(parts, ",") + "]"
}

func TestGraphLimits(t *testing.T) {
	uuid := func(prefix string, i int) string { return fmt.Sprintf("%s-0000-4000-8000-%012d", prefix, i) }
	tests := []struct {
		name  string
		edits []any
		want  string
	}{
		{"101 actions", []any{"nodes/2/actions", manyJSON(101, func(i int) string {
			return `{"type": "set_run_local", "uuid": "` + uuid("21000000", i) + `", "local": "x", "operation": "set", "value": "1"}`
		})}, "graph/too-many-actions /nodes/2/actions"},
		{"101 exits", []any{"nodes/2/exits", manyJSON(101, func(i int) string {
			return `{"uuid": "` + uuid("41000000", i) + `"}`
		})}, "graph/too-many-exits /nodes/2/exits"},
		{"101 cases", []any{"nodes/1/router/cases", manyJSON(101, func(i int) string {
			return `{"uuid": "` + uuid("61000000", i) + `", "type": "has_text", "category_uuid": "50000000-0000-4000-8000-000000000000"}`
		})}, "graph/too-many-cases /nodes/1/router/cases"},
		{"101 categories", []any{"nodes/1/router/categories", manyJSON(101, func(i int) string {
			return `{"uuid": "` + uuid("51000000", i) + `", "name": "C", "exit_uuid": "40000000-0000-4000-8000-000000000001"}`
		})}, "graph/too-many-categories /nodes/1/router/categories"},
		{"1001 nodes", []any{"nodes", manyJSON(1001, func(i int) string {
			return `{"uuid": "` + uuid("31000000", i) + `", "exits": [{"uuid": "` + uuid("41000000", i) + `"}]}`
		})}, "graph/too-many-nodes /nodes"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := summary(onlyLayer(runFlow(t, mutate(t, baseFlow, tc.edits...), nil), "graph"))
			if !slices.Contains(got, tc.want) {
				t.Errorf("got %q, want it to contain %q", got, tc.want)
			}
		})
	}
}

// A language code is three letters of ISO 639-3, in either case as the reference reads them.
func TestValidLanguage(t *testing.T) {
	for lang, want := range map[string]bool{"eng": true, "spa": true, "kin": true, "fil": true, "ENG": true, "Spa": true, "QAA": true,
		"vvv": false, "ZZZ": false, "en": false, "": false, "engl": false, "e1g": false, "eng ": false, "base": false, "énn": false} {
		if got := validLanguage(lang); got != want {
			t.Errorf("validLanguage(%q) = %v, want %v", lang, got, want)
		}
	}
}

// TestDuplicateCaseUUIDDoesNotFail: the reference reads and runs a flow whose router cases share
// a UUID, so the finding is a warning and the flow has no error.
func TestDuplicateCaseUUIDDoesNotFail(t *testing.T) {
	m := mutate(t, baseFlow, "nodes/1/router/cases", `[{"uuid": "60000000-0000-4000-8000-000000000000", "type": "has_number", "arguments": [], "category_uuid": "50000000-0000-4000-8000-000000000000"}, {"uuid": "60000000-0000-4000-8000-000000000000", "type": "has_text", "arguments": [], "category_uuid": "50000000-0000-4000-8000-000000000000"}]`)
	for _, f := range runFlow(t, m, nil) {
		if f.Severity != flows.SeverityWarning {
			t.Errorf("%s %s is an error: %s", f.Code, f.Pointer, f.Message)
		}
	}
}
