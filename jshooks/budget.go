package jshooks

import (
	"fmt"
	"runtime/metrics"
	"sync"
	"time"

	"github.com/dop251/goja"
)

// The JavaScript engine counts no instructions and no memory, so a watchdog goroutine looks at
// each call into hook code from outside: when the process has spent more CPU time than the time
// budget since the call started, or its heap has grown by more than the memory budget, the
// watchdog interrupts it, and the hook fails with a budgetError. A call costs the hook two short locks; one watchdog
// serves every runtime of the process, ticks only while calls are in progress and stops when
// none has run for a while.

// tick is how often the watchdog looks; idleTicks how many ticks without a call it waits before
// stopping.
const (
	tick      = 2 * time.Millisecond
	idleTicks = 50
)

// budgetError is why the watchdog stopped a call.
type budgetError struct{ msg string }

func (e *budgetError) Error() string { return e.msg }

type budget struct {
	vm        *goja.Runtime
	timeout   time.Duration
	maxMemory uint64
	// depth counts calls in progress, nested ones included; only the runtime's goroutine
	// touches it
	depth int

	// under mu: whether an outermost call is in progress, and since when the watchdog has seen
	// it (zero until its first look); watched says the watchdog knows of this budget
	mu      sync.Mutex
	running bool
	seen    bool
	start   time.Duration // cpuClock
	base    uint64
	watched bool
	idle    int
}

func newBudget(vm *goja.Runtime, timeout time.Duration, maxMemory uint64) *budget {
	return &budget{vm: vm, timeout: timeout, maxMemory: maxMemory}
}

// watchdog is the process's one watcher of calls in progress.
var watchdog struct {
	mu      sync.Mutex
	active  map[*budget]struct{}
	running bool
}

// enter starts a call; leave ends it.
func (b *budget) enter() {
	b.depth++
	if b.depth > 1 {
		return
	}
	b.mu.Lock()
	b.running, b.seen = true, false
	// an interrupt aimed at an earlier call, too late to land, must not hit this one
	b.vm.ClearInterrupt()
	watched := b.watched
	b.watched = true
	b.mu.Unlock()
	if watched {
		return
	}
	// the budget's first call, or its first since the watchdog forgot it
	watchdog.mu.Lock()
	if watchdog.active == nil {
		watchdog.active = map[*budget]struct{}{}
	}
	watchdog.active[b] = struct{}{}
	if !watchdog.running {
		watchdog.running = true
		go watch()
	}
	watchdog.mu.Unlock()
}

func (b *budget) leave() {
	b.depth--
	if b.depth > 0 {
		return
	}
	b.mu.Lock()
	b.running = false
	b.mu.Unlock()
}

// heapBytes is the memory the heap's objects take, live or not yet swept: it grows with every
// allocation until a collection.
func heapBytes() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// watch looks at the budgets of runtimes that made calls lately; one without a call for idleTicks
// is forgotten (its next call makes it known again), and the watchdog stops when it knows none.
func watch() {
	var calls []*budget
	for {
		time.Sleep(tick)
		watchdog.mu.Lock()
		if len(watchdog.active) == 0 {
			watchdog.running = false
			watchdog.mu.Unlock()
			return
		}
		calls = calls[:0]
		for b := range watchdog.active {
			calls = append(calls, b)
		}
		watchdog.mu.Unlock()
		heap, now := heapBytes(), cpuClock()
		for _, b := range calls {
			if !b.check(heap, now) {
				watchdog.mu.Lock()
				delete(watchdog.active, b)
				watchdog.mu.Unlock()
			}
		}
	}
}

// check interrupts the call in progress when it is over budget. It reports whether the budget
// is still worth watching.
func (b *budget) check(heap uint64, now time.Duration) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.running {
		b.idle = 0
	} else if b.idle++; b.idle >= idleTicks {
		b.watched = false
		return false
	}
	switch {
	case !b.running:
	case !b.seen:
		// a call that started since the last look: measure it from now
		b.seen, b.start, b.base = true, now, heap
	case now-b.start > b.timeout:
		b.vm.Interrupt(&budgetError{fmt.Sprintf("stopped after running longer than its time budget of %s of CPU time (an endless loop?)", b.timeout)})
	case heap > b.base && heap-b.base > b.maxMemory:
		b.vm.Interrupt(&budgetError{fmt.Sprintf("stopped after allocating more than its memory budget of %d MiB", b.maxMemory>>20)})
	}
	return true
}

// limits wraps the built-ins that allocate a whole string or array in one native step, which the
// watchdog can't interrupt: their results are refused up front when they would exceed the memory
// budget. (Loops that grow values step by step are the watchdog's.)
const limits = `(function (maxChars, maxItems) {
	"use strict";
	function guard(proto, name, size, limit) {
		const orig = proto[name];
		Object.defineProperty(proto, name, {
			value: function (...args) {
				const n = size(this, args);
				if (n > limit) throw new RangeError(name + " would make a value of " + n + " items, more than a hook's memory budget allows");
				return orig.apply(this, args);
			},
			writable: true, configurable: true,
		});
	}
	guard(String.prototype, "repeat", (s, a) => String(s).length * Number(a[0]), maxChars);
	guard(String.prototype, "padStart", (s, a) => Number(a[0]), maxChars);
	guard(String.prototype, "padEnd", (s, a) => Number(a[0]), maxChars);
	guard(Array.prototype, "fill", (s) => s.length, maxItems);
	guard(Array.prototype, "join", (s) => s.length, maxItems);
	const from = Array.from;
	Array.from = function (src, ...rest) {
		if (src != null && Number(src.length) > maxItems) throw new RangeError("Array.from would make an array of " + src.length + " items, more than a hook's memory budget allows");
		return from.call(this, src, ...rest);
	};
})`

// limitsProgram is limits compiled, once per process: every runtime (each simulation of a
// flowctl test run has one) runs it.
var limitsProgram = sync.OnceValue(func() *goja.Program {
	return goja.MustCompile("limits.js", limits, true)
})

func (r *Runtime) limitBuiltins() {
	fn, err := r.vm.RunProgram(limitsProgram())
	if err != nil {
		panic(err)
	}
	install, _ := goja.AssertFunction(fn)
	// a character takes up to 2 bytes, an array item about 16
	if _, err := install(goja.Undefined(), r.vm.ToValue(r.opts.MaxMemory/2), r.vm.ToValue(r.opts.MaxMemory/16)); err != nil {
		panic(err)
	}
}

// wallClock is the time since the process started, for systems without a CPU clock.
func wallClock() time.Duration { return time.Since(processStart) }

var processStart = time.Now()
