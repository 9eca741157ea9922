package scenario

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse checks that no scenario file makes the reader or the updater panic, and that an
// update always yields a file that reads back with the new outputs.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "_diff", "*.scenario.json"))
	for _, p := range seeds {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"flow":"f","outputs":[]}`))
	f.Add([]byte("{\n\t\"flow\": \"f\"\n}"))
	f.Add([]byte(`{}`))
	sprints := []Sprint{{Events: []json.RawMessage{json.RawMessage(`{"type":"msg_wait"}`)}}}
	f.Fuzz(func(t *testing.T, data []byte) {
		sc, err := Parse("f.json", data)
		if err != nil {
			return
		}
		sc.Position("outputs", "0", "events", "0")
		out, err := sc.WithOutputs(sprints)
		if err != nil {
			t.Fatalf("update of a readable scenario failed: %v", err)
		}
		back, err := Parse("f.json", out)
		if err != nil {
			t.Fatalf("updated file doesn't read back: %v\n%s", err, out)
		}
		if len(back.Outputs) != 1 || len(back.Outputs[0].Events) != 1 {
			t.Fatalf("outputs read back as %+v from\n%s", back.Outputs, out)
		}
	})
}
