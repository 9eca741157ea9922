package engine

import (
	"slices"
	"testing"
)

// A msg trigger's message answers a msg wait only when that wait is the very first thing to
// happen: on the first node of the session's first (and only) run. Every other wait waits.
func TestRuleMsgTriggerAnswersOnlyTheFirstNodesWait(t *testing.T) {
	waitNode := func() map[string]any {
		return switchNode("@input.text", true, "Answer", ruleCase{Test: "has_text", Category: "Text"})
	}
	tests := []struct {
		name    string
		flows   func() []*ruleFlow
		trigger string
		// wantWait: the first sprint ends waiting; wantResult: the value saved by the first
		// wait's result when the trigger answered it
		wantWait   bool
		wantResult string
	}{
		{"wait on the first node is answered", func() []*ruleFlow {
			return []*ruleFlow{{Nodes: []map[string]any{waitNode(), actionNode(sendMsg("bye"))}}}
		}, "msg:hello", false, "hello"},
		{"wait on the first node with actions before it is answered", func() []*ruleFlow {
			n := waitNode()
			n["actions"] = []any{sendMsg("question?")}
			return []*ruleFlow{{Nodes: []map[string]any{n, actionNode(sendMsg("bye"))}}}
		}, "msg:hello", false, "hello"},
		{"wait on the second node waits", func() []*ruleFlow {
			return []*ruleFlow{{Nodes: []map[string]any{actionNode(sendMsg("question?")), waitNode()}}}
		}, "msg:hello", true, ""},
		{"wait after a router without a wait waits", func() []*ruleFlow {
			return []*ruleFlow{{Nodes: []map[string]any{
				switchNode("@contact.name", false, "", ruleCase{Test: "has_text"}), waitNode()}}}
		}, "msg:hello", true, ""},
		{"manual trigger waits on the first node", func() []*ruleFlow {
			return []*ruleFlow{{Nodes: []map[string]any{waitNode()}}}
		}, "", true, ""},
		{"first node of a subflow waits", func() []*ruleFlow {
			child := &ruleFlow{UUID: "00000000-0000-4000-8000-0000000000c1", Name: "Child", Nodes: []map[string]any{waitNode()}}
			parent := &ruleFlow{Nodes: []map[string]any{actionNode(act("enter_flow", map[string]any{
				"flow": map[string]any{"uuid": child.UUID, "name": child.Name}}))}}
			return []*ruleFlow{parent, child}
		}, "msg:hello", true, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, sprints := ruleRun{Flows: tc.flows(), Trigger: tc.trigger}.run(t)
			waiting := s.Status == SessionWaiting
			if waiting != tc.wantWait {
				t.Fatalf("waiting = %v, want %v; events %v", waiting, tc.wantWait, eventTypes(sprints[0]))
			}
			results := eventsOf(t, sprints, "run_result_changed")
			if tc.wantResult != "" {
				if len(results) == 0 || results[0]["value"] != tc.wantResult {
					t.Fatalf("result events %v, want the trigger's text %q saved", results, tc.wantResult)
				}
			} else if len(results) != 0 {
				t.Fatalf("a wait that should wait took the trigger's message: %v", results)
			}
			if tc.wantWait && !slices.Contains(eventTypes(sprints[0]), "msg_wait") {
				t.Fatalf("no msg_wait in %v", eventTypes(sprints[0]))
			}
		})
	}
}

// Coming back to the first node of the run later is not the first thing to happen: it waits.
func TestRuleMsgTriggerLoopBackToFirstNodeWaits(t *testing.T) {
	first := switchNode("@input.text", true, "Answer", ruleCase{Test: "has_text", Category: "Text"})
	back := actionNode(sendMsg("again"))
	back["exits"] = []map[string]any{{"uuid": ruleUUID(), "destination_uuid": first["uuid"]}}
	s, sprints := ruleRun{Flows: []*ruleFlow{{Nodes: []map[string]any{first, back}}}, Trigger: "msg:hi"}.run(t)
	if s.Status != SessionWaiting {
		t.Fatalf("session %s, want waiting at the first node on its second visit; events %v", s.Status, eventTypes(sprints[0]))
	}
	if got := sentTexts(sprints); !slices.Equal(got, []string{"again"}) {
		t.Fatalf("sent %v", got)
	}
}
