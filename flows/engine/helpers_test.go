package engine

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/read"
	"github.com/flowctl/flowctl/flows/runtime"
)

// loadFlows reads a flow file of testdata/run and fails the test on any reading error.
func loadFlows(t testing.TB, name string) *flows.Assets {
	t.Helper()
	path := filepath.Join("..", "..", "testdata", "run", name)
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := read.Read(path, src)
	for _, f := range doc.Findings {
		if f.Severity == flows.SeverityError {
			t.Fatalf("%s: %s", path, f.Message)
		}
	}
	return read.LoadAssets(doc)
}

var testStart = time.Date(2025, 5, 4, 12, 30, 45, 0, time.UTC)

// simulate runs a flow of the assets with the replies and mocks, from a fixed clock and seed.
func simulate(t testing.TB, assets *flows.Assets, flowUUID string, inputs []string, mocks map[string][]MockResponse, hooks *Hooks) (*Session, []*Sprint) {
	t.Helper()
	var flow *flows.Flow
	for _, f := range assets.Flows {
		if f.UUID == flowUUID {
			flow = f
		}
	}
	return runSim(t, SimulationInput{
		Assets: assets, Flow: flow, Inputs: inputs,
		Options: Options{Now: testStart, Seed: 42, HTTP: NewMocks(mocks), Hooks: hooks},
	})
}

// testCall is the call the tests' voice flows run on.
const testCall = `{"uuid": "0197b335-6ded-79a4-95a6-3af85b57f1ca", "urn": "tel:+12065551212"}`

// runSim prepares and runs a simulation, failing the test on any error.
// A voice flow starts on a test call, as the engine starts one only on a call.
func runSim(t testing.TB, in SimulationInput) (*Session, []*Sprint) {
	t.Helper()
	if in.Flow != nil && in.Flow.Type == flows.FlowTypeVoice && in.Call == nil {
		in.Call = json.RawMessage(testCall)
	}
	sim, err := NewSimulation(in)
	if err != nil {
		t.Fatal(err)
	}
	s, sprints, err := sim.Run()
	if err != nil {
		t.Fatal(err)
	}
	return s, sprints
}

// eventTypes lists the types of a sprint's events.
func eventTypes(sp *Sprint) []string {
	out := []string{}
	for _, e := range sp.Events {
		out = append(out, e.Type())
	}
	return out
}

// texts lists the texts of the messages sent in a sprint.
func texts(sp *Sprint) []string {
	out := []string{}
	for _, e := range sp.Events {
		if m, ok := e.(*runtime.MsgCreated); ok {
			out = append(out, m.Msg.Text)
		}
	}
	return out
}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
