package validate

import (
	"runtime"
	"sync"
)

// DefaultInFlight returns how many bytes of files are checked at once unless Options say
// otherwise: 1 MiB a worker, at least 2 MiB. Checking a file takes about a dozen times its size,
// so on two cores this is some 25 MB of working memory: the small files most folders hold are
// checked in parallel, while every export of more than 2 MiB is checked alone.
func DefaultInFlight(workers int) int64 {
	return max(2<<20, int64(workers)<<20)
}

// admission lets files into checking, in the order of their paths, so that what a run holds at
// once depends on its largest file and on the bound, not on how many files there are or how
// they are ordered:
//
//   - files are checked together while their bytes add up to at most the bound;
//   - a larger file is checked alone, between two collections. The collector lets the heap grow
//     to twice what was live at its last cycle: starting such a file on a collected heap makes
//     the peak it reaches its own (not an accident of when the previous cycle fell), and
//     collecting after it keeps the goal its parse trees set from letting the next files grow
//     the heap that far. Files checked together hold less than it, whatever their timing.
//
// In order, so that a large file waiting for room isn't passed by smaller ones for ever.
type admission struct {
	mu    sync.Mutex
	cond  sync.Cond
	limit int64
	used  int64
	next  int // the index of the next file to let in
}

// alone reports whether a file of n bytes is checked alone.
func (a *admission) alone(n int64) bool { return n > a.limit }

func newAdmission(limit int64) *admission {
	a := &admission{limit: limit}
	a.cond.L = &a.mu
	return a
}

// enter waits until file index, of n bytes, may be checked; the heap is collected first when it
// is checked alone.
func (a *admission) enter(index int, n int64) {
	a.mu.Lock()
	for index != a.next || (a.used > 0 && a.used+n > a.limit) {
		a.cond.Wait()
	}
	a.used += n
	a.next++
	a.mu.Unlock()
	a.cond.Broadcast()
	if a.alone(n) {
		runtime.GC()
	}
}

// leave gives back the bytes of a file that is checked (alone: after collecting its garbage).
func (a *admission) leave(n int64) {
	if a.alone(n) {
		runtime.GC()
	}
	a.mu.Lock()
	a.used -= n
	a.mu.Unlock()
	a.cond.Broadcast()
}
