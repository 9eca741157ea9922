package actions_test

import (
	"fmt"
	"testing"

	"github.com/flowctl/flowctl/flows/engine"
	"github.com/flowctl/flowctl/flows/read"
	"github.com/flowctl/flowctl/flows/runtime"
)

// TestRuleUnsendableNoRouteBeforeStatus: a message is always created; one a contact can't receive says why:
// the lack of a route first, whatever the contact's status, then the status.
func TestRuleUnsendableNoRouteBeforeStatus(t *testing.T) {
	assets := `{"flows": [{"uuid": "f0000000-0000-4000-8000-000000000001", "name": "Holder", "spec_version": "14.1.0",
	  "language": "eng", "type": "messaging", "nodes": [{"uuid": "f0000000-0000-4000-8000-000000000002",
	  "actions": [{"uuid": "f0000000-0000-4000-8000-000000000004", "type": "send_msg", "text": "Hi"}],
	  "exits": [{"uuid": "f0000000-0000-4000-8000-000000000003"}]}]}],
	  "channels": [{"uuid": "c1000000-0000-4000-8000-000000000001", "name": "Phone", "schemes": ["tel"], "roles": ["send", "receive"]}]}`
	tests := []struct {
		status, urn, wantReason, wantURN string
	}{
		{"active", "tel:+12065551212", "", "tel:+12065551212"},
		{"active", "mailto:a@b.c", "no_route", ""},
		{"blocked", "tel:+12065551212", "contact_blocked", "tel:+12065551212"},
		{"stopped", "tel:+12065551212", "contact_stopped", "tel:+12065551212"},
		{"archived", "tel:+12065551212", "contact_archived", "tel:+12065551212"},
		{"archived", "mailto:a@b.c", "no_route", ""},
		{"stopped", "mailto:a@b.c", "no_route", ""},
		{"blocked", "mailto:a@b.c", "no_route", ""},
	}
	for _, tc := range tests {
		t.Run(tc.status+" "+tc.urn, func(t *testing.T) {
			a := read.LoadAssets(read.Read("holder.json", []byte(assets)))
			contact := fmt.Sprintf(`{"uuid": "5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f", "status": %q, "created_on": "2018-06-20T11:40:30Z", "urns": [%q]}`, tc.status, tc.urn)
			sim, err := engine.NewSimulation(engine.SimulationInput{Assets: a, Flow: a.Flows[0], Contact: []byte(contact)})
			if err != nil {
				t.Fatal(err)
			}
			_, sprints, err := sim.Run()
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range sprints[0].Events {
				if m, ok := e.(*runtime.MsgCreated); ok {
					if m.Msg.UnsendableReason != tc.wantReason || string(m.Msg.URN) != tc.wantURN {
						t.Errorf("unsendable %q to %q, want %q to %q", m.Msg.UnsendableReason, m.Msg.URN, tc.wantReason, tc.wantURN)
					}
					return
				}
			}
			t.Error("no msg_created")
		})
	}
}
