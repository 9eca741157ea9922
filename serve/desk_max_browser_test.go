package serve

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/desktop"
)

// maxReceived is every MAX event a probe plugin window received, with the contactId of the
// message that carried it.
type maxEvent struct {
	Envelope any            // the message's contactId
	Event    map[string]any // one of its events
}

func (p *tab) maxReceived(sel string) []maxEvent {
	p.t.Helper()
	var msgs []struct {
		Issuer    string           `json:"issuer"`
		ContactID any              `json:"contactId"`
		Events    []map[string]any `json:"events"`
	}
	p.must(sel, "return received", &msgs)
	var out []maxEvent
	for _, m := range msgs {
		if m.Issuer != "MAX" {
			p.fail("a message to %s without issuer MAX: %+v", sel, m)
		}
		for _, e := range m.Events {
			out = append(out, maxEvent{m.ContactID, e})
		}
	}
	return out
}

// waitMax waits until a probe window received a MAX event that matches, and returns it.
func (p *tab) waitMax(sel, what string, match func(map[string]any) bool) map[string]any {
	p.t.Helper()
	var got map[string]any
	waitFor(p, what+" in "+sel, func() bool {
		for _, e := range p.maxReceived(sel) {
			if match(e.Event) {
				got = e.Event
				return true
			}
		}
		return false
	})
	return got
}

func isAck(status string) func(map[string]any) bool {
	return func(e map[string]any) bool {
		return e["messageType"] == "ClientEventSubscriptionAcknowledge" && e["status"] == status
	}
}

func contactEvent(number int64, status string) func(map[string]any) bool {
	return func(e map[string]any) bool {
		return e["ContactID"] == fmt.Sprint(number) && (status == "" || e["Status"] == status)
	}
}

// TestBrowserMaxProtocol drives MAX plugin windows in the desktop page: contact panels subscribe
// to their own contact, a workspace to a contact it names, and each iframe gets the events of
// its own subscription only; call commands the state doesn't allow change nothing and leave a
// console warning; UnregisterFromClientEvents stops the events and a new registration is
// acknowledged again with its snapshot; ContactCardData shows on the contact's card.
func TestBrowserMaxProtocol(t *testing.T) {
	ps := newPluginServer(t)
	s := deskServer(t, DesktopOptions{Plugins: []desktop.Plugin{
		{ID: "panel", URL: ps.URL + "/probe.html", Kind: "max", Panel: "contact"},
		{ID: "ws", URL: ps.URL + "/probe.html", Kind: "max"},
	}})
	p := openPage(t, s, 1280, 1000, "/desktop")
	arrive := func(a desktop.Arrival) desktop.Contact {
		var c desktop.Contact
		if code := s.call(t, "POST", "/api/desktop/arrivals", a, &c); code != 201 {
			t.Fatalf("arrival = %d", code)
		}
		return c
	}
	voice := arrive(desktop.Arrival{Channel: desktop.Voice, Queue: "Support", Customer: desktop.Customer{Phone: "+14155550123"}})
	chat := arrive(desktop.Arrival{Channel: desktop.Chat, Queue: "Sales", Message: "hi"})
	const panel1, panel2, ws = `iframe[data-window="panel@#1"]`, `iframe[data-window="panel@#2"]`, `iframe[data-window="ws"]`
	for _, sel := range []string{panel1, panel2, ws} {
		p.waitPlugin(sel)
	}

	// contact panels subscribe to their own contact without naming it; the workspace names one
	p.must(panel1, `post({messageType: "RegisterForClientEvents", issuer: "p1", subscriptionTypes: ["contact"]})`, nil)
	p.must(panel2, `post({messageType: "RegisterForClientEvents", issuer: "p2", subscriptionTypes: ["Contact"]})`, nil)
	p.must(ws, fmt.Sprintf(`post({messageType: "RegisterForClientEvents", issuer: "ws", subscriptionTypes: ["contact"], contactId: "%d"})`, chat.Number), nil)
	for sel, c := range map[string]desktop.Contact{panel1: voice, panel2: chat, ws: chat} {
		ack := p.waitMax(sel, "the acknowledgement", isAck("OK"))
		if fmt.Sprint(ack["contactId"]) != fmt.Sprint(c.Number) {
			p.fail("%s's acknowledgement names contact %v, want %d", sel, ack["contactId"], c.Number)
		}
		p.waitMax(sel, "the snapshot of its contact", contactEvent(c.Number, "Incoming"))
	}

	// the agent takes both: each window hears of its own contact only
	act := func(action string, payload map[string]any) map[string]any {
		var out map[string]any
		s.call(t, "POST", "/api/desktop/actions", ActionRequest{Action: action, Payload: payload}, &out)
		return out
	}
	act("AcceptTask", map[string]any{"contactId": "#1"})
	act("AcceptTask", map[string]any{"contactId": "#2"})
	act("HoldCall", map[string]any{"contactId": "#1"})
	p.waitMax(panel1, "the call on hold", contactEvent(voice.Number, "Holding"))
	p.waitMax(panel2, "the chat answered", contactEvent(chat.Number, "Active"))
	p.waitMax(ws, "the chat answered", contactEvent(chat.Number, "Active"))
	own := map[string]int64{panel1: voice.Number, panel2: chat.Number, ws: chat.Number}
	for sel, number := range own {
		for _, e := range p.maxReceived(sel) {
			if id, ok := e.Event["ContactID"]; ok && id != fmt.Sprint(number) {
				p.fail("%s subscribed to contact %d got an event of contact %v: %v", sel, number, id, e.Event)
			}
			if e.Event["Type"] == "AgentState" {
				p.fail("%s subscribed to a contact got an agent event: %v", sel, e.Event)
			}
		}
	}

	// commands the state doesn't allow change nothing and warn in the window's console
	act("UnholdCall", map[string]any{"contactId": "#1"})
	p.waitMax(panel1, "the call off hold", contactEvent(voice.Number, "Active"))
	consoles := func(window string) []string {
		var out []string
		for _, e := range s.log(t) {
			if e.Type == "console" && e.Window == window {
				out = append(out, string(mustJSON(t, e.Data)))
			}
		}
		return out
	}
	p.must(panel1, `post({messageType: "AnswerEvent"})`, nil)
	p.must(panel2, `post({messageType: "HoldEvent"})`, nil)
	waitFor(p, "the console warnings", func() bool { return len(consoles("panel@#1")) == 1 && len(consoles("panel@#2")) == 1 })
	if d := s.desk(t); d.Contacts[0].State != desktop.Connected || d.Contacts[1].State != desktop.Connected {
		p.fail("refused commands must change nothing: %s, %s", d.Contacts[0].State, d.Contacts[1].State)
	}
	if w := consoles("panel@#1")[0]; !strings.Contains(w, "AnswerEvent ignored") {
		p.fail("the warning for answering a connected call: %s", w)
	}
	p.must(panel1, `post({messageType: "HangupEvent"})`, nil)
	waitFor(p, "the hang-up", func() bool { return s.desk(t).Contacts[0].State == desktop.ACW })
	p.must(panel1, `post({messageType: "HangupEvent"})`, nil)
	waitFor(p, "the warning for hanging up in after-call work", func() bool { return len(consoles("panel@#1")) == 2 })
	if w := consoles("panel@#1")[1]; !strings.Contains(w, "HangupEvent ignored") {
		p.fail("the warning for hanging up in after-call work: %s", w)
	}
	if st := s.desk(t).Contacts[0].State; st != desktop.ACW {
		p.fail("a refused hang-up must leave after-call work: %s", st)
	}

	// unregister: no more events; registering again is acknowledged (no duplicate warning) with
	// a fresh snapshot
	p.must(ws, `post({messageType: "UnregisterFromClientEvents"})`, nil)
	waitFor(p, "the unregistration", func() bool { return strings.Contains(logText(t, s), "UnregisterFromClientEvents") })
	before := len(p.maxReceived(ws))
	p.must(panel2, `post({messageType: "RegisterForClientEvents", subscriptionTypes: ["contact"]})`, nil) // a duplicate: a warning, no reply
	act("WrapupTask", map[string]any{"contactId": "#2"})
	p.waitMax(panel2, "the chat wrapped up", contactEvent(chat.Number, "Disconnected"))
	if got := p.maxReceived(ws); len(got) != before {
		p.fail("an unregistered window got events: %v", got[before:])
	}
	p.must(ws, `post({messageType: "RegisterForClientEvents", issuer: "ws", subscriptionTypes: ["contacts"]})`, nil)
	waitFor(p, "the second acknowledgement", func() bool {
		n := 0
		for _, e := range p.maxReceived(ws) {
			if isAck("OK")(e.Event) {
				n++
			}
		}
		return n == 2
	})
	snap := map[string]bool{}
	for _, e := range p.maxReceived(ws)[before:] {
		if id, ok := e.Event["ContactID"].(string); ok {
			snap[id] = true
		}
	}
	if !snap[fmt.Sprint(voice.Number)] || !snap[fmt.Sprint(chat.Number)] {
		p.fail("the new registration's snapshot should have both contacts: %v", snap)
	}
	if c := consoles("ws"); len(c) != 0 {
		p.fail("registering again after unregistering is no duplicate: %v", c)
	}
	if c := consoles("panel@#2"); len(c) != 2 || !strings.Contains(c[1], "already subscribed") {
		p.fail("the duplicate registration should warn: %v", c)
	}

	// ContactCardData: the card shows what the plugin sent; a bad card is refused
	img := ps.URL + "/bea.png"
	p.must(panel1, `post({messageType: "ContactCardData", contactCardData: {name: "Bea Smith", userImg: `+jsString(img)+`}})`, nil)
	p.waitJS(`document.querySelector('#contacts li[data-ref="1"]').innerText.includes("Contact card: Bea Smith")`, "the contact card's name")
	if src := p.str(`document.querySelector('#contacts li[data-ref="1"] .card-data img').src`); src != img {
		p.fail("the card's picture = %q, want %q", src, img)
	}
	p.must(panel1, `post({messageType: "ContactCardData", contactCardData: {Name: "x"}})`, nil)
	waitFor(p, "the bad card's verdict", func() bool { return strings.Contains(logText(t, s), `unknown key \"Name\"`) })
	if d := s.desk(t); d.Contacts[0].Card["name"] != "Bea Smith" {
		p.fail("a refused card must change nothing: %v", d.Contacts[0].Card)
	}
	var log []desktop.Entry
	s.call(t, "GET", "/api/desktop/log", nil, &log)
	raw, _ := json.Marshal(log)
	if !strings.Contains(string(raw), `"verdict":"rejected: contactCardData has an unknown key \"Name\"`) {
		p.fail("the log should say why the card was refused")
	}
}
