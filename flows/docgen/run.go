package docgen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/flowctl/flowctl/actions"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/engine"
	"github.com/flowctl/flowctl/flows/read"
	"github.com/flowctl/flowctl/flows/runtime"
)

// The examples of actions and events are what the engine does with the project's example
// scenarios when the reference is generated, so they can't disagree with the engine.

// scenarioDir holds the scenarios whose runs give the action and event examples.
const scenarioDir = "testdata/scenarios"

// actionExample is the first action of a type that the example scenarios execute, and the events
// it logged.
type actionExample struct {
	Action   []byte
	Events   [][]byte
	Scenario string
	FlowType flows.FlowType
}

// execution is what running the example scenarios produced.
type execution struct {
	actions map[string]*actionExample
	events  map[string][]byte // the first event of each type
	source  map[string]string // the scenario of each event example
}

func runScenarios(root string) (*execution, error) {
	var paths []string
	err := filepath.WalkDir(filepath.Join(root, scenarioDir), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".scenario.json") {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(paths)
	ex := &execution{actions: map[string]*actionExample{}, events: map[string][]byte{}, source: map[string]string{}}
	for _, p := range paths {
		rel, _ := filepath.Rel(root, p)
		if err := ex.run(p, filepath.ToSlash(rel)); err != nil {
			return nil, fmt.Errorf("%s: %w", rel, err)
		}
	}
	return ex, nil
}

func (ex *execution) run(path, name string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	sc, err := engine.ReadScenario(data)
	if err != nil {
		return err
	}
	flowPath := filepath.Join(filepath.Dir(path), sc.Flow)
	src, err := os.ReadFile(flowPath)
	if err != nil {
		return err
	}
	doc := read.Read(flowPath, src)
	var flow *flows.Flow
	for _, f := range doc.Flows {
		if flow == nil || f.UUID == sc.FlowUUID {
			flow = f
		}
	}
	if flow == nil {
		return fmt.Errorf("%s has no flow", sc.Flow)
	}
	docs := []*read.Document{doc}
	for _, a := range sc.Assets {
		// assets files are relative to the scenario, as flowctl run reads them
		ap := a
		if !filepath.IsAbs(ap) {
			ap = filepath.Join(filepath.Dir(path), ap)
		}
		asrc, err := os.ReadFile(ap)
		if err != nil {
			return err
		}
		docs = append(docs, read.Read(ap, asrc))
	}
	hooks := engine.NewHooks()
	for _, typ := range actions.Types() {
		_, _ = hooks.After(typ, func(run runtime.Run, a flows.Action, events []runtime.Event, _ runtime.Logger) error {
			if ex.actions[a.Type()] != nil {
				return nil
			}
			ae := &actionExample{Action: indentJSON(a), Scenario: name, FlowType: run.Flow().Type}
			for _, e := range events {
				ae.Events = append(ae.Events, eventJSON(e))
			}
			ex.actions[a.Type()] = ae
			return nil
		})
	}
	sim, err := engine.NewSimulation(engine.SimulationInput{
		Assets: read.LoadAssets(docs...), Flow: flow, Environment: sc.Environment, Contact: sc.Contact,
		Trigger: sc.Trigger, Call: sc.Call, Resumes: sc.Resumes, Inputs: sc.Inputs,
		NoContact: string(bytes.TrimSpace(sc.Contact)) == "null",
		Options:   engine.Options{HTTP: engine.NewMocks(sc.HTTPMocks), Hooks: hooks},
	})
	if err != nil {
		return err
	}
	_, sprints, err := sim.Run()
	if err != nil {
		return err
	}
	for _, sp := range sprints {
		ex.record(sp.Events, "`"+name+"`")
	}
	return nil
}

// record keeps the first event of each type as its example, saying where it came from.
func (ex *execution) record(events []runtime.Event, source string) {
	for _, e := range events {
		if _, seen := ex.events[e.Type()]; !seen {
			ex.events[e.Type()] = eventJSON(e)
			ex.source[e.Type()] = source
		}
	}
}

// eventJSON writes an event without the uuid and created_on every event has, which would only
// make the examples longer.
func eventJSON(e runtime.Event) []byte {
	var m map[string]json.RawMessage
	raw, err := json.Marshal(e)
	if err != nil || json.Unmarshal(raw, &m) != nil {
		return []byte(fmt.Sprintf("(can't be written as JSON: %v)", err))
	}
	delete(m, "uuid")
	delete(m, "created_on")
	// keep "type" first, as goflow writes it
	var b bytes.Buffer
	b.WriteString("{\n  \"type\": ")
	b.Write(m["type"])
	delete(m, "type")
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		var v bytes.Buffer
		if err := json.Indent(&v, m[k], "  ", "  "); err != nil {
			v.Reset()
			v.Write(m[k])
		}
		fmt.Fprintf(&b, ",\n  %q: %s", k, v.String())
	}
	b.WriteString("\n}")
	return b.Bytes()
}

func indentJSON(v any) []byte {
	enc, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return []byte(fmt.Sprintf("(can't be written as JSON: %v)", err))
	}
	return enc
}

// session runs a flow given as JSON with a trigger and resumes, and returns the events of each
// sprint: the start, then one per resume.
func session(flowJSON, trigger string, resumes ...string) ([][]runtime.Event, error) {
	doc := read.Read("example.json", []byte(flowJSON))
	for _, f := range doc.Findings {
		if f.Severity == flows.SeverityError {
			return nil, fmt.Errorf("example flow: %s: %s", f.Code, f.Message)
		}
	}
	if len(doc.Flows) != 1 {
		return nil, fmt.Errorf("example flow: %d flows", len(doc.Flows))
	}
	in := engine.SimulationInput{Assets: read.LoadAssets(doc), Flow: doc.Flows[0], Trigger: json.RawMessage(trigger)}
	if doc.Flows[0].Type == flows.FlowTypeVoice {
		// the engine starts a voice flow only on a call
		in.Call = json.RawMessage(`{"uuid": "d0c5e000-0000-4000-8000-0000000000ca", "urn": "tel:+12065551212"}`)
	}
	for _, r := range resumes {
		in.Resumes = append(in.Resumes, json.RawMessage(r))
	}
	sim, err := engine.NewSimulation(in)
	if err != nil {
		return nil, err
	}
	_, sprints, err := sim.Run()
	if err != nil {
		return nil, err
	}
	var out [][]runtime.Event
	for _, sp := range sprints {
		out = append(out, sp.Events)
	}
	if len(out) != 1+len(resumes) {
		return nil, fmt.Errorf("the session took %d of the %d resumes", len(out)-1, len(resumes))
	}
	return out, nil
}
