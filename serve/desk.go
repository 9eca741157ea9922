package serve

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/flowctl/flowctl/desktop"
	"github.com/flowctl/flowctl/desktop/flexactions"
	nicemax "github.com/flowctl/flowctl/desktop/max"
	"github.com/flowctl/flowctl/desktop/smartagent"
	"github.com/flowctl/flowctl/desktop/timeline"
	"github.com/flowctl/flowctl/expressions"
	"github.com/flowctl/flowctl/flows/engine"
	"github.com/flowctl/flowctl/flows/runtime"
	"github.com/flowctl/flowctl/flows/transcript"
	"github.com/flowctl/flowctl/handoff"
	"github.com/flowctl/flowctl/routing"
	"github.com/flowctl/flowctl/serve/page"
)

// DesktopOptions set up the agent desktop at /desktop.
type DesktopOptions struct {
	// Plugins are the pages embedded in the desktop (--plugin).
	Plugins []desktop.Plugin
	// Timeline is a timeline file (--timeline): the desktop's set-up, and steps the page plays
	// one at a time.
	Timeline string
	// Workflow and Workspace route the tickets flows open (--workflow, --workspace): the queue is
	// the first target of the workflow's route for the ticket's task.
	Workflow  string
	Workspace string
	// CallTimeout bounds how long the desktop waits for a Flex plugin's function (default 5s).
	CallTimeout time.Duration
}

// KindAgent is the transcript kind of a message an agent sent from the desktop.
const KindAgent transcript.Kind = "agent"

// desk is the server's agent desktop: one desktop.Desktop, the protocols, and the links between
// its contacts and the flow sessions whose tickets they came from.
type desk struct {
	srv     *Server
	mu      sync.Mutex
	d       *desktop.Desktop
	sa      *smartagent.Protocol
	tl      *timeline.Timeline
	next    int // the timeline's next step
	wf      *routing.Workflow
	ws      *routing.Workspace
	links   map[int]*Session // desktop contact ref → flow session
	flushed int
	pending []delivery
	timeout time.Duration

	callsMu sync.Mutex
	calls   map[string]chan map[string]any // "window#call" → the plugin's messages about a Flex call
}

// delivery is something the desktop tells a flow session, applied once the desktop's lock is
// released (sessions lock before the desktop, never after).
type delivery struct {
	s  *Session
	fn func(*Session)
}

func newDesk(srv *Server, opts DesktopOptions) (*desk, error) {
	k := &desk{srv: srv, links: map[int]*Session{}, calls: map[string]chan map[string]any{}, timeout: opts.CallTimeout}
	if k.timeout <= 0 {
		k.timeout = 5 * time.Second
	}
	cfg := desktop.Config{Agent: desktop.Agent{ID: "agent-1", Name: "Agent"}, Status: desktop.Available}
	if opts.Timeline != "" {
		tl, err := timeline.ReadFile(opts.Timeline)
		if err != nil {
			return nil, err
		}
		k.tl = tl
		cfg = tl.Config()
	}
	cfg.Plugins = append(cfg.Plugins, opts.Plugins...)
	if err := k.readRouting(opts.Workflow, opts.Workspace); err != nil {
		return nil, err
	}
	k.sa = smartagent.New()
	d, err := desktop.New(cfg, nicemax.New(), k.sa, flexactions.New(k), flowSide{k})
	if err != nil {
		return nil, err
	}
	k.d = d
	return k, nil
}

// readRouting reads the workflow (and the workspace, which may be the same file).
func (k *desk) readRouting(wfPath, wsPath string) error {
	read := func(path, what string) (*routing.Document, error) {
		src, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("--%s: can't read %s: %v", what, path, err)
		}
		doc := routing.Read(path, src)
		if doc.HasErrors() {
			var lines []string
			for _, f := range doc.Findings {
				if f.Severity == routing.SeverityError {
					lines = append(lines, fmt.Sprintf("%s:%d:%d: %s", path, f.Line, f.Column, f.Message))
				}
			}
			return nil, fmt.Errorf("--%s %s can't be used:\n  %s", what, path, strings.Join(lines, "\n  "))
		}
		return doc, nil
	}
	if wfPath != "" {
		doc, err := read(wfPath, "workflow")
		if err != nil {
			return err
		}
		if k.wf = doc.Workflow(); k.wf == nil {
			return fmt.Errorf("--workflow %s holds no workflow (it reads as a %s)", wfPath, doc.Kind)
		}
		k.ws = doc.Workspace
	}
	if wsPath != "" {
		doc, err := read(wsPath, "workspace")
		if err != nil {
			return err
		}
		if doc.Workspace == nil {
			return fmt.Errorf("--workspace %s holds no workspace (it reads as a %s)", wsPath, doc.Kind)
		}
		k.ws = doc.Workspace
	}
	if k.ws != nil && k.wf == nil {
		return errors.New("--workspace needs --workflow: the workflow routes, the workspace names its queues")
	}
	return nil
}

// with runs fn on the desktop, then sends what it made for the plugins to the pages and applies
// what it tells flow sessions. held is a session whose lock the caller holds (nil for none).
func (k *desk) with(held *Session, fn func(d *desktop.Desktop) error) error {
	k.mu.Lock()
	err := fn(k.d)
	k.flush()
	pending := k.pending
	k.pending = nil
	k.mu.Unlock()
	for _, p := range pending {
		if p.s == held {
			p.fn(p.s)
			continue
		}
		p.s.mu.Lock()
		p.fn(p.s)
		p.s.mu.Unlock()
	}
	return err
}

// flush streams what the desktop sent to plugins since the last flush; k.mu is held.
func (k *desk) flush() {
	out := k.d.Outbox[k.flushed:]
	k.flushed = len(k.d.Outbox)
	for _, o := range out {
		k.srv.hub.publish("desktop", "outbound", o)
	}
	k.srv.hub.publish("desktop", "changed", map[string]int{"log": len(k.d.Log().Entries), "outbox": len(k.d.Outbox)})
}

// --- Flex: plugin functions run in the browser ---

// Call implements flexactions.Remote: it posts the call to the plugin's window (through the
// page) and waits for the answer. While it waits the plugin may ask to run the replaced action
// ("flex:run" with run "original" or "next"): that runs here, on the desktop, and the plugin is
// told how it went ("flex:ran"). k.mu is held: the desktop is busy with the action.
func (k *desk) Call(w *desktop.Window, c *flexactions.Call) flexactions.Answer {
	key := fmt.Sprintf("%s#%d", w.ID, c.Seq)
	ch := make(chan map[string]any, 8)
	k.callsMu.Lock()
	k.calls[key] = ch
	k.callsMu.Unlock()
	defer func() {
		k.callsMu.Lock()
		delete(k.calls, key)
		k.callsMu.Unlock()
	}()
	k.flush()
	deadline := time.After(k.timeout)
	for {
		select {
		case <-deadline:
			return flexactions.Answer{Error: fmt.Sprintf("plugin %s didn't answer call %d (%s %s) within %s", w.Plugin.ID, c.Seq, c.Kind, c.Ref, k.timeout)}
		case msg := <-ch:
			if msg["type"] == "flex:run" {
				run, _ := msg["run"].(string)
				payload, _ := msg["payload"].(map[string]any)
				var err error
				switch {
				case c.Kind != "replacement":
					err = fmt.Errorf("only a replacement can run %q", run)
				case run == "original":
					err = c.Original(payload)
				case run == "next":
					err = c.Next(payload)
				default:
					err = fmt.Errorf("run %q: want original or next", run)
				}
				reply := map[string]any{"type": "flex:ran", "call": c.Seq}
				if err != nil {
					reply["error"] = err.Error()
				}
				k.d.Received(w, msg, desktop.Accept("run"))
				k.d.Send(w, reply)
				k.flush()
				continue
			}
			var a flexactions.Answer
			if b, err := json.Marshal(msg); err == nil {
				_ = json.Unmarshal(b, &a)
			}
			return a
		}
	}
}

// answer passes a plugin's flex:result or flex:run to the call waiting for it; it reports
// false when no call waits for it (the message then goes through the desktop as any other).
func (k *desk) answer(in desktop.Inbound) bool {
	var msg map[string]any
	if json.Unmarshal(in.Data, &msg) != nil {
		return false
	}
	t, _ := msg["type"].(string)
	if t != flexactions.Result && t != "flex:run" {
		return false
	}
	p := k.d.Plugin(in.Plugin)
	if p == nil || p.Origin != in.Origin {
		return false // Receive rejects and logs it
	}
	call, _ := msg["call"].(float64)
	window := in.Window
	if window == "" {
		window = p.ID
	}
	k.callsMu.Lock()
	ch := k.calls[fmt.Sprintf("%s#%d", window, int(call))]
	k.callsMu.Unlock()
	if ch == nil {
		return false
	}
	ch <- msg
	return true
}

// --- the flow side ---

// flowSide tells flow sessions what happens to the contacts their tickets became. It is a
// protocol only in that it hears every desktop event; no plugin speaks it.
type flowSide struct{ k *desk }

func (flowSide) Kind() string { return "flow" }
func (flowSide) Receive(*desktop.Desktop, *desktop.Window, map[string]any) desktop.Verdict {
	return desktop.Reject("", "no plugin speaks to the flow side")
}
func (flowSide) Closed(*desktop.Desktop, *desktop.Window) {}

// Notify passes an agent's chat messages to the contact, plugins' attribute changes to the
// contact's fields (desktop.FieldKey's mapping), and the conversation's end.
func (f flowSide) Notify(d *desktop.Desktop, e desktop.Event) {
	if e.Contact == nil {
		return
	}
	s := f.k.links[e.Contact.Ref]
	if s == nil {
		return
	}
	add := func(fn func(*Session)) { f.k.pending = append(f.k.pending, delivery{s: s, fn: fn}) }
	switch e.Type {
	case desktop.ContactMessaged:
		if e.Message != nil && e.Message.From == "agent" {
			text := e.Message.Text
			add(func(s *Session) {
				s.desktopSays(Entry{Entry: transcript.Entry{Kind: KindAgent, Line: "🎧 " + text, Text: text}})
			})
		}
	case desktop.ContactUpdated:
		fields := map[string]string{}
		for _, name := range e.Changed {
			if strings.Contains(name, ".") {
				continue // customer.* and card.* are not attributes
			}
			if key, ok := desktop.FieldKey(name); ok {
				fields[key] = e.Contact.Attributes[name]
			}
		}
		if len(fields) > 0 {
			add(func(s *Session) { s.setFields(fields) })
		}
	case desktop.ContactConnected:
		add(func(s *Session) { s.desktopSays(Entry{Entry: transcript.Notice("an agent took the conversation")}) })
	case desktop.ContactEnded:
		add(func(s *Session) { s.desktopSays(Entry{Entry: transcript.Notice("the agent's conversation ended")}) })
	case desktop.ContactTransferred:
		if e.Previous != nil {
			from, to, first := e.Previous.ContactID, e.Contact.ContactID, e.Contact.InitialContactID
			add(func(s *Session) {
				s.desktopSays(Entry{Entry: transcript.Notice(fmt.Sprintf("transferred: ContactId %s → %s (InitialContactId %s)", from, to, first))})
			})
		}
	}
}

// desktopSays adds an entry from the desktop to the session's transcript; s.mu is held.
func (s *Session) desktopSays(e Entry) {
	before := s.firstEntry + len(s.entries)
	e.Step = max(s.steps-1, 0)
	s.add(e)
	s.trim()
	s.changed(before)
}

// setFields sets contact fields from the desktop's attributes; s.mu is held.
func (s *Session) setFields(fields map[string]string) {
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := &runtime.FieldValue{Text: fields[k]}
		if n, ok := expressions.ParseNumber(fields[k]); ok {
			v.Number = json.Number(n.String())
		}
		s.conv.Session.SetContactField(k, v)
		s.desktopSays(Entry{Entry: transcript.Entry{Kind: transcript.KindDetail, Line: fmt.Sprintf("   field %s = %q (from the agent desktop)", k, fields[k])}})
	}
}

// sprint opens a desktop contact for each ticket a sprint opened; s.mu is held.
func (k *desk) sprint(s *Session, sp *engine.Sprint) {
	raws := make([]json.RawMessage, 0, len(sp.Events))
	for _, e := range sp.Events {
		raw, err := json.Marshal(e)
		if err != nil {
			s.add(Entry{Step: s.steps - 1, Entry: transcript.Notice("the desktop can't read the sprint's events: " + err.Error())})
			return
		}
		raws = append(raws, raw)
	}
	opened, err := s.tickets.Read(raws)
	if err != nil {
		s.add(Entry{Step: s.steps - 1, Entry: transcript.Notice("the desktop can't read the sprint's events: " + err.Error())})
		return
	}
	for _, t := range opened {
		k.openTicket(s, t)
	}
}

// openTicket routes a ticket and puts it on the desktop as a chat; s.mu is held. The task the
// workflow routes has the attributes `flowctl run --workflow` gives it (package handoff).
func (k *desk) openTicket(s *Session, t handoff.Ticket) {
	c := s.conv.Session.Contact
	tk := &Ticket{UUID: t.UUID}
	tk.Topic, _ = t.Attributes["topic"].(string)
	tk.Body, _ = t.Attributes["body"].(string)
	arr := desktop.Arrival{Channel: desktop.Chat, Attributes: map[string]string{}, Message: tk.Body}
	if c != nil {
		arr.Customer.Name = c.Name
		for key, v := range c.Fields {
			if v != nil {
				arr.Attributes[key] = v.Text
			}
		}
		if u := c.PreferredURN(); u != "" {
			if scheme, path, ok := strings.Cut(string(u.Identity()), ":"); ok && scheme == "tel" {
				arr.Customer.Phone = path
			}
		}
	}
	if tk.Topic != "" {
		arr.Attributes["ticket_topic"] = tk.Topic
	}
	if arr.Message == "" {
		if in := s.conv.Session.Input; in != nil {
			arr.Message = in.Msg.Text
		}
	}
	if k.wf != nil {
		at := t.OpenedOn
		if at.IsZero() {
			at = k.d.Now()
		}
		dec := routing.Route(k.wf, k.ws, t.Attributes, at)
		if dec.FilterIndex == nil || len(dec.Route) == 0 || len(dec.Route[0].Targets) == 0 {
			tk.Routing = "workflow " + k.wf.Name() + ": " + dec.Outcome
			s.ticket = tk
			s.add(Entry{Step: s.steps - 1, Entry: transcript.Notice("the ticket reaches no agent: " + tk.Routing)})
			return
		}
		target := dec.Route[0].Targets[0]
		arr.Queue = target.QueueName
		if arr.Queue == "" {
			arr.Queue = target.Queue
		}
		tk.Routing = fmt.Sprintf("workflow %s: filter %q, queue %s", k.wf.Name(), dec.FilterName, arr.Queue)
	} else {
		tk.Routing = "no --workflow: straight to the agent"
	}
	var ref int
	err := k.with(s, func(d *desktop.Desktop) error {
		ct, err := d.Arrive(arr)
		if err != nil {
			return err
		}
		ref = ct.Ref
		k.links[ref] = s
		tk.Queue = ct.Queue
		return nil
	})
	s.ticket = tk
	if err != nil {
		s.add(Entry{Step: s.steps - 1, Entry: transcript.Notice("the ticket can't reach the desktop: " + err.Error())})
		return
	}
	tk.Contact = fmt.Sprintf("#%d", ref)
	s.add(Entry{Step: s.steps - 1, Entry: transcript.Notice(fmt.Sprintf("the ticket is desktop contact %s in queue %s (%s)", tk.Contact, tk.Queue, tk.Routing))})
}

// contactSays passes what the contact writes after the hand-off to the desktop's chat; s.mu is
// held.
func (k *desk) contactSays(s *Session, text string) error {
	return k.with(s, func(d *desktop.Desktop) error { return d.CustomerMessage(s.ticket.Contact, text) })
}

// --- HTTP ---

func (k *desk) routes(m *http.ServeMux) {
	m.HandleFunc("GET /desktop", func(w http.ResponseWriter, r *http.Request) {
		var origins []string
		for _, p := range k.plugins() {
			origins = append(origins, p.Origin)
		}
		page.ServeHTML(w, "desktop.html", origins...)
	})
	m.HandleFunc("GET /sdk/{name}", k.serveSDK)
	m.HandleFunc("GET /api/desktop", func(w http.ResponseWriter, r *http.Request) {
		k.mu.Lock()
		st := k.state()
		k.mu.Unlock()
		writeJSON(w, http.StatusOK, st)
	})
	m.HandleFunc("GET /api/desktop/stream", func(w http.ResponseWriter, r *http.Request) {
		k.srv.hub.stream(w, r, map[string]string{"stream": "desktop"}, "desktop")
	})
	m.HandleFunc("GET /api/desktop/outbox", func(w http.ResponseWriter, r *http.Request) {
		from := 0
		fmt.Sscan(r.URL.Query().Get("from"), &from)
		k.mu.Lock()
		out := append([]desktop.Outbound{}, k.d.Outbox[min(max(from, 0), len(k.d.Outbox)):]...)
		k.mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]any{"outbox": out})
	})
	m.HandleFunc("GET /api/desktop/log", func(w http.ResponseWriter, r *http.Request) {
		k.mu.Lock()
		data, err := json.MarshalIndent(k.d.Log(), "", "  ")
		k.mu.Unlock()
		if err != nil {
			writeErr(w, &RequestError{Status: 500, Message: err.Error()})
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if r.URL.Query().Has("download") {
			w.Header().Set("Content-Disposition", `attachment; filename="desktop-log.json"`)
		}
		_, _ = w.Write(append(data, '\n'))
	})
	m.HandleFunc("POST /api/desktop/messages", k.postMessage)
	m.HandleFunc("POST /api/desktop/actions", k.postAction)
	m.HandleFunc("POST /api/desktop/arrivals", k.postArrival)
	m.HandleFunc("POST /api/desktop/customer", k.postCustomer)
	m.HandleFunc("POST /api/desktop/clock", k.postClock)
	m.HandleFunc("POST /api/desktop/timeline/next", k.postTimelineNext)
}

// plugins are the desktop's plugins as it runs them (origins and panels filled in).
func (k *desk) plugins() []desktop.Plugin {
	var out []desktop.Plugin
	for _, p := range k.d.Config().Plugins {
		out = append(out, *k.d.Plugin(p.ID))
	}
	if out == nil {
		out = []desktop.Plugin{}
	}
	return out
}

// DesktopState is GET /api/desktop.
type DesktopState struct {
	Agent     desktop.Agent          `json:"agent"`
	Status    desktop.Status         `json:"status"`
	Now       string                 `json:"now"`
	Contacts  []*desktop.Contact     `json:"contacts"`
	Plugins   []desktop.Plugin       `json:"plugins"`
	Windows   []string               `json:"windows"`
	Queues    []string               `json:"queues"`
	Quick     []desktop.QuickConnect `json:"quick_connects"`
	Directory []desktop.Agent        `json:"directory"`
	Actions   []desktop.ActionDoc    `json:"actions"`
	// Views say how SmartAgent plugin windows are shown (hidePlugin, setTitleTag), by window.
	Views map[string]smartagent.View `json:"views"`
	// Notes are the notifications and pop-ups SmartAgent plugins asked for, oldest first.
	Notes []smartagent.Note `json:"notes"`
	// Sessions links desktop contacts ("#1") to the flow sessions whose tickets they are.
	Sessions map[string]string `json:"sessions"`
	Timeline *TimelineState    `json:"timeline,omitempty"`
	Log      int               `json:"log"`
	Outbox   int               `json:"outbox"`
}

// TimelineState says where the page is in the --timeline's steps.
type TimelineState struct {
	File  string `json:"file"`
	Steps int    `json:"steps"`
	Next  int    `json:"next"`
}

func (k *desk) state() *DesktopState {
	cfg := k.d.Config()
	st := &DesktopState{Agent: k.d.Agent(), Status: k.d.Status(), Now: k.d.Now().Format(desktop.TimeFormat),
		Contacts: k.d.Contacts(), Plugins: k.plugins(), Queues: cfg.Queues, Quick: cfg.QuickConnects, Directory: cfg.Directory,
		Actions: desktop.BuiltinActions, Views: k.sa.Views(), Notes: k.sa.Notes(), Sessions: map[string]string{},
		Log: len(k.d.Log().Entries), Outbox: len(k.d.Outbox)}
	if st.Notes == nil {
		st.Notes = []smartagent.Note{}
	}
	for _, kind := range []string{"max", "smartagent", "flex"} {
		for _, w := range k.d.Windows(kind) {
			st.Windows = append(st.Windows, w.ID)
		}
	}
	for ref, s := range k.links {
		st.Sessions[fmt.Sprintf("#%d", ref)] = s.ID
	}
	if st.Contacts == nil {
		st.Contacts = []*desktop.Contact{}
	}
	if k.tl != nil {
		st.Timeline = &TimelineState{File: k.tl.Path, Steps: len(k.tl.Steps), Next: k.next}
	}
	return st
}

// MessageRequest is POST /api/desktop/messages: a message a plugin window posted, as the page
// saw it (event.origin and event.data).
type MessageRequest struct {
	Plugin string `json:"plugin"`
	Window string `json:"window,omitempty"`
	// ContactRef is the contact a contact panel belongs to (its number: 1 for "#1").
	ContactRef int             `json:"contact_ref,omitempty"`
	Origin     string          `json:"origin"`
	Data       json.RawMessage `json:"data"`
}

func (k *desk) postMessage(w http.ResponseWriter, r *http.Request) {
	var req MessageRequest
	if err := decode(r, &req); err != nil {
		writeErr(w, err)
		return
	}
	data := req.Data
	// A plugin may post a JSON string rather than an object: the desktop reads its content.
	var text string
	if json.Unmarshal(req.Data, &text) == nil {
		data = json.RawMessage(text)
	}
	in := desktop.Inbound{Plugin: req.Plugin, Window: req.Window, ContactRef: req.ContactRef, Origin: req.Origin, Data: data}
	if k.answer(in) {
		writeJSON(w, http.StatusAccepted, map[string]string{"verdict": "passed to the waiting call"})
		return
	}
	var v desktop.Verdict
	_ = k.with(nil, func(d *desktop.Desktop) error {
		v = d.Receive(in)
		return nil
	})
	writeJSON(w, http.StatusOK, map[string]string{"verdict": v.String()})
}

// ActionRequest is POST /api/desktop/actions: an agent control.
type ActionRequest struct {
	Action  string         `json:"action"`
	Payload map[string]any `json:"payload"`
}

func (k *desk) postAction(w http.ResponseWriter, r *http.Request) {
	var req ActionRequest
	if err := decode(r, &req); err != nil {
		writeErr(w, err)
		return
	}
	out := map[string]any{}
	_ = k.with(nil, func(d *desktop.Desktop) error {
		res := d.Invoke(req.Action, "agent", req.Payload)
		out["done"], out["aborted"] = res.Done(), res.Aborted
		if res.Aborted {
			out["aborted_by"], out["reason"] = res.AbortedBy, res.AbortReason
		}
		if res.Err != nil {
			out["error"] = res.Err.Error()
		}
		if lerrs := res.ListenerErrorTexts(); lerrs != nil {
			out["listener_errors"] = lerrs
		}
		return nil
	})
	writeJSON(w, http.StatusOK, out)
}

func (k *desk) postArrival(w http.ResponseWriter, r *http.Request) {
	var a desktop.Arrival
	if err := decode(r, &a); err != nil {
		writeErr(w, err)
		return
	}
	var c *desktop.Contact
	err := k.with(nil, func(d *desktop.Desktop) (err error) {
		c, err = d.Arrive(a)
		return err
	})
	if err != nil {
		writeErr(w, badRequest("%v", err))
		return
	}
	writeJSON(w, http.StatusCreated, c)
}

// CustomerRequest is POST /api/desktop/customer: the customer of a contact writes or hangs up.
type CustomerRequest struct {
	Contact string `json:"contact"`
	Says    string `json:"says,omitempty"`
	HangsUp bool   `json:"hangs_up,omitempty"`
}

func (k *desk) postCustomer(w http.ResponseWriter, r *http.Request) {
	var req CustomerRequest
	if err := decode(r, &req); err != nil {
		writeErr(w, err)
		return
	}
	err := k.with(nil, func(d *desktop.Desktop) error {
		if req.HangsUp {
			return d.CustomerHangup(req.Contact)
		}
		return d.CustomerMessage(req.Contact, req.Says)
	})
	if err != nil {
		writeErr(w, &RequestError{Status: http.StatusConflict, Message: err.Error()})
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (k *desk) postClock(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Advance string `json:"advance"`
	}
	if err := decode(r, &req); err != nil {
		writeErr(w, err)
		return
	}
	by, err := time.ParseDuration(req.Advance)
	if err != nil || by < 0 {
		writeErr(w, badRequest("advance %q: expected a duration such as 30s or 5m", req.Advance))
		return
	}
	_ = k.with(nil, func(d *desktop.Desktop) error { d.Advance(by); return nil })
	w.WriteHeader(http.StatusNoContent)
}

func (k *desk) postTimelineNext(w http.ResponseWriter, r *http.Request) {
	if k.tl == nil {
		writeErr(w, &RequestError{Status: http.StatusNotFound, Message: "no --timeline was given"})
		return
	}
	var step, total int
	err := k.with(nil, func(d *desktop.Desktop) error {
		total = len(k.tl.Steps)
		if k.next >= total {
			return fmt.Errorf("the timeline's %d steps were all played", total)
		}
		step = k.next
		k.next++
		return k.tl.RunStep(d, step)
	})
	if err != nil {
		writeErr(w, &RequestError{Status: http.StatusConflict, Message: err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, map[string]int{"played": step + 1, "steps": total})
}

// serveSDK serves the scripts plugins load from the desktop: the SmartAgent SDK drop-in
// (smartagent.js) and Flex's Actions Framework (flex.js). They post to the desktop's origin
// only, and take messages from it only, so the origin is written into them.
func (k *desk) serveSDK(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	src, err := fs.ReadFile(page.FS(), "sdk/"+name)
	if err != nil {
		writeErr(w, &RequestError{Status: http.StatusNotFound, Message: fmt.Sprintf("no script %q: /sdk/ serves smartagent.js and flex.js", name)})
		return
	}
	origin := "http://" + strings.ToLower(r.Host)
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Cross-Origin-Resource-Policy", "cross-origin")
	_, _ = w.Write([]byte(strings.ReplaceAll(string(src), "__FLOWCTL_DESKTOP_ORIGIN__", origin)))
}
