package engine

import (
	"encoding/json"
	"testing"
)

// A user in the context (a manual trigger's user, a ticket's assignee) is the user asset: its
// email, name and first name, reading as its name, else its email; a user the assets don't
// have is null.
func TestRuleUserContext(t *testing.T) {
	users := []any{
		map[string]any{"uuid": "0c78ef47-7d56-44d8-8f57-96e0f30e8f44", "email": "bob@nyaruka.com", "name": "Bob Smith"},
		map[string]any{"uuid": "0c78ef47-7d56-44d8-8f57-96e0f30e8f45", "email": "ann@nyaruka.com", "name": ""},
	}
	topics := []any{map[string]any{"uuid": "472a7a73-96cb-4736-b567-056d987cc5b4", "name": "Weather"}}
	const flowUUID = "00000000-0000-4000-8000-0000000e0201"
	tests := []struct {
		name, user, want string
	}{
		{"named user", "0c78ef47-7d56-44d8-8f57-96e0f30e8f44",
			`Bob Smith|{"email":"bob@nyaruka.com","first_name":"Bob","name":"Bob Smith"}|{assignee: Bob Smith, topic: Weather}`},
		{"user without a name reads as its email", "0c78ef47-7d56-44d8-8f57-96e0f30e8f45",
			`ann@nyaruka.com|{"email":"ann@nyaruka.com","first_name":"","name":""}|{assignee: ann@nyaruka.com, topic: Weather}`},
		{"unknown user is null", "0c78ef47-7d56-44d8-8f57-96e0f30e8f46", `|null|{assignee: , topic: Weather}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ticket := act("open_ticket", map[string]any{"topic": topics[0], "body": "help", "result_name": "Ticket",
				"assignee": map[string]any{"uuid": tc.user, "name": "Whoever"}})
			flows := []*ruleFlow{{UUID: flowUUID, Name: "Users", Nodes: []map[string]any{
				actionNode(ticket, sendMsg(`@trigger.user|@(json(trigger.user))|@(object("assignee", ticket.assignee, "topic", ticket.topic))`)),
			}}}
			trigger, _ := json.Marshal(map[string]any{"type": "manual", "flow": map[string]any{"uuid": flowUUID, "name": "Users"},
				"triggered_on": testStart, "user": map[string]any{"uuid": tc.user, "name": "Whoever"}, "origin": "ui"})
			_, sprints := ruleRun{Flows: flows, Assets: map[string]any{"users": users, "topics": topics}, Trigger: string(trigger)}.run(t)
			got := sentTexts(sprints)
			if len(got) != 1 || got[0] != tc.want {
				t.Errorf("sent %q, want %q", got, tc.want)
			}
		})
	}
}
