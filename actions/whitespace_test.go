package actions_test

import (
	"encoding/json"
	"testing"
)

// TestWhitespaceKept: texts go out as they evaluate, surrounding whitespace and line breaks
// included, as in the reference; only what must be one line (an email subject) is folded, and
// only what evaluates to nothing at all is dropped.
func TestWhitespaceKept(t *testing.T) {
	tests := []struct {
		name, action string
		// path picks the value to check out of the first event of type typ
		typ  string
		get  func(map[string]any) any
		want any
	}{
		{"message text keeps its spaces", `{"uuid": "a0000000-0000-4000-8000-000000000001", "type": "send_msg", "text": "  hi  "}`,
			"msg_created", func(e map[string]any) any { return e["msg"].(map[string]any)["text"] }, "  hi  "},
		{"message text keeps line breaks", `{"uuid": "a0000000-0000-4000-8000-000000000001", "type": "send_msg", "text": "\n\nhi\n"}`,
			"msg_created", func(e map[string]any) any { return e["msg"].(map[string]any)["text"] }, "\n\nhi\n"},
		{"a text of spaces is sent", `{"uuid": "a0000000-0000-4000-8000-000000000001", "type": "send_msg", "text": "   "}`,
			"msg_created", func(e map[string]any) any { return e["msg"].(map[string]any)["text"] }, "   "},
		{"quick replies keep their spaces", `{"uuid": "a0000000-0000-4000-8000-000000000001", "type": "send_msg", "text": "q", "quick_replies": [" a ", "b  "]}`,
			"msg_created", func(e map[string]any) any {
				var out []any
				for _, q := range e["msg"].(map[string]any)["quick_replies"].([]any) {
					out = append(out, q.(map[string]any)["text"])
				}
				return out
			}, []any{" a ", "b  "}},
		{"a quick reply of spaces is kept", `{"uuid": "a0000000-0000-4000-8000-000000000001", "type": "send_msg", "text": "q", "quick_replies": ["  "]}`,
			"msg_created", func(e map[string]any) any {
				return len(e["msg"].(map[string]any)["quick_replies"].([]any))
			}, 1},
		{"broadcast text keeps its spaces", `{"uuid": "a0000000-0000-4000-8000-000000000001", "type": "send_broadcast", "text": " hi ", "urns": ["tel:+12065551313"]}`,
			"broadcast_created", func(e map[string]any) any {
				return e["translations"].(map[string]any)["eng"].(map[string]any)["text"]
			}, " hi "},
		{"result value keeps its spaces", `{"uuid": "a0000000-0000-4000-8000-000000000001", "type": "set_run_result", "name": "R", "value": " v "}`,
			"run_result_changed", func(e map[string]any) any { return e["value"] }, " v "},
		{"email subject is one line", `{"uuid": "a0000000-0000-4000-8000-000000000001", "type": "send_email", "addresses": ["a@b.c"], "subject": " a  b\n\tc ", "body": " x "}`,
			"email_sent", func(e map[string]any) any { return []any{e["subject"], e["body"]} }, []any{"a b c", " x "}},
		{"email address keeps spaces, loses mailto:", `{"uuid": "a0000000-0000-4000-8000-000000000001", "type": "send_email", "addresses": [" a@b.c ", "mailto:x@y.z"], "subject": "s", "body": "x"}`,
			"email_sent", func(e map[string]any) any { return e["to"] }, []any{" a@b.c ", "x@y.z"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, e := range execute(t, tc.action) {
				if e["type"] != tc.typ {
					continue
				}
				got, _ := json.Marshal(tc.get(e))
				want, _ := json.Marshal(tc.want)
				if string(got) != string(want) {
					t.Fatalf("got %s, want %s", got, want)
				}
				return
			}
			t.Fatalf("no %s event", tc.typ)
		})
	}
}

// TestEmptyItemsReported: an email address or quick reply that evaluates to nothing is reported
// and left out; one that is only spaces is not nothing.
func TestEmptyItemsReported(t *testing.T) {
	tests := []struct {
		name, action string
		wantErrors   []string
	}{
		{"empty address", `{"uuid": "a0000000-0000-4000-8000-000000000001", "type": "send_email", "addresses": ["@(\"\")", "a@b.c"], "subject": "s", "body": "x"}`,
			[]string{"Email address evaluated to empty string, skipping"}},
		{"spaces address", `{"uuid": "a0000000-0000-4000-8000-000000000001", "type": "send_email", "addresses": ["  "], "subject": "s", "body": "x"}`,
			nil},
		{"empty quick reply", `{"uuid": "a0000000-0000-4000-8000-000000000001", "type": "send_msg", "text": "q", "quick_replies": ["@(\"\")", "a"]}`,
			[]string{"Quick reply evaluated to empty string and will be ignored"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, e := range execute(t, tc.action) {
				if e["type"] == "error" {
					got = append(got, e["text"].(string))
				}
			}
			if len(got) != len(tc.wantErrors) || len(got) > 0 && got[0] != tc.wantErrors[0] {
				t.Fatalf("errors %q, want %q", got, tc.wantErrors)
			}
		})
	}
}

// TestEmailEvaluationOrder: the subject is evaluated first and an empty one ends the action
// before the body and addresses are; then the body, then the addresses, as in the reference
// (which the order of their errors shows).
func TestEmailEvaluationOrder(t *testing.T) {
	tests := []struct {
		name, action string
		wantErrors   []string
	}{
		{"subject, body, then addresses",
			`{"uuid": "a0000000-0000-4000-8000-000000000001", "type": "send_email", "addresses": ["@fields.owner_email", "team@example.org"], "subject": "Report @fields.region", "body": "Total @fields.total"}`,
			[]string{"Error evaluating expression: object has no property 'region'", "Error evaluating expression: object has no property 'total'",
				"Error evaluating expression: object has no property 'owner_email'", "Email address evaluated to empty string, skipping"}},
		{"empty subject stops before the body",
			`{"uuid": "a0000000-0000-4000-8000-000000000001", "type": "send_email", "addresses": ["@fields.owner_email"], "subject": "@(\"\")", "body": "Total @fields.total"}`,
			[]string{"Email subject evaluated to empty string, skipping"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, e := range execute(t, tc.action) {
				if e["type"] == "error" {
					got = append(got, e["text"].(string))
				}
			}
			g, _ := json.Marshal(got)
			w, _ := json.Marshal(tc.wantErrors)
			if string(g) != string(w) {
				t.Errorf("errors %s, want %s", g, w)
			}
		})
	}
}
