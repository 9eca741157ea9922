package main

import (
	"encoding/json"
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

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/check"
	"github.com/flowctl/flowctl/flows/read"
	"github.com/flowctl/flowctl/internal/readfile"
)

func init() {
	subcommands = append(subcommands, newValidateCmd)
}

type validateOptions struct {
	assets  []string
	format  string
	color   string
	snippet bool
	maxSize int64
}

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
"_", node_modules and vendor.

Asset references (groups, fields, flows, ...) are looked up in the file's own
assets and those of --assets files. A reference to a missing asset is an error
when an --assets file declares that kind of asset, and a warning otherwise (see
docs/assets.md).

Findings print as path:line:col: severity[code]: message. Codes are listed in
docs/reference/findings.md. Exit status: 0 no errors (warnings allowed), 1 some file has an
error, 2 bad usage or a file that can't be read.`,
		Example: `  flowctl validate flows/
  flowctl validate export.json --assets org_assets.json --format json
  flowctl validate flows/ --format sarif > flowctl.sarif   # for GitHub code scanning, see docs/ci.md`,
		Args: atLeastOne("PATH (a flow file, an export or a folder of them)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runValidate(cmd.OutOrStdout(), cmd.ErrOrStderr(), args, opts)
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&opts.assets, "assets", nil, "an assets document or export listing the workspace's assets: references to assets of a kind it declares must exist (repeatable)")
	f.StringVar(&opts.format, "format", "text", "output format: "+strings.Join(validateFormats, ", ")+" (see docs/exit-codes.md)")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(validateFormats, cobra.ShellCompDirectiveNoFileComp))
	f.StringVar(&opts.color, "color", "auto", "colour text output: auto (on a terminal without NO_COLOR), always or never")
	f.BoolVar(&opts.snippet, "snippet", true, "show the source line under each finding in text output")
	addMaxFileSize(f, &opts.maxSize)
	return cmd
}

// fileResult is one validated file, as the JSON format writes it.
type fileResult struct {
	Path     string          `json:"path"`
	Flows    int             `json:"flows"`
	Findings []flows.Finding `json:"findings"`
	src      []byte
}

// summary counts what validate saw.
type summary struct {
	Files    int `json:"files"`
	Flows    int `json:"flows"`
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
}

func runValidate(stdout, stderr io.Writer, args []string, opts *validateOptions) error {
	if !slices.Contains(validateFormats, opts.format) {
		return usageErr("unknown --format %q: expected %s or %s", opts.format, strings.Join(validateFormats[:len(validateFormats)-1], ", "), validateFormats[len(validateFormats)-1])
	}
	if opts.color != "auto" && opts.color != "always" && opts.color != "never" {
		return usageErr("unknown --color %q: expected auto, always or never", opts.color)
	}
	ioFailed := false
	var problems []string // what couldn't be read, for SARIF's invocation too
	var prog *progress    // nil until there are files to validate
	fail := func(format string, a ...any) {
		prog.Done() // a message mid-way starts on a clean line; the next step redraws
		msg := fmt.Sprintf(format, a...)
		fmt.Fprintf(stderr, "flowctl: %s\n", msg)
		problems = append(problems, msg)
		ioFailed = true
	}

	var assetDocs []*read.Document
	for _, p := range opts.assets {
		src, err := readfile.Read(p, opts.maxSize)
		if err != nil {
			fail("can't read assets file %s: %v", p, pathErr(err))
			continue
		}
		assetDocs = append(assetDocs, read.Read(p, src))
	}

	var workspace *flows.Assets
	if len(assetDocs) > 0 {
		workspace = read.LoadAssets(assetDocs...)
	}
	paths := collectFiles(args, fail)
	results := make([]*fileResult, 0, len(paths))
	var sum summary
	prog = newProgress(stderr, "validating", len(paths))
	for i, p := range paths {
		prog.Step(i)
		src, err := readfile.Read(p, opts.maxSize)
		if err != nil {
			fail("can't read %s: %v", p, pathErr(err))
			continue
		}
		doc := read.Read(p, src)
		res := &fileResult{Path: p, Flows: len(doc.Flows), Findings: check.Check(doc, workspace), src: src}
		if res.Findings == nil {
			res.Findings = []flows.Finding{}
		}
		sum.Files++
		sum.Flows += res.Flows
		for _, f := range res.Findings {
			if f.Severity == flows.SeverityError {
				sum.Errors++
			} else {
				sum.Warnings++
			}
		}
		results = append(results, res)
	}
	prog.Done()
	// Problems in --assets files matter too: a broken assets file makes every reference look
	// missing, so its own findings are shown (errors only; its flows aren't being validated).
	for _, d := range assetDocs {
		if slices.Contains(paths, d.Path) {
			continue // validated above, findings and all
		}
		var errs []flows.Finding
		for _, f := range d.Findings {
			if f.Severity == flows.SeverityError {
				errs = append(errs, f)
			}
		}
		if len(errs) > 0 {
			results = append(results, &fileResult{Path: d.Path, Findings: errs, src: d.Src})
			sum.Errors += len(errs)
		}
	}

	switch opts.format {
	case "sarif":
		if err := writeSARIF(stdout, results, problems); err != nil {
			return &exitError{code: exitUsage, err: err}
		}
	case "github":
		writeGitHub(stdout, results, sum, problems)
	case "junit":
		if err := writeJUnit(stdout, results, problems); err != nil {
			return &exitError{code: exitUsage, err: err}
		}
	case "json":
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(struct {
			Files   []*fileResult `json:"files"`
			Summary summary       `json:"summary"`
		}{results, sum}); err != nil {
			return &exitError{code: exitUsage, err: err}
		}
	default:
		st := newStyle(stdout, opts.color)
		for _, r := range results {
			for _, f := range r.Findings {
				writeFinding(stdout, st, r, f, opts.snippet)
			}
		}
		fmt.Fprintln(stdout, summaryLine(sum))
	}
	switch {
	case ioFailed:
		return &exitError{code: exitUsage}
	case sum.Errors > 0:
		return &exitError{code: exitFindings}
	}
	return nil
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
		lower == "package.json", lower == "package-lock.json", strings.HasPrefix(lower, "tsconfig"):
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

func summaryLine(s summary) string {
	return fmt.Sprintf("%s, %s, %s, %s", count(s.Files, "file"), count(s.Flows, "flow"), count(s.Errors, "error"), count(s.Warnings, "warning"))
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// style holds the ANSI sequences of text output; all empty without colour.
type style struct {
	bold, red, yellow, dim, reset string
}

func newStyle(w io.Writer, mode string) style {
	if on, _ := colorFor(w, mode); !on {
		return style{}
	}
	return style{bold: "\x1b[1m", red: "\x1b[31m", yellow: "\x1b[33m", dim: "\x1b[2m", reset: "\x1b[0m"}
}

func writerIsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// writeFinding prints path:line:col: severity[code]: message (at pointer), then optionally the
// source line with a ^ under the column.
func writeFinding(w io.Writer, st style, r *fileResult, f flows.Finding, snippet bool) {
	sevColor := st.red
	if f.Severity == flows.SeverityWarning {
		sevColor = st.yellow
	}
	at := ""
	if f.Pointer != "" && !strings.Contains(f.Message, "'"+f.Pointer+"'") {
		at = fmt.Sprintf(" %s(at %s)%s", st.dim, f.Pointer, st.reset)
	}
	fmt.Fprintf(w, "%s%s:%d:%d:%s %s%s%s[%s]: %s%s\n", st.bold, r.Path, f.Line, f.Column, st.reset, sevColor, f.Severity, st.reset, f.Code, f.Message, at)
	if !snippet || f.Line < 1 {
		return
	}
	line, col, ok := sourceLine(r.src, f.Line, f.Column)
	if !ok {
		return
	}
	fmt.Fprintf(w, "  %s%s%s\n  %s%s^%s\n", st.dim, line, st.reset, strings.Repeat(" ", col), sevColor, st.reset)
}

// sourceLine returns the text of a line, shortened around the column for long (minified)
// lines, and the marker's column (0-based); the findings reference shows snippets alike.
func sourceLine(src []byte, line, col int) (string, int, bool) {
	return flows.SourceLine(src, line, col)
}
