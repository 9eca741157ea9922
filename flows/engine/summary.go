package engine

import (
	"encoding/json"

	"github.com/flowctl/flowctl/flows/runtime"
)

// TriggerJSON is the trigger that started the session.
func (s *Session) TriggerJSON() json.RawMessage { return s.Trigger }

// SessionUUID is the session's UUID.
func (s *Session) SessionUUID() string { return s.UUID }

// History is how many sessions led to this one, read from the trigger of a session started by
// another (a flow_action trigger carries the starting session's history).
func (s *Session) History() (ancestors, sinceInput int) {
	if s.trigger == nil || len(s.trigger.Raw) == 0 {
		return 0, 0
	}
	var t struct {
		History struct {
			Ancestors           int `json:"ancestors"`
			AncestorsSinceInput int `json:"ancestors_since_input"`
		} `json:"history"`
	}
	if json.Unmarshal(s.trigger.Raw, &t) != nil {
		return 0, 0
	}
	return t.History.Ancestors, t.History.AncestorsSinceInput
}

// ReceivedInput reports whether any run of the session took a message from the contact.
func (s *Session) ReceivedInput() bool {
	for _, r := range s.Runs {
		if r.HadInput {
			return true
		}
	}
	return false
}

// RunSummary describes a run as goflow's run summary JSON: its UUID, flow, contact, status and
// results, as a session started from it sees @parent.
func (s *Session) RunSummary(run runtime.Run) json.RawMessage {
	r := s.runByUUID(run.UUID())
	if r == nil {
		return nil
	}
	type resultJSON struct {
		Name     string `json:"name"`
		Value    string `json:"value"`
		Category string `json:"category,omitempty"`
		// the category in the run's language, as the result was saved
		Localized string          `json:"category_localized,omitempty"`
		NodeUUID  string          `json:"node_uuid"`
		Input     string          `json:"input,omitempty"`
		Extra     json.RawMessage `json:"extra,omitempty"`
		Created   string          `json:"created_on"`
	}
	results := map[string]resultJSON{}
	for k, res := range r.Results {
		results[k] = resultJSON{res.Name, res.Value, res.Category, res.CategoryLocalized, res.NodeUUID, res.Input, res.Extra, res.CreatedOn.Format("2006-01-02T15:04:05.000000000Z07:00")}
	}
	// the contact as the reference's summary writes it: without its tickets, which @contact
	// still lists
	var contact *runtime.Contact
	if s.Contact != nil {
		c := *s.Contact
		c.Tickets = nil
		contact = &c
	}
	out, _ := json.Marshal(map[string]any{
		"uuid":    r.UUID,
		"flow":    r.Flow,
		"contact": contact,
		"status":  r.Status,
		"results": results,
	})
	return out
}
