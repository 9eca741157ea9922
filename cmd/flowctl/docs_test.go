package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// The README's commands and every command's --help examples are run here, so that a renamed flag
// or a moved file fails a test instead of a newcomer. They run in a sandbox laid out like a
// user's project: the repository's testdata, plus the names examples use for a user's own files
// (flows/, export.json, org_assets.json, ...) holding the bundled example.

// docCommand is one command line of the docs.
type docCommand struct {
	where string // README.md:LINE or "flowctl CMD --help"
	line  string
}

// sandbox makes the folder the docs' commands run in and changes into it.
func sandbox(t *testing.T) {
	t.Helper()
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	copies := map[string]string{
		"testdata":              "testdata",
		"flows":                 "testdata/flows",
		"export.json":           "testdata/flows/registration.json",
		"org_assets.json":       "testdata/assets/org_assets.json",
		"env.json":              "testdata/eval/env.json",
		"ctx.json":              "testdata/eval/ctx.json",
		"support.workflow.json": "testdata/routing/support.workflow.json",
		"workspace.json":        "testdata/routing/workspace.json",
		"routing":               "testdata/routing",
		"mocks.json":            "testdata/run/survey.mocks.json",
	}
	for to, from := range copies {
		if err := copyTree(filepath.Join(repo, from), filepath.Join(dir, to)); err != nil {
			t.Fatal(err)
		}
	}
	files := map[string]string{
		"task.json":      `{"type": "support", "language": "es"}`,
		".vscode/.keep":  "",
		"docs/.keep":     "",
		".ci/.keep":      "",
		".flowctl/.keep": "",
	}
	for name, content := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	// what the graph examples shade: the coverage of the bundled scenarios
	if code, out, errOut := runMain("test", "testdata/scenarios", "--coverage-out", "cover.json"); code != 0 {
		t.Fatalf("making cover.json: exit %d\n%s%s", code, out, errOut)
	}
}

func copyTree(from, to string) error {
	return filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		target := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}

// readmeCommands are the flowctl commands of the README's sh blocks, continuation lines joined.
func readmeCommands(t *testing.T) []docCommand {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	var out []docCommand
	inBlock, pending, start := false, "", 0
	for i, line := range strings.Split(string(data), "\n") {
		switch {
		case strings.HasPrefix(line, "```sh"):
			inBlock = true
			continue
		case strings.HasPrefix(line, "```"):
			inBlock = false
			continue
		case !inBlock:
			continue
		}
		if pending == "" {
			start = i + 1
		}
		line = strings.TrimSpace(stripComment(line))
		if strings.HasSuffix(line, "\\") {
			pending += strings.TrimSuffix(line, "\\") + " "
			continue
		}
		line, pending = pending+line, ""
		line = strings.TrimPrefix(line, "go run ./cmd/flowctl ")
		if strings.HasPrefix(line, "flowctl ") || strings.Contains(line, "| flowctl ") {
			out = append(out, docCommand{fmt.Sprintf("README.md:%d", start), line})
		} else if !strings.HasPrefix(line, "go ") && line != "" {
			out = append(out, docCommand{fmt.Sprintf("README.md:%d", start), "flowctl " + line})
		}
	}
	return out
}

// exampleCommands are the lines of every command's Example.
func exampleCommands(root *cobra.Command) []docCommand {
	var out []docCommand
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, line := range strings.Split(c.Example, "\n") {
			if line = strings.TrimSpace(stripComment(line)); line != "" {
				out = append(out, docCommand{c.CommandPath() + " --help", line})
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	return out
}

// stripComment drops a shell comment (a # after a space, outside quotes).
func stripComment(line string) string {
	quote := byte(0)
	for i := 0; i < len(line); i++ {
		switch c := line[i]; {
		case quote != 0:
			if c == quote {
				quote = 0
			} else if c == '\\' && quote == '"' {
				i++
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '#' && (i == 0 || line[i-1] == ' '):
			return line[:i]
		}
	}
	return line
}

// shellWords splits a command line as a POSIX shell does for the simple lines docs hold: words,
// single and double quotes, and the operators |, > and <( ... ).
func shellWords(line string) []string {
	var words []string
	var cur strings.Builder
	inWord := false
	flush := func() {
		if inWord {
			words = append(words, cur.String())
			cur.Reset()
			inWord = false
		}
	}
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == ' ' || c == '\t':
			flush()
		case c == '\'':
			inWord = true
			j := strings.IndexByte(line[i+1:], '\'')
			if j < 0 {
				j = len(line) - i - 1
			}
			cur.WriteString(line[i+1 : i+1+j])
			i += j + 1
		case c == '"':
			inWord = true
			for i++; i < len(line) && line[i] != '"'; i++ {
				if line[i] == '\\' && i+1 < len(line) {
					i++
				}
				cur.WriteByte(line[i])
			}
		case c == '|' || c == '>' || c == ')':
			flush()
			words = append(words, string(c))
		case c == '<' && i+1 < len(line) && line[i+1] == '(':
			flush()
			words = append(words, "<(")
			i++
		default:
			inWord = true
			cur.WriteByte(c)
		}
	}
	flush()
	return words
}

// printfEscapes does what printf does to \n and \t in its format.
var printfEscapes = strings.NewReplacer(`\n`, "\n", `\t`, "\t")

// runDocCommand runs one command line: the flowctl part of it, with what echo or printf pipes
// into it as standard input and its output written where > sends it (inside the sandbox).
func runDocCommand(t *testing.T, line string) (int, string) {
	t.Helper()
	words := shellWords(line)
	// source <(flowctl completion bash): the command inside
	if i := indexOf(words, "<("); i >= 0 {
		words = words[i+1:]
		if j := indexOf(words, ")"); j >= 0 {
			words = words[:j]
		}
	}
	var segments [][]string
	for start, i := 0, 0; i <= len(words); i++ {
		if i == len(words) || words[i] == "|" {
			segments = append(segments, words[start:i])
			start = i + 1
		}
	}
	stdin := ""
	for k, seg := range segments {
		if len(seg) == 0 || seg[0] != "flowctl" {
			continue
		}
		if k > 0 && len(segments[k-1]) >= 2 {
			switch prev := segments[k-1]; prev[0] {
			case "echo":
				stdin = strings.Join(prev[1:], " ") + "\n"
			case "printf":
				stdin = printfEscapes.Replace(prev[1])
			}
		}
		args, target := seg[1:], ""
		if i := indexOf(args, ">"); i >= 0 && i+1 < len(args) {
			args, target = args[:i], args[i+1]
		}
		if longRunning(args) {
			return parseOnly(args)
		}
		var out, errOut bytes.Buffer
		done := make(chan int, 1)
		go func() { done <- Main(args, strings.NewReader(stdin), &out, &errOut) }()
		var code int
		select {
		case code = <-done:
		case <-time.After(30 * time.Second):
			t.Fatalf("%s: still running after 30s", line)
		}
		if target != "" && !filepath.IsAbs(target) && !strings.ContainsAny(target, "$~{") {
			os.MkdirAll(filepath.Dir(target), 0o755)
			os.WriteFile(target, out.Bytes(), 0o644)
		}
		return code, out.String() + errOut.String()
	}
	t.Fatalf("%s: no flowctl command in it", line)
	return 0, ""
}

// longRunning says a command runs until it is stopped (a server, a watch): those are checked
// without running them.
func longRunning(args []string) bool {
	return len(args) > 0 && args[0] == "serve" || indexOf(args, "--watch") >= 0
}

// parseOnly checks a command line that runs until stopped as far as it can without running
// it: the command exists, its flags parse, and the files it names exist.
func parseOnly(args []string) (int, string) {
	root := newRootCmd(strings.NewReader(""), new(bytes.Buffer), new(bytes.Buffer))
	c, rest, err := root.Find(args)
	if err == nil {
		err = c.ParseFlags(rest)
	}
	if err == nil && c.Args != nil {
		err = c.Args(c, c.Flags().Args())
	}
	if err != nil {
		return exitUsage, err.Error()
	}
	for _, a := range c.Flags().Args() {
		if _, err := os.Stat(a); err != nil {
			return exitUsage, err.Error()
		}
	}
	var missing string
	c.Flags().Visit(func(f *pflag.Flag) {
		if v := f.Value.String(); strings.HasSuffix(v, ".json") {
			if _, err := os.Stat(v); err != nil {
				missing = fmt.Sprintf("--%s: %v", f.Name, err)
			}
		}
	})
	if missing != "" {
		return exitUsage, missing
	}
	return exitOK, ""
}

func indexOf(words []string, w string) int {
	for i, x := range words {
		if x == w {
			return i
		}
	}
	return -1
}

// findingsExpected are the commands whose point is to show findings: they may exit 1.
var findingsExpected = regexp.MustCompile(`^flowctl (validate|help validate)`)

// TestDocsCommandsRun runs the README's commands and every command's --help examples in the
// sandbox: each must exit 0 (validate may exit 1, its findings being what it shows), never with a
// usage error. It also checks the run --help examples mention only files that exist here.
func TestDocsCommandsRun(t *testing.T) {
	cmds := readmeCommands(t)
	if len(cmds) < 10 {
		t.Fatalf("found %d README commands: has the README lost its sh blocks?", len(cmds))
	}
	cmds = append(cmds, exampleCommands(newRootCmd(strings.NewReader(""), new(bytes.Buffer), new(bytes.Buffer)))...)
	sandbox(t)
	t.Logf("%d commands", len(cmds))
	for _, c := range cmds {
		code, out := runDocCommand(t, c.line)
		if testing.Verbose() {
			t.Logf("%s: %s → exit %d", c.where, c.line, code)
		}
		ok := code == 0 || code == exitFindings && findingsExpected.MatchString(c.line)
		if !ok {
			t.Errorf("%s: %s\nexit %d:\n%s", c.where, c.line, code, out)
		}
	}
}

// TestShellWords pins the little shell the docs test reads command lines with.
func TestShellWords(t *testing.T) {
	tests := []struct {
		line string
		want string
	}{
		{`flowctl eval '@(upper("hi"))'`, `[flowctl eval @(upper("hi"))]`},
		{`flowctl run f.json --input "Bob \"B\"" --format json > out.json`, `[flowctl run f.json --input Bob "B" --format json > out.json]`},
		{`printf 'a\nb\n' | flowctl run x.json`, `[printf a\nb\n | flowctl run x.json]`},
		{`source <(flowctl completion bash)`, `[source <( flowctl completion bash )]`},
	}
	for _, tc := range tests {
		if got := fmt.Sprint(shellWords(tc.line)); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.line, got, tc.want)
		}
	}
	if got := stripComment(`flowctl eval '# not a comment' # comment`); got != `flowctl eval '# not a comment' ` {
		t.Errorf("stripComment: %q", got)
	}
}
