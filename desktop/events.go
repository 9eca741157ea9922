package desktop

// EventType names a change on the desktop that protocols may tell plugins about.
type EventType string

// The desktop's events.
const (
	SessionStarted       EventType = "session_started"  // the agent logged in
	SessionEnded         EventType = "session_ended"    // the agent logged out
	AgentStatusChanged   EventType = "agent_status"     // the agent's (derived) status changed
	NextStatusSet        EventType = "next_status"      // a status to take once the contacts are done
	AgentMuteChanged     EventType = "agent_mute"       // the agent's microphone
	ContactQueued        EventType = "contact_queued"   // a leg waits in a queue
	ContactOffered       EventType = "contact_offered"  // a leg rings at the agent
	ContactConnected     EventType = "contact_accepted" // the agent took it
	ContactRejected      EventType = "contact_rejected"
	ContactMissed        EventType = "contact_missed"
	ContactAbandoned     EventType = "contact_abandoned" // the customer left before it was answered
	ContactHeld          EventType = "contact_held"
	ContactResumed       EventType = "contact_resumed"
	ContactMaskChanged   EventType = "contact_mask"
	ContactRecordChanged EventType = "contact_recording"
	ContactEnded         EventType = "contact_ended"     // the conversation ended; after-call work starts
	ContactCompleted     EventType = "contact_completed" // after-call work ended
	ContactTransferred   EventType = "contact_transferred"
	ContactUpdated       EventType = "contact_updated" // attributes or customer details changed
	ContactMessaged      EventType = "contact_message" // a chat message, either way
	ConnectionAdded      EventType = "connection_added"
	ConnectionsJoined    EventType = "connections_conferenced"
	ConnectionsToggled   EventType = "connections_toggled"
	ConnectionEnded      EventType = "connection_ended"
	OutboundStarted      EventType = "outbound_started" // the agent dialled out
)

// Event is one change, with copies of what changed taken when it happened.
type Event struct {
	Type EventType
	// Agent is the agent after the change; Status is their derived status.
	Agent  Agent
	Status Status
	// Contact is the leg the event is about (for a transfer, the new leg when it stays on the
	// desktop, else the old one); Previous is the old leg of a transfer.
	Contact  *Contact
	Previous *Contact
	// Message is the chat message of ContactMessaged.
	Message *Message
	// Connection is the third party of a connection event.
	Connection *Connection
	// Changed lists the attribute keys of ContactUpdated.
	Changed []string
}

// kind is the event log's kind for an event.
func (t EventType) kind() string {
	switch t {
	case SessionStarted, SessionEnded, AgentStatusChanged, NextStatusSet, AgentMuteChanged:
		return "agent"
	case ContactQueued, ContactOffered, ContactMissed:
		return "routing"
	}
	return "contact"
}
