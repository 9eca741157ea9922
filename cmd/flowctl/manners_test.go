package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
)

// allCommands walks flowctl's command tree, help command included.
func allCommands() [][]string {
	root := newRootCmd(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{})
	root.InitDefaultHelpCmd()
	var paths [][]string
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		if c.Hidden {
			return
		}
		paths = append(paths, path)
		for _, sub := range c.Commands() {
			walk(sub, append(append([]string{}, path...), sub.Name()))
		}
	}
	walk(root, nil)
	return paths
}

// TestEveryCommandHasAnExample: --help of every command shows at least one example that runs
// that very command.
func TestEveryCommandHasAnExample(t *testing.T) {
	cmds := allCommands()
	if len(cmds) < 9 {
		t.Fatalf("only %d commands found: %v", len(cmds), cmds)
	}
	for _, path := range cmds {
		name := strings.Join(append([]string{"flowctl"}, path...), " ")
		code, out, stderr := runMain(append(path, "--help")...)
		if code != 0 || stderr != "" {
			t.Errorf("%s --help: exit %d, stderr %q", name, code, stderr)
		}
		_, examples, ok := strings.Cut(out, "Examples:\n")
		if !ok {
			t.Errorf("%s --help has no examples", name)
			continue
		}
		if !strings.Contains(examples, name) {
			t.Errorf("%s: no example runs it:\n%s", name, examples)
		}
	}
}

// TestErrorsNameTheFault: a usage error exits with status 2 and names the flag, file, command or
// value at fault.
func TestErrorsNameTheFault(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing-flow.json")
	good := filepath.Join("..", "..", "testdata", "validate", "ok", "messaging.json")
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"frobnicate"}, []string{`"frobnicate"`}},
		{[]string{"validate", "--format", "xml", good}, []string{"--format", `"xml"`}},
		{[]string{"validate", "--colour", "never", good}, []string{"--colour"}},
		{[]string{"validate", missing}, []string{missing}},
		{[]string{"validate", good, "--assets", missing}, []string{missing}},
		{[]string{"graph", missing}, []string{missing}},
		{[]string{"graph", "--format", "png", good}, []string{"--format", `"png"`}},
		{[]string{"eval", "--bogus"}, []string{"--bogus"}},
		{[]string{"run", missing}, []string{missing}},
		{[]string{"test", "--color", "sometimes"}, []string{"--color", `"sometimes"`}},
		{[]string{"completion", "tcsh"}, []string{`"tcsh"`}},
		{[]string{"completion"}, []string{"bash, zsh, fish or powershell"}},
		{[]string{"help", "nope"}, []string{`"nope"`}},
		{[]string{"version", "extra"}, []string{`version takes no arguments, got "extra"`}},
		{[]string{"schema", "a", "b"}, []string{`schema takes no arguments, got "a" "b"`}},
		{[]string{"validate"}, []string{"validate needs at least one PATH"}},
		{[]string{"graph"}, []string{"graph needs a FLOW_FILE"}},
		{[]string{"graph", "a.json", "b.json"}, []string{"graph takes one FLOW_FILE, got 2: a.json b.json"}},
		{[]string{"run", "a.json", "b.json"}, []string{"run takes at most one FLOW_FILE, got 2: a.json b.json"}},
		{[]string{"eval", "@(1)", "@(2)"}, []string{"eval takes at most one TEMPLATE"}},
	}
	for _, tc := range tests {
		code, _, stderr := runMain(tc.args...)
		if code != exitUsage {
			t.Errorf("flowctl %s: exit %d, want %d (stderr %q)", strings.Join(tc.args, " "), code, exitUsage, stderr)
		}
		for _, w := range tc.want {
			if !strings.Contains(stderr, w) {
				t.Errorf("flowctl %s: stderr %q doesn't name %s", strings.Join(tc.args, " "), stderr, w)
			}
		}
		if !strings.HasPrefix(stderr, "flowctl: ") {
			t.Errorf("flowctl %s: stderr %q doesn't start with flowctl:", strings.Join(tc.args, " "), stderr)
		}
	}
}

// TestCompletion: every shell gets its script, bash's parses, and the completion it drives
// offers flowctl's commands and flags.
func TestCompletion(t *testing.T) {
	markers := map[string]string{
		"bash":       "complete -o default -F __start_flowctl flowctl",
		"zsh":        "#compdef flowctl",
		"fish":       "complete -c flowctl",
		"powershell": "Register-ArgumentCompleter",
	}
	for shell, marker := range markers {
		for _, extra := range [][]string{nil, {"--no-descriptions"}} {
			code, out, stderr := runMain(append([]string{"completion", shell}, extra...)...)
			if code != 0 || stderr != "" || !strings.Contains(out, marker) {
				t.Errorf("completion %s %v: exit %d, stderr %q, script without %q", shell, extra, code, stderr, marker)
			}
		}
	}
	if bash, err := exec.LookPath("bash"); err == nil {
		_, script, _ := runMain("completion", "bash")
		cmd := exec.Command(bash, "-n")
		cmd.Stdin = strings.NewReader(script)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("bash -n on the bash script: %v\n%s", err, out)
		}
	}
	// What the scripts ask flowctl when the user presses tab.
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"__complete", ""}, []string{"validate", "eval", "run", "test", "graph", "schema", "completion"}},
		{[]string{"__complete", "validate", "--fo"}, []string{"--format"}},
		{[]string{"__complete", "completion", ""}, []string{"bash", "zsh", "fish", "powershell"}},
	} {
		code, out, stderr := runMain(tc.args...)
		if code != 0 {
			t.Errorf("%v: exit %d, stderr %q", tc.args, code, stderr)
		}
		for _, w := range tc.want {
			if !strings.Contains(out, w+"\t") && !strings.Contains(out, w+"\n") {
				t.Errorf("%v: %q not offered in\n%s", tc.args, w, out)
			}
		}
	}
}

// TestNoColor: on a terminal, text output is coloured unless NO_COLOR is set (to anything but
// the empty string); the progress line needs a terminal too.
func TestNoColor(t *testing.T) {
	tty := openTerminal(t)
	t.Setenv("TERM", "xterm")
	t.Setenv("CI", "")       // the tests may run in CI, where no progress line is drawn
	t.Setenv("NO_COLOR", "") // set but empty counts as not set
	if on, _ := colorFor(tty, "auto"); !on {
		t.Error("no colour on a terminal")
	}
	if newProgress(tty, "validating", progressThreshold) == nil {
		t.Error("no progress line on a terminal")
	}
	t.Setenv("NO_COLOR", "1")
	if on, _ := colorFor(tty, "auto"); on {
		t.Error("colour despite NO_COLOR")
	}
	if on, _ := colorFor(tty, "always"); !on {
		t.Error("--color always overridden by NO_COLOR")
	}
	t.Setenv("TERM", "dumb")
	if newProgress(tty, "validating", progressThreshold) != nil {
		t.Error("progress line on a dumb terminal")
	}
}

// openTerminal opens a pseudo-terminal, so the tests can see what flowctl does on a terminal.
func openTerminal(t *testing.T) *os.File {
	tty, _ := openTerminalPair(t)
	return tty
}

// openTerminalPair returns a terminal and the file to read what is written to it from.
func openTerminalPair(t *testing.T) (tty, ctl *os.File) {
	t.Helper()
	tty, ctl, err := openPTY()
	if err != nil {
		t.Skipf("no pseudo-terminal on this system: %v", err)
	}
	t.Cleanup(func() {
		tty.Close()
		ctl.Close()
	})
	return tty, ctl
}

// TestValidateProgress: validating many files with stderr on a terminal draws a progress line
// and blanks it at the end; the same run into a pipe-like writer writes nothing to stderr.
func TestValidateProgress(t *testing.T) {
	tty, ctl := openTerminalPair(t)
	t.Setenv("TERM", "xterm")
	t.Setenv("CI", "")
	src, err := os.ReadFile(filepath.Join("..", "..", "testdata", "validate", "ok", "messaging.json"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	n := progressThreshold + 10
	for i := range n {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("flow%03d.json", i)), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var out bytes.Buffer
	if code := Main([]string{"validate", dir}, strings.NewReader(""), &out, tty); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if err := ctl.SetReadDeadline(time.Now().Add(2 * time.Second)); err != nil {
		t.Skipf("can't read the terminal with a deadline: %v", err)
	}
	// The terminal hands over what was written in as many reads as it likes: read until the
	// line has been blanked (it ends with "\r") or the deadline passes.
	var shown string
	buf := make([]byte, 64<<10)
	for !strings.HasSuffix(shown, "\r") || len(shown) < 2 {
		got, err := ctl.Read(buf)
		shown += string(buf[:got])
		if err != nil {
			break
		}
	}
	if !strings.HasPrefix(shown, fmt.Sprintf("\rvalidating 0/%d files", n)) || !strings.HasSuffix(shown, "\r") {
		t.Errorf("terminal got %q", shown)
	}
	if strings.Contains(out.String(), "validating") {
		t.Error("progress on stdout")
	}
	var errOut bytes.Buffer
	if code := Main([]string{"validate", dir}, strings.NewReader(""), &out, &errOut); code != 0 || errOut.Len() > 0 {
		t.Errorf("exit %d, stderr %q without a terminal", code, errOut.String())
	}
}
