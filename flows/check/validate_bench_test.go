package check

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/flowctl/flowctl/internal/exportgen"
	"github.com/flowctl/flowctl/validate"
)

// The benchmarks of flowctl validate over folders of generated exports of real size (see
// internal/exportgen): CPU against a plain encoding/json decode of the same files, each format
// against json, peak memory against the number of files, wall time against the number of
// workers, and a large export with thousands of findings, so that a cost per finding that grows
// with the file (the quadratic case) shows at once.

// exportFolder writes exports of the given numbers of flows into a temporary folder, once per
// shape, and returns their paths and total size.
func exportFolder(b *testing.B, name string, sizes []int, nodes int) ([]string, int64) {
	b.Helper()
	dir := filepath.Join(os.TempDir(), "flowctl-bench-"+name)
	var paths []string
	var total int64
	for i, n := range sizes {
		p := filepath.Join(dir, fmt.Sprintf("export%04d.json", i))
		paths = append(paths, p)
		if info, err := os.Stat(p); err == nil {
			total += info.Size()
			continue
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			b.Fatal(err)
		}
		o := exportgen.RealisticNoisy(uint64(i))
		o.Flows, o.Nodes = n, nodes
		src := exportgen.Noisy(o)
		if err := os.WriteFile(p, src, 0o644); err != nil {
			b.Fatal(err)
		}
		total += int64(len(src))
	}
	return paths, total
}

// realSizes are the numbers of flows of a folder of exports like the ones of deployed chatbots:
// mostly small, a few large, the largest near 180 flows and 3 MB.
var realSizes = []int{4, 9, 12, 20, 26, 35, 48, 60, 90, 180}

func runValidate(b *testing.B, format string, paths []string, workers int) *validate.Summary {
	kind := &Kind{}
	f, err := validate.NewFormat(format, validate.FormatOptions{Rules: kind.Rules(), Snippet: true, Tool: "flowctl", Version: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	// as the CLI runs it
	sum, err := validate.Run(io.Discard, f, paths, validate.Options{Kinds: []validate.Kind{kind}, Workers: workers, LimitMemory: true})
	if err != nil {
		b.Fatal(err)
	}
	return sum
}

func decodeAll(b *testing.B, paths []string) {
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(src, &v); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkValidateVsDecodeExports validates a folder of real-size exports and decodes the same
// files with encoding/json, alternately, and reports the ratio of their CPU time ("x-decode"; the
// issue's budget is 4x) and validate's own CPU per run.
func BenchmarkValidateVsDecodeExports(b *testing.B) {
	paths, size := exportFolder(b, "real", realSizes, 8)
	b.SetBytes(size)
	var validating, decoding time.Duration
	for b.Loop() {
		start := cpuTime()
		decodeAll(b, paths)
		mid := cpuTime()
		runValidate(b, "json", paths, 0)
		validating += cpuTime() - mid
		decoding += mid - start
	}
	b.ReportMetric(float64(validating)/float64(decoding), "x-decode")
	b.ReportMetric(float64(validating.Milliseconds())/float64(b.N), "cpu-ms/op")
}

// BenchmarkValidateFormats runs each format and json alternately over the folder of real-size
// exports and reports the CPU ratio of the format to json ("x-json"; the budget is 1.2x).
func BenchmarkValidateFormats(b *testing.B) {
	paths, size := exportFolder(b, "real", realSizes, 8)
	for _, format := range validate.Formats {
		b.Run(format, func(b *testing.B) {
			b.SetBytes(size)
			var this, base time.Duration
			for b.Loop() {
				start := cpuTime()
				runValidate(b, "json", paths, 0)
				mid := cpuTime()
				runValidate(b, format, paths, 0)
				this += cpuTime() - mid
				base += mid - start
			}
			b.ReportMetric(float64(this)/float64(base), "x-json")
		})
	}
}

// largeExport is a generated export of 200 flows whose fields are mostly missing from its list
// and whose texts are translated: thousands of findings in a 4 MB file.
func largeExport(b *testing.B) []string {
	dir := filepath.Join(os.TempDir(), "flowctl-bench-large")
	p := filepath.Join(dir, "large.json")
	if _, err := os.Stat(p); err != nil {
		o := exportgen.RealisticNoisy(7)
		o.Flows, o.Nodes, o.MissingFields = 200, 10, 8
		if err := os.MkdirAll(dir, 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, exportgen.Noisy(o), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return []string{p}
}

// BenchmarkValidateLargeExport validates the large export in every format: each must stay
// within a small factor of json (a cost per finding that scans the file would take minutes).
func BenchmarkValidateLargeExport(b *testing.B) {
	paths := largeExport(b)
	for _, format := range validate.Formats {
		b.Run(format, func(b *testing.B) {
			b.ReportAllocs()
			var places int
			for b.Loop() {
				places = runValidate(b, format, paths, 0).Places
			}
			b.ReportMetric(float64(places), "places")
		})
	}
}

// BenchmarkValidateWorkers validates the folder of real-size exports with one worker and with
// one per CPU, alternately, and reports the wall time of the second over the first
// ("x-one-worker", below 1 when the other cores help; on a machine whose other cores are busy it
// can't be).
func BenchmarkValidateWorkers(b *testing.B) {
	paths, size := exportFolder(b, "real", realSizes, 8)
	b.SetBytes(size)
	var one, all time.Duration
	for b.Loop() {
		start := time.Now()
		runValidate(b, "json", paths, 1)
		mid := time.Now()
		runValidate(b, "json", paths, runtime.NumCPU())
		all += time.Since(mid)
		one += mid.Sub(start)
	}
	b.ReportMetric(float64(all)/float64(one), "x-one-worker")
}

// BenchmarkValidateCores validates the folder of real-size exports with a worker per CPU the
// process may use: run it with -cpu 1,2 to see the wall time (ns/op) a second core saves, beside
// the CPU time it costs ("cpu-ms/op"; a busy machine lends the second core only part of the time,
// which shows as wall time falling less than CPU time would allow).
func BenchmarkValidateCores(b *testing.B) {
	paths, size := exportFolder(b, "real", realSizes, 8)
	b.SetBytes(size)
	runValidate(b, "json", paths, 0)
	start := cpuTime()
	for b.Loop() {
		runValidate(b, "json", paths, 0)
	}
	b.ReportMetric(float64((cpuTime()-start).Milliseconds())/float64(b.N), "cpu-ms/op")
}

// BenchmarkValidatePeakMemory validates 10, 100 and 1,000 files of the same shapes and reports
// the live heap (what a collection finds reachable) a run needs:
//
//   - "retained-KB" is what the run still holds once every file is written (before the format's
//     end), over what was live before it: whatever grows with the number of files shows here,
//     exactly, whatever the machine's load;
//   - "peak-MB" is the highest live heap of any collection during the run, collections being
//     made frequent (GOGC=10) so that short runs are sampled too, each read by a finalizer. It
//     is bounded by the files the workers hold at once, not by their number, but it is a maximum
//     of samples: a longer run draws more of them, and is likelier to catch the moment every
//     worker holds its largest file.
func BenchmarkValidatePeakMemory(b *testing.B) {
	for _, n := range []int{10, 100, 1000} {
		b.Run(fmt.Sprintf("files=%d", n), func(b *testing.B) {
			sizes := make([]int, n)
			for i := range sizes {
				sizes[i] = []int{6, 12, 20}[i%3]
			}
			paths, _ := exportFolder(b, fmt.Sprintf("many-%d", n), sizes, 8)
			// what a first run sets up for good (schemas, caches of types) is not the run's
			runValidateAt(b, paths[:1], func() {})
			var peaks, retained []float64
			for b.Loop() {
				settle()
				before := liveHeap()
				gcPercent := debug.SetGCPercent(10)
				stop := watchLiveHeap()
				runValidateAt(b, paths, func() {
					settle()
					retained = append(retained, (float64(liveHeap())-float64(before))/(1<<10))
				})
				peaks = append(peaks, stop())
				debug.SetGCPercent(gcPercent)
			}
			b.ReportMetric(median(peaks), "peak-MB")
			b.ReportMetric(median(retained), "retained-KB")
		})
	}
}

// runValidateAt validates paths in SARIF (the format that keeps the most until its end: every
// file is an artifact) and calls done once every file is written.
func runValidateAt(b *testing.B, paths []string, done func()) *validate.Summary {
	kind := &Kind{}
	f, err := validate.NewFormat("sarif", validate.FormatOptions{Rules: kind.Rules(), Snippet: true, Tool: "flowctl", Version: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	sum, err := validate.Run(io.Discard, f, paths, validate.Options{Kinds: []validate.Kind{kind}, Progress: func(n int) {
		if n == len(paths) {
			done()
		}
	}})
	if err != nil {
		b.Fatal(err)
	}
	return sum
}

// settle collects twice: what sync.Pools held at the first collection is dropped at the second.
func settle() {
	runtime.GC()
	runtime.GC()
}

func median(xs []float64) float64 {
	sort.Float64s(xs)
	return xs[len(xs)/2]
}

// liveHeap is the live heap the last collection found, in bytes.
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// watchLiveHeap reads the live heap after every collection until the returned function is
// called, which returns the largest in MB.
func watchLiveHeap() func() float64 {
	var mu sync.Mutex
	var peak uint64
	stopped := false
	var arm func()
	arm = func() {
		// an object with a pointer, so that it isn't batched with others in a tiny block
		sentinel := &struct{ p *int }{}
		runtime.SetFinalizer(sentinel, func(*struct{ p *int }) {
			mu.Lock()
			defer mu.Unlock()
			if stopped {
				return
			}
			peak = max(peak, liveHeap())
			arm()
		})
	}
	arm()
	return func() float64 {
		mu.Lock()
		defer mu.Unlock()
		stopped = true
		return float64(peak) / (1 << 20)
	}
}
