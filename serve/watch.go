package serve

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/flowctl/flowctl/flows"
)

// settle is how long a burst of file events must be quiet before the server reloads: editors
// save in several steps (write a temporary file, rename it over the old one).
const settle = 150 * time.Millisecond

// Watch reloads the flows whenever a JSON file under the root, or one of the assets, hooks and
// mocks files, changes, and tells the pages (which rerun the session they show) until ctx ends.
// Folders are watched rather than files, since editors replace files; new folders under the root
// are watched as they appear.
func (srv *Server) Watch(ctx context.Context) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer w.Close()
	files := map[string]bool{}
	var roots []string
	if info, err := os.Stat(srv.opts.Root); err == nil && info.IsDir() {
		roots = append(roots, srv.opts.Root)
	} else {
		files[abs(srv.opts.Root)] = true
		_ = w.Add(filepath.Dir(srv.opts.Root))
	}
	for _, list := range [][]string{srv.opts.Assets, srv.opts.Hooks, {srv.opts.MocksFile}} {
		for _, f := range list {
			if f == "" {
				continue
			}
			files[abs(f)] = true
			_ = w.Add(filepath.Dir(f))
		}
	}
	tree := map[string]bool{}
	addTree := func(root string) {
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || !d.IsDir() {
				return nil
			}
			if p != root && flows.SkipFolder(d.Name()) {
				return filepath.SkipDir
			}
			if w.Add(p) == nil {
				tree[abs(p)] = true
			}
			return nil
		})
	}
	for _, r := range roots {
		addTree(r)
	}
	srv.watchOnce.Do(func() { close(srv.watching) })
	seen := map[string]bool{}
	var timer <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-w.Errors:
			srv.logf("watching files: %v", err)
		case ev := <-w.Events:
			if ev.Has(fsnotify.Chmod) && !ev.Has(fsnotify.Write) {
				continue
			}
			p := abs(ev.Name)
			if info, err := os.Stat(p); err == nil && info.IsDir() && tree[filepath.Dir(p)] && !flows.SkipFolder(info.Name()) {
				addTree(p)
				continue
			}
			if files[p] || tree[filepath.Dir(p)] && strings.EqualFold(filepath.Ext(p), ".json") {
				seen[p] = true
				timer = time.After(settle)
			}
		case <-timer:
			var names []string
			for p := range seen {
				names = append(names, srv.display(p))
			}
			sort.Strings(names)
			seen = map[string]bool{}
			srv.Rescan(names)
		}
	}
}

func abs(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// display names a file relative to the served root when it is inside it.
func (srv *Server) display(p string) string {
	root := srv.catalog().root
	if rel, err := filepath.Rel(root, p); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return p
}
