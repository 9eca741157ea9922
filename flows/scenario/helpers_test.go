package scenario

import (
	"bytes"
	"context"
	"flag"
	"os"
	"strings"
	"testing"
)

var updateGoldens = flag.Bool("update", false, "rewrite the golden files under testdata/")

// fileRunner is a fake engine: the run of x.scenario.json is read from x.run.json, in the layout
// `flowctl run --format json` prints.
var fileRunner = RunnerFunc(func(_ context.Context, sc *Scenario) (*Result, error) {
	data, err := os.ReadFile(strings.TrimSuffix(sc.Path, ".scenario.json") + ".run.json")
	if err != nil {
		return nil, &LoadError{Err: err}
	}
	return ParseRunOutput(data)
})

// checkGolden compares got with a golden file, or rewrites it with -update.
func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *updateGoldens {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run the test with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (rerun with -update if the change is intended)\n--- got:\n%s\n--- want:\n%s", path, got, want)
	}
}
