package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/read"
	"github.com/flowctl/flowctl/flows/scenario"
	"github.com/flowctl/flowctl/internal/readfile"
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
	maxSize     int64

	// Recording a new scenario.
	newFlow   string
	flow      string
	assets    []string
	inputs    []string
	contact   string
	env       string
	httpMocks string
	output    string
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
node_modules and vendor; no PATH means the current folder.

--update rewrites the outputs of the scenarios whose events differ (and only
their outputs); --new records a new scenario from a simulated run. See
docs/testing.md.

Exit status: 0 all passed, 1 some scenario failed (or coverage is below
--min-coverage), 2 bad usage or a file that can't be read.`,
		Example: `  flowctl test
  flowctl test testdata/scenarios --coverage --min-coverage 80
  flowctl test --update
  flowctl test --format junit > report.xml
  flowctl test --new flows/registration.json --input "Bob" --input 32 > registration.scenario.json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.newFlow != "" {
				if len(args) > 0 {
					return usageErr("--new records one scenario and takes no PATH arguments")
				}
				return recordScenario(cmd.Context(), cmd.OutOrStdout(), opts)
			}
			for _, name := range []string{"flow", "assets", "input", "contact", "env", "http-mocks", "output"} {
				if cmd.Flags().Changed(name) {
					return usageErr("--%s only applies when recording a scenario with --new", name)
				}
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
	addMaxFileSize(f, &opts.maxSize)
	f.StringVar(&opts.newFlow, "new", "", "record a new scenario for this flow file and print it")
	f.StringVar(&opts.flow, "flow", "", "with --new: the flow to start, by UUID or name (default: the first)")
	f.StringArrayVar(&opts.assets, "assets", nil, "with --new: an assets file the flow needs, recorded in the scenario's \"assets\" (repeatable)")
	f.StringArrayVar(&opts.inputs, "input", nil, "with --new: a reply of the contact (repeatable)")
	f.StringVar(&opts.contact, "contact", "", "with --new: a contact JSON file")
	f.StringVar(&opts.env, "env", "", "with --new: an environment JSON file")
	f.StringVar(&opts.httpMocks, "http-mocks", "", "with --new: an HTTP mocks JSON file (URL → list of {status, body})")
	f.StringVarP(&opts.output, "output", "o", "", "with --new: write the scenario to this file instead of standard output")
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
	if opts.minCoverage < 0 || opts.minCoverage > 100 {
		return usageErr("--min-coverage must be a percentage between 0 and 100, got %g", opts.minCoverage)
	}
	paths, err := scenario.Discover(args)
	if err != nil {
		return usageErr("%v", err)
	}
	if len(paths) == 0 {
		where := "the current folder"
		if len(args) > 0 {
			where = strings.Join(args, ", ")
		}
		return usageErr("no scenario files (*.scenario.json or scenario.json) in %s", where)
	}
	if ctx == nil {
		ctx = context.Background()
	}

	start := time.Now()
	prog := newProgress(stderr, "testing", len(paths))
	outcomes := scenario.RunAll(ctx, paths, scenario.Options{
		Runner: newEngineRunner(opts.maxSize), Strict: opts.strict, Update: opts.update, Parallel: opts.parallel,
		MaxFileSize: opts.maxSize,
		Progress:    prog.Step,
	})
	prog.Done()
	report := &scenario.Report{Outcomes: outcomes, MinCoverage: opts.minCoverage, Color: color, Verbose: opts.verbose}
	if opts.coverage || opts.coverageOut != "" || opts.minCoverage > 0 {
		cov := scenario.ComputeCoverage(outcomes)
		if opts.coverage || opts.minCoverage > 0 {
			report.Coverage = cov
		}
		if opts.coverageOut != "" {
			data, err := json.MarshalIndent(cov, "", "  ")
			if err == nil {
				err = scenario.WriteFileAtomic(opts.coverageOut, append(data, '\n'))
			}
			if err != nil {
				return &exitError{code: exitUsage, err: fmt.Errorf("can't write coverage to %s: %w", opts.coverageOut, err)}
			}
		}
	}
	report.Elapsed = time.Since(start)
	if err := write(stdout, report); err != nil {
		return err
	}
	_, failed, unreadable, _ := report.Counts()
	switch {
	case unreadable > 0:
		return &exitError{code: exitUsage}
	case failed > 0 || report.BelowMinimum():
		return &exitError{code: exitFindings}
	}
	return nil
}

// colorFor decides whether text output is coloured: auto means on a terminal and without
// NO_COLOR (https://no-color.org).
func colorFor(w io.Writer, mode string) (bool, error) {
	switch mode {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "auto":
		if os.Getenv("NO_COLOR") != "" {
			return false, nil
		}
		f, ok := w.(*os.File)
		if !ok {
			return false, nil
		}
		st, err := f.Stat()
		return err == nil && st.Mode()&os.ModeCharDevice != 0, nil
	}
	return false, usageErr("unknown --color %q: expected auto, always or never", mode)
}

// runScenarioJSON runs one scenario file and returns what `flowctl run --scenario FILE --format
// json` prints, so that `flowctl test` checks exactly what users and the conformance scripts see.
// An input run can't use is a *scenario.LoadError. maxSize is run's --max-file-size.
var runScenarioJSON = func(_ context.Context, path string, maxSize int64) ([]byte, error) {
	var out, errOut bytes.Buffer
	args := []string{"run", "--scenario", path, "--format", "json", "--max-file-size", strconv.FormatInt(maxSize, 10)}
	code := Main(args, strings.NewReader(""), &out, &errOut)
	if code != exitOK && !bytes.Contains(out.Bytes(), []byte(`"sprints"`)) {
		msg := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(errOut.String()), "flowctl: "))
		if msg == "" {
			msg = fmt.Sprintf("flowctl run exited with status %d", code)
		}
		if code == exitUsage {
			// run could not use one of the scenario's inputs (a contact, trigger or resume of
			// the wrong shape): the file is unusable, which is not a failure of the flow.
			return nil, &scenario.LoadError{Err: errors.New(msg)}
		}
		return nil, errors.New(msg)
	}
	return out.Bytes(), nil
}

// engineRunner runs scenarios through the engine and adds the flow definitions of each
// scenario's file to its result for coverage. Flow files are read once however many scenarios
// share them.
type engineRunner struct {
	mu      sync.Mutex
	files   map[string]*flowFile
	maxSize int64
}

type flowFile struct {
	once sync.Once
	doc  *read.Document
	err  error
}

func newEngineRunner(maxSize int64) *engineRunner {
	return &engineRunner{files: map[string]*flowFile{}, maxSize: maxSize}
}

// load reads a flow or assets file once. A file that can't be read as flows is a load error: the
// scenario is reported as unreadable rather than failing.
// what ("flow" or "assets") names the file's role in errors; a flow file must hold a flow.
func (r *engineRunner) load(path, what string) (*read.Document, error) {
	r.mu.Lock()
	ff := r.files[path]
	if ff == nil {
		ff = &flowFile{}
		r.files[path] = ff
	}
	r.mu.Unlock()
	ff.once.Do(func() {
		if what == "flow" {
			ff.doc, ff.err = readFlowFile(path, r.maxSize)
		} else {
			ff.doc, ff.err = readDocument(path, what, r.maxSize)
		}
	})
	return ff.doc, ff.err
}

// readFlowFile reads a flow file and says why it can't be used, if so.
func readFlowFile(path string, maxSize int64) (*read.Document, error) {
	doc, err := readDocument(path, "flow", maxSize)
	if err != nil {
		return nil, err
	}
	if len(doc.Flows) == 0 {
		return nil, fmt.Errorf("%s: no flows in this file", path)
	}
	return doc, nil
}

// readDocument reads a flow or assets file (what names it in errors) and says why it can't be
// used, if so.
func readDocument(path, what string, maxSize int64) (*read.Document, error) {
	src, err := readfile.Read(path, maxSize)
	if err != nil {
		return nil, fmt.Errorf("can't read %s file %s: %v", what, path, pathErr(err))
	}
	doc := read.Read(path, src)
	for _, f := range doc.Findings {
		switch f.Code {
		case read.CodeInvalidJSON, read.CodeUnknownDocument, read.CodeLegacyFormat, read.CodeReaderPanic:
			return nil, fmt.Errorf("%s:%d:%d: %s", path, f.Line, f.Column, f.Message)
		}
	}
	return doc, nil
}

// Run implements scenario.Runner.
func (r *engineRunner) Run(ctx context.Context, sc *scenario.Scenario) (*scenario.Result, error) {
	doc, err := r.load(sc.FlowFile(), "flow")
	if err != nil {
		return nil, &scenario.LoadError{Err: err}
	}
	// The assets files' flows come after the flow file's, so that one defined in both counts
	// as the assets file defines it, as runs load it.
	fs := doc.Flows
	for _, path := range sc.AssetFiles() {
		adoc, err := r.load(path, "assets")
		if err != nil {
			return nil, &scenario.LoadError{Err: err}
		}
		fs = append(fs[:len(fs):len(fs)], adoc.Flows...)
	}
	out, err := runScenarioJSON(ctx, sc.Path, r.maxSize)
	if err != nil {
		return nil, err
	}
	res, err := scenario.ParseRunOutput(out)
	if err != nil {
		return nil, err
	}
	res.Flows = fs
	res.FlowUUID = sc.FlowUUID
	if res.FlowUUID == "" {
		res.FlowUUID = doc.Flows[0].UUID
	}
	return res, nil
}

// recordScenario writes a new scenario for a flow: it runs the flow with the given replies and
// records the events as the scenario's outputs, so nobody writes expected events by hand.
func recordScenario(ctx context.Context, stdout io.Writer, opts *testOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	flowPath := opts.newFlow
	doc, err := readFlowFile(flowPath, opts.maxSize)
	if err != nil {
		return usageErr("%v", err)
	}
	flow, err := pickFlow(doc.Flows, opts.flow)
	if err != nil {
		return err
	}
	readJSON := func(path, what string) (json.RawMessage, error) {
		if path == "" {
			return nil, nil
		}
		data, err := readfile.Read(path, opts.maxSize)
		if err != nil {
			return nil, usageErr("can't read %s file %s: %v", what, path, pathErr(err))
		}
		if err := json.Unmarshal(data, new(json.RawMessage)); err != nil {
			line, col, msg := scenario.SyntaxPosition(data, err)
			return nil, usageErr("%s:%d:%d: the %s file is not valid JSON: %s", path, line, col, what, strings.TrimPrefix(msg, "invalid JSON: "))
		}
		return data, nil
	}
	contact, err := readJSON(opts.contact, "contact")
	if err != nil {
		return err
	}
	if contact == nil {
		contact = defaultContact(flow)
	}
	env, err := readJSON(opts.env, "environment")
	if err != nil {
		return err
	}
	mocks, err := readJSON(opts.httpMocks, "HTTP mocks")
	if err != nil {
		return err
	}
	for _, path := range opts.assets {
		if _, err := readDocument(path, "assets", opts.maxSize); err != nil {
			return usageErr("%v", err)
		}
	}

	// The flow path is written relative to where the scenario will live: the --output file's
	// folder, else the current folder (the scenario is redirected to a file there).
	dir := "."
	if opts.output != "" {
		dir = filepath.Dir(opts.output)
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return usageErr("can't write %s: no folder %s", opts.output, dir)
		}
	}
	build := func(dir string) ([]byte, error) {
		flowRef, err := relativeTo(dir, flowPath)
		if err != nil {
			return nil, err
		}
		kvs := []keyValue{{"flow", flowRef}}
		if len(opts.assets) > 0 {
			refs := make([]string, len(opts.assets))
			for i, p := range opts.assets {
				if refs[i], err = relativeTo(dir, p); err != nil {
					return nil, err
				}
			}
			kvs = append(kvs, keyValue{"assets", refs})
		}
		return scenarioJSON(append(kvs, []keyValue{
			{"flow_uuid", flow.UUID},
			{"environment", env},
			{"contact", contact},
			{"trigger", nil},
			{"call", nil},
			{"resumes", []any{}},
			{"inputs", append([]string{}, opts.inputs...)},
			{"http_mocks", orEmptyObject(mocks)},
			{"outputs", []any{}},
		}...))
	}

	// Run it from a temporary copy, which names the files relative to the temporary folder.
	tmp, err := os.CreateTemp("", "flowctl-new-*.scenario.json")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	tmpSrc, err := build(filepath.Dir(tmp.Name()))
	if err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(tmpSrc); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	out, err := runScenarioJSON(ctx, tmp.Name(), opts.maxSize)
	if err != nil {
		code := exitFindings
		if errors.As(err, new(*scenario.LoadError)) {
			code = exitUsage // a --contact, --env or --http-mocks file run can't use
		}
		return &exitError{code: code, err: fmt.Errorf("the run failed: %w", err)}
	}
	res, err := scenario.ParseRunOutput(out)
	if err != nil {
		return &exitError{code: exitFindings, err: err}
	}

	src, err := build(dir)
	if err != nil {
		return err
	}
	sc, err := scenario.Parse(opts.output, src)
	if err != nil {
		return err
	}
	final, err := sc.WithOutputs(res.Sprints)
	if err != nil {
		return err
	}
	final = append(final, '\n')
	if opts.output != "" {
		if err := scenario.WriteFileAtomic(opts.output, final); err != nil {
			return &exitError{code: exitUsage, err: fmt.Errorf("can't write %s: %w", opts.output, err)}
		}
		return nil
	}
	_, err = stdout.Write(final)
	return err
}

// relativeTo writes path relative to the folder dir, with forward slashes, as scenario files
// name their files; an absolute path when there is no relative one (another drive).
func relativeTo(dir, path string) (string, error) {
	absPath, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(absDir, absPath)
	if err != nil {
		rel = absPath
	}
	return filepath.ToSlash(rel), nil
}

// pickFlow finds the flow to start by UUID or name, or takes the first.
func pickFlow(fs []*flows.Flow, want string) (*flows.Flow, error) {
	if want == "" {
		return fs[0], nil
	}
	var names []string
	for _, f := range fs {
		if f.UUID == want || strings.EqualFold(f.Name, want) {
			return f, nil
		}
		names = append(names, fmt.Sprintf("%q", f.Name))
	}
	return nil, usageErr("no flow %q in the file; it has %s", want, strings.Join(names, ", "))
}

// defaultContact is the contact a recorded scenario uses when none is given: written into the
// scenario, so replays use the same one.
func defaultContact(flow *flows.Flow) json.RawMessage {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	uuid := fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
	lang := flow.Language
	if lang == "" || lang == "base" {
		lang = "eng"
	}
	// A struct rather than a map keeps the keys in the order people read contacts in.
	c := struct {
		UUID      string         `json:"uuid"`
		Name      string         `json:"name"`
		Language  string         `json:"language"`
		Status    string         `json:"status"`
		CreatedOn string         `json:"created_on"`
		URNs      []string       `json:"urns"`
		Fields    map[string]any `json:"fields"`
		Groups    []any          `json:"groups"`
	}{uuid, "Test Contact", lang, "active", time.Now().UTC().Truncate(time.Second).Format(time.RFC3339),
		[]string{"tel:+12065551212"}, map[string]any{}, []any{}}
	data, _ := json.Marshal(c)
	return data
}

func orEmptyObject(raw json.RawMessage) any {
	if raw == nil {
		return map[string]any{}
	}
	return raw
}

type keyValue struct {
	key   string
	value any
}

// scenarioJSON writes a scenario object with its keys in the documented order, indented by two
// spaces, without HTML escaping (messages often hold < and &).
func scenarioJSON(kvs []keyValue) ([]byte, error) {
	var compact bytes.Buffer
	compact.WriteByte('{')
	for i, kv := range kvs {
		if i > 0 {
			compact.WriteByte(',')
		}
		var v bytes.Buffer
		enc := json.NewEncoder(&v)
		enc.SetEscapeHTML(false)
		value := kv.value
		if raw, ok := value.(json.RawMessage); ok && raw == nil {
			value = nil
		}
		if err := enc.Encode(value); err != nil {
			return nil, err
		}
		fmt.Fprintf(&compact, "%q:", kv.key)
		if err := json.Compact(&compact, v.Bytes()); err != nil {
			return nil, err
		}
	}
	compact.WriteByte('}')
	var out bytes.Buffer
	if err := json.Indent(&out, compact.Bytes(), "", "  "); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
