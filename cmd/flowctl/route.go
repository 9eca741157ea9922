package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/flowctl/flowctl/flows/simulation"
	"github.com/flowctl/flowctl/routing"
	"github.com/flowctl/flowctl/routing/sim"
)

func init() {
	subcommands = append(subcommands, newRouteCmd)
}

type routeOptions struct {
	tasks     []string
	workspace string
	workflow  string
	now       string
	format    string
	color     string
	scenario  string
	maxSize   int64
}

func newRouteCmd() *cobra.Command {
	opts := &routeOptions{}
	cmd := &cobra.Command{
		Use:   "route [WORKFLOW]",
		Short: "Explain which queue a TaskRouter workflow sends a task to, or simulate one",
		Long: `Route explains how a TaskRouter workflow routes a task: each filter tried in
order and why it matched or not (every comparison with the values it compared),
then the targets of the matching filter with their cumulative timeouts, the
filters below it the task moves to when they run out, and what happens at the
end. With --workspace, the queues are named and each target lists the workers
who would be offered the task. WORKFLOW is a workflow resource, a bare
configuration ({"task_routing": ...}) or a workspace file holding workflows.

With --scenario, route simulates a routing scenario instead (tasks arriving over
time, workers answering their reservations as scripted) and prints the events in
TaskRouter's own names. With a workspace and no --task, it starts an interactive
simulation: type tasks as JSON, let time pass and answer reservations.

A workflow with errors is still explained with what could be read (a filter
whose expression can't be read matches nothing); the errors are listed on
standard error. A scenario's workflow and workspace must have none.

Exit status: 0 when the task was routed (or the simulation ran), 1 when the
workflow has no configuration that can be read or a scenario's files have
errors (flowctl validate explains them), 2 for bad usage or unreadable files.
See docs/routing.md.`,
		Example: `  flowctl route support.workflow.json --task '{"type":"support","language":"es"}'
  flowctl route support.workflow.json --task @task.json --now 2025-05-10T22:00:00Z --format json
  flowctl route support.workflow.json --workspace workspace.json --task '{"type":"sales"}'
  flowctl route --scenario testdata/routing/escalation.scenario.json
  flowctl route support.workflow.json --workspace workspace.json     # interactive`,
		Args: atMostOne("WORKFLOW"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRoute(cmd, args, opts)
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&opts.tasks, "task", nil, "the task's attributes: a JSON object, @FILE or - for standard input (repeatable; a file may hold a list of tasks)")
	f.StringVar(&opts.workspace, "workspace", "", "a workspace document (queues, workers, activities) or the TaskQueue API's list of queues")
	f.StringVar(&opts.workflow, "workflow", "", "the workflow to use, by name or SID, when the file holds several")
	f.StringVar(&opts.now, "now", "", "the time the task is created, for taskrouter.dayOfWeek and the like (RFC 3339; default: now)")
	f.StringVar(&opts.format, "format", "text", "output format: text or json")
	f.StringVar(&opts.color, "color", "auto", "colour text output: auto, always or never")
	f.StringVar(&opts.scenario, "scenario", "", "simulate a routing scenario file instead of explaining tasks")
	addMaxFileSize(f, &opts.maxSize)
	return cmd
}

func runRoute(cmd *cobra.Command, args []string, opts *routeOptions) error {
	if opts.format != "text" && opts.format != "json" {
		return usageErr("unknown --format %q: expected text or json", opts.format)
	}
	color, err := colorFor(cmd.OutOrStdout(), opts.color)
	if err != nil {
		return err
	}
	p := routing.Painter{On: color}
	// the files read (workflow, workspace, scenario, tasks) are warned of as run warns of its
	// inputs: a repeated key or bytes that aren't UTF-8 read as TaskRouter reads them
	files := &readFiles{maxSize: opts.maxSize}
	read := files.read
	if opts.scenario != "" {
		if len(args) > 0 || len(opts.tasks) > 0 || opts.workspace != "" {
			return usageErr("--scenario names its own workflow, workspace and tasks: give it alone")
		}
		return simulateScenario(cmd.OutOrStdout(), cmd.ErrOrStderr(), opts, files)
	}
	if len(args) == 0 {
		return usageErr("route needs a WORKFLOW file (or --scenario FILE)")
	}
	warn := func(msg string) { fmt.Fprintf(cmd.ErrOrStderr(), "flowctl: note: %s\n", msg) }
	wf, ws, err := loadRouting(args[0], opts.workspace, opts.workflow, read, warn)
	if err != nil {
		return err
	}
	now := time.Now().UTC()
	if opts.now != "" {
		if now, err = parseTime(opts.now); err != nil {
			return usageErr("--now: %v", err)
		}
	}
	if len(opts.tasks) == 0 {
		if ws == nil {
			return usageErr("give a task with --task '{\"type\": \"support\"}', or a --workspace to simulate interactively")
		}
		printWarnings(cmd.ErrOrStderr(), simulation.FileWarnings(files.all()))
		return routeInteractive(cmd.InOrStdin(), cmd.OutOrStdout(), wf, ws, opts.now, now)
	}
	var tasks []map[string]any
	for _, t := range opts.tasks {
		ts, err := readTasks(t, cmd.InOrStdin(), read)
		if err != nil {
			return err
		}
		tasks = append(tasks, ts...)
	}
	printWarnings(cmd.ErrOrStderr(), simulation.FileWarnings(files.all()))
	out := cmd.OutOrStdout()
	var decisions []*routing.Decision
	for i, task := range tasks {
		d := routing.Route(wf, ws, task, now)
		decisions = append(decisions, d)
		if opts.format == "text" {
			if i > 0 {
				fmt.Fprintln(out, strings.Repeat("─", 40))
			}
			if err := d.WriteText(out, task, p); err != nil {
				return err
			}
		}
	}
	if opts.format == "json" {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if len(decisions) == 1 {
			return enc.Encode(decisions[0])
		}
		return enc.Encode(decisions)
	}
	return nil
}

// parseTime reads an RFC 3339 time, or one without a zone (taken as UTC).
func parseTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a time like 2025-05-05T09:30:00Z", s)
}

// readTasks reads --task: a JSON object, @FILE or - (a file or standard input may hold one
// task, a list of tasks, or one task per line).
func readTasks(arg string, stdin io.Reader, read func(string) ([]byte, error)) ([]map[string]any, error) {
	src, where := []byte(arg), "--task"
	switch {
	case arg == "-":
		b, err := io.ReadAll(stdin)
		if err != nil {
			return nil, usageErr("can't read the task from standard input: %v", err)
		}
		src, where = b, "standard input"
	case strings.HasPrefix(arg, "@"):
		b, err := read(arg[1:])
		if err != nil {
			return nil, usageErr("can't read %s: %v", arg[1:], pathErr(err))
		}
		src, where = b, arg[1:]
	}
	trimmed := strings.TrimSpace(string(src))
	if strings.HasPrefix(trimmed, "[") {
		var list []map[string]any
		if err := json.Unmarshal([]byte(trimmed), &list); err != nil {
			return nil, usageErr("%s: expected a JSON list of task attribute objects: %v", where, err)
		}
		return list, nil
	}
	dec := json.NewDecoder(strings.NewReader(trimmed))
	var out []map[string]any
	for dec.More() {
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			return nil, usageErr("%s: expected the task's attributes as a JSON object, like {\"type\": \"support\"}: %v", where, err)
		}
		if m == nil {
			return nil, usageErr("%s: expected the task's attributes as a JSON object, not null", where)
		}
		out = append(out, m)
	}
	if len(out) == 0 {
		return nil, usageErr("%s: no task: expected the task's attributes as a JSON object", where)
	}
	return out, nil
}

// loadRouting reads the workflow (choosing one by name when the file holds several) and the
// workspace. Files with errors are refused with their findings, unless warn is given: then it
// is told of them and what could be read is used (an expression that can't be read matches
// nothing), so that route explains and graph draws an imperfect workflow.
func loadRouting(path, wsPath, which string, read func(string) ([]byte, error), warn func(string)) (*routing.Workflow, *routing.Workspace, error) {
	doc, err := readRoutingDoc(path, read, warn)
	if err != nil {
		return nil, nil, err
	}
	if len(doc.Workflows) == 0 {
		return nil, nil, usageErr("%s holds no workflow (it is a %s)", path, doc.Kind)
	}
	for _, w := range doc.Workflows {
		if w.Config == nil {
			return nil, nil, &exitError{code: exitFindings, err: fmt.Errorf("%s: workflow %q has no configuration that can be read (flowctl validate %s explains why)", path, w.Name(), path)}
		}
	}
	wf := doc.Workflows[0]
	if which != "" || len(doc.Workflows) > 1 {
		var names []string
		wf = nil
		for _, w := range doc.Workflows {
			names = append(names, w.Name())
			if which != "" && (w.FriendlyName == which || w.SID == which) {
				wf = w
			}
		}
		if wf == nil {
			if which == "" {
				return nil, nil, usageErr("%s holds %d workflows: choose one with --workflow (%s)", path, len(names), strings.Join(names, ", "))
			}
			return nil, nil, usageErr("%s has no workflow %q: it has %s", path, which, strings.Join(names, ", "))
		}
	}
	var ws *routing.Workspace
	if doc.Workspace != nil && (doc.Workspace.Declared.Queues || doc.Workspace.Declared.Workers) {
		ws = doc.Workspace
	}
	if wsPath != "" {
		wd, err := readRoutingDoc(wsPath, read, warn)
		if err != nil {
			return nil, nil, err
		}
		if wd.Workspace == nil {
			return nil, nil, usageErr("%s is not a workspace or a list of queues (it is a %s)", wsPath, wd.Kind)
		}
		ws = wd.Workspace
	}
	return wf, ws, nil
}

func readRoutingDoc(path string, read func(string) ([]byte, error), warn func(string)) (*routing.Document, error) {
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		return nil, usageErr("%s is a folder: give a workflow or workspace file", path)
	}
	src, err := read(path)
	if err != nil {
		return nil, usageErr("can't read %s: %v", path, pathErr(err))
	}
	doc := routing.Read(path, src)
	if doc.Kind == routing.NotRouting {
		return nil, usageErr("%s is not a routing workflow, workspace or list of queues", path)
	}
	var errs []string
	for _, f := range doc.Findings {
		if f.Severity == routing.SeverityError {
			errs = append(errs, fmt.Sprintf("%s:%d:%d: %s [%s]", path, f.Line, f.Column, f.Message, f.Code))
		}
	}
	switch {
	case len(errs) == 0:
	case warn == nil:
		return nil, &exitError{code: exitFindings, err: fmt.Errorf("%s has errors (flowctl validate %s explains them):\n%s", path, path, strings.Join(errs, "\n"))}
	default:
		warn(fmt.Sprintf("%s has errors (flowctl validate %s explains them); going on with what could be read:\n%s", path, path, strings.Join(errs, "\n")))
	}
	return doc, nil
}

// simulateScenario runs a routing scenario and prints its events.
func simulateScenario(out, errOut io.Writer, opts *routeOptions, files *readFiles) error {
	src, err := files.read(opts.scenario)
	if err != nil {
		return usageErr("can't read %s: %v", opts.scenario, pathErr(err))
	}
	sc, err := sim.ParseScenario(opts.scenario, src)
	if err != nil {
		return usageErr("%v", err)
	}
	loaded, err := sc.Load(files.read)
	if err != nil {
		return &exitError{code: exitFindings, err: err}
	}
	printWarnings(errOut, simulation.FileWarnings(files.all()))
	s, err := sc.Simulate(loaded)
	if err != nil {
		return usageErr("%v", err)
	}
	if opts.format == "json" {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(struct {
			Events []sim.Event `json:"events"`
		}{s.Events()})
	}
	fmt.Fprintf(out, "simulation from %s\n", sc.Now.Format(time.RFC3339))
	return sim.WriteEvents(out, s.Events())
}

// routeInteractive runs a simulation driven by what is typed.
func routeInteractive(stdin io.Reader, out io.Writer, wf *routing.Workflow, ws *routing.Workspace, nowFlag string, now time.Time) error {
	start := sim.DefaultStart
	if nowFlag != "" {
		start = now
	}
	s := sim.New(wf, ws, start)
	s.Interactive = true
	s.OnEvent = func(e sim.Event) { fmt.Fprintln(out, sim.FormatEvent(e)) }
	ss := &sim.Session{Sim: s}
	fmt.Fprintf(out, "simulating %s from %s\n%s\n", wf.Name(), start.Format(time.RFC3339), sim.SessionHelp)
	in := newLineInput(stdin, out, "> ")
	for {
		line, err := in.ReadLine()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return &exitError{code: 3, err: err}
		}
		msg, quit, err := ss.Exec(line)
		if err != nil {
			fmt.Fprintln(out, "flowctl: "+err.Error())
			continue
		}
		if msg != "" {
			fmt.Fprintln(out, msg)
		}
		if quit {
			return nil
		}
	}
}
