package engine

import "testing"

// A router that finds no category — a subflow's split on @child.status without an Other category,
// when the child expired — fails the run with the reference's words.
func TestRuleRouterWithoutCategoryFails(t *testing.T) {
	child := &ruleFlow{UUID: "00000000-0000-4000-8000-0000000f0002", Name: "Child", Nodes: []map[string]any{switchNode("@input.text", true, "")}}
	node := actionNode(act("enter_flow", map[string]any{"flow": map[string]any{"uuid": child.UUID, "name": child.Name}}))
	exit := ruleUUID()
	node["exits"] = []map[string]any{{"uuid": exit}}
	node["router"] = map[string]any{"type": "switch", "operand": "@child.status",
		"cases":      []map[string]any{{"uuid": ruleUUID(), "type": "has_only_text", "arguments": []string{"completed"}, "category_uuid": "f68d80e5-651c-404a-bbc0-efa6966254a6"}},
		"categories": []map[string]any{{"uuid": "f68d80e5-651c-404a-bbc0-efa6966254a6", "name": "Complete", "exit_uuid": exit}}}
	expiration := `{"type": "wait_expiration", "resumed_on": "2025-05-04T12:40:00Z", "event": {"type": "wait_expired", "uuid": "5d9b4f1f-6c54-4a8f-8e6d-7b2c3d4e5f60", "created_on": "2025-05-04T12:40:00Z"}}`
	_, sprints := ruleRun{Flows: []*ruleFlow{{Nodes: []map[string]any{node}}, child}, Resumes: []string{expiration}}.run(t)
	fails := eventsOf(t, sprints, "failure")
	if len(fails) != 1 || fails[0]["text"] != "Router failed to pick a category" {
		t.Errorf("failures %v, want one saying the router failed to pick a category", fails)
	}
}
