package desktop

import (
	"maps"
	"slices"
	"time"
)

// Status is what the agent is doing, as the desktop shows it.
type Status string

// The agent's statuses. LoggedIn, Available and Unavailable are chosen by the agent; Working and
// AfterCallWork follow from their contacts while they have any.
const (
	LoggedOut     Status = "LoggedOut"
	LoggedIn      Status = "LoggedIn"
	Available     Status = "Available"
	Unavailable   Status = "Unavailable"
	Working       Status = "Working"
	AfterCallWork Status = "AfterCallWork"
)

// chosenStatuses are the statuses SetActivity accepts.
var chosenStatuses = []Status{LoggedOut, LoggedIn, Available, Unavailable}

// Agent is the person at the desktop, and the other agents they can transfer to.
type Agent struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Username string `json:"username"`
	// Chosen is the status the agent picked; Reason is the reason of Unavailable.
	Chosen Status `json:"status"`
	Reason string `json:"reason,omitempty"`
	// Next is the status to take once the current contacts are done (set while working).
	Next       Status `json:"next_status,omitempty"`
	NextReason string `json:"next_reason,omitempty"`
	// Muted is the agent's microphone on voice contacts.
	Muted bool `json:"muted"`
	// Since is when the status last changed.
	Since time.Time `json:"since"`
	// SessionID is the ACD session, set at login.
	SessionID string `json:"session_id,omitempty"`
}

// Channel is how a contact talks to the agent.
type Channel string

// The channels.
const (
	Voice Channel = "voice"
	Chat  Channel = "chat"
)

// ContactState is where a contact leg is in its life on the desktop.
type ContactState string

// The states of a contact leg.
const (
	Queued        ContactState = "queued"          // waiting in a queue for the agent
	Incoming      ContactState = "incoming"        // offered to the agent (ringing)
	Connected     ContactState = "connected"       // the agent is talking/chatting
	OnHold        ContactState = "on_hold"         // voice, the customer hears hold music
	ACW           ContactState = "after_call_work" // the conversation ended; the agent wraps up
	Completed     ContactState = "completed"       // done; the desktop no longer shows it
	Rejected      ContactState = "rejected"        // the agent declined the offer
	Missed        ContactState = "missed"          // the offer timed out
	TransferredTo ContactState = "transferred"     // the leg went to another agent or number
	Abandoned     ContactState = "abandoned"       // the customer left before the agent answered
)

// Customer is who the contact is with.
type Customer struct {
	Name  string `json:"name,omitempty"`
	Phone string `json:"phone,omitempty"`
	Email string `json:"email,omitempty"`
}

// Message is one chat message of a contact.
type Message struct {
	From string    `json:"from"` // "customer" or "agent"
	Text string    `json:"text"`
	Time time.Time `json:"time"`
}

// Connection is a third party the agent added to a voice contact (a consult or conference).
type Connection struct {
	ID       string `json:"id"`
	Endpoint Target `json:"endpoint"`
	// State is "connected" or "on_hold".
	State string `json:"state"`
}

// Target is where a transfer or a connection goes.
type Target struct {
	// Type is "agent", "queue", "quick_connect" or "phone_number".
	Type  string `json:"type"`
	Value string `json:"value"`
}

// Contact is one leg of a conversation on the desktop. A transfer ends the leg and starts a new
// one with a new ContactID (and NICE Number); InitialContactID and Ref stay the same.
type Contact struct {
	// Ref is the arrival's number ("#1" is the first contact that arrived): a name for the
	// conversation that a timeline can use before it knows any ContactId.
	Ref               int               `json:"ref"`
	ContactID         string            `json:"contact_id"`
	InitialContactID  string            `json:"initial_contact_id"`
	PreviousContactID string            `json:"previous_contact_id,omitempty"`
	Number            int64             `json:"number"`        // NICE's ContactID of the leg
	MasterNumber      int64             `json:"master_number"` // NICE's MasterID
	Channel           Channel           `json:"channel"`
	Inbound           bool              `json:"inbound"`
	Queue             string            `json:"queue,omitempty"`
	State             ContactState      `json:"state"`
	Masked            bool              `json:"masked"`
	Recording         bool              `json:"recording"`
	Attributes        map[string]string `json:"attributes"`
	Customer          Customer          `json:"customer"`
	Messages          []Message         `json:"messages,omitempty"`
	Connections       []Connection      `json:"connections,omitempty"`
	// Card is what a MAX plugin sent with ContactCardData.
	Card map[string]string `json:"card,omitempty"`
	// EndReason says why the conversation ended: "agent", "customer", "transfer".
	EndReason  string    `json:"end_reason,omitempty"`
	ArrivedAt  time.Time `json:"arrived_at"`
	StateSince time.Time `json:"state_since"`
	// RingTimeout is how long an offer rings before it is missed (0: until answered).
	RingTimeout time.Duration `json:"-"`
	cancelRing  func()
}

// Active reports whether the leg is still the agent's: offered, in conversation or wrapping up.
func (c *Contact) Active() bool {
	switch c.State {
	case Incoming, Connected, OnHold, ACW:
		return true
	}
	return false
}

// Live reports whether the conversation is going on (the agent talks or holds).
func (c *Contact) Live() bool { return c.State == Connected || c.State == OnHold }

// Snapshot is a copy that later changes to the contact don't affect, for events and logs.
func (c *Contact) Snapshot() *Contact {
	s := *c
	s.Attributes = maps.Clone(c.Attributes)
	s.Card = maps.Clone(c.Card)
	s.Messages = slices.Clone(c.Messages)
	s.Connections = slices.Clone(c.Connections)
	s.cancelRing = nil
	return &s
}

// QuickConnect is a named transfer destination.
type QuickConnect struct {
	Name   string `json:"name"`
	Target Target `json:"target"`
}
