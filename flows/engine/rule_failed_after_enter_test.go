package engine

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// When an action fails a run after an enter_flow of the same node entered a flow, the entered
// flow still starts, as in the reference: the run fails alone, the child starts with it as
// parent, and when the child ends nothing above the failed run resumes; the session ends with the
// child. Without an entered flow the failure fails the session as before.
func TestRuleFailedAfterEnter(t *testing.T) {
	missing := func() map[string]any {
		return act("enter_flow", map[string]any{"flow": map[string]any{"uuid": "00000000-0000-4000-8000-999999999999", "name": "Missing"}})
	}
	enter := func(child *ruleFlow, terminal bool) map[string]any {
		return act("enter_flow", map[string]any{"flow": map[string]any{"uuid": child.UUID, "name": child.Name}, "terminal": terminal})
	}
	tests := []struct {
		name string
		// parent's first node's actions, given the child flow
		actions func(child *ruleFlow) []map[string]any
		// under a grandparent that enters the parent as a subflow
		nested     bool
		want       string // run_started / run_ended / failure / msg_created, in order
		wantStatus string
	}{
		{"entered flow starts after the failure", func(c *ruleFlow) []map[string]any {
			return []map[string]any{enter(c, false), missing(), sendMsg("after")}
		}, false,
			"started Parent, failure, ended Parent failed, started Child, msg in child, ended Child completed", SessionCompleted},
		{"terminal entered flow too", func(c *ruleFlow) []map[string]any { return []map[string]any{enter(c, true), missing()} }, false,
			"started Parent, failure, ended Parent failed, started Child, msg in child, ended Child completed", SessionCompleted},
		{"nothing entered: the session fails", func(c *ruleFlow) []map[string]any { return []map[string]any{missing(), enter(c, false)} }, false,
			"started Parent, failure, ended Parent failed", SessionFailed},
		{"the waiting grandparent doesn't resume", func(c *ruleFlow) []map[string]any { return []map[string]any{enter(c, false), missing()} }, true,
			"started Grandparent, started Parent, failure, ended Parent failed, started Child, msg in child, ended Child completed", SessionCompleted},
		{"a terminal child ends the grandparent first", func(c *ruleFlow) []map[string]any { return []map[string]any{enter(c, true), missing()} }, true,
			"started Grandparent, started Parent, failure, ended Parent failed, ended Grandparent completed, started Child, msg in child, ended Child completed", SessionCompleted},
		{"nothing entered under a grandparent: both fail", func(c *ruleFlow) []map[string]any { return []map[string]any{missing()} }, true,
			"started Grandparent, started Parent, failure, ended Parent failed, ended Grandparent failed", SessionFailed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			child := &ruleFlow{UUID: ruleUUID(), Name: "Child", Nodes: []map[string]any{actionNode(sendMsg("in child"))}}
			parent := &ruleFlow{UUID: ruleUUID(), Name: "Parent", Nodes: []map[string]any{actionNode(tc.actions(child)...), actionNode(sendMsg("parent's next node"))}}
			fl := []*ruleFlow{parent, child}
			if tc.nested {
				gp := &ruleFlow{UUID: ruleUUID(), Name: "Grandparent", Nodes: []map[string]any{
					actionNode(enter(parent, false)), actionNode(sendMsg("back in the grandparent"))}}
				fl = append([]*ruleFlow{gp}, fl...)
			}
			s, sprints := ruleRun{Flows: fl}.run(t)
			var got []string
			for _, e := range allEvents(sprints) {
				var m map[string]any
				if b, err := json.Marshal(e); err != nil || json.Unmarshal(b, &m) != nil {
					t.Fatalf("event %v doesn't encode: %v", e, err)
				}
				switch e.Type() {
				case "run_started":
					got = append(got, "started "+m["flow"].(map[string]any)["name"].(string))
				case "run_ended":
					got = append(got, "ended "+m["flow"].(map[string]any)["name"].(string)+" "+m["status"].(string))
				case "failure":
					got = append(got, "failure")
				case "msg_created":
					got = append(got, "msg "+m["msg"].(map[string]any)["text"].(string))
				}
			}
			if g := strings.Join(got, ", "); g != tc.want {
				t.Errorf("events\n got %s\nwant %s", g, tc.want)
			}
			if s.Status != tc.wantStatus {
				t.Errorf("session %s, want %s", s.Status, tc.wantStatus)
			}
			if tc.wantStatus == SessionCompleted && slices.ContainsFunc(got, func(e string) bool { return strings.Contains(e, "next node") || strings.Contains(e, "back in") }) {
				t.Errorf("a run above the failed one resumed: %v", got)
			}
		})
	}
}
