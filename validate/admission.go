package validate

import (
	"runtime"
	"sync"
)

// DefaultInFlight returns how many bytes of files are checked at once unless Options say
// otherwise: 1 MiB a worker, at least 2 MiB. Checking a file takes about a dozen times its size,
// so on two cores this is some 25 MB of working memory for the small files most folders hold.
func DefaultInFlight(workers int) int64 {
	return max(2<<20, int64(workers)<<20)
}

// DefaultAlone is the size above which a file is checked alone unless Options say otherwise.
// Two such files checked together hold twice the parse trees of one, and the collector then
// lets the heap grow to twice that: 100 copies of a 0.9 MB export peaked at 69 MB checked in
// pairs, 37 MB one at a time, and above what a 3.5 MB export reaches alone. Below this size the
// trees are small beside the tables every run holds, and the collections that checking alone
// costs would outweigh the check.
const DefaultAlone = 512 << 10

// admission lets files into checking, in the order of their paths, so that what a run holds at
// once depends on its largest files and on the bounds, not on how many files there are or how
// they are ordered:
//
//   - files are checked together while their bytes add up to at most the bound;
//   - a file larger than the alone size is checked by itself, between two collections. The
//     collector lets the heap grow to twice what was live at its last cycle: starting such a
//     file on a collected heap makes the peak it reaches its own (not an accident of when the
//     previous cycle fell, or of what another file held then), and collecting after it keeps
//     the goal its parse trees set from letting the next files grow the heap that far. Between
//     two large files both collections are kept: with only one, 100 copies of a 3.5 MB export
//     peaked 4 MB higher.
//
// In order, so that a large file waiting for room isn't passed by smaller ones for ever.
type admission struct {
	mu      sync.Mutex
	cond    sync.Cond
	limit   int64
	aloneAt int64 // files of more bytes than this are checked alone
	used    int64
	next    int  // the index of the next file to let in
	alone   bool // the files being checked are one checked alone
	// collect collects the heap (runtime.GC; tests count the calls).
	collect func()
	// memory, when set, follows the bytes in flight.
	memory *memoryLimit
}

func newAdmission(limit, alone int64) *admission {
	a := &admission{limit: limit, aloneAt: min(limit, alone), collect: runtime.GC}
	a.cond.L = &a.mu
	return a
}

// isAlone reports whether a file of n bytes is checked alone.
func (a *admission) isAlone(n int64) bool { return n > a.aloneAt }

// enter waits until file index, of n bytes, may be checked; the heap is collected first when it
// is checked alone.
func (a *admission) enter(index int, n int64) {
	alone := a.isAlone(n)
	a.mu.Lock()
	for index != a.next || (a.used > 0 && (alone || a.alone || a.used+n > a.limit)) {
		a.cond.Wait()
	}
	a.used += n
	a.memory.follow(a.used)
	a.next++
	a.alone = alone
	a.mu.Unlock()
	a.cond.Broadcast()
	if alone {
		a.collect()
	}
}

// leave gives back the bytes of a file that is checked (alone: after collecting its garbage).
func (a *admission) leave(n int64) {
	if a.isAlone(n) {
		a.collect()
	}
	a.mu.Lock()
	a.used -= n
	a.memory.follow(a.used)
	a.mu.Unlock()
	a.cond.Broadcast()
}
