package scenario

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestDiscover(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"b.scenario.json", "a/scenario.json", "a/z.scenario.json", "a/other.json",
		".git/x.scenario.json", "_fixtures/fail.scenario.json", "node_modules/m/n.scenario.json", "c/deep/d.scenario.json"} {
		p := filepath.Join(dir, f)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte("{}"), 0o644)
	}
	got, err := Discover([]string{dir, filepath.Join(dir, "a", "other.json"), filepath.Join(dir, "b.scenario.json")})
	if err != nil {
		t.Fatal(err)
	}
	for i := range got {
		got[i], _ = filepath.Rel(dir, got[i])
	}
	want := []string{"a/scenario.json", "a/z.scenario.json", "b.scenario.json", "c/deep/d.scenario.json", "a/other.json"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if _, err := Discover([]string{filepath.Join(dir, "nope")}); err == nil || !strings.Contains(err.Error(), "no such file or folder") {
		t.Errorf("missing argument: got %v", err)
	}
}

func TestRunAllKeepsOrderAndRunsInParallel(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	for _, name := range []string{"a", "b", "c", "d", "e", "f"} {
		p := filepath.Join(dir, name+".scenario.json")
		os.WriteFile(p, []byte(`{"flow": "f.json", "expect_status": "completed"}`), 0o644)
		paths = append(paths, p)
	}
	var running, peak atomic.Int32
	runner := RunnerFunc(func(_ context.Context, sc *Scenario) (*Result, error) {
		n := running.Add(1)
		defer running.Add(-1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		// Later files finish first, so a wrong order would show.
		time.Sleep(time.Duration(6-strings.Index("abcdef", filepath.Base(sc.Path)[:1])) * 5 * time.Millisecond)
		if strings.HasPrefix(filepath.Base(sc.Path), "c") {
			return &Result{Status: "waiting"}, nil
		}
		return &Result{Status: "completed"}, nil
	})
	var reported []int
	outcomes := RunAll(context.Background(), paths, Options{Runner: runner, Parallel: 3,
		Progress: func(done int) { reported = append(reported, done) }})
	if !reflect.DeepEqual(reported, []int{1, 2, 3, 4, 5, 6}) {
		t.Errorf("progress reported %v", reported)
	}
	for i, o := range outcomes {
		if o.Path != paths[i] {
			t.Errorf("outcome %d is %s, want %s", i, o.Path, paths[i])
		}
		want := StatusPassed
		if i == 2 {
			want = StatusFailed
		}
		if o.Status != want {
			t.Errorf("%s: status %s, want %s", o.Path, o.Status, want)
		}
	}
	if peak.Load() < 2 || peak.Load() > 3 {
		t.Errorf("peak concurrency %d, want 2..3", peak.Load())
	}
}

func TestRunOneErrors(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "g.scenario.json")
	os.WriteFile(good, []byte(`{"flow": "f.json", "expect_status": "completed"}`), 0o644)
	bad := filepath.Join(dir, "bad.scenario.json")
	os.WriteFile(bad, []byte(`{"flow": `), 0o644)

	tests := []struct {
		name   string
		path   string
		runner Runner
		status Status
		errMsg string
	}{
		{"unreadable scenario", bad, fileRunner, StatusError, "bad.scenario.json:1:10: invalid JSON: unexpected end of file"},
		{"unreadable flow", good, RunnerFunc(func(context.Context, *Scenario) (*Result, error) {
			return nil, &LoadError{Err: errors.New("f.json: no such file")}
		}), StatusError, "g.scenario.json: f.json: no such file"},
		{"engine error", good, RunnerFunc(func(context.Context, *Scenario) (*Result, error) {
			return nil, errors.New("boom")
		}), StatusFailed, "g.scenario.json: the run failed: boom"},
		{"engine panic", good, RunnerFunc(func(context.Context, *Scenario) (*Result, error) {
			panic("oops")
		}), StatusFailed, "g.scenario.json: the run failed: the engine panicked: oops"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := RunOne(context.Background(), tc.path, Options{Runner: tc.runner})
			if o.Status != tc.status {
				t.Errorf("status %s, want %s", o.Status, tc.status)
			}
			if o.Err == nil || !strings.HasSuffix(o.Err.Error(), tc.errMsg) {
				t.Errorf("error %v, want one ending %q", o.Err, tc.errMsg)
			}
		})
	}
}

func TestParseRunOutput(t *testing.T) {
	res, err := ParseRunOutput([]byte(`{"sprints": [{"events": [{"type": "run_started"}]}],
	  "session": {"status": "waiting", "runs": [
	    {"flow": {"uuid": "f1"}, "path": [{"uuid": "s1", "node_uuid": "n1", "exit_uuid": "e1"}, {"node_uuid": "n2"}]},
	    {"flow": {"uuid": "f2"}, "path": []}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	want := []RunPath{{FlowUUID: "f1", Steps: []Step{{"n1", "e1"}, {"n2", ""}}}, {FlowUUID: "f2"}}
	if res.Status != "waiting" || len(res.Sprints) != 1 || !reflect.DeepEqual(res.Runs, want) {
		t.Errorf("got %+v", res)
	}
	if _, err := ParseRunOutput([]byte(`{"sprints": 1}`)); err == nil {
		t.Error("want an error for a malformed run output")
	}
}
