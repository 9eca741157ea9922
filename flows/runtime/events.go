package runtime

import (
	"encoding/json"
	"time"
	"unicode/utf8"
)

// Event is something that happened in a session, in goflow's event JSON: a type name, a UUID,
// a creation time and type-specific fields.
type Event interface {
	// Type is the event's type name, e.g. "msg_created".
	Type() string
	// Base gives access to the fields every event has, so the engine can stamp them.
	Base() *BaseEvent
}

// BaseEvent holds the fields every event has. The engine fills UUID and CreatedOn when the
// event is logged.
type BaseEvent struct {
	Type_     string    `json:"type"`
	UUID      string    `json:"uuid"`
	CreatedOn time.Time `json:"created_on"`
}

// Type returns the event's type name.
func (e *BaseEvent) Type() string { return e.Type_ }

// Base returns the common fields.
func (e *BaseEvent) Base() *BaseEvent { return e }

func base(t string) BaseEvent { return BaseEvent{Type_: t} }

// FlowRef names a flow in run events; revision is written only when set.
type FlowRef struct {
	UUID     string `json:"uuid"`
	Name     string `json:"name"`
	Revision int    `json:"revision,omitempty"`
}

// QuickReply is one quick reply offered with a message.
type QuickReply struct {
	Text  string `json:"text"`
	Type  string `json:"type"`
	Extra string `json:"extra,omitempty"`
}

// MsgOut is a message sent to the contact.
type MsgOut struct {
	UUID             string          `json:"uuid,omitempty"`
	URN              URN             `json:"urn,omitempty"`
	Channel          *Ref            `json:"channel,omitempty"`
	Text             string          `json:"text"`
	Attachments      []string        `json:"attachments,omitempty"`
	QuickReplies     []QuickReply    `json:"quick_replies,omitempty"`
	Templating       json.RawMessage `json:"templating,omitempty"`
	Locale           string          `json:"locale,omitempty"`
	UnsendableReason string          `json:"unsendable_reason,omitempty"`
}

// MsgIn is a message received from the contact.
type MsgIn struct {
	UUID        string   `json:"uuid,omitempty"`
	URN         URN      `json:"urn,omitempty"`
	Channel     *Ref     `json:"channel,omitempty"`
	Text        string   `json:"text"`
	Attachments []string `json:"attachments,omitempty"`
	ExternalID  string   `json:"external_id,omitempty"`
}

// RunStarted: a run of a flow started (for a subflow, ParentUUID is the parent run).
type RunStarted struct {
	BaseEvent
	Flow       FlowRef `json:"flow"`
	RunUUID    string  `json:"run_uuid"`
	ParentUUID string  `json:"parent_uuid,omitempty"`
	Terminal   bool    `json:"terminal,omitempty"`
}

// RunEnded: a run ended with a status (completed, expired, interrupted, failed).
type RunEnded struct {
	BaseEvent
	Flow    FlowRef `json:"flow"`
	RunUUID string  `json:"run_uuid"`
	Status  string  `json:"status"`
}

// MsgCreated: a message was sent to the contact.
type MsgCreated struct {
	BaseEvent
	Msg MsgOut `json:"msg"`
}

// IVRCreated: a message was spoken to the contact in a voice call.
type IVRCreated struct {
	BaseEvent
	Msg MsgOut `json:"msg"`
}

// MsgReceived: the contact sent a message (carried by msg triggers and msg resumes).
type MsgReceived struct {
	BaseEvent
	Msg MsgIn `json:"msg"`
}

// Hint tells a channel what a wait expects.
type Hint struct {
	Type         string `json:"type"`
	Count        *int   `json:"count,omitempty"`
	TerminatedBy string `json:"terminated_by,omitempty"`
}

// MsgWait: the session waits for a message, until ExpiresOn or the timeout.
type MsgWait struct {
	BaseEvent
	TimeoutSeconds *int       `json:"timeout_seconds,omitempty"`
	ExpiresOn      *time.Time `json:"expires_on,omitempty"`
	Hint           *Hint      `json:"hint,omitempty"`
}

// DialWait: the session waits for a call to URN to end.
type DialWait struct {
	BaseEvent
	URN              URN        `json:"urn"`
	DialLimitSeconds int        `json:"dial_limit_seconds"`
	CallLimitSeconds int        `json:"call_limit_seconds"`
	ExpiresOn        *time.Time `json:"expires_on,omitempty"`
}

// Dial is the outcome of a dial.
type Dial struct {
	Status   string `json:"status"`
	Duration int    `json:"duration"`
}

// DialEnded: a dial ended (carried by dial resumes).
type DialEnded struct {
	BaseEvent
	Dial Dial `json:"dial"`
}

// WaitTimedOut: a msg wait's timeout passed (carried by wait_timeout resumes).
type WaitTimedOut struct{ BaseEvent }

// WaitExpired: a wait expired (carried by wait_expiration resumes).
type WaitExpired struct{ BaseEvent }

// FieldRef names a contact field in events.
type FieldRef struct {
	Key  string `json:"key"`
	Name string `json:"name"`
}

// ContactFieldChanged: a field was set (Value nil when cleared).
type ContactFieldChanged struct {
	BaseEvent
	Field FieldRef    `json:"field"`
	Value *FieldValue `json:"value"`
}

// ContactGroupsChanged: the contact joined and/or left groups.
type ContactGroupsChanged struct {
	BaseEvent
	GroupsAdded   []Ref `json:"groups_added,omitempty"`
	GroupsRemoved []Ref `json:"groups_removed,omitempty"`
}

// ContactNameChanged: the contact's name changed.
type ContactNameChanged struct {
	BaseEvent
	Name string `json:"name"`
}

// ContactLanguageChanged: the contact's language changed.
type ContactLanguageChanged struct {
	BaseEvent
	Language string `json:"language"`
}

// ContactTimezoneChanged: the contact's timezone changed.
type ContactTimezoneChanged struct {
	BaseEvent
	Timezone string `json:"timezone"`
}

// ContactStatusChanged: the contact's status changed.
type ContactStatusChanged struct {
	BaseEvent
	Status string `json:"status"`
}

// ContactURNsChanged: the contact's URNs changed; URNs is the full new list.
type ContactURNsChanged struct {
	BaseEvent
	URNs []URN `json:"urns"`
}

// PreviousResult is what a result held before it changed.
type PreviousResult struct {
	Value    string `json:"value"`
	Category string `json:"category"`
}

// RunResultChanged: a run result was saved. Like the reference's event it leaves out the
// localized category, which the result keeps for @results
type RunResultChanged struct {
	BaseEvent
	Name     string          `json:"name"`
	Value    string          `json:"value"`
	Category string          `json:"category"`
	Extra    json.RawMessage `json:"extra,omitempty"`
	Previous *PreviousResult `json:"previous,omitempty"`
}

// WebhookCalled: an HTTP call was made (or failed to be made).
type WebhookCalled struct {
	BaseEvent
	URL        string    `json:"url"`
	Status     string    `json:"status"`
	StatusCode int       `json:"status_code,omitempty"`
	Request    string    `json:"request"`
	Response   string    `json:"response,omitempty"`
	ElapsedMS  int       `json:"elapsed_ms"`
	Retries    int       `json:"retries"`
	Sizes      HTTPSizes `json:"sizes"`
	Resthook   string    `json:"resthook,omitempty"`
}

// HTTPLog describes one HTTP exchange, in webhook_called events and service http_logs.
type HTTPLog struct {
	URL        string     `json:"url"`
	Status     string     `json:"status"`
	StatusCode int        `json:"status_code,omitempty"`
	Request    string     `json:"request"`
	Response   string     `json:"response,omitempty"`
	ElapsedMS  int        `json:"elapsed_ms"`
	Retries    int        `json:"retries"`
	Sizes      HTTPSizes  `json:"sizes"`
	CreatedOn  *time.Time `json:"created_on,omitempty"`
}

// HTTPSizes are the byte sizes of a logged request and response.
type HTTPSizes struct {
	Request  int `json:"request"`
	Response int `json:"response"`
}

// ResthookCalled: a resthook was called with a payload.
type ResthookCalled struct {
	BaseEvent
	Resthook string          `json:"resthook"`
	Payload  json.RawMessage `json:"payload"`
}

// EmailSent: an email was sent.
type EmailSent struct {
	BaseEvent
	To      []string `json:"to"`
	Subject string   `json:"subject"`
	Body    string   `json:"body"`
}

// BroadcastTranslation is a broadcast's content in one language.
type BroadcastTranslation struct {
	Text         string       `json:"text"`
	Attachments  []string     `json:"attachments,omitempty"`
	QuickReplies []QuickReply `json:"quick_replies,omitempty"`
}

// BroadcastCreated: a message was sent to other contacts.
type BroadcastCreated struct {
	BaseEvent
	Translations      map[string]*BroadcastTranslation `json:"translations"`
	BaseLanguage      string                           `json:"base_language"`
	Template          *Ref                             `json:"template,omitempty"`
	TemplateVariables []string                         `json:"template_variables,omitempty"`
	Groups            []Ref                            `json:"groups,omitempty"`
	Contacts          []Ref                            `json:"contacts,omitempty"`
	ContactQuery      string                           `json:"contact_query,omitempty"`
	URNs              []URN                            `json:"urns,omitempty"`
}

// SessionTriggered: a new session was started for other contacts.
type SessionTriggered struct {
	BaseEvent
	Flow          Ref             `json:"flow"`
	Groups        []Ref           `json:"groups,omitempty"`
	Contacts      []Ref           `json:"contacts,omitempty"`
	ContactQuery  string          `json:"contact_query,omitempty"`
	CreateContact bool            `json:"create_contact,omitempty"`
	URNs          []URN           `json:"urns,omitempty"`
	Exclusions    json.RawMessage `json:"exclusions"`
	RunSummary    json.RawMessage `json:"run_summary"`
	History       json.RawMessage `json:"history"`
}

// InputLabelsAdded: labels were added to the input message.
type InputLabelsAdded struct {
	BaseEvent
	InputUUID string `json:"input_uuid"`
	Labels    []Ref  `json:"labels"`
}

// TicketOpened: a ticket was opened.
type TicketOpened struct {
	BaseEvent
	Ticket Ticket `json:"ticket"`
}

// TicketNoteAdded: a note was added to a ticket.
type TicketNoteAdded struct {
	BaseEvent
	TicketUUID string `json:"ticket_uuid"`
	Note       string `json:"note"`
}

// AirtimeTransferred (type airtime_created): airtime was sent (or failed to be) to the contact.
type AirtimeTransferred struct {
	BaseEvent
	TransferUUID string      `json:"transfer_uuid,omitempty"`
	ExternalID   string      `json:"external_id"`
	Sender       URN         `json:"sender"`
	Recipient    URN         `json:"recipient"`
	Currency     string      `json:"currency"`
	Amount       json.Number `json:"amount"`
	HTTPLogs     []*HTTPLog  `json:"http_logs"`
}

// LLMCalled: a large language model was called.
type LLMCalled struct {
	BaseEvent
	LLM          Ref             `json:"llm"`
	Instructions string          `json:"instructions"`
	Input        string          `json:"input"`
	Output       string          `json:"output"`
	Tokens       json.RawMessage `json:"tokens,omitempty"`
	ElapsedMS    int             `json:"elapsed_ms"`
}

// Error: something went wrong but the run goes on. Code and Extra classify it.
type Error struct {
	BaseEvent
	Text  string            `json:"text"`
	Code  string            `json:"code,omitempty"`
	Extra map[string]string `json:"extra,omitempty"`
}

// Warning: something is deprecated or dubious.
type Warning struct {
	BaseEvent
	Text string `json:"text"`
	Code string `json:"code,omitempty"`
}

// Failure: the session failed and stops.
type Failure struct {
	BaseEvent
	Text string `json:"text"`
}

// The constructors below set the type name so callers only fill what is specific.

// NewRunStarted makes a run_started event.
func NewRunStarted() *RunStarted { return &RunStarted{BaseEvent: base("run_started")} }

// NewRunEnded makes a run_ended event.
func NewRunEnded() *RunEnded { return &RunEnded{BaseEvent: base("run_ended")} }

// NewMsgCreated makes a msg_created event.
func NewMsgCreated(m MsgOut) *MsgCreated { return &MsgCreated{BaseEvent: base("msg_created"), Msg: m} }

// NewIVRCreated makes an ivr_created event.
func NewIVRCreated(m MsgOut) *IVRCreated { return &IVRCreated{BaseEvent: base("ivr_created"), Msg: m} }

// NewMsgReceived makes a msg_received event.
func NewMsgReceived(m MsgIn) *MsgReceived {
	return &MsgReceived{BaseEvent: base("msg_received"), Msg: m}
}

// NewMsgWait makes a msg_wait event.
func NewMsgWait() *MsgWait { return &MsgWait{BaseEvent: base("msg_wait")} }

// NewDialWait makes a dial_wait event.
func NewDialWait() *DialWait { return &DialWait{BaseEvent: base("dial_wait")} }

// NewDialEnded makes a dial_ended event.
func NewDialEnded(d Dial) *DialEnded { return &DialEnded{BaseEvent: base("dial_ended"), Dial: d} }

// NewWaitTimedOut makes a wait_timed_out event.
func NewWaitTimedOut() *WaitTimedOut { return &WaitTimedOut{BaseEvent: base("wait_timed_out")} }

// NewWaitExpired makes a wait_expired event.
func NewWaitExpired() *WaitExpired { return &WaitExpired{BaseEvent: base("wait_expired")} }

// NewContactGroupsChanged makes a contact_groups_changed event.
func NewContactGroupsChanged() *ContactGroupsChanged {
	return &ContactGroupsChanged{BaseEvent: base("contact_groups_changed")}
}

// NewContactNameChanged makes a contact_name_changed event.
func NewContactNameChanged(n string) *ContactNameChanged {
	return &ContactNameChanged{BaseEvent: base("contact_name_changed"), Name: n}
}

// NewContactLanguageChanged makes a contact_language_changed event.
func NewContactLanguageChanged(l string) *ContactLanguageChanged {
	return &ContactLanguageChanged{BaseEvent: base("contact_language_changed"), Language: l}
}

// NewContactTimezoneChanged makes a contact_timezone_changed event.
func NewContactTimezoneChanged(tz string) *ContactTimezoneChanged {
	return &ContactTimezoneChanged{BaseEvent: base("contact_timezone_changed"), Timezone: tz}
}

// NewContactStatusChanged makes a contact_status_changed event.
func NewContactStatusChanged(s string) *ContactStatusChanged {
	return &ContactStatusChanged{BaseEvent: base("contact_status_changed"), Status: s}
}

// NewContactURNsChanged makes a contact_urns_changed event.
func NewContactURNsChanged(urns []URN) *ContactURNsChanged {
	return &ContactURNsChanged{BaseEvent: base("contact_urns_changed"), URNs: urns}
}

// NewContactFieldChanged makes a contact_field_changed event.
func NewContactFieldChanged(f FieldRef, v *FieldValue) *ContactFieldChanged {
	return &ContactFieldChanged{BaseEvent: base("contact_field_changed"), Field: f, Value: v}
}

// NewRunResultChanged makes a run_result_changed event.
func NewRunResultChanged() *RunResultChanged {
	return &RunResultChanged{BaseEvent: base("run_result_changed")}
}

// NewWebhookCalled makes a webhook_called event.
func NewWebhookCalled(l *HTTPLog) *WebhookCalled {
	return &WebhookCalled{BaseEvent: base("webhook_called"), URL: Ellipsize(l.URL, maxLoggedURL), Status: l.Status, StatusCode: l.StatusCode,
		Request: l.Request, Response: l.Response, ElapsedMS: l.ElapsedMS, Retries: l.Retries, Sizes: l.Sizes}
}

// maxLoggedURL bounds, in characters, the URL a webhook_called event shows; the call itself,
// @webhook and the result's input have the whole URL.
const maxLoggedURL = 2048

// Ellipsize cuts s to n characters, the last three being "...", when it is longer: how the
// reference shortens what events and messages show (URLs, HTTP traces, quick replies).
func Ellipsize(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-3]) + "..."
}

// NewResthookCalled makes a resthook_called event.
func NewResthookCalled(slug string, payload json.RawMessage) *ResthookCalled {
	return &ResthookCalled{BaseEvent: base("resthook_called"), Resthook: slug, Payload: payload}
}

// NewEmailSent makes an email_sent event.
func NewEmailSent(to []string, subject, body string) *EmailSent {
	return &EmailSent{BaseEvent: base("email_sent"), To: to, Subject: subject, Body: body}
}

// NewBroadcastCreated makes a broadcast_created event.
func NewBroadcastCreated() *BroadcastCreated {
	return &BroadcastCreated{BaseEvent: base("broadcast_created")}
}

// NewSessionTriggered makes a session_triggered event.
func NewSessionTriggered() *SessionTriggered {
	return &SessionTriggered{BaseEvent: base("session_triggered")}
}

// NewInputLabelsAdded makes an input_labels_added event.
func NewInputLabelsAdded(input string, labels []Ref) *InputLabelsAdded {
	return &InputLabelsAdded{BaseEvent: base("input_labels_added"), InputUUID: input, Labels: labels}
}

// NewTicketOpened makes a ticket_opened event.
func NewTicketOpened(t Ticket) *TicketOpened {
	return &TicketOpened{BaseEvent: base("ticket_opened"), Ticket: t}
}

// NewTicketNoteAdded makes a ticket_note_added event.
func NewTicketNoteAdded(ticket, note string) *TicketNoteAdded {
	return &TicketNoteAdded{BaseEvent: base("ticket_note_added"), TicketUUID: ticket, Note: note}
}

// NewAirtimeTransferred makes an airtime_created event.
func NewAirtimeTransferred() *AirtimeTransferred {
	return &AirtimeTransferred{BaseEvent: base("airtime_created")}
}

// NewLLMCalled makes a llm_called event.
func NewLLMCalled() *LLMCalled { return &LLMCalled{BaseEvent: base("llm_called")} }

// NewError makes an error event.
func NewError(text string) *Error { return &Error{BaseEvent: base("error"), Text: text} }

// NewCodedError makes an error event with a code and extra details.
func NewCodedError(code, text string, extra map[string]string) *Error {
	return &Error{BaseEvent: base("error"), Text: text, Code: code, Extra: extra}
}

// NewWarning makes a warning event.
func NewWarning(code, text string) *Warning {
	return &Warning{BaseEvent: base("warning"), Text: text, Code: code}
}

// NewFailure makes a failure event.
func NewFailure(text string) *Failure { return &Failure{BaseEvent: base("failure"), Text: text} }
