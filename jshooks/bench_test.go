package jshooks

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/flowctl/flowctl/actions"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/engine"
	"github.com/flowctl/flowctl/flows/runtime"
)

// manyActions is a flow whose one node has n send_msg actions.
func manyActions(n int) []byte {
	var acts []string
	for i := 0; i < n; i++ {
		acts = append(acts, fmt.Sprintf(`{"uuid": "b9000000-0000-4000-8000-%012d", "type": "send_msg", "text": "message %d"}`, i, i))
	}
	return []byte(`{"uuid": "a9000000-0000-4000-8000-000000000001", "name": "Many", "spec_version": "14.1.0", "language": "eng", "type": "messaging",
	"nodes": [{"uuid": "99000000-0000-4000-8000-000000000001", "actions": [` + strings.Join(acts, ",") + `],
	"exits": [{"uuid": "e9000000-0000-4000-8000-000000000001"}]}]}`)
}

// BenchmarkHookedAction measures what one before- and one after-listener cost an action: each
// iteration runs a flow of 100 send_msg actions without hooks and then with them ("go": Go
// listeners; "js", "js-cold": JavaScript ones), and "overhead-ns/action" is the difference of their
// CPU times per action (both runs share the machine's load of the moment, so the difference holds
// on a busy machine where wall times don't); "cpu-ns/action" is the hooked run's own. The hooks
// file is loaded once (its start-up is BenchmarkLoad's), but every run makes its action objects
// anew, as each simulation of flowctl does; "js" finds what a process learns once (the plan of
// each action type, the JSON of actions of custom types) learnt, as every simulation of a test
// suite but the first does, and "js-cold" learns it anew, as a process's first (or only: flowctl
// run) simulation does.
func BenchmarkHookedAction(b *testing.B) {
	const n = 100
	src := manyActions(n)
	const js = `
flowctl.addListener("beforeSendMsg", (action, abort) => { if (action.text.length > 160) abort("too long"); });
flowctl.addListener("afterSendMsg", (action, events) => { if (events.length !== 1) throw new Error("expected one event"); });
`
	const flow = "a9000000-0000-4000-8000-000000000001"
	bare := engine.NewHooks()
	bareAssets := readSource(b, "many.json", src, bare)
	for _, mode := range []string{"go", "js", "js-cold"} {
		b.Run(mode, func(b *testing.B) {
			h := engine.NewHooks()
			var rt *Runtime
			switch mode {
			case "go":
				goListeners(b, h)
			case "js", "js-cold":
				var err error
				if rt, err = Load(h, []File{{Path: "police.js", Src: []byte(js)}}, Options{Now: testStart}); err != nil {
					b.Fatal(err)
				}
			}
			assets := readSource(b, "many.json", src, h)
			run := func(assets *flows.Assets, h *engine.Hooks) {
				_, sprints := simulate(b, assets, flow, h, nil, nil)
				if got := len(sprints[0].Events); got != n+2 {
					b.Fatalf("%d events", got)
				}
			}
			run(assets, h) // what every mode learns once: the flow's templates, say
			b.ReportAllocs()
			var bareCPU, hookedCPU time.Duration
			for b.Loop() {
				if rt != nil {
					clear(rt.actions)
				}
				if mode == "js-cold" {
					actionShapes.Clear()
					structPlans.Clear()
				}
				start := cpuClock()
				run(bareAssets, bare)
				mid := cpuClock()
				run(assets, h)
				hookedCPU += cpuClock() - mid
				bareCPU += mid - start
			}
			b.ReportMetric(float64((hookedCPU-bareCPU).Nanoseconds())/float64(b.N*n), "overhead-ns/action")
			b.ReportMetric(float64(hookedCPU.Nanoseconds())/float64(b.N*n), "cpu-ns/action")
		})
	}
}

func goListeners(b *testing.B, h *engine.Hooks) {
	_, err := h.Before("send_msg", func(_ runtime.Run, a flows.Action, _ runtime.Logger) error {
		if len(a.(*actions.SendMsg).Text) > 160 {
			return engine.Abort("too long")
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	_, err = h.After("send_msg", func(_ runtime.Run, _ flows.Action, events []runtime.Event, _ runtime.Logger) error {
		if len(events) != 1 {
			return errors.New("expected one event")
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkLoad measures the start-up cost of hooks files: a fresh runtime, the files compiled
// and their top-level code run (their registrations made). "cold" compiles the files and the
// schemas they declare, as the first load of a process does; "warm" finds them compiled, as every
// later simulation of a flowctl test run does. The files are the examples of testdata/hooks.
func BenchmarkLoad(b *testing.B) {
	for _, set := range []struct {
		name  string
		files []string
	}{
		{"glific", []string{"glific.js"}},
		{"policing+webhook", []string{"policing.js", "webhook.js"}},
	} {
		var files []File
		for _, name := range set.files {
			path := filepath.Join("..", "testdata", "hooks", name)
			src, err := os.ReadFile(path)
			if err != nil {
				b.Fatal(err)
			}
			files = append(files, File{Path: path, Src: src})
		}
		for _, mode := range []string{"cold", "warm"} {
			b.Run(set.name+"/"+mode, func(b *testing.B) {
				b.ReportAllocs()
				cpu := cpuClock()
				for i := 0; i < b.N; i++ {
					if mode == "cold" {
						programs.Clear()
						actions.ForgetCompiledSchemas()
					}
					if _, err := Load(engine.NewHooks(), files, Options{Now: testStart}); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64((cpuClock()-cpu).Nanoseconds())/float64(b.N), "cpu-ns/op")
			})
		}
	}
}
