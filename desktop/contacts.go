package desktop

import (
	"fmt"
	"maps"
	"slices"
	"sort"
)

// Arrival is a contact that reaches the desktop's queues: from a flow's ticket, or a timeline.
type Arrival struct {
	Channel    Channel           `json:"channel"`
	Queue      string            `json:"queue"`
	Customer   Customer          `json:"customer"`
	Attributes map[string]string `json:"attributes"`
	// Message is a chat's first message from the customer.
	Message string `json:"message"`
}

// Arrive puts a new contact in its queue, and offers it to the agent when they can take it.
func (d *Desktop) Arrive(a Arrival) (*Contact, error) {
	if a.Channel == "" {
		a.Channel = Voice
	}
	if a.Channel != Voice && a.Channel != Chat {
		return nil, fmt.Errorf("unknown channel %q: want voice or chat", a.Channel)
	}
	if a.Queue == "" {
		a.Queue = "Default"
		if len(d.cfg.Queues) > 0 {
			a.Queue = d.cfg.Queues[0]
		}
	}
	d.nextRef++
	c := d.newLeg(d.nextRef, nil)
	c.Channel, c.Inbound, c.Queue, c.Customer = a.Channel, true, a.Queue, a.Customer
	c.Attributes = maps.Clone(a.Attributes)
	if c.Attributes == nil {
		c.Attributes = map[string]string{}
	}
	if a.Message != "" {
		c.Messages = append(c.Messages, Message{From: "customer", Text: a.Message, Time: d.clock.Now()})
	}
	d.enqueue(c)
	return c, nil
}

// newLeg starts a leg of arrival ref; prev is the leg it continues after a transfer.
func (d *Desktop) newLeg(ref int, prev *Contact) *Contact {
	d.nextNumber++
	c := &Contact{Ref: ref, ContactID: d.uuid(), Number: d.nextNumber, ArrivedAt: d.clock.Now(), StateSince: d.clock.Now(),
		RingTimeout: d.cfg.RingTimeout, Attributes: map[string]string{}}
	c.InitialContactID, c.MasterNumber = c.ContactID, c.Number
	if prev != nil {
		c.InitialContactID, c.MasterNumber, c.PreviousContactID = prev.InitialContactID, prev.MasterNumber, prev.ContactID
		c.Channel, c.Inbound, c.Customer = prev.Channel, prev.Inbound, prev.Customer
		c.Attributes = maps.Clone(prev.Attributes)
		c.Messages = slices.Clone(prev.Messages)
		c.Recording = prev.Recording
		c.ArrivedAt = prev.ArrivedAt
	}
	d.legs = append(d.legs, c)
	d.latest[ref] = c
	return c
}

func (d *Desktop) setState(c *Contact, s ContactState) {
	c.State, c.StateSince = s, d.clock.Now()
	if c.cancelRing != nil && s != Incoming {
		c.cancelRing()
		c.cancelRing = nil
	}
}

// enqueue puts a leg in its queue and routes.
func (d *Desktop) enqueue(c *Contact) {
	d.setState(c, Queued)
	d.waiting = append(d.waiting, c)
	d.emit(Event{Type: ContactQueued, Contact: c.Snapshot()})
	d.route()
}

// serves reports whether the agent's routing profile includes a queue.
func (d *Desktop) serves(queue string) bool {
	return len(d.cfg.Queues) == 0 || slices.Contains(d.cfg.Queues, queue)
}

// canTake reports whether the agent can be offered a contact of the channel now: they are
// Available, not wrapping up, and have room on the channel (one voice contact; ChatCapacity chats).
func (d *Desktop) canTake(ch Channel) bool {
	if d.agent.Chosen != Available || d.Status() == AfterCallWork {
		return false
	}
	n := 0
	for _, c := range d.legs {
		if c.Active() && c.Channel == ch {
			n++
		}
	}
	if ch == Voice {
		return n == 0
	}
	return n < d.cfg.ChatCapacity
}

// route offers waiting contacts, first come first served, while the agent can take them.
func (d *Desktop) route() {
	for {
		i := slices.IndexFunc(d.waiting, func(c *Contact) bool { return d.serves(c.Queue) && d.canTake(c.Channel) })
		if i < 0 {
			return
		}
		c := d.waiting[i]
		d.waiting = slices.Delete(d.waiting, i, i+1)
		d.offer(c)
	}
}

func (d *Desktop) offer(c *Contact) {
	d.setState(c, Incoming)
	if c.RingTimeout > 0 {
		c.cancelRing = d.clock.After(c.RingTimeout, func() { d.miss(c) })
	}
	d.emit(Event{Type: ContactOffered, Contact: c.Snapshot()})
}

// miss ends an offer nobody answered: as Amazon Connect does, the agent becomes unavailable
// ("Missed") and the contact is routed elsewhere, leaving the desktop.
func (d *Desktop) miss(c *Contact) {
	if c.State != Incoming {
		return
	}
	d.setState(c, Missed)
	d.agent.Chosen, d.agent.Reason = Unavailable, "Missed"
	d.emit(Event{Type: ContactMissed, Contact: c.Snapshot()})
	d.closeWindows(c.Ref)
}

// CustomerMessage is a chat message from the customer.
func (d *Desktop) CustomerMessage(ref, text string) error {
	c, err := d.Contact(ref)
	if err != nil {
		return err
	}
	if c.Channel != Chat {
		return fmt.Errorf("contact %s is a %s contact: only chats take messages", ref, c.Channel)
	}
	if c.State == ACW || !c.Active() && c.State != Queued {
		return fmt.Errorf("contact %s is %s: the customer can't write any more", ref, c.State)
	}
	m := Message{From: "customer", Text: text, Time: d.clock.Now()}
	c.Messages = append(c.Messages, m)
	d.emit(Event{Type: ContactMessaged, Contact: c.Snapshot(), Message: &m})
	return nil
}

// CustomerHangup is the customer leaving: before an answer the contact is abandoned, during the
// conversation it ends and the agent starts after-call work.
func (d *Desktop) CustomerHangup(ref string) error {
	c, err := d.Contact(ref)
	if err != nil {
		return err
	}
	switch c.State {
	case Queued, Incoming:
		d.waiting = slices.DeleteFunc(d.waiting, func(x *Contact) bool { return x == c })
		d.setState(c, Abandoned)
		d.emit(Event{Type: ContactAbandoned, Contact: c.Snapshot()})
		d.closeWindows(c.Ref)
		d.route()
		return nil
	case Connected, OnHold:
		d.endConversation(c, "customer")
		return nil
	}
	return fmt.Errorf("contact %s is %s: there is no conversation to leave", ref, c.State)
}

// endConversation moves a live leg to after-call work.
func (d *Desktop) endConversation(c *Contact, reason string) {
	c.EndReason = reason
	c.Connections = nil
	d.setState(c, ACW)
	d.emit(Event{Type: ContactEnded, Contact: c.Snapshot()})
	if d.agent.Muted && !d.hasLiveVoice() {
		d.agent.Muted = false
		d.emit(Event{Type: AgentMuteChanged})
	}
	if d.cfg.ACWTimeout > 0 {
		d.clock.After(d.cfg.ACWTimeout, func() {
			if c.State == ACW {
				d.complete(c)
			}
		})
	}
}

func (d *Desktop) hasLiveVoice() bool {
	for _, c := range d.legs {
		if c.Channel == Voice && c.Live() {
			return true
		}
	}
	return false
}

// complete ends after-call work; with no contact left the agent takes their next status.
func (d *Desktop) complete(c *Contact) {
	d.setState(c, Completed)
	d.emit(Event{Type: ContactCompleted, Contact: c.Snapshot()})
	d.closeWindows(c.Ref)
	if len(d.Contacts()) == 0 && d.agent.Next != "" {
		next, reason := d.agent.Next, d.agent.NextReason
		d.agent.Next, d.agent.NextReason = "", ""
		d.agent.Chosen, d.agent.Reason = next, reason
		if next == LoggedOut {
			d.logout()
		}
	}
	d.checkStatus()
	d.route()
}

// transfer ends a live leg for this agent and starts the next one at the target: in a queue
// (where routing may bring it back) or with another agent or number (off this desktop).
func (d *Desktop) transfer(c *Contact, t Target) (*Contact, error) {
	switch t.Type {
	case "quick_connect":
		i := slices.IndexFunc(d.cfg.QuickConnects, func(q QuickConnect) bool { return q.Name == t.Value })
		if i < 0 {
			return nil, fmt.Errorf("no quick connect %q%s", t.Value, suggestion(t.Value, d.quickConnectNames()))
		}
		return d.transfer(c, d.cfg.QuickConnects[i].Target)
	case "queue":
		if t.Value == "" {
			return nil, fmt.Errorf("a queue transfer needs a queue name")
		}
	case "agent":
		if i := slices.IndexFunc(d.cfg.Directory, func(a Agent) bool { return a.ID == t.Value || a.Username == t.Value }); i < 0 {
			return nil, fmt.Errorf("no agent %q in the directory%s", t.Value, suggestion(t.Value, d.agentNames()))
		}
	case "phone_number":
		if t.Value == "" {
			return nil, fmt.Errorf("a phone number transfer needs a number")
		}
	default:
		return nil, fmt.Errorf("unknown transfer target type %q: want agent, queue, quick_connect or phone_number%s", t.Type,
			suggestion(t.Type, []string{"agent", "queue", "quick_connect", "phone_number"}))
	}
	old := c
	d.endConversation(old, "transfer")
	next := d.newLeg(old.Ref, old)
	next.Queue = old.Queue
	if t.Type == "queue" {
		next.Queue = t.Value
	}
	ev := Event{Type: ContactTransferred, Contact: next.Snapshot(), Previous: old.Snapshot()}
	if t.Type != "queue" {
		d.setState(next, TransferredTo)
		ev.Contact = next.Snapshot()
		d.emit(ev)
		return next, nil
	}
	d.setState(next, Queued)
	ev.Contact = next.Snapshot()
	d.emit(ev)
	d.waiting = append(d.waiting, next)
	d.emit(Event{Type: ContactQueued, Contact: next.Snapshot()})
	d.route()
	return next, nil
}

func (d *Desktop) quickConnectNames() []string {
	var ns []string
	for _, q := range d.cfg.QuickConnects {
		ns = append(ns, q.Name)
	}
	return ns
}

func (d *Desktop) agentNames() []string {
	var ns []string
	for _, a := range d.cfg.Directory {
		ns = append(ns, a.ID, a.Username)
	}
	sort.Strings(ns)
	return ns
}

// SetContactCard stores what a plugin says about the customer for the contact card (MAX's
// ContactCardData: name and userImg).
func (d *Desktop) SetContactCard(c *Contact, card map[string]string) {
	c.Card = maps.Clone(card)
	var changed []string
	for k := range card {
		changed = append(changed, "card."+k)
	}
	sort.Strings(changed)
	d.emit(Event{Type: ContactUpdated, Contact: c.Snapshot(), Changed: changed})
}

// SetQuickConnects replaces the agent's quick connects (a plugin's update_quick_connects).
func (d *Desktop) SetQuickConnects(qs []QuickConnect) {
	d.cfg.QuickConnects = slices.Clone(qs)
	var names []string
	for _, q := range qs {
		names = append(names, q.Name)
	}
	d.log.add(d.clock.Now(), Entry{Kind: "agent", Type: "quick_connects", Data: map[string]any{"quick_connects": names}})
}
