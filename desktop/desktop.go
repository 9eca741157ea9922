package desktop

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/flowctl/flowctl/actionhooks"
)

// Plugin is a page embedded in the desktop that speaks one protocol.
type Plugin struct {
	ID  string `json:"id"`
	URL string `json:"url"`
	// Origin is the only origin whose messages the desktop accepts for this plugin, and the only
	// target origin of what it sends back; it comes from URL.
	Origin string `json:"origin"`
	// Kind is the protocol: "max", "smartagent" or "flex".
	Kind string `json:"kind"`
	// Panel is "workspace" (one window, always open) or "contact" (a window per contact, closed
	// when the contact is done).
	Panel string `json:"panel"`
}

// OriginOf returns the origin (scheme://host[:port]) of a plugin URL.
func OriginOf(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("plugin URL %q: %v", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return "", fmt.Errorf("plugin URL %q: want an absolute http or https URL", raw)
	}
	return strings.ToLower(u.Scheme + "://" + u.Host), nil
}

// Window is one plugin iframe. A workspace plugin has one window, named after the plugin; a
// contact-panel plugin has one per contact, named "plugin@#ref".
type Window struct {
	ID     string
	Plugin *Plugin
	// ContactRef is the contact a contact panel belongs to (0 for a workspace).
	ContactRef int
}

// Protocol is a plugin protocol's state machine.
type Protocol interface {
	// Kind is the name plugins use for it in their configuration ("max", ...).
	Kind() string
	// Receive handles a message a plugin window sent (already checked to come from the plugin's
	// origin) and says what it made of it.
	Receive(d *Desktop, w *Window, msg map[string]any) Verdict
	// Notify tells the protocol of a change, which it may pass on to its windows.
	Notify(d *Desktop, e Event)
	// Closed tells the protocol that a window went away (its contact is done).
	Closed(d *Desktop, w *Window)
}

// Verdict is what a protocol made of a message: Status is "accepted", "ignored", "rejected" or
// "error", with a Reason for all but accepted. Type names the message (its messageType or
// method) for the log.
type Verdict struct {
	Status string
	Reason string
	Type   string
}

// Accept, Ignore, Reject and Fail build verdicts: Accept for a message that did what it asked.
func Accept(typ string) Verdict { return Verdict{Status: "accepted", Type: typ} }

// Ignore is a verdict for a message that was understood but had no effect.
func Ignore(typ, format string, args ...any) Verdict {
	return Verdict{Status: "ignored", Type: typ, Reason: fmt.Sprintf(format, args...)}
}

// Reject is a verdict for a message the protocol refuses (malformed, unknown, not allowed).
func Reject(typ, format string, args ...any) Verdict {
	return Verdict{Status: "rejected", Type: typ, Reason: fmt.Sprintf(format, args...)}
}

// Fail is a verdict for a valid message whose action failed.
func Fail(typ, format string, args ...any) Verdict {
	return Verdict{Status: "error", Type: typ, Reason: fmt.Sprintf(format, args...)}
}

func (v Verdict) String() string {
	if v.Reason == "" {
		return v.Status
	}
	return v.Status + ": " + v.Reason
}

// Outbound is something the desktop sends to a plugin window: a message (Data), posted with
// TargetOrigin, or a warning for the window's console (Console).
type Outbound struct {
	Seq          int    `json:"seq"`
	Time         string `json:"time"`
	Plugin       string `json:"plugin"`
	Window       string `json:"window"`
	TargetOrigin string `json:"target_origin"`
	Data         any    `json:"data,omitempty"`
	Console      string `json:"console,omitempty"`
}

// Inbound is a message a plugin window posted to the desktop.
type Inbound struct {
	// Plugin and Window say which iframe it came from (the page knows by event.source); an
	// empty Window is the plugin's main window, or with ContactRef its panel for that contact.
	Plugin     string
	Window     string
	ContactRef int
	// Origin is event.origin: who really sent it.
	Origin string
	Data   json.RawMessage
}

// Config sets a desktop up.
type Config struct {
	Start time.Time
	Seed  uint64
	Agent Agent
	// Status is the agent's status at the start; LoggedOut unless given.
	Status Status
	Reason string
	// Directory lists the other agents, for transfers.
	Directory     []Agent
	Queues        []string
	QuickConnects []QuickConnect
	CompanyID     string
	// RingTimeout is how long an offer rings before it is missed (0: until answered);
	// ACWTimeout how long after-call work lasts (0: until the agent completes it).
	RingTimeout time.Duration
	ACWTimeout  time.Duration
	// ChatCapacity is how many chats the agent takes at once (default 2).
	ChatCapacity int
	Plugins      []Plugin
}

// Desktop is one agent's desktop session.
type Desktop struct {
	cfg   Config
	clock *Clock
	rng   *rand.Rand
	log   Log
	// Outbox is everything sent to plugins, in order.
	Outbox []Outbound

	agent      Agent
	lastStatus Status
	legs       []*Contact       // every leg, in creation order
	latest     map[int]*Contact // the latest leg of each arrival
	waiting    []*Contact       // queued legs, first come first served
	nextRef    int
	nextNumber int64

	actions   *actionhooks.Registry[*Payload]
	protocols map[string]Protocol
	plugins   map[string]*Plugin
	windows   map[string]*Window
	inAction  int
}

// New makes a desktop with its protocols. Every plugin's kind must be one of them.
func New(cfg Config, protocols ...Protocol) (*Desktop, error) {
	if cfg.Start.IsZero() {
		cfg.Start = time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	}
	if cfg.ChatCapacity <= 0 {
		cfg.ChatCapacity = 2
	}
	if cfg.Agent.ID == "" {
		cfg.Agent.ID = "agent-1"
	}
	if cfg.Agent.Name == "" {
		cfg.Agent.Name = "Agent"
	}
	if cfg.Agent.Username == "" {
		cfg.Agent.Username = strings.ToLower(strings.ReplaceAll(cfg.Agent.Name, " ", "."))
	}
	d := &Desktop{
		cfg:        cfg,
		clock:      NewClock(cfg.Start),
		rng:        rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x5eed)),
		latest:     map[int]*Contact{},
		nextNumber: 100000,
		protocols:  map[string]Protocol{},
		plugins:    map[string]*Plugin{},
		windows:    map[string]*Window{},
	}
	for _, p := range protocols {
		d.protocols[p.Kind()] = p
	}
	for i := range cfg.Plugins {
		p := cfg.Plugins[i]
		if _, dup := d.plugins[p.ID]; dup || p.ID == "" {
			return nil, fmt.Errorf("plugin %d: id %q is empty or used twice", i+1, p.ID)
		}
		if _, ok := d.protocols[p.Kind]; !ok {
			return nil, fmt.Errorf("plugin %s: unknown kind %q (want one of %s)", p.ID, p.Kind, strings.Join(d.Kinds(), ", "))
		}
		if p.Origin == "" {
			o, err := OriginOf(p.URL)
			if err != nil {
				return nil, fmt.Errorf("plugin %s: %v", p.ID, err)
			}
			p.Origin = o
		}
		if p.Panel == "" {
			p.Panel = "workspace"
		}
		d.plugins[p.ID] = &p
	}
	d.agent = cfg.Agent
	d.agent.Chosen, d.agent.Since = LoggedOut, d.clock.Now()
	d.lastStatus = LoggedOut
	d.actions = actionhooks.New[*Payload]()
	d.registerActions()
	if cfg.Status != "" && cfg.Status != LoggedOut {
		if err := d.setActivity(cfg.Status, cfg.Reason); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// Kinds lists the protocols the desktop speaks.
func (d *Desktop) Kinds() []string {
	var ks []string
	for k := range d.protocols {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// Clock is the desktop's simulation clock.
func (d *Desktop) Clock() *Clock { return d.clock }

// Now is the simulation time.
func (d *Desktop) Now() time.Time { return d.clock.Now() }

// Advance moves the simulation clock, firing ring and after-call-work timeouts on the way.
func (d *Desktop) Advance(by time.Duration) { d.clock.Advance(by) }

// Log is the event log so far.
func (d *Desktop) Log() *Log { return &d.log }

// Actions is the desktop actions registry, for Flex listeners and replacements.
func (d *Desktop) Actions() *actionhooks.Registry[*Payload] { return d.actions }

// Agent is a copy of the agent.
func (d *Desktop) Agent() Agent { return d.agent }

// Config is the desktop's configuration.
func (d *Desktop) Config() Config { return d.cfg }

// Plugin returns a configured plugin.
func (d *Desktop) Plugin(id string) *Plugin { return d.plugins[id] }

// Status is what the agent is doing: their chosen status, unless contacts decide it.
func (d *Desktop) Status() Status {
	if d.agent.Chosen == LoggedOut {
		return LoggedOut
	}
	acw := false
	for _, c := range d.legs {
		switch c.State {
		case Connected, OnHold:
			return Working
		case ACW:
			acw = true
		}
	}
	if acw {
		return AfterCallWork
	}
	return d.agent.Chosen
}

// Contacts lists the legs that are the agent's (offered, in conversation, wrapping up), by arrival.
func (d *Desktop) Contacts() []*Contact {
	var out []*Contact
	for _, c := range d.legs {
		if c.Active() {
			out = append(out, c)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Ref < out[j].Ref })
	return out
}

// Legs lists every leg the desktop has seen, in creation order.
func (d *Desktop) Legs() []*Contact { return slices.Clone(d.legs) }

// Contact finds a leg by "#ref" (the latest leg of that arrival), ContactId, or NICE number.
func (d *Desktop) Contact(ref string) (*Contact, error) {
	if strings.HasPrefix(ref, "#") {
		n, err := strconv.Atoi(ref[1:])
		if err != nil || d.latest[n] == nil {
			return nil, fmt.Errorf("no contact %s: %d contact(s) arrived so far", ref, d.nextRef)
		}
		return d.latest[n], nil
	}
	for i := len(d.legs) - 1; i >= 0; i-- {
		c := d.legs[i]
		if c.ContactID == ref || strconv.FormatInt(c.Number, 10) == ref {
			return c, nil
		}
	}
	return nil, fmt.Errorf("no contact %q on the desktop", ref)
}

// uuid returns a version 4 UUID from the desktop's seeded source.
func (d *Desktop) uuid() string {
	var b [16]byte
	for i := 0; i < 16; i += 8 {
		v := d.rng.Uint64()
		for j := 0; j < 8; j++ {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// --- events and the log ---

// emit logs an event and tells the protocols, then reports a change of the agent's status.
func (d *Desktop) emit(e Event) {
	e.Agent = d.agent
	e.Status = d.Status()
	entry := Entry{Kind: e.Type.kind(), Type: string(e.Type)}
	switch {
	case e.Contact != nil:
		entry.Contact = e.Contact.ContactID
		entry.Data = eventData(e)
	default:
		entry.Data = map[string]any{"status": e.Status, "reason": reasonOf(e.Agent, e.Status), "next_status": e.Agent.Next, "muted": e.Agent.Muted}
	}
	d.log.add(d.clock.Now(), entry)
	for _, k := range d.Kinds() {
		d.protocols[k].Notify(d, e)
	}
	if e.Type != AgentStatusChanged {
		d.checkStatus()
	}
}

// checkStatus emits AgentStatusChanged when the derived status moved since it was last told.
func (d *Desktop) checkStatus() {
	if s := d.Status(); s != d.lastStatus {
		d.lastStatus = s
		d.agent.Since = d.clock.Now()
		d.emit(Event{Type: AgentStatusChanged})
	}
}

func reasonOf(a Agent, s Status) string {
	if s == Unavailable {
		return a.Reason
	}
	return ""
}

func eventData(e Event) map[string]any {
	c := e.Contact
	m := map[string]any{
		"ref": c.Ref, "contact_id": c.ContactID, "initial_contact_id": c.InitialContactID,
		"channel": c.Channel, "queue": c.Queue, "state": c.State,
	}
	if c.PreviousContactID != "" {
		m["previous_contact_id"] = c.PreviousContactID
	}
	if e.Previous != nil {
		m["from_contact_id"] = e.Previous.ContactID
	}
	if e.Message != nil {
		m["message"] = e.Message
	}
	if e.Connection != nil {
		m["connection"] = e.Connection
	}
	if len(e.Changed) > 0 {
		changed := map[string]string{}
		for _, k := range e.Changed {
			changed[k] = changedValue(c, k)
		}
		m["attributes"] = changed
	}
	return m
}

// changedValue is the new value of an attribute, "customer.<field>" or "card.<key>".
func changedValue(c *Contact, key string) string {
	switch {
	case key == "customer.name":
		return c.Customer.Name
	case key == "customer.phone":
		return c.Customer.Phone
	case key == "customer.email":
		return c.Customer.Email
	case strings.HasPrefix(key, "card."):
		return c.Card[strings.TrimPrefix(key, "card.")]
	}
	return c.Attributes[key]
}

// --- plugin messages ---

func (d *Desktop) window(p *Plugin, id string, ref int) *Window {
	if p.Panel != "contact" {
		ref = 0
	}
	if id == "" {
		id = p.ID
		if p.Panel == "contact" && ref > 0 {
			id = fmt.Sprintf("%s@#%d", p.ID, ref)
		}
	}
	if w, ok := d.windows[id]; ok {
		return w
	}
	w := &Window{ID: id, Plugin: p, ContactRef: ref}
	d.windows[id] = w
	return w
}

// Windows lists the open windows of a plugin kind, by name, for protocols that broadcast.
func (d *Desktop) Windows(kind string) []*Window {
	var out []*Window
	for _, w := range d.windows {
		if w.Plugin.Kind == kind {
			out = append(out, w)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Receive handles a message a plugin posted. Messages from an unknown plugin, or from an origin
// other than the plugin's, are logged as rejected and get no answer: the desktop can't know who
// would read it.
func (d *Desktop) Receive(in Inbound) Verdict {
	entry := Entry{Kind: "plugin", Type: "message", Direction: "in", Plugin: in.Plugin, Origin: in.Origin}
	var msg map[string]any
	dec := json.NewDecoder(bytes.NewReader(in.Data))
	dec.UseNumber()
	decodeErr := dec.Decode(&msg)
	if decodeErr == nil {
		entry.Data = msg
	} else {
		entry.Data = string(in.Data)
	}
	p := d.plugins[in.Plugin]
	var v Verdict
	switch {
	case p == nil:
		v = Reject("", "no plugin %q is configured", in.Plugin)
	case in.Origin != p.Origin:
		entry.Protocol = p.Kind
		v = Reject("", "origin %q is not plugin %s's origin %q", in.Origin, p.ID, p.Origin)
	case decodeErr != nil || msg == nil:
		entry.Protocol = p.Kind
		v = Reject("", "the message is not a JSON object")
	}
	if v.Status != "" {
		entry.Verdict = v.String()
		d.log.add(d.clock.Now(), entry)
		return v
	}
	w := d.window(p, in.Window, in.ContactRef)
	entry.Protocol, entry.Window = p.Kind, w.ID
	d.log.add(d.clock.Now(), entry)
	i := len(d.log.Entries) - 1
	v = d.protocols[p.Kind].Receive(d, w, msg)
	d.log.Entries[i].Verdict = v.String()
	if v.Type != "" {
		d.log.Entries[i].Type = "message " + v.Type
	}
	return v
}

// Received logs a message a protocol took from a window outside Receive: the answer a plugin
// gives to a call the protocol made to it (a Flex listener's result).
func (d *Desktop) Received(w *Window, data any, v Verdict) {
	typ := "message"
	if v.Type != "" {
		typ += " " + v.Type
	}
	d.log.add(d.clock.Now(), Entry{Kind: "plugin", Type: typ, Direction: "in", Protocol: w.Plugin.Kind, Plugin: w.Plugin.ID,
		Window: w.ID, Origin: w.Plugin.Origin, Verdict: v.String(), Data: data})
}

// Send posts data to a window, to its plugin's origin only.
func (d *Desktop) Send(w *Window, data any) {
	d.out(w, Outbound{Data: data}, Entry{Type: "message", Data: data})
}

// Warn writes a warning in a window's console, as the vendor's desktop does for some mistakes.
func (d *Desktop) Warn(w *Window, text string) {
	d.out(w, Outbound{Console: text}, Entry{Type: "console", Data: text})
}

func (d *Desktop) out(w *Window, o Outbound, e Entry) {
	o.Seq = len(d.Outbox) + 1
	o.Time = d.clock.Now().Format(TimeFormat)
	o.Plugin, o.Window, o.TargetOrigin = w.Plugin.ID, w.ID, w.Plugin.Origin
	d.Outbox = append(d.Outbox, o)
	e.Kind, e.Direction = "plugin", "out"
	e.Protocol, e.Plugin, e.Window, e.Origin = w.Plugin.Kind, w.Plugin.ID, w.ID, w.Plugin.Origin
	d.log.add(d.clock.Now(), e)
}

// closeWindows closes the contact panels of a finished conversation.
func (d *Desktop) closeWindows(ref int) {
	var ids []string
	for id, w := range d.windows {
		if w.ContactRef == ref && w.Plugin.Panel == "contact" {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	for _, id := range ids {
		w := d.windows[id]
		delete(d.windows, id)
		d.protocols[w.Plugin.Kind].Closed(d, w)
	}
}
