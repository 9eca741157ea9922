package actions_test

import (
	"fmt"
	"testing"

	"github.com/flowctl/flowctl/flows/engine"
	"github.com/flowctl/flowctl/flows/read"
	"github.com/flowctl/flowctl/flows/runtime"
)

// TestOpenTicketAssignee: an assignee found by email is named by the user's UUID (users are
// listed under both), and an unknown one is reported and left out.
func TestOpenTicketAssignee(t *testing.T) {
	assets := `{"flows": [{"uuid": "f0000000-0000-4000-8000-000000000001", "name": "Holder", "spec_version": "14.1.0",
	  "language": "eng", "type": "messaging", "nodes": [{"uuid": "f0000000-0000-4000-8000-000000000002",
	  "actions": [{"uuid": "f0000000-0000-4000-8000-000000000004", "type": "open_ticket", "assignee": %s}],
	  "exits": [{"uuid": "f0000000-0000-4000-8000-000000000003"}]}]}],
	  "topics": [{"uuid": "93000000-0000-4000-8000-000000000001", "name": "General"}],
	  "users": [{"uuid": "0c78ef47-7d56-44d8-8f57-96e0f30e8f44", "email": "bob@nyaruka.com", "name": "Bob"},
	    {"email": "ann@nyaruka.com", "name": "Ann"}]}`
	tests := []struct {
		name, assignee, want, wantError string
	}{
		{"by email", `{"email": "BOB@nyaruka.com"}`, "0c78ef47-7d56-44d8-8f57-96e0f30e8f44 Bob", ""},
		{"by email, evaluated", `{"email": "@(\"bob@\" & \"nyaruka.com\")"}`, "0c78ef47-7d56-44d8-8f57-96e0f30e8f44 Bob", ""},
		{"by uuid", `{"uuid": "0c78ef47-7d56-44d8-8f57-96e0f30e8f44", "name": "Bob"}`, "0c78ef47-7d56-44d8-8f57-96e0f30e8f44 Bob", ""},
		{"a user without uuid", `{"email": "ann@nyaruka.com"}`, "ann@nyaruka.com Ann", ""},
		{"unknown", `{"email": "eve@nyaruka.com"}`, "", "No such user with email 'eve@nyaruka.com'"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := read.LoadAssets(read.Read("holder.json", []byte(fmt.Sprintf(assets, tc.assignee))))
			sim, err := engine.NewSimulation(engine.SimulationInput{Assets: a, Flow: a.Flows[0]})
			if err != nil {
				t.Fatal(err)
			}
			_, sprints, err := sim.Run()
			if err != nil {
				t.Fatal(err)
			}
			got, gotError := "", ""
			for _, e := range sprints[0].Events {
				switch ev := e.(type) {
				case *runtime.TicketOpened:
					if ev.Ticket.Assignee != nil {
						got = ev.Ticket.Assignee.UUID + " " + ev.Ticket.Assignee.Name
					}
				case *runtime.Error:
					gotError = ev.Text
				}
			}
			if got != tc.want || gotError != tc.wantError {
				t.Errorf("assignee %q, error %q; want %q, %q", got, gotError, tc.want, tc.wantError)
			}
		})
	}
}
