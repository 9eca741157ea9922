// Package max speaks NICE CXone MAX's postMessage protocol to plugin windows (contact panels and
// custom workspaces): RegisterForClientEvents with its acknowledgement and initial snapshot,
// events filtered by subscription type and contact, UnregisterFromClientEvents, ContactCardData,
// and the call commands (AnswerEvent, RefuseEvent, HoldEvent, MuteEvent, MaskEvent, RecordEvent,
// HangupEvent), which act through the desktop's actions only when the state allows. Every message
// MAX sends has issuer "MAX".
package max

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/flowctl/flowctl/desktop"
	"github.com/flowctl/flowctl/flows"
)

// Issuer is the issuer of every message MAX sends.
const Issuer = "MAX"

// The subscription types, as MAX normalises them (lower case).
var subscriptionTypes = []string{"all", "agent", "contact", "contacts", "sessioninfo"}

// The message types a plugin may send.
var messageTypes = []string{"RegisterForClientEvents", "UnregisterFromClientEvents", "ContactCardData",
	"AnswerEvent", "RefuseEvent", "HoldEvent", "MuteEvent", "MaskEvent", "RecordEvent", "HangupEvent"}

// The acknowledgement reasons.
const (
	reasonOK              = "Success"
	reasonBadContactID    = "Invalid Contact Id"
	reasonBadTypes        = "Invalid Subscription Types."
	reasonContactNeedsID  = "Subscription type contact needs a contactId."
	warnAlreadySubscribed = "Error processing Client Event Subscription. Issuer has already subscribed."
)

// Protocol is MAX's side of the conversation with its plugin windows.
type Protocol struct {
	subs  map[string]*subscription // by window
	codes reasonCodes
}

type subscription struct {
	window  *desktop.Window
	types   []string
	contact int64 // the NICE ContactID subscribed to, 0 for none
	issuer  string
}

func (s *subscription) has(t string) bool { return slices.Contains(s.types, t) }

// New returns the protocol with no subscriptions.
func New() *Protocol { return &Protocol{subs: map[string]*subscription{}} }

// Kind is "max".
func (p *Protocol) Kind() string { return "max" }

// Receive handles a message from a MAX plugin window.
func (p *Protocol) Receive(d *desktop.Desktop, w *desktop.Window, msg map[string]any) desktop.Verdict {
	mt, _ := msg["messageType"].(string)
	switch mt {
	case "RegisterForClientEvents":
		return p.register(d, w, msg)
	case "UnregisterFromClientEvents":
		if _, ok := p.subs[w.ID]; !ok {
			return desktop.Ignore(mt, "this window has no subscription")
		}
		delete(p.subs, w.ID)
		return desktop.Accept(mt)
	case "ContactCardData":
		return p.contactCard(d, w, msg)
	case "AnswerEvent", "RefuseEvent", "HoldEvent", "MuteEvent", "MaskEvent", "RecordEvent", "HangupEvent":
		return p.command(d, w, mt, msg)
	case "":
		return desktop.Reject("", "messageType is missing: want one of %s", strings.Join(messageTypes, ", "))
	}
	hint := ""
	if best, ok := flows.Closest(mt, messageTypes); ok {
		hint = fmt.Sprintf("; did you mean %q? (messageType is case-sensitive)", best)
	}
	return desktop.Reject(mt, "unknown messageType %q%s", mt, hint)
}

// register handles RegisterForClientEvents. A window that is already subscribed gets no answer,
// only a warning in its console. Otherwise the acknowledgement comes first: ERROR with one reason
// (the contact id is checked before the types) or OK, followed by the initial snapshot of each
// type subscribed to, in the same message.
func (p *Protocol) register(d *desktop.Desktop, w *desktop.Window, msg map[string]any) desktop.Verdict {
	const mt = "RegisterForClientEvents"
	if _, ok := p.subs[w.ID]; ok {
		d.Warn(w, warnAlreadySubscribed)
		return desktop.Ignore(mt, "this window is already subscribed; it must send UnregisterFromClientEvents first")
	}
	issuer, _ := msg["issuer"].(string)
	sub := &subscription{window: w, issuer: issuer}
	status, reason := "OK", reasonOK
	var dropped []string

	contact, ok := contactIDOf(msg["contactId"])
	switch {
	case !ok:
		status, reason = "ERROR", reasonBadContactID
	case contact == 0 && w.ContactRef > 0:
		// a contact panel without a contactId subscribes to its own contact
		if c, err := d.Contact(fmt.Sprintf("#%d", w.ContactRef)); err == nil {
			contact = c.Number
		}
	}
	sub.contact = contact
	if status == "OK" {
		sub.types, dropped = normaliseTypes(msg["subscriptionTypes"])
		switch {
		case len(sub.types) == 0:
			status, reason = "ERROR", reasonBadTypes
		case sub.has("contact") && !sub.has("all") && sub.contact == 0:
			status, reason = "ERROR", reasonContactNeedsID
		}
	}

	ack := map[string]any{"messageType": "ClientEventSubscriptionAcknowledge", "status": status, "reason": reason, "contactId": nullable(sub.contact)}
	events := []any{ack}
	if status == "OK" {
		p.subs[w.ID] = sub
		events = append(events, p.snapshot(d, sub)...)
	}
	d.Send(w, envelope(sub.contact, events))
	if status != "OK" {
		return desktop.Reject(mt, "acknowledged with ERROR: %s", reason)
	}
	if len(dropped) > 0 {
		return desktop.Verdict{Status: "accepted", Type: mt, Reason: "unknown subscription types dropped: " + strings.Join(dropped, ", ")}
	}
	return desktop.Accept(mt)
}

// contactIDOf reads an optional contactId: absent, null or "" is none (0); otherwise it must be
// a positive whole number, given as a number or a string.
func contactIDOf(v any) (int64, bool) {
	var s string
	switch x := v.(type) {
	case nil:
		return 0, true
	case json.Number:
		s = x.String()
	case string:
		if x == "" {
			return 0, true
		}
		s = x
	default:
		return 0, false
	}
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n <= 0 {
		return 0, false
	}
	return n, true
}

// normaliseTypes lower-cases the requested types and keeps the known ones, once each, in the order
// asked; it returns the unknown ones too.
func normaliseTypes(v any) (types, dropped []string) {
	list, _ := v.([]any)
	for _, item := range list {
		s, ok := item.(string)
		if !ok {
			dropped = append(dropped, fmt.Sprint(item))
			continue
		}
		s = strings.ToLower(s)
		switch {
		case !slices.Contains(subscriptionTypes, s):
			dropped = append(dropped, s)
		case !slices.Contains(types, s):
			types = append(types, s)
		}
	}
	return types, dropped
}

func nullable(n int64) any {
	if n == 0 {
		return nil
	}
	return n
}

// envelope is the message MAX posts: its issuer, the subscription's contact and the events.
func envelope(contact int64, events []any) map[string]any {
	return map[string]any{"issuer": Issuer, "contactId": nullable(contact), "events": events}
}

// snapshot is the state a new subscription is guaranteed to get, per type: the agent's session,
// state and leg; every contact on the desktop; the subscribed contact; the session token.
func (p *Protocol) snapshot(d *desktop.Desktop, s *subscription) []any {
	all := s.has("all")
	var out []any
	loggedIn := d.Agent().Chosen != desktop.LoggedOut
	if all || s.has("agent") {
		if loggedIn {
			out = append(out, sessionStart(d))
		}
		out = append(out, agentState(d, &p.codes))
		if loggedIn {
			out = append(out, agentLeg(d, true))
		}
		if d.Agent().Muted {
			out = append(out, mute(d))
		}
	}
	for _, c := range d.Contacts() {
		if all || s.has("contacts") || s.contact != 0 && c.Number == s.contact {
			out = append(out, contactEvent(c))
		}
	}
	if (all || s.has("sessioninfo")) && loggedIn {
		out = append(out, sessionInfo(d))
	}
	return out
}

// Notify turns a desktop event into MAX events and sends each subscribed window the ones it asked for.
func (p *Protocol) Notify(d *desktop.Desktop, e desktop.Event) {
	var events []map[string]any
	switch e.Type {
	case desktop.SessionStarted:
		events = append(events, sessionStart(d), agentLeg(d, true), sessionInfo(d))
	case desktop.SessionEnded:
		events = append(events, agentLeg(d, false), sessionEnd(d))
	case desktop.AgentStatusChanged, desktop.NextStatusSet:
		events = append(events, agentState(d, &p.codes))
	case desktop.AgentMuteChanged:
		events = append(events, mute(d))
	case desktop.ContactQueued, desktop.ContactMessaged, desktop.ContactUpdated, desktop.ConnectionAdded,
		desktop.ConnectionsJoined, desktop.ConnectionsToggled, desktop.ConnectionEnded:
		// MAX's plugin events carry no chat text, attribute changes or third-party legs
	default:
		if e.Contact != nil && visible(e.Contact) {
			events = append(events, contactEvent(e.Contact))
		}
	}
	if len(events) == 0 {
		return
	}
	for _, w := range d.Windows(p.Kind()) {
		s := p.subs[w.ID]
		if s == nil {
			continue
		}
		var mine []any
		for _, ev := range events {
			if s.wants(ev) {
				mine = append(mine, ev)
			}
		}
		if len(mine) > 0 {
			d.Send(w, envelope(s.contact, mine))
		}
	}
}

// wants reports whether a subscription gets an event: "all" gets everything; a contact event
// goes to "contacts" and to the subscription of that contact (whatever its types); agent events
// go to "agent"; the session token and the end of the session go to "sessioninfo".
func (s *subscription) wants(ev map[string]any) bool {
	if s.has("all") {
		return true
	}
	if id, ok := ev["ContactID"].(string); ok {
		return s.has("contacts") || s.contact != 0 && id == num(s.contact)
	}
	if ev["messageType"] == "SessionInfo" {
		return s.has("sessioninfo")
	}
	if ev["Type"] == "AgentSessionEnd" {
		return s.has("sessioninfo") || s.has("agent")
	}
	return s.has("agent")
}

// Closed forgets a closed window's subscription.
func (p *Protocol) Closed(d *desktop.Desktop, w *desktop.Window) { delete(p.subs, w.ID) }

// contactCard handles ContactCardData: the customer's name and picture for the contact card.
func (p *Protocol) contactCard(d *desktop.Desktop, w *desktop.Window, msg map[string]any) desktop.Verdict {
	const mt = "ContactCardData"
	data, ok := msg["contactCardData"].(map[string]any)
	if !ok {
		return desktop.Reject(mt, "contactCardData must be an object with name and userImg")
	}
	card := map[string]string{}
	for k, v := range data {
		if k != "name" && k != "userImg" {
			return desktop.Reject(mt, "contactCardData has an unknown key %q: want name and userImg (case-sensitive)", k)
		}
		s, ok := v.(string)
		if !ok {
			return desktop.Reject(mt, "contactCardData.%s must be a string", k)
		}
		card[k] = s
	}
	c, err := p.contactOf(d, w, msg)
	if err != nil {
		return desktop.Ignore(mt, "%v", err)
	}
	d.SetContactCard(c, card)
	return desktop.Accept(mt)
}

// contactOf finds the contact a message is about: its contactId, else the window's subscription,
// else the window's panel contact.
func (p *Protocol) contactOf(d *desktop.Desktop, w *desktop.Window, msg map[string]any) (*desktop.Contact, error) {
	id, ok := contactIDOf(msg["contactId"])
	if !ok {
		return nil, fmt.Errorf("contactId %v is not a contact id", msg["contactId"])
	}
	if id == 0 {
		if s := p.subs[w.ID]; s != nil {
			id = s.contact
		}
	}
	if id != 0 {
		return d.Contact(num(id))
	}
	if w.ContactRef > 0 {
		return d.Contact(fmt.Sprintf("#%d", w.ContactRef))
	}
	return nil, fmt.Errorf("no contactId, and the window is not a contact's panel")
}

// command runs a call command through the desktop's actions. A command the state doesn't allow
// (answering a call that isn't ringing) does nothing; the plugin's console says why.
func (p *Protocol) command(d *desktop.Desktop, w *desktop.Window, mt string, msg map[string]any) desktop.Verdict {
	data := map[string]any{}
	if c, err := p.contactOf(d, w, msg); err == nil {
		data["contactId"] = c.ContactID
	} else if msg["contactId"] != nil {
		return desktop.Reject(mt, "%v", err)
	}
	action := map[string]string{
		"AnswerEvent": "AcceptTask", "RefuseEvent": "RejectTask", "HoldEvent": "HoldCall", "MuteEvent": "ToggleMute",
		"MaskEvent": "ToggleMask", "RecordEvent": "ToggleRecording", "HangupEvent": "HangupCall",
	}[mt]
	if mt == "HoldEvent" {
		// MAX's hold button toggles: it takes the call it is about off hold, or the only held call
		// when it names none and none is connected
		var held, live int
		var heldID string
		for _, c := range d.Contacts() {
			if c.Channel != desktop.Voice || !c.Live() {
				continue
			}
			live++
			if c.State == desktop.OnHold {
				held++
				heldID = c.ContactID
			}
		}
		if id, ok := data["contactId"]; ok {
			if c, err := d.Contact(fmt.Sprint(id)); err == nil && c.State == desktop.OnHold {
				action = "UnholdCall"
			}
		} else if held == 1 && live == 1 {
			action, data["contactId"] = "UnholdCall", heldID
		}
	}
	res := d.Invoke(action, w.Plugin.ID, data)
	switch {
	case res.Aborted:
		d.Warn(w, fmt.Sprintf("%s was not carried out: %s aborted %s", mt, res.AbortedBy, action))
		return desktop.Ignore(mt, "%s aborted by %s", action, res.AbortedBy)
	case res.Err != nil && desktop.IsStateError(res.Err):
		d.Warn(w, fmt.Sprintf("%s ignored: %v", mt, res.Err))
		return desktop.Ignore(mt, "%v", res.Err)
	case res.Err != nil:
		return desktop.Fail(mt, "%v", res.Err)
	}
	return desktop.Accept(mt)
}
