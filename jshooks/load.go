// Package jshooks runs hook files written in JavaScript: Twilio Flex's Actions Framework
// vocabulary (addListener, removeListener, replaceAction, registerAction) over flow actions. It
// is a binding of the engine's hooks (engine.Hooks), which know nothing of JavaScript, so the
// order and error rules are the engine's.
//
// Hook files run in an embedded, pure-Go JavaScript engine (goja), in strict mode, with nothing
// of the outside world: no network, no file system, no real time (Date reads the simulation's
// clock) and a Math.random seeded from the run's seed, so a run with hooks is as deterministic
// as one without. Each call into a hook file runs under a time and memory budget.
package jshooks

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"time"

	"github.com/dop251/goja"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/engine"
	"github.com/flowctl/flowctl/internal/readfile"
)

// Budgets of one call into a hook file (a listener, a replacement, an execute, or a file's
// top-level code).
const (
	DefaultTimeout   = time.Second
	DefaultMaxMemory = 256 << 20
	// MaxCallDepth bounds recursion in hook code.
	MaxCallDepth = 1000
)

// Options configure the JavaScript runtime of a set of hook files.
type Options struct {
	// Seed seeds Math.random (the run's --seed).
	Seed uint64
	// Now is what Date reads outside a run (a file's top-level code); inside one, Date reads
	// the run's clock.
	Now time.Time
	// Timeout and MaxMemory bound each call into hook code (zero: the defaults). MaxMemory is
	// the growth of the process's heap while the call runs.
	Timeout   time.Duration
	MaxMemory uint64
}

// File is a hook file: its path (as the user named it, for messages) and its source.
type File struct {
	Path string
	Src  []byte
}

// LoadError is a hook file that can't be loaded: a syntax error, an exception in its top-level
// code, a registration the engine refuses. Line and Column are 1-based; 0 when unknown.
type LoadError struct {
	Path         string
	Line, Column int
	Message      string
}

func (e *LoadError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.Path, e.Message)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Line, e.Column, e.Message)
}

// Runtime is the JavaScript runtime that a set of hook files was loaded into, registered on one
// engine.Hooks. Like the engine, it is not safe for concurrent use: a simulation owns it.
type Runtime struct {
	vm    *goja.Runtime
	hooks *engine.Hooks
	opts  Options
	b     *budget

	// frames are the calls into hook code in progress, innermost last; ctx reads the top one
	frames    []*frame
	framePool []*frame
	ctx       *goja.Object
	abort     goja.Value

	stringify, freeze goja.Callable
	// actions caches the frozen JavaScript object of each action given to hooks
	actions map[flows.Action]goja.Value
	// listeners are the registrations by event and function, for removeListener
	listeners map[listenerKey][]*engine.Listener
	// events are the custom event types registered actions declared
	events map[string]bool
	// paths maps the names hook code is compiled under to the paths users gave
	paths map[string]string
}

type listenerKey struct {
	event string
	fn    *goja.Object
}

// programs caches compiled hook files by name and content: flowctl test loads the same files
// for every scenario, and a compiled program may run in any number of runtimes.
var programs sync.Map // [sha256] → *goja.Program

func compile(name string, src []byte) (*goja.Program, error) {
	key := sha256.Sum256(append([]byte(name+"\x00"), src...))
	if p, ok := programs.Load(key); ok {
		return p.(*goja.Program), nil
	}
	p, err := goja.Compile(name, string(src), true)
	if err != nil {
		return nil, err
	}
	programs.Store(key, p)
	return p, nil
}

// Load runs hook files, in order, registering what they declare on hooks. A file that can't
// be loaded is a *LoadError naming its position.
func Load(hooks *engine.Hooks, files []File, opts Options) (*Runtime, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MaxMemory == 0 {
		opts.MaxMemory = DefaultMaxMemory
	}
	if opts.Now.IsZero() {
		opts.Now = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	r := &Runtime{
		vm: goja.New(), hooks: hooks, opts: opts,
		actions:   map[flows.Action]goja.Value{},
		listeners: map[listenerKey][]*engine.Listener{},
		events:    map[string]bool{},
		paths:     map[string]string{},
	}
	r.b = newBudget(r.vm, opts.Timeout, opts.MaxMemory)
	rnd := rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x5bd1e9955bd1e995))
	r.vm.SetRandSource(rnd.Float64)
	r.vm.SetTimeSource(r.now)
	r.vm.SetMaxCallStackSize(MaxCallDepth)
	if err := r.install(); err != nil {
		return nil, err
	}
	for _, f := range files {
		// Hook code is named by its file's base name, so that the positions in the events
		// (which scenarios pin) don't depend on where flowctl runs from.
		name := filepath.Base(f.Path)
		if prev, dup := r.paths[name]; dup && prev != f.Path {
			return nil, &LoadError{Path: f.Path, Message: fmt.Sprintf("another hook file has the same name (%s): hook files are named by their file names in events, so rename one", prev)}
		}
		r.paths[name] = f.Path
		prg, err := compile(name, f.Src)
		if err != nil {
			return nil, r.loadError(f.Path, err)
		}
		if _, err := r.guard(func() (goja.Value, error) { return r.vm.RunProgram(prg) }); err != nil {
			return nil, r.loadError(f.Path, err)
		}
	}
	return r, nil
}

// now is Date's clock: the run's inside a call from a run, else the configured start.
func (r *Runtime) now() time.Time {
	for i := len(r.frames) - 1; i >= 0; i-- {
		if run := r.frames[i].run; run != nil {
			return run.Now()
		}
	}
	return r.opts.Now
}

// parserError is how the parser words a syntax error: "t.js: Line 2:14 Unexpected token {",
// maybe followed by " (and 3 more errors)", which are usually consequences of the first.
var parserError = regexp.MustCompile(`(?s)^.*?: Line (\d+):(\d+) (.*?)(?: \(and \d+ more errors?\))?$`)

// loadError places an error of loading a file at its position.
func (r *Runtime) loadError(path string, err error) *LoadError {
	var syn *goja.CompilerSyntaxError
	if errors.As(err, &syn) {
		le := &LoadError{Path: path, Message: "syntax error: " + syn.Message}
		if syn.File != nil {
			p := syn.File.Position(syn.Offset)
			le.Line, le.Column = p.Line, p.Column
		} else if m := parserError.FindStringSubmatch(syn.Message); m != nil {
			// the parser's own errors come as "name: Line L:C message"
			le.Line, _ = strconv.Atoi(m[1])
			le.Column, _ = strconv.Atoi(m[2])
			le.Message = "syntax error: " + m[3]
		}
		return le
	}
	pos, msg := r.describe(err)
	le := &LoadError{Path: path, Message: msg}
	if pos.file != "" {
		if pos.file != filepath.Base(path) {
			// thrown in another file's code, called from this one
			le.Message += " (at " + pos.String() + ")"
		} else {
			le.Line, le.Column = pos.line, pos.col
		}
	}
	return le
}

// LoadFiles reads hook files (each up to maxSize bytes, 0 for readfile.DefaultMaxSize) and
// loads them, in order, like Load. A file that can't be read is a *LoadError too.
func LoadFiles(hooks *engine.Hooks, paths []string, maxSize int64, opts Options) (*Runtime, error) {
	if maxSize <= 0 {
		maxSize = readfile.DefaultMaxSize
	}
	files := make([]File, 0, len(paths))
	seen := map[string]bool{}
	for _, p := range paths {
		// a file named twice (by the configuration and a scenario, say) is loaded once
		if abs, err := filepath.Abs(p); err == nil {
			if seen[abs] {
				continue
			}
			seen[abs] = true
		}
		src, err := readfile.Read(p, maxSize)
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return nil, &LoadError{Path: p, Message: fmt.Sprintf("can't read the hooks file: %v", err)}
		}
		files = append(files, File{Path: p, Src: src})
	}
	return Load(hooks, files, opts)
}
