package smartagent

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/desktop"
)

const origin = "https://plugin.example.com"

func newDesk(t *testing.T) *desktop.Desktop {
	t.Helper()
	d, err := desktop.New(desktop.Config{
		Status: desktop.Available, CompanyID: "acme", Queues: []string{"Support", "Billing"},
		Agent:         desktop.Agent{ID: "a1", Name: "Ada", Username: "ada"},
		Directory:     []desktop.Agent{{ID: "a2", Username: "bob"}},
		QuickConnects: []desktop.QuickConnect{{Name: "Tier 2", Target: desktop.Target{Type: "queue", Value: "Billing"}}},
		Plugins: []desktop.Plugin{
			{ID: "side", URL: origin + "/side", Kind: "smartagent"},
			{ID: "panel", URL: origin + "/panel", Kind: "smartagent", Panel: "contact"},
		},
	}, New())
	if err != nil {
		t.Fatal(err)
	}
	return d
}

var ids = 0

// request sends a request and returns its verdict and the one response it got.
func request(t *testing.T, d *desktop.Desktop, plugin string, ref int, method string, params any) (desktop.Verdict, map[string]any) {
	t.Helper()
	ids++
	msg := map[string]any{"type": Request, "id": ids, "method": method}
	if params != nil {
		msg["params"] = params
	}
	b, _ := json.Marshal(msg)
	n := len(d.Outbox)
	v := d.Receive(desktop.Inbound{Plugin: plugin, ContactRef: ref, Origin: origin, Data: b})
	var resp map[string]any
	for _, o := range d.Outbox[n:] {
		m := roundTrip(t, o.Data)
		if m["type"] == Response {
			if resp != nil {
				t.Fatalf("%s got two responses", method)
			}
			resp = m
		}
	}
	if resp == nil {
		t.Fatalf("%s got no response (verdict %v)", method, v)
	}
	if fmt.Sprint(resp["id"]) != fmt.Sprint(ids) {
		t.Errorf("response id %v, want %d", resp["id"], ids)
	}
	return v, resp
}

func roundTrip(t *testing.T, v any) map[string]any {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func errMsg(resp map[string]any) string {
	if e, ok := resp["error"].(map[string]any); ok {
		return e["code"].(string) + ": " + e["message"].(string)
	}
	return ""
}

func initialise(t *testing.T, d *desktop.Desktop, plugin string, ref int, events ...string) {
	t.Helper()
	if _, resp := request(t, d, plugin, ref, "init", map[string]any{"embedded": true}); errMsg(resp) != "" {
		t.Fatal(errMsg(resp))
	}
	for _, e := range events {
		if _, resp := request(t, d, plugin, ref, "on", map[string]any{"event": e}); errMsg(resp) != "" {
			t.Fatal(errMsg(resp))
		}
	}
}

// events lists the events sent to a window since outbox position from, as "name:contactId".
func events(t *testing.T, d *desktop.Desktop, window string, from int) []string {
	var out []string
	for _, o := range d.Outbox[from:] {
		m := roundTrip(t, o.Data)
		if o.Window != window || m["type"] != EventMsg {
			continue
		}
		out = append(out, m["event"].(string))
	}
	return out
}

func TestInitAndMethods(t *testing.T) {
	d := newDesk(t)
	tests := []struct {
		method string
		params any
		want   string // error, or "" for success
	}{
		{"getUser", nil, "not_initialised: getUser before init(): call init() first"},
		{"init", map[string]any{}, "not_in_iframe: init() works only in a plugin iframe: SmartAgent loads plugins in one"},
		{"init", map[string]any{"embedded": true}, ""},
		{"getUsr", nil, "unknown_method: unknown method \"getUsr\": want one of " + strings.Join(Methods, ", ") + "; did you mean \"getUser\"?"},
		{"on", map[string]any{"event": "incoming_cal"}, "unknown_event: unknown event \"incoming_cal\": want one of " + strings.Join(Events, ", ") + "; did you mean \"incoming_call\"?"},
		{"on", map[string]any{"event": "incoming_call"}, ""},
		{"setTitleTag", map[string]any{"title": 3}, "invalid_payload: setTitleTag: title must be a string"},
		{"setTitleTag", map[string]any{"title": "Case 42"}, ""},
		{"hidePlugin", nil, ""},
		{"getCompanyID", nil, ""},
		{"sendMessage", "x", "bad_request: params must be an object"},
	}
	for _, tt := range tests {
		_, resp := request(t, d, "side", 0, tt.method, tt.params)
		if got := errMsg(resp); got != tt.want {
			t.Errorf("%s(%v): %q, want %q", tt.method, tt.params, got, tt.want)
		}
	}
	_, resp := request(t, d, "side", 0, "getUser", nil)
	if u := resp["result"].(map[string]any); u["username"] != "ada" || u["status"] != "Available" {
		t.Errorf("getUser = %v", u)
	}
	_, resp = request(t, d, "side", 0, "getCompanyID", nil)
	if resp["result"].(map[string]any)["companyId"] != "acme" {
		t.Errorf("getCompanyID = %v", resp)
	}
	// A request without an id can't be answered; one that isn't ours isn't read.
	n := len(d.Outbox)
	if v := d.Receive(desktop.Inbound{Plugin: "side", Origin: origin, Data: json.RawMessage(`{"type":"smartagent:request","method":"getUser"}`)}); v.Status != "rejected" {
		t.Errorf("no id: %v", v)
	}
	if v := d.Receive(desktop.Inbound{Plugin: "side", Origin: origin, Data: json.RawMessage(`{"method":"getUser","id":1}`)}); v.Status != "rejected" {
		t.Errorf("no type: %v", v)
	}
	if len(d.Outbox) != n {
		t.Errorf("unreadable requests got answers")
	}
}

func TestMessagePayloads(t *testing.T) {
	tests := []struct {
		typ     string
		payload string
		want    string
	}{
		{"update_contact", `{"attributes":{"tier":"gold"}}`, ""},
		{"update_contact", `{"attributes":{}}`, "invalid_payload: update_contact: attributes is empty: give at least one attribute to set"},
		{"update_contact", `{"attributes":{"n":1}}`, `invalid_payload: update_contact: attributes must be an object of strings, not {"n":1}`},
		{"update_contact", `{"attribute":{"a":"b"}}`, `invalid_payload: update_contact: unknown key "attribute": the payload takes contactId, attributes; did you mean "attributes"?`},
		{"update_contact", `{}`, "invalid_payload: update_contact: attributes is missing: it is required (an object of strings)"},
		{"update_customer", `{"name":"Bea","phoneNumber":"+14155550123","email":"bea@example.com"}`, ""},
		{"update_customer", `{"phoneNumber":"4155550123"}`, `invalid_payload: update_customer: phoneNumber "4155550123" is not in E.164 form (+ and 7 to 15 digits, e.g. +14155550123)`},
		{"update_customer", `{"email":"bea"}`, `invalid_payload: update_customer: email "bea" is not an email address`},
		{"update_customer", `{}`, "invalid_payload: update_customer: give at least one of name, phoneNumber, email"},
		{"transfer_call", `{"endpoint":{"type":"agnet","agentLogin":"bob"}}`, `invalid_payload: transfer_call: endpoint.type must be one of phone_number, agent, queue (got "agnet"); did you mean "agent"?`},
		{"transfer_call", `{"endpoint":{"type":"agent"}}`, "invalid_payload: transfer_call: endpoint (agent): agentLogin is missing: it is required (a string)"},
		{"transfer_call", `{"endpoint":{"type":"queue","queue":"Billing","agentLogin":"x"}}`, `invalid_payload: transfer_call: endpoint (queue): unknown key "agentLogin": the payload takes type, queue, name`},
		{"transfer_call", `{"endpoint":{"type":"phone_number","phoneNumber":"12"}}`, `invalid_payload: transfer_call: endpoint.phoneNumber "12" is not in E.164 form (+ and 7 to 15 digits, e.g. +14155550123)`},
		{"transfer_call", `{"endpoint":"bob"}`, `invalid_payload: transfer_call: endpoint must be an object, not "bob"`},
		{"quick_connect", `{}`, "invalid_payload: quick_connect: name is missing: it is required (a string)"},
		{"update_quick_connects", `{"quickConnects":[{"name":"Sales","endpoint":{"type":"queue","queue":"Sales"}}]}`, ""},
		{"update_quick_connects", `{"quickConnects":[{"name":"Sales"}]}`, "invalid_payload: update_quick_connects: quickConnects[0]: endpoint is missing: it is required (an object)"},
		{"update_quick_connects", `{"quickConnects":[3]}`, "invalid_payload: update_quick_connects: quickConnects[0] must be an object with name and endpoint"},
		{"show_notification", `{"title":"Heads up","message":"VIP caller","level":"warning"}`, ""},
		{"show_notification", `{"message":"x","level":"warn"}`, `invalid_payload: show_notification: level "warn": want one of info, success, warning, error; did you mean "warning"?`},
		{"show_notification", `{"title":"x"}`, "invalid_payload: show_notification: message is missing: it is required (a string)"},
		{"show_popup_message", `{"message":"Check the ID"}`, ""},
		{"show_popup", `{"message":"x"}`, `invalid_payload: unknown message type "show_popup": want one of ` + strings.Join(Messages, ", ") + `; did you mean "show_popup_message"?`},
		{"end_conference_call", `{}`, "not_allowed: EndConferenceCall: contact #1 has no third party"},
	}
	for _, tt := range tests {
		t.Run(tt.typ+tt.payload, func(t *testing.T) {
			d := newDesk(t)
			initialise(t, d, "side", 0)
			c, _ := d.Arrive(desktop.Arrival{Queue: "Support"})
			d.Invoke("AcceptTask", "agent", nil)
			var payload map[string]any
			if err := json.Unmarshal([]byte(tt.payload), &payload); err != nil {
				t.Fatal(err)
			}
			v, resp := request(t, d, "side", 0, "sendMessage", map[string]any{"type": tt.typ, "payload": payload})
			if got := errMsg(resp); got != tt.want {
				t.Fatalf("error %q, want %q", got, tt.want)
			}
			if tt.want == "" && v.Status != "accepted" || tt.want != "" && v.Status == "accepted" {
				t.Errorf("verdict %v", v)
			}
			if tt.want != "" && c.State != desktop.Connected {
				t.Errorf("a refused message changed the contact: %s", c.State)
			}
		})
	}
}

func TestMessagesAct(t *testing.T) {
	d := newDesk(t)
	initialise(t, d, "side", 0, "transfer_call", "contact_updated", "after_call_work", "call_ended")
	first, _ := d.Arrive(desktop.Arrival{Queue: "Support", Attributes: map[string]string{"a": "1"}})
	d.Invoke("AcceptTask", "agent", nil)
	n := len(d.Outbox)
	request(t, d, "side", 0, "updateContact", map[string]any{"attributes": map[string]any{"tier": "gold"}})
	request(t, d, "side", 0, "sendMessage", map[string]any{"type": "update_customer", "payload": map[string]any{"name": "Bea"}})
	if first.Attributes["tier"] != "gold" || first.Customer.Name != "Bea" {
		t.Fatalf("contact = %+v", first)
	}
	_, resp := request(t, d, "side", 0, "sendMessage", map[string]any{"type": "transfer_call", "payload": map[string]any{"endpoint": map[string]any{"type": "agent", "agentLogin": "bob"}}})
	if errMsg(resp) != "" {
		t.Fatal(errMsg(resp))
	}
	if got := strings.Join(events(t, d, "side", n), " "); got != "contact_updated contact_updated call_ended after_call_work transfer_call" {
		t.Errorf("events = %s", got)
	}
	var tr map[string]any
	for _, o := range d.Outbox[n:] {
		if m := roundTrip(t, o.Data); m["event"] == "transfer_call" {
			tr = m["data"].(map[string]any)
		}
	}
	contact := tr["contact"].(map[string]any)
	if contact["contactId"] == first.ContactID || contact["initialContactId"] != first.ContactID || tr["previousContactId"] != first.ContactID {
		t.Errorf("transfer_call data = %v (first leg %s)", tr, first.ContactID)
	}
	if contact["attributes"].(map[string]any)["tier"] != "gold" {
		t.Errorf("the attributes didn't follow the transfer: %v", contact["attributes"])
	}
	// the second transfer of the same contact is refused: it is wrapping up, not connected
	_, resp = request(t, d, "side", 0, "sendMessage", map[string]any{"type": "quick_connect", "payload": map[string]any{"name": "Tier 2", "contactId": first.ContactID}})
	if !strings.HasPrefix(errMsg(resp), "not_allowed: TransferTask: contact #1") {
		t.Errorf("transfer of a wrapping contact: %s", errMsg(resp))
	}
}

func TestEventsPerWindow(t *testing.T) {
	d := newDesk(t)
	initialise(t, d, "side", 0, "incoming_call", "call_started", "on_hold", "off_hold", "next_status", "after_call_work_end")
	d.Arrive(desktop.Arrival{Queue: "Support"})
	initialise(t, d, "panel", 1, "call_started", "call_ended")
	n := len(d.Outbox)
	d.Invoke("AcceptTask", "agent", nil)
	d.Invoke("HoldCall", "agent", nil)
	d.Invoke("UnholdCall", "agent", nil)
	request(t, d, "side", 0, "off", map[string]any{"event": "on_hold"})
	d.Invoke("HoldCall", "agent", nil)
	d.Invoke("SetActivity", "agent", map[string]any{"activity": "Unavailable", "reason": "Lunch"})
	d.Arrive(desktop.Arrival{Channel: desktop.Chat, Queue: "Support"}) // offered: Unavailable waits for the call to be done
	d.Invoke("HangupCall", "agent", map[string]any{"contactId": "#1"})
	d.Invoke("CompleteTask", "agent", map[string]any{"contactId": "#1"})
	if got := strings.Join(events(t, d, "side", n), " "); got != "call_started on_hold off_hold next_status incoming_call after_call_work_end" {
		t.Errorf("side window got %s", got)
	}
	if got := strings.Join(events(t, d, "panel@#1", n), " "); got != "call_started call_ended" {
		t.Errorf("panel of #1 got %s", got)
	}
}

// TestViewsAndNotes: hidePlugin, showPlugin and setTitleTag set how the desktop shows a window;
// show_notification and show_popup_message leave notes for the desktop to show.
func TestViewsAndNotes(t *testing.T) {
	p := New()
	d, err := desktop.New(desktop.Config{Status: desktop.Available, Plugins: []desktop.Plugin{{ID: "side", URL: origin + "/side", Kind: "smartagent"}}}, p)
	if err != nil {
		t.Fatal(err)
	}
	if v := p.Views(); len(v) != 0 {
		t.Errorf("before init, no window has a view: %v", v)
	}
	request(t, d, "side", 0, "init", map[string]any{"embedded": true})
	request(t, d, "side", 0, "setTitleTag", map[string]any{"title": "CRM · gold"})
	request(t, d, "side", 0, "hidePlugin", nil)
	if v := p.Views()["side"]; !v.Hidden || v.Title != "CRM · gold" {
		t.Errorf("after hidePlugin and setTitleTag: %+v", v)
	}
	request(t, d, "side", 0, "showPlugin", nil)
	if v := p.Views()["side"]; v.Hidden {
		t.Errorf("after showPlugin: %+v", v)
	}
	request(t, d, "side", 0, "sendMessage", map[string]any{"type": "show_notification", "payload": map[string]any{"message": "Saved", "level": "success"}})
	request(t, d, "side", 0, "sendMessage", map[string]any{"type": "show_popup_message", "payload": map[string]any{"title": "Fraud", "message": "Check the caller's ID"}})
	_, resp := request(t, d, "side", 0, "sendMessage", map[string]any{"type": "show_notification", "payload": map[string]any{"message": "x", "level": "loud"}})
	if !strings.HasPrefix(errMsg(resp), "invalid_payload: show_notification: level \"loud\"") {
		t.Errorf("a bad level = %s", errMsg(resp))
	}
	got := p.Notes()
	want := []Note{
		{Seq: 1, Plugin: "side", Window: "side", Kind: "notification", Message: "Saved", Level: "success", Time: "2026-01-01T09:00:00.000Z"},
		{Seq: 2, Plugin: "side", Window: "side", Kind: "popup", Title: "Fraud", Message: "Check the caller's ID", Time: "2026-01-01T09:00:00.000Z"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("notes = %+v\nwant %+v", got, want)
	}
	for range maxNotes + 5 {
		request(t, d, "side", 0, "sendMessage", map[string]any{"type": "show_notification", "payload": map[string]any{"message": "again"}})
	}
	if n := p.Notes(); len(n) != maxNotes || n[len(n)-1].Seq != maxNotes+7 || n[len(n)-1].Level != "info" {
		t.Errorf("the notes kept: %d, the last %+v", len(n), n[len(n)-1])
	}
}
