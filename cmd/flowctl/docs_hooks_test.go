package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// exampleFile marks a hooks file of docs/hooks.md: <!-- example: NAME.js --> before a js block.
var exampleFile = regexp.MustCompile("(?s)<!-- example: ([a-z0-9_-]+\\.js) -->\n```js\n(.*?)```\n")

// consoleBlock is a command and its output: ```console, "$ flowctl ARGS", the output.
var consoleBlock = regexp.MustCompile("(?s)```console\n\\$ flowctl ([^\n]*)\n(.*?)```\n")

// TestHooksDocExamples runs every command of docs/hooks.md with the example hooks files the page
// shows (written to a temporary folder, named as the page names them) and compares the output
// with the page's. go test ./cmd/flowctl -update rewrites the outputs in the page.
func TestHooksDocExamples(t *testing.T) {
	t.Chdir(filepath.Join("..", ".."))
	page := filepath.Join("docs", "hooks.md")
	doc, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files := exampleFile.FindAllSubmatch(doc, -1)
	for _, m := range files {
		if err := os.WriteFile(filepath.Join(dir, string(m[1])), m[2], 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var commands int
	out := consoleBlock.ReplaceAllFunc(doc, func(block []byte) []byte {
		m := consoleBlock.FindSubmatch(block)
		line, want := string(m[1]), string(m[2])
		commands++
		args := splitArgs(line)
		for i, a := range args {
			if _, err := os.Stat(filepath.Join(dir, a)); err == nil && strings.HasSuffix(a, ".js") {
				args[i] = filepath.Join(dir, a)
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
			t.Errorf("docs/hooks.md: $ flowctl %s\n--- got:\n%s--- the page says:\n%s", line, got, want)
		}
		return []byte("```console\n$ flowctl " + line + "\n" + got + "```\n")
	})
	if len(files) < 4 || commands < 5 {
		t.Fatalf("found %d example files and %d commands in %s", len(files), commands, page)
	}
	if validateUpdating() && !bytes.Equal(out, doc) {
		if err := os.WriteFile(page, out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// splitArgs splits a command line at spaces, keeping "quoted words" together.
func splitArgs(line string) []string {
	var args []string
	var cur strings.Builder
	quoted, has := false, false
	for _, r := range line {
		switch {
		case r == '"':
			quoted, has = !quoted, true
		case r == ' ' && !quoted:
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
