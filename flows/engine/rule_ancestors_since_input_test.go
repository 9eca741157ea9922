package engine

import "testing"

// A session a flow starts counts its ancestors since input from zero when a message from the
// contact reached any run of the starting session at any time (its trigger's message, a reply,
// in this run or another); otherwise it counts one more than the starting session did. Only what
// the session is doing now (an input cleared by a timeout) doesn't matter.
func TestRuleAncestorsSinceInput(t *testing.T) {
	timeout := `{"type": "wait_timeout", "resumed_on": "2025-05-04T12:40:00Z", "event": {"type": "wait_timed_out", "uuid": "4c8a3e0e-5b43-4f7e-9d5c-6a1b2c3d4e5f", "created_on": "2025-05-04T12:40:00Z"}}`
	reply := `{"type": "msg", "resumed_on": "2025-05-04T12:41:00Z", "event": {"type": "msg_received", "uuid": "6e0c5a2a-7d65-4b9a-9f7e-8c3d4e5f6071", "created_on": "2025-05-04T12:41:00Z", "msg": {"uuid": "7f1d6b3b-8e76-4cab-a08f-9d4e5f607182", "text": "yes", "urn": "tel:+12065551212"}}}`
	other := &ruleFlow{UUID: "00000000-0000-4000-8000-0000000f0009", Name: "Other", Nodes: []map[string]any{actionNode(sendMsg("hi"))}}
	start := func() map[string]any {
		return actionNode(act("start_session", map[string]any{"flow": map[string]any{"uuid": other.UUID, "name": other.Name}, "create_contact": true}))
	}
	wait := func() map[string]any {
		n := switchNode("@input.text", true, "")
		n["router"].(map[string]any)["wait"] = map[string]any{"type": "msg", "timeout": map[string]any{"seconds": 60,
			"category_uuid": n["router"].(map[string]any)["default_category_uuid"]}}
		return n
	}
	child := &ruleFlow{UUID: "00000000-0000-4000-8000-0000000f0002", Name: "Child", Nodes: []map[string]any{wait()}}
	enterChild := actionNode(act("enter_flow", map[string]any{"flow": map[string]any{"uuid": child.UUID, "name": child.Name}}))
	tests := []struct {
		name    string
		trigger string
		flows   []*ruleFlow
		resumes []string
		want    float64
	}{
		{"manual, at once", "manual", []*ruleFlow{{Nodes: []map[string]any{start()}}, other}, nil, 1},
		{"message trigger, at once", "msg:hello", []*ruleFlow{{Nodes: []map[string]any{start()}}, other}, nil, 0},
		{"manual, after a reply", "manual", []*ruleFlow{{Nodes: []map[string]any{wait(), start()}}, other}, []string{reply}, 0},
		{"manual, after a timeout", "manual", []*ruleFlow{{Nodes: []map[string]any{wait(), start()}}, other}, []string{timeout}, 1},
		{"message trigger, then a timeout", "msg:hello", []*ruleFlow{{Nodes: []map[string]any{wait(), wait(), start()}}, other}, []string{timeout}, 0},
		{"a reply to a subflow, then a timeout", "manual", []*ruleFlow{{Nodes: []map[string]any{enterChild, wait(), start()}}, child, other},
			[]string{reply, timeout}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, sprints := ruleRun{Flows: tc.flows, Trigger: tc.trigger, Resumes: tc.resumes}.run(t)
			evs := eventsOf(t, sprints, "session_triggered")
			if len(evs) != 1 {
				t.Fatalf("%d session_triggered events, want 1", len(evs))
			}
			h := evs[0]["history"].(map[string]any)
			if h["ancestors_since_input"] != tc.want || h["ancestors"] != 1.0 {
				t.Errorf("history %v, want 1 ancestor and %v since input", h, tc.want)
			}
		})
	}
}
