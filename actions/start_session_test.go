package actions_test

import (
	"encoding/json"
	"testing"
)

// TestStartSessionMissingFlow: a start_session whose flow the assets lack resolves its recipients
// first (logging their errors), then reports the missing flow, whether or not anyone was named.
func TestStartSessionMissingFlow(t *testing.T) {
	const missing = `{"type": "error", "text": "Missing dependency: flow[uuid=47426064-3bcc-4d9c-8426-00a4e5ff777c,name=Missing Flow]", "code": "dependency:missing", "extra": {"identity": "47426064-3bcc-4d9c-8426-00a4e5ff777c", "type": "flow"}}`
	tests := []struct {
		name, fields, want string
	}{
		{"no recipients", ``, `[` + missing + `]`},
		{"query error first", `, "contact_query": "age > @fields.nope"`,
			`[{"type": "error", "text": "Error evaluating expression: object has no property 'nope'", "code": "expression", "extra": {"expression": "@fields.nope"}}, ` + missing + `]`},
		{"legacy variable errors first", `, "legacy_vars": ["nobody"]`,
			`[{"type": "error", "text": "'nobody' couldn't be resolved to a contact, group or URN"}, ` + missing + `]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := json.Marshal(execute(t, `{"uuid": "a5000000-0000-4000-8000-000000000001", "type": "start_session",
				"flow": {"uuid": "47426064-3bcc-4d9c-8426-00a4e5ff777c", "name": "Missing Flow"}`+tc.fields+`}`))
			var want any
			if err := json.Unmarshal([]byte(tc.want), &want); err != nil {
				t.Fatal(err)
			}
			wantJSON, _ := json.Marshal(want)
			if string(got) != string(wantJSON) {
				t.Errorf("got  %s\nwant %s", got, wantJSON)
			}
		})
	}
}
