package watch

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// next waits for the watcher's next report, failing after a while.
func next(t *testing.T, w *Watcher) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	got, err := w.Next(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got == nil {
		t.Fatal("no change was reported within 10s")
	}
	return got
}

// quiet checks nothing is reported for a while.
func quiet(t *testing.T, w *Watcher) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if got, err := w.Next(ctx); err != nil || got != nil {
		t.Fatalf("expected no change, got %v (%v)", got, err)
	}
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// saveByRename saves as editors do: a new file, renamed over the old one.
func saveByRename(t *testing.T, path, text string) {
	t.Helper()
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".swp")
	write(t, tmp, text)
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

func newWatcher(t *testing.T, s Set) *Watcher {
	t.Helper()
	return newWatcherSettling(t, 50*time.Millisecond, s)
}

func newWatcherSettling(t *testing.T, settle time.Duration, s Set) *Watcher {
	t.Helper()
	w, err := New(settle)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	w.Watch(s)
	return w
}

func isJSON(p string) bool { return strings.HasSuffix(p, ".json") }

func TestFiles(t *testing.T) {
	dir := t.TempDir()
	flow, other := filepath.Join(dir, "flow.json"), filepath.Join(dir, "other.json")
	write(t, flow, "1")
	write(t, other, "1")
	w := newWatcher(t, Set{Files: []string{flow}})

	tests := []struct {
		name   string
		change func()
	}{
		{"written in place", func() { write(t, flow, "2") }},
		{"saved by rename", func() { saveByRename(t, flow, "3") }},
		{"saved by rename again (the watch survives the first)", func() { saveByRename(t, flow, "4") }},
		{"removed", func() { os.Remove(flow) }},
		{"made again", func() { write(t, flow, "5") }},
	}
	for _, tt := range tests {
		tt.change()
		if got := next(t, w); !slices.Equal(got, []string{flow}) {
			t.Errorf("%s: got %v, want only %s", tt.name, got, flow)
		}
	}
	// a file beside it that isn't watched, a chmod: nothing
	write(t, other, "2")
	os.Chmod(flow, 0o600)
	quiet(t, w)
}

func TestBurstIsOneReport(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
	// a long settle time, so that a slow machine's writes still fall inside it
	w := newWatcherSettling(t, 500*time.Millisecond, Set{Folders: []string{dir}, Match: isJSON})
	for i := range 5 {
		write(t, a, strings.Repeat("x", i))
		time.Sleep(10 * time.Millisecond) // well inside the settle time
	}
	saveByRename(t, b, "b")
	if got := next(t, w); !slices.Equal(got, []string{a, b}) {
		t.Errorf("a burst of saves should be one report of both files, got %v", got)
	}
	quiet(t, w)
}

func TestFoldersMatch(t *testing.T) {
	dir := t.TempDir()
	w := newWatcher(t, Set{Folders: []string{dir}, Match: isJSON})
	write(t, filepath.Join(dir, "notes.txt"), "x")        // not matched
	write(t, filepath.Join(dir, "sub", "deep.json"), "x") // below the folder: not watched
	quiet(t, w)
	write(t, filepath.Join(dir, "new.json"), "x")
	if got := next(t, w); !slices.Equal(got, []string{filepath.Join(dir, "new.json")}) {
		t.Errorf("got %v", got)
	}
}

func TestTrees(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, "a", "one.json"), "1")
	write(t, filepath.Join(root, "node_modules", "x.json"), "1")
	w := newWatcher(t, Set{Trees: []string{root}, Match: isJSON, Skip: func(name string) bool { return name == "node_modules" }})

	write(t, filepath.Join(root, "a", "one.json"), "2")
	if got := next(t, w); !slices.Equal(got, []string{filepath.Join(root, "a", "one.json")}) {
		t.Errorf("a file in a folder below the root: got %v", got)
	}
	write(t, filepath.Join(root, "node_modules", "x.json"), "2")
	quiet(t, w)

	// a folder moved into the tree with files in it: they count, and the folder is watched
	staging := t.TempDir()
	write(t, filepath.Join(staging, "b", "c", "two.json"), "1")
	write(t, filepath.Join(staging, "b", "readme.txt"), "1")
	if err := os.Rename(filepath.Join(staging, "b"), filepath.Join(root, "b")); err != nil {
		t.Fatal(err)
	}
	if got := next(t, w); !slices.Equal(got, []string{filepath.Join(root, "b", "c", "two.json")}) {
		t.Errorf("a folder moved in: got %v", got)
	}
	saveByRename(t, filepath.Join(root, "b", "c", "two.json"), "2")
	if got := next(t, w); !slices.Equal(got, []string{filepath.Join(root, "b", "c", "two.json")}) {
		t.Errorf("a file in the new folder: got %v", got)
	}
	// a skipped folder made later stays out
	write(t, filepath.Join(root, "a", "node_modules", "y.json"), "1")
	time.Sleep(100 * time.Millisecond)
	write(t, filepath.Join(root, "a", "node_modules", "y.json"), "2")
	quiet(t, w)
}

func TestWatchReplacesTheSet(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.json"), filepath.Join(t.TempDir(), "b.json")
	write(t, a, "1")
	write(t, b, "1")
	w := newWatcher(t, Set{Files: []string{a}})
	w.Watch(Set{Files: []string{b}})
	write(t, a, "2")
	quiet(t, w)
	write(t, b, "2")
	if got := next(t, w); !slices.Equal(got, []string{b}) {
		t.Errorf("got %v", got)
	}
}

func TestMissingFolderThenWatchAgain(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "later")
	f := filepath.Join(dir, "flow.json")
	w := newWatcher(t, Set{Files: []string{f}})
	write(t, f, "1") // its folder didn't exist when Watch was called: not seen
	quiet(t, w)
	w.Watch(Set{Files: []string{f}})
	write(t, f, "2")
	if got := next(t, w); !slices.Equal(got, []string{f}) {
		t.Errorf("got %v", got)
	}
}

func TestNextEndsWithTheContext(t *testing.T) {
	w := newWatcher(t, Set{Folders: []string{t.TempDir()}})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if got, err := w.Next(ctx); got != nil || err != nil {
		t.Errorf("Next on an ended context = %v, %v", got, err)
	}
}
