package validate

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/flowctl/flowctl/findings"
)

// sizedKind checks files whose size is what they weigh, noting the bytes being checked beside
// each one as it starts.
type sizedKind struct {
	mu     sync.Mutex
	now    int64
	beside map[string]int64 // bytes in checking when each file started, its own included
	shared bool             // whether a 5-byte file was ever checked beside another
	// parallel: the run has several workers, so files should be checked together
	parallel bool
}

func (*sizedKind) Claims(string, []byte) bool { return true }

func (k *sizedKind) Check(path string, src []byte) *File {
	k.mu.Lock()
	k.now += int64(len(src))
	k.beside[path] = k.now
	k.mu.Unlock()
	time.Sleep(2 * time.Millisecond) // long enough for the other workers to try to join
	if len(src) == 5 && k.parallel {
		// until two files have been checked together, the 5-byte files wait (a while, not for
		// ever) for another beside them
		for deadline := time.Now().Add(time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
			k.mu.Lock()
			k.shared = k.shared || k.now > int64(len(src))
			done := k.shared
			k.mu.Unlock()
			if done {
				break
			}
		}
	}
	k.mu.Lock()
	k.now -= int64(len(src))
	k.mu.Unlock()
	return &File{Path: path}
}

func (*sizedKind) Rules() []findings.Rule { return nil }

// TestRunInFlightBound: however many workers wait, the bytes of the files being checked at once
// stay within Options.InFlight; a file larger than it, or than Options.Alone, is checked alone,
// unreadable files take their turn without holding anything up, and every file is checked and
// written.
func TestRunInFlightBound(t *testing.T) {
	sizes := []int{10, 10, 60, 10, 30, 30, 100, 10, 10, 64, 5, 5, 5, 5, 40, 40, 40, 1, 1, 1}
	var paths []string
	content := map[string][]byte{}
	for i, n := range sizes {
		p := fmt.Sprintf("f%02d.json", i)
		paths = append(paths, p)
		content[p] = []byte(strings.Repeat("x", n))
	}
	paths = append(paths[:5], append([]string{"gone.json"}, paths[5:]...)...)
	read := func(p string) ([]byte, error) {
		if b, ok := content[p]; ok {
			return b, nil
		}
		return nil, fmt.Errorf("no such file")
	}
	const limit = 64
	for _, alone := range []int64{0, 25} {
		aloneAt := int64(limit) // the default alone size is larger than this bound
		if alone > 0 {
			aloneAt = alone
		}
		for _, workers := range []int{1, 2, 8} {
			k := &sizedKind{beside: map[string]int64{}, parallel: workers > 1}
			f, err := NewFormat("text", FormatOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var problems []string
			sum, err := Run(io.Discard, f, paths, Options{Kinds: []Kind{k}, Workers: workers, InFlight: limit, Alone: alone,
				Read: read, OnProblem: func(m string) { problems = append(problems, m) }})
			if err != nil {
				t.Fatal(err)
			}
			if sum.Files != len(sizes) || len(problems) != 1 || len(k.beside) != len(sizes) {
				t.Fatalf("alone %d, %d workers: %d files checked, %d written, problems %q", alone, workers, len(k.beside), sum.Files, problems)
			}
			for p, b := range k.beside {
				own := int64(len(content[p]))
				if b > max(limit, own) {
					t.Errorf("alone %d, %d workers: %s (%d bytes) started with %d bytes in checking, more than the bound %d", alone, workers, p, own, b, limit)
				}
				if own > aloneAt && b != own {
					t.Errorf("alone %d, %d workers: %s (%d bytes, more than %d) started beside %d bytes of others", alone, workers, p, own, aloneAt, b-own)
				}
			}
			if workers > 1 && !k.shared {
				t.Errorf("alone %d, %d workers: no two small files were checked together", alone, workers)
			}
		}
	}
}

// TestAdmissionCollectsAroundAloneFiles: a file checked alone starts and ends on a collected
// heap; files checked together cost no collection.
func TestAdmissionCollectsAroundAloneFiles(t *testing.T) {
	tests := []struct {
		sizes []int64
		want  string
	}{
		{[]int64{10, 20}, "f0 f1"},
		{[]int64{100}, "gc f0 gc"},
		{[]int64{100, 100}, "gc f0 gc gc f1 gc"},
		{[]int64{100, 10, 20, 100}, "gc f0 gc f1 f2 gc f3 gc"},
		{[]int64{10, 100, 0, 30, 100, 5}, "f0 gc f1 gc f2 f3 gc f4 gc f5"},
	}
	for _, tt := range tests {
		a := newAdmission(64, 1<<20)
		var events []string
		a.collect = func() { events = append(events, "gc") }
		for i, n := range tt.sizes {
			a.enter(i, n)
			events = append(events, fmt.Sprintf("f%d", i))
			a.leave(n)
		}
		if got := strings.Join(events, " "); got != tt.want {
			t.Errorf("sizes %v: got %q, want %q", tt.sizes, got, tt.want)
		}
	}
}

// heldKind counts the bytes read and not yet checked, and notes, as each file larger than the
// bound is checked, how many bytes besides its own are held by workers waiting their turn.
type heldKind struct {
	mu     sync.Mutex
	held   int64
	extra  map[string]int64
	bound  int
	checks int
}

func (*heldKind) Claims(string, []byte) bool { return true }

func (k *heldKind) Check(path string, src []byte) *File {
	if len(src) > k.bound {
		time.Sleep(5 * time.Millisecond) // time for the other workers to pick up the next files
		k.mu.Lock()
		k.extra[path] = k.held - int64(len(src))
		k.mu.Unlock()
	}
	k.mu.Lock()
	k.held -= int64(len(src))
	k.checks++
	k.mu.Unlock()
	return &File{Path: path}
}

func (*heldKind) Rules() []findings.Rule { return nil }

// TestRunReadsOnlyAdmittedFiles: files on disk are let in by their size before they are read,
// so a file checked alone shares memory with no other file read and waiting for its turn.
func TestRunReadsOnlyAdmittedFiles(t *testing.T) {
	dir := t.TempDir()
	const bound = 64
	sizes := []int{100, 100, 10, 100, 10, 10, 100}
	var paths []string
	for i, n := range sizes {
		p := filepath.Join(dir, fmt.Sprintf("f%02d.json", i))
		if err := os.WriteFile(p, []byte(strings.Repeat("x", n)), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	k := &heldKind{extra: map[string]int64{}, bound: bound}
	read := func(p string) ([]byte, error) {
		b, err := os.ReadFile(p)
		k.mu.Lock()
		k.held += int64(len(b))
		k.mu.Unlock()
		return b, err
	}
	f, err := NewFormat("text", FormatOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Run(io.Discard, f, paths, Options{Kinds: []Kind{k}, Workers: 4, InFlight: bound, Read: read}); err != nil {
		t.Fatal(err)
	}
	if k.checks != len(sizes) || len(k.extra) != 4 {
		t.Fatalf("%d files checked, %d of them large; want %d and 4", k.checks, len(k.extra), len(sizes))
	}
	for p, b := range k.extra {
		if b != 0 {
			t.Errorf("%s was checked alone while %d bytes of other files were read and waiting", filepath.Base(p), b)
		}
	}
}
