package scenario

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// OutsideError says a scenario names a file outside the folders its files may come from. It
// names the file and nothing of its content: a scenario from a pull request that names
// /etc/shadow or ~/.ssh/id_rsa must not get a byte of it into a CI log.
type OutsideError struct {
	// What is the file's role ("flow", "assets", "hooks"); Path the file as resolved.
	What, Path string
	// Allowed are the folders its files may come from: the scenario's own, then the roots.
	Allowed []string
}

func (e *OutsideError) Error() string {
	return fmt.Sprintf("%s file %s is outside the folders a scenario may name files in (%s): refused (pass --root to allow another folder)",
		e.What, e.Path, strings.Join(e.Allowed, ", "))
}

// CheckPath checks that a file a scenario names (resolved against the scenario's folder) is
// inside that folder or below root, after following symbolic links; root "" stands for
// DefaultRoots(scenarioFile). The error is an *OutsideError.
func CheckPath(scenarioFile, what, path, root string) error {
	allowed := []string{realPath(filepath.Dir(scenarioFile))}
	if root != "" {
		allowed = append(allowed, realPath(root))
	} else {
		for _, r := range DefaultRoots(scenarioFile) {
			allowed = append(allowed, realPath(r))
		}
	}
	p := realPath(path)
	for _, dir := range allowed {
		if inside(p, dir) {
			return nil
		}
	}
	return &OutsideError{What: what, Path: path, Allowed: slices.Compact(allowed)}
}

// DefaultRoots are the folders a scenario's files may come from besides its own, unless --root
// says otherwise: the git work tree holding the scenario (a project keeps its scenarios in one
// folder and its flows in another), and the one holding the current folder (a recording written
// outside the project still names the project's flows), or the current folder itself when it
// isn't in one.
func DefaultRoots(scenarioFile string) []string {
	var roots []string
	if top, ok := gitTop(filepath.Dir(scenarioFile)); ok {
		roots = append(roots, top)
	}
	wd, err := os.Getwd()
	if err != nil {
		return roots
	}
	if top, ok := gitTop(wd); ok {
		return append(roots, top)
	}
	return append(roots, wd)
}

// gitTop finds the top of the git work tree holding dir: the nearest folder with a .git entry
// (a folder, or a file in a worktree).
func gitTop(dir string) (string, bool) {
	d, err := filepath.Abs(dir)
	if err != nil {
		return "", false
	}
	for {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d, true
		}
		if filepath.Dir(d) == d {
			return "", false
		}
		d = filepath.Dir(d)
	}
}

// realPath is the absolute path with symbolic links followed, as far as the path exists: a link
// inside the project to a file outside it is outside.
func realPath(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return filepath.Clean(p)
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		return r
	}
	// the file doesn't exist (yet): follow the links of the folders above it
	if r, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		return filepath.Join(r, filepath.Base(abs))
	}
	return abs
}

// inside reports whether p is dir or below it.
func inside(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}
