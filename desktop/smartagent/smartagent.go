// Package smartagent speaks the SmartAgent plugin SDK to plugin windows. SmartAgent is an agent
// desktop on Amazon Connect; its SDK's wire format isn't public, so flowctl defines one over
// postMessage and keeps the SDK's method names, message types, payloads and event names, so that
// a plugin written for the SDK only changes its import to run against flowctl.
//
// The wire format (all JSON objects):
//
//	plugin → desktop  {"type": "smartagent:request", "id": 7, "method": "sendMessage", "params": {...}}
//	desktop → plugin  {"type": "smartagent:response", "id": 7, "result": {...}}
//	                  {"type": "smartagent:response", "id": 7, "error": {"code": "...", "message": "..."}}
//	desktop → plugin  {"type": "smartagent:event", "event": "incoming_call", "data": {"contact": {...}}}
//
// Every request gets exactly one response. init must come first, and only from an iframe; a
// window gets only the events it subscribed to with on, and a contact panel only those of its
// contact.
package smartagent

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/flowctl/flowctl/desktop"
	"github.com/flowctl/flowctl/flows"
)

// The message types of the wire format.
const (
	Request  = "smartagent:request"
	Response = "smartagent:response"
	EventMsg = "smartagent:event"
)

// Methods are the SDK's methods.
var Methods = []string{"init", "on", "off", "showPlugin", "hidePlugin", "setTitleTag", "updateContact", "getUser", "getCompanyID", "sendMessage"}

// Events are the events a plugin can subscribe to.
var Events = []string{"incoming_call", "call_started", "on_hold", "off_hold", "call_ended", "reject_call", "outgoing_call",
	"transfer_call", "missed_call", "add_connection", "conference_connections", "end_connection", "toggle_connections",
	"after_call_work", "after_call_work_end", "next_status", "contact_updated"}

// Protocol is the desktop's side of the SDK.
type Protocol struct {
	windows map[string]*state
	notes   []Note
	noteSeq int
}

// Note is a notification (show_notification) or pop-up (show_popup_message) a plugin asked the
// desktop to show the agent.
type Note struct {
	Seq    int    `json:"seq"`
	Plugin string `json:"plugin"`
	Window string `json:"window"`
	// Kind is "notification" or "popup".
	Kind    string `json:"kind"`
	Title   string `json:"title,omitempty"`
	Message string `json:"message"`
	// Level is a notification's: info (the default), success, warning or error.
	Level string `json:"level,omitempty"`
	Time  string `json:"time"`
}

// maxNotes bounds the notes kept: the page shows the newest.
const maxNotes = 50

// Notes are the notifications and pop-ups plugins asked for, oldest first (the last 50).
func (p *Protocol) Notes() []Note { return slices.Clone(p.notes) }

// View is how the desktop shows a plugin window: hidden after hidePlugin (until showPlugin), and
// the title tag setTitleTag gave it.
type View struct {
	Hidden bool   `json:"hidden"`
	Title  string `json:"title,omitempty"`
}

// Views are the views of the windows that called init, by window.
func (p *Protocol) Views() map[string]View {
	out := map[string]View{}
	for id, s := range p.windows {
		if s.initialised {
			out[id] = View{Hidden: !s.visible, Title: s.title}
		}
	}
	return out
}

type state struct {
	initialised bool
	events      []string
	visible     bool
	title       string
}

// New returns the protocol with no plugin initialised.
func New() *Protocol { return &Protocol{windows: map[string]*state{}} }

// Kind is "smartagent".
func (p *Protocol) Kind() string { return "smartagent" }

// Error codes of responses.
const (
	codeBadRequest     = "bad_request"
	codeNotInitialised = "not_initialised"
	codeNotInIframe    = "not_in_iframe"
	codeUnknownMethod  = "unknown_method"
	codeUnknownEvent   = "unknown_event"
	codeInvalidPayload = "invalid_payload"
	codeNotAllowed     = "not_allowed"
	codeFailed         = "failed"
)

type failure struct{ code, msg string }

func fail(code, format string, args ...any) *failure {
	return &failure{code: code, msg: fmt.Sprintf(format, args...)}
}

// Receive handles a request from a plugin window and answers it.
func (p *Protocol) Receive(d *desktop.Desktop, w *desktop.Window, msg map[string]any) desktop.Verdict {
	req, v, ok := desktop.ParseRequest(msg, Request, "SmartAgent")
	if !ok {
		return v
	}
	id, method, params := req.ID, req.Method, req.Params
	if req.BadParams {
		return p.answer(d, w, id, method, nil, fail(codeBadRequest, "params must be an object"))
	}
	s := p.windows[w.ID]
	if s == nil {
		s = &state{}
		p.windows[w.ID] = s
	}
	if !slices.Contains(Methods, method) {
		return p.answer(d, w, id, method, nil, fail(codeUnknownMethod, "unknown method %q: want one of %s%s", method, strings.Join(Methods, ", "), suggest(method, Methods)))
	}
	if method != "init" && !s.initialised {
		return p.answer(d, w, id, method, nil, fail(codeNotInitialised, "%s before init(): call init() first", method))
	}
	result, f := p.call(d, w, s, method, params)
	return p.answer(d, w, id, method, result, f)
}

// suggest names the candidate s was probably meant to be: a near spelling, or the only candidate
// s is the start of ("warn" for "warning").
func suggest(s string, candidates []string) string {
	if best, ok := flows.Closest(s, candidates); ok && best != s {
		return fmt.Sprintf("; did you mean %q?", best)
	}
	var prefixed []string
	for _, c := range candidates {
		if len(s) >= 3 && strings.HasPrefix(c, s) {
			prefixed = append(prefixed, c)
		}
	}
	if len(prefixed) == 1 {
		return fmt.Sprintf("; did you mean %q?", prefixed[0])
	}
	return ""
}

// answer sends the one response a request gets and turns it into a verdict.
func (p *Protocol) answer(d *desktop.Desktop, w *desktop.Window, id any, method string, result any, f *failure) desktop.Verdict {
	resp := map[string]any{"type": Response, "id": id}
	if f != nil {
		resp["error"] = map[string]any{"code": f.code, "message": f.msg}
	} else {
		if result == nil {
			result = map[string]any{}
		}
		resp["result"] = result
	}
	d.Send(w, resp)
	switch {
	case f == nil:
		return desktop.Accept(method)
	case f.code == codeNotAllowed:
		return desktop.Ignore(method, "%s", f.msg)
	case f.code == codeFailed:
		return desktop.Fail(method, "%s", f.msg)
	}
	return desktop.Reject(method, "%s", f.msg)
}

func (p *Protocol) call(d *desktop.Desktop, w *desktop.Window, s *state, method string, params map[string]any) (any, *failure) {
	switch method {
	case "init":
		if params["embedded"] != true {
			return nil, fail(codeNotInIframe, "init() works only in a plugin iframe: SmartAgent loads plugins in one")
		}
		s.initialised, s.visible = true, true
		return map[string]any{"user": user(d), "companyId": d.Config().CompanyID}, nil
	case "on", "off":
		ev, _ := params["event"].(string)
		if !slices.Contains(Events, ev) {
			return nil, fail(codeUnknownEvent, "unknown event %q: want one of %s%s", ev, strings.Join(Events, ", "), suggest(ev, Events))
		}
		has := slices.Contains(s.events, ev)
		if method == "on" && !has {
			s.events = append(s.events, ev)
		}
		if method == "off" {
			s.events = slices.DeleteFunc(s.events, func(e string) bool { return e == ev })
		}
		return map[string]any{"events": slices.Clone(s.events)}, nil
	case "showPlugin", "hidePlugin":
		s.visible = method == "showPlugin"
		return map[string]any{"visible": s.visible}, nil
	case "setTitleTag":
		title, ok := params["title"].(string)
		if !ok {
			return nil, fail(codeInvalidPayload, "setTitleTag: title must be a string")
		}
		if len(title) > 64 {
			return nil, fail(codeInvalidPayload, "setTitleTag: title is %d characters; at most 64 fit the tab", len(title))
		}
		s.title = title
		return map[string]any{"title": title}, nil
	case "getUser":
		return user(d), nil
	case "getCompanyID":
		return map[string]any{"companyId": d.Config().CompanyID}, nil
	case "updateContact":
		return p.message(d, w, "update_contact", params)
	case "sendMessage":
		typ, _ := params["type"].(string)
		payload, ok := params["payload"].(map[string]any)
		if !ok {
			if params["payload"] != nil {
				return nil, fail(codeInvalidPayload, "sendMessage(%q): payload must be an object", typ)
			}
			payload = map[string]any{}
		}
		return p.message(d, w, typ, payload)
	}
	return nil, fail(codeUnknownMethod, "unknown method %q", method)
}

func user(d *desktop.Desktop) map[string]any {
	a := d.Agent()
	return map[string]any{"id": a.ID, "name": a.Name, "username": a.Username, "status": d.Status()}
}

// Notify passes desktop events on to the windows that subscribed to them.
func (p *Protocol) Notify(d *desktop.Desktop, e desktop.Event) {
	var out []sent
	c := e.Contact
	switch e.Type {
	case desktop.ContactOffered:
		out = append(out, sent{"incoming_call", contactData(c)})
	case desktop.ContactConnected:
		out = append(out, sent{"call_started", contactData(c)})
	case desktop.ContactHeld:
		out = append(out, sent{"on_hold", contactData(c)})
	case desktop.ContactResumed:
		out = append(out, sent{"off_hold", contactData(c)})
	case desktop.ContactEnded:
		out = append(out, sent{"call_ended", contactData(c)}, sent{"after_call_work", contactData(c)})
	case desktop.ContactAbandoned:
		out = append(out, sent{"call_ended", contactData(c)})
	case desktop.ContactCompleted:
		out = append(out, sent{"after_call_work_end", contactData(c)})
	case desktop.ContactRejected:
		out = append(out, sent{"reject_call", contactData(c)})
	case desktop.ContactMissed:
		out = append(out, sent{"missed_call", contactData(c)})
	case desktop.OutboundStarted:
		out = append(out, sent{"outgoing_call", contactData(c)})
	case desktop.ContactTransferred:
		data := contactData(c)
		data["previousContactId"] = e.Previous.ContactID
		out = append(out, sent{"transfer_call", data})
	case desktop.ConnectionAdded, desktop.ConnectionEnded:
		data := contactData(c)
		data["connection"] = connection(*e.Connection)
		name := "add_connection"
		if e.Type == desktop.ConnectionEnded {
			name = "end_connection"
		}
		out = append(out, sent{name, data})
	case desktop.ConnectionsJoined:
		out = append(out, sent{"conference_connections", contactData(c)})
	case desktop.ConnectionsToggled:
		out = append(out, sent{"toggle_connections", contactData(c)})
	case desktop.ContactUpdated:
		data := contactData(c)
		data["changed"] = e.Changed
		out = append(out, sent{"contact_updated", data})
	case desktop.NextStatusSet:
		out = append(out, sent{"next_status", map[string]any{"status": e.Agent.Next, "reason": e.Agent.NextReason}})
	}
	for _, w := range d.Windows(p.Kind()) {
		s := p.windows[w.ID]
		if s == nil || !s.initialised {
			continue
		}
		if w.ContactRef > 0 && (c == nil || c.Ref != w.ContactRef) {
			continue // a contact panel hears of its own contact only
		}
		for _, m := range out {
			if slices.Contains(s.events, m.event) {
				d.Send(w, map[string]any{"type": EventMsg, "event": m.event, "data": m.data})
			}
		}
	}
}

type sent struct {
	event string
	data  map[string]any
}

// contactData is a contact the way Amazon Connect names its parts.
func contactData(c *desktop.Contact) map[string]any {
	contact := map[string]any{
		"contactId":        c.ContactID,
		"initialContactId": c.InitialContactID,
		"channel":          strings.ToUpper(string(c.Channel)),
		"initiationMethod": map[bool]string{true: "INBOUND", false: "OUTBOUND"}[c.Inbound],
		"state":            string(c.State),
		"queue":            map[string]any{"name": c.Queue},
		"attributes":       attributes(c.Attributes),
		"customer":         c.Customer,
	}
	if c.PreviousContactID != "" {
		contact["previousContactId"] = c.PreviousContactID
	}
	var conns []any
	for _, x := range c.Connections {
		conns = append(conns, connection(x))
	}
	if conns != nil {
		contact["connections"] = conns
	}
	return map[string]any{"contact": contact}
}

func attributes(a map[string]string) map[string]any {
	out := map[string]any{}
	for k, v := range a {
		out[k] = v
	}
	return out
}

func connection(c desktop.Connection) map[string]any {
	return map[string]any{"connectionId": c.ID, "endpoint": endpointOf(c.Endpoint), "state": c.State}
}

func endpointOf(t desktop.Target) map[string]any {
	switch t.Type {
	case "agent":
		return map[string]any{"type": "agent", "agentLogin": t.Value}
	case "queue":
		return map[string]any{"type": "queue", "queue": t.Value}
	case "quick_connect":
		return map[string]any{"type": "quick_connect", "name": t.Value}
	}
	return map[string]any{"type": "phone_number", "phoneNumber": t.Value}
}

// Closed forgets a closed window.
func (p *Protocol) Closed(d *desktop.Desktop, w *desktop.Window) { delete(p.windows, w.ID) }

// encodeJSON is for error messages that quote a value.
func encodeJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
