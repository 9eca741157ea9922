package actions_test

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/flowctl/flowctl/flows/runtime"
)

// TestOpenTicketAssignee: an assignee found by email is named by the user's UUID (users are
// listed under both), and an unknown one is reported and left out. The holder is an export,
// whose users (older ones lack a uuid) are read leniently.
func TestOpenTicketAssignee(t *testing.T) {
	assets := `{"version": "13", "flows": [{"uuid": "f0000000-0000-4000-8000-000000000001", "name": "Holder", "spec_version": "14.1.0",
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
			events := firstSprint(t, fmt.Sprintf(assets, tc.assignee), "", "")
			got, gotError := "", ""
			for _, e := range events {
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

// TestOpenTicketOnePerContact: a contact with an open ticket gets no other; @locals._new_ticket is
// the new ticket's UUID, or empty when none was opened; result_name saves nothing.
func TestOpenTicketOnePerContact(t *testing.T) {
	two := `{"uuid": "a1000000-0000-4000-8000-000000000001", "type": "open_ticket", "note": "one", "result_name": "Ticket"},
		{"uuid": "a1000000-0000-4000-8000-000000000002", "type": "send_msg", "text": "[@locals._new_ticket]"},
		{"uuid": "a1000000-0000-4000-8000-000000000003", "type": "open_ticket", "note": "two"},
		{"uuid": "a1000000-0000-4000-8000-000000000004", "type": "send_msg", "text": "[@locals._new_ticket]"}`
	var opened []string
	var sent []string
	for _, e := range execute(t, two) {
		switch e["type"] {
		case "ticket_opened":
			opened = append(opened, e["ticket"].(map[string]any)["uuid"].(string))
		case "msg_created":
			sent = append(sent, e["msg"].(map[string]any)["text"].(string))
		case "run_result_changed":
			t.Errorf("result_name saved a result: %v", e)
		}
	}
	if len(opened) != 1 || len(sent) != 2 || sent[0] != "["+opened[0]+"]" || sent[1] != "[]" {
		t.Errorf("opened %v, sent %v: want one ticket, its UUID then nothing in the local", opened, sent)
	}
}

// TestOpenTicketMissingAssignee: an assignee missing from the assets is reported, and the ticket
// still opens, unassigned; a ticket without topic says so (topic null).
func TestOpenTicketMissingAssignee(t *testing.T) {
	got := execute(t, `{"uuid": "a1000000-0000-4000-8000-000000000001", "type": "open_ticket",
		"assignee": {"uuid": "0c78ef47-7d56-44d8-8f57-96e0f30e8f99", "name": "Gone"}}`)
	if len(got) < 2 || got[0]["type"] != "error" || got[1]["type"] != "ticket_opened" {
		t.Fatalf("events %v, want the missing dependency then the ticket", got)
	}
	ticket := got[1]["ticket"].(map[string]any)
	if topic, has := ticket["topic"]; !has || topic != nil || ticket["assignee"] != nil {
		t.Errorf("ticket %v, want topic null and no assignee", ticket)
	}
}

// TestRuleOpenTicketChecksExistingTicketLast: a contact who already has an open ticket gets no
// other, but only once the assignee, the note and the topic are resolved: their errors are
// logged all the same, in that order.
func TestRuleOpenTicketChecksExistingTicketLast(t *testing.T) {
	first := `{"uuid": "a1000000-0000-4000-8000-000000000001", "type": "open_ticket", "note": "one"}`
	tests := []struct {
		name, second string
		want         []string
	}{
		{"missing topic", `{"uuid": "a1000000-0000-4000-8000-000000000002", "type": "open_ticket",
			"topic": {"uuid": "0d9a2c56-6fc2-4f27-93c5-a6322e26b799", "name": "Gone"}}`,
			[]string{"Missing dependency: topic[uuid=0d9a2c56-6fc2-4f27-93c5-a6322e26b799,name=Gone]"}},
		{"assignee, note then topic", `{"uuid": "a1000000-0000-4000-8000-000000000002", "type": "open_ticket",
			"assignee": {"email": "nobody@example.com", "name": "Nobody"}, "note": "@(1 / 0)",
			"topic": {"uuid": "0d9a2c56-6fc2-4f27-93c5-a6322e26b799", "name": "Gone"}}`,
			[]string{"No such user with email 'nobody@example.com'", "Error evaluating expression: division by zero",
				"Missing dependency: topic[uuid=0d9a2c56-6fc2-4f27-93c5-a6322e26b799,name=Gone]"}},
		{"nothing to report", `{"uuid": "a1000000-0000-4000-8000-000000000002", "type": "open_ticket", "note": "two"}`, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var errs []string
			opened := 0
			for _, e := range execute(t, first+", "+tc.second) {
				switch e["type"] {
				case "error":
					errs = append(errs, e["text"].(string))
				case "ticket_opened":
					opened++
				}
			}
			if opened != 1 || !reflect.DeepEqual(errs, tc.want) {
				t.Errorf("opened %d tickets, errors %q; want 1 and %q", opened, errs, tc.want)
			}
		})
	}
}
