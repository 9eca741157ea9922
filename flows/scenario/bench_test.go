package scenario

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// benchScenario is the project's registration scenario: four sprints, about thirty events.
func benchScenario(b *testing.B) (*Scenario, *Result) {
	b.Helper()
	sc, err := ReadFile(filepath.Join("..", "..", "testdata", "scenarios", "registration.scenario.json"), 0)
	if err != nil {
		b.Fatal(err)
	}
	return sc, &Result{Sprints: sc.Outputs, Status: "completed"}
}

// BenchmarkCheck compares a passing run with its golden (masking, pairing, field comparison).
func BenchmarkCheck(b *testing.B) {
	sc, res := benchScenario(b)
	b.ReportAllocs()
	for b.Loop() {
		if out, other := Check(sc, res, false); len(out)+len(other) != 0 {
			b.Fatal("differences")
		}
	}
}

// BenchmarkParse reads the scenario file from its bytes.
func BenchmarkParse(b *testing.B) {
	sc, _ := benchScenario(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(sc.Path, sc.Raw); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWithOutputs splices new outputs into the file, as --update does.
func BenchmarkWithOutputs(b *testing.B) {
	sc, res := benchScenario(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := sc.WithOutputs(res.Sprints); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheckManyMissing compares a scenario of 2,000 expected events with a run that has none
// of them: 2,000 differences, each placed on its line of a 2,000-line file. Placing them used to
// decode the whole file again for each one.
func BenchmarkCheckManyMissing(b *testing.B) {
	events := make([]string, 2000)
	for i := range events {
		events[i] = fmt.Sprintf(`{"type": "msg_created", "msg": {"text": "message %d"}}`, i)
	}
	src := `{"flow": "f.json", "outputs": [{"events": [` + "\n" + strings.Join(events, ",\n") + `]}]}`
	sc, err := Parse("big.scenario.json", []byte(src))
	if err != nil {
		b.Fatal(err)
	}
	res := &Result{Sprints: []Sprint{{Events: []json.RawMessage{json.RawMessage(`{"type": "run_started"}`)}}}}
	b.ReportAllocs()
	for b.Loop() {
		if out, _ := Check(sc, res, false); len(out) != 2001 {
			b.Fatalf("%d differences", len(out))
		}
	}
}
