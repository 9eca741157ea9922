package check

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
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
	sum, err := validate.Run(io.Discard, f, paths, validate.Options{Kinds: []validate.Kind{kind}, Workers: workers})
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

// BenchmarkValidatePeakMemory validates 10, 100 and 1,000 files of the same shapes and reports
// the peak of the live heap (what the last collection found reachable) sampled during the run
// ("peak-live-MB"), and the peak of all heap objects, garbage included ("peak-heap-MB", which
// follows the collector's pacing): neither may grow with the number of files, as each file's
// source and document are dropped once it is written.
func BenchmarkValidatePeakMemory(b *testing.B) {
	for _, n := range []int{10, 100, 1000} {
		b.Run(fmt.Sprintf("files=%d", n), func(b *testing.B) {
			sizes := make([]int, n)
			for i := range sizes {
				sizes[i] = []int{6, 12, 20}[i%3]
			}
			paths, _ := exportFolder(b, fmt.Sprintf("many-%d", n), sizes, 8)
			var live, heap []float64
			for b.Loop() {
				runtime.GC()
				stop := sampleHeap()
				runValidate(b, "sarif", paths, 0)
				l, h := stop()
				live, heap = append(live, l), append(heap, h)
			}
			sort.Float64s(live)
			sort.Float64s(heap)
			b.ReportMetric(live[len(live)/2], "peak-live-MB")
			b.ReportMetric(heap[len(heap)/2], "peak-heap-MB")
		})
	}
}

// sampleHeap samples the live heap and all heap objects every millisecond until the returned
// function is called, which returns the largest samples in MB.
func sampleHeap() func() (live, heap float64) {
	samples := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/memory/classes/heap/objects:bytes"}}
	var peakLive, peak uint64
	var mu sync.Mutex
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(samples)
			mu.Lock()
			peakLive = max(peakLive, samples[0].Value.Uint64())
			peak = max(peak, samples[1].Value.Uint64())
			mu.Unlock()
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() (float64, float64) {
		close(done)
		<-stopped
		mu.Lock()
		defer mu.Unlock()
		return float64(peakLive) / (1 << 20), float64(peak) / (1 << 20)
	}
}
