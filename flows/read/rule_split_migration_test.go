package read_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/check"
	"github.com/flowctl/flowctl/flows/read"
)

// The engine migrates a flow's JSON before reading it. In a flow older than 14.4.1 the split of a
// node holding one webhook or resthook action gets the operand @webhook.status and one case
// (its first, made a 200-299 status test), and before 14.3 the split of a ticket or airtime node
// on a result gets @locals and one has_text case: whatever the operand and the cases held is
// replaced unread, so values of any type there are no error, nor are translations of their
// arguments. In a later flow they are read as written.
func TestRuleSplitMigration(t *testing.T) {
	const caseUUID = "e0000000-0000-4000-8000-000000000001"
	webhook := `{"uuid": "a0000000-0000-4000-8000-000000000001", "type": "call_webhook", "method": "GET", "url": "http://x.io"}`
	long := strings.Repeat("r", 65)
	ticket := `{"uuid": "a0000000-0000-4000-8000-000000000001", "type": "open_ticket", "note": "help"}`
	tests := []struct {
		name, spec, action string
		edit               func(router map[string]any, loc map[string]any)
		errors             bool
	}{
		{"webhook operand of the wrong type", "14.0.0", webhook, func(r, _ map[string]any) { r["operand"] = 1.5 }, false},
		{"webhook case without a type", "14.4.0", webhook, func(r, _ map[string]any) { delete(firstCase(r), "type") }, false},
		{"webhook case type of the wrong type", "13.0.0", webhook, func(r, _ map[string]any) { firstCase(r)["type"] = true }, false},
		{"webhook second case not an object", "14.2.0", webhook, func(r, _ map[string]any) { r["cases"] = append(r["cases"].([]any), []any{}) }, false},
		{"webhook case arguments translated 11 times", "14.0.0", webhook, func(_, l map[string]any) {
			l["spa"] = map[string]any{caseUUID: map[string]any{"arguments": manyStrings(11)}}
		}, false},
		{"webhook operand of the wrong type, current", "14.4.2", webhook, func(r, _ map[string]any) { r["operand"] = 1.5 }, true},
		{"webhook case without a type, current", "14.4.1", webhook, func(r, _ map[string]any) { delete(firstCase(r), "type") }, true},
		{"webhook case arguments translated 11 times, current", "14.4.2", webhook, func(_, l map[string]any) {
			l["spa"] = map[string]any{caseUUID: map[string]any{"arguments": manyStrings(11)}}
		}, true},
		{"ticket split on a result, case without a type", "14.2.0", ticket, func(r, _ map[string]any) {
			r["operand"] = "@results.ticket"
			delete(firstCase(r), "type")
		}, false},
		{"ticket split on a result, current", "14.3.0", ticket, func(r, _ map[string]any) {
			r["operand"] = "@results.ticket"
			delete(firstCase(r), "type")
		}, true},
		{"ticket result name moved untruncated to the router", "13.5.0",
			`{"uuid": "a0000000-0000-4000-8000-000000000001", "type": "open_ticket", "note": "help", "result_name": "` + long + `"}`,
			func(r, _ map[string]any) { r["operand"] = "@results.ticket" }, true},
		{"router result name truncated by 13.6", "13.5.0", webhook, func(r, _ map[string]any) { r["result_name"] = long }, false},
		{"router result name read as written", "13.6.0", webhook, func(r, _ map[string]any) { r["result_name"] = long }, true},
		{"ticket split on something else", "14.2.0", ticket, func(r, _ map[string]any) {
			r["operand"] = "@locals._new_ticket"
			delete(firstCase(r), "type")
		}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			router := map[string]any{
				"type": "switch", "operand": "@results.answer", "default_category_uuid": "d0000000-0000-4000-8000-000000000002",
				"cases": []any{map[string]any{"uuid": caseUUID, "type": "has_text", "arguments": []any{}, "category_uuid": "d0000000-0000-4000-8000-000000000001"}},
				"categories": []any{
					map[string]any{"uuid": "d0000000-0000-4000-8000-000000000001", "name": "Success", "exit_uuid": "c0000000-0000-4000-8000-000000000001"},
					map[string]any{"uuid": "d0000000-0000-4000-8000-000000000002", "name": "Failure", "exit_uuid": "c0000000-0000-4000-8000-000000000002"},
				},
			}
			loc := map[string]any{}
			tc.edit(router, loc)
			var action any
			_ = json.Unmarshal([]byte(tc.action), &action)
			flow := map[string]any{
				"uuid": "f0000000-0000-4000-8000-000000000001", "name": "T", "spec_version": tc.spec, "language": "eng", "type": "messaging", "localization": loc,
				"nodes": []any{map[string]any{
					"uuid": "b0000000-0000-4000-8000-000000000001", "actions": []any{action}, "router": router,
					"exits": []any{map[string]any{"uuid": "c0000000-0000-4000-8000-000000000001"}, map[string]any{"uuid": "c0000000-0000-4000-8000-000000000002"}},
				}},
			}
			src, _ := json.Marshal(flow)
			var errs []string
			for _, f := range check.Check(read.Read("t.json", src), nil) {
				if f.Severity == flows.SeverityError {
					errs = append(errs, f.Code+" "+f.Pointer+": "+f.Message)
				}
			}
			if got := len(errs) > 0; got != tc.errors {
				t.Errorf("errors %v, want some: %v", errs, tc.errors)
			}
		})
	}
}

func firstCase(router map[string]any) map[string]any {
	return router["cases"].([]any)[0].(map[string]any)
}

func manyStrings(n int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = "x"
	}
	return out
}
