package engine

import (
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
