// Package writefile replaces a user's file (a scenario test --update rewrites, a recording, a
// coverage report, a baseline) without harming it: the new content goes to a temporary file in
// the same folder, which is synced and renamed over the old one, so that readers see the old
// file or the new, never half of one. A symbolic link is followed and its target written (the
// link stays a link); anything that isn't a regular file is refused rather than replaced; the
// file keeps its mode and owner; a read-only file is refused unless forced; the temporary file
// is removed on every path out, an interrupt (SIGINT, SIGTERM) included; and a failed write
// (a full disk) is reported as a write failure.
package writefile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// Options change what Replace accepts.
type Options struct {
	// Force replaces a read-only file (it stays read-only) and one whose owner can't be kept.
	Force bool
}

// Error is a failure to write a file: the file meant (the target of a symbolic link, if that is
// what was named) and why.
type Error struct {
	Path string
	Err  error
}

func (e *Error) Error() string { return "can't write " + e.Path + ": " + e.Err.Error() }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// ErrReadOnly is the cause of an *Error for a read-only file.
var ErrReadOnly = errors.New("it is read-only (pass --force to replace it anyway)")

// MaxLinks bounds the symbolic links followed, as the kernel does (ELOOP).
const MaxLinks = 40

// Replace writes data to path (see the package comment).
func Replace(path string, data []byte, opts Options) error {
	target, err := resolve(path)
	if err != nil {
		return &Error{Path: path, Err: err}
	}
	st, err := os.Lstat(target)
	exists := err == nil
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return &Error{Path: target, Err: cause(err)}
	}
	mode := fs.FileMode(0o644)
	if exists {
		if k := kind(st.Mode()); k != "" {
			return &Error{Path: target, Err: fmt.Errorf("it is %s, not a regular file: refusing to replace it", k)}
		}
		if !opts.Force && !writable(target, st) {
			return &Error{Path: target, Err: ErrReadOnly}
		}
		mode = st.Mode() & (fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky)
	}
	dir := filepath.Dir(target)
	tmp, err := createTemp(dir, filepath.Base(target))
	if err != nil {
		return &Error{Path: target, Err: err}
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
		forget(tmp.Name())
	}()
	if err := write(tmp, data); err != nil {
		return &Error{Path: target, Err: cause(err)}
	}
	if err := tmp.Sync(); err != nil {
		return &Error{Path: target, Err: cause(err)}
	}
	if err := tmp.Chmod(mode); err != nil {
		return &Error{Path: target, Err: cause(err)}
	}
	if exists {
		if err := keepOwner(tmp, st); err != nil && !opts.Force {
			return &Error{Path: target, Err: err}
		}
	}
	if err := tmp.Close(); err != nil {
		return &Error{Path: target, Err: cause(err)}
	}
	if err := os.Rename(tmp.Name(), target); err != nil {
		return &Error{Path: target, Err: cause(err)}
	}
	done = true
	syncDir(dir)
	return nil
}

// write puts data in the temporary file; tests replace it to fail as a full disk does.
var write = func(f *os.File, data []byte) error {
	_, err := f.Write(data)
	return err
}

// resolve follows symbolic links to the file they name, which may not exist yet (a link to a
// file still to be written is written through).
func resolve(path string) (string, error) {
	p := path
	for range MaxLinks {
		st, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			return p, nil
		}
		if err != nil {
			return "", cause(err)
		}
		if st.Mode()&fs.ModeSymlink == 0 {
			return p, nil
		}
		link, err := os.Readlink(p)
		if err != nil {
			return "", cause(err)
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(filepath.Dir(p), link)
		}
		p = link
	}
	return "", fmt.Errorf("more than %d symbolic links in a row", MaxLinks)
}

// kind names what a file mode is, or "" for a regular file.
func kind(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return ""
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "a device"
	}
	return "a special file"
}

// createTemp makes the temporary file beside the target: the rename must stay on one file
// system. Its name starts with a dot and says whose it is, should a kill -9 leave it behind.
func createTemp(dir, base string) (*os.File, error) {
	watchSignals()
	liveMu.Lock()
	defer liveMu.Unlock()
	f, err := os.CreateTemp(dir, "."+base+".flowctl-*.tmp")
	if err != nil {
		// the temporary file's name means nothing to the user: say what is wrong with the folder
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil, fmt.Errorf("no folder %s", dir)
		case errors.Is(err, fs.ErrPermission):
			return nil, fmt.Errorf("can't create a file in %s: permission denied", dir)
		}
		return nil, fmt.Errorf("can't create a file in %s: %v", dir, cause(err))
	}
	live[f.Name()] = true
	return f, nil
}

// live holds the temporary files being written, for the signal handler to remove.
var (
	liveMu sync.Mutex
	live   = map[string]bool{}
)

func forget(name string) {
	liveMu.Lock()
	delete(live, name)
	liveMu.Unlock()
}

// removeLive removes the temporary files being written; the signal handler calls it.
func removeLive() {
	liveMu.Lock()
	defer liveMu.Unlock()
	for name := range live {
		os.Remove(name)
		delete(live, name)
	}
}

// cause drops the operation and path of a file system error, which the Error names already.
func cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
