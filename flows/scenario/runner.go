package scenario

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/flowctl/flowctl/flows"
)

// Runner runs a scenario and reports what happened. Implementations must be safe for concurrent
// use: scenarios run in parallel.
type Runner interface {
	Run(ctx context.Context, sc *Scenario) (*Result, error)
}

// RunnerFunc adapts a function to Runner.
type RunnerFunc func(ctx context.Context, sc *Scenario) (*Result, error)

// Run calls f.
func (f RunnerFunc) Run(ctx context.Context, sc *Scenario) (*Result, error) { return f(ctx, sc) }

// Result is what a run of a scenario produced.
type Result struct {
	// Sprints holds the events of each sprint, as the engine wrote them.
	Sprints []Sprint
	// Status is the session's status after the last sprint (waiting, completed, failed, ...).
	Status string
	// Runs holds the path each run of the session took, subflows included.
	Runs []RunPath
	// Flows are the flow definitions the scenario's file holds, for coverage; nil leaves the
	// scenario out of coverage.
	Flows []*flows.Flow
	// FlowUUID is the flow the scenario started.
	FlowUUID string
	// InputUUIDs are the UUIDs written in the run's flow and assets files, which comparisons
	// keep rather than mask as generated; nil makes Check read the files for them.
	InputUUIDs []map[string]bool
	// Units, when set, makes the run count for the coverage of a document other than a flow
	// (a routing workflow): its parts, and those the run reached.
	Units *Units
}

// Units are the parts of a document a scenario ran (a workflow's filters and targets), for
// coverage.
type Units struct {
	// Document identifies the document across scenarios: its path.
	Document string
	Name     string
	// Kind says what the document is, as reports name it ("workflow").
	Kind    string
	All     []Unit
	Reached []string // the IDs of the units the run reached
}

// Unit is one part of a document that coverage counts.
type Unit struct {
	ID          string `json:"id"`
	Description string `json:"description"`
}

// RunPath is the path of one run: the nodes it entered and the exits it left them by.
type RunPath struct {
	FlowUUID string
	Steps    []Step
}

// Step is one visit of a node; ExitUUID is empty when the run stopped at the node (waiting, or
// the flow ended there).
type Step struct {
	NodeUUID string
	ExitUUID string
}

// LoadError says a run could not start because an input file (the flow, assets, contact, ...)
// could not be read. It is reported as an unreadable file, not as a failing scenario.
type LoadError struct {
	Err error
}

// Error returns the cause's message.
func (e *LoadError) Error() string { return e.Err.Error() }

// Unwrap returns the cause.
func (e *LoadError) Unwrap() error { return e.Err }

// runOutput is the JSON `flowctl run --format json` prints: the events of each sprint and the
// session, in the goflow session layout, of which only the run paths and status are read here.
type runOutput struct {
	Sprints []Sprint `json:"sprints"`
	Session *struct {
		Status string `json:"status"`
		Runs   []struct {
			Flow struct {
				UUID string `json:"uuid"`
			} `json:"flow"`
			Path []struct {
				NodeUUID string `json:"node_uuid"`
				ExitUUID string `json:"exit_uuid"`
			} `json:"path"`
		} `json:"runs"`
	} `json:"session"`
}

// ParseRunOutput reads the JSON that `flowctl run --format json` prints
// ({"sprints": [{"events": [...]}], "session": {...}}) into a Result.
func ParseRunOutput(data []byte) (*Result, error) {
	var out runOutput
	if err := json.Unmarshal(data, &out); err != nil {
		line, col, msg := SyntaxPosition(data, err)
		return nil, fmt.Errorf("run output %d:%d: %s", line, col, msg)
	}
	res := &Result{Sprints: out.Sprints}
	if out.Session != nil {
		res.Status = out.Session.Status
		for _, r := range out.Session.Runs {
			rp := RunPath{FlowUUID: r.Flow.UUID}
			for _, s := range r.Path {
				rp.Steps = append(rp.Steps, Step{NodeUUID: s.NodeUUID, ExitUUID: s.ExitUUID})
			}
			res.Runs = append(res.Runs, rp)
		}
	}
	return res, nil
}
