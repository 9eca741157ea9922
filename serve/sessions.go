package serve

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/flowctl/flowctl/flows/engine"
	"github.com/flowctl/flowctl/flows/runtime"
	"github.com/flowctl/flowctl/flows/simulation"
	"github.com/flowctl/flowctl/flows/transcript"
	"github.com/flowctl/flowctl/handoff"
)

// Defaults of the bounds on what the server keeps in memory.
const (
	DefaultMaxSessions = 32
	DefaultMaxEvents   = 2000
)

// StartRequest is the body of POST /api/sessions: the flow and the options `flowctl run` takes.
type StartRequest struct {
	// Flow is the flow's id (GET /api/flows).
	Flow    string         `json:"flow"`
	Contact ContactRequest `json:"contact"`
	// Trigger is manual (default), msg (the first reply starts the flow), channel or optin.
	Trigger string `json:"trigger,omitempty"`
	// Now is the time the clock starts at (RFC 3339); Seed seeds random routers and UUIDs.
	Now  string  `json:"now,omitempty"`
	Seed *uint64 `json:"seed,omitempty"`
	// Replies are applied after the start, each as `run --input` reads it (/timeout, /expire):
	// the page replays a conversation on a flow that changed.
	Replies []string `json:"replies,omitempty"`
}

// ContactRequest is the contact options of run: --name, --lang, --urn, --field, --group,
// --channel.
type ContactRequest struct {
	Name     *string           `json:"name,omitempty"`
	Language string            `json:"language,omitempty"`
	URNs     []string          `json:"urns,omitempty"`
	Fields   map[string]string `json:"fields,omitempty"`
	Groups   []string          `json:"groups,omitempty"`
	Channel  string            `json:"channel,omitempty"`
}

// ResumeRequest is the body of POST /api/sessions/{id}/resume.
type ResumeRequest struct {
	// Type is "reply" (the default, with Text), "timeout" or "expire".
	Type string `json:"type,omitempty"`
	Text string `json:"text,omitempty"`
}

// Entry is one line of a session's transcript, numbered from the session's start.
type Entry struct {
	Index int `json:"index"`
	// Step is the step of the conversation it belongs to (0: the start).
	Step int `json:"step"`
	transcript.Entry
}

// EventItem is one engine event of a session, as goflow JSON.
type EventItem struct {
	Index int             `json:"index"`
	Step  int             `json:"step"`
	Type  string          `json:"type"`
	UUID  string          `json:"uuid,omitempty"`
	Event json.RawMessage `json:"event"`
}

// Session is one simulated conversation the server keeps.
type Session struct {
	ID   string
	Flow *Flow

	mu      sync.Mutex
	req     StartRequest
	setup   *simulation.Setup
	loader  *simulation.Loader
	mocks   json.RawMessage
	conv    *simulation.Conversation
	replies []simulation.Reply
	steps   int

	entries    []Entry
	firstEntry int
	events     []EventItem
	firstEvent int
	trimmed    bool // events or entries were dropped from the front
	notices    []string
	maxEvents  int
	ticket     *Ticket
	// tickets makes the tickets the flow opens into tasks (package handoff), with the desktop.
	tickets *handoff.Tickets
	created time.Time
	// onChange hears of new transcript entries (the server streams them); onSprint of each
	// sprint (the desktop opens tickets from them); agentChat takes what the contact writes once
	// an agent has them. s.mu is held when they are called.
	onChange  func(*Session, []Entry)
	onSprint  func(*Session, *engine.Sprint)
	agentChat func(*Session, string) error
}

// Ticket is a ticket the flow opened, and where the desktop put it.
type Ticket struct {
	UUID  string `json:"uuid"`
	Topic string `json:"topic,omitempty"`
	Body  string `json:"body,omitempty"`
	// Contact is the desktop contact ("#1") the ticket became, when the desktop runs.
	Contact string `json:"contact,omitempty"`
	Queue   string `json:"queue,omitempty"`
	// Routing says how the queue was chosen.
	Routing string `json:"routing,omitempty"`
}

// Waiting says what the session waits for.
type Waiting struct {
	Type           string   `json:"type"`
	FlowUUID       string   `json:"flow_uuid"`
	NodeUUID       string   `json:"node_uuid"`
	TimeoutSeconds *int     `json:"timeout_seconds,omitempty"`
	Accepts        []string `json:"accepts"`
}

// PathStep is one node a run went through.
type PathStep struct {
	FlowUUID string `json:"flow_uuid"`
	NodeUUID string `json:"node_uuid"`
	ExitUUID string `json:"exit_uuid,omitempty"`
}

// ResultItem is one result of a run.
type ResultItem struct {
	Flow     string `json:"flow"`
	Key      string `json:"key"`
	Name     string `json:"name"`
	Value    string `json:"value"`
	Category string `json:"category,omitempty"`
	Input    string `json:"input,omitempty"`
	NodeUUID string `json:"node_uuid"`
}

// State is GET /api/sessions/{id}: everything the page shows of a session.
type State struct {
	ID      string       `json:"id"`
	Flow    *Flow        `json:"flow"`
	Status  string       `json:"status"`
	Waiting *Waiting     `json:"waiting"`
	Current *PathStep    `json:"current"`
	Path    []PathStep   `json:"path"`
	Contact any          `json:"contact"`
	Results []ResultItem `json:"results"`
	// Transcript is the session's transcript from FirstEntry on (older entries were dropped).
	Transcript []Entry   `json:"transcript"`
	FirstEntry int       `json:"first_entry"`
	Events     int       `json:"events"`
	Notices    []string  `json:"notices"`
	Replies    []string  `json:"replies"`
	Ticket     *Ticket   `json:"ticket,omitempty"`
	Request    any       `json:"request"`
	Created    time.Time `json:"created"`
}

// store keeps the sessions, at most max of them: starting one more drops the oldest, whose id
// then answers 410 Gone with a notice rather than 404.
type store struct {
	mu        sync.Mutex
	max       int
	maxEvents int
	next      int
	order     []string
	byID      map[string]*Session
	dropped   map[string]bool
}

func newStore(max, maxEvents int) *store {
	if max <= 0 {
		max = DefaultMaxSessions
	}
	if maxEvents <= 0 {
		maxEvents = DefaultMaxEvents
	}
	return &store{max: max, maxEvents: maxEvents, byID: map[string]*Session{}, dropped: map[string]bool{}}
}

// add keeps a new session, returning the ids of the sessions dropped to make room.
func (st *store) add(s *Session) []string {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.next++
	s.ID = fmt.Sprintf("s%d", st.next)
	var gone []string
	for len(st.order) >= st.max {
		id := st.order[0]
		st.order = st.order[1:]
		delete(st.byID, id)
		st.dropped[id] = true
		gone = append(gone, id)
	}
	st.order = append(st.order, s.ID)
	st.byID[s.ID] = s
	return gone
}

// errGone says a session was dropped to keep the bound.
type errGone struct{ id string }

func (e errGone) Error() string {
	return fmt.Sprintf("session %s was dropped: the server keeps the newest sessions only; start a new one", e.id)
}

func (st *store) get(id string) (*Session, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if s := st.byID[id]; s != nil {
		return s, nil
	}
	if st.dropped[id] {
		return nil, errGone{id}
	}
	return nil, fmt.Errorf("no session %q", id)
}

func (st *store) remove(id string) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.byID[id] == nil {
		return false
	}
	delete(st.byID, id)
	for i, x := range st.order {
		if x == id {
			st.order = append(st.order[:i], st.order[i+1:]...)
			break
		}
	}
	return true
}

func (st *store) all() []*Session {
	st.mu.Lock()
	defer st.mu.Unlock()
	out := make([]*Session, 0, len(st.order))
	for _, id := range st.order {
		out = append(out, st.byID[id])
	}
	return out
}

// RequestError is a request the API refuses: Status is the HTTP status.
type RequestError struct {
	Status  int
	Message string
	// Accepts lists what a wait takes, for a refused reply; Problems the findings that stop a
	// flow from running.
	Accepts  []string `json:"accepts,omitempty"`
	Problems []string `json:"problems,omitempty"`
}

func (e *RequestError) Error() string { return e.Message }

func badRequest(format string, args ...any) error {
	return &RequestError{Status: 400, Message: fmt.Sprintf(format, args...)}
}

// setupFor turns a start request into a simulation setup over the server's options.
func (srv *Server) setupFor(f *Flow, req StartRequest) (*simulation.Setup, error) {
	srv.mu.RLock()
	s := &simulation.Setup{FlowPath: f.path, Flow: f.UUID, AssetPaths: srv.opts.Assets, Seed: simulation.DefaultSeed,
		Mocks: srv.mocks, HTTP: srv.http, TriggerType: req.Trigger, HookPaths: srv.opts.Hooks}
	srv.mu.RUnlock()
	if req.Trigger != "" && !contains(simulation.TriggerTypes, req.Trigger) {
		return nil, badRequest("trigger %q: expected %s", req.Trigger, strings.Join(simulation.TriggerTypes, ", "))
	}
	if req.Now != "" {
		now, err := time.Parse(time.RFC3339Nano, req.Now)
		if err != nil {
			return nil, badRequest("now: %q is not an RFC 3339 time like 2025-05-04T12:30:45Z", req.Now)
		}
		if err := simulation.CheckNow(now); err != nil {
			return nil, badRequest("now: %q: %v", req.Now, err)
		}
		s.Now = now
	}
	if req.Seed != nil {
		s.Seed = *req.Seed
	}
	c := req.Contact
	o := &s.ContactOptions
	o.Name, o.Language, o.URNs, o.Groups, o.Channel = c.Name, c.Language, c.URNs, c.Groups, c.Channel
	keys := make([]string, 0, len(c.Fields))
	for k := range c.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if strings.TrimSpace(k) == "" {
			return nil, badRequest("contact.fields: a field has an empty key")
		}
		o.Fields = append(o.Fields, simulation.Field{Key: k, Value: c.Fields[k]})
	}
	// A msg trigger takes its message from the replies, as run's --trigger msg takes the first
	// --input.
	if req.Trigger == "msg" && len(req.Replies) > 0 {
		s.Replies = []simulation.Reply{simulation.ParseReply(req.Replies[0])}
	}
	return s, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// start starts a session of a flow.
func (srv *Server) start(req StartRequest) (*Session, error) {
	cat := srv.catalog()
	f := cat.byID[req.Flow]
	if f == nil {
		var names []string
		for _, x := range cat.flows {
			names = append(names, x.ID+" ("+x.Name+")")
		}
		return nil, &RequestError{Status: 404, Message: fmt.Sprintf("no flow %q under %s: GET /api/flows lists them (%s)", req.Flow, srv.opts.Root, strings.Join(names, ", "))}
	}
	setup, err := srv.setupFor(f, req)
	if err != nil {
		return nil, err
	}
	loader := srv.loader()
	ld, err := loader.LoadSetup(setup)
	if err != nil {
		var be *simulation.BlockedError
		if errors.As(err, &be) {
			return nil, &RequestError{Status: 422, Message: fmt.Sprintf("%s can't be run: fix the findings first", f.Name), Problems: be.Problems}
		}
		return nil, &RequestError{Status: 422, Message: err.Error()}
	}
	sim, err := simulation.Prepare(setup, ld)
	if err != nil {
		return nil, &RequestError{Status: 400, Message: err.Error()}
	}
	conv, err := simulation.Start(sim.Simulation)
	if err != nil {
		return nil, &RequestError{Status: 422, Message: err.Error()}
	}
	s := &Session{Flow: f, req: req, setup: setup, loader: loader, mocks: srv.mocksJSONNow(), conv: conv,
		maxEvents: srv.store.maxEvents, created: time.Now(), onChange: srv.sessionChanged}
	if req.Trigger == "msg" && len(req.Replies) > 0 {
		s.replies = append(s.replies, simulation.ParseReply(req.Replies[0]))
		req.Replies = req.Replies[1:]
	}
	s.notices = append(s.notices, sim.Notes...)
	if srv.desk != nil {
		s.onSprint, s.agentChat = srv.desk.sprint, srv.desk.contactSays
		var contact []byte
		if conv.Sim != nil && conv.Sim.Contact != nil {
			if contact, err = json.Marshal(conv.Sim.Contact); err != nil {
				return nil, &RequestError{Status: 500, Message: err.Error()}
			}
		}
		if s.tickets, err = handoff.NewTickets(contact); err != nil {
			return nil, &RequestError{Status: 500, Message: err.Error()}
		}
	}
	for _, gone := range srv.store.add(s) {
		srv.hub.publish("server", "notice", map[string]string{"session": gone,
			"message": fmt.Sprintf("session %s was dropped: the server keeps at most %d sessions in memory", gone, srv.store.max)})
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.record(conv.Steps[0])
	for i, r := range req.Replies {
		if !conv.Waiting() {
			s.notice(fmt.Sprintf("the session %s before the last %d replayed %s: ignored", conv.Session.Status, len(req.Replies)-i, plural(len(req.Replies)-i, "reply", "replies")))
			break
		}
		if err := s.resume(simulation.ParseReply(r)); err != nil {
			s.notice(fmt.Sprintf("replaying the conversation stopped at reply %d: %v", i+1, err))
			break
		}
	}
	return s, nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Resume applies a reply, a timeout or an expiry.
func (s *Session) Resume(req ResumeRequest) ([]Entry, error) {
	var r simulation.Reply
	switch req.Type {
	case "", "reply":
		r = simulation.Reply{Text: req.Text}
	case "timeout":
		r = simulation.Reply{Kind: simulation.Timeout}
	case "expire":
		r = simulation.Reply{Kind: simulation.Expire}
	default:
		return nil, badRequest("type %q: expected reply, timeout or expire", req.Type)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	before := s.firstEntry + len(s.entries)
	if err := s.resume(r); err != nil {
		return nil, err
	}
	return s.since(before), nil
}

// resume applies a reply; s.mu is held.
func (s *Session) resume(r simulation.Reply) error {
	if !s.conv.Waiting() {
		if r.Kind == simulation.Message && s.ticket != nil && s.ticket.Contact != "" {
			return s.toAgent(r.Text)
		}
		return &RequestError{Status: 409, Message: fmt.Sprintf("the session is %s: there is nothing to reply to (reset to start again)", s.conv.Session.Status)}
	}
	st, err := s.conv.Reply(r)
	if err != nil {
		var re *simulation.RejectedError
		if errors.As(err, &re) {
			// the numbering of run's messages counts replies given on the command line; here
			// only the reason matters
			return &RequestError{Status: 409, Message: strings.TrimPrefix(re.Reason, "resume: "), Accepts: re.Accepts}
		}
		return &RequestError{Status: 422, Message: err.Error()}
	}
	s.replies = append(s.replies, r)
	s.record(*st)
	return nil
}

// toAgent passes a message the contact writes after the flow handed them to an agent: it goes to
// the desktop's chat. Set by the desktop when it runs.
var errNoDesktop = errors.New("no desktop")

func (s *Session) toAgent(text string) error {
	if s.agentChat == nil {
		return errNoDesktop
	}
	before := s.firstEntry + len(s.entries)
	if err := s.agentChat(s, text); err != nil {
		return &RequestError{Status: 409, Message: err.Error()}
	}
	s.add(Entry{Entry: transcript.Entry{Kind: transcript.KindReply, Line: "👤 " + text, Text: text}})
	s.changed(before)
	return nil
}

// record adds a step's transcript entries and events.
func (s *Session) record(st simulation.Step) {
	before := s.firstEntry + len(s.entries)
	step := s.steps
	s.steps++
	for _, e := range transcript.Exchange(st.Resume, st.Sprint) {
		if s.setup.HTTP != nil {
			// --allow-http: real calls
			e = e.WithRealHTTP()
		}
		s.add(Entry{Step: step, Entry: e})
	}
	if st.Sprint != nil {
		for _, e := range st.Sprint.Events {
			raw, err := marshal(e)
			if err != nil {
				raw, _ = json.Marshal(map[string]string{"type": e.Type(), "error": err.Error()})
			}
			item := EventItem{Index: s.firstEvent + len(s.events), Step: step, Type: e.Type(), Event: raw}
			if b := e.Base(); b != nil {
				item.UUID = b.UUID
			}
			s.events = append(s.events, item)
		}
	}
	if !s.conv.Waiting() {
		s.add(Entry{Step: step, Entry: transcript.End(s.conv.Session.Status)})
	}
	s.trim()
	if st.Sprint != nil && s.onSprint != nil {
		s.onSprint(s, st.Sprint)
	}
	s.changed(before)
}

func (s *Session) add(e Entry) {
	e.Index = s.firstEntry + len(s.entries)
	s.entries = append(s.entries, e)
}

// notice adds something the simulator says to the transcript; s.mu is held.
func (s *Session) notice(text string) {
	before := s.firstEntry + len(s.entries)
	s.notices = append(s.notices, text)
	s.add(Entry{Step: s.steps - 1, Entry: transcript.Notice(text)})
	s.changed(before)
}

func (s *Session) changed(before int) {
	if s.onChange != nil {
		s.onChange(s, s.since(before))
	}
}

// trim drops the oldest entries and events beyond the bound, with a notice.
func (s *Session) trim() {
	dropped := false
	if n := len(s.events) - s.maxEvents; n > 0 {
		s.events = append([]EventItem(nil), s.events[n:]...)
		s.firstEvent += n
		dropped = true
	}
	if n := len(s.entries) - s.maxEvents; n > 0 {
		s.entries = append([]Entry(nil), s.entries[n:]...)
		s.firstEntry += n
		dropped = true
	}
	if dropped && !s.trimmed {
		s.trimmed = true
		s.notices = append(s.notices, fmt.Sprintf("the oldest events were dropped: a session keeps its last %d events and transcript lines", s.maxEvents))
	}
}

// since returns the entries from index i on.
func (s *Session) since(i int) []Entry {
	i -= s.firstEntry
	if i < 0 {
		i = 0
	}
	if i >= len(s.entries) {
		return []Entry{}
	}
	return append([]Entry(nil), s.entries[i:]...)
}

func marshal(v any) (json.RawMessage, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return json.RawMessage(bytes.TrimSpace(buf.Bytes())), nil
}

// State is the session as the page shows it.
func (s *Session) State() *State {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state()
}

func (s *Session) state() *State {
	sess := s.conv.Session
	st := &State{ID: s.ID, Flow: s.Flow, Status: sess.Status, Transcript: append([]Entry(nil), s.entries...),
		FirstEntry: s.firstEntry, Events: s.firstEvent + len(s.events), Notices: append([]string{}, s.notices...),
		Request: s.req, Created: s.created, Ticket: s.ticket, Path: []PathStep{}, Results: []ResultItem{}}
	for _, r := range s.replies {
		st.Replies = append(st.Replies, r.String())
	}
	if st.Replies == nil {
		st.Replies = []string{}
	}
	for _, run := range sess.Runs {
		for _, step := range run.Path {
			st.Path = append(st.Path, PathStep{FlowUUID: run.Flow.UUID, NodeUUID: step.NodeUUID, ExitUUID: step.ExitUUID})
		}
		keys := make([]string, 0, len(run.Results))
		for k := range run.Results {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool {
			a, b := run.Results[keys[i]], run.Results[keys[j]]
			if !a.CreatedOn.Equal(b.CreatedOn) {
				return a.CreatedOn.Before(b.CreatedOn)
			}
			return keys[i] < keys[j]
		})
		for _, k := range keys {
			r := run.Results[k]
			st.Results = append(st.Results, ResultItem{Flow: run.Flow.Name, Key: k, Name: r.Name, Value: r.Value, Category: r.Category, Input: r.Input, NodeUUID: r.NodeUUID})
		}
	}
	if w := sess.Wait; sess.Status == engine.SessionWaiting && w != nil {
		wt := &Waiting{Type: string(w.Type), NodeUUID: w.NodeUUID, TimeoutSeconds: w.TimeoutSeconds, Accepts: simulation.Accepts(sess)}
		for _, run := range sess.Runs {
			if run.UUID == w.RunUUID {
				wt.FlowUUID = run.Flow.UUID
			}
		}
		st.Waiting = wt
		st.Current = &PathStep{FlowUUID: wt.FlowUUID, NodeUUID: w.NodeUUID}
	} else if n := len(st.Path); n > 0 {
		last := st.Path[n-1]
		st.Current = &last
	}
	st.Contact = contactView(sess.Contact)
	return st
}

// contactView is the contact as goflow writes it, or nil for a session without one.
func contactView(c *runtime.Contact) any {
	if c == nil {
		return nil
	}
	raw, err := marshal(c)
	if err != nil {
		return nil
	}
	return raw
}

// Events returns the session's events from index from on, and how many were dropped before.
func (s *Session) Events(from int) (items []EventItem, first int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := max(from-s.firstEvent, 0)
	if i > len(s.events) {
		i = len(s.events)
	}
	return append([]EventItem{}, s.events[i:]...), s.firstEvent
}
