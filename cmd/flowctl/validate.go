package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/flowctl/flowctl/findings"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/check"
	"github.com/flowctl/flowctl/flows/engine"
	"github.com/flowctl/flowctl/flows/read"
	"github.com/flowctl/flowctl/internal/readfile"
	"github.com/flowctl/flowctl/internal/writefile"
	"github.com/flowctl/flowctl/jshooks"
	"github.com/flowctl/flowctl/routing"
	"github.com/flowctl/flowctl/validate"
)

func init() {
	subcommands = append(subcommands, newValidateCmd)
}

type validateOptions struct {
	hooks         []string
	assets        []string
	workspace     string
	format        string
	color         string
	snippet       bool
	severity      string
	disable       []string
	enable        []string
	baseline      string
	writeBaseline bool
	force         bool
	jobs          int
	maxSize       int64
}

// validateFormats are the values of flowctl validate's --format.
var validateFormats = validate.Formats

// findingsDocURL is where each finding code is explained; SARIF viewers link a rule's help to it.
const findingsDocURL = "https://github.com/flowctl/flowctl/blob/main/docs/reference/findings.md"

// defaultBaseline is where --write-baseline writes when neither --baseline nor the project's
// configuration names a file.
const defaultBaseline = ".flowctl-baseline.json"

func newValidateCmd() *cobra.Command {
	opts := &validateOptions{}
	cmd := &cobra.Command{
		Use:   "validate PATH...",
		Short: "Check flow files for errors and likely mistakes",
		Long: `Validate checks flow definitions, goflow assets documents and RapidPro/TextIt
exports: JSON syntax, the flow schema, field rules, the graph of nodes and
exits, asset references, @-templates, and lint warnings. A directory is
searched for *.json files, passing over scenario files (*.scenario.json),
package.json and tsconfig files, and folders whose names start with "." or
"_", node_modules and vendor. Files are checked in parallel (--jobs) and
reported in the order of the paths.

Asset references (groups, fields, flows, ...) are looked up in the file's own
assets and those of --assets files. A reference to a missing asset is an error
when an --assets file declares that kind of asset, and a warning otherwise (see
docs/assets.md).

TaskRouter routing documents are recognised among them by their keys and
checked too (routing/... codes, see docs/routing.md): workflows (with their
configuration as an object or a JSON string), bare configurations
({"task_routing": ...}), workspaces (queues, workers, activities, workflows)
and the TaskQueue API's lists of queues. With --workspace, every target's queue
must exist in that workspace.

A problem found in several places of a file (a field missing from the export
and read in twenty templates) is reported once, with its places. Each finding
names its flow and node. --severity, --disable and --enable choose what is
reported; --baseline hides the findings a baseline file records, so that only
new ones are reported (--write-baseline records the current ones). These can
be set for a project in .flowctl.yaml, found in the folder of the first PATH
or a parent (see docs/config.md).

Findings print as path:line:col: severity[code]: message, followed by a table
of the codes found. Codes are listed in docs/reference/findings.md. Exit
status: 0 no errors (warnings allowed), 1 some file has an error, 2 bad usage
or a file that can't be read.`,
		Example: `  flowctl validate flows/
  flowctl validate export.json --assets org_assets.json --format json
  flowctl validate flows/ --format sarif > flowctl.sarif   # for GitHub code scanning, see docs/ci.md
  flowctl validate flows/ --severity error --disable lint
  flowctl validate flows/ --write-baseline                  # accept today's findings
  flowctl validate flows/ --baseline .flowctl-baseline.json # report only new ones
  flowctl validate routing/ --workspace routing/workspace.json`,
		Args: atLeastOne("PATH (a flow file, an export or a folder of them)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runValidate(cmd, args, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.workspace, "workspace", "", "a routing workspace (queues, workers, activities) or a list of queues: workflow targets' queues must exist in it")
	f.StringArrayVar(&opts.assets, "assets", nil, "an assets document or export listing the workspace's assets: references to assets of a kind it declares must exist (repeatable)")
	f.StringVar(&opts.format, "format", "text", "output format: "+strings.Join(validateFormats, ", ")+" (see docs/exit-codes.md)")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(validateFormats, cobra.ShellCompDirectiveNoFileComp))
	f.StringVar(&opts.color, "color", "auto", "colour text output: auto (on a terminal without NO_COLOR), always or never")
	f.BoolVar(&opts.snippet, "snippet", true, "show the source line under each finding in text output")
	f.StringVar(&opts.severity, "severity", "", "the least severe findings reported: warning (all, the default) or error")
	_ = cmd.RegisterFlagCompletionFunc("severity", cobra.FixedCompletions(validate.Severities, cobra.ShellCompDirectiveNoFileComp))
	f.StringSliceVar(&opts.disable, "disable", nil, "don't report these codes (comma-separated; a layer such as lint stands for all its codes)")
	f.StringSliceVar(&opts.enable, "enable", nil, "report these codes even where the configuration disables them")
	f.StringVar(&opts.baseline, "baseline", "", "hide the findings this baseline file records, reporting only new ones")
	f.BoolVar(&opts.writeBaseline, "write-baseline", false, "record the current findings in the baseline file (--baseline, the configuration's, or "+defaultBaseline+") and exit 0")
	f.BoolVar(&opts.force, "force", false, "let --write-baseline replace a read-only baseline file")
	f.IntVarP(&opts.jobs, "jobs", "j", 0, "files checked at once (default: one per CPU); files checked together add up to at most 1 MiB a job (2 MiB at least), and a larger export is checked alone")
	addMaxFileSize(f, &opts.maxSize)
	addMediaURL(f)
	addConfigFlags(cmd)
	addHooksFlag(f, &opts.hooks, "their custom action types (registerAction) are read and checked against their schemas; after the configuration's hooks, ")
	return cmd
}

func runValidate(cmd *cobra.Command, args []string, opts *validateOptions) error {
	stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
	if !slices.Contains(validateFormats, opts.format) {
		return usageErr("unknown --format %q: expected %s or %s", opts.format, strings.Join(validateFormats[:len(validateFormats)-1], ", "), validateFormats[len(validateFormats)-1])
	}
	color, err := colorFor(stdout, opts.color)
	if err != nil {
		return err
	}
	if opts.jobs < 0 {
		return usageErr("--jobs must be 0 (one per CPU) or more, got %d", opts.jobs)
	}
	cfg, err := loadConfig(cmd, args[0])
	if err != nil {
		return err
	}
	vc := cfg.Validate
	// Settings: the flags, else the configuration's; lists add up, the flags' last.
	assets := append(vc.AssetPaths(), opts.assets...)
	severity := firstSet(opts.severity, vc.Severity)
	baselinePath := firstSet(opts.baseline, vc.BaselinePath())

	media, err := mediaURL(cmd, cfg)
	if err != nil {
		return err
	}
	kind := &check.Kind{MediaURL: media}
	// Routing documents (TaskRouter workflows, workspaces, queue lists) are claimed first; every
	// other file is a flow document.
	rkind := &routing.ValidateKind{}
	rules := append(kind.Rules(), rkind.Rules()...)
	filter := validate.NewFilter(rules)
	if err := filter.SetSeverity(severity); err != nil {
		return usageErr("--severity: %v", err)
	}
	for _, step := range []struct {
		from  string
		codes []string
		on    bool
	}{{cfg.Path + ": validate.disable", vc.Disable, false}, {cfg.Path + ": validate.enable", vc.Enable, true},
		{"--disable", opts.disable, false}, {"--enable", opts.enable, true}} {
		set := filter.Disable
		if step.on {
			set = filter.Enable
		}
		if err := set(step.codes...); err != nil {
			return usageErr("%s: %v", step.from, err)
		}
	}

	var problems []string
	var prog *progress // nil until there are files to validate
	fail := func(msg string) {
		prog.Done() // a message mid-way starts on a clean line; the next step redraws
		fmt.Fprintf(stderr, "flowctl: %s\n", msg)
	}
	var base *validate.Baseline
	var record *validate.BaselineWriter
	switch {
	case opts.writeBaseline:
		record = &validate.BaselineWriter{}
		if baselinePath == "" {
			baselinePath = defaultBaseline
		}
	case baselinePath != "":
		if base, err = validate.LoadBaseline(baselinePath); err != nil {
			return usageErr("can't read baseline %s: %v", baselinePath, pathErr(err))
		}
	}

	// Hooks files declare custom action types, which flows are read with.
	readOpts := read.Options{MediaURL: media}
	if hooks := append(cfg.HookPaths(), opts.hooks...); len(hooks) > 0 {
		h := engine.NewHooks()
		if _, err := jshooks.LoadFiles(h, hooks, opts.maxSize, jshooks.Options{}); err != nil {
			return usageErr("%v", err)
		}
		readOpts.Dialect = h.Dialect()
		kind.Dialect = readOpts.Dialect
	}

	var assetDocs []*read.Document
	for _, p := range assets {
		src, err := readfile.Read(p, opts.maxSize)
		if err != nil {
			msg := fmt.Sprintf("can't read assets file %s: %v", p, pathErr(err))
			fail(msg)
			problems = append(problems, msg)
			continue
		}
		assetDocs = append(assetDocs, read.ReadWith(p, src, readOpts))
	}
	if len(assetDocs) > 0 {
		kind.Workspace = read.LoadAssets(assetDocs...)
	}
	var extra []*validate.File
	if wsPath := firstSet(opts.workspace, vc.WorkspacePath()); wsPath != "" {
		ws, ef, msg := readRoutingWorkspace(wsPath, opts.maxSize)
		if msg != "" {
			fail(msg)
			problems = append(problems, msg)
		}
		rkind.Workspace = ws
		if ef != nil {
			extra = append(extra, ef)
		}
	}
	paths := collectFiles(args, func(format string, a ...any) {
		msg := fmt.Sprintf(format, a...)
		fail(msg)
		problems = append(problems, msg)
	})
	// Problems in --assets files matter too: a broken assets file makes every reference look
	// missing, so its own errors are shown (its flows aren't being validated), with the
	// warnings about how it reads (a repeated key, bytes that aren't UTF-8).
	for _, d := range assetDocs {
		if slices.Contains(paths, d.Path) {
			continue // validated with the others, findings and all
		}
		var errs []flows.Finding
		for _, f := range d.Findings {
			if inputFinding(f) {
				errs = append(errs, f)
			}
		}
		if len(errs) > 0 {
			ef := check.File(d, errs)
			ef.Units = nil // its flows aren't validated here
			extra = append(extra, ef)
		}
	}

	fo := validate.FormatOptions{
		Rules: rules, Color: color, Snippet: opts.snippet,
		Tool: "flowctl", Version: versionString(), DocsURL: findingsDocURL,
	}
	// On GitHub Actions, the github format also writes the table of codes to the run's page.
	if p := os.Getenv("GITHUB_STEP_SUMMARY"); p != "" && opts.format == "github" && !opts.writeBaseline {
		if f, err := os.OpenFile(p, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644); err == nil {
			defer f.Close()
			fo.StepSummary = f
		}
	}
	format, err := validate.NewFormat(opts.format, fo)
	if err != nil {
		return usageErr("--format: %v", err)
	}
	out := stdout
	if record != nil {
		out = io.Discard
	}
	prog = newProgress(stderr, "validating", len(paths))
	sum, err := validate.Run(out, format, paths, validate.Options{
		Kinds: []validate.Kind{rkind, kind}, Workers: opts.jobs, Filter: filter, Baseline: base, Record: record,
		Problems: problems, OnProblem: fail, Progress: prog.Step, Extra: extra, LimitMemory: true,
		Read: func(p string) ([]byte, error) { return readfile.Read(p, opts.maxSize) },
	})
	prog.Done()
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	if record != nil {
		data, err := record.Marshal(baselinePath)
		if err == nil {
			err = writefile.Replace(baselinePath, data, writefile.Options{Force: opts.force})
		}
		if err != nil {
			return &exitError{code: exitUsage, err: fmt.Errorf("baseline: %v", err)}
		}
		fmt.Fprintf(stdout, "wrote %s to %s: later runs with --baseline %s report only new ones\n", validate.Count(record.Count(), "finding"), baselinePath, baselinePath)
		if len(sum.Problems) > 0 {
			return &exitError{code: exitUsage}
		}
		return nil
	}
	switch {
	case len(sum.Problems) > 0:
		return &exitError{code: exitUsage}
	case sum.Errors > 0:
		return &exitError{code: exitFindings}
	}
	return nil
}

// firstSet returns the first non-empty value.
func firstSet(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

// pathErr drops the operation and path from a file error, which the message names already.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// notFlowFile says which JSON files a walk passes over: scenario files (flowctl test's) and
// the usual tool configuration. Named on the command line, any file is validated.
func notFlowFile(name string) bool {
	lower := strings.ToLower(name)
	switch {
	case strings.HasSuffix(lower, ".scenario.json"), lower == "scenario.json",
		lower == "package.json", lower == "package-lock.json", strings.HasPrefix(lower, "tsconfig"),
		strings.HasPrefix(lower, ".flowctl-baseline"):
		return true
	}
	return false
}

// collectFiles expands the arguments: files as given, directories walked for *.json in
// lexical order. Missing or unreadable paths are reported through fail.
func collectFiles(args []string, fail func(string, ...any)) []string {
	var out []string
	for _, arg := range args {
		info, err := os.Stat(arg)
		if err != nil {
			fail("can't read %s: %v", arg, pathErr(err))
			continue
		}
		if !info.IsDir() {
			out = append(out, arg)
			continue
		}
		var found []string
		err = filepath.WalkDir(arg, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				fail("can't read %s: %v", p, pathErr(err))
				return nil
			}
			if d.IsDir() {
				if p != arg && flows.SkipFolder(d.Name()) {
					return filepath.SkipDir
				}
				return nil
			}
			// a named pipe or a device called x.json would hang or flood the read: only regular
			// files are taken from a folder
			if strings.EqualFold(filepath.Ext(p), ".json") && !notFlowFile(d.Name()) && readfile.IsRegular(p, d) {
				found = append(found, p)
			}
			return nil
		})
		if err != nil {
			fail("%v", err)
		}
		if len(found) == 0 {
			fail("no flow files (*.json) under %s", arg)
		}
		sort.Strings(found)
		out = append(out, found...)
	}
	return out
}

func writerIsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// sourceLine returns the text of a line, shortened around the column for long (minified)
// lines, and the marker's column (0-based); the findings reference shows snippets alike.
func sourceLine(src []byte, line, col int) (string, int, bool) {
	return findings.NewLines(src).Snippet(line, col)
}

// readRoutingWorkspace reads --workspace: the workspace (nil when unusable), its own errors as a
// file to report, and a message when it can't be read or isn't a workspace.
// inputFinding says whether a finding of a file validate reads as input (--assets, --workspace)
// rather than validates is shown: its errors, which make every reference to it look wrong, and
// the warnings about how it reads (a repeated key, bytes that aren't UTF-8).
func inputFinding(f findings.Finding) bool {
	return f.Severity == findings.SeverityError || f.Code == findings.CodeDuplicateKey || f.Code == findings.CodeInvalidUTF8
}

func readRoutingWorkspace(path string, maxSize int64) (*routing.Workspace, *validate.File, string) {
	src, err := readfile.Read(path, maxSize)
	if err != nil {
		return nil, nil, fmt.Sprintf("can't read workspace %s: %v", path, pathErr(err))
	}
	d := routing.Read(path, src)
	if d.Workspace == nil {
		return nil, nil, fmt.Sprintf("--workspace %s is not a routing workspace or a list of queues (it is a %s)", path, d.Kind)
	}
	var errs []findings.Finding
	for _, f := range d.Findings {
		if inputFinding(f) {
			errs = append(errs, f)
		}
	}
	if len(errs) == 0 {
		return d.Workspace, nil, ""
	}
	return d.Workspace, &validate.File{Path: path, Src: src, Findings: errs}, ""
}
