package validate

import (
	"math"
	"os"
	"runtime/debug"
	"runtime/metrics"
)

// memoryHeadroom and memoryPerByte set the soft memory limit a run keeps (see memoryLimit). A
// file's parse trees and findings, live while it is checked, take about 8 times its size (29 MB
// for a 3.5 MB export), and the collector's own goal for them is twice that: the limit grants the
// files in flight that much, so it never binds where their working memory is what counts. The
// headroom is room over what the process held at the start for the caches a first check builds
// and for what the workers allocate while a collection runs.
const (
	memoryHeadroom = 5 << 20
	memoryPerByte  = 16
)

// memoryLimit keeps the Go runtime's soft memory limit at what the process held when the run
// began, plus memoryHeadroom, plus memoryPerByte times the bytes of the files being checked.
//
// Why: the collector lets the heap grow to twice what was live at its last cycle, and on a folder
// of small exports what is live is mostly the tables the libraries build at start-up (phone
// numbers, schemas, validators: about 3.3 MB) and what the workers allocate while the cycle
// runs. A long run reaches the collector's steady state and a short one ends before it, so 1,000
// small exports peaked 17% above 10 of them, although nothing is kept from one file to the next.
// The limit has the collector run before the heap outgrows what the files in flight need,
// however long the run: on such folders it binds, at the cost of more frequent collections; on
// large files their own working memory sets the collector's pace, as without it.
//
// A limit or collector setting the user chose (GOMEMLIMIT, GOGC) is left as it is.
type memoryLimit struct {
	base, prev int64
	// set sets the runtime's limit and returns the previous one (debug.SetMemoryLimit; tests
	// record the calls).
	set func(int64) int64
}

// newMemoryLimit returns the limit a run keeps, or nil when the process's memory settings aren't
// flowctl's to change.
func newMemoryLimit() *memoryLimit {
	if _, ok := os.LookupEnv("GOMEMLIMIT"); ok {
		return nil
	}
	if _, ok := os.LookupEnv("GOGC"); ok {
		return nil
	}
	prev := debug.SetMemoryLimit(-1)
	if prev != math.MaxInt64 {
		return nil // set by the program embedding the pipeline
	}
	return &memoryLimit{base: heldMemory(), prev: prev, set: debug.SetMemoryLimit}
}

// heldMemory is the memory the runtime holds from the system and hasn't returned: what the
// limit counts.
func heldMemory() int64 {
	s := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	metrics.Read(s)
	return int64(s[0].Value.Uint64() - s[1].Value.Uint64())
}

// follow sets the limit for used bytes of files in flight.
func (m *memoryLimit) follow(used int64) {
	if m != nil {
		m.set(m.base + memoryHeadroom + memoryPerByte*used)
	}
}

// restore puts back the limit the run found.
func (m *memoryLimit) restore() {
	if m != nil {
		m.set(m.prev)
	}
}
