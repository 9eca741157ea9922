package engine

import (
	"strings"
	"testing"
)

// A resume without a message — a wait's timeout, an expiration that ends a subflow — leaves the
// session without input, as in the reference: @input is then null and @input.text an error,
// until the next message comes in.
func TestRuleInputAfterResumeWithoutMessage(t *testing.T) {
	timeout := `{"type": "wait_timeout", "resumed_on": "2025-05-04T12:40:00Z", "event": {"type": "wait_timed_out", "uuid": "4c8a3e0e-5b43-4f7e-9d5c-6a1b2c3d4e5f", "created_on": "2025-05-04T12:40:00Z"}}`
	expiration := `{"type": "wait_expiration", "resumed_on": "2025-05-04T12:40:00Z", "event": {"type": "wait_expired", "uuid": "5d9b4f1f-6c54-4a8f-8e6d-7b2c3d4e5f60", "created_on": "2025-05-04T12:40:00Z"}}`
	msg := func(text string) string {
		return `{"type": "msg", "resumed_on": "2025-05-04T12:41:00Z", "event": {"type": "msg_received", "uuid": "6e0c5a2a-7d65-4b9a-9f7e-8c3d4e5f6071", "created_on": "2025-05-04T12:41:00Z", "msg": {"uuid": "7f1d6b3b-8e76-4cab-a08f-9d4e5f607182", "text": "` + text + `", "urn": "tel:+12065551212"}}}`
	}
	waitWithTimeout := func() map[string]any {
		n := switchNode("@input.text", true, "")
		n["router"].(map[string]any)["wait"] = map[string]any{"type": "msg", "timeout": map[string]any{"seconds": 60,
			"category_uuid": n["router"].(map[string]any)["default_category_uuid"]}}
		return n
	}
	child := &ruleFlow{UUID: "00000000-0000-4000-8000-0000000f0002", Name: "Child", Nodes: []map[string]any{switchNode("@input.text", true, "")}}
	parentNodes := func() []map[string]any {
		return []map[string]any{
			actionNode(act("enter_flow", map[string]any{"flow": map[string]any{"uuid": child.UUID, "name": child.Name}})),
			actionNode(sendMsg(`after: @input.text|@input|@(default(input, "none"))`)),
		}
	}
	tests := []struct {
		name    string
		flows   []*ruleFlow
		resumes []string
		want    []string // texts sent after the trigger's first message
		errors  int      // errors logged for @input.text
	}{
		{"a timeout", []*ruleFlow{{Nodes: []map[string]any{waitWithTimeout(), waitWithTimeout(), actionNode(sendMsg(`after: @input.text|@input|@(default(input, "none"))`))}}},
			[]string{timeout}, []string{"after: ||none"}, 1},
		{"a message, then a timeout", []*ruleFlow{{Nodes: []map[string]any{waitWithTimeout(), waitWithTimeout(), actionNode(sendMsg(`seen: @input.text`)), waitWithTimeout(),
			actionNode(sendMsg(`after: @input.text|@input|@(default(input, "none"))`))}}},
			[]string{msg("yes"), timeout}, []string{"seen: yes", "after: ||none"}, 1},
		{"a timeout, then a message", []*ruleFlow{{Nodes: []map[string]any{waitWithTimeout(), waitWithTimeout(), waitWithTimeout(), actionNode(sendMsg(`after: @input.text`))}}},
			[]string{timeout, msg("back")}, []string{"after: back"}, 0},
		{"a subflow's expiration", []*ruleFlow{{Nodes: parentNodes()}, child}, []string{expiration}, []string{"after: ||none"}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// the trigger's message is the input until a resume replaces it; it answers the first
			// node's wait
			_, sprints := ruleRun{Flows: tc.flows, Trigger: "msg:hello", Resumes: tc.resumes}.run(t)
			got := sentTexts(sprints)
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("sent %q, want %q", got, tc.want)
			}
			errs := 0
			for _, e := range eventsOf(t, sprints, "error") {
				if e["text"] == "Error evaluating expression: null doesn't support lookups" {
					errs++
				}
			}
			if errs != tc.errors {
				t.Errorf("%d lookup errors on null input, want %d", errs, tc.errors)
			}
		})
	}
}
