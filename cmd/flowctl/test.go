package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/flowctl/flowctl/desktop/timeline"
	"github.com/flowctl/flowctl/flows/scenario"
	"github.com/flowctl/flowctl/flows/simulation"
	"github.com/flowctl/flowctl/flows/transcript"
	"github.com/flowctl/flowctl/internal/readfile"
	"github.com/flowctl/flowctl/internal/writefile"
)

func init() {
	subcommands = append(subcommands, newTestCmd)
}

type testOptions struct {
	update      bool
	strict      bool
	coverage    bool
	coverageOut string
	minCoverage float64
	format      string
	color       string
	parallel    int
	verbose     bool
	// root is the folder besides each scenario's own that its files may come from
	root string
	// timeLimit is --timeout-run: how long one scenario may take
	timeLimit time.Duration
	// sprintWork is --max-sprint-work
	sprintWork int
	// force lets --update, --output and --coverage-out replace read-only files
	force bool

	watch bool
	// hooks are hooks files every scenario (and a recording) loads
	hooks []string

	// Recording a new scenario.
	newFlow string
	session sessionFlags
	output  string
	// Recording a routing scenario: the workspace and the tasks.
	workspace string
	tasks     []string
}

func newTestCmd() *cobra.Command {
	opts := &testOptions{}
	cmd := &cobra.Command{
		Use:   "test [PATH...]",
		Short: "Run scenario files and compare what the flows do with what they expect",
		Long: `Test runs scenario files through the engine and compares the events of each
sprint with the scenario's "outputs", its optional "expect" list (partial events
that must appear in order) and "expect_status". Generated UUIDs and timestamps
are ignored unless --strict. Folders are searched for *.scenario.json and
scenario.json, passing over folders whose names start with "." or "_",
node_modules and vendor; no PATH means the current folder. Desktop scenarios
(*.desktop.json: an agent desktop timeline and what its plugins must get, see
docs/desktop.md) run on the desktop simulator in the same suite.

--update rewrites the outputs of the scenarios whose events differ (and only
their outputs); --new records a new scenario from a simulated run, taking the
same contact and session options as "flowctl run" (--input, --timeout,
--expire, --lang, --field, --trigger, --now, --seed, ...): the same command
records the same file, and the paths in it are relative to where it is written
(the -o file's folder, else the current folder). --watch runs the tests again
whenever a scenario, flow or assets file changes. See docs/testing.md.

Exit status: 0 all passed, 1 some scenario failed (or coverage is below
--min-coverage), 2 bad usage or a file that can't be read.`,
		Example: `  flowctl test
  flowctl test testdata/scenarios --coverage --min-coverage 80
  flowctl test --update
  flowctl test --format junit > report.xml
  flowctl test --new testdata/flows/registration.json --assets testdata/assets/org_assets.json --input Bob --input 32 -o registration.scenario.json
  flowctl test --new testdata/flows/registration.json --lang spa --input /timeout -o no-reply.scenario.json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			// the project's hooks come first, then --hooks
			where := "."
			if opts.newFlow != "" {
				where = opts.newFlow
			} else if len(args) > 0 {
				where = args[0]
			}
			cfg, err := loadConfig(cmd, where)
			if err != nil {
				return err
			}
			opts.hooks = append(cfg.HookPaths(), opts.hooks...)
			if opts.session.mediaURL, err = mediaURL(cmd, cfg); err != nil {
				return err
			}
			if opts.newFlow != "" {
				if len(args) > 0 {
					return usageErr("--new records one scenario and takes no PATH arguments")
				}
				if opts.watch {
					return usageErr("--watch runs the tests again on changes; it doesn't apply to --new")
				}
				for _, name := range []string{"update", "coverage", "coverage-out", "min-coverage", "strict"} {
					if cmd.Flags().Changed(name) {
						return usageErr("--%s applies to running scenarios; --new records one (drop one of them)", name)
					}
				}
				if isRoutingFile(opts.newFlow, opts.session.maxSize) {
					return recordRoutingScenario(cmd, opts)
				}
				for _, name := range []string{"workspace", "task"} {
					if cmd.Flags().Changed(name) {
						return usageErr("--%s applies when recording a routing scenario: --new names a flow file here", name)
					}
				}
				return recordScenario(cmd.OutOrStdout(), cmd.ErrOrStderr(), opts)
			}
			for _, name := range append(sessionFlagNames, "output", "workspace", "task") {
				if cmd.Flags().Changed(name) {
					return usageErr("--%s only applies when recording a scenario with --new", name)
				}
			}
			if opts.watch {
				return watchTests(cmd, args, opts)
			}
			return runTests(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr(), args, opts)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&opts.update, "update", false, "rewrite the outputs of scenarios whose events differ")
	f.BoolVar(&opts.strict, "strict", false, "compare generated UUIDs and timestamps too")
	f.BoolVar(&opts.coverage, "coverage", false, "print node and category coverage per flow")
	f.StringVar(&opts.coverageOut, "coverage-out", "", "write coverage as JSON to this file")
	f.Float64Var(&opts.minCoverage, "min-coverage", 0, "fail when total coverage is below this percentage")
	f.StringVar(&opts.format, "format", "text", "output format: text, json, junit or github")
	f.StringVar(&opts.color, "color", "auto", "colour text output: auto (on a terminal without NO_COLOR), always or never")
	f.IntVarP(&opts.parallel, "parallel", "j", 0, "scenarios run at once (default: one per CPU)")
	f.BoolVarP(&opts.verbose, "verbose", "v", false, "list passing scenarios too")
	addTimeLimit(f, &opts.timeLimit, "each scenario (and a --new recording)")
	addSprintWork(f, &opts.sprintWork)
	f.StringVar(&opts.root, "root", "", "a folder whose files scenarios may name, besides their own folders (default: the git work trees holding the scenario and the current folder)")
	f.BoolVar(&opts.force, "force", false, "let --update, --output and --coverage-out replace read-only files")
	f.BoolVar(&opts.watch, "watch", false, "run the tests again when a scenario, flow or assets file changes, clearing the screen")
	f.StringVar(&opts.newFlow, "new", "", "record a new scenario for this flow file (or routing workflow)")
	opts.session.register(f, "with --new: ")
	addHooksFlag(f, &opts.hooks, "after the configuration's hooks, ")
	addConfigFlags(cmd)
	f.StringVarP(&opts.output, "output", "o", "", "with --new: write the scenario to this file (paths in it relative to its folder) instead of standard output")
	f.StringVar(&opts.workspace, "workspace", "", "with --new on a routing workflow: the workspace its tasks are simulated in")
	f.StringArrayVar(&opts.tasks, "task", nil, "with --new on a routing workflow: a task's attributes as JSON, @FILE or - (repeatable)")
	return cmd
}

func runTests(ctx context.Context, stdout, stderr io.Writer, args []string, opts *testOptions) error {
	var write func(io.Writer, *scenario.Report) error
	switch opts.format {
	case "text":
		write = scenario.WriteText
	case "json":
		write = scenario.WriteJSON
	case "junit":
		write = scenario.WriteJUnit
	case "github":
		write = scenario.WriteGitHub
	default:
		return usageErr("unknown --format %q: expected text, json, junit or github", opts.format)
	}
	color, err := colorFor(stdout, opts.color)
	if err != nil {
		return err
	}
	if opts.parallel < 0 {
		return usageErr("--parallel (-j) must be a number of scenarios at once, or 0 for one per CPU, got %d", opts.parallel)
	}
	if math.IsNaN(opts.minCoverage) || opts.minCoverage < 0 || opts.minCoverage > 100 {
		return usageErr("--min-coverage must be a percentage between 0 and 100, got %g", opts.minCoverage)
	}
	paths, err := scenario.DiscoverFiles(args, func(name string) bool {
		return scenario.IsScenarioFile(name) || timeline.IsScenarioFile(name)
	})
	if err != nil {
		return usageErr("%v", err)
	}
	if len(paths) == 0 {
		where := "the current folder"
		if len(args) > 0 {
			where = strings.Join(args, ", ")
		}
		return usageErr("no scenario files (*.scenario.json, scenario.json or *.desktop.json) in %s", where)
	}
	// scenarios that read with a repeated key or bytes that aren't UTF-8 run as written (the
	// reference reads them so), with a warning; unreadable ones are the suite's to report
	scenarioFiles := map[string][]byte{}
	for _, p := range paths {
		if data, err := readfile.Read(p, opts.session.maxSize); err == nil {
			scenarioFiles[p] = data
		}
	}
	printWarnings(stderr, simulation.ScenarioWarnings(scenarioFiles))
	if ctx == nil {
		ctx = context.Background()
	}

	start := time.Now()
	prog := newProgress(stderr, "testing", len(paths))
	wantCoverage := opts.coverage || opts.coverageOut != "" || opts.minCoverage > 0
	// Desktop scenarios (*.desktop.json) run on the desktop simulator; the rest through the engine.
	var flowPaths, desktopPaths []string
	for _, p := range paths {
		if timeline.IsScenarioFile(filepath.Base(p)) {
			desktopPaths = append(desktopPaths, p)
		} else {
			flowPaths = append(flowPaths, p)
		}
	}
	work, err := sprintWork(opts.sprintWork)
	if err != nil {
		return err
	}
	limit, err := timeLimit(opts.timeLimit)
	if err != nil {
		return err
	}
	runner := newTestRunner(suiteOptions{coverage: wantCoverage, maxSize: opts.session.maxSize, hooks: opts.hooks, root: opts.root, timeLimit: limit, sprintWork: work, mediaURL: opts.session.mediaURL})
	outcomes := scenario.RunAll(ctx, flowPaths, scenario.Options{
		Runner: runner, Strict: opts.strict, Update: opts.update, Parallel: opts.parallel,
		MaxFileSize: opts.session.maxSize, Force: opts.force,
		Progress: prog.Step,
	})
	for _, p := range desktopPaths {
		outcomes = append(outcomes, desktopOutcome(p, opts.update))
		prog.Step(len(outcomes))
	}
	if len(desktopPaths) > 0 {
		order := map[string]int{}
		for i, p := range paths {
			order[p] = i
		}
		sort.SliceStable(outcomes, func(i, j int) bool { return order[outcomes[i].Path] < order[outcomes[j].Path] })
	}
	prog.Done()
	// the flow, assets and routing files the scenarios named, warned of as the scenarios are
	if w, ok := runner.(interface{ Warnings() []string }); ok {
		printWarnings(stderr, w.Warnings())
	}
	report := &scenario.Report{Outcomes: outcomes, MinCoverage: opts.minCoverage, Color: color, Verbose: opts.verbose,
		CoverageTotals: !opts.coverage}
	if wantCoverage {
		cov := scenario.ComputeCoverage(outcomes)
		if opts.coverage || opts.minCoverage > 0 {
			report.Coverage = cov
		}
		if opts.coverageOut != "" {
			data, err := json.MarshalIndent(cov, "", "  ")
			if err == nil {
				err = writefile.Replace(opts.coverageOut, append(data, '\n'), writefile.Options{Force: opts.force})
			}
			if err != nil {
				return &exitError{code: exitUsage, err: err}
			}
		}
	}
	report.Elapsed = time.Since(start)
	if err := write(stdout, report); err != nil {
		return err
	}
	_, failed, unreadable, _ := report.Counts()
	switch {
	case unreadable > 0 || report.NotWritten() > 0:
		return &exitError{code: exitUsage}
	case failed > 0 || report.BelowMinimum():
		return &exitError{code: exitFindings}
	}
	return nil
}

// desktopOutcome runs a desktop scenario and reports it as the suite reports flow scenarios: each
// difference names the plugin message (as the event) and the field inside it.
func desktopOutcome(path string, update bool) scenario.Outcome {
	start := time.Now()
	o := scenario.Outcome{Path: path}
	defer func() { o.Duration = time.Since(start) }()
	res, err := timeline.RunFile(path, update)
	if err != nil {
		o.Status, o.Err = scenario.StatusError, err
		return o
	}
	for _, d := range res.Differences {
		msg := d.Message
		if d.Kind == string(scenario.DiffChanged) {
			msg = "" // the report says "changed" and names the field
		}
		o.Differences = append(o.Differences, scenario.Difference{
			Kind: scenario.DiffKind(d.Kind), Event: d.Item, EventType: "plugin " + d.Plugin, Field: d.Field,
			Expected: d.Expected, Actual: d.Actual, Message: msg, Line: d.Line,
		})
	}
	switch {
	case len(o.Differences) > 0:
		o.Status = scenario.StatusFailed
	case res.Updated:
		o.Status, o.Rewritten = scenario.StatusUpdated, true
	default:
		o.Status = scenario.StatusPassed
	}
	return o
}

// suiteOptions are what the runner of a suite needs to know: whether to measure coverage, the
// largest file to read, the hooks files every scenario loads and the folder (besides each
// scenario's own) their files may come from.
type suiteOptions struct {
	coverage bool
	maxSize  int64
	hooks    []string
	root     string
	// timeLimit is how long one scenario may take (see simulation.Setup.TimeLimit)
	timeLimit time.Duration
	// sprintWork is the evaluation work one sprint may take (see simulation.Setup.SprintWork)
	sprintWork int
	// mediaURL is the base URL legacy flows' relative media URLs are joined to
	mediaURL string
}

// newTestRunner makes the runner of a suite: scenarios run in-process through the engine, each
// flow file read once. Tests replace it to run scenarios against a fake engine.
var newTestRunner = func(o suiteOptions) scenario.Runner {
	flows := simulation.NewRunner(o.coverage, o.maxSize)
	flows.Hooks = o.hooks
	flows.Loader.Root = o.root
	flows.Loader.MediaURL = o.mediaURL
	flows.TimeLimit = o.timeLimit
	flows.SprintWork = o.sprintWork
	return routingRunner{flows: flows, maxSize: o.maxSize, read: &readFiles{maxSize: o.maxSize}}
}

// recordScenario writes a new scenario for a flow: it runs the flow with the given replies and
// records the events as the scenario's outputs, so nobody writes expected events by hand.
func recordScenario(stdout, stderr io.Writer, opts *testOptions) error {
	s := &simulation.Setup{FlowPath: opts.newFlow, Seed: simulation.DefaultSeed}
	mocks, err := opts.session.apply(s)
	if err != nil {
		return err
	}
	printWarnings(stderr, s.Warnings())
	s.HookPaths = append(s.HookPaths, opts.hooks...)
	if s.SprintWork, err = sprintWork(opts.sprintWork); err != nil {
		return err
	}
	if s.TimeLimit, err = timeLimit(opts.timeLimit); err != nil {
		return err
	}
	// The paths are written relative to where the scenario will live: the --output file's
	// folder, else the current folder (the scenario is redirected to a file there).
	dir := "."
	if opts.output != "" {
		dir = filepath.Dir(opts.output)
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return usageErr("can't write %s: no folder %s", opts.output, dir)
		}
	}
	rec, err := simulation.Record(&simulation.Loader{MaxSize: opts.session.maxSize, MediaURL: opts.session.mediaURL}, s, dir, mocks)
	if rec != nil {
		printWarnings(stderr, rec.Warnings)
		for _, n := range rec.Notes {
			fmt.Fprintf(stderr, "flowctl: note: %s\n", n)
		}
	}
	if err != nil {
		var re *simulation.RejectedError
		if errors.As(err, &re) && rec != nil && rec.Outcome != nil {
			// what the run did before the refused reply, to see where it stood
			writeOutcome(stderr, rec.Outcome.Conversation, nil, "text", transcript.Printer{}, nil, nil)
			return &exitError{code: exitFindings, err: fmt.Errorf("nothing recorded: %w", err)}
		}
		if errors.As(err, new(*simulation.FileError)) {
			// as in a suite, where a file that can't be read makes the scenario unreadable
			return &exitError{code: exitUsage, err: err}
		}
		return loadErr(err)
	}
	if rec.Outcome != nil && rec.Outcome.Failure() != "" {
		// a scenario may pin that a flow fails; still, it should be what the user meant
		fmt.Fprintf(stderr, "flowctl: note: the recorded session failed (%s): the scenario expects it to\n", rec.Outcome.Failure())
	}
	if opts.output != "" {
		if err := writefile.Replace(opts.output, rec.Scenario, writefile.Options{Force: opts.force}); err != nil {
			return &exitError{code: exitUsage, err: err}
		}
		return nil
	}
	if cwd, err := os.Getwd(); err == nil {
		fmt.Fprintf(stderr, "flowctl: note: the scenario names its files relative to the current folder (%s): save it there, or write it with -o FILE\n", cwd)
	}
	_, err = stdout.Write(rec.Scenario)
	return err
}
