package jshooks

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/engine"
	"github.com/flowctl/flowctl/flows/read"
	"github.com/flowctl/flowctl/flows/runtime"
)

const surveyUUID = "a1f2c3d4-0000-4000-8000-000000000001"

var testStart = time.Date(2025, 5, 4, 12, 30, 45, 0, time.UTC)

// loadJS loads hook sources named t.js, u.js, ... and fails the test when they don't load.
func loadJS(t testing.TB, opts Options, srcs ...string) (*engine.Hooks, *Runtime) {
	t.Helper()
	h, rt, err := tryLoad(opts, srcs...)
	if err != nil {
		t.Fatal(err)
	}
	return h, rt
}

func tryLoad(opts Options, srcs ...string) (*engine.Hooks, *Runtime, error) {
	h := engine.NewHooks()
	var files []File
	for i, src := range srcs {
		files = append(files, File{Path: filepath.Join("hooks", string(rune('t'+i))+".js"), Src: []byte(src)})
	}
	if opts.Now.IsZero() {
		opts.Now = testStart
	}
	rt, err := Load(h, files, opts)
	return h, rt, err
}

// readFlows reads a flow file of testdata/run with the hooks' custom types.
func readFlows(t testing.TB, name string, h *engine.Hooks) *flows.Assets {
	t.Helper()
	path := filepath.Join("..", "testdata", "run", name)
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return readSource(t, path, src, h)
}

func readSource(t testing.TB, path string, src []byte, h *engine.Hooks) *flows.Assets {
	t.Helper()
	doc := read.ReadWith(path, src, read.Options{Dialect: h.Dialect()})
	for _, f := range doc.Findings {
		if f.Severity == flows.SeverityError {
			t.Fatalf("%s: %s", path, f.Message)
		}
	}
	return read.LoadAssets(doc)
}

// simulate runs a flow with the hooks, the replies and mocks, from a fixed clock and seed.
func simulate(t testing.TB, assets *flows.Assets, flowUUID string, h *engine.Hooks, inputs []string, mocks map[string][]engine.MockResponse) (*engine.Session, []*engine.Sprint) {
	t.Helper()
	var flow *flows.Flow
	for _, f := range assets.Flows {
		if f.UUID == flowUUID {
			flow = f
		}
	}
	sim, err := engine.NewSimulation(engine.SimulationInput{
		Assets: assets, Flow: flow, Inputs: inputs,
		Options: engine.Options{Now: testStart, Seed: 42, HTTP: engine.NewMocks(mocks), Hooks: h},
	})
	if err != nil {
		t.Fatal(err)
	}
	s, sprints, err := sim.Run()
	if err != nil {
		t.Fatal(err)
	}
	return s, sprints
}

// describeEvents renders events as "type: detail" lines: the text of messages, errors and
// failures, the name of results.
func describeEvents(sprints []*engine.Sprint) []string {
	var out []string
	for _, sp := range sprints {
		for _, e := range sp.Events {
			line := e.Type()
			switch ev := e.(type) {
			case *runtime.MsgCreated:
				line += ": " + ev.Msg.Text
			case *runtime.Error:
				line += ": " + ev.Text
			case *runtime.Warning:
				line += ": " + ev.Text
			case *runtime.Failure:
				line += ": " + ev.Text
			case *runtime.RunResultChanged:
				line += ": " + ev.Name + "=" + ev.Value + " (" + ev.Category + ")"
			case *runtime.CustomEvent:
				line += ": " + strings.TrimSpace(string(mustJSON(ev.Fields)))
			}
			out = append(out, line)
		}
	}
	return out
}
