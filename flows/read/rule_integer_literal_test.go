package read_test

import (
	"strings"
	"testing"

	"github.com/flowctl/flowctl/flows/read"
)

// Where the engine reads an integer, Go's JSON reader takes only digits: a whole number written
// with a fraction or an exponent is refused, though it has an integer's value.
func TestIntegerLiterals(t *testing.T) {
	tests := []struct {
		field, literal string
		ok             bool
	}{
		{"expire_after_minutes", "10080", true},
		{"expire_after_minutes", "-0", true},
		{"expire_after_minutes", "10080.0", false},
		{"expire_after_minutes", "1e4", false},
		{"expire_after_minutes", "1E4", false},
		{"revision", "1.0", false},
		{"revision", "7", true},
	}
	for _, tc := range tests {
		t.Run(tc.field+"="+tc.literal, func(t *testing.T) {
			src := `{"uuid": "f0000000-0000-4000-8000-000000000001", "name": "T", "spec_version": "14.3.0", "language": "eng",
"type": "messaging", "` + tc.field + `": ` + tc.literal + `, "nodes": []}`
			var errs []string
			for _, f := range read.Read("t.json", []byte(src)).Findings {
				if f.Code == read.CodeInvalidValue && strings.HasPrefix(f.Pointer, "/"+tc.field) {
					errs = append(errs, f.Message)
				}
			}
			if got := len(errs) == 0; got != tc.ok {
				t.Errorf("findings %q, want ok %v", errs, tc.ok)
			}
		})
	}
}
