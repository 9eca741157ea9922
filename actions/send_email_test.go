package actions_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/flows/check"
	"github.com/flowctl/flowctl/flows/read"
)

// An email's body that evaluates to nothing ends the action before its addresses are evaluated,
// as in the reference; a body of white space is still a body. A body left empty in the flow
// isn't read at all.
func TestRuleEmailEmptyBodyEndsAction(t *testing.T) {
	email := func(addresses, body string) string {
		return `{"uuid": "a0000000-0000-4000-8000-000000000001", "type": "send_email", "addresses": ` + addresses + `, "subject": "Report", "body": ` + body + `}`
	}
	tests := []struct {
		name, action string
		wantErrors   []string
		wantBody     string // of the email sent; "-" for none
	}{
		{"body of a missing field", email(`["a@b.c"]`, `"@fields.total"`),
			[]string{"Error evaluating expression: object has no property 'total'", "Email body evaluated to empty string, skipping"}, "-"},
		{"addresses aren't evaluated after it", email(`["@fields.owner_email", "a@b.c"]`, `"@(\"\")"`),
			[]string{"Email body evaluated to empty string, skipping"}, "-"},
		{"spaces are a body", email(`["a@b.c"]`, `"   "`), nil, "   "},
		{"a line break is a body", email(`["a@b.c"]`, `"\n"`), nil, "\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var errs []string
			body := "-"
			for _, e := range execute(t, tc.action) {
				switch e["type"] {
				case "error":
					errs = append(errs, e["text"].(string))
				case "email_sent":
					body = e["body"].(string)
				}
			}
			g, _ := json.Marshal(errs)
			w, _ := json.Marshal(tc.wantErrors)
			if string(g) != string(w) || body != tc.wantBody {
				t.Errorf("errors %s and body %q, want %s and %q", g, body, w, tc.wantBody)
			}
		})
	}
	t.Run("an empty body isn't read", func(t *testing.T) {
		doc := read.Read("holder.json", []byte(fmt.Sprintf(holderAssets, email(`["a@b.c"]`, `""`))))
		findings := check.Check(doc, nil)
		for _, f := range findings {
			if f.Severity == "error" && strings.Contains(f.Message, "field 'body' is required") {
				return
			}
		}
		t.Errorf("findings %v, want body is required", findings)
	})
}
