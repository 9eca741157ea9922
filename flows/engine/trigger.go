package engine

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
)

// The trigger types of goflow: what starts a session.
var triggerTypes = map[string]bool{
	"manual": true, "msg": true, "flow_action": true, "channel": true, "campaign": true,
	"ticket": true, "optin": true,
}

// Trigger starts a session, in goflow's trigger JSON. Fields not listed stay in Raw and are
// visible to templates as @trigger.
type Trigger struct {
	Type        string               `json:"type"`
	Flow        runtime.Ref          `json:"flow"`
	TriggeredOn time.Time            `json:"triggered_on"`
	Params      json.RawMessage      `json:"params,omitempty"`
	Keyword     string               `json:"keyword,omitempty"`
	Event       json.RawMessage      `json:"event,omitempty"`
	RunSummary  json.RawMessage      `json:"run_summary,omitempty"`
	Contact     *runtime.Contact     `json:"contact,omitempty"`
	Environment json.RawMessage      `json:"environment,omitempty"`
	Call        json.RawMessage      `json:"call,omitempty"`
	User        json.RawMessage      `json:"user,omitempty"`
	Origin      string               `json:"origin,omitempty"`
	Ticket      json.RawMessage      `json:"ticket,omitempty"`
	OptIn       json.RawMessage      `json:"optin,omitempty"`
	Campaign    json.RawMessage      `json:"campaign,omitempty"`
	Raw         json.RawMessage      `json:"-"`
	Msg         *runtime.MsgReceived `json:"-"`
}

// ReadTrigger decodes goflow trigger JSON.
func ReadTrigger(data []byte) (*Trigger, error) {
	var t Trigger
	if err := DecodeJSON(data, &t); err != nil {
		return nil, asInputError("trigger", data, err)
	}
	if !triggerTypes[t.Type] {
		return nil, newInputError("trigger", data, "/type", "%q is not one of manual, msg, flow_action, channel, campaign, ticket, optin", t.Type)
	}
	t.Raw = append(json.RawMessage(nil), data...)
	// a keyword trigger says which keyword matched
	var match struct {
		KeywordMatch *struct {
			Keyword string `json:"keyword"`
		} `json:"keyword_match"`
	}
	if json.Unmarshal(data, &match) == nil && match.KeywordMatch != nil && t.Keyword == "" {
		t.Keyword = match.KeywordMatch.Keyword
	}
	if len(t.Event) > 0 && string(t.Event) != "null" {
		// ticket, opt-in and campaign triggers carry what they are about in their event
		var ev struct {
			Type     string          `json:"type"`
			Ticket   json.RawMessage `json:"ticket"`
			OptIn    json.RawMessage `json:"optin"`
			Campaign json.RawMessage `json:"campaign"`
		}
		if err := decodeAt("trigger", data, "/event", &ev); err != nil {
			return nil, err
		}
		for _, f := range []struct{ dst, src *json.RawMessage }{{&t.Ticket, &ev.Ticket}, {&t.OptIn, &ev.OptIn}, {&t.Campaign, &ev.Campaign}} {
			if len(*f.dst) == 0 && len(*f.src) > 0 {
				*f.dst = *f.src
			}
		}
		if ev.Type == "msg_received" {
			m := runtime.NewMsgReceived(runtime.MsgIn{})
			if err := decodeAt("trigger", data, "/event", m); err != nil {
				return nil, err
			}
			t.Msg = m
		}
	}
	if t.Type == "msg" && t.Msg == nil {
		return nil, newInputError("trigger", data, "/event", "a msg trigger needs a msg_received event")
	}
	return &t, nil
}

// The resume types of goflow (what continues a waiting session), each with the event it
// carries. run_expiration is not among them: the reference reads it as an unknown type.
var resumeEvents = map[string]string{"msg": "msg_received", "wait_timeout": "wait_timed_out", "wait_expiration": "wait_expired", "dial": "dial_ended"}

var resumeTypeNames = []string{"msg", "wait_timeout", "wait_expiration", "dial"}

// Resume continues a waiting session, in goflow's resume JSON.
type Resume struct {
	Type        string               `json:"type"`
	ResumedOn   time.Time            `json:"resumed_on"`
	Event       json.RawMessage      `json:"event,omitempty"`
	Contact     *runtime.Contact     `json:"contact,omitempty"`
	Environment json.RawMessage      `json:"environment,omitempty"`
	Msg         *runtime.MsgReceived `json:"-"`
	Dial        *runtime.Dial        `json:"-"`
	Raw         json.RawMessage      `json:"-"`
}

// ReadResume decodes goflow resume JSON.
func ReadResume(data []byte) (*Resume, error) {
	var r Resume
	if err := DecodeJSON(data, &r); err != nil {
		return nil, asInputError("resume", data, err)
	}
	if resumeEvents[r.Type] == "" {
		hint := ""
		if r.Type == "run_expiration" {
			hint = " (the engine no longer has run_expiration: a wait_expiration resume expires the waiting run)"
		} else if near, ok := flows.Closest(r.Type, resumeTypeNames); ok {
			hint = fmt.Sprintf(" (did you mean %q?)", near)
		}
		return nil, newInputError("resume", data, "/type", "%q is not one of %s%s", r.Type, strings.Join(resumeTypeNames, ", "), hint)
	}
	if len(r.Event) == 0 || string(r.Event) == "null" {
		// the reference requires every resume's event, even those whose event says no more than
		// the type (wait_timed_out, wait_expired)
		return nil, newInputError("resume", data, "/event", "a %s resume needs a %s event", r.Type, resumeEvents[r.Type])
	}
	r.Raw = append(json.RawMessage(nil), data...)
	switch r.Type {
	case "msg":
		m := runtime.NewMsgReceived(runtime.MsgIn{})
		if err := decodeAt("resume", data, "/event", m); err != nil {
			return nil, err
		}
		r.Msg = m
	case "dial":
		d := runtime.NewDialEnded(runtime.Dial{})
		if err := decodeAt("resume", data, "/event", d); err != nil {
			return nil, err
		}
		r.Dial = &d.Dial
	}
	return &r, nil
}

// MsgResume makes a msg resume for a text the contact sends, the shorthand of --input.
func MsgResume(text string, urn runtime.URN, uuid string, now time.Time) *Resume {
	m := runtime.NewMsgReceived(runtime.MsgIn{UUID: uuid, Text: text, URN: urn})
	m.UUID = uuid
	m.CreatedOn = now
	ev, _ := json.Marshal(m)
	r := &Resume{Type: "msg", ResumedOn: now, Event: ev, Msg: m}
	r.Raw, _ = json.Marshal(r)
	return r
}

// TimeoutResume makes a wait_timeout resume (the /timeout of interactive mode).
func TimeoutResume(uuid string, now time.Time) *Resume {
	return waitResume("wait_timeout", runtime.NewWaitTimedOut(), uuid, now)
}

// ExpirationResume makes a wait_expiration resume (the /expire of interactive mode).
func ExpirationResume(uuid string, now time.Time) *Resume {
	return waitResume("wait_expiration", runtime.NewWaitExpired(), uuid, now)
}

// waitResume makes a resume that ends a wait without input, carrying its event.
func waitResume(typ string, e runtime.Event, uuid string, now time.Time) *Resume {
	e.Base().UUID = uuid
	e.Base().CreatedOn = now
	ev, _ := json.Marshal(e)
	r := &Resume{Type: typ, ResumedOn: now, Event: ev}
	r.Raw, _ = json.Marshal(r)
	return r
}

// checkStart applies the reference's rule for what a start needs beyond its trigger: a voice
// flow runs on a call, so starting one without a call is refused before anything happens.
func checkStart(flow *flows.Flow, call json.RawMessage) error {
	if flow.Type == flows.FlowTypeVoice && isNull(call) {
		return &InputError{Input: "call", Offset: -1, Msg: fmt.Sprintf("flow %q is a voice flow, which can only be started on a call: give the scenario a \"call\" (its uuid, the contact's urn and a channel that can make calls), as the engine refuses to start it without one", flow.Name)}
	}
	return nil
}
