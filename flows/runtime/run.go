package runtime

import (
	"encoding/json"
	"math/rand/v2"
	"time"

	"github.com/flowctl/flowctl/expressions"
	"github.com/flowctl/flowctl/flows"
)

// Logger receives the events an action or the engine emits, in order.
type Logger func(Event)

// Run is what an executing action sees of the run it belongs to. The engine implements it; the
// interface exists so that action types don't depend on the engine.
type Run interface {
	// UUID is the run's UUID.
	UUID() string
	// Flow is the flow being run.
	Flow() *flows.Flow
	// Contact is the session's contact; actions change it in place and log what they changed.
	Contact() *Contact
	// Env is the session's environment.
	Env() *expressions.Environment
	// Assets are the flows and assets the session runs with.
	Assets() *flows.Assets
	// Locations finds places of the location hierarchy the assets declare.
	Locations() expressions.LocationResolver
	// Now is the session clock's latest reading (it doesn't read the clock again).
	Now() time.Time
	// ReadClock reads the session's clock, for the readings the reference makes that no event
	// records.
	ReadClock() time.Time
	// ReadDateTime reads a datetime out of a text as the reference reads a contact field's value:
	// in the run's environment, a date without a time taking the clock's time of day, reading
	// the clock as the reference does.
	ReadDateTime(text string) (time.Time, bool)
	// NewUUID returns a fresh UUID from the session's deterministic generator.
	NewUUID() string
	// Random is the session's seeded random source, the one random routers and rand() draw
	// from (the reference's test services draw from it too).
	Random() *rand.Rand

	// EvaluateTemplate renders an @-template in the run's context. Evaluation errors are logged as
	// error events (code "expression"); ok is false when there was any.
	EvaluateTemplate(template string, log Logger) (text string, ok bool)
	// EvaluateTemplateEscaped renders a template passing each evaluated value through escape
	// (contact queries quote them, webhook bodies may need JSON escaping).
	EvaluateTemplateEscaped(template string, escape func(string) string, log Logger) (text string, ok bool)
	// EvaluateTemplateValue evaluates a template that is a single expression and returns its
	// value (for example a list of URNs); other templates give their text.
	EvaluateTemplateValue(template string, log Logger) (value expressions.Value, ok bool)
	// Localize returns the translation of an item's property in the run's language, or native
	// when there is none, and the language used.
	Localize(itemUUID, property string, native []string) ([]string, string)
	// Language is the language the run speaks to the contact in (a flow or contact language).
	Language() string

	// Input is the message the run is handling (from the trigger or the last resume), or nil.
	Input() *MsgReceived
	// SaveResult saves a run result and logs run_result_changed.
	SaveResult(name, value, category, categoryLocalized, input string, extra json.RawMessage, log Logger)
	// Locals are the run's @locals, which set_run_local changes.
	Locals() map[string]string
	// SetWebhook records the last webhook call's response for @webhook and result extra.
	SetWebhook(call *WebhookCall)

	// HTTP makes an HTTP request through the session's client (mocks in simulation). An LLM
	// call (llm://<llm uuid>) no mock answers gets the default service's answer.
	HTTP(req *HTTPRequest) *HTTPResponse
	// Mocked reports whether the session's HTTP mocks answer url, for services whose default
	// the action itself simulates when they don't (airtime).
	Mocked(url string) bool

	// EnterFlow starts a subflow after the current action (enter_flow); terminal ends this run.
	EnterFlow(flow *flows.Flow, terminal bool)
	// ContactChanged tells the engine the contact changed so that derived state (query-based
	// groups) can be refreshed; the engine logs any events that follow from it.
	ContactChanged(log Logger)
	// Info describes the run's path and results so far.
	Info() RunInfo
	// Session gives access to the session's trigger, runs and parent for actions that need them.
	Session() Session
}

// Session is what actions see of the session.
type Session interface {
	// TriggerJSON is the trigger that started the session, as goflow JSON.
	TriggerJSON() json.RawMessage
	// RunSummary is the goflow run summary of a run (for session_triggered events).
	RunSummary(run Run) json.RawMessage
	// SessionUUID is the session's UUID.
	SessionUUID() string
	// History is how many sessions led to this one (through start_session), in total and since
	// one of them handled a message from a contact.
	History() (ancestors, sinceInput int)
	// ReceivedInput says a message from the contact reached one of the session's runs (by its
	// trigger or a reply), at any time: the sessions it starts count their ancestors since input
	// from zero.
	ReceivedInput() bool
}

// HTTPRequest is a request an action wants to make.
type HTTPRequest struct {
	Method  string
	URL     string
	Headers [][2]string
	Body    string
}

// HTTPResponse is what came back: a status code (0 for a connection error), the raw response
// dump, the body, and the log describing the exchange.
type HTTPResponse struct {
	StatusCode int
	// Headers are the response's headers, each with its first value, by canonical name.
	Headers map[string]string
	Body    []byte
	Log     *HTTPLog
	// Error says why the response was refused (a body over the size limit), to be logged.
	Error string
}

// WebhookCall is the last webhook response a run saw.
type WebhookCall struct {
	Method     string            `json:"method,omitempty"`
	URL        string            `json:"url"`
	StatusCode int               `json:"status_code"`
	Headers    map[string]string `json:"headers,omitempty"`
	Body       string            `json:"body"`
}

// NewWebhookCall is the call a run keeps of a response to a request with that method.
func NewWebhookCall(method string, resp *HTTPResponse) *WebhookCall {
	return &WebhookCall{Method: method, URL: resp.Log.URL, StatusCode: resp.StatusCode, Headers: resp.Headers, Body: string(resp.Body)}
}

// Executor is an action type that can run. Execute logs what the action did; a returned error is
// a failure that stops the session.
type Executor interface {
	Execute(run Run, log Logger) error
}

// RunInfo is a read-only description of a run for actions that report on it.
type RunInfo struct {
	CreatedOn time.Time
	Path      []StepInfo
	Results   map[string]ResultInfo
}

// StepInfo is one visit of a node.
type StepInfo struct {
	NodeUUID  string
	ArrivedOn time.Time
}

// ResultInfo is one saved result.
type ResultInfo struct {
	Name, Value, Category, NodeUUID string
	// CategoryLocalized is the category in the run's language ("" when not translated); Input
	// what the result was saved from.
	CategoryLocalized, Input string
	CreatedOn                time.Time
}

// FailError is an error an action returns to fail the session; its text becomes the failure
// event's text word for word, as the reference words it.
type FailError struct{ Text string }

func (e *FailError) Error() string { return e.Text }
