package actions_test

import (
	"fmt"
	"strings"
	"testing"
)

// TestAddContactURNLocal: add_contact_urn leaves the URN the contact now has in the run local
// _has_urn, whether it was added or already there, and "" when the path gives no valid URN; an
// empty path is given up on before the local is touched, so it stays as it was (unset or an
// earlier URN).
func TestAddContactURNLocal(t *testing.T) {
	type add struct{ scheme, path string }
	tests := []struct {
		name string
		adds []add
		want string
	}{
		{"added", []add{{"line", "U1234"}}, `{"_has_urn":"line:U1234"}`},
		{"already there", []add{{"tel", "+12065551212"}}, `{"_has_urn":"tel:+12065551212"}`},
		{"normalized", []add{{"mailto", "Ann@Example.org"}}, `{"_has_urn":"mailto:ann@example.org"}`},
		{"invalid", []add{{"whatsapp", "not valid"}}, `{"_has_urn":""}`},
		{"invalid after a valid one", []add{{"line", "U1234"}, {"whatsapp", "not valid"}}, `{"_has_urn":""}`},
		{"empty path leaves it unset", []add{{"tel", `@("")`}}, `{}`},
		{"blank path leaves it unset", []add{{"tel", "  "}}, `{}`},
		{"empty path keeps an earlier URN", []add{{"line", "U1234"}, {"tel", `@("")`}}, `{"_has_urn":"line:U1234"}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var actions []string
			for i, a := range tc.adds {
				actions = append(actions, fmt.Sprintf(`{"uuid": "a6000000-0000-4000-8000-00000000001%d", "type": "add_contact_urn", "scheme": "%s", "path": "%s"}`,
					i, a.scheme, strings.ReplaceAll(a.path, `"`, `\"`)))
			}
			actions = append(actions, `{"uuid": "a6000000-0000-4000-8000-000000000002", "type": "send_msg", "text": "@(json(locals))"}`)
			events := execute(t, strings.Join(actions, ",\n"))
			var sent []string
			for _, e := range events {
				if e["type"] == "msg_created" {
					sent = append(sent, e["msg"].(map[string]any)["text"].(string))
				}
			}
			if len(sent) != 1 || sent[0] != tc.want {
				t.Errorf("sent %q, want %s", sent, tc.want)
			}
		})
	}
}
