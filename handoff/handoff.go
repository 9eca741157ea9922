// Package handoff is where flows and routing meet: it turns the tickets a flow opens
// (ticket_opened events) into TaskRouter tasks (Tickets: the one mapping of a ticket to task
// attributes, which docs/routing.md documents under "From flows to people") and routes them
// through a workflow with the routing simulator (Router), so that flowctl run can show where
// each conversation handed to people would go, and flowctl serve's desktop which queue gets it.
// It reads the engine's events and contact as JSON; neither flows nor routing knows of the other.
package handoff

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/flowctl/flowctl/routing"
	"github.com/flowctl/flowctl/routing/sim"
)

// Router turns tickets into routed tasks, one sprint at a time.
type Router struct {
	wf      *routing.Workflow
	ws      *routing.Workspace
	sim     *sim.Sim
	tickets *Tickets
	seen    int // events of the simulation already returned
	// Tasks are the tasks made so far, with their attributes.
	Tasks []Task
}

// Task is a ticket made into a task.
type Task struct {
	TicketUUID string         `json:"ticket_uuid"`
	TaskSID    string         `json:"task_sid"`
	Attributes map[string]any `json:"attributes"`
}

// Tickets follows a session's events and makes each ticket it opens a task's attributes, with
// the contact and the run's results as the events changed them by then.
type Tickets struct {
	contact contact
	results map[string]string
	cats    map[string]string
}

type contact struct {
	UUID     string                     `json:"uuid"`
	Name     string                     `json:"name"`
	Language string                     `json:"language"`
	URNs     []string                   `json:"urns"`
	Groups   []struct{ Name string }    `json:"groups"`
	Fields   map[string]json.RawMessage `json:"fields"`
}

// Ticket is a ticket a flow opened, as a task: when, and the task's attributes.
type Ticket struct {
	UUID       string
	OpenedOn   time.Time
	Attributes map[string]any
}

// New prepares a router for a workflow in a workspace (nil: no workers), starting from the
// contact (the engine's JSON of the contact the session starts with).
func New(wf *routing.Workflow, ws *routing.Workspace, contactJSON []byte) (*Router, error) {
	t, err := NewTickets(contactJSON)
	if err != nil {
		return nil, err
	}
	return &Router{wf: wf, ws: ws, tickets: t}, nil
}

// NewTickets follows a session that starts with the contact (the engine's JSON of it; empty or
// null for none).
func NewTickets(contactJSON []byte) (*Tickets, error) {
	t := &Tickets{results: map[string]string{}, cats: map[string]string{}}
	if len(contactJSON) > 0 && string(contactJSON) != "null" {
		if err := json.Unmarshal(contactJSON, &t.contact); err != nil {
			return nil, fmt.Errorf("reading the contact: %w", err)
		}
	}
	return t, nil
}

// event is what the router reads of an engine event.
type event struct {
	Type      string    `json:"type"`
	CreatedOn time.Time `json:"created_on"`
	Ticket    *struct {
		UUID     string `json:"uuid"`
		Topic    *ref   `json:"topic"`
		Assignee *ref   `json:"assignee"`
	} `json:"ticket"`
	TicketUUID string          `json:"ticket_uuid"`
	Note       string          `json:"note"`
	Name       string          `json:"name"`
	Value      json.RawMessage `json:"value"`
	Category   string          `json:"category"`
	Field      *struct {
		Key string `json:"key"`
	} `json:"field"`
	Language string   `json:"language"`
	URNs     []string `json:"urns"`
}

type ref struct {
	UUID  string `json:"uuid"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

// Sprint reads a sprint's events (as the engine writes them), makes a task of each ticket
// opened, and returns the routing events that happened up to the sprint's last event.
func (r *Router) Sprint(events []json.RawMessage) ([]sim.Event, error) {
	opened, last, err := r.tickets.read(events)
	if err != nil {
		return nil, err
	}
	for _, t := range opened {
		r.add(t.OpenedOn, t.UUID, t.Attributes)
	}
	if r.sim != nil && !last.IsZero() {
		r.sim.Run(last.Sub(r.sim.Start()).Milliseconds())
	}
	return r.take(), nil
}

// Read reads a sprint's events (as the engine writes them) and returns the tickets opened in
// it, as tasks.
func (t *Tickets) Read(events []json.RawMessage) ([]Ticket, error) {
	opened, _, err := t.read(events)
	return opened, err
}

// read also returns the time of the sprint's last event.
func (t *Tickets) read(events []json.RawMessage) ([]Ticket, time.Time, error) {
	var last time.Time
	var opened []Ticket
	for i, raw := range events {
		var e event
		if err := json.Unmarshal(raw, &e); err != nil {
			return nil, last, fmt.Errorf("reading event %d: %w", i, err)
		}
		if !e.CreatedOn.IsZero() {
			last = e.CreatedOn
		}
		switch e.Type {
		case "run_result_changed":
			var v string
			_ = json.Unmarshal(e.Value, &v)
			t.results[resultKey(e.Name)] = v
			t.cats[resultKey(e.Name)] = e.Category
		case "contact_field_changed":
			if e.Field != nil {
				if t.contact.Fields == nil {
					t.contact.Fields = map[string]json.RawMessage{}
				}
				t.contact.Fields[e.Field.Key] = e.Value
			}
		case "contact_language_changed":
			t.contact.Language = e.Language
		case "contact_name_changed":
			t.contact.Name = e.Name
		case "contact_urns_changed":
			t.contact.URNs = e.URNs
		case "ticket_opened":
			if e.Ticket == nil {
				continue
			}
			opened = append(opened, Ticket{UUID: e.Ticket.UUID, OpenedOn: e.CreatedOn, Attributes: t.attributes(e, body(events[i+1:], e.Ticket.UUID))})
		}
	}
	return opened, last, nil
}

// Finish lets the simulation run to its end (tasks accepted, timed out or past their TTL) and
// returns the events that happened since the last sprint.
func (r *Router) Finish() []sim.Event {
	if r.sim == nil {
		return nil
	}
	r.sim.Run(-1)
	return r.take()
}

func (r *Router) take() []sim.Event {
	if r.sim == nil {
		return nil
	}
	all := r.sim.Events()
	out := all[r.seen:]
	r.seen = len(all)
	return out
}

func (r *Router) add(at time.Time, ticket string, attrs map[string]any) {
	if r.sim == nil {
		r.sim = sim.New(r.wf, r.ws, at)
	}
	secs := at.Sub(r.sim.Start()).Seconds()
	sid := r.sim.AddTask(sim.TaskSpec{At: max(0, secs-float64(r.sim.Elapsed())/1000), Attributes: attrs})
	r.Tasks = append(r.Tasks, Task{TicketUUID: ticket, TaskSID: sid, Attributes: attrs})
}

// body is the note a ticket was opened with: the ticket_note_added event that follows it.
func body(rest []json.RawMessage, ticket string) string {
	for _, raw := range rest {
		var e event
		if json.Unmarshal(raw, &e) == nil && e.Type == "ticket_note_added" && e.TicketUUID == ticket {
			return e.Note
		}
	}
	return ""
}

// resultKey is a result's key as expressions read it: lower case, non-alphanumerics as _.
func resultKey(name string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(strings.TrimSpace(name)) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteRune(c)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

// attributes makes a ticket's task attributes: the ticket (topic, body, assignee), the
// contact (name, language, URNs, the channel of the first URN, fields, groups) and the run's
// results (values, and their categories under result_categories).
func (t *Tickets) attributes(e event, note string) map[string]any {
	a := map[string]any{"ticket_uuid": e.Ticket.UUID}
	if t := e.Ticket.Topic; t != nil {
		a["topic"] = t.Name
		a["topic_uuid"] = t.UUID
	}
	if note != "" {
		a["body"] = note
	}
	if as := e.Ticket.Assignee; as != nil {
		a["assignee"] = as.Email
		if as.Name != "" {
			a["assignee_name"] = as.Name
		}
	}
	c := t.contact
	if c.UUID != "" {
		a["contact_uuid"] = c.UUID
	}
	if c.Name != "" {
		a["name"] = c.Name
	}
	if c.Language != "" {
		a["language"] = c.Language
	}
	urns := make([]any, 0, len(c.URNs))
	for _, u := range c.URNs {
		urns = append(urns, u)
	}
	a["urns"] = urns
	if len(c.URNs) > 0 {
		if scheme, _, ok := strings.Cut(c.URNs[0], ":"); ok {
			a["channel"] = scheme
		}
	}
	fields := map[string]any{}
	for k, raw := range c.Fields {
		var v struct {
			Text string `json:"text"`
		}
		if json.Unmarshal(raw, &v) == nil && v.Text != "" {
			fields[k] = v.Text
		}
	}
	a["fields"] = fields
	var groups []any
	for _, g := range c.Groups {
		groups = append(groups, g.Name)
	}
	sort.Slice(groups, func(i, j int) bool { return groups[i].(string) < groups[j].(string) })
	a["groups"] = append([]any{}, groups...)
	results, cats := map[string]any{}, map[string]any{}
	for k, v := range t.results {
		results[k] = v
		if t.cats[k] != "" {
			cats[k] = t.cats[k]
		}
	}
	a["results"] = results
	a["result_categories"] = cats
	return a
}
