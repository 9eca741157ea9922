package read_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/flows/read"
)

// The engine refuses a flow with a translation of more than 10 values, or a string value longer
// than 10000 characters (a translation that is a single string is one value), whatever the
// property (the editor's _ui included) and whatever else the list holds; a language a migration
// drops first (one that isn't three letters, before 14.2) is never read.
func TestRuleTranslationSize(t *testing.T) {
	many := func(n int, v any) []any { return slices.Repeat([]any{v}, n) }
	long := func(n int) string { return strings.Repeat("é", n) } // characters, not bytes
	tests := []struct {
		name  string
		spec  string
		lang  string
		prop  string
		value any
		want  []string // pointers (below the item) of the findings
	}{
		{"10 values", "14.3.0", "spa", "text", many(10, "a"), nil},
		{"11 values", "14.3.0", "spa", "text", many(11, "a"), []string{"/text"}},
		{"11 values of any property", "14.3.0", "spa", "bogus", many(11, "a"), []string{"/bogus"}},
		{"11 values of the editor's", "14.3.0", "spa", "_ui", many(11, "a"), []string{"/_ui"}},
		{"11 numbers", "14.3.0", "spa", "text", many(11, 5.0), []string{"/text"}},
		{"11 nulls", "14.3.0", "spa", "quick_replies", many(11, nil), []string{"/quick_replies"}},
		{"10000 characters", "14.3.0", "spa", "text", []any{long(10000)}, nil},
		{"10001 characters", "14.3.0", "spa", "text", []any{"a", long(10001)}, []string{"/text/1"}},
		{"10001 characters after a number", "14.3.0", "spa", "text", []any{5.0, long(10001)}, []string{"/text/1"}},
		{"a string is one value", "14.3.0", "spa", "text", long(10001), []string{"/text"}},
		{"a string of 10000 characters", "14.3.0", "spa", "audio_url", long(10000), nil},
		{"a language 14.2 drops", "14.1.0", "base", "text", many(11, "a"), nil},
		{"a language 14.2 keeps", "14.1.0", "spa", "text", many(11, "a"), []string{"/text"}},
	}
	const item = "a0000000-0000-4000-8000-000000000001"
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			flow := map[string]any{
				"uuid": "f0000000-0000-4000-8000-000000000001", "name": "T", "spec_version": tc.spec, "language": "eng", "type": "messaging",
				"localization": map[string]any{tc.lang: map[string]any{item: map[string]any{tc.prop: tc.value}}},
				"nodes": []any{map[string]any{
					"uuid":    "b0000000-0000-4000-8000-000000000001",
					"actions": []any{map[string]any{"uuid": item, "type": "send_msg", "text": "hi"}},
					"exits":   []any{map[string]any{"uuid": "c0000000-0000-4000-8000-000000000001"}},
				}},
			}
			src, _ := json.Marshal(flow)
			var got []string
			for _, f := range read.Read("t.json", src).Findings {
				if f.Code != read.CodeTranslationSize {
					continue
				}
				got = append(got, strings.TrimPrefix(f.Pointer, "/localization/"+tc.lang+"/"+item))
				// the reference's words
				count := "translation for '" + tc.prop + "' can't have more than 10 values (has 11)"
				length := "translation value for '" + tc.prop + "' can't be longer than 10000 chars (is 10001)"
				if !strings.HasPrefix(f.Message, count) && !strings.HasPrefix(f.Message, length) {
					t.Errorf("message %q", f.Message)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("findings at %q, want %q", got, tc.want)
			}
		})
	}
}
