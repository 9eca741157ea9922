package desktop

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/flowctl/flowctl/actionhooks"
	"github.com/flowctl/flowctl/flows"
)

// Payload is what a desktop action runs on. Data is the action's arguments as Flex plugins see
// and may change them ({"contactId": "#1"}, {"activity": "Unavailable", "reason": "Lunch"}, ...);
// By says who invoked it ("agent", "timeline", or a plugin id).
type Payload struct {
	Name string
	By   string
	Data map[string]any
}

// StateError is an agent control the contact's or agent's state doesn't allow (accepting a
// contact that isn't ringing, holding a chat): the command is refused, nothing changes.
type StateError struct{ Msg string }

func (e *StateError) Error() string { return e.Msg }

func notNow(format string, args ...any) error { return &StateError{Msg: fmt.Sprintf(format, args...)} }

// IsStateError reports whether err is a control the state didn't allow.
func IsStateError(err error) bool {
	var se *StateError
	return errors.As(err, &se)
}

// ActionDoc describes a built-in action for the documentation and for "did you mean".
type ActionDoc struct {
	Name string
	Args string
	Does string
}

// BuiltinActions are the desktop's agent controls, registered under Flex's names where Flex has
// one; the connection actions follow Amazon Connect's multi-party calls.
var BuiltinActions = []ActionDoc{
	{"AcceptTask", "contactId", "answers a ringing contact"},
	{"RejectTask", "contactId", "declines a ringing contact; it is routed elsewhere"},
	{"HoldCall", "contactId", "puts a connected voice contact on hold"},
	{"UnholdCall", "contactId", "takes a voice contact off hold"},
	{"ToggleMute", "", "mutes or unmutes the agent during a voice contact"},
	{"ToggleMask", "contactId", "masks or unmasks a voice contact's audio (NICE's mask, for card numbers)"},
	{"ToggleRecording", "contactId", "starts or stops recording a voice contact"},
	{"HangupCall", "contactId", "ends a voice contact; after-call work starts"},
	{"TransferTask", "contactId, targetType (agent, queue, quick_connect, phone_number), target", "ends the agent's leg and starts a new one (new ContactId) at the target"},
	{"SendMessage", "contactId, body", "sends a chat message to the customer"},
	{"WrapupTask", "contactId", "ends the conversation (voice or chat) and starts after-call work"},
	{"CompleteTask", "contactId", "ends after-call work; the contact leaves the desktop"},
	{"SetActivity", "activity (LoggedIn, Available, Unavailable, LoggedOut), reason", "changes the agent's status, or sets the next status while contacts are open"},
	{"UpdateContact", "contactId, attributes, customer", "changes a contact's attributes or customer details"},
	{"StartOutboundCall", "phoneNumber, queue", "dials a customer: a new outbound voice contact, connected"},
	{"AddConnection", "contactId, targetType, target", "adds a third party to a voice contact; the customer goes on hold"},
	{"ConferenceConnections", "contactId", "joins the customer and third parties in a conference"},
	{"ToggleConnections", "contactId", "swaps who is on hold: the customer or the third parties"},
	{"EndConnection", "contactId, connectionId", "drops a third party"},
	{"EndConferenceCall", "contactId", "drops every third party; the agent stays with the customer"},
}

func (d *Desktop) registerActions() {
	fns := map[string]actionhooks.Action[*Payload]{
		"AcceptTask":            d.acceptTask,
		"RejectTask":            d.rejectTask,
		"HoldCall":              d.holdCall,
		"UnholdCall":            d.unholdCall,
		"ToggleMute":            d.toggleMute,
		"ToggleMask":            d.toggleMask,
		"ToggleRecording":       d.toggleRecording,
		"HangupCall":            d.hangupCall,
		"TransferTask":          d.transferTask,
		"SendMessage":           d.sendMessage,
		"WrapupTask":            d.wrapupTask,
		"CompleteTask":          d.completeTask,
		"SetActivity":           d.setActivityAction,
		"UpdateContact":         d.updateContact,
		"StartOutboundCall":     d.startOutboundCall,
		"AddConnection":         d.addConnection,
		"ConferenceConnections": d.conferenceConnections,
		"ToggleConnections":     d.toggleConnections,
		"EndConnection":         d.endConnection,
		"EndConferenceCall":     d.endConferenceCall,
	}
	for _, a := range BuiltinActions {
		if err := d.actions.Register(a.Name, fns[a.Name]); err != nil {
			panic(err) // the table above and BuiltinActions disagree: a programming error
		}
	}
}

// Invoke runs a desktop action through the actions framework, logging it with its verdict.
func (d *Desktop) Invoke(name, by string, data map[string]any) actionhooks.Result {
	if data == nil {
		data = map[string]any{}
	}
	p := &Payload{Name: name, By: by, Data: data}
	d.log.add(d.clock.Now(), Entry{Kind: "action", Type: name, Data: map[string]any{"by": by, "payload": maps.Clone(data)}})
	i := len(d.log.Entries) - 1
	d.inAction++
	res := d.actions.Invoke(name, p)
	d.inAction--
	verdict := "done"
	switch {
	case res.Aborted:
		verdict = "aborted by " + res.AbortedBy
		if res.AbortReason != "" {
			verdict += ": " + res.AbortReason
		}
	case res.Err != nil:
		verdict = "error: " + res.Err.Error()
	}
	for _, le := range res.ListenerErrors {
		verdict += "; " + le.Error()
	}
	d.log.Entries[i].Verdict = verdict
	return res
}

// --- argument helpers ---

func str(p *Payload, key string) string {
	switch v := p.Data[key].(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	case float64, int, int64:
		return fmt.Sprint(v)
	}
	return ""
}

// contactArg finds the contact an action is about: its contactId (a ContactId, a NICE number
// or "#ref"), else the only contact in one of the wanted states.
func (d *Desktop) contactArg(p *Payload, want ...ContactState) (*Contact, error) {
	if ref := str(p, "contactId"); ref != "" {
		return d.Contact(ref)
	}
	var found []*Contact
	for _, c := range d.Contacts() {
		if len(want) == 0 || slices.Contains(want, c.State) {
			found = append(found, c)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return nil, notNow("%s: there is no contact to act on", p.Name)
	}
	return nil, fmt.Errorf("%s: %d contacts could be meant; give contactId", p.Name, len(found))
}

func requireState(p *Payload, c *Contact, want ...ContactState) error {
	if !slices.Contains(want, c.State) {
		var ws []string
		for _, w := range want {
			ws = append(ws, string(w))
		}
		return notNow("%s: contact #%d (%s) is %s, not %s", p.Name, c.Ref, c.ContactID, c.State, strings.Join(ws, " or "))
	}
	return nil
}

func requireVoice(p *Payload, c *Contact) error {
	if c.Channel != Voice {
		return notNow("%s: contact #%d is a chat; only voice contacts can do that", p.Name, c.Ref)
	}
	return nil
}

func suggestion(s string, candidates []string) string {
	if best, ok := flows.Closest(s, candidates); ok {
		return fmt.Sprintf("; did you mean %q?", best)
	}
	return ""
}

// --- the actions ---

func (d *Desktop) acceptTask(p *Payload) error {
	c, err := d.contactArg(p, Incoming)
	if err != nil {
		return err
	}
	if err := requireState(p, c, Incoming); err != nil {
		return err
	}
	d.setState(c, Connected)
	d.emit(Event{Type: ContactConnected, Contact: c.Snapshot()})
	return nil
}

func (d *Desktop) rejectTask(p *Payload) error {
	c, err := d.contactArg(p, Incoming)
	if err != nil {
		return err
	}
	if err := requireState(p, c, Incoming); err != nil {
		return err
	}
	d.setState(c, Rejected)
	d.emit(Event{Type: ContactRejected, Contact: c.Snapshot()})
	d.closeWindows(c.Ref)
	d.route()
	return nil
}

func (d *Desktop) voiceContact(p *Payload, want ...ContactState) (*Contact, error) {
	c, err := d.contactArg(p, want...)
	if err != nil {
		return nil, err
	}
	if err := requireVoice(p, c); err != nil {
		return nil, err
	}
	return c, requireState(p, c, want...)
}

func (d *Desktop) holdCall(p *Payload) error {
	c, err := d.voiceContact(p, Connected)
	if err != nil {
		return err
	}
	d.setState(c, OnHold)
	d.emit(Event{Type: ContactHeld, Contact: c.Snapshot()})
	return nil
}

func (d *Desktop) unholdCall(p *Payload) error {
	c, err := d.voiceContact(p, OnHold)
	if err != nil {
		return err
	}
	d.setState(c, Connected)
	d.emit(Event{Type: ContactResumed, Contact: c.Snapshot()})
	return nil
}

func (d *Desktop) toggleMute(p *Payload) error {
	if !d.hasLiveVoice() {
		return notNow("ToggleMute: the agent has no voice contact in progress")
	}
	d.agent.Muted = !d.agent.Muted
	d.emit(Event{Type: AgentMuteChanged})
	return nil
}

func (d *Desktop) toggleMask(p *Payload) error {
	c, err := d.voiceContact(p, Connected, OnHold)
	if err != nil {
		return err
	}
	c.Masked = !c.Masked
	d.emit(Event{Type: ContactMaskChanged, Contact: c.Snapshot()})
	return nil
}

func (d *Desktop) toggleRecording(p *Payload) error {
	c, err := d.voiceContact(p, Connected, OnHold)
	if err != nil {
		return err
	}
	c.Recording = !c.Recording
	d.emit(Event{Type: ContactRecordChanged, Contact: c.Snapshot()})
	return nil
}

func (d *Desktop) hangupCall(p *Payload) error {
	c, err := d.voiceContact(p, Connected, OnHold)
	if err != nil {
		return err
	}
	d.endConversation(c, "agent")
	return nil
}

func (d *Desktop) wrapupTask(p *Payload) error {
	c, err := d.contactArg(p, Connected, OnHold)
	if err != nil {
		return err
	}
	if err := requireState(p, c, Connected, OnHold); err != nil {
		return err
	}
	d.endConversation(c, "agent")
	return nil
}

func (d *Desktop) completeTask(p *Payload) error {
	c, err := d.contactArg(p, ACW)
	if err != nil {
		return err
	}
	if err := requireState(p, c, ACW); err != nil {
		return err
	}
	d.complete(c)
	return nil
}

func targetArg(p *Payload) Target {
	return Target{Type: str(p, "targetType"), Value: str(p, "target")}
}

func (d *Desktop) transferTask(p *Payload) error {
	c, err := d.contactArg(p, Connected, OnHold)
	if err != nil {
		return err
	}
	if err := requireState(p, c, Connected, OnHold); err != nil {
		return err
	}
	_, err = d.transfer(c, targetArg(p))
	return err
}

func (d *Desktop) sendMessage(p *Payload) error {
	c, err := d.contactArg(p, Connected)
	if err != nil {
		return err
	}
	if c.Channel != Chat {
		return notNow("SendMessage: contact #%d is a voice contact; only chats take messages", c.Ref)
	}
	if err := requireState(p, c, Connected); err != nil {
		return err
	}
	body := str(p, "body")
	if strings.TrimSpace(body) == "" {
		return errors.New("SendMessage: body is empty")
	}
	m := Message{From: "agent", Text: body, Time: d.clock.Now()}
	c.Messages = append(c.Messages, m)
	d.emit(Event{Type: ContactMessaged, Contact: c.Snapshot(), Message: &m})
	return nil
}

func (d *Desktop) setActivityAction(p *Payload) error {
	return d.setActivity(Status(str(p, "activity")), str(p, "reason"))
}

// setActivity changes the agent's chosen status. While contacts are open, it becomes the next
// status, taken when the last one is done (SmartAgent's next_status); logging out waits too.
func (d *Desktop) setActivity(s Status, reason string) error {
	if !slices.Contains(chosenStatuses, s) {
		var names []string
		for _, c := range chosenStatuses {
			names = append(names, string(c))
		}
		return fmt.Errorf("SetActivity: unknown activity %q: want one of %s%s", s, strings.Join(names, ", "), suggestion(string(s), names))
	}
	if s != Unavailable {
		reason = ""
	}
	if d.agent.Chosen == LoggedOut && s != LoggedOut {
		d.login()
	}
	if len(d.Contacts()) > 0 && s != Available {
		d.agent.Next, d.agent.NextReason = s, reason
		d.emit(Event{Type: NextStatusSet})
		return nil
	}
	if s == LoggedOut {
		if d.agent.Chosen != LoggedOut {
			d.logout()
		}
		return nil
	}
	d.agent.Next, d.agent.NextReason = "", ""
	d.agent.Chosen, d.agent.Reason = s, reason
	d.checkStatus()
	d.route()
	return nil
}

func (d *Desktop) login() {
	d.agent.Chosen, d.agent.Reason = LoggedIn, ""
	d.agent.SessionID = fmt.Sprint(d.nextNumber + 1000000)
	d.emit(Event{Type: SessionStarted})
}

func (d *Desktop) logout() {
	d.agent.Chosen, d.agent.Reason = LoggedOut, ""
	d.checkStatus()
	d.emit(Event{Type: SessionEnded})
	d.agent.SessionID = ""
}

func (d *Desktop) updateContact(p *Payload) error {
	c, err := d.contactArg(p, Incoming, Connected, OnHold, ACW)
	if err != nil {
		return err
	}
	if !c.Active() {
		return notNow("UpdateContact: contact #%d is %s; only the agent's contacts can change", c.Ref, c.State)
	}
	var changed []string
	if attrs, ok := p.Data["attributes"].(map[string]any); ok {
		for k, v := range attrs {
			s, ok := v.(string)
			if !ok {
				return fmt.Errorf("UpdateContact: attribute %q must be a string, not %T", k, v)
			}
			if c.Attributes[k] != s {
				c.Attributes[k] = s
				changed = append(changed, k)
			}
		}
	} else if p.Data["attributes"] != nil {
		return errors.New("UpdateContact: attributes must be an object of strings")
	}
	if cust, ok := p.Data["customer"].(map[string]any); ok {
		for k, v := range cust {
			s, _ := v.(string)
			switch k {
			case "name":
				c.Customer.Name = s
			case "phone":
				c.Customer.Phone = s
			case "email":
				c.Customer.Email = s
			default:
				return fmt.Errorf("UpdateContact: unknown customer field %q: want name, phone or email%s", k, suggestion(k, []string{"name", "phone", "email"}))
			}
			changed = append(changed, "customer."+k)
		}
	}
	sort.Strings(changed)
	if len(changed) > 0 {
		d.emit(Event{Type: ContactUpdated, Contact: c.Snapshot(), Changed: changed})
	}
	return nil
}

func (d *Desktop) startOutboundCall(p *Payload) error {
	number := str(p, "phoneNumber")
	if number == "" {
		return errors.New("StartOutboundCall: phoneNumber is empty")
	}
	if d.agent.Chosen == LoggedOut {
		return notNow("StartOutboundCall: the agent is logged out")
	}
	if d.hasLiveVoice() {
		return notNow("StartOutboundCall: the agent is already on a voice contact")
	}
	d.nextRef++
	c := d.newLeg(d.nextRef, nil)
	c.Channel, c.Inbound, c.Customer.Phone = Voice, false, number
	c.Queue = str(p, "queue")
	if c.Queue == "" && len(d.cfg.Queues) > 0 {
		c.Queue = d.cfg.Queues[0]
	}
	d.setState(c, Connected)
	d.emit(Event{Type: OutboundStarted, Contact: c.Snapshot()})
	return nil
}

func (d *Desktop) addConnection(p *Payload) error {
	c, err := d.voiceContact(p, Connected, OnHold)
	if err != nil {
		return err
	}
	t := targetArg(p)
	if t.Type != "agent" && t.Type != "phone_number" && t.Type != "quick_connect" {
		return fmt.Errorf("AddConnection: targetType %q: want agent, phone_number or quick_connect", t.Type)
	}
	if t.Value == "" {
		return errors.New("AddConnection: target is empty")
	}
	for i := range c.Connections {
		c.Connections[i].State = "on_hold"
	}
	conn := Connection{ID: fmt.Sprintf("%s-%d", c.ContactID[:8], len(c.Connections)+1), Endpoint: t, State: "connected"}
	c.Connections = append(c.Connections, conn)
	d.setState(c, OnHold)
	d.emit(Event{Type: ConnectionAdded, Contact: c.Snapshot(), Connection: &conn})
	return nil
}

func (d *Desktop) withConnections(p *Payload) (*Contact, error) {
	c, err := d.voiceContact(p, Connected, OnHold)
	if err != nil {
		return nil, err
	}
	if len(c.Connections) == 0 {
		return nil, notNow("%s: contact #%d has no third party", p.Name, c.Ref)
	}
	return c, nil
}

func (d *Desktop) conferenceConnections(p *Payload) error {
	c, err := d.withConnections(p)
	if err != nil {
		return err
	}
	for i := range c.Connections {
		c.Connections[i].State = "connected"
	}
	d.setState(c, Connected)
	d.emit(Event{Type: ConnectionsJoined, Contact: c.Snapshot()})
	return nil
}

func (d *Desktop) toggleConnections(p *Payload) error {
	c, err := d.withConnections(p)
	if err != nil {
		return err
	}
	third := "on_hold"
	if c.State == OnHold {
		d.setState(c, Connected)
	} else {
		d.setState(c, OnHold)
		third = "connected"
	}
	for i := range c.Connections {
		c.Connections[i].State = third
	}
	d.emit(Event{Type: ConnectionsToggled, Contact: c.Snapshot()})
	return nil
}

func (d *Desktop) endConnection(p *Payload) error {
	c, err := d.withConnections(p)
	if err != nil {
		return err
	}
	id := str(p, "connectionId")
	i := slices.IndexFunc(c.Connections, func(x Connection) bool { return x.ID == id })
	if id == "" && len(c.Connections) == 1 {
		i = 0
	}
	if i < 0 {
		var ids []string
		for _, x := range c.Connections {
			ids = append(ids, x.ID)
		}
		return fmt.Errorf("EndConnection: no connection %q on contact #%d (it has %s)", id, c.Ref, strings.Join(ids, ", "))
	}
	d.dropConnection(c, i)
	return nil
}

func (d *Desktop) dropConnection(c *Contact, i int) {
	conn := c.Connections[i]
	c.Connections = slices.Delete(c.Connections, i, i+1)
	if len(c.Connections) == 0 && c.State == OnHold {
		d.setState(c, Connected)
	}
	d.emit(Event{Type: ConnectionEnded, Contact: c.Snapshot(), Connection: &conn})
}

func (d *Desktop) endConferenceCall(p *Payload) error {
	c, err := d.withConnections(p)
	if err != nil {
		return err
	}
	for len(c.Connections) > 0 {
		d.dropConnection(c, len(c.Connections)-1)
	}
	return nil
}
