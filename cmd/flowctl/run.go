package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/check"
	"github.com/flowctl/flowctl/flows/engine"
	"github.com/flowctl/flowctl/flows/read"
	"github.com/flowctl/flowctl/flows/runtime"
	"github.com/flowctl/flowctl/internal/readfile"
)

func init() {
	subcommands = append(subcommands, newRunCmd)
}

type runOptions struct {
	flow    string
	contact string
	trigger string
	resumes []string
	// replies are the --input and --timeout flags, in the order given
	replies   []reply
	env       string
	mocks     string
	now       string
	seed      uint64
	allowHTTP bool
	format    string
	scenario  string
	// interactive forces interactive mode even when stdin is not a terminal (for scripts and tests)
	interactive bool
	color       string
	assets      []string
	session     string
	maxSize     int64
}

// reply is one of the contact's moves given on the command line: a message, or letting the
// wait time out.
type reply struct {
	text    string
	timeout bool
}

// replyFlag is the pflag value behind --input and --timeout: both append to one list, so that
// `--input a --timeout --input b` keeps its order.
type replyFlag struct {
	list    *[]reply
	timeout bool
}

func (f replyFlag) String() string { return "" }

func (f replyFlag) Type() string {
	if f.timeout {
		return "bool"
	}
	return "string"
}

func (f replyFlag) Set(v string) error {
	if f.timeout {
		if v != "true" {
			return fmt.Errorf("--timeout takes no value")
		}
		*f.list = append(*f.list, reply{timeout: true})
		return nil
	}
	*f.list = append(*f.list, reply{text: v})
	return nil
}

func newRunCmd() *cobra.Command {
	opts := &runOptions{}
	cmd := &cobra.Command{
		Use:   "run [FLOW_FILE]",
		Short: "Simulate a contact going through a flow",
		Long: `Run starts a flow for a contact and prints what happens as a transcript (or as
goflow events with --format json). Replies come from --input (each a message
from the contact) and --timeout (the wait times out), --resume files (goflow
resume JSON), a --scenario file, or, when stdin is a terminal and none are
given, from what you type (/timeout sends a wait timeout, /quit stops).

--session continues a session saved from --format json output, so a
conversation can stop and go on later.

The simulation is deterministic: the clock starts at --now and ticks one second
per reading, random routers and UUIDs come from --seed, and HTTP calls are
answered from --http-mocks (URL → list of {status, body}); an unmocked call
fails like an unreachable host unless --allow-http permits real calls.`,
		Example: `  flowctl run testdata/flows/registration.json
  flowctl run export.json --flow "Registration" --input "Bob" --input "32"
  flowctl run --scenario scenario.json --format json
  flowctl run survey.json --input "Bob" --timeout --format json > saved.json
  flowctl run survey.json --session saved.json --input 42`,
		Args: atMostOne("FLOW_FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRun(cmd, opts, args)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.flow, "flow", "", "flow to start: UUID or name (default the file's first flow)")
	f.StringArrayVar(&opts.assets, "assets", nil, "assets file (goflow assets or an export) adding to or overriding the flow file's own (repeatable)")
	f.StringVar(&opts.contact, "contact", "", "contact JSON file (goflow contact)")
	f.StringVar(&opts.trigger, "trigger", "", "trigger JSON file (goflow trigger; default manual)")
	f.StringArrayVar(&opts.resumes, "resume", nil, "resume JSON file, applied in order (repeatable)")
	f.Var(replyFlag{list: &opts.replies}, "input", "a message from the contact, applied after --resume ones (repeatable)")
	f.Var(replyFlag{list: &opts.replies, timeout: true}, "timeout", "let the wait time out (a wait_timeout resume), in order among the --input replies (repeatable)")
	f.Lookup("timeout").NoOptDefVal = "true"
	f.StringVar(&opts.session, "session", "", "continue a saved session: the JSON that run --format json printed (or its \"session\")")
	f.StringVar(&opts.env, "env", "", "environment JSON file (goflow environment)")
	f.StringVar(&opts.mocks, "http-mocks", "", "HTTP mocks JSON file: URL → list of {status, body}")
	f.StringVar(&opts.now, "now", "2025-05-04T12:30:45.123456789Z", "time the simulation's clock starts at (RFC 3339)")
	f.Uint64Var(&opts.seed, "seed", 123456, "seed of the random source")
	f.BoolVar(&opts.allowHTTP, "allow-http", false, "make real HTTP calls for unmocked URLs (10s timeout, 1 MiB limit)")
	f.StringVar(&opts.format, "format", "text", "output format: text or json")
	f.StringVar(&opts.scenario, "scenario", "", "scenario JSON file (flow, contact, trigger, resumes, inputs, http_mocks, ...)")
	f.BoolVar(&opts.interactive, "interactive", false, "read the contact's replies from stdin even when it is not a terminal")
	f.StringVar(&opts.color, "color", "auto", "colour errors and warnings in text output: auto (on a terminal without NO_COLOR), always or never")
	addMaxFileSize(f, &opts.maxSize)
	return cmd
}

// runInputs is what a run is made of, from flags or a scenario.
type runInputs struct {
	flowPath string
	flowUUID string
	env      json.RawMessage
	contact  json.RawMessage
	trigger  json.RawMessage
	call     json.RawMessage
	resumes  []json.RawMessage
	replies  []reply
	mocks    map[string][]engine.MockResponse
	// assets are more assets files: the scenario's "assets" key, then --assets
	assets []string
	// session is a saved session to continue (--session), or nil; sessionLatest is the latest
	// time its file records
	session       json.RawMessage
	sessionLatest time.Time
	// noContact: the scenario's contact is null, so the session runs without one
	noContact bool
}

func readJSONFile(path, what string, maxSize int64) (json.RawMessage, error) {
	if path == "" {
		return nil, nil
	}
	data, err := readfile.Read(path, maxSize)
	if err != nil {
		return nil, usageErr("%s: can't read %s: %v", what, path, pathErr(err))
	}
	if !json.Valid(data) {
		return nil, usageErr("%s %s: not valid JSON", what, path)
	}
	return data, nil
}

func runRun(cmd *cobra.Command, opts *runOptions, args []string) error {
	if opts.format != "text" && opts.format != "json" {
		return usageErr("--format must be text or json, got %q", opts.format)
	}
	if opts.interactive && opts.format == "json" {
		return usageErr("--interactive prints a transcript: drop --format json")
	}
	now, err := time.Parse(time.RFC3339Nano, opts.now)
	if err != nil {
		return usageErr("--now: %q is not an RFC 3339 time like 2025-05-04T12:30:45Z", opts.now)
	}
	in, err := gatherRunInputs(opts, args)
	if err != nil {
		return err
	}
	if in.session != nil && !cmd.Flags().Changed("now") && !in.sessionLatest.IsZero() {
		// the clock goes on from where the saved run left it
		now = in.sessionLatest.Add(time.Second)
	}
	color, err := colorFor(cmd.OutOrStdout(), opts.color)
	if err != nil {
		return err
	}

	src, err := readfile.Read(in.flowPath, opts.maxSize)
	if err != nil {
		return usageErr("can't read flow file %s: %v", in.flowPath, pathErr(err))
	}
	doc := read.Read(in.flowPath, src)
	docs := []*read.Document{doc}
	for i, p := range in.assets {
		data, err := readfile.Read(p, opts.maxSize)
		if err != nil {
			from := `the scenario's "assets"`
			if i >= len(in.assets)-len(opts.assets) {
				from = "--assets"
			}
			return usageErr("%s: can't read %s: %v", from, p, pathErr(err))
		}
		adoc := read.Read(p, data)
		if problems := blockingFindings(adoc, nil); len(problems) > 0 {
			return &exitError{code: exitFindings, err: fmt.Errorf("assets file %s can't be used:\n  %s", p, strings.Join(problems, "\n  "))}
		}
		docs = append(docs, adoc)
	}
	assets := read.LoadAssets(docs...)
	if problems := blockingFindings(doc, check.Check(doc, assets)); len(problems) > 0 {
		return &exitError{code: exitFindings, err: fmt.Errorf("%s can't be run:\n  %s", in.flowPath, strings.Join(problems, "\n  "))}
	}
	flow, err := chooseRunFlow(assets, doc, in.flowUUID)
	if err != nil {
		return &exitError{code: exitFindings, err: err}
	}

	mocks := engine.NewMocks(in.mocks)
	var client engine.HTTPClient = mocks
	if opts.allowHTTP {
		client = engine.NewRealHTTPClient(mocks, 10*time.Second, 1<<20)
	}
	sim, err := engine.NewSimulation(engine.SimulationInput{
		Assets: assets, Flow: flow, Environment: in.env, Contact: in.contact, Trigger: in.trigger,
		Call: in.call, Resumes: in.resumes, NoContact: in.noContact,
		Options: engine.Options{Now: now, Seed: opts.seed, HTTP: client},
	})
	if err != nil {
		return usageErr("%v", err)
	}
	for _, r := range in.replies {
		if r.timeout {
			sim.Resumes = append(sim.Resumes, sim.TimeoutResume())
		} else {
			sim.Resumes = append(sim.Resumes, sim.InputResume(r.text))
		}
	}
	var saved *engine.Session
	if in.session != nil {
		if saved, err = sim.Engine.ReadSession(in.session); err != nil {
			return usageErr("--session %s: %v", opts.session, err)
		}
		if saved.Status != engine.SessionWaiting {
			return usageErr("--session %s: the session is %s: there is nothing to continue", opts.session, saved.Status)
		}
	}

	out := cmd.OutOrStdout()
	interactive := opts.interactive || opts.scenario == "" && len(in.resumes) == 0 && len(in.replies) == 0 &&
		opts.format == "text" && isTerminal(cmd.InOrStdin())
	if interactive {
		return runInteractive(cmd.InOrStdin(), out, sim, saved, color)
	}
	var sprints []*engine.Sprint
	session := saved
	where := ""
	if saved != nil {
		where = waitingIn(saved)
		sprints, err = sim.Continue(saved)
	} else {
		session, sprints, err = sim.Run()
	}
	if err != nil {
		return &exitError{code: exitFindings, err: err}
	}
	if opts.format == "json" {
		return writeRunJSON(out, session, sprints)
	}
	tr := newTranscript(out, session, color)
	if saved != nil {
		tr.continuing(where)
	}
	for i, sp := range sprints {
		// a started session's first sprint answers no resume
		if k := i - 1; saved != nil {
			tr.resume(sim.Resumes[i])
		} else if k >= 0 && k < len(sim.Resumes) {
			tr.resume(sim.Resumes[k])
		}
		tr.sprint(sp)
	}
	tr.end(session)
	return nil
}

// latestTime is the latest time a saved run's output records (event, run and step times), to
// go on from; zero when it records none.
func latestTime(data json.RawMessage) time.Time {
	var v any
	if json.Unmarshal(data, &v) != nil {
		return time.Time{}
	}
	var latest time.Time
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, c := range x {
				switch k {
				case "created_on", "modified_on", "exited_on", "arrived_on":
					if s, ok := c.(string); ok {
						if t, err := time.Parse(time.RFC3339Nano, s); err == nil && t.After(latest) {
							latest = t
						}
						continue
					}
				}
				walk(c)
			}
		case []any:
			for _, c := range x {
				walk(c)
			}
		}
	}
	walk(v)
	return latest
}

// readSavedSession reads --session: the whole output of run --format json, or only its session.
// It returns the session and the latest time the file records.
func readSavedSession(path string, maxSize int64) (json.RawMessage, time.Time, error) {
	data, err := readJSONFile(path, "--session", maxSize)
	if err != nil {
		return nil, time.Time{}, err
	}
	var whole struct {
		Sprints json.RawMessage `json:"sprints"`
		Session json.RawMessage `json:"session"`
	}
	if err := json.Unmarshal(data, &whole); err != nil {
		return nil, time.Time{}, usageErr("--session %s: expected a JSON object (the output of run --format json, or its \"session\")", path)
	}
	latest := latestTime(data)
	if whole.Sprints == nil && whole.Session == nil {
		return data, latest, nil
	}
	if len(whole.Session) == 0 || string(whole.Session) == "null" {
		return nil, time.Time{}, usageErr("--session %s: it holds no \"session\" to continue", path)
	}
	return whole.Session, latest, nil
}

// gatherRunInputs reads the scenario or the flag files.
func gatherRunInputs(opts *runOptions, args []string) (*runInputs, error) {
	in := &runInputs{flowUUID: opts.flow}
	if opts.scenario != "" {
		data, err := readfile.Read(opts.scenario, opts.maxSize)
		if err != nil {
			return nil, usageErr("can't read scenario %s: %v", opts.scenario, pathErr(err))
		}
		sc, err := engine.ReadScenario(data)
		if err != nil {
			return nil, usageErr("%s: %v", opts.scenario, err)
		}
		in.flowPath = sc.Flow
		if !filepath.IsAbs(sc.Flow) {
			in.flowPath = filepath.Join(filepath.Dir(opts.scenario), sc.Flow)
		}
		if in.flowUUID == "" {
			in.flowUUID = sc.FlowUUID
		}
		in.env, in.contact, in.trigger, in.call = sc.Environment, sc.Contact, sc.Trigger, sc.Call
		in.noContact = string(bytes.TrimSpace(sc.Contact)) == "null"
		in.resumes, in.mocks = sc.Resumes, sc.HTTPMocks
		for _, text := range sc.Inputs {
			in.replies = append(in.replies, reply{text: text})
		}
		for _, p := range sc.Assets {
			if !filepath.IsAbs(p) {
				p = filepath.Join(filepath.Dir(opts.scenario), p)
			}
			in.assets = append(in.assets, p)
		}
	}
	in.assets = append(in.assets, opts.assets...)
	if len(args) == 1 {
		in.flowPath = args[0]
	}
	if in.flowPath == "" {
		return nil, usageErr("run needs a flow file (or --scenario)")
	}
	var err error
	if opts.env != "" {
		if in.env, err = readJSONFile(opts.env, "--env", opts.maxSize); err != nil {
			return nil, err
		}
	}
	if opts.contact != "" {
		if in.contact, err = readJSONFile(opts.contact, "--contact", opts.maxSize); err != nil {
			return nil, err
		}
	}
	if opts.trigger != "" {
		if in.trigger, err = readJSONFile(opts.trigger, "--trigger", opts.maxSize); err != nil {
			return nil, err
		}
	}
	for _, r := range opts.resumes {
		raw, err := readJSONFile(r, "--resume", opts.maxSize)
		if err != nil {
			return nil, err
		}
		in.resumes = append(in.resumes, raw)
	}
	in.replies = append(in.replies, opts.replies...)
	if opts.session != "" {
		if opts.trigger != "" || opts.contact != "" {
			return nil, usageErr("--session continues a saved session: its contact and trigger can't be replaced (drop --contact and --trigger)")
		}
		if in.session, in.sessionLatest, err = readSavedSession(opts.session, opts.maxSize); err != nil {
			return nil, err
		}
		// the session's own trigger: building a default one would read the clock
		var saved struct {
			Trigger json.RawMessage `json:"trigger"`
		}
		if json.Unmarshal(in.session, &saved) == nil && !bytes.Equal(bytes.TrimSpace(saved.Trigger), []byte("null")) {
			in.trigger = saved.Trigger
		}
	}
	if opts.mocks != "" {
		raw, err := readJSONFile(opts.mocks, "--http-mocks", opts.maxSize)
		if err != nil {
			return nil, err
		}
		if err := engine.DecodeJSON(raw, &in.mocks); err != nil {
			return nil, usageErr("--http-mocks %s:%v (expected an object URL → list of {status, body})", opts.mocks, err)
		}
	}
	return in, nil
}

// blockingFindings are the problems that stop a flow from running: the file can't be decoded
// or breaks the spec's rules. Missing assets and lint warnings don't: the engine reports those
// as it meets them, as the reference does.
func blockingFindings(doc *read.Document, findings []flows.Finding) []string {
	var out []string
	all := append(append([]flows.Finding(nil), doc.Findings...), findings...)
	seen := map[string]bool{}
	for _, f := range all {
		if f.Severity != flows.SeverityError {
			continue
		}
		layer, _, _ := strings.Cut(f.Code, "/")
		switch layer {
		case "asset", "template", "lint":
			continue
		}
		msg := fmt.Sprintf("%d:%d: %s [%s]", f.Line, f.Column, f.Message, f.Code)
		if !seen[msg] {
			seen[msg] = true
			out = append(out, msg)
		}
	}
	return out
}

// chooseRunFlow finds the flow to start by UUID or name; empty means the document's first flow.
func chooseRunFlow(assets *flows.Assets, doc *read.Document, which string) (*flows.Flow, error) {
	if which == "" {
		if len(doc.Flows) == 0 {
			return nil, fmt.Errorf("%s holds no flow", doc.Path)
		}
		return doc.Flows[0], nil
	}
	var names []string
	for _, f := range assets.Flows {
		if f.UUID == which || strings.EqualFold(f.Name, which) {
			return f, nil
		}
		names = append(names, fmt.Sprintf("%q", f.Name))
	}
	return nil, fmt.Errorf("no flow %q in %s; it holds %s", which, doc.Path, strings.Join(names, ", "))
}

// writeRunJSON prints {"sprints": [{"events": [...]}], "session": {...}}.
func writeRunJSON(w io.Writer, s *engine.Session, sprints []*engine.Sprint) error {
	out := struct {
		Sprints []*engine.Sprint `json:"sprints"`
		Session *engine.Session  `json:"session"`
	}{sprints, s}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// runInteractive reads the contact's replies from a terminal.
// A saved session (--session) goes on where it stopped instead of starting a new one.
func runInteractive(stdin io.Reader, out io.Writer, sim *engine.Simulation, saved *engine.Session, color bool) error {
	session := saved
	var sp *engine.Sprint
	if session == nil {
		var err error
		if session, sp, err = sim.Engine.Start(sim.Contact, sim.Trigger, sim.Call); err != nil {
			return &exitError{code: exitFindings, err: err}
		}
	}
	tr := newTranscript(out, session, color)
	fmt.Fprintln(out, "(type the contact's replies; /timeout lets a wait time out, /quit stops)")
	if sp != nil {
		tr.sprint(sp)
	} else {
		tr.continuing(waitingIn(session))
	}
	sc := bufio.NewScanner(stdin)
	for session.Status == engine.SessionWaiting {
		fmt.Fprint(out, "> ")
		if !sc.Scan() {
			break
		}
		line := sc.Text()
		var r *engine.Resume
		switch strings.TrimSpace(line) {
		case "/quit":
			tr.end(session)
			return nil
		case "/timeout":
			if session.Wait == nil || session.Wait.TimeoutSeconds == nil {
				fmt.Fprintln(out, "! this wait has no timeout: type a reply, or /quit")
				continue
			}
			r = sim.TimeoutResume()
		default:
			r = sim.InputResume(line)
		}
		next, err := session.Resume(r)
		if err != nil {
			fmt.Fprintf(out, "! %v\n", err)
			continue
		}
		tr.sprint(next)
	}
	tr.end(session)
	return nil
}

// transcript writes a session as people read it; with colour, errors and failures are red and
// warnings yellow.
type transcript struct {
	w     io.Writer
	s     *engine.Session
	color bool
}

func newTranscript(w io.Writer, s *engine.Session, color bool) *transcript {
	return &transcript{w, s, color}
}

// paint wraps a line in an ANSI colour when colour is on.
func (t *transcript) paint(code, line string) string {
	if !t.color {
		return line
	}
	return "\x1b[" + code + "m" + line + "\x1b[0m"
}

func (t *transcript) resume(r *engine.Resume) {
	switch {
	case r.Msg != nil:
		fmt.Fprintf(t.w, "👤 %s\n", r.Msg.Msg.Text)
		for _, a := range r.Msg.Msg.Attachments {
			fmt.Fprintf(t.w, "   📎 %s\n", a)
		}
	case r.Dial != nil:
		fmt.Fprintf(t.w, "📞 dial %s after %ds\n", r.Dial.Status, r.Dial.Duration)
	default:
		fmt.Fprintf(t.w, "⏱  %s\n", r.Type)
	}
}

func (t *transcript) sprint(sp *engine.Sprint) {
	for _, e := range sp.Events {
		t.event(e)
	}
}

func (t *transcript) event(e runtime.Event) {
	w := t.w
	switch ev := e.(type) {
	case *runtime.MsgCreated:
		fmt.Fprintf(w, "💬 %s\n", ev.Msg.Text)
		for _, a := range ev.Msg.Attachments {
			fmt.Fprintf(w, "   📎 %s\n", a)
		}
		if len(ev.Msg.QuickReplies) > 0 {
			var qr []string
			for _, q := range ev.Msg.QuickReplies {
				qr = append(qr, "["+q.Text+"]")
			}
			fmt.Fprintf(w, "   %s\n", strings.Join(qr, " "))
		}
	case *runtime.IVRCreated:
		fmt.Fprintf(w, "🔊 %s\n", ev.Msg.Text)
		for _, a := range ev.Msg.Attachments {
			fmt.Fprintf(w, "   📎 %s\n", a)
		}
	case *runtime.MsgReceived:
		fmt.Fprintf(w, "👤 %s\n", ev.Msg.Text)
	case *runtime.RunStarted:
		fmt.Fprintf(w, "▶ %s\n", ev.Flow.Name)
	case *runtime.RunEnded:
		fmt.Fprintf(w, "■ %s (%s)\n", ev.Flow.Name, ev.Status)
	case *runtime.MsgWait:
		var notes []string
		if h := ev.Hint; h != nil {
			hint := h.Type
			if h.Count != nil {
				kind := h.Type
				if *h.Count == 1 {
					kind = strings.TrimSuffix(kind, "s")
				}
				hint = fmt.Sprintf("%d %s", *h.Count, kind)
			}
			if h.Terminator != "" {
				hint += ", ending with " + h.Terminator
			}
			notes = append(notes, hint)
		}
		if ev.TimeoutSeconds != nil {
			notes = append(notes, fmt.Sprintf("timeout %ds", *ev.TimeoutSeconds))
		}
		if len(notes) > 0 {
			fmt.Fprintf(w, "… waiting for a reply (%s)\n", strings.Join(notes, "; "))
		} else {
			fmt.Fprintln(w, "… waiting for a reply")
		}
	case *runtime.DialWait:
		fmt.Fprintf(w, "… dialling %s\n", ev.URN)
	case *runtime.RunResultChanged:
		if ev.Category == "" {
			fmt.Fprintf(w, "   result %s = %q\n", ev.Name, ev.Value)
		} else {
			fmt.Fprintf(w, "   result %s = %q (%s)\n", ev.Name, ev.Value, ev.Category)
		}
	case *runtime.ContactFieldChanged:
		v := "(cleared)"
		if ev.Value != nil {
			v = fmt.Sprintf("%q", ev.Value.Text)
		}
		fmt.Fprintf(w, "   field %s = %s\n", ev.Field.Key, v)
	case *runtime.ContactNameChanged:
		fmt.Fprintf(w, "   name = %q\n", ev.Name)
	case *runtime.ContactLanguageChanged:
		fmt.Fprintf(w, "   language = %q\n", ev.Language)
	case *runtime.ContactGroupsChanged:
		for _, g := range ev.GroupsAdded {
			fmt.Fprintf(w, "   + group %s\n", g.Name)
		}
		for _, g := range ev.GroupsRemoved {
			fmt.Fprintf(w, "   - group %s\n", g.Name)
		}
	case *runtime.WebhookCalled:
		outcome := fmt.Sprintf("%s %d", ev.Status, ev.StatusCode)
		if ev.Status == "connection_error" && ev.Response == "" {
			// Nothing answered: in a simulation that is almost always a missing mock.
			outcome = t.paint("33", "connection error, nothing answered (mock this URL with --http-mocks, or pass --allow-http)")
		}
		fmt.Fprintf(w, "   ↗ %s %s → %s\n", strings.SplitN(ev.Request, " ", 2)[0], ev.URL, outcome)
	case *runtime.EmailSent:
		fmt.Fprintf(w, "   ✉ to %s: %s\n", strings.Join(ev.To, ", "), ev.Subject)
	case *runtime.ContactURNsChanged:
		urns := make([]string, len(ev.URNs))
		for i, u := range ev.URNs {
			urns[i] = string(u)
		}
		fmt.Fprintf(w, "   urns = %s\n", strings.Join(urns, ", "))
	case *runtime.ContactStatusChanged:
		fmt.Fprintf(w, "   status = %s\n", ev.Status)
	case *runtime.ContactTimezoneChanged:
		fmt.Fprintf(w, "   timezone = %q\n", ev.Timezone)
	case *runtime.InputLabelsAdded:
		fmt.Fprintf(w, "   🏷 labelled %s\n", refNames(ev.Labels))
	case *runtime.BroadcastCreated:
		text := ""
		if tr := ev.Translations[ev.BaseLanguage]; tr != nil {
			text = tr.Text
		}
		fmt.Fprintf(w, "   📣 broadcast to %s: %s\n", recipients(ev.Groups, ev.Contacts, ev.URNs, ev.ContactQuery), text)
	case *runtime.SessionTriggered:
		fmt.Fprintf(w, "   ⇢ started %s for %s\n", ev.Flow.Name, recipients(ev.Groups, ev.Contacts, ev.URNs, ev.ContactQuery))
	case *runtime.TicketOpened:
		topic := ""
		if ev.Ticket.Topic != nil {
			topic = " (" + ev.Ticket.Topic.Name + ")"
		}
		fmt.Fprintf(w, "   🎫 ticket opened%s\n", topic)
	case *runtime.TicketNoteAdded:
		fmt.Fprintf(w, "   🎫 note: %s\n", ev.Note)
	case *runtime.AirtimeTransferred:
		fmt.Fprintf(w, "   💸 airtime %s %s to %s\n", ev.Amount, ev.Currency, ev.Recipient)
	case *runtime.LLMCalled:
		fmt.Fprintf(w, "   🤖 %s: %q\n", ev.LLM.Name, ev.Output)
	case *runtime.OptInRequested:
		fmt.Fprintf(w, "   asked to opt in to %s\n", ev.OptIn.Name)
	case *runtime.Error:
		fmt.Fprintln(w, t.paint("31", "⚠ error: "+ev.Text+assetsHint(ev)))
	case *runtime.Warning:
		fmt.Fprintln(w, t.paint("33", "⚠ warning: "+ev.Text))
	case *runtime.Failure:
		fmt.Fprintln(w, t.paint("1;31", "✖ failure: "+ev.Text))
	default:
		fmt.Fprintf(w, "   %s\n", e.Type())
	}
}

// assetsHint suggests loading assets when an error comes from something the loaded files don't
// define (a missing asset, an unknown global), which usually means an assets file was left out.
func assetsHint(ev *runtime.Error) string {
	if ev.Code == "dependency:missing" || ev.Code == "expression" && strings.HasPrefix(ev.Extra["expression"], "@globals.") {
		return " (defined in another file? load it with --assets)"
	}
	return ""
}

// refNames lists the names of referenced assets.
func refNames(refs []runtime.Ref) string {
	names := make([]string, len(refs))
	for i, r := range refs {
		names[i] = r.Name
	}
	return strings.Join(names, ", ")
}

// recipients says who a broadcast or a triggered session is for.
func recipients(groups, contacts []runtime.Ref, urns []runtime.URN, query string) string {
	var parts []string
	if len(groups) > 0 {
		parts = append(parts, "groups "+refNames(groups))
	}
	if len(contacts) > 0 {
		parts = append(parts, "contacts "+refNames(contacts))
	}
	for _, u := range urns {
		parts = append(parts, string(u))
	}
	if query != "" {
		parts = append(parts, "contacts matching "+query)
	}
	if len(parts) == 0 {
		return "nobody"
	}
	return strings.Join(parts, ", ")
}

// waitingIn names the flow a saved session waits in.
func waitingIn(s *engine.Session) string {
	if r := s.ActiveRun(); r != nil {
		return r.Flow.Name
	}
	return ""
}

// continuing says where a saved session stands when it is taken up again.
func (t *transcript) continuing(flow string) {
	if flow != "" {
		flow = " in " + flow
	}
	fmt.Fprintf(t.w, "↻ continuing the saved session, waiting%s\n", flow)
}

func (t *transcript) end(s *engine.Session) {
	fmt.Fprintf(t.w, "session %s\n", s.Status)
}
