package scenario

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestWithOutputs(t *testing.T) {
	sprints := []Sprint{{Events: []json.RawMessage{
		json.RawMessage(`{"type":"msg_created","uuid":"x","msg":{"text":"a<b","urn":"tel:1"}}`),
		json.RawMessage(`{"type": "msg_wait"}`),
	}}, {Events: []json.RawMessage{}}}
	tests := []struct {
		name, src, want string
	}{
		{
			name: "replaces outputs, keeps other keys, their order and spacing",
			src:  "{\n  \"zeta\": 1,\n  \"flow\":   \"f.json\",\n  \"outputs\": [],\n  \"after\": {\"k\": [1,2]}\n}\n",
			want: "{\n  \"zeta\": 1,\n  \"flow\":   \"f.json\",\n  \"outputs\": [\n    {\n      \"events\": [\n" +
				"        {\n          \"type\": \"msg_created\",\n          \"uuid\": \"x\",\n          \"msg\": {\n            \"text\": \"a<b\",\n            \"urn\": \"tel:1\"\n          }\n        },\n" +
				"        {\n          \"type\": \"msg_wait\"\n        }\n      ]\n    },\n    {\n      \"events\": []\n    }\n  ],\n  \"after\": {\"k\": [1,2]}\n}\n",
		},
		{
			name: "follows tab indentation",
			src:  "{\n\t\"flow\": \"f.json\",\n\t\"outputs\": null\n}",
			want: "{\n\t\"flow\": \"f.json\",\n\t\"outputs\": [\n\t\t{\n\t\t\t\"events\": [\n" +
				"\t\t\t\t{\n\t\t\t\t\t\"type\": \"msg_created\",\n\t\t\t\t\t\"uuid\": \"x\",\n\t\t\t\t\t\"msg\": {\n\t\t\t\t\t\t\"text\": \"a<b\",\n\t\t\t\t\t\t\"urn\": \"tel:1\"\n\t\t\t\t\t}\n\t\t\t\t},\n" +
				"\t\t\t\t{\n\t\t\t\t\t\"type\": \"msg_wait\"\n\t\t\t\t}\n\t\t\t]\n\t\t},\n\t\t{\n\t\t\t\"events\": []\n\t\t}\n\t]\n}",
		},
		{
			name: "keeps Windows line endings",
			src:  "{\r\n  \"flow\": \"f.json\",\r\n  \"outputs\": []\r\n}\r\n",
			want: "{\r\n  \"flow\": \"f.json\",\r\n  \"outputs\": [\r\n    {\r\n      \"events\": [\r\n" +
				"        {\r\n          \"type\": \"msg_created\",\r\n          \"uuid\": \"x\",\r\n          \"msg\": {\r\n            \"text\": \"a<b\",\r\n            \"urn\": \"tel:1\"\r\n          }\r\n        },\r\n" +
				"        {\r\n          \"type\": \"msg_wait\"\r\n        }\r\n      ]\r\n    },\r\n    {\r\n      \"events\": []\r\n    }\r\n  ]\r\n}\r\n",
		},
		{
			name: "one-line file stays on one line",
			src:  `{"flow":"f.json","outputs":[],"x":2}`,
			want: `{"flow":"f.json","outputs":[{"events":[{"type":"msg_created","uuid":"x","msg":{"text":"a<b","urn":"tel:1"}},{"type":"msg_wait"}]},{"events":[]}],"x":2}`,
		},
		{
			name: "adds outputs at the end when missing",
			src:  "{\n  \"flow\": \"f.json\",\n  \"inputs\": []\n}\n",
			want: "{\n  \"flow\": \"f.json\",\n  \"inputs\": [],\n  \"outputs\": [\n    {\n      \"events\": [\n" +
				"        {\n          \"type\": \"msg_created\",\n          \"uuid\": \"x\",\n          \"msg\": {\n            \"text\": \"a<b\",\n            \"urn\": \"tel:1\"\n          }\n        },\n" +
				"        {\n          \"type\": \"msg_wait\"\n        }\n      ]\n    },\n    {\n      \"events\": []\n    }\n  ]\n}\n",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc, err := Parse("s.json", []byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			got, err := sc.WithOutputs(sprints)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
			// The result reads back with the new outputs.
			back, err := Parse("s.json", got)
			if err != nil {
				t.Fatalf("rewritten file doesn't parse: %v", err)
			}
			if len(back.Outputs) != 2 || len(back.Outputs[0].Events) != 2 {
				t.Errorf("outputs read back as %+v", back.Outputs)
			}
		})
	}
}

// copyFixture copies the diff fixtures to a temporary folder, to be updated there.
func copyFixture(t *testing.T, names ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join("testdata", "_diff", n))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, n), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestRunOneUpdate(t *testing.T) {
	dir := copyFixture(t, "flow.json", "greet.scenario.json", "greet.run.json")
	path := filepath.Join(dir, "greet.scenario.json")
	before, _ := os.ReadFile(path)

	o := RunOne(context.Background(), path, Options{Runner: fileRunner, Update: true})
	// The events get rewritten, but expect and expect_status still fail: --update can't fix those.
	if o.Status != StatusFailed || !o.Rewritten {
		t.Fatalf("status %s rewritten %v, want failed on expect/expect_status after rewriting", o.Status, o.Rewritten)
	}
	var b strings.Builder
	r := &Report{Outcomes: []Outcome{o}}
	WriteText(&b, r)
	if !strings.Contains(b.String(), "greet.scenario.json (outputs updated; expect or expect_status still fail)\n") ||
		!strings.Contains(b.String(), "\n1 updated\n0 passed, 1 failed\n") {
		t.Errorf("report:\n%s", b.String())
	}
	for _, d := range o.Differences {
		if d.Kind != DiffExpect && d.Kind != DiffStatus {
			t.Errorf("an output difference survived the update: %+v", d)
		}
	}
	after, _ := os.ReadFile(path)
	if string(after) == string(before) {
		t.Fatal("file not updated")
	}
	// Everything before "outputs" and after it is as it was.
	i := strings.Index(string(before), `"outputs"`)
	if string(after[:i]) != string(before[:i]) {
		t.Errorf("text before outputs changed")
	}
	tail := string(before[strings.Index(string(before), `  "expect": [`):])
	if !strings.HasSuffix(string(after), tail) {
		t.Errorf("text after outputs changed; file ends:\n%s", after[len(after)-200:])
	}

	// Now the events match: a second update leaves the file alone.
	st1, _ := os.Stat(path)
	time.Sleep(10 * time.Millisecond)
	o = RunOne(context.Background(), path, Options{Runner: fileRunner, Update: true})
	for _, d := range o.Differences {
		if d.Kind != DiffExpect && d.Kind != DiffStatus {
			t.Errorf("after update the events still differ: %+v", d)
		}
	}
	st2, _ := os.Stat(path)
	if !st2.ModTime().Equal(st1.ModTime()) {
		t.Error("a file whose events match was rewritten")
	}
}

func TestRunOneNeverTouchesPassingFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "ok.scenario.json")
	src := "{\"flow\": \"f.json\",   \"outputs\": [{\"events\": [{\"type\": \"run_started\"}]}]}"
	os.WriteFile(path, []byte(src), 0o644)
	runner := RunnerFunc(func(context.Context, *Scenario) (*Result, error) {
		return resultWith("completed", []string{`{"type":"run_started"}`}), nil
	})
	st1, _ := os.Stat(path)
	time.Sleep(10 * time.Millisecond)
	o := RunOne(context.Background(), path, Options{Runner: runner, Update: true})
	st2, _ := os.Stat(path)
	data, _ := os.ReadFile(path)
	if o.Status != StatusPassed || string(data) != src || !st2.ModTime().Equal(st1.ModTime()) {
		t.Errorf("status %s; a passing file must be left alone", o.Status)
	}
}
