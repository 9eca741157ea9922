package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// consoleBlock is a command and its output: ```console, "$ flowctl ARGS", the output.
var consoleBlock = regexp.MustCompile("(?s)```console\n\\$ flowctl ([^\n]*)\n(.*?)```\n")

// TestHooksDocExamples runs every command of docs/hooks.md with the example hooks files the page
// shows (written to a temporary folder, named as the page names them) and compares the output
// with the page's. go test ./cmd/flowctl -update rewrites the outputs in the page.
func TestHooksDocExamples(t *testing.T) {
	files, commands := runDocExamples(t, "hooks.md", "js")
	if files < 4 || commands < 5 {
		t.Fatalf("found %d example files and %d commands in docs/hooks.md", files, commands)
	}
}

// runDocExamples runs the commands of a page of docs/: the files it shows as
// <!-- example: NAME.EXT --> before a ```EXT block are written to a temporary folder, each
// ```console block's "$ flowctl ARGS" is run there by name, and its output compared with the
// page's (-update rewrites them). It returns how many files and commands the page has.
func runDocExamples(t *testing.T, name, ext string) (files, commands int) {
	t.Helper()
	t.Chdir(filepath.Join("..", ".."))
	page := filepath.Join("docs", name)
	doc, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	exampleFile := regexp.MustCompile("(?s)<!-- example: ([a-z0-9_.-]+\\." + ext + ") -->\n```" + ext + "\n(.*?)```\n")
	dir := t.TempDir()
	found := exampleFile.FindAllSubmatch(doc, -1)
	for _, m := range found {
		if err := os.WriteFile(filepath.Join(dir, string(m[1])), m[2], 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := consoleBlock.ReplaceAllFunc(doc, func(block []byte) []byte {
		m := consoleBlock.FindSubmatch(block)
		line, want := string(m[1]), string(m[2])
		commands++
		args := splitArgs(line)
		for i, a := range args {
			for _, prefix := range []string{"", "@"} {
				f := strings.TrimPrefix(a, prefix)
				if _, err := os.Stat(filepath.Join(dir, f)); err == nil && strings.HasSuffix(f, "."+ext) && strings.HasPrefix(a, prefix) {
					args[i] = prefix + filepath.Join(dir, f)
				}
			}
		}
		var stdout bytes.Buffer
		code := Main(append(args, "--color", "never"), strings.NewReader(""), &stdout, &stdout)
		got := strings.ReplaceAll(stdout.String(), dir+string(filepath.Separator), "")
		got = regexp.MustCompile(`took \d+m?s`).ReplaceAllString(got, "took 12ms")
		if code != 0 {
			got += "(exit status " + string(rune('0'+code)) + ")\n"
		}
		if !validateUpdating() && got != want {
			t.Errorf("docs/%s: $ flowctl %s\n--- got:\n%s--- the page says:\n%s", name, line, got, want)
		}
		return []byte("```console\n$ flowctl " + line + "\n" + got + "```\n")
	})
	if validateUpdating() && !bytes.Equal(out, doc) {
		if err := os.WriteFile(page, out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return len(found), commands
}

// splitArgs splits a command line at spaces, keeping "quoted words" and 'quoted words'
// together (inside single quotes, double quotes are kept as they are, as a shell does).
func splitArgs(line string) []string {
	var args []string
	var cur strings.Builder
	var quote rune
	has := false
	for _, r := range line {
		switch {
		case quote == 0 && (r == '"' || r == '\''):
			quote, has = r, true
		case quote != 0 && r == quote:
			quote = 0
		case r == ' ' && quote == 0:
			if has {
				args = append(args, cur.String())
			}
			cur.Reset()
			has = false
		default:
			cur.WriteRune(r)
			has = true
		}
	}
	if has {
		args = append(args, cur.String())
	}
	return args
}
