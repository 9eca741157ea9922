package serve

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/desktop"
)

// deskServer serves the hand-off flow with the desktop and the plugins given.
func deskServer(t testing.TB, opts DesktopOptions) *testServer {
	t.Helper()
	dir := t.TempDir()
	copyFile(t, "testdata/desktop/handoff.json", filepath.Join(dir, "handoff.json"))
	copyFile(t, "testdata/desktop/assets.json", filepath.Join(dir, "assets", "assets.json"))
	return startServer(t, Options{Root: dir, Assets: []string{filepath.Join(dir, "assets", "assets.json")}, Desktop: &opts})
}

func (s *testServer) desk(t testing.TB) *DesktopState {
	t.Helper()
	var st DesktopState
	if code := s.call(t, "GET", "/api/desktop", nil, &st); code != 200 {
		t.Fatalf("GET /api/desktop = %d", code)
	}
	return &st
}

func (s *testServer) log(t testing.TB) []desktop.Entry {
	t.Helper()
	var entries []desktop.Entry
	s.call(t, "GET", "/api/desktop/log", nil, &entries)
	return entries
}

// TestHandOff follows a ticket from the flow to the desktop and back: the contact arrives as a
// chat with the ticket's note, the agent's reply reaches the contact's transcript, what the
// contact writes next reaches the agent, and a plugin's attribute change becomes a contact field.
func TestHandOff(t *testing.T) {
	s := deskServer(t, DesktopOptions{Plugins: []desktop.Plugin{{ID: "crm", URL: "http://127.0.0.1:1/crm", Kind: "smartagent"}}})
	id := s.flowID(t, "Handoff")
	var st State
	s.call(t, "POST", "/api/sessions", StartRequest{Flow: id, Contact: ContactRequest{Fields: map[string]string{"tier": "gold"}}, Replies: []string{"my order is late"}}, &st)
	if st.Ticket == nil || st.Ticket.Contact != "#1" || st.Ticket.Topic != "Support" {
		t.Fatalf("the ticket should be desktop contact #1: %+v", st.Ticket)
	}
	d := s.desk(t)
	if len(d.Contacts) != 1 {
		t.Fatalf("desktop contacts = %+v", d.Contacts)
	}
	c := d.Contacts[0]
	if c.Channel != desktop.Chat || c.State != desktop.Incoming || c.Attributes["tier"] != "gold" || c.Attributes["ticket_topic"] != "Support" ||
		len(c.Messages) != 1 || c.Messages[0].Text != "my order is late" || d.Sessions["#1"] != st.ID {
		t.Fatalf("the contact on the desktop = %+v", c)
	}
	act := func(action string, payload map[string]any) map[string]any {
		var out map[string]any
		s.call(t, "POST", "/api/desktop/actions", ActionRequest{Action: action, Payload: payload}, &out)
		return out
	}
	if r := act("AcceptTask", map[string]any{"contactId": "#1"}); r["done"] != true {
		t.Fatalf("accept = %v", r)
	}
	if r := act("SendMessage", map[string]any{"contactId": "#1", "body": "Hi, I'm Ada. Let me look."}); r["done"] != true {
		t.Fatalf("send = %v", r)
	}
	s.call(t, "GET", "/api/sessions/"+st.ID, nil, &st)
	text := string(mustJSON(t, st.Transcript))
	if !strings.Contains(text, `"kind":"agent","line":"🎧 Hi, I'm Ada. Let me look."`) || !strings.Contains(text, "an agent took the conversation") {
		t.Errorf("the agent's reply should reach the contact's transcript: %s", text)
	}
	// the contact answers from the simulator: the flow ended, the message goes to the agent
	var r ResumeResponse
	if code := s.call(t, "POST", "/api/sessions/"+st.ID+"/resume", ResumeRequest{Text: "order 1234"}, &r); code != 200 {
		t.Fatalf("the contact's message after the hand-off = %d", code)
	}
	if d = s.desk(t); d.Contacts[0].Messages[len(d.Contacts[0].Messages)-1].Text != "order 1234" {
		t.Errorf("the contact's message should reach the desktop's chat: %+v", d.Contacts[0].Messages)
	}
	// a plugin changes an attribute: the flow side sees a contact field
	if r := act("UpdateContact", map[string]any{"contactId": "#1", "attributes": map[string]any{"Customer Tier": "platinum"}}); r["done"] != true {
		t.Fatalf("update = %v", r)
	}
	s.call(t, "GET", "/api/sessions/"+st.ID, nil, &st)
	if !strings.Contains(string(mustJSON(t, st.Contact)), `"customer_tier":{"text":"platinum"}`) {
		t.Errorf("the attribute should be the contact field customer_tier: %s", mustJSON(t, st.Contact))
	}
	// a transfer changes ContactId, not InitialContactId, and the contact hears of it
	first := d.Contacts[0].ContactID
	if r := act("TransferTask", map[string]any{"contactId": "#1", "targetType": "queue", "target": "Billing"}); r["done"] != true {
		t.Fatalf("transfer = %v", r)
	}
	var legs []*desktop.Contact
	for _, e := range s.log(t) {
		if e.Type == "contact_transferred" {
			b, _ := json.Marshal(e.Data)
			var m map[string]any
			_ = json.Unmarshal(b, &m)
			if m["contact_id"] == first || m["initial_contact_id"] != first || m["from_contact_id"] != first {
				t.Errorf("transfer logged as %v: want a new contact_id, initial_contact_id %s", m, first)
			}
			legs = append(legs, nil)
		}
	}
	if len(legs) != 1 {
		t.Errorf("the log should have one transfer")
	}
}

// TestDesktopPluginOrigins checks plugin messages from another origin are rejected and logged,
// and that the log is served as JSON and as a download.
func TestDesktopPluginOrigins(t *testing.T) {
	s := deskServer(t, DesktopOptions{Plugins: []desktop.Plugin{{ID: "crm", URL: "http://127.0.0.1:1/crm", Kind: "max", Panel: "workspace"}}})
	send := func(origin string, data string) string {
		var out map[string]string
		s.call(t, "POST", "/api/desktop/messages", MessageRequest{Plugin: "crm", Origin: origin, Data: json.RawMessage(data)}, &out)
		return out["verdict"]
	}
	if v := send("http://127.0.0.1:2", `{"messageType":"RegisterForClientEvents","subscriptionTypes":["agent"]}`); !strings.HasPrefix(v, "rejected: origin") {
		t.Errorf("a message from another origin = %q, want rejected", v)
	}
	if v := send("http://127.0.0.1:1", `"{\"messageType\":\"RegisterForClientEvents\",\"subscriptionTypes\":[\"Agent\"]}"`); v != "accepted" {
		t.Errorf("a registration posted as a JSON string = %q, want accepted", v)
	}
	var out struct{ Outbox []desktop.Outbound }
	s.call(t, "GET", "/api/desktop/outbox", nil, &out)
	if len(out.Outbox) == 0 {
		t.Fatal("the registration got no answer")
	}
	for _, o := range out.Outbox {
		if o.TargetOrigin != "http://127.0.0.1:1" {
			t.Errorf("a message to the plugin targets %q, not its origin", o.TargetOrigin)
		}
	}
	res, err := http.Get(s.base + "/api/desktop/log?download=1")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.Header.Get("Content-Disposition") != `attachment; filename="desktop-log.json"` || !json.Valid(body) || !strings.Contains(string(body), `"verdict": "rejected: origin`) {
		t.Errorf("the log download: %s\n%s", res.Header.Get("Content-Disposition"), body)
	}
	// the SDK scripts: served to other origins, written for this desktop's origin
	req, _ := http.NewRequest("GET", s.base+"/sdk/smartagent.js", nil)
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	js, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(js), `const DESKTOP = "`+s.base+`"`) || strings.Contains(string(js), `"*"`) {
		t.Errorf("/sdk/smartagent.js = %d, want the desktop's origin written in and no \"*\" target", res.StatusCode)
	}
	// the desktop page may frame the plugin's origin and nothing else
	res, err = http.Get(s.base + "/desktop")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-src http://127.0.0.1:1;") {
		t.Errorf("the desktop's CSP = %q, want frame-src of the plugin's origin", csp)
	}
}

// TestHandOffWorkflow routes the tickets of flow sessions through a --workflow: the task has the
// attributes flowctl run gives it (package handoff: the ticket's body, the contact's channel and
// fields, ...), the desktop contact lands in the queue of the first target, and a ticket no
// filter takes reaches no agent, which the simulator says.
func TestHandOffWorkflow(t *testing.T) {
	dir := t.TempDir()
	wf := filepath.Join(dir, "workflow.json")
	copyFile(t, "testdata/desktop/handoff.workflow.json", wf)
	s := deskServer(t, DesktopOptions{Workflow: wf})
	id := s.flowID(t, "Handoff")
	tests := []struct {
		fields  map[string]string
		reply   string
		queue   string
		routing string
	}{
		{nil, "I want a refund", "Refunds", `workflow Tickets: filter "Refunds", queue Refunds`},
		{map[string]string{"tier": "gold"}, "my order is late", "VIP", `workflow Tickets: filter "Gold", queue VIP`},
		{map[string]string{"tier": "silver"}, "hello", "", "workflow Tickets: "},
	}
	for i, tt := range tests {
		var st State
		s.call(t, "POST", "/api/sessions", StartRequest{Flow: id, Contact: ContactRequest{Fields: tt.fields}, Replies: []string{tt.reply}}, &st)
		if st.Ticket == nil || st.Ticket.Queue != tt.queue || !strings.HasPrefix(st.Ticket.Routing, tt.routing) || st.Ticket.Body != tt.reply || st.Ticket.Topic != "Support" {
			t.Errorf("%q: the ticket = %+v, want queue %q, routing %q", tt.reply, st.Ticket, tt.queue, tt.routing)
			continue
		}
		text := string(mustJSON(t, st.Transcript))
		if tt.queue == "" {
			if st.Ticket.Contact != "" || !strings.Contains(text, "the ticket reaches no agent: workflow Tickets") {
				t.Errorf("%q: a ticket no filter takes should reach no agent: %+v\n%s", tt.reply, st.Ticket, text)
			}
			continue
		}
		if st.Ticket.Contact != fmt.Sprintf("#%d", i+1) || !strings.Contains(text, "the ticket is desktop contact #") {
			t.Errorf("%q: the ticket should be a desktop contact: %+v\n%s", tt.reply, st.Ticket, text)
		}
	}
	d := s.desk(t)
	if len(d.Contacts) != 2 || d.Contacts[0].Queue != "Refunds" || d.Contacts[1].Queue != "VIP" {
		t.Errorf("the desktop's contacts: %+v", d.Contacts)
	}
}
