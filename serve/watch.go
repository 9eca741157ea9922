package serve

import (
	"context"
	"os"
	"path/filepath"
	"strings"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/internal/watch"
)

// Watch reloads the flows whenever a JSON file under the root, or one of the assets, hooks and
// mocks files, changes, and tells the pages (which rerun the session they show) until ctx ends.
// Folders made under the root while it runs are watched too (package internal/watch).
func (srv *Server) Watch(ctx context.Context) error {
	w, err := watch.New(watch.Settle)
	if err != nil {
		return err
	}
	defer w.Close()
	set := watch.Set{
		Match: func(p string) bool { return strings.EqualFold(filepath.Ext(p), ".json") },
		Skip:  flows.SkipFolder,
	}
	if info, err := os.Stat(srv.opts.Root); err == nil && info.IsDir() {
		set.Trees = []string{srv.opts.Root}
	} else {
		set.Files = []string{srv.opts.Root}
	}
	for _, list := range [][]string{srv.opts.Assets, srv.opts.Hooks, {srv.opts.MocksFile}} {
		for _, f := range list {
			if f != "" {
				set.Files = append(set.Files, f)
			}
		}
	}
	w.Watch(set)
	srv.watchOnce.Do(func() { close(srv.watching) })
	for {
		changed, err := w.Next(ctx)
		if err != nil {
			// events may have been lost: reload everything, as if all had changed
			srv.logf("%v", err)
			srv.Rescan([]string{"files under " + srv.opts.Root})
			continue
		}
		if changed == nil {
			return nil
		}
		names := make([]string, len(changed))
		for i, p := range changed {
			names[i] = srv.display(p)
		}
		srv.Rescan(names)
	}
}

// display names a file relative to the served root when it is inside it.
func (srv *Server) display(p string) string {
	root := srv.catalog().root
	if rel, err := filepath.Rel(root, p); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return p
}
