package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestFlowsCommand(t *testing.T) {
	reg := filepath.Join("..", "..", "testdata", "flows", "registration.json")
	code, out, stderr := runMain("flows", reg)
	want := `NAME                   UUID                                  TYPE       NODES  LANGUAGE  SPEC
"Registration"         bef9073d-db7a-5092-83bf-061cef0fe09b  messaging  7      eng       14.3.0
"Satisfaction Survey"  5e5d3a7b-8041-5ec4-9be4-a61c7e9830d5  messaging  2      eng       14.3.0
`
	if code != 0 || out != want || stderr != "" {
		t.Errorf("exit %d, stderr %q, got\n%s\nwant\n%s", code, stderr, out, want)
	}
	bare := filepath.Join("..", "..", "testdata", "validate", "ok", "voice.json")
	code, out, _ = runMain("flows", reg, bare, "--format", "json")
	var res struct {
		Files []struct {
			Path  string
			Flows []flowListing
		}
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != 0 {
		t.Fatalf("exit %d: %v\n%s", code, err, out)
	}
	if len(res.Files) != 2 || len(res.Files[0].Flows) != 2 || res.Files[0].Flows[1] != (flowListing{Name: "Satisfaction Survey", UUID: "5e5d3a7b-8041-5ec4-9be4-a61c7e9830d5", Type: "messaging", Nodes: 2, Language: "eng", SpecVersion: "14.3.0"}) ||
		len(res.Files[1].Flows) != 1 || res.Files[1].Flows[0].Type != "voice" {
		t.Errorf("got %+v", res)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"flows", filepath.Join("..", "..", "testdata", "validate", "err", "syntax.json")}, "syntax.json: 5:66: unexpected '}'"},
		{[]string{"flows", "missing.json"}, "can't read missing.json: no such file or directory"},
		{[]string{"flows", reg, "--format", "yaml"}, `unknown --format "yaml": expected text or json`},
		{[]string{"flows"}, "flows needs at least one FILE"},
	} {
		code, _, stderr := runMain(tc.args...)
		if code != exitUsage || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
}
