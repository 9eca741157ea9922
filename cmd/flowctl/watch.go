package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/scenario"
	filewatch "github.com/flowctl/flowctl/internal/watch"
)

// watchRound is one run of a watched command: what it printed and the files and folders it
// depends on.
type watchRound struct {
	output []byte
	// files changing makes the command run again; in folders (for test) and the folders below
	// them, a new or changed scenario file does too.
	files   []string
	folders []string
}

// watchHook, when set (by tests), is called after each round with its number from 1; returning
// false stops the watch.
var watchHook func(round int) bool

// watch runs round, prints its output, and runs it again whenever one of its files changes,
// clearing the screen (on a terminal) and saying which files changed and what changed in the
// output since the last run. It stops on an interrupt.
func watch(ctx context.Context, out, errOut io.Writer, round func() watchRound) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	w, err := filewatch.New(filewatch.Settle)
	if err != nil {
		return &exitError{code: 3, err: err}
	}
	defer w.Close()

	clear := writerIsTerminal(out)
	var last *watchRound
	var changed []string
	for n := 1; ; n++ {
		r := round()
		if clear {
			fmt.Fprint(out, "\x1b[H\x1b[2J")
		}
		if last != nil {
			fmt.Fprintf(out, "↻ %s changed; run %d at %s\n\n", strings.Join(changed, ", "), n, time.Now().Format("15:04:05"))
		}
		out.Write(r.output)
		if last != nil {
			writeOutputChanges(out, last.output, r.output)
		}
		// the round says again what it depends on: a folder that went away is watched again
		// once it is back
		w.Watch(filewatch.Set{Files: r.files, Trees: r.folders, Skip: flows.SkipFolder,
			Match: func(p string) bool { return scenario.IsScenarioFile(filepath.Base(p)) }})
		files := map[string]bool{}
		for _, f := range r.files {
			files[filewatch.Abs(f)] = true
		}
		fmt.Fprintf(errOut, "flowctl: watching %d %s for changes (Ctrl-C stops)\n", len(files), plural(len(files), "file", "files"))
		last = &r
		if watchHook != nil && !watchHook(n) {
			return nil
		}
		paths, err := w.Next(ctx)
		if err != nil {
			return &exitError{code: 3, err: err}
		}
		if paths == nil {
			return nil // interrupted
		}
		changed = changed[:0]
		for _, p := range paths {
			changed = append(changed, displayPath(p))
		}
	}
}

// displayPath shows a path relative to the current folder when it is inside it.
func displayPath(abs string) string {
	if cwd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(cwd, abs); err == nil && !strings.HasPrefix(rel, "..") {
			return rel
		}
	}
	return abs
}

// writeOutputChanges says which lines of the output are new and which went away since the last
// run (lines that only moved are left out), so a change of behaviour stands out.
func writeOutputChanges(w io.Writer, before, after []byte) {
	old := strings.Split(strings.TrimSpace(string(stripTimings(before))), "\n")
	cur := strings.Split(strings.TrimSpace(string(stripTimings(after))), "\n")
	var gone, added []string
	for _, l := range old {
		if !slices.Contains(cur, l) {
			gone = append(gone, l)
		}
	}
	for _, l := range cur {
		if !slices.Contains(old, l) {
			added = append(added, l)
		}
	}
	if len(gone) == 0 && len(added) == 0 {
		fmt.Fprintln(w, "\nsince the last run: the same output")
		return
	}
	fmt.Fprintln(w, "\nsince the last run:")
	for _, l := range gone {
		fmt.Fprintf(w, "  - %s\n", l)
	}
	for _, l := range added {
		fmt.Fprintf(w, "  + %s\n", l)
	}
}

// stripTimings drops the time a test report took, which changes every run.
func stripTimings(out []byte) []byte {
	var b bytes.Buffer
	for _, line := range bytes.SplitAfter(out, []byte("\n")) {
		if bytes.HasPrefix(line, []byte("took ")) {
			continue
		}
		b.Write(line)
	}
	return b.Bytes()
}

// watchRun is `flowctl run --watch`: the run again on every change of its flow, assets or
// scenario file.
func watchRun(cmd *cobra.Command, opts *runOptions, args []string) error {
	if opts.interactive || opts.saved != "" {
		return usageErr("--watch runs the flow again on changes: it can't take typed replies (--interactive) or continue a --session")
	}
	return watch(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr(), func() watchRound {
		var buf bytes.Buffer
		sub := *cmd
		sub.SetOut(&buf)
		sub.SetErr(&buf)
		sub.SetIn(strings.NewReader(""))
		if err := runRun(&sub, opts, args); err != nil {
			if ee, ok := err.(*exitError); !ok || ee.err != nil {
				fmt.Fprintf(&buf, "flowctl: %v\n", err)
			}
		}
		r := watchRound{output: buf.Bytes()}
		if s, err := setupRun(opts, args); err == nil {
			r.files = append(append(append(r.files, s.FlowPath), s.AssetPaths...), s.HookPaths...)
		} else if len(args) == 1 {
			r.files = append(r.files, args[0])
		}
		for _, f := range []string{opts.scenario, opts.session.contact, opts.session.env, opts.session.mocks} {
			if f != "" {
				r.files = append(r.files, f)
			}
		}
		return r
	})
}

// watchTests is `flowctl test --watch`: the suite again on every change of a scenario, or of a
// flow or assets file a scenario names, and when a scenario file is added.
func watchTests(cmd *cobra.Command, args []string, opts *testOptions) error {
	return watch(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr(), func() watchRound {
		var buf bytes.Buffer
		if err := runTests(cmd.Context(), &buf, io.Discard, args, opts); err != nil {
			if ee, ok := err.(*exitError); !ok || ee.err != nil {
				fmt.Fprintf(&buf, "flowctl: %v\n", err)
			}
		}
		r := watchRound{output: buf.Bytes()}
		paths, _ := scenario.Discover(args)
		for _, p := range paths {
			r.files = append(r.files, p)
			if sc, err := scenario.ReadFile(p, opts.session.maxSize); err == nil {
				r.files = append(append(append(r.files, sc.FlowFile()), sc.AssetFiles()...), sc.HookFiles()...)
				r.files = append(r.files, opts.hooks...)
			}
		}
		folders := args
		if len(folders) == 0 {
			folders = []string{"."}
		}
		for _, a := range folders {
			if st, err := os.Stat(a); err == nil && st.IsDir() {
				r.folders = append(r.folders, a)
			}
		}
		return r
	})
}
