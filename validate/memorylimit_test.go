package validate

import (
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"testing"

	"github.com/flowctl/flowctl/findings"
)

// TestMemoryLimitFollowsBytesInFlight: as files enter and leave, the limit is the base, the
// headroom and memoryPerByte times the bytes of the files being checked, whichever files they are.
func TestMemoryLimitFollowsBytesInFlight(t *testing.T) {
	const base = 1000
	type step struct {
		enter bool
		n     int64
	}
	tests := []struct {
		name  string
		steps []step
		want  []int64 // bytes in flight after each step
	}{
		{"one at a time", []step{{true, 10}, {false, 10}, {true, 30}, {false, 30}}, []int64{10, 0, 30, 0}},
		{"overlapping", []step{{true, 10}, {true, 20}, {false, 10}, {true, 5}, {false, 20}, {false, 5}}, []int64{10, 30, 20, 25, 5, 0}},
		{"alone", []step{{true, 100}, {false, 100}}, []int64{100, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newAdmission(64, 50)
			a.collect = func() {}
			var got []int64
			a.memory = &memoryLimit{base: base, set: func(v int64) int64 { got = append(got, v); return 0 }}
			next := 0
			for _, s := range tt.steps {
				if s.enter {
					a.enter(next, s.n)
					next++
				} else {
					a.leave(s.n)
				}
			}
			var want []int64
			for _, n := range tt.want {
				want = append(want, base+memoryHeadroom+memoryPerByte*n)
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("limits %v, want %v", got, want)
			}
		})
	}
}

// TestMemoryLimitLeavesUserSettings: GOMEMLIMIT, GOGC, or a limit the embedding program set,
// are the user's; only without them does a run keep a limit.
func TestMemoryLimitLeavesUserSettings(t *testing.T) {
	unsetMemoryEnv(t)
	if m := newMemoryLimit(); m == nil || m.base <= 0 || m.prev != math.MaxInt64 {
		t.Fatalf("no setting: got %+v, want a limit over a positive base", m)
	}
	for _, env := range []string{"GOMEMLIMIT", "GOGC"} {
		t.Run(env, func(t *testing.T) {
			t.Setenv(env, "100")
			if m := newMemoryLimit(); m != nil {
				t.Errorf("with %s set: got a limit", env)
			}
		})
	}
	t.Run("set by the program", func(t *testing.T) {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(1 << 40))
		if m := newMemoryLimit(); m != nil {
			t.Errorf("with a limit set: got one")
		}
	})
}

// unsetMemoryEnv removes GOMEMLIMIT and GOGC for the test (t.Setenv puts them back after).
func unsetMemoryEnv(t *testing.T) {
	for _, env := range []string{"GOMEMLIMIT", "GOGC"} {
		t.Setenv(env, "")
		os.Unsetenv(env)
	}
}

// limitKind notes the runtime's memory limit as it checks each file.
type limitKind struct {
	mu     sync.Mutex
	limits map[string]int64
}

func (*limitKind) Claims(string, []byte) bool { return true }

func (k *limitKind) Check(path string, _ []byte) *File {
	k.mu.Lock()
	k.limits[filepath.Base(path)] = debug.SetMemoryLimit(-1)
	k.mu.Unlock()
	return &File{Path: path}
}

func (*limitKind) Rules() []findings.Rule { return nil }

// TestRunKeepsMemoryLimit: with LimitMemory, a run checks each file under a limit that grows by
// memoryPerByte times its bytes, and puts back the limit it found; without, it leaves the limit alone.
func TestRunKeepsMemoryLimit(t *testing.T) {
	unsetMemoryEnv(t)
	dir := t.TempDir()
	var paths []string
	for _, f := range []struct {
		name string
		size int
	}{{"small", 100}, {"large", 1100}} {
		p := filepath.Join(dir, f.name)
		if err := os.WriteFile(p, []byte(strings.Repeat("x", f.size)), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	for _, limit := range []bool{true, false} {
		k := &limitKind{limits: map[string]int64{}}
		format, err := NewFormat("text", FormatOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Run(io.Discard, format, paths, Options{Kinds: []Kind{k}, Workers: 1, LimitMemory: limit}); err != nil {
			t.Fatal(err)
		}
		if after := debug.SetMemoryLimit(-1); after != math.MaxInt64 {
			t.Errorf("LimitMemory %v: the limit after the run is %d, want none", limit, after)
		}
		small, large := k.limits["small"], k.limits["large"]
		switch {
		case !limit && (small != math.MaxInt64 || large != math.MaxInt64):
			t.Errorf("without LimitMemory: limits %d and %d, want none", small, large)
		case limit && large-small != memoryPerByte*1000:
			t.Errorf("with LimitMemory: the 1,100-byte file's limit is %d above the 100-byte one's, want %d", large-small, memoryPerByte*1000)
		}
	}
}
