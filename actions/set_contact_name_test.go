package actions_test

import (
	"fmt"
	"strings"
	"testing"
)

// TestSetContactNameComparesBeforeCutting: the new name is compared with the contact's before it
// is cut to 128 characters, so a name too long to keep is set (and logged) each time it is
// written, while a name that fits is logged only when it changes.
func TestSetContactNameComparesBeforeCutting(t *testing.T) {
	long := strings.Repeat("n", 150)
	tests := []struct {
		name    string
		names   []string
		changes []string
	}{
		{"short name twice", []string{"Bob", "Bob"}, []string{"Bob"}},
		{"spaces trimmed before comparing", []string{"Bob", "  Bob "}, []string{"Bob"}},
		{"long name twice", []string{long, long}, []string{long[:128], long[:128]}},
		{"cut name then its first 128 characters", []string{long, long[:128]}, []string{long[:128]}},
		{"exactly 128 characters twice", []string{long[:128], long[:128]}, []string{long[:128]}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var acts []string
			for i, n := range tc.names {
				acts = append(acts, fmt.Sprintf(`{"uuid": "a4000000-0000-4000-8000-00000000000%d", "type": "set_contact_name", "name": %q}`, i+1, n))
			}
			var got []string
			for _, e := range execute(t, strings.Join(acts, ",")) {
				if e["type"] == "contact_name_changed" {
					got = append(got, e["name"].(string))
				}
			}
			if strings.Join(got, "|") != strings.Join(tc.changes, "|") {
				t.Errorf("names changed to %q, want %q", got, tc.changes)
			}
		})
	}
}
