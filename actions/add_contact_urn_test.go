package actions_test

import (
	"strings"
	"testing"
)

// TestAddContactURNLocal: add_contact_urn leaves the URN the contact now has in the run local
// _has_urn, whether it was added or already there, and "" when the path gives no valid URN.
func TestAddContactURNLocal(t *testing.T) {
	tests := []struct {
		name, scheme, path, want string
	}{
		{"added", "line", "U1234", "line:U1234"},
		{"already there", "tel", "+12065551212", "tel:+12065551212"},
		{"normalized", "mailto", "Ann@Example.org", "mailto:ann@example.org"},
		{"invalid", "whatsapp", "not valid", ""},
		{"empty path", "tel", `@("")`, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			events := execute(t, `{"uuid": "a6000000-0000-4000-8000-000000000001", "type": "add_contact_urn", "scheme": "`+tc.scheme+`", "path": "`+strings.ReplaceAll(tc.path, `"`, `\"`)+`"},
				{"uuid": "a6000000-0000-4000-8000-000000000002", "type": "send_msg", "text": "[@locals._has_urn]"}`)
			var sent []string
			for _, e := range events {
				if e["type"] == "msg_created" {
					sent = append(sent, e["msg"].(map[string]any)["text"].(string))
				}
			}
			if len(sent) != 1 || sent[0] != "["+tc.want+"]" {
				t.Errorf("sent %q, want [%s]", sent, tc.want)
			}
		})
	}
}
