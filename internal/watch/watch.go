// Package watch tells which files changed. It is the file watching of `flowctl run --watch`,
// `flowctl test --watch` and `flowctl serve`.
//
// It watches folders, never files one by one: editors save by writing a new file and renaming
// it over the old one, and a watch on the old file is lost with it. Events come in bursts (write,
// rename, chmod), so a change is reported once the folders have been quiet for a moment, with
// every file that changed meanwhile.
package watch

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Settle is how long a burst of file events must be quiet before a change is reported: long
// enough for an editor's write-then-rename, short enough to feel immediate.
const Settle = 150 * time.Millisecond

// Set is what a Watcher watches.
type Set struct {
	// Files are files whose change (written, replaced, created or removed) counts, whatever
	// their name.
	Files []string
	// Folders are folders where a change of a file Match accepts counts (not in the folders
	// below them).
	Folders []string
	// Trees are folders where a change of a file Match accepts counts, in every folder below
	// them too, including folders made while they are watched. Skip keeps folders out.
	Trees []string
	// Match picks the files that count in Folders and Trees by their path (nil: every file).
	Match func(path string) bool
	// Skip keeps a folder under a tree out, by its name (nil: none).
	Skip func(name string) bool
}

// Watcher reports changes to a Set of files.
type Watcher struct {
	fs     *fsnotify.Watcher
	settle time.Duration

	mu      sync.Mutex
	set     Set
	files   map[string]bool // absolute paths of Set.Files
	folders map[string]bool // absolute paths of Set.Folders and every folder of the trees
	trees   map[string]bool // the folders that belong to a tree
	watched map[string]bool // folders fsnotify watches
}

// New returns a Watcher that reports a change once events have been quiet for settle (Settle
// when 0). It watches nothing until Watch.
func New(settle time.Duration) (*Watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("can't watch files: %w", err)
	}
	if settle <= 0 {
		settle = Settle
	}
	return &Watcher{fs: fw, settle: settle, watched: map[string]bool{}}, nil
}

// Close stops watching.
func (w *Watcher) Close() error { return w.fs.Close() }

// Watch replaces what the watcher watches. A folder that doesn't exist (yet) is left out; calling
// Watch again once it exists takes it in.
func (w *Watcher) Watch(s Set) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.set = s
	w.files, w.folders, w.trees = map[string]bool{}, map[string]bool{}, map[string]bool{}
	want := map[string]bool{}
	for _, f := range s.Files {
		a := Abs(f)
		w.files[a] = true
		want[filepath.Dir(a)] = true
	}
	for _, d := range s.Folders {
		a := Abs(d)
		w.folders[a] = true
		want[a] = true
	}
	for _, t := range s.Trees {
		for _, d := range w.walk(Abs(t)) {
			w.folders[d], w.trees[d] = true, true
			want[d] = true
		}
	}
	for d := range w.watched {
		if !want[d] {
			_ = w.fs.Remove(d)
			delete(w.watched, d)
		}
	}
	for d := range want {
		w.add(d)
	}
}

// add watches a folder; w.mu is held.
func (w *Watcher) add(dir string) {
	if w.watched[dir] {
		return
	}
	if w.fs.Add(dir) == nil {
		w.watched[dir] = true
	}
}

// walk lists a folder and the folders below it that Skip doesn't keep out; w.mu is held.
func (w *Watcher) walk(root string) []string {
	var out []string
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		if p != root && w.set.Skip != nil && w.set.Skip(d.Name()) {
			return filepath.SkipDir
		}
		out = append(out, p)
		return nil
	})
	return out
}

// counts says whether a change of path counts; w.mu is held.
func (w *Watcher) counts(path string) bool {
	if w.files[path] {
		return true
	}
	return w.folders[filepath.Dir(path)] && (w.set.Match == nil || w.set.Match(path))
}

// event takes one event in: it reports the paths that changed (more than one when a folder
// appeared in a tree, with files already in it); w.mu is held.
func (w *Watcher) event(ev fsnotify.Event) []string {
	if ev.Has(fsnotify.Chmod) && !ev.Has(fsnotify.Write) {
		return nil // touch, chmod: the content is the same
	}
	p := Abs(ev.Name)
	parent := filepath.Dir(p)
	if w.trees[parent] && ev.Has(fsnotify.Create) {
		if info, err := os.Stat(p); err == nil && info.IsDir() {
			if w.set.Skip != nil && w.set.Skip(info.Name()) {
				return nil
			}
			// a folder made (or moved) into a tree: watch it, and count what it already holds,
			// since those files were made before the watch could see them
			var changed []string
			for _, d := range w.walk(p) {
				w.folders[d], w.trees[d] = true, true
				w.add(d)
				entries, _ := os.ReadDir(d)
				for _, e := range entries {
					if f := filepath.Join(d, e.Name()); !e.IsDir() && w.counts(f) {
						changed = append(changed, f)
					}
				}
			}
			return changed
		}
	}
	if w.counts(p) {
		return []string{p}
	}
	return nil
}

// Next waits for a change and returns the files that changed (absolute paths, sorted), once
// events have been quiet for the settle time. It returns nil, nil when ctx ends, and an error
// when the system reports one (events may have been lost: the caller should look at everything
// again).
func (w *Watcher) Next(ctx context.Context) ([]string, error) {
	seen := map[string]bool{}
	var timer *time.Timer
	var settled <-chan time.Time
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return nil, nil
		case err, ok := <-w.fs.Errors:
			if !ok {
				return nil, nil // closed
			}
			return nil, fmt.Errorf("watching files: %w", err)
		case ev, ok := <-w.fs.Events:
			if !ok {
				return nil, nil
			}
			w.mu.Lock()
			changed := w.event(ev)
			w.mu.Unlock()
			if len(changed) == 0 {
				continue
			}
			for _, p := range changed {
				seen[p] = true
			}
			if timer == nil {
				timer = time.NewTimer(w.settle)
			} else {
				timer.Reset(w.settle)
			}
			settled = timer.C
		case <-settled:
			out := make([]string, 0, len(seen))
			for p := range seen {
				out = append(out, p)
			}
			sort.Strings(out)
			return out, nil
		}
	}
}

// Abs is filepath.Abs, or the path as given when it can't be made absolute.
func Abs(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}
