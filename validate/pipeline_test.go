package validate

import (
	"fmt"
	"io"
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
// stay within Options.InFlight; a larger file is checked alone, unreadable files take their turn
// without holding anything up, and every file is checked and written.
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
	for _, workers := range []int{1, 2, 8} {
		k := &sizedKind{beside: map[string]int64{}, parallel: workers > 1}
		f, err := NewFormat("text", FormatOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var problems []string
		sum, err := Run(io.Discard, f, paths, Options{Kinds: []Kind{k}, Workers: workers, InFlight: limit, Read: read,
			OnProblem: func(m string) { problems = append(problems, m) }})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Files != len(sizes) || len(problems) != 1 || len(k.beside) != len(sizes) {
			t.Fatalf("%d workers: %d files checked, %d written, problems %q", workers, len(k.beside), sum.Files, problems)
		}
		for p, b := range k.beside {
			own := int64(len(content[p]))
			if b > max(limit, own) {
				t.Errorf("%d workers: %s (%d bytes) started with %d bytes in checking, more than the bound %d", workers, p, own, b, limit)
			}
			if own > limit && b != own {
				t.Errorf("%d workers: %s (%d bytes, more than the bound) started beside %d bytes of others", workers, p, own, b-own)
			}
		}
		if workers > 1 && !k.shared {
			t.Errorf("%d workers: no two small files were checked together", workers)
		}
	}
}
