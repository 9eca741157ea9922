package desktop

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// echo is a protocol that records what it is told and echoes messages back.
type echo struct {
	got    []map[string]any
	events []EventType
	closed []string
}

func (e *echo) Kind() string { return "echo" }
func (e *echo) Receive(d *Desktop, w *Window, msg map[string]any) Verdict {
	e.got = append(e.got, msg)
	d.Send(w, map[string]any{"echo": msg["say"]})
	return Accept("say")
}
func (e *echo) Notify(d *Desktop, ev Event)  { e.events = append(e.events, ev.Type) }
func (e *echo) Closed(d *Desktop, w *Window) { e.closed = append(e.closed, w.ID) }

func newDesktop(t *testing.T, cfg Config) (*Desktop, *echo) {
	t.Helper()
	e := &echo{}
	if cfg.Plugins == nil {
		cfg.Plugins = []Plugin{{ID: "crm", URL: "https://crm.example.com/panel?x=1", Kind: "echo"}}
	}
	if cfg.Status == "" {
		cfg.Status = Available
	}
	d, err := New(cfg, e)
	if err != nil {
		t.Fatal(err)
	}
	return d, e
}

func must(t *testing.T, d *Desktop, action string, data map[string]any) {
	t.Helper()
	if res := d.Invoke(action, "test", data); !res.Done() {
		t.Fatalf("%s: aborted=%v err=%v", action, res.Aborted, res.Err)
	}
}

func arrive(t *testing.T, d *Desktop, a Arrival) *Contact {
	t.Helper()
	c, err := d.Arrive(a)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func statuses(d *Desktop) []string {
	var out []string
	for _, e := range d.Log().Entries {
		if e.Type == string(AgentStatusChanged) {
			out = append(out, string(e.Data.(map[string]any)["status"].(Status)))
		}
	}
	return out
}

func TestVoiceLifecycle(t *testing.T) {
	d, _ := newDesktop(t, Config{})
	c := arrive(t, d, Arrival{Queue: "Support", Customer: Customer{Phone: "+15550001"}})
	if c.State != Incoming {
		t.Fatalf("an available agent is offered the contact; state = %s", c.State)
	}
	for _, a := range []string{"AcceptTask", "HoldCall", "UnholdCall", "ToggleMute", "ToggleRecording", "HangupCall"} {
		must(t, d, a, map[string]any{"contactId": "#1"})
	}
	if c.State != ACW || d.Status() != AfterCallWork {
		t.Fatalf("after hangup: contact %s, agent %s", c.State, d.Status())
	}
	if d.Agent().Muted {
		t.Error("the agent stays muted after the call ended")
	}
	must(t, d, "CompleteTask", nil) // the only contact in after-call work
	if c.State != Completed || d.Status() != Available {
		t.Fatalf("after complete: contact %s, agent %s", c.State, d.Status())
	}
	want := "LoggedIn Available Working AfterCallWork Available"
	if got := strings.Join(statuses(d), " "); got != want {
		t.Errorf("statuses = %s, want %s", got, want)
	}
}

func TestIllegalControlsChangeNothing(t *testing.T) {
	tests := []struct {
		name   string
		setup  func(d *Desktop)
		action string
		data   map[string]any
		want   string
	}{
		{"accept a connected contact", func(d *Desktop) { d.Invoke("AcceptTask", "t", nil) }, "AcceptTask", map[string]any{"contactId": "#1"},
			"AcceptTask: contact #1 (%s) is connected, not incoming"},
		{"hold a ringing call", nil, "HoldCall", map[string]any{"contactId": "#1"}, "HoldCall: contact #1 (%s) is incoming, not connected"},
		{"unhold a call not held", func(d *Desktop) { d.Invoke("AcceptTask", "t", nil) }, "UnholdCall", nil, "UnholdCall: there is no contact to act on"},
		{"complete a live call", func(d *Desktop) { d.Invoke("AcceptTask", "t", nil) }, "CompleteTask", map[string]any{"contactId": "#1"},
			"CompleteTask: contact #1 (%s) is connected, not after_call_work"},
		{"mute with no call", nil, "ToggleMute", nil, "ToggleMute: the agent has no voice contact in progress"},
		{"message a voice contact", func(d *Desktop) { d.Invoke("AcceptTask", "t", nil) }, "SendMessage", map[string]any{"contactId": "#1", "body": "hi"},
			"SendMessage: contact #1 is a voice contact; only chats take messages"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, _ := newDesktop(t, Config{})
			c := arrive(t, d, Arrival{})
			if tt.setup != nil {
				tt.setup(d)
			}
			before, status := c.State, d.Status()
			res := d.Invoke(tt.action, "t", tt.data)
			want := tt.want
			if strings.Contains(want, "%s") {
				want = fmt.Sprintf(want, c.ContactID)
			}
			if res.Err == nil || res.Err.Error() != want {
				t.Fatalf("err = %v, want %q", res.Err, want)
			}
			if !IsStateError(res.Err) {
				t.Errorf("%v is not a StateError", res.Err)
			}
			if c.State != before || d.Status() != status {
				t.Errorf("state moved: %s -> %s, agent %s -> %s", before, c.State, status, d.Status())
			}
			last := d.Log().Entries[len(d.Log().Entries)-1]
			if last.Kind != "action" || last.Verdict != "error: "+want {
				t.Errorf("last log entry = %+v", last)
			}
		})
	}
}

func TestTransferChangesContactIDNotInitial(t *testing.T) {
	d, _ := newDesktop(t, Config{Queues: []string{"Support", "Billing"},
		Directory:     []Agent{{ID: "agent-2", Username: "bob"}},
		QuickConnects: []QuickConnect{{Name: "Tier 2", Target: Target{Type: "queue", Value: "Billing"}}}})
	first := arrive(t, d, Arrival{Queue: "Support", Attributes: map[string]string{"tier": "gold"}})
	must(t, d, "AcceptTask", nil)
	must(t, d, "TransferTask", map[string]any{"targetType": "quick_connect", "target": "Tier 2"})
	if first.State != ACW || first.EndReason != "transfer" {
		t.Fatalf("old leg: %s (%s)", first.State, first.EndReason)
	}
	second, err := d.Contact("#1")
	if err != nil {
		t.Fatal(err)
	}
	if second == first || second.ContactID == first.ContactID || second.Number == first.Number {
		t.Fatalf("transfer kept the ContactId %s / number %d", second.ContactID, second.Number)
	}
	if second.InitialContactID != first.ContactID || second.PreviousContactID != first.ContactID || second.MasterNumber != first.Number {
		t.Errorf("new leg: initial %s previous %s master %d; first leg %s %d", second.InitialContactID, second.PreviousContactID, second.MasterNumber, first.ContactID, first.Number)
	}
	if second.Queue != "Billing" || second.State != Queued || second.Attributes["tier"] != "gold" {
		t.Errorf("new leg: queue %s state %s attributes %v", second.Queue, second.State, second.Attributes)
	}
	// After-call work ends; the agent serves Billing too, so the new leg comes back to them.
	must(t, d, "CompleteTask", map[string]any{"contactId": first.ContactID})
	if second.State != Incoming {
		t.Fatalf("the transferred leg is %s, want offered again", second.State)
	}
	must(t, d, "AcceptTask", nil)
	must(t, d, "TransferTask", map[string]any{"targetType": "agent", "target": "bob"})
	third, _ := d.Contact("#1")
	if third.State != TransferredTo || third.InitialContactID != first.ContactID || third.PreviousContactID != second.ContactID {
		t.Errorf("third leg: %+v", third)
	}
	res := d.Invoke("TransferTask", "t", map[string]any{"contactId": "#1", "targetType": "agnet", "target": "x"})
	if res.Err == nil || !strings.Contains(res.Err.Error(), "is transferred, not connected") {
		t.Errorf("transfer of a gone leg: %v", res.Err)
	}
}

func TestTransferTargetErrors(t *testing.T) {
	tests := []struct{ typ, target, want string }{
		{"agnet", "bob", `unknown transfer target type "agnet": want agent, queue, quick_connect or phone_number; did you mean "agent"?`},
		{"agent", "bbo", `no agent "bbo" in the directory; did you mean "bob"?`},
		{"quick_connect", "Tier2", `no quick connect "Tier2"; did you mean "Tier 2"?`},
		{"queue", "", "a queue transfer needs a queue name"},
	}
	for _, tt := range tests {
		d, _ := newDesktop(t, Config{Directory: []Agent{{ID: "agent-2", Username: "bob"}},
			QuickConnects: []QuickConnect{{Name: "Tier 2", Target: Target{Type: "queue", Value: "B"}}}})
		c := arrive(t, d, Arrival{})
		must(t, d, "AcceptTask", nil)
		res := d.Invoke("TransferTask", "t", map[string]any{"targetType": tt.typ, "target": tt.target})
		if res.Err == nil || res.Err.Error() != tt.want {
			t.Errorf("%s %s: %v, want %q", tt.typ, tt.target, res.Err, tt.want)
		}
		if c.State != Connected {
			t.Errorf("a failed transfer ended the call: %s", c.State)
		}
	}
}

func TestPluginOriginsAreEnforced(t *testing.T) {
	d, e := newDesktop(t, Config{})
	tests := []struct {
		name    string
		in      Inbound
		verdict string
	}{
		{"another origin", Inbound{Plugin: "crm", Origin: "https://evil.example.com", Data: json.RawMessage(`{"say":"hi"}`)},
			`rejected: origin "https://evil.example.com" is not plugin crm's origin "https://crm.example.com"`},
		{"the origin with another port", Inbound{Plugin: "crm", Origin: "https://crm.example.com:8443", Data: json.RawMessage(`{"say":"hi"}`)},
			`rejected: origin "https://crm.example.com:8443" is not plugin crm's origin "https://crm.example.com"`},
		{"an unknown plugin", Inbound{Plugin: "other", Origin: "https://crm.example.com", Data: json.RawMessage(`{}`)}, `rejected: no plugin "other" is configured`},
		{"not an object", Inbound{Plugin: "crm", Origin: "https://crm.example.com", Data: json.RawMessage(`"hello"`)}, "rejected: the message is not a JSON object"},
		{"the plugin itself", Inbound{Plugin: "crm", Origin: "https://crm.example.com", Data: json.RawMessage(`{"say":"hi"}`)}, "accepted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, out := len(e.got), len(d.Outbox)
			v := d.Receive(tt.in)
			if v.String() != tt.verdict {
				t.Fatalf("verdict = %q, want %q", v, tt.verdict)
			}
			last := d.Log().Entries[len(d.Log().Entries)-1-(len(d.Outbox)-out)]
			if last.Direction != "in" || last.Verdict != tt.verdict || last.Origin != tt.in.Origin {
				t.Errorf("log entry = %+v", last)
			}
			if tt.verdict != "accepted" {
				if len(e.got) != n || len(d.Outbox) != out {
					t.Errorf("a rejected message reached the protocol or got an answer")
				}
				return
			}
			o := d.Outbox[len(d.Outbox)-1]
			if o.TargetOrigin != "https://crm.example.com" || o.Plugin != "crm" {
				t.Errorf("answer sent to %q (%s)", o.TargetOrigin, o.Plugin)
			}
		})
	}
	for _, o := range d.Outbox {
		if o.TargetOrigin == "*" || o.TargetOrigin == "" {
			t.Errorf("an outbound message has target origin %q", o.TargetOrigin)
		}
	}
}

func TestContactPanelsCloseWithTheirContact(t *testing.T) {
	d, e := newDesktop(t, Config{Plugins: []Plugin{{ID: "card", URL: "http://localhost:9000/", Kind: "echo", Panel: "contact"}}})
	arrive(t, d, Arrival{})
	v := d.Receive(Inbound{Plugin: "card", ContactRef: 1, Origin: "http://localhost:9000", Data: json.RawMessage(`{"say":"x"}`)})
	if v.Status != "accepted" || d.Outbox[0].Window != "card@#1" {
		t.Fatalf("verdict %v, window %q", v, d.Outbox[0].Window)
	}
	must(t, d, "AcceptTask", nil)
	must(t, d, "HangupCall", nil)
	if len(e.closed) != 0 {
		t.Fatalf("the panel closed during after-call work")
	}
	must(t, d, "CompleteTask", nil)
	if strings.Join(e.closed, ",") != "card@#1" {
		t.Errorf("closed = %v", e.closed)
	}
}

func TestRingTimeoutMissesTheContact(t *testing.T) {
	d, _ := newDesktop(t, Config{RingTimeout: 20 * time.Second})
	c := arrive(t, d, Arrival{})
	d.Advance(19 * time.Second)
	if c.State != Incoming {
		t.Fatalf("missed too early: %s", c.State)
	}
	d.Advance(time.Second)
	if c.State != Missed || d.Status() != Unavailable || d.Agent().Reason != "Missed" {
		t.Fatalf("after 20s: contact %s, agent %s (%s)", c.State, d.Status(), d.Agent().Reason)
	}
	second := arrive(t, d, Arrival{})
	if second.State != Queued {
		t.Errorf("an unavailable agent was offered a contact")
	}
	must(t, d, "SetActivity", map[string]any{"activity": "Available"})
	if second.State != Incoming {
		t.Errorf("becoming available didn't offer the waiting contact: %s", second.State)
	}
	must(t, d, "AcceptTask", nil)
	d.Advance(time.Minute)
	if second.State != Connected {
		t.Errorf("an answered contact was missed")
	}
}

func TestNextStatusWaitsForContacts(t *testing.T) {
	d, _ := newDesktop(t, Config{})
	arrive(t, d, Arrival{})
	must(t, d, "AcceptTask", nil)
	must(t, d, "SetActivity", map[string]any{"activity": "Unavailable", "reason": "Lunch"})
	if d.Status() != Working || d.Agent().Next != Unavailable {
		t.Fatalf("status %s, next %q", d.Status(), d.Agent().Next)
	}
	must(t, d, "HangupCall", nil)
	must(t, d, "CompleteTask", nil)
	if d.Status() != Unavailable || d.Agent().Reason != "Lunch" || d.Agent().Next != "" {
		t.Errorf("after the contact: %s (%s), next %q", d.Status(), d.Agent().Reason, d.Agent().Next)
	}
	res := d.Invoke("SetActivity", "t", map[string]any{"activity": "Availble"})
	if res.Err == nil || !strings.Contains(res.Err.Error(), `did you mean "Available"?`) {
		t.Errorf("misspelt activity: %v", res.Err)
	}
}

func TestChatAndACWTimeout(t *testing.T) {
	d, _ := newDesktop(t, Config{ACWTimeout: 30 * time.Second, ChatCapacity: 2})
	a := arrive(t, d, Arrival{Channel: Chat, Message: "hello"})
	b := arrive(t, d, Arrival{Channel: Chat})
	c := arrive(t, d, Arrival{Channel: Chat})
	if a.State != Incoming || b.State != Incoming || c.State != Queued {
		t.Fatalf("capacity 2: %s %s %s", a.State, b.State, c.State)
	}
	must(t, d, "AcceptTask", map[string]any{"contactId": "#1"})
	if err := d.CustomerMessage("#1", "anyone?"); err != nil {
		t.Fatal(err)
	}
	must(t, d, "SendMessage", map[string]any{"contactId": "#1", "body": "yes"})
	if n := len(a.Messages); n != 3 || a.Messages[2].From != "agent" {
		t.Fatalf("messages = %+v", a.Messages)
	}
	if err := d.CustomerHangup("#1"); err != nil {
		t.Fatal(err)
	}
	if a.State != ACW || a.EndReason != "customer" {
		t.Fatalf("after the customer left: %s (%s)", a.State, a.EndReason)
	}
	d.Advance(30 * time.Second)
	if a.State != Completed {
		t.Fatalf("after-call work didn't end after its timeout: %s", a.State)
	}
	if c.State != Incoming {
		t.Errorf("the third chat wasn't offered when a slot freed: %s", c.State)
	}
	if err := d.CustomerHangup("#2"); err != nil || b.State != Abandoned {
		t.Errorf("a ringing chat the customer left: %v %s", err, b.State)
	}
}

func TestConnections(t *testing.T) {
	d, _ := newDesktop(t, Config{})
	c := arrive(t, d, Arrival{})
	must(t, d, "AcceptTask", nil)
	must(t, d, "AddConnection", map[string]any{"targetType": "phone_number", "target": "+15550002"})
	if c.State != OnHold || len(c.Connections) != 1 || c.Connections[0].State != "connected" {
		t.Fatalf("after AddConnection: %s %+v", c.State, c.Connections)
	}
	must(t, d, "ToggleConnections", nil)
	if c.State != Connected || c.Connections[0].State != "on_hold" {
		t.Fatalf("after toggle: %s %+v", c.State, c.Connections)
	}
	must(t, d, "ConferenceConnections", nil)
	if c.State != Connected || c.Connections[0].State != "connected" {
		t.Fatalf("after conference: %s %+v", c.State, c.Connections)
	}
	must(t, d, "EndConferenceCall", nil)
	if c.State != Connected || len(c.Connections) != 0 {
		t.Fatalf("after end: %s %+v", c.State, c.Connections)
	}
	res := d.Invoke("EndConnection", "t", nil)
	if !IsStateError(res.Err) {
		t.Errorf("EndConnection with no third party: %v", res.Err)
	}
}

func TestUpdateContact(t *testing.T) {
	d, e := newDesktop(t, Config{})
	c := arrive(t, d, Arrival{Attributes: map[string]string{"a": "1"}})
	must(t, d, "UpdateContact", map[string]any{"attributes": map[string]any{"a": "1", "Order ID": "42"}, "customer": map[string]any{"name": "Ann"}})
	if c.Attributes["Order ID"] != "42" || c.Customer.Name != "Ann" {
		t.Fatalf("contact = %+v", c)
	}
	if e.events[len(e.events)-1] != ContactUpdated {
		t.Errorf("last event = %s", e.events[len(e.events)-1])
	}
	data := d.Log().Entries[len(d.Log().Entries)-1].Data.(map[string]any)
	if got := fmt.Sprint(data["attributes"]); got != "map[Order ID:42 customer.name:Ann]" {
		t.Errorf("changed attributes logged as %s", got)
	}
	for _, bad := range []map[string]any{{"attributes": map[string]any{"n": 3}}, {"attributes": "x"}, {"customer": map[string]any{"nmae": "x"}}} {
		if res := d.Invoke("UpdateContact", "t", bad); res.Err == nil {
			t.Errorf("UpdateContact %v was accepted", bad)
		}
	}
}

func TestFieldKey(t *testing.T) {
	tests := []struct{ attr, key string }{
		{"tier", "tier"},
		{"Customer Tier", "customer_tier"},
		{"orderId", "orderid"},
		{"  order--id  ", "order_id"},
		{"2fa", "attr_2fa"},
		{"name", "attr_name"},
		{"Language", "attr_language"},
		{"café", "caf"},
		{strings.Repeat("x", 40), strings.Repeat("x", 36)},
		{strings.Repeat("a", 35) + " b", strings.Repeat("a", 35)},
	}
	for _, tt := range tests {
		if got, ok := FieldKey(tt.attr); !ok || got != tt.key {
			t.Errorf("FieldKey(%q) = %q, %v; want %q", tt.attr, got, ok, tt.key)
		}
	}
	if _, ok := FieldKey("--"); ok {
		t.Error("FieldKey(\"--\") gave a key")
	}
	got := ContactFields(map[string]string{"Order ID": "1", "order_id": "2", "--": "x"})
	if len(got) != 1 || got["order_id"] != "2" {
		t.Errorf("ContactFields = %v", got)
	}
}

func TestDeterministicLog(t *testing.T) {
	run := func() string {
		d, _ := newDesktop(t, Config{Seed: 7})
		arrive(t, d, Arrival{Channel: Chat, Message: "hi"})
		must(t, d, "AcceptTask", nil)
		must(t, d, "SendMessage", map[string]any{"body": "hello"})
		d.Advance(time.Minute)
		must(t, d, "WrapupTask", nil)
		must(t, d, "CompleteTask", nil)
		b, err := json.Marshal(d.Log())
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	a, b := run(), run()
	if a != b {
		t.Fatalf("two runs differ:\n%s\n%s", a, b)
	}
	if !strings.Contains(a, `"time":"2026-01-01T09:01:00.000Z"`) {
		t.Errorf("the log doesn't follow the simulation clock: %s", a)
	}
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		plugins []Plugin
		want    string
	}{
		{[]Plugin{{ID: "p", URL: "https://x", Kind: "nice"}}, `plugin p: unknown kind "nice" (want one of echo)`},
		{[]Plugin{{ID: "p", URL: "/relative", Kind: "echo"}}, `plugin p: plugin URL "/relative": want an absolute http or https URL`},
		{[]Plugin{{ID: "p", URL: "https://x", Kind: "echo"}, {ID: "p", URL: "https://y", Kind: "echo"}}, `plugin 2: id "p" is empty or used twice`},
	}
	for _, tt := range tests {
		_, err := New(Config{Plugins: tt.plugins}, &echo{})
		if err == nil || err.Error() != tt.want {
			t.Errorf("err = %v, want %q", err, tt.want)
		}
	}
}

// TestDocsListEveryAction keeps the actions table of docs/desktop.md in step with the actions.
func TestDocsListEveryAction(t *testing.T) {
	doc, err := os.ReadFile("../docs/desktop.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range BuiltinActions {
		found := false
		for _, line := range strings.Split(string(doc), "\n") {
			if strings.HasPrefix(line, "| `"+a.Name+"` |") {
				found = true
				if !strings.HasSuffix(line, "| "+a.Does+" |") {
					t.Errorf("docs/desktop.md describes %s as %q; the code says %q", a.Name, line, a.Does)
				}
			}
		}
		if !found {
			t.Errorf("docs/desktop.md's actions table has no row for %s", a.Name)
		}
	}
}
