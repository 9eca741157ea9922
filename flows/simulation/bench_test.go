package simulation

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/flowctl/flowctl/flows/scenario"
	"github.com/flowctl/flowctl/internal/exportgen"
)

// BenchmarkRunOneFlowOf3MBExport is `flowctl run` of one flow (and the subflow it enters) of a
// 3 MB export of 180 flows, from reading the file to the last sprint: the target is the
// reference runner's CPU on the same scenario.
func BenchmarkRunOneFlowOf3MBExport(b *testing.B) {
	path := filepath.Join(b.TempDir(), "export.json")
	os.WriteFile(path, exportgen.Generate(exportgen.Options{Flows: 180, NodesPerFlow: 6, Fields: 120, Groups: 30}), 0o644)
	replies := make([]Reply, 12)
	for i := range replies {
		replies[i] = Reply{Text: fmt.Sprint(i % 4)}
	}
	b.ReportAllocs()
	for b.Loop() {
		s := &Setup{FlowPath: path, Flow: exportgen.FlowName(0), Seed: DefaultSeed, Replies: replies}
		ld, err := NewLoader().Load(s.FlowPath, nil, s.Flow)
		if err != nil {
			b.Fatal(err)
		}
		sim, err := Prepare(s, ld)
		if err != nil {
			b.Fatal(err)
		}
		if out, err := sim.Run(nil); err != nil || out.Waiting() {
			b.Fatalf("%v: the run should complete", err)
		}
	}
}

// surveyScenario writes a scenario of the survey flow with replies, as flowctl test --new would.
func surveyScenario(b *testing.B) *scenario.Scenario {
	dir := b.TempDir()
	rec, err := Record(NewLoader(), &Setup{FlowPath: survey, Seed: DefaultSeed, Replies: []Reply{{Text: "Bob"}, {Text: "abc"}, {Text: "42"}}}, dir, nil)
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(dir, "s.scenario.json")
	os.WriteFile(path, rec.Scenario, 0o644)
	sc, err := scenario.ReadFile(path, 0)
	if err != nil {
		b.Fatal(err)
	}
	return sc
}

// BenchmarkTestPerScenario is what `flowctl test` spends on one scenario of a suite (the flow
// file read once for the suite): run it in-process and compare its events with the file's.
// The target: at most twice BenchmarkSessionAlone.
func BenchmarkTestPerScenario(b *testing.B) {
	sc := surveyScenario(b)
	r := NewRunner(false, 0)
	b.ReportAllocs()
	for b.Loop() {
		o := scenario.RunOne(context.Background(), sc.Path, scenario.Options{Runner: r})
		if o.Status != scenario.StatusPassed {
			b.Fatalf("%s: %v %v", o.Status, o.Err, o.Differences)
		}
	}
}

// BenchmarkSessionAlone is the engine's session for the same scenario, the flow already loaded:
// the floor BenchmarkTestPerScenario is measured against.
func BenchmarkSessionAlone(b *testing.B) {
	sc := surveyScenario(b)
	s, err := FromScenario(sc.Path, 0)
	if err != nil {
		b.Fatal(err)
	}
	ld, err := NewLoader().Load(s.FlowPath, s.AssetPaths, s.Flow)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		sim, err := Prepare(s, ld)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := sim.Run(nil); err != nil {
			b.Fatal(err)
		}
	}
}
