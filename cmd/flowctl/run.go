package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/flowctl/flowctl/findings"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/engine"
	"github.com/flowctl/flowctl/flows/simulation"
	"github.com/flowctl/flowctl/flows/transcript"
	"github.com/flowctl/flowctl/internal/jsontree"
	"github.com/flowctl/flowctl/internal/readfile"
)

func init() {
	subcommands = append(subcommands, newRunCmd)
}

type runOptions struct {
	session   sessionFlags
	hooks     []string
	allowHTTP bool
	format    string
	scenario  string
	// interactive forces interactive mode even when stdin is not a terminal (for scripts and tests)
	interactive bool
	color       string
	saved       string
	watch       bool
	// workflow and workspace route the tickets the flow opens (see handoff).
	workflow  string
	workspace string
	// root is the folder besides the scenario's own that its files may come from
	root string
	// timeLimit is --timeout-run
	timeLimit time.Duration
	// sprintWork is --max-sprint-work
	sprintWork int
}

func newRunCmd() *cobra.Command {
	opts := &runOptions{}
	cmd := &cobra.Command{
		Use:   "run [FLOW_FILE]",
		Short: "Simulate a contact going through a flow",
		Long: `Run starts a flow for a contact and prints what happens as a transcript (or as
goflow events with --format json). Replies come from --input (each a message
from the contact; /timeout and /expire let the wait time out or expire),
--timeout and --expire, --resume files (goflow resume JSON), a --scenario file,
or, when none are given, from standard input: typed at a prompt with line
editing and history on a terminal (/quit stops), else one reply per line.

The contact is the --contact file's, or a default one derived from --seed;
--name, --lang, --urn, --group, --field and --channel change it. A --lang the
environment doesn't list is allowed in it, so a translated flow speaks the
contact's language without an --env file. --trigger msg starts the flow with the
first reply as the incoming message.

--session continues a session saved from --format json output, so a
conversation can stop and go on later. --watch runs again whenever the flow,
assets or scenario files change.

The simulation is deterministic: the clock starts at --now and ticks one second
per reading, random routers and UUIDs come from --seed, and HTTP calls are
answered from --http-mocks (URL → list of {status, body}); an unmocked call
fails like an unreachable host unless --allow-http permits real calls.

A reply the flow's wait can't take (a --timeout where the wait has none) ends
the run: the transcript so far, then what the wait accepts, exit status 1.`,
		Example: `  flowctl run testdata/flows/registration.json --assets testdata/assets/org_assets.json --input Bob --input 32
  flowctl run testdata/flows/registration.json --flow Registration --lang spa --input Bob
  printf 'Bob\n32\n' | flowctl run testdata/flows/registration.json
  flowctl run --scenario testdata/scenarios/registration.scenario.json --format json
  flowctl run testdata/run/survey.json --timeout --format json
  flowctl run testdata/flows/registration.json --trigger msg --input join --name Ana --field age=32`,
		Args: atMostOne("FLOW_FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.watch {
				return watchRun(cmd, opts, args)
			}
			return runRun(cmd, opts, args)
		},
	}
	f := cmd.Flags()
	opts.session.register(f, "")
	f.StringArrayVar(&opts.session.resumes, "resume", nil, "resume JSON file, applied in order before the replies (repeatable)")
	f.StringVar(&opts.saved, "session", "", "continue a saved session: the JSON that run --format json printed (or its \"session\")")
	f.BoolVar(&opts.allowHTTP, "allow-http", false, "make real HTTP calls for unmocked URLs (10s timeout, 1 MiB limit)")
	f.StringVar(&opts.format, "format", "text", "output format: text or json")
	addTimeLimit(f, &opts.timeLimit, "the run (in interactive mode, each reply's sprint)")
	addSprintWork(f, &opts.sprintWork)
	f.StringVar(&opts.root, "root", "", "with --scenario: a folder whose files the scenario may name, besides its own folder (default: the git work trees holding it and the current folder)")
	f.StringVar(&opts.scenario, "scenario", "", "scenario JSON file (flow, contact, trigger, resumes, inputs, http_mocks, ...); options given too override it")
	f.BoolVar(&opts.interactive, "interactive", false, "read the contact's replies from stdin, one per line, even when it is not a terminal")
	f.StringVar(&opts.color, "color", "auto", "colour errors and warnings in text output: auto (on a terminal without NO_COLOR, TERM=dumb), always or never")
	f.StringVar(&opts.workflow, "workflow", "", "a routing workflow: each ticket the flow opens becomes a task routed through it, the routing events following the transcript")
	f.StringVar(&opts.workspace, "workspace", "", "with --workflow: the workspace (queues, workers, activities) the tasks are routed in")
	f.BoolVar(&opts.watch, "watch", false, "run again when the flow, assets or scenario files change, clearing the screen")
	addHooksFlag(f, &opts.hooks, "after the configuration's and the scenario's hooks, ")
	addConfigFlags(cmd)
	return cmd
}

// setupRun gathers what the run is made of: the scenario's, then the flags over it.
func setupRun(opts *runOptions, args []string) (*simulation.Setup, error) {
	s := &simulation.Setup{Seed: simulation.DefaultSeed}
	if opts.scenario != "" {
		var err error
		if s, err = simulation.FromScenario(opts.scenario, opts.session.maxSize); err != nil {
			return nil, usageErr("%v", err)
		}
	}
	if len(args) == 1 {
		s.FlowPath = args[0]
	}
	if s.FlowPath == "" {
		return nil, usageErr("run needs a flow file (or --scenario)")
	}
	if _, err := opts.session.apply(s); err != nil {
		return nil, err
	}
	s.HookPaths = append(s.HookPaths, opts.hooks...)
	var err error
	if s.SprintWork, err = sprintWork(opts.sprintWork); err != nil {
		return nil, err
	}
	if s.TimeLimit, err = timeLimit(opts.timeLimit); err != nil {
		return nil, err
	}
	if opts.allowHTTP {
		s.HTTP = engine.NewRealHTTPClient(engine.NewMocks(s.Mocks), engine.RealHTTPTimeout, engine.RealHTTPMaxBody)
	}
	return s, nil
}

// loadErr turns an error of loading or preparing a run into the command's: what the user named
// wrongly (a file, a flow, an option) is a usage error, exit 2; flows that can't run exit 1.
func loadErr(err error) error {
	if simulation.IsUsageError(err) {
		return &exitError{code: exitUsage, err: err}
	}
	return &exitError{code: exitFindings, err: err}
}

func runRun(cmd *cobra.Command, opts *runOptions, args []string) error {
	if opts.format != "text" && opts.format != "json" {
		return usageErr("--format must be text or json, got %q", opts.format)
	}
	if opts.interactive && opts.format == "json" {
		return usageErr("--interactive prints a transcript: drop --format json")
	}
	s, err := setupRun(opts, args)
	if err != nil {
		return err
	}
	color, err := colorFor(cmd.OutOrStdout(), opts.color)
	if err != nil {
		return err
	}
	style := transcript.Printer{Color: color, RealHTTP: opts.allowHTTP}
	var saved *savedSession
	if opts.saved != "" {
		if opts.session.trigger != "" || opts.session.contact != "" {
			return usageErr("--session continues a saved session: its contact and trigger can't be replaced (drop --contact and --trigger)")
		}
		if saved, err = readSavedSession(opts.saved, opts.session.maxSize); err != nil {
			return err
		}
		if !opts.session.changed("now") && !saved.latest.IsZero() {
			// the clock goes on from where the saved run left it
			s.Now = saved.latest.Add(time.Second)
		}
		// the session's own trigger: building a default one would read the clock
		var st struct {
			Trigger json.RawMessage `json:"trigger"`
		}
		if json.Unmarshal(saved.data, &st) == nil && !bytes.Equal(bytes.TrimSpace(st.Trigger), []byte("null")) {
			s.Trigger = st.Trigger
		}
	}

	// the project's hooks come first, then the scenario's and --hooks
	cfg, err := loadConfig(cmd, s.FlowPath)
	if err != nil {
		return err
	}
	s.HookPaths = append(cfg.HookPaths(), s.HookPaths...)
	media, err := mediaURL(cmd, cfg)
	if err != nil {
		return err
	}
	ld, err := (&simulation.Loader{MaxSize: opts.session.maxSize, Root: opts.root, MediaURL: media}).LoadSetup(s)
	if err != nil {
		return loadErr(err)
	}
	sim, err := simulation.Prepare(s, ld)
	if err != nil {
		return usageErr("%v", err)
	}
	for _, n := range sim.Notes {
		fmt.Fprintf(cmd.ErrOrStderr(), "flowctl: note: %s\n", n)
	}
	warnings := append(s.Warnings(), ld.Warnings()...)
	if saved != nil {
		warnings = append(warnings, simulation.FileWarnings(map[string][]byte{saved.path: saved.file})...)
	}
	printWarnings(cmd.ErrOrStderr(), warnings)
	var session *engine.Session
	if saved != nil {
		if session, err = sim.Engine.ReadSession(saved.data); err != nil {
			return saved.err(err)
		}
		if session.Status != engine.SessionWaiting {
			return usageErr("--session %s: the session is %s: there is nothing to continue", opts.saved, session.Status)
		}
	}

	ho, err := newHandoff(opts)
	if err != nil {
		return err
	}
	out := cmd.OutOrStdout()
	stdin := cmd.InOrStdin()
	given := opts.scenario != "" || len(sim.Simulation.Resumes) > 0 || len(s.Replies) > 0
	switch {
	case opts.interactive || !given && opts.format == "text" && isTerminal(stdin):
		return runInteractive(stdin, out, sim, session, style, !isTerminal(stdin), ho)
	case !given && !isTerminal(stdin):
		// piped replies, one per line, read as the session waits for them
		return runPiped(stdin, out, cmd.ErrOrStderr(), sim, session, opts.format, style, ho)
	}
	head := continuing(session)
	outcome, runErr := sim.Run(session)
	if outcome == nil {
		return &exitError{code: exitFindings, err: runErr}
	}
	if err := writeOutcome(out, outcome.Conversation, head, opts.format, style, runErr, ho); err != nil {
		return err
	}
	if runErr != nil {
		return &exitError{code: exitFindings, err: runErr}
	}
	if outcome.Unused > 0 {
		fmt.Fprintf(cmd.ErrOrStderr(), "flowctl: note: the session %s before the last %d %s: %s ignored\n",
			outcome.Session.Status, outcome.Unused, plural(outcome.Unused, "reply", "replies"), plural(outcome.Unused, "it was", "they were"))
	}
	return failedSession(outcome.Conversation)
}

// failedSession is run's exit status for a session that ended failed (a loop without a wait, an
// action that failed): 1, as docs/exit-codes.md says, though its transcript was printed.
func failedSession(c *simulation.Conversation) error {
	if why := c.Failure(); why != "" {
		return &exitError{code: exitFindings, err: fmt.Errorf("the session failed: %s", why)}
	}
	return nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// writeOutcome prints a run: its transcript, or its JSON. A run stopped by a reply its wait
// can't take shows what it did so far; the JSON says why it stopped in "error".
// head is printed first (what the transcript of a continued session opens with).
// style is how the transcript prints (colour, whether calls go to the network); its writer is w.
func writeOutcome(w io.Writer, c *simulation.Conversation, head []transcript.Entry, format string, style transcript.Printer, runErr error, ho *handoffSetup) error {
	routed, err := ho.route(c)
	if err != nil {
		return err
	}
	if format == "json" {
		return writeRunJSON(w, c, runErr, routed)
	}
	defer func() {
		if routed != nil {
			writeRoutedText(w, routed)
		}
	}()
	p := &style
	p.W = w
	if err := p.Print(head...); err != nil {
		return err
	}
	for _, st := range c.Steps {
		if err := p.Print(transcript.Exchange(st.Resume, st.Sprint)...); err != nil {
			return err
		}
	}
	return p.Print(transcript.End(c.Session.Status))
}

// runError is the "error" of run's JSON output when a reply was refused.
type runError struct {
	Message string `json:"message"`
	// Reply is the refused reply's number (1-based) and what it was.
	Reply   int      `json:"reply,omitempty"`
	Given   string   `json:"given,omitempty"`
	Accepts []string `json:"accepts,omitempty"`
}

// writeRunJSON prints {"sprints": [{"events": [...]}], "session": {...}}, with "error" when the
// run stopped at a refused reply.
func writeRunJSON(w io.Writer, c *simulation.Conversation, runErr error, routed *routedTickets) error {
	sprints := make([]*engine.Sprint, len(c.Steps))
	for i, st := range c.Steps {
		sprints[i] = st.Sprint
	}
	out := struct {
		Sprints []*engine.Sprint `json:"sprints"`
		Session *engine.Session  `json:"session"`
		Error   *runError        `json:"error,omitempty"`
		Routing *routedTickets   `json:"routing,omitempty"`
	}{Sprints: sprints, Session: c.Session, Routing: routed}
	if runErr != nil {
		out.Error = &runError{Message: runErr.Error()}
		var re *simulation.RejectedError
		if errors.As(runErr, &re) {
			out.Error.Reply, out.Error.Given, out.Error.Accepts = re.N, re.Reply.String(), re.Accepts
		}
	}
	// encoded whole before anything is written: a value JSON can't hold would otherwise leave
	// half an object on standard output
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return &exitError{code: exitFindings, err: fmt.Errorf("can't write the run as JSON: %s", engine.EncodeError(err))}
	}
	_, err := w.Write(buf.Bytes())
	return err
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

// savedSession is the session --session names: its JSON, and where it sits in the file, so that
// what is wrong with it can be shown at the file's line and column.
type savedSession struct {
	path string
	file []byte
	data json.RawMessage
	// base is the offset of data in file, and prefix the JSON pointer of data in the file
	// ("/session" for run's whole output, "" for a bare session)
	base   int
	prefix string
	latest time.Time
}

// readSavedSession reads --session: the whole output of run --format json, or only its session.
// It notes the latest time the file records.
func readSavedSession(path string, maxSize int64) (*savedSession, error) {
	data, err := readfile.Read(path, maxSize)
	if err != nil {
		return nil, usageErr("--session: can't read %s: %v", path, pathErr(err))
	}
	s := &savedSession{path: path, file: data, data: data}
	root, serr := jsontree.Parse(data)
	if serr != nil {
		return nil, s.err(&engine.InputError{Offset: serr.Offset, Msg: "invalid JSON: " + serr.Msg})
	}
	if root.Kind != jsontree.Object {
		return nil, s.err(&engine.InputError{Offset: root.Start, Msg: "expected a JSON object (the output of run --format json, or its \"session\")"})
	}
	s.latest = latestTime(data)
	if root.Get("sprints") == nil && root.Get("session") == nil {
		return s, nil
	}
	sn := root.Get("session")
	if sn == nil || sn.Kind == jsontree.Null {
		return nil, s.err(&engine.InputError{Pointer: "/session", Offset: root.Start, Msg: "it holds no session to continue"})
	}
	s.data, s.base, s.prefix = sn.Raw(), sn.Start, "/session"
	return s, nil
}

// err words a problem with the saved session at its place in the file: --session
// PATH:LINE:COL: POINTER: what is wrong. Other errors are named with the file.
func (s *savedSession) err(err error) error {
	var ie *engine.InputError
	if !errors.As(err, &ie) {
		return usageErr("--session %s: %v", s.path, err)
	}
	off := ie.Offset
	if off >= 0 {
		off += s.base
	} else {
		off = s.base
	}
	line, col := findings.NewLines(s.file).Position(off)
	at := s.prefix + ie.Pointer
	if at != "" {
		at += ": "
	}
	return usageErr("--session %s:%d:%d: %s%s", s.path, line, col, at, ie.Msg)
}

// startConversation starts the session, or takes up the saved one.
func startConversation(sim *simulation.Simulation, saved *engine.Session) (*simulation.Conversation, error) {
	if saved != nil {
		return sim.Continue(saved), nil
	}
	sim.LimitSprint()
	c, err := sim.Start()
	if err != nil {
		return nil, &exitError{code: exitFindings, err: sim.LimitErr(err)}
	}
	return c, nil
}

// runPiped takes the replies from piped standard input, one per line, as the session waits for
// them; the transcript shows each. A line the wait can't take ends the run as a refused --input
// does.
func runPiped(stdin io.Reader, out, errOut io.Writer, sim *simulation.Simulation, saved *engine.Session, format string, style transcript.Printer, ho *handoffSetup) error {
	head := continuing(saved)
	c, err := startConversation(sim, saved)
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 64*1024), maxLine)
	var runErr error
	for c.Waiting() && sc.Scan() {
		sim.LimitSprint()
		if _, err := c.Reply(simulation.ParseReply(strings.TrimSuffix(sc.Text(), "\r"))); err != nil {
			runErr = sim.LimitErr(err)
			break
		}
	}
	if errors.Is(sc.Err(), bufio.ErrTooLong) {
		runErr = fmt.Errorf("reading stdin: reply %d is longer than %s, the most a line may be", len(c.Steps), readfile.FormatSize(maxLine))
	}
	if err := writeOutcome(out, c, head, format, style, runErr, ho); err != nil {
		return err
	}
	if runErr != nil {
		return &exitError{code: exitFindings, err: runErr}
	}
	if c.Waiting() && len(c.Steps) > 0 {
		fmt.Fprintln(errOut, "flowctl: note: the session still waits: standard input ended (pipe the replies one per line, or pass them with --input)")
	}
	return failedSession(c)
}

// continuing is what the transcript of a saved session taken up again opens with: where it
// waits. Nothing for a new session.
func continuing(saved *engine.Session) []transcript.Entry {
	if saved == nil {
		return nil
	}
	return []transcript.Entry{transcript.Continuing(waitingIn(saved))}
}

// waitingIn names the flow a saved session waits in.
func waitingIn(s *engine.Session) string {
	if r := s.ActiveRun(); r != nil {
		return r.Flow.Name
	}
	return ""
}

// flowErr makes the error of a --flow that names no flow: a usage error, exit 2, in every
// command.
func flowErr(err error) error {
	var ufe *flows.UnknownFlowError
	if errors.As(err, &ufe) {
		return &exitError{code: exitUsage, err: err}
	}
	return err
}

// printWarnings writes what input files hold that is legal but rarely meant (see
// simulation.Setup.Warnings); they don't change the exit status, as the reference reads such
// files silently.
func printWarnings(w io.Writer, warnings []string) {
	for _, m := range warnings {
		fmt.Fprintf(w, "flowctl: warning: %s\n", m)
	}
}
