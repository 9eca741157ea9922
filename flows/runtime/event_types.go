package runtime

import (
	"bytes"
	"encoding/json"
	"sort"
)

// loggable are the event types that code outside the engine may build from JSON and log in an
// action's place (hooks written in another language, say). Events the engine itself owns (runs
// starting and ending, waits, failures) and events that record a change of state (a contact's
// name, a run's result) are left out: logging one wouldn't make the change, so such code runs
// the action that does instead.
var loggable = map[string]func() Event{
	"msg_created":       func() Event { return &MsgCreated{BaseEvent: base("msg_created")} },
	"ivr_created":       func() Event { return &IVRCreated{BaseEvent: base("ivr_created")} },
	"webhook_called":    func() Event { return &WebhookCalled{BaseEvent: base("webhook_called")} },
	"resthook_called":   func() Event { return &ResthookCalled{BaseEvent: base("resthook_called")} },
	"email_sent":        func() Event { return &EmailSent{BaseEvent: base("email_sent")} },
	"broadcast_created": func() Event { return &BroadcastCreated{BaseEvent: base("broadcast_created")} },
	"session_triggered": func() Event { return &SessionTriggered{BaseEvent: base("session_triggered")} },
	"input_labels_added": func() Event {
		return &InputLabelsAdded{BaseEvent: base("input_labels_added")}
	},
	"ticket_note_added": func() Event { return &TicketNoteAdded{BaseEvent: base("ticket_note_added")} },
	"airtime_created":   func() Event { return &AirtimeTransferred{BaseEvent: base("airtime_created")} },
	"llm_called":        func() Event { return &LLMCalled{BaseEvent: base("llm_called")} },
	"error":             func() Event { return &Error{BaseEvent: base("error")} },
	"warning":           func() Event { return &Warning{BaseEvent: base("warning")} },
}

// stateEvents maps the events that record a change of state to the action that makes the change.
var stateEvents = map[string]string{
	"contact_field_changed":    "set_contact_field",
	"contact_groups_changed":   "add_contact_groups or remove_contact_groups",
	"contact_language_changed": "set_contact_language",
	"contact_name_changed":     "set_contact_name",
	"contact_status_changed":   "set_contact_status",
	"contact_timezone_changed": "set_contact_timezone",
	"contact_urns_changed":     "add_contact_urn",
	"run_result_changed":       "set_run_result",
	"ticket_opened":            "open_ticket",
}

// LoggableEventTypes lists, sorted, the built-in event types that DecodeEvent builds.
func LoggableEventTypes() []string {
	names := make([]string, 0, len(loggable))
	for n := range loggable {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// StateEventAction names the action that makes the change an event of the type records
// ("set_contact_name" for contact_name_changed), or "" when the type records no change.
func StateEventAction(typ string) string { return stateEvents[typ] }

// DecodeEvent builds a built-in event of a loggable type from its JSON. Unknown fields are an
// error, so that a misspelt field isn't silently dropped. ok is false when the type is not one
// of LoggableEventTypes.
func DecodeEvent(typ string, data []byte) (e Event, ok bool, err error) {
	mk, ok := loggable[typ]
	if !ok {
		return nil, false, nil
	}
	e = mk()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(e); err != nil {
		return nil, true, err
	}
	e.Base().Type_ = typ
	return e, true, nil
}

// CustomEvent is an event of a type the engine doesn't know, declared by whoever logs it (a
// custom action type). It is written as its type, UUID and time followed by its fields.
type CustomEvent struct {
	BaseEvent
	Fields map[string]any
}

// NewCustomEvent makes an event of a custom type with the given fields (type, uuid and
// created_on among them are ignored: the engine stamps those).
func NewCustomEvent(typ string, fields map[string]any) *CustomEvent {
	f := make(map[string]any, len(fields))
	for k, v := range fields {
		switch k {
		case "type", "uuid", "created_on":
			continue
		}
		f[k] = v
	}
	return &CustomEvent{BaseEvent: base(typ), Fields: f}
}

// MarshalJSON writes the common fields first, then the event's own in key order.
func (e *CustomEvent) MarshalJSON() ([]byte, error) {
	head, err := json.Marshal(&e.BaseEvent)
	if err != nil {
		return nil, err
	}
	return AppendFields(head, e.Fields)
}

// AppendFields adds fields, in key order, to the JSON object head (as json.Marshal wrote it), for
// values made of fixed fields followed by free ones (custom events and actions). Values are
// written without HTML escaping, like every event and flow file flowctl writes.
func AppendFields(head []byte, fields map[string]any) ([]byte, error) {
	var b bytes.Buffer
	b.Write(bytes.TrimSuffix(bytes.TrimSpace(head), []byte("}")))
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	for i, k := range keys {
		if i > 0 || len(bytes.TrimSpace(head)) > 2 {
			b.WriteByte(',')
		}
		if err := enc.Encode(k); err != nil {
			return nil, err
		}
		b.Truncate(b.Len() - 1) // Encode ends with a newline
		b.WriteByte(':')
		if err := enc.Encode(fields[k]); err != nil {
			return nil, err
		}
		b.Truncate(b.Len() - 1)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}
