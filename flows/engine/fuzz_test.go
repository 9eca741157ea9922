package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/flowctl/flowctl/flows/read"
)

// FuzzRun reads arbitrary bytes as a flow file and runs its first flow with two replies: the
// engine must never panic, whatever the file holds (the reader keeps what it can decode).
func FuzzRun(f *testing.F) {
	for _, name := range []string{"survey.json", "loops.json", "dial.json"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "run", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc := read.Read("fuzz.json", data)
		assets := read.LoadAssets(doc)
		if len(doc.Flows) == 0 || doc.Flows[0] == nil {
			return
		}
		sim, err := NewSimulation(SimulationInput{Assets: assets, Flow: doc.Flows[0], Inputs: []string{"hi", "42"},
			Options: Options{Now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}})
		if err != nil {
			return
		}
		_, _, _ = sim.Run()
	})
}

// FuzzSessionInputs reads arbitrary bytes as each JSON input a simulation takes (contact,
// trigger, resume, environment, saved session) and runs what reads: none may panic the engine.
func FuzzSessionInputs(f *testing.F) {
	assets := loadFlows(f, "survey.json")
	f.Add([]byte(`{"uuid": "c", "urns": ["tel:+12065551212"], "fields": {"age": {"text": "3"}}}`))
	f.Add([]byte(`{"type": "msg", "flow": {"uuid": "` + surveyUUID + `"}, "event": {"type": "msg_received", "msg": {"text": "hi"}}, "keyword_match": {"keyword": "x"}}`))
	f.Add([]byte(`{"type": "dial", "event": {"type": "dial_ended", "dial": {"status": "answered", "duration": 5}}}`))
	f.Add([]byte(`{"allowed_languages": ["eng"], "timezone": "Africa/Kigali", "date_format": "DD-MM-YYYY"}`))
	sim, err := NewSimulation(SimulationInput{Assets: assets, Flow: assets.Flows[0], Inputs: []string{"Bob"}, Options: Options{Now: testStart}})
	if err != nil {
		f.Fatal(err)
	}
	s, _, err := sim.Run()
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte(mustJSON(f, s)))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, in := range []SimulationInput{{Contact: data}, {Trigger: data}, {Environment: data}, {Resumes: []json.RawMessage{data}}} {
			in.Assets, in.Flow, in.Inputs, in.Options = assets, assets.Flows[0], []string{"x"}, Options{Now: testStart}
			if sim, err := NewSimulation(in); err == nil {
				_, _, _ = sim.Run()
			}
		}
		eng := New(assets, Options{Now: testStart})
		if s, err := eng.ReadSession(data); err == nil && s.Status == SessionWaiting {
			_, _ = s.Resume(MsgResume("42", "tel:+12065551212", eng.NewUUID(), testStart))
		}
	})
}

// FuzzReadSession reads arbitrary bytes as a saved session (what run --session takes): reading
// must end with a session or an *InputError, never a panic, and a session that reads must write
// back and take a reply. testdata/fuzz/FuzzReadSession holds the hand-edited sessions that once
// crashed or hung the engine: a null run, step, ticket or result, a result whose name is null,
// a run that is its own parent and two runs that are each other's.
func FuzzReadSession(f *testing.F) {
	assets := loadFlows(f, "survey.json")
	for _, inputs := range [][]string{nil, {"Bob"}} {
		sim, err := NewSimulation(SimulationInput{Assets: assets, Flow: assets.Flows[0], Inputs: inputs, Options: Options{Now: testStart}})
		if err != nil {
			f.Fatal(err)
		}
		s, _, err := sim.Run()
		if err != nil {
			f.Fatal(err)
		}
		f.Add([]byte(mustJSON(f, s)))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		done := make(chan struct{})
		defer close(done)
		go func() {
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				panic(fmt.Sprintf("ReadSession and a reply take over 5s on %q", data))
			}
		}()
		eng := New(assets, Options{Now: testStart})
		s, err := eng.ReadSession(data)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("ReadSession failed with %T, want an *InputError: %v", err, err)
			}
			return
		}
		if _, err := json.Marshal(s); err != nil {
			t.Fatalf("a session that reads doesn't write back: %v", err)
		}
		if s.Status == SessionWaiting {
			_, _ = s.Resume(MsgResume("42", "tel:+12065551212", eng.NewUUID(), testStart))
		}
	})
}
