package max

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/desktop"
)

const (
	wsOrigin    = "https://kb.example.com"
	panelOrigin = "https://crm.example.com"
)

func newDesk(t *testing.T) *desktop.Desktop {
	t.Helper()
	d, err := desktop.New(desktop.Config{
		Status: desktop.Available, CompanyID: "4500", Queues: []string{"Support", "Billing"},
		Agent: desktop.Agent{ID: "12214", Name: "Ada Lovelace"},
		Plugins: []desktop.Plugin{
			{ID: "ws", URL: wsOrigin + "/workspace", Kind: "max"},
			{ID: "panel", URL: panelOrigin + "/card", Kind: "max", Panel: "contact"},
		},
	}, New())
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func post(t *testing.T, d *desktop.Desktop, plugin string, ref int, msg string) desktop.Verdict {
	t.Helper()
	origin := wsOrigin
	if plugin == "panel" {
		origin = panelOrigin
	}
	return d.Receive(desktop.Inbound{Plugin: plugin, ContactRef: ref, Origin: origin, Data: json.RawMessage(msg)})
}

func act(t *testing.T, d *desktop.Desktop, action string, data map[string]any) {
	t.Helper()
	if res := d.Invoke(action, "agent", data); !res.Done() {
		t.Fatalf("%s: %v", action, res.Err)
	}
}

// sent returns what went to a window since outbox position from, as JSON.
func sent(t *testing.T, d *desktop.Desktop, window string, from int) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, o := range d.Outbox[from:] {
		if o.Window != window {
			continue
		}
		b, err := json.Marshal(o)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

// types lists the Type (or messageType) of each event of a MAX message.
func types(msg map[string]any) string {
	data, _ := msg["data"].(map[string]any)
	evs, _ := data["events"].([]any)
	var ts []string
	for _, e := range evs {
		m := e.(map[string]any)
		if t, ok := m["Type"]; ok {
			ts = append(ts, t.(string))
		} else {
			ts = append(ts, m["messageType"].(string))
		}
	}
	return strings.Join(ts, " ")
}

func event(msg map[string]any, i int) map[string]any {
	return msg["data"].(map[string]any)["events"].([]any)[i].(map[string]any)
}

func TestRegistrationErrors(t *testing.T) {
	tests := []struct {
		name   string
		msg    string
		reason string
	}{
		{"empty types", `{"messageType":"RegisterForClientEvents","subscriptionTypes":[]}`, reasonBadTypes},
		{"no types", `{"messageType":"RegisterForClientEvents"}`, reasonBadTypes},
		{"types not a list", `{"messageType":"RegisterForClientEvents","subscriptionTypes":"all"}`, reasonBadTypes},
		{"only unknown types", `{"messageType":"RegisterForClientEvents","subscriptionTypes":["agents","calls"]}`, reasonBadTypes},
		{"bad contact id checked before types", `{"messageType":"RegisterForClientEvents","contactId":"abc","subscriptionTypes":[]}`, reasonBadContactID},
		{"negative contact id", `{"messageType":"RegisterForClientEvents","contactId":-4,"subscriptionTypes":["contact"]}`, reasonBadContactID},
		{"fractional contact id", `{"messageType":"RegisterForClientEvents","contactId":1.5,"subscriptionTypes":["contact"]}`, reasonBadContactID},
		{"contact type without a contact", `{"messageType":"RegisterForClientEvents","subscriptionTypes":["contact"]}`, reasonContactNeedsID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newDesk(t)
			v := post(t, d, "ws", 0, tt.msg)
			if v.Status != "rejected" || !strings.Contains(v.Reason, tt.reason) {
				t.Errorf("verdict = %v", v)
			}
			out := sent(t, d, "ws", 0)
			if len(out) != 1 || types(out[0]) != "ClientEventSubscriptionAcknowledge" {
				t.Fatalf("want one acknowledgement alone, got %v", out)
			}
			ack := event(out[0], 0)
			if ack["status"] != "ERROR" || ack["reason"] != tt.reason {
				t.Errorf("ack = %v, want ERROR %q", ack, tt.reason)
			}
			if out[0]["data"].(map[string]any)["issuer"] != "MAX" || out[0]["target_origin"] != wsOrigin {
				t.Errorf("message = %v", out[0])
			}
			// A refused registration stores nothing: the next one is answered.
			n := len(d.Outbox)
			post(t, d, "ws", 0, `{"messageType":"RegisterForClientEvents","subscriptionTypes":["Agent"]}`)
			if out := sent(t, d, "ws", n); len(out) != 1 || event(out[0], 0)["status"] != "OK" {
				t.Errorf("registration after an error: %v", out)
			}
		})
	}
}

func TestSnapshotPerType(t *testing.T) {
	d := newDesk(t)
	voice, _ := d.Arrive(desktop.Arrival{Queue: "Support", Customer: desktop.Customer{Name: "Bea", Phone: "+15550100"}})
	act(t, d, "AcceptTask", nil)
	chat, _ := d.Arrive(desktop.Arrival{Channel: desktop.Chat, Queue: "Billing", Message: "hi"})
	tests := []struct {
		types, contact string
		want           string
	}{
		{`["agent"]`, "", "ClientEventSubscriptionAcknowledge AgentSessionStart AgentState AgentLeg"},
		{`["CONTACTS"]`, "", "ClientEventSubscriptionAcknowledge CallContactEvent ChatContactEvent"},
		{`["contact"]`, fmt.Sprint(chat.Number), "ClientEventSubscriptionAcknowledge ChatContactEvent"},
		{`["sessioninfo"]`, "", "ClientEventSubscriptionAcknowledge SessionInfo"},
		{`["agent","sessioninfo","agent"]`, "", "ClientEventSubscriptionAcknowledge AgentSessionStart AgentState AgentLeg SessionInfo"},
		{`["all"]`, "", "ClientEventSubscriptionAcknowledge AgentSessionStart AgentState AgentLeg CallContactEvent ChatContactEvent SessionInfo"},
		{`["contacts","contact"]`, fmt.Sprint(voice.Number), "ClientEventSubscriptionAcknowledge CallContactEvent ChatContactEvent"},
	}
	for _, tt := range tests {
		t.Run(tt.types+tt.contact, func(t *testing.T) {
			post(t, d, "ws", 0, `{"messageType":"UnregisterFromClientEvents"}`)
			n := len(d.Outbox)
			msg := `{"messageType":"RegisterForClientEvents","issuer":"kb","subscriptionTypes":` + tt.types
			if tt.contact != "" {
				msg += `,"contactId":"` + tt.contact + `"`
			}
			if v := post(t, d, "ws", 0, msg+`}`); v.Status != "accepted" {
				t.Fatalf("verdict = %v", v)
			}
			out := sent(t, d, "ws", n)
			if len(out) != 1 {
				t.Fatalf("want one message, got %d", len(out))
			}
			if got := types(out[0]); got != tt.want {
				t.Errorf("events = %s, want %s", got, tt.want)
			}
			if ack := event(out[0], 0); ack["status"] != "OK" || ack["reason"] != reasonOK {
				t.Errorf("ack = %v", ack)
			}
		})
	}
	// The shapes, for one snapshot.
	post(t, d, "ws", 0, `{"messageType":"UnregisterFromClientEvents"}`)
	n := len(d.Outbox)
	post(t, d, "ws", 0, `{"messageType":"RegisterForClientEvents","subscriptionTypes":["all"]}`)
	out := sent(t, d, "ws", n)[0]
	state := event(out, 2)
	if state["CurrentState"] != "InboundContact" || state["IsACW"] != "False" {
		t.Errorf("AgentState = %v", state)
	}
	call := event(out, 4)
	if call["ContactID"] != fmt.Sprint(voice.Number) || call["MasterID"] != fmt.Sprint(voice.Number) || call["Status"] != "Active" ||
		call["ANI"] != "+15550100" || call["Skill"] != "Support" || call["IsInbound"] != "True" || call["FinalState"] != "False" {
		t.Errorf("CallContactEvent = %v", call)
	}
	if start := event(out, 1); start["BusNo"] != "4500" || start["AgentId"] != "12214" {
		t.Errorf("AgentSessionStart = %v", start)
	}
}

func TestEventsFilteredByTypeAndContact(t *testing.T) {
	d := newDesk(t)
	first, _ := d.Arrive(desktop.Arrival{Queue: "Support"})
	post(t, d, "ws", 0, `{"messageType":"RegisterForClientEvents","subscriptionTypes":["agent"]}`)
	post(t, d, "panel", 1, `{"messageType":"RegisterForClientEvents","subscriptionTypes":["contact"]}`) // the panel's own contact
	n := len(d.Outbox)
	act(t, d, "AcceptTask", nil)
	act(t, d, "ToggleMute", nil)
	d.Arrive(desktop.Arrival{Channel: desktop.Chat, Queue: "Support"}) // contact #2: the panel of #1 doesn't hear of it
	act(t, d, "AcceptTask", map[string]any{"contactId": "#2"})
	act(t, d, "HangupCall", map[string]any{"contactId": "#1"})

	var ws []string
	for _, m := range sent(t, d, "ws", n) {
		ws = append(ws, types(m))
	}
	if got := strings.Join(ws, " | "); got != "AgentState | Mute | Mute" {
		t.Errorf("agent window got %s", got)
	}
	var panel []string
	for _, m := range sent(t, d, "panel@#1", n) {
		e := event(m, 0)
		if e["ContactID"] != fmt.Sprint(first.Number) {
			t.Errorf("the panel of #1 got an event of contact %v", e["ContactID"])
		}
		panel = append(panel, e["Status"].(string))
	}
	if got := strings.Join(panel, " "); got != "Active Disconnected" {
		t.Errorf("panel got statuses %s", got)
	}
}

func TestDuplicateRegistrationGetsNoReply(t *testing.T) {
	d := newDesk(t)
	reg := `{"messageType":"RegisterForClientEvents","subscriptionTypes":["agent"]}`
	post(t, d, "ws", 0, reg)
	n := len(d.Outbox)
	v := post(t, d, "ws", 0, `{"messageType":"RegisterForClientEvents","subscriptionTypes":["all"]}`)
	if v.Status != "ignored" {
		t.Errorf("verdict = %v", v)
	}
	out := sent(t, d, "ws", n)
	if len(out) != 1 || out[0]["console"] != warnAlreadySubscribed || out[0]["data"] != nil {
		t.Fatalf("want only a console warning, got %v", out)
	}
	// The first subscription stands: agent events only.
	n = len(d.Outbox)
	d.Arrive(desktop.Arrival{})
	act(t, d, "AcceptTask", nil)
	for _, m := range sent(t, d, "ws", n) {
		if strings.Contains(types(m), "ContactEvent") {
			t.Errorf("the ignored registration took effect: %s", types(m))
		}
	}
	if v := post(t, d, "ws", 0, `{"messageType":"UnregisterFromClientEvents"}`); v.Status != "accepted" {
		t.Fatalf("unregister: %v", v)
	}
	n = len(d.Outbox)
	act(t, d, "HoldCall", nil)
	if out := sent(t, d, "ws", n); len(out) != 0 {
		t.Errorf("an unregistered window got %v", out)
	}
	post(t, d, "ws", 0, reg)
	if out := sent(t, d, "ws", n); len(out) != 1 || event(out[0], 0)["status"] != "OK" {
		t.Errorf("registering again after unregistering: %v", out)
	}
}

func TestCallCommands(t *testing.T) {
	d := newDesk(t)
	post(t, d, "ws", 0, `{"messageType":"RegisterForClientEvents","subscriptionTypes":["contacts"]}`)
	tests := []struct {
		msg     string
		verdict string
		state   desktop.ContactState
		warns   bool
	}{
		{`{"messageType":"HoldEvent"}`, "ignored", desktop.Incoming, true}, // nothing to hold yet
		{`{"messageType":"AnswerEvent"}`, "accepted", desktop.Connected, false},
		{`{"messageType":"AnswerEvent"}`, "ignored", desktop.Connected, true},
		{`{"messageType":"HoldEvent"}`, "accepted", desktop.OnHold, false},
		{`{"messageType":"HoldEvent"}`, "accepted", desktop.Connected, false}, // toggles back
		{`{"messageType":"MaskEvent"}`, "accepted", desktop.Connected, false},
		{`{"messageType":"RecordEvent"}`, "accepted", desktop.Connected, false},
		{`{"messageType":"MuteEvent"}`, "accepted", desktop.Connected, false},
		{`{"messageType":"HangupEvent","contactId":"999"}`, "rejected", desktop.Connected, false},
		{`{"messageType":"HangupEvent"}`, "accepted", desktop.ACW, false},
		{`{"messageType":"HangupEvent"}`, "ignored", desktop.ACW, true},
		{`{"messageType":"RefuseEvent"}`, "ignored", desktop.ACW, true},
	}
	c, _ := d.Arrive(desktop.Arrival{Queue: "Support"})
	for i, tt := range tests {
		n := len(d.Outbox)
		v := post(t, d, "ws", 0, tt.msg)
		if v.Status != tt.verdict {
			t.Errorf("%d %s: verdict %v, want %s", i, tt.msg, v, tt.verdict)
		}
		if c.State != tt.state {
			t.Errorf("%d %s: contact %s, want %s", i, tt.msg, c.State, tt.state)
		}
		warned := false
		for _, m := range sent(t, d, "ws", n) {
			if m["console"] != nil {
				warned = true
			}
		}
		if warned != tt.warns {
			t.Errorf("%d %s: console warning %v, want %v", i, tt.msg, warned, tt.warns)
		}
	}
	if !c.Masked || !c.Recording || d.Agent().Muted {
		t.Errorf("masked %v recording %v muted %v (mute ends with the call)", c.Masked, c.Recording, d.Agent().Muted)
	}
	// Refusing a ringing call.
	second, _ := d.Arrive(desktop.Arrival{Queue: "Support"})
	act(t, d, "CompleteTask", nil)
	if second.State != desktop.Incoming {
		t.Fatalf("second contact %s", second.State)
	}
	if v := post(t, d, "ws", 0, fmt.Sprintf(`{"messageType":"RefuseEvent","contactId":%d}`, second.Number)); v.Status != "accepted" || second.State != desktop.Rejected {
		t.Errorf("refuse: %v, %s", v, second.State)
	}
}

func TestTransferKeepsMasterID(t *testing.T) {
	d := newDesk(t)
	post(t, d, "ws", 0, `{"messageType":"RegisterForClientEvents","subscriptionTypes":["contacts"]}`)
	first, _ := d.Arrive(desktop.Arrival{Queue: "Support"})
	act(t, d, "AcceptTask", nil)
	act(t, d, "TransferTask", map[string]any{"targetType": "queue", "target": "Billing"})
	act(t, d, "CompleteTask", nil)
	second, _ := d.Contact("#1")
	var last map[string]any
	for _, m := range sent(t, d, "ws", 0) {
		if types(m) == "CallContactEvent" {
			last = event(m, 0)
		}
	}
	if last == nil || last["Status"] != "Incoming" {
		t.Fatalf("the transferred leg wasn't offered: %v", last)
	}
	if last["ContactID"] != fmt.Sprint(second.Number) || last["ContactID"] == fmt.Sprint(first.Number) || last["MasterID"] != fmt.Sprint(first.Number) || last["Skill"] != "Billing" {
		t.Errorf("new leg event = %v (first leg %d)", last, first.Number)
	}
}

func TestEveryReplyIsFromMAX(t *testing.T) {
	d := newDesk(t)
	post(t, d, "ws", 0, `{"messageType":"RegisterForClientEvents","subscriptionTypes":["all"]}`)
	post(t, d, "panel", 1, `{"messageType":"RegisterForClientEvents","subscriptionTypes":["contacts"]}`)
	d.Arrive(desktop.Arrival{})
	act(t, d, "AcceptTask", nil)
	act(t, d, "SetActivity", map[string]any{"activity": "Unavailable", "reason": "Break"})
	act(t, d, "HangupCall", nil)
	act(t, d, "CompleteTask", nil)
	act(t, d, "SetActivity", map[string]any{"activity": "LoggedOut"})
	if len(d.Outbox) < 8 {
		t.Fatalf("only %d messages", len(d.Outbox))
	}
	for _, o := range d.Outbox {
		if o.Console != "" {
			continue
		}
		if o.Data.(map[string]any)["issuer"] != "MAX" {
			t.Errorf("message without issuer MAX: %v", o.Data)
		}
		want := wsOrigin
		if o.Plugin == "panel" {
			want = panelOrigin
		}
		if o.TargetOrigin != want {
			t.Errorf("message for %s sent to %s", o.Plugin, o.TargetOrigin)
		}
	}
	last := sent(t, d, "ws", len(d.Outbox)-1)
	if len(last) != 1 || types(last[0]) != "AgentLeg AgentSessionEnd" {
		t.Errorf("logout: %v", last)
	}
}

func TestOtherMessages(t *testing.T) {
	d := newDesk(t)
	c, _ := d.Arrive(desktop.Arrival{})
	tests := []struct {
		plugin, msg, verdict string
	}{
		{"ws", `{"messageType":"registerForClientEvents","subscriptionTypes":["all"]}`,
			`rejected: unknown messageType "registerForClientEvents"; did you mean "RegisterForClientEvents"? (messageType is case-sensitive)`},
		{"ws", `{"subscriptionTypes":["all"]}`, "rejected: messageType is missing: want one of " + strings.Join(messageTypes, ", ")},
		{"ws", `{"messageType":"UnregisterFromClientEvents"}`, "ignored: this window has no subscription"},
		{"panel", `{"messageType":"ContactCardData","contactCardData":{"name":"Bea","userImg":"https://img/1.png"}}`, "accepted"},
		{"panel", `{"messageType":"ContactCardData","contactCardData":{"Name":"Bea"}}`, `rejected: contactCardData has an unknown key "Name": want name and userImg (case-sensitive)`},
		{"panel", `{"messageType":"ContactCardData","contactCardData":"Bea"}`, "rejected: contactCardData must be an object with name and userImg"},
		{"ws", `{"messageType":"ContactCardData","contactCardData":{"name":"X"}}`, "ignored: no contactId, and the window is not a contact's panel"},
	}
	for _, tt := range tests {
		if v := post(t, d, tt.plugin, 1, tt.msg); v.String() != tt.verdict {
			t.Errorf("%s: %q, want %q", tt.msg, v, tt.verdict)
		}
	}
	if c.Card["name"] != "Bea" || c.Card["userImg"] != "https://img/1.png" {
		t.Errorf("card = %v", c.Card)
	}
}
