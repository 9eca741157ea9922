package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/flowctl/flowctl/flows/scenario"
	"github.com/flowctl/flowctl/flows/simulation"
	"github.com/flowctl/flowctl/internal/readfile"
	"github.com/flowctl/flowctl/internal/writefile"
	"github.com/flowctl/flowctl/routing"
	"github.com/flowctl/flowctl/routing/sim"
)

// routingRunner runs routing scenarios (those naming a "workflow") through the simulator and
// hands flow scenarios to the engine's runner, so that one suite holds both.
type routingRunner struct {
	flows   scenario.Runner
	maxSize int64
	// read are the routing files read, for Warnings
	read *readFiles
}

// Warnings are the repeated keys and bytes that aren't UTF-8 of the flow, assets, workflow and
// workspace files the suite's scenarios named (see simulation.FileWarnings).
func (r routingRunner) Warnings() []string {
	var out []string
	if fr, ok := r.flows.(*simulation.Runner); ok && fr.Loader != nil {
		out = fr.Loader.Warnings()
	}
	if r.read != nil {
		out = append(out, simulation.FileWarnings(r.read.all())...)
	}
	return out
}

// readFiles reads files up to a size and keeps what it read, for warnings about how they read.
// It is safe for concurrent use.
type readFiles struct {
	maxSize int64
	mu      sync.Mutex
	files   map[string][]byte
}

func (rf *readFiles) read(path string) ([]byte, error) {
	data, err := readfile.Read(path, rf.maxSize)
	if err == nil {
		rf.mu.Lock()
		if rf.files == nil {
			rf.files = map[string][]byte{}
		}
		rf.files[path] = data
		rf.mu.Unlock()
	}
	return data, err
}

// all are the files read, by path.
func (rf *readFiles) all() map[string][]byte {
	rf.mu.Lock()
	defer rf.mu.Unlock()
	return maps.Clone(rf.files)
}

func (r routingRunner) Run(ctx context.Context, sc *scenario.Scenario) (*scenario.Result, error) {
	if sc.Workflow == "" {
		return r.flows.Run(ctx, sc)
	}
	rsc, err := sim.ParseScenario(sc.Path, sc.Raw)
	if err != nil {
		return nil, &scenario.LoadError{Err: err}
	}
	read := func(p string) ([]byte, error) { return readfile.Read(p, r.maxSize) }
	if r.read != nil {
		read = r.read.read
	}
	files, err := rsc.Load(read)
	if err != nil {
		return nil, &scenario.LoadError{Err: err}
	}
	s, err := rsc.Simulate(files)
	if err != nil {
		var se *sim.Error
		if errors.As(err, &se) {
			return nil, &scenario.LoadError{Err: err}
		}
		return nil, err
	}
	events := s.Events()
	raws := make([]json.RawMessage, len(events))
	for i, e := range events {
		if raws[i], err = marshalPlain(e); err != nil {
			return nil, err
		}
	}
	all, reached := s.Parts()
	units := &scenario.Units{Document: files.WorkflowPath, Name: files.Workflow.Name(), Kind: "workflow", Reached: reached}
	for _, p := range all {
		units.All = append(units.All, scenario.Unit{ID: p.ID, Description: p.Description})
	}
	return &scenario.Result{Sprints: []scenario.Sprint{{Events: raws}}, InputUUIDs: []map[string]bool{}, Units: units}, nil
}

// marshalPlain is json.Marshal without HTML escaping: expressions keep their < and >.
func marshalPlain(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// isRoutingFile says whether --new names a routing workflow rather than a flow.
func isRoutingFile(path string, maxSize int64) bool {
	src, err := readfile.Read(path, maxSize)
	return err == nil && routing.Detect(src) != routing.NotRouting
}

// recordRoutingScenario writes a new routing scenario: the workflow, the workspace and the
// tasks, with the events the simulation gives as its outputs. Workers answer at once unless the
// scenario is edited to script them (then flowctl test --update records the new events).
func recordRoutingScenario(cmd *cobra.Command, opts *testOptions) error {
	for _, name := range sessionFlagNames {
		if name != "now" && cmd.Flags().Changed(name) {
			return usageErr("--%s applies to flows; a routing scenario takes --workspace, --task and --now", name)
		}
	}
	if len(opts.tasks) == 0 {
		return usageErr("recording a routing scenario needs at least one --task '{\"type\": \"support\"}'")
	}
	dir := "."
	if opts.output != "" {
		dir = filepath.Dir(opts.output)
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return usageErr("can't write %s: no folder %s", opts.output, dir)
		}
	}
	rel := func(p string) (string, error) {
		abs, err := filepath.Abs(p)
		if err != nil {
			return "", err
		}
		absDir, err := filepath.Abs(dir)
		if err != nil {
			return "", err
		}
		r, err := filepath.Rel(absDir, abs)
		if err != nil {
			return abs, nil
		}
		return filepath.ToSlash(r), nil
	}
	var b bytes.Buffer
	wf, err := rel(opts.newFlow)
	if err != nil {
		return usageErr("%v", err)
	}
	fmt.Fprintf(&b, "{\n  \"workflow\": %s,\n", quoteJSON(wf))
	if opts.workspace != "" {
		ws, err := rel(opts.workspace)
		if err != nil {
			return usageErr("%v", err)
		}
		fmt.Fprintf(&b, "  \"workspace\": %s,\n", quoteJSON(ws))
	}
	if cmd.Flags().Changed("now") {
		now, err := parseTime(opts.session.now)
		if err != nil {
			return usageErr("--now: %v", err)
		}
		fmt.Fprintf(&b, "  \"now\": %s,\n", quoteJSON(now.Format(time.RFC3339Nano)))
	}
	read := func(p string) ([]byte, error) { return readfile.Read(p, opts.session.maxSize) }
	b.WriteString("  \"tasks\": [\n")
	first := true
	for _, t := range opts.tasks {
		ts, err := readTasks(t, cmd.InOrStdin(), read)
		if err != nil {
			return err
		}
		for _, attrs := range ts {
			a, _ := marshalPlain(attrs)
			if !first {
				b.WriteString(",\n")
			}
			first = false
			fmt.Fprintf(&b, "    {\"at\": 0, \"attributes\": %s}", a)
		}
	}
	b.WriteString("\n  ],\n  \"outputs\": []\n}\n")
	path := filepath.Join(dir, "new.scenario.json")
	if opts.output != "" {
		path = opts.output
	}
	sc, err := scenario.Parse(path, b.Bytes())
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	res, err := routingRunner{maxSize: opts.session.maxSize}.Run(cmd.Context(), sc)
	if err != nil {
		var le *scenario.LoadError
		if errors.As(err, &le) {
			return &exitError{code: exitFindings, err: le.Err}
		}
		return err
	}
	data, err := sc.WithOutputs(res.Sprints)
	if err != nil {
		return err
	}
	if opts.output != "" {
		if err := writefile.Replace(opts.output, data, writefile.Options{Force: opts.force}); err != nil {
			return &exitError{code: exitUsage, err: err}
		}
		return nil
	}
	_, err = cmd.OutOrStdout().Write(data)
	return err
}

func quoteJSON(s string) string {
	b, _ := marshalPlain(s)
	return string(b)
}
