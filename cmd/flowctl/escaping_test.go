package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOutputsEscapeWhatFilesHold: a flow whose action type, message text and names hold line
// breaks, carriage returns and escape sequences can't forge a line (GitHub takes a line starting
// with "::" as a workflow command, so a crafted action type could add an ::error annotation)
// or draw on the terminal, in any line-based output: validate's text and GitHub formats, test's,
// the run transcript and error messages.
func TestOutputsEscapeWhatFilesHold(t *testing.T) {
	const forged = "\n::error file=a.json,line=1::pwned\r\x1b[31mred\u202e"
	doc := surveyDoc(t)
	flow := doc["flows"].([]any)[0].(map[string]any)
	flow["name"] = "Survey" + forged
	action := flow["nodes"].([]any)[0].(map[string]any)["actions"].([]any)[0].(map[string]any)
	action["text"] = "What is your name?" + forged
	good, _ := json.Marshal(doc)
	action["type"] = "send_msg" + forged
	bad, _ := json.Marshal(doc)

	dir := t.TempDir()
	files := map[string][]byte{
		"good.json": good,
		"bad.json":  bad,
		"good.scenario.json": scenarioJSON(t, map[string]any{"flow": "good.json", "inputs": []string{"Bob" + forged},
			"outputs": []any{map[string]any{"events": []any{map[string]any{"type": "msg_created", "msg": map[string]any{"text": "Hi" + forged}}}}}}),
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	in := func(name string) string { return filepath.Join(dir, name) }
	for _, args := range [][]string{
		{"validate", in("bad.json")},
		{"validate", in("bad.json"), "--format", "github"},
		{"validate", in("good.json"), "--format", "github"},
		{"run", in("good.json"), "--input", "Bob" + forged},
		{"run", in("bad.json")},
		{"test", in("good.scenario.json")},
		{"test", in("good.scenario.json"), "--format", "github"},
		{"flows", in("good.json")},
	} {
		t.Run(strings.Join(args[:len(args)-1], " "), func(t *testing.T) {
			args = append(args, "--color", "never")
			if args[0] == "flows" {
				args = args[:len(args)-2]
			}
			_, out, errOut := runMain(args...)
			all := out + errOut
			if !strings.Contains(all, "pwned") {
				t.Fatalf("the forged text doesn't show at all, so this checks nothing:\n%s", all)
			}
			for _, line := range strings.Split(all, "\n") {
				if strings.HasPrefix(strings.TrimSpace(line), "::error file=a.json") {
					t.Errorf("a forged workflow command: %q", line)
				}
			}
			for _, c := range []string{"\r", "\x1b", "\u202e"} {
				if strings.Contains(all, c) {
					t.Errorf("the output holds %q from the flow:\n%s", c, all)
				}
			}
		})
	}
}

func scenarioJSON(t *testing.T, v any) []byte {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
