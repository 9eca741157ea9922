package simulation

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/engine"
	"github.com/flowctl/flowctl/flows/scenario"
)

// Runner runs scenario files in-process through the engine, for `flowctl test`. Its Loader reads
// each flow file once for the whole suite. It is safe for concurrent use.
type Runner struct {
	Loader *Loader
	// Coverage gives each result every flow of its files (coverage counts the flows no scenario
	// reached); without it, a result holds only the flows its run read.
	Coverage bool
	// Hooks are hooks files every scenario loads after its own (test --hooks).
	Hooks []string
	// TimeLimit is how long one scenario's run may take (see Setup.TimeLimit).
	TimeLimit time.Duration
	// SprintWork is the evaluation work one sprint may take (see Setup.SprintWork).
	SprintWork int

	mu    sync.Mutex
	known map[string]*knownUUIDs
}

type knownUUIDs struct {
	once sync.Once
	set  map[string]bool
}

// NewRunner returns a runner with a fresh loader that reads files up to maxSize bytes (0 for
// readfile.DefaultMaxSize).
func NewRunner(coverage bool, maxSize int64) *Runner {
	return &Runner{Loader: &Loader{MaxSize: maxSize}, Coverage: coverage}
}

// Run implements scenario.Runner. Files that can't be read, flows that aren't there and inputs
// the engine can't use are *scenario.LoadError (the scenario is unreadable); a flow that can't
// run, or a reply its wait doesn't take, fails the scenario.
func (r *Runner) Run(_ context.Context, sc *scenario.Scenario) (*scenario.Result, error) {
	// the whole file, so that a problem in an input is placed at the file's line and column
	setup, err := parseScenario(sc.Path, sc.Raw, engine.ReadCheckedScenario)
	if err != nil {
		return nil, &scenario.LoadError{Err: err}
	}
	if r.Loader == nil {
		r.Loader = NewLoader()
	}
	setup.HookPaths = append(setup.HookPaths, r.Hooks...)
	setup.TimeLimit = r.TimeLimit
	setup.SprintWork = r.SprintWork
	ld, err := r.Loader.LoadSetup(setup)
	if err != nil {
		if _, blocked := err.(*BlockedError); blocked {
			return nil, err
		}
		return nil, &scenario.LoadError{Err: err}
	}
	sim, err := Prepare(setup, ld)
	if err != nil {
		return nil, &scenario.LoadError{Err: err}
	}
	out, err := sim.Run(nil)
	if err != nil {
		return nil, err
	}
	res, err := Result(out.Conversation)
	if err != nil {
		return nil, err
	}
	res.FlowUUID = ld.Flow.UUID
	paths := append([]string{setup.FlowPath}, setup.AssetPaths...)
	for _, p := range paths {
		res.InputUUIDs = append(res.InputUUIDs, r.knownUUIDs(p))
	}
	if r.Coverage {
		// The assets files' flows come after the flow file's, so that one defined in both
		// counts as the assets file defines it, as runs load it.
		for i, p := range paths {
			what := "flow"
			if i > 0 {
				what = "assets"
			}
			fs, err := r.Loader.FileFlows(p, what)
			if err != nil {
				return nil, &scenario.LoadError{Err: err}
			}
			res.Flows = append(res.Flows[:len(res.Flows):len(res.Flows)], fs...)
		}
	} else {
		res.Flows = ld.Assets.Flows
	}
	return res, nil
}

// knownUUIDs returns the UUIDs written in a file, found once per runner.
func (r *Runner) knownUUIDs(path string) map[string]bool {
	r.mu.Lock()
	if r.known == nil {
		r.known = map[string]*knownUUIDs{}
	}
	k := r.known[path]
	if k == nil {
		k = &knownUUIDs{}
		r.known[path] = k
	}
	r.mu.Unlock()
	k.once.Do(func() {
		f := r.Loader.file(path)
		if f.open("flow") == nil {
			k.set = scenario.KnownUUIDs(f.src)
		}
	})
	return k.set
}

// UnwritableError says an event of a run can't be written as JSON: a time past year 9999, which
// a flow reaches by waiting or expiring centuries after the clock's start. It is a problem of
// the run (of the flow and the clock it was given), not of a file, and never a usage error.
type UnwritableError struct {
	// Event is the event's type; Reason why it can't be written, in the user's terms.
	Event, Reason string
}

func (e *UnwritableError) Error() string {
	return fmt.Sprintf("event %s can't be written as JSON: %s", e.Event, e.Reason)
}

// Result turns a conversation into a scenario result: each sprint's events as JSON, the session's
// status and the path of each run.
func Result(c *Conversation) (*scenario.Result, error) {
	res := &scenario.Result{Status: c.Session.Status}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for _, st := range c.Steps {
		sp := scenario.Sprint{Events: make([]json.RawMessage, 0, len(st.Sprint.Events))}
		for _, e := range st.Sprint.Events {
			buf.Reset()
			if err := enc.Encode(e); err != nil {
				return nil, &UnwritableError{Event: e.Type(), Reason: engine.EncodeError(err)}
			}
			sp.Events = append(sp.Events, json.RawMessage(bytes.TrimSpace(bytes.Clone(buf.Bytes()))))
		}
		res.Sprints = append(res.Sprints, sp)
	}
	for _, run := range c.Session.Runs {
		rp := scenario.RunPath{FlowUUID: run.Flow.UUID}
		for _, s := range run.Path {
			rp.Steps = append(rp.Steps, scenario.Step{NodeUUID: s.NodeUUID, ExitUUID: s.ExitUUID})
		}
		res.Runs = append(res.Runs, rp)
	}
	return res, nil
}

// IsUsageError reports whether an error of Load or Prepare comes from what the user gave (a file,
// a flow name, an option) rather than from the flows: commands exit 2 for those.
func IsUsageError(err error) bool {
	var fe *FileError
	var ufe *flows.UnknownFlowError
	var be *BlockedError
	var re *RejectedError
	var ue *UnwritableError
	switch {
	case errors.As(err, &be), errors.As(err, &re), errors.As(err, &ue):
		return false
	case errors.As(err, &fe):
		// a file that can't be opened is a usage error; one whose content can't be read is a
		// finding about the file, as validate reports it
		return fe.Line == 0
	case errors.As(err, &ufe):
		return true
	}
	return true
}

var _ scenario.Runner = (*Runner)(nil)
