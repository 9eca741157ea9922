package actions_test

import (
	"encoding/json"
	"testing"
)

// TestRecipientURNs: the URNs a send_broadcast or start_session names go out as written (the
// reference neither evaluates nor normalizes them); a legacy variable that is a valid URN as
// written is normalized without a country, and one that isn't must read as a possible phone
// number of the run's country (the holder contact's number is American), else it is an error.
func TestRecipientURNs(t *testing.T) {
	tests := []struct {
		name, action string
		want         string
	}{
		{"broadcast URNs as written",
			`{"uuid": "a3000000-0000-4000-8000-000000000001", "type": "send_broadcast", "text": "hi", "urns": ["TEL:+1 (206) 555-1313", " tel:0788123456 ", "@(\"tel:1\")"]}`,
			`[{"type": "broadcast_created", "base_language": "eng", "translations": {"eng": {"text": "hi"}}, "urns": ["TEL:+1 (206) 555-1313", " tel:0788123456 ", "@(\"tel:1\")"]}]`},
		{"legacy phone numbers read in the run's country",
			`{"uuid": "a3000000-0000-4000-8000-000000000001", "type": "send_broadcast", "text": "hi", "legacy_vars": ["(206) 555-1414", "447911123456", "+593 98 765 4321"]}`,
			`[{"type": "broadcast_created", "base_language": "eng", "translations": {"eng": {"text": "hi"}}, "urns": ["tel:+12065551414", "tel:+447911123456", "tel:+593987654321"]}]`},
		{"legacy URNs normalized without a country",
			`{"uuid": "a3000000-0000-4000-8000-000000000001", "type": "send_broadcast", "text": "hi", "legacy_vars": ["tel:0788123456", "mailto:Ann@Example.org", "whatsapp:447911123456"]}`,
			`[{"type": "broadcast_created", "base_language": "eng", "translations": {"eng": {"text": "hi"}}, "urns": ["tel:0788123456", "mailto:ann@example.org", "whatsapp:447911123456"]}]`},
		{"legacy URNs must be valid as written",
			`{"uuid": "a3000000-0000-4000-8000-000000000001", "type": "send_broadcast", "text": "hi", "legacy_vars": ["tel:(0788) 123-456", "MAILTO:Ann@Example.org"]}`,
			`[{"type": "error", "text": "'tel:(0788) 123-456' couldn't be resolved to a contact, group or URN"},
			  {"type": "error", "text": "'MAILTO:Ann@Example.org' couldn't be resolved to a contact, group or URN"}]`},
		{"legacy values that aren't numbers",
			`{"uuid": "a3000000-0000-4000-8000-000000000001", "type": "send_broadcast", "text": "hi", "legacy_vars": ["911", "12345678901234567", "nobody"]}`,
			`[{"type": "error", "text": "'911' couldn't be resolved to a contact, group or URN"},
			  {"type": "error", "text": "'12345678901234567' couldn't be resolved to a contact, group or URN"},
			  {"type": "error", "text": "'nobody' couldn't be resolved to a contact, group or URN"}]`},
		{"empty legacy values are unresolvable, even after an error",
			`{"uuid": "a3000000-0000-4000-8000-000000000001", "type": "send_broadcast", "text": "hi", "legacy_vars": ["  ", "x@results.nope", "@(1/0)", "tel:"]}`,
			`[{"type": "error", "text": "'' couldn't be resolved to a contact, group or URN"},
			  {"type": "error", "text": "Error evaluating expression: object has no property 'nope'", "code": "expression", "extra": {"expression": "@results.nope"}},
			  {"type": "error", "text": "'x' couldn't be resolved to a contact, group or URN"},
			  {"type": "error", "text": "Error evaluating expression: division by zero", "code": "expression", "extra": {"expression": "@(1/0)"}},
			  {"type": "error", "text": "'' couldn't be resolved to a contact, group or URN"},
			  {"type": "error", "text": "'tel:' couldn't be resolved to a contact, group or URN"}]`},
		{"no recipients: no broadcast, but its text is evaluated",
			`{"uuid": "a3000000-0000-4000-8000-000000000001", "type": "send_broadcast", "text": "hi @results.nope", "legacy_vars": ["nobody"]}`,
			`[{"type": "error", "text": "'nobody' couldn't be resolved to a contact, group or URN"},
			  {"type": "error", "text": "Error evaluating expression: object has no property 'nope'", "code": "expression", "extra": {"expression": "@results.nope"}}]`},
		{"none at all: its attachments and quick replies are evaluated too",
			`{"uuid": "a3000000-0000-4000-8000-000000000001", "type": "send_broadcast", "text": "hi", "attachments": ["image/png:@(1/0)"], "quick_replies": ["@results.nope"]}`,
			`[{"type": "error", "text": "Error evaluating expression: division by zero", "code": "expression", "extra": {"expression": "@(1/0)"}},
			  {"type": "error", "text": "Attachment evaluated to invalid value and will be ignored"},
			  {"type": "error", "text": "Error evaluating expression: object has no property 'nope'", "code": "expression", "extra": {"expression": "@results.nope"}},
			  {"type": "error", "text": "Quick reply evaluated to empty string and will be ignored"}]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := json.Marshal(execute(t, tc.action))
			var want any
			if err := json.Unmarshal([]byte(tc.want), &want); err != nil {
				t.Fatal(err)
			}
			wantJSON, _ := json.Marshal(want)
			if string(got) != string(wantJSON) {
				t.Fatalf("got  %s\nwant %s", got, wantJSON)
			}
		})
	}
}

// TestAddContactURNNormalization: a phone number is kept in E.164 when it reads as a possible
// number without any country (international, or 11+ digits not starting with 0), else with only
// its letters and digits; a local number isn't read as the contact's country's.
func TestAddContactURNNormalization(t *testing.T) {
	tests := []struct{ path, want string }{
		{"+44 7911 123-456", "tel:+447911123456"},
		{"447911123457", "tel:+447911123457"},
		{"(0788) 123-456", "tel:0788123456"},
		{"206 555 1515", "tel:2065551515"},
		{"1-800-FLOWERS", "tel:+18003569377"},
		{"help-desk", "tel:helpdesk"},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			events := execute(t, `{"uuid": "a3000000-0000-4000-8000-000000000002", "type": "add_contact_urn", "scheme": "tel", "path": "`+tc.path+`"}`)
			if len(events) != 1 || events[0]["type"] != "contact_urns_changed" {
				t.Fatalf("events %v", events)
			}
			urns := events[0]["urns"].([]any)
			if got := urns[len(urns)-1]; got != tc.want {
				t.Errorf("added %v, want %s", got, tc.want)
			}
		})
	}
}

// TestRecipientContactQuery: the contact query of a send_broadcast or start_session is trimmed
// of the space around it once evaluated, and an action with a query has recipients even when
// it evaluates to nothing (an error included), as in the reference.
func TestRecipientContactQuery(t *testing.T) {
	tests := []struct {
		name, query string
		want        string
	}{
		{"space around trimmed", " \tage > 5 \n", `[{"type": "broadcast_created", "base_language": "eng", "translations": {"eng": {"text": "hi"}}, "contact_query": "age > 5"}]`},
		{"space inside a value kept", `age > @(" ") `, `[{"type": "broadcast_created", "base_language": "eng", "translations": {"eng": {"text": "hi"}}, "contact_query": "age > \" \""}]`},
		{"empty query still broadcast", `@("")`, `[{"type": "broadcast_created", "base_language": "eng", "translations": {"eng": {"text": "hi"}}, "contact_query": "\"\""}]`},
		{"failed query still broadcast", `@results.nope`, `[{"type": "error", "text": "Error evaluating expression: object has no property 'nope'", "code": "expression", "extra": {"expression": "@results.nope"}},
			{"type": "broadcast_created", "base_language": "eng", "translations": {"eng": {"text": "hi"}}}]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q, _ := json.Marshal(tc.query)
			got, _ := json.Marshal(execute(t, `{"uuid": "a3000000-0000-4000-8000-000000000001", "type": "send_broadcast", "text": "hi", "contact_query": `+string(q)+`}`))
			var want any
			if err := json.Unmarshal([]byte(tc.want), &want); err != nil {
				t.Fatal(err)
			}
			wantJSON, _ := json.Marshal(want)
			if string(got) != string(wantJSON) {
				t.Fatalf("got  %s\nwant %s", got, wantJSON)
			}
		})
	}
}
