package scenario

import (
	"path/filepath"
	"testing"
)

// benchScenario is the project's registration scenario: four sprints, about thirty events.
func benchScenario(b *testing.B) (*Scenario, *Result) {
	b.Helper()
	sc, err := ReadFile(filepath.Join("..", "..", "testdata", "scenarios", "registration.scenario.json"))
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
