package scenario

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"empty", "  \n", "s.json: empty file, expected a JSON object"},
		{"array", "\n[1]", "s.json:2:1: expected a JSON object at the top level"},
		{"syntax", "{\n  \"flow\": \"f.json\",\n  \"inputs\": [\"a\" \"b\"]\n}", "s.json:3:18: invalid JSON: invalid character '\"' after array element"},
		{"truncated", "{\"flow\": \"f.json\",", "s.json:1:19: invalid JSON: unexpected end of file"},
		{"bad last byte", `{"flow": "f"]`, "s.json:1:13: invalid JSON: invalid character ']' after object key:value pair"},
		{"missing flow", `{"inputs": []}`, `s.json:1:1: missing "flow": the flow file, relative to the scenario (or "workflow" for a routing scenario)`},
		{"flow not string", `{"flow": 3}`, `s.json:1:10: "flow" has the wrong shape: got number, expected a string`},
		{"inputs not strings", `{"flow": "f", "inputs": [1]}`, `s.json:1:25: "inputs" has the wrong shape: got number, expected a string`},
		{"outputs shape", `{"flow": "f", "outputs": [{"events": 1}]}`, `s.json:1:26: "outputs" has the wrong shape: number at events, expected a list`},
		{"bad status", `{"flow": "f", "expect_status": "done"}`, `s.json:1:32: "expect_status" must be one of waiting, completed, failed, interrupted, got "done"`},
		{"expect item", "{\"flow\": \"f\",\n \"expect\": [{}, \"x\"]}", `s.json:2:17: each "expect" item must be an object (a partial event)`},
		{"duplicate", `{"flow": "f", "flow": "g"}`, `s.json:1:23: duplicate key "flow"`},
		{"assets shape", `{"flow": "f", "assets": 3}`, `s.json:1:25: "assets" must be a path or a list of paths, relative to the scenario`},
		{"assets empty path", `{"flow": "f", "assets": ["a.json", ""]}`, `s.json:1:36: empty path in "assets", expected an assets file relative to the scenario`},
		{"hooks shape", `{"flow": "f", "hooks": {"a": 1}}`, `s.json:1:24: "hooks" must be a path or a list of paths, relative to the scenario`},
		{"hooks empty path", `{"flow": "f", "hooks": ""}`, `s.json:1:24: empty path in "hooks", expected a hooks file (JavaScript) relative to the scenario`},
		{"trailing", `{"flow": "f"} {}`, `s.json:1:15: invalid JSON: invalid character '{' after top-level value`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("s.json", []byte(tc.src))
			var re *ReadError
			if !errors.As(err, &re) {
				t.Fatalf("got %v, want a *ReadError", err)
			}
			if err.Error() != tc.want {
				t.Errorf("got  %s\nwant %s", err, tc.want)
			}
		})
	}
}

func TestParse(t *testing.T) {
	sc, err := Parse("dir/a.scenario.json", []byte(`{
  "flow": "../flows/x.json",
  "flow_uuid": "11111111-1111-4111-8111-111111111111",
  "inputs": ["hi", "32"],
  "outputs": [{"events": [{"type": "run_started"}]}, {"events": []}],
  "expect": [{"type": "msg_created"}],
  "expect_status": "waiting",
  "custom": {"kept": true}
}`))
	if err != nil {
		t.Fatal(err)
	}
	if sc.FlowFile() != filepath.Join("flows", "x.json") {
		t.Errorf("FlowFile = %q", sc.FlowFile())
	}
	if sc.FlowUUID != "11111111-1111-4111-8111-111111111111" || !reflect.DeepEqual(sc.Inputs, []string{"hi", "32"}) {
		t.Errorf("flow_uuid %q inputs %q", sc.FlowUUID, sc.Inputs)
	}
	if !sc.HasOutputs || len(sc.Outputs) != 2 || len(sc.Outputs[0].Events) != 1 || len(sc.Outputs[1].Events) != 0 {
		t.Errorf("outputs = %+v", sc.Outputs)
	}
	if len(sc.Expect) != 1 || sc.ExpectStatus != "waiting" {
		t.Errorf("expect %s status %q", sc.Expect, sc.ExpectStatus)
	}
	if line, col := sc.Position("outputs", "1", "events"); line != 5 || col != 65 {
		t.Errorf("position of /outputs/1/events = %d:%d, want 5:65", line, col)
	}
	if line, _ := sc.Position("outputs", "7"); line != 5 {
		t.Errorf("position of a missing element should fall back to its parent, got line %d", line)
	}
}

func TestParseAssets(t *testing.T) {
	tests := []struct {
		name, assets string
		want         []string
	}{
		{"one path", `"org.json"`, []string{filepath.Join("dir", "org.json")}},
		{"a list", `["../a.json", "/abs/b.json"]`, []string{"a.json", "/abs/b.json"}},
		{"null", `null`, []string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc, err := Parse("dir/s.json", []byte(`{"flow": "f.json", "assets": `+tc.assets+`}`))
			if err != nil {
				t.Fatal(err)
			}
			if got := sc.AssetFiles(); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("AssetFiles = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestReadFileMissing(t *testing.T) {
	_, err := ReadFile(filepath.Join(t.TempDir(), "nope.scenario.json"), 0)
	var re *ReadError
	if !errors.As(err, &re) || !errors.Is(os.ErrNotExist, os.ErrNotExist) {
		t.Fatalf("got %v", err)
	}
	if re.Msg != "can't read scenario: no such file or directory" {
		t.Errorf("message %q", re.Msg)
	}
}

// TestPositionIndex checks the cached Position against a fresh locate and lineCol for every
// value of a document, the missing ones included, asked in an order that reuses the cache.
func TestPositionIndex(t *testing.T) {
	src := []byte("{\n  \"flow\": \"f.json\",\n  \"outputs\": [\n    {\"events\": [{\"type\": \"a\", \"msg\": {\"text\": \"x\\n\"}},\n      {\"type\": \"b\"}]},\n\t{\"events\": []}\n  ],\n  \"z\": [1, [2, {\"k\": null}]]\n}")
	paths := [][]string{
		{}, {"flow"}, {"outputs"}, {"outputs", "0"}, {"outputs", "0", "events", "1", "type"},
		{"outputs", "0", "events", "0", "msg", "text"}, {"outputs", "1", "events"}, {"outputs", "1", "events", "0"},
		{"outputs", "0", "events", "0"}, {"z", "1", "1", "k"}, {"z", "1", "1", "k", "deeper"}, {"nope"}, {"flow", "x"},
	}
	sc, err := Parse("s.json", src)
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range paths {
		wantLine, wantCol := lineCol(src, locate(src, path))
		if line, col := sc.Position(path...); line != wantLine || col != wantCol {
			t.Errorf("Position(%q) = %d:%d, want %d:%d", path, line, col, wantLine, wantCol)
		}
	}
	if line, col := sc.Position("outputs", "0", "events", "1", "type"); line != 5 || col != 16 {
		t.Errorf("Position of /outputs/0/events/1/type = %d:%d, want 5:16", line, col)
	}
}
