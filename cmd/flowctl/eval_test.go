package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEvalCommand(t *testing.T) {
	dir := t.TempDir()
	env := filepath.Join(dir, "env.json")
	ctxFile := filepath.Join(dir, "ctx.json")
	notObject := filepath.Join(dir, "array.json")
	writeEvalFile(t, env, `{"date_format": "DD-MM-YYYY", "timezone": "America/Guayaquil"}`)
	writeEvalFile(t, ctxFile, `{"contact": {"__default__": "Ann", "name": "Ann Smith", "fields": {"age": 41.50}}}`)
	writeEvalFile(t, notObject, `[1]`)
	wrongType := filepath.Join(dir, "wrong.json")
	writeEvalFile(t, wrongType, "{\n  \"timezone\": 5\n}")
	badJSON := filepath.Join(dir, "bad.json")
	writeEvalFile(t, badJSON, "{\n  \"a\": 1,\n  bad\n}")
	huge := filepath.Join(dir, "huge.json")
	writeEvalFile(t, huge, "{\"a\": {\n  \"b\": 1e400}}")
	empty := filepath.Join(dir, "empty.json")
	writeEvalFile(t, empty, "")

	tests := []struct {
		name       string
		args       []string
		stdin      string
		wantCode   int
		wantOut    string
		wantErrHas string
	}{
		{"literal", []string{"eval", "hello"}, "", 0, "hello\n", ""},
		{"expression", []string{"eval", "@(1 + 2) and @(0.1 + 0.2)"}, "", 0, "3 and 0.3\n", ""},
		{"context", []string{"eval", "--context", ctxFile, "Hi @contact, @contact.name is @(contact.fields.age + 1)"}, "", 0, "Hi Ann, Ann Smith is 42.5\n", ""},
		{"email stays text", []string{"eval", "--context", ctxFile, "mail ann@example.org"}, "", 0, "mail ann@example.org\n", ""},
		{"env and now", []string{"eval", "--env", env, "--now", "2024-05-01T03:00:00Z", "@(1 / 0)x"}, "", 1, "", "error evaluating @(1 / 0): division by zero"},
		{"missing name", []string{"eval", "@(foo)"}, "", 1, "", "context has no property 'foo'"},
		{"syntax error", []string{"eval", "@(1 +)"}, "", 1, "", "syntax error at offset 5: unexpected end of expression, expected a value\n  @(1 +)\n       ^\n"},
		{"snippet", []string{"eval", "é @(1 / 0) ok"}, "", 1, "", "division by zero\n  é @(1 / 0) ok\n    ^~~~~~~~\n"},
		{"stdin lines", []string{"eval", "-"}, "@(1 + 2)\nplain\n@(2 * 3)\n", 0, "3\nplain\n6\n", ""},
		{"stdin with an error", []string{"eval", "-"}, "@(1 / 0)\n@(2)\n", 1, "\n2\n", "flowctl: line 1: error evaluating @(1 / 0): division by zero"},
		{"stdin keeps lines paired", []string{"eval", "-"}, "a\nb @(foo) c\nd\n", 1, "a\nb  c\nd\n", "flowctl: line 2: error evaluating @(foo): context has no property 'foo'"},
		{"stdin syntax error", []string{"eval", "-"}, "ok\n@(1 +)\n", 1, "ok\n\n", "flowctl: line 2: error evaluating @(1 +): syntax error at offset 5: unexpected end of expression, expected a value\n  @(1 +)\n       ^\n"},
		{"stdin when not a terminal", []string{"eval"}, "@(5)\n", 0, "5\n", ""},
		{"stdin line too long", []string{"eval", "-"}, "ok\n" + strings.Repeat("x", maxLine+1) + "\n", 3, "ok\n", "reading stdin: line 2 is longer than 4 MiB, the most a template line may be"},
		{"bad env", []string{"eval", "--env", notObject, "x"}, "", 2, "", "--env " + notObject + ":1:1: environment: expected an object, got array"},
		{"env of the wrong type", []string{"eval", "--env", wrongType, "x"}, "", 2, "", "--env " + wrongType + ":2:15: environment: /timezone: expected text, got number"},
		{"context not JSON", []string{"eval", "--context", badJSON, "x"}, "", 2, "", "--context " + badJSON + ":3:3: invalid character 'b'"},
		{"context number past float64", []string{"eval", "--context", huge, "x"}, "", 2, "", "--context " + huge + ":2:8: number value out of range"},
		{"context empty", []string{"eval", "--context", empty, "x"}, "", 2, "", "--context " + empty + ": unexpected end of JSON: the file is empty or cut short"},
		{"missing env file", []string{"eval", "--env", filepath.Join(dir, "nope.json"), "x"}, "", 2, "", "no such file"},
		{"context not an object", []string{"eval", "--context", notObject, "x"}, "", 2, "", "expected a JSON object whose keys are the context roots, got array"},
		{"bad now", []string{"eval", "--now", "yesterday", "x"}, "", 2, "", "--now"},
		{"too many args", []string{"eval", "a", "b"}, "", 2, "", "eval takes at most one TEMPLATE, got 2: a b"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := Main(tc.args, strings.NewReader(tc.stdin), &out, &errOut)
			if code != tc.wantCode {
				t.Errorf("exit %d, want %d (stderr %q)", code, tc.wantCode, errOut.String())
			}
			if out.String() != tc.wantOut {
				t.Errorf("stdout %q, want %q", out.String(), tc.wantOut)
			}
			if tc.wantErrHas == "" && errOut.Len() > 0 || !strings.Contains(errOut.String(), tc.wantErrHas) {
				t.Errorf("stderr %q, want it to contain %q", errOut.String(), tc.wantErrHas)
			}
		})
	}
}

func writeEvalFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestEvalPrompt drives the interactive loop directly, since tests have no terminal: it prompts
// before each template, skips blank lines, keeps going after an error and exits cleanly at EOF.
func TestEvalPrompt(t *testing.T) {
	ctx, err := evalContext("", "", "", 0)
	if err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	if err := evalLines(ctx, strings.NewReader("@(1 + 1)\n\n@(1 / 0)\nbye\n"), &out, &errOut, "> "); err != nil {
		t.Fatalf("got %v, want no error in interactive mode", err)
	}
	if want := "> 2\n> > > bye\n> \n"; out.String() != want {
		t.Errorf("stdout %q, want %q", out.String(), want)
	}
	if !strings.Contains(errOut.String(), "division by zero") {
		t.Errorf("stderr %q", errOut.String())
	}
}

// TestEvalTerminalDetection checks that only a terminal makes eval prompt: the null device is a
// character device too, and `flowctl eval < /dev/null` must not print a prompt.
func TestEvalTerminalDetection(t *testing.T) {
	null, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	if isTerminal(null) {
		t.Errorf("%s taken for a terminal", os.DevNull)
	}
	if isTerminal(strings.NewReader("")) {
		t.Error("a reader that is no file taken for a terminal")
	}
	tty, ctl, err := openPTY()
	if err != nil {
		t.Skipf("no pseudo-terminal to check the positive case: %v", err)
	}
	defer tty.Close()
	defer ctl.Close()
	if !isTerminal(tty) {
		t.Error("a pseudo-terminal not taken for a terminal")
	}
}
