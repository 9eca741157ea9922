package scenario

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/internal/readfile"
	"github.com/flowctl/flowctl/internal/writefile"
)

// Status is how a scenario came out.
type Status string

// The statuses of a scenario.
const (
	StatusPassed  Status = "passed"
	StatusFailed  Status = "failed"
	StatusUpdated Status = "updated" // its outputs were rewritten and everything else holds
	StatusError   Status = "error"   // a file could not be read: not a verdict on the flow
	// StatusNotWritten: --update found new outputs but couldn't write them to the file (a
	// read-only file, a full disk); the file is as it was
	StatusNotWritten Status = "not_written"
)

// Outcome is the result of one scenario file.
type Outcome struct {
	Path        string
	Status      Status
	Differences []Difference
	// Err is why the scenario could not be read or run (StatusError, or StatusFailed when the
	// engine itself failed).
	Err      error
	Scenario *Scenario
	Result   *Result
	Duration time.Duration
	// Rewritten says --update rewrote the file's outputs (the scenario may still fail on expect
	// or expect_status).
	Rewritten bool
}

// Options control a suite run.
type Options struct {
	Runner Runner
	// Strict compares generated UUIDs and timestamps too.
	Strict bool
	// Update rewrites the outputs of scenarios whose events differ.
	Update bool
	// Parallel is how many scenarios run at once; 0 means one per CPU.
	Parallel int
	// MaxFileSize is the largest scenario file read (0: readfile.DefaultMaxSize).
	MaxFileSize int64
	// Force lets Update rewrite read-only scenario files.
	Force bool
	// Progress, when set, is called with the number of scenarios finished so far, after each one,
	// never from two goroutines at once.
	Progress func(done int)
}

// Discover expands files and folders into scenario files: a folder contributes every
// *.scenario.json and scenario.json under it (hidden folders skipped); a file is taken as named.
// No arguments means the current folder. The result is sorted and free of duplicates so that
// reports come out in a stable order.
func Discover(args []string) ([]string, error) { return DiscoverFiles(args, IsScenarioFile) }

// DiscoverFiles is Discover with another test of which file names in folders are scenarios (a
// caller that also runs other kinds of scenario files, such as desktop scenarios).
func DiscoverFiles(args []string, isScenario func(name string) bool) ([]string, error) {
	if len(args) == 0 {
		args = []string{"."}
	}
	seen := map[string]bool{}
	var out []string
	add := func(p string) {
		if !seen[filepath.Clean(p)] {
			seen[filepath.Clean(p)] = true
			out = append(out, p)
		}
	}
	for _, arg := range args {
		st, err := os.Stat(arg)
		if err != nil {
			return nil, fmt.Errorf("%s: no such file or folder", arg)
		}
		if !st.IsDir() {
			add(arg)
			continue
		}
		var found []string
		err = filepath.WalkDir(arg, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if p != arg && flows.SkipFolder(d.Name()) {
					return filepath.SkipDir
				}
				return nil
			}
			// only regular files: a named pipe called x.scenario.json would hang the read
			if isScenario(d.Name()) && readfile.IsRegular(p, d) {
				found = append(found, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		sort.Strings(found)
		for _, p := range found {
			add(p)
		}
	}
	return out, nil
}

// IsScenarioFile reports whether a file name is one Discover picks up.
func IsScenarioFile(name string) bool {
	return name == "scenario.json" || strings.HasSuffix(name, ".scenario.json")
}

// RunAll runs the scenario files in parallel and returns their outcomes in the order of paths.
func RunAll(ctx context.Context, paths []string, opts Options) []Outcome {
	outcomes := make([]Outcome, len(paths))
	workers := opts.Parallel
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	jobs := make(chan int)
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		done int
	)
	for range min(workers, max(len(paths), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				outcomes[i] = RunOne(ctx, paths[i], opts)
				if opts.Progress != nil {
					mu.Lock()
					done++
					opts.Progress(done)
					mu.Unlock()
				}
			}
		}()
	}
	for i := range paths {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return outcomes
}

// RunOne reads, runs, checks and, with opts.Update, updates one scenario file.
func RunOne(ctx context.Context, path string, opts Options) (o Outcome) {
	start := time.Now()
	o.Path = path
	defer func() { o.Duration = time.Since(start) }()

	sc, err := ReadFile(path, opts.MaxFileSize)
	if err != nil {
		o.Status, o.Err = StatusError, err
		return o
	}
	o.Scenario = sc
	res, err := safeRun(ctx, opts.Runner, sc)
	if err != nil {
		var le *LoadError
		var re *ReadError
		switch {
		case errors.As(err, &re) && re.Path == path:
			// placed in the scenario file already (a problem in its contact, say)
			o.Status, o.Err = StatusError, err
		case errors.As(err, &le):
			o.Status, o.Err = StatusError, fmt.Errorf("%s: %w", path, err)
		default:
			o.Status, o.Err = StatusFailed, fmt.Errorf("%s: the run failed: %w", path, err)
		}
		return o
	}
	o.Result = res
	outputDiffs, otherDiffs := Check(sc, res, opts.Strict)
	if len(outputDiffs) > 0 && opts.Update {
		data, err := sc.WithOutputs(res.Sprints)
		if err != nil {
			o.Status, o.Err = StatusError, fmt.Errorf("%s: can't update: %w", path, err)
			return o
		}
		if err := writefile.Replace(path, data, writefile.Options{Force: opts.Force}); err != nil {
			o.Status, o.Err = StatusNotWritten, err
			return o
		}
		outputDiffs = nil
		o.Status, o.Rewritten = StatusUpdated, true
	}
	o.Differences = append(outputDiffs, otherDiffs...)
	switch {
	case len(o.Differences) > 0:
		o.Status = StatusFailed
	case o.Status == "":
		o.Status = StatusPassed
	}
	return o
}

// safeRun turns a panic of the engine into an error, so that one bad scenario is reported as a
// failure instead of ending the whole suite.
func safeRun(ctx context.Context, r Runner, sc *Scenario) (res *Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			res, err = nil, fmt.Errorf("the engine panicked: %v", p)
		}
	}()
	if r == nil {
		return nil, errors.New("no runner")
	}
	res, err = r.Run(ctx, sc)
	if err == nil && res == nil {
		err = errors.New("the runner returned no result")
	}
	return res, err
}

// Check compares a run with its scenario. outputDiffs are the differences in the events (what
// --update fixes); otherDiffs come from "expect" and "expect_status". Events are compared only
// when the file has an "outputs" key: an empty list there expects no events, so a scenario
// written with "outputs": [] fails until --update records it. A file with no expectation at all
// is a smoke test: it passes when it runs.
func Check(sc *Scenario, res *Result, strict bool) (outputDiffs, otherDiffs []Difference) {
	// The inputs are the scenario (it holds the contact, trigger, resumes and mocks), the flow
	// file and the assets files: UUIDs written in them are compared, all others are generated.
	known := []map[string]bool{KnownUUIDs(sc.inputText())}
	if res.InputUUIDs != nil {
		known = append(known, res.InputUUIDs...)
	} else {
		for _, path := range append([]string{sc.FlowFile()}, sc.AssetFiles()...) {
			// the runner has read these within the user's size limit already
			if data, err := readfile.Read(path, math.MaxInt64); err == nil {
				known = append(known, KnownUUIDs(data))
			}
		}
	}
	c := &comparison{sc: sc, norm: normalizer{strict: strict, known: known}}
	if sc.HasOutputs {
		c.compareOutputs(res.Sprints)
	}
	outputDiffs, c.out = c.out, nil
	c.compareExpect(res.Sprints)
	c.compareStatus(res.Status)
	return outputDiffs, c.out
}
