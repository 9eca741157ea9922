package writefile

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// temps lists the temporary files left in a folder.
func temps(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.Contains(e.Name(), ".flowctl-") {
			out = append(out, e.Name())
		}
	}
	return out
}

func TestReplace(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, dir string) string // makes the fixture, returns the path to write
		opts  Options
		// wantErr is the error's text, "" for success; then check looks at the result
		wantErr string
		check   func(t *testing.T, dir string)
	}{
		{name: "a new file", setup: func(t *testing.T, dir string) string { return filepath.Join(dir, "new.json") },
			check: func(t *testing.T, dir string) { wantFile(t, filepath.Join(dir, "new.json"), "new", 0o644) }},
		{name: "an existing file keeps its mode", setup: func(t *testing.T, dir string) string {
			return file(t, dir, "old.json", "old", 0o640)
		}, check: func(t *testing.T, dir string) { wantFile(t, filepath.Join(dir, "old.json"), "new", 0o640) }},
		{name: "a symbolic link writes its target and stays a link", setup: func(t *testing.T, dir string) string {
			file(t, dir, "real.json", "old", 0o600)
			return link(t, dir, "real.json", "link.json")
		}, check: func(t *testing.T, dir string) {
			wantFile(t, filepath.Join(dir, "real.json"), "new", 0o600)
			wantLink(t, filepath.Join(dir, "link.json"), "real.json")
		}},
		{name: "a chain of links into another folder", setup: func(t *testing.T, dir string) string {
			os.Mkdir(filepath.Join(dir, "sub"), 0o755)
			file(t, dir, "sub/real.json", "old", 0o644)
			link(t, dir, "sub/real.json", "a.json")
			return link(t, dir, "a.json", "b.json")
		}, check: func(t *testing.T, dir string) {
			wantFile(t, filepath.Join(dir, "sub", "real.json"), "new", 0o644)
			wantLink(t, filepath.Join(dir, "b.json"), "a.json")
			if got := temps(t, filepath.Join(dir, "sub")); len(got) > 0 {
				t.Errorf("temporary files left in sub: %v", got)
			}
		}},
		{name: "a link to a file not written yet", setup: func(t *testing.T, dir string) string {
			return link(t, dir, "later.json", "link.json")
		}, check: func(t *testing.T, dir string) {
			wantFile(t, filepath.Join(dir, "later.json"), "new", 0o644)
			wantLink(t, filepath.Join(dir, "link.json"), "later.json")
		}},
		{name: "a loop of links", setup: func(t *testing.T, dir string) string {
			link(t, dir, "b.json", "a.json")
			return link(t, dir, "a.json", "b.json")
		}, wantErr: "more than 40 symbolic links in a row"},
		{name: "a read-only file", setup: func(t *testing.T, dir string) string {
			return file(t, dir, "ro.json", "old", 0o444)
		}, wantErr: "it is read-only (pass --force to replace it anyway)", check: func(t *testing.T, dir string) {
			wantFile(t, filepath.Join(dir, "ro.json"), "old", 0o444)
		}},
		{name: "a read-only file with force", opts: Options{Force: true}, setup: func(t *testing.T, dir string) string {
			return file(t, dir, "ro.json", "old", 0o444)
		}, check: func(t *testing.T, dir string) { wantFile(t, filepath.Join(dir, "ro.json"), "new", 0o444) }},
		{name: "a folder", setup: func(t *testing.T, dir string) string {
			os.Mkdir(filepath.Join(dir, "out.json"), 0o755)
			return filepath.Join(dir, "out.json")
		}, wantErr: "it is a folder, not a regular file: refusing to replace it"},
		{name: "a named pipe", setup: func(t *testing.T, dir string) string {
			if err := syscall.Mkfifo(filepath.Join(dir, "pipe.json"), 0o644); err != nil {
				t.Fatal(err)
			}
			return filepath.Join(dir, "pipe.json")
		}, wantErr: "it is a named pipe, not a regular file: refusing to replace it", check: func(t *testing.T, dir string) {
			if st, err := os.Lstat(filepath.Join(dir, "pipe.json")); err != nil || st.Mode()&fs.ModeNamedPipe == 0 {
				t.Errorf("the named pipe was replaced: %v %v", st, err)
			}
		}},
		{name: "a link to a device", setup: func(t *testing.T, dir string) string {
			return link(t, dir, "/dev/null", "out.json")
		}, wantErr: "it is a device, not a regular file: refusing to replace it"},
		{name: "a missing folder", setup: func(t *testing.T, dir string) string {
			return filepath.Join(dir, "nope", "out.json")
		}, wantErr: "no folder "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := tc.setup(t, dir)
			err := Replace(path, []byte("new"), tc.opts)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("Replace: %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Fatalf("Replace: %v, want an error saying %q", err, tc.wantErr)
			case tc.wantErr != "" && !errors.As(err, new(*Error)):
				t.Fatalf("Replace's error is a %T, want a *writefile.Error", err)
			}
			if tc.check != nil {
				tc.check(t, dir)
			}
			if got := temps(t, dir); len(got) > 0 {
				t.Errorf("temporary files left: %v", got)
			}
		})
	}
}

// TestReplaceFullDisk: a write that fails (a full disk) is a write error naming the file and
// the cause; the old content stays and no temporary file is left.
func TestReplaceFullDisk(t *testing.T) {
	saved := write
	write = func(f *os.File, data []byte) error {
		f.Write(data[:1])
		return &fs.PathError{Op: "write", Path: f.Name(), Err: syscall.ENOSPC}
	}
	t.Cleanup(func() { write = saved })
	dir := t.TempDir()
	path := file(t, dir, "s.json", "old", 0o644)
	err := Replace(path, []byte("new content"), Options{})
	if err == nil || err.Error() != "can't write "+path+": no space left on device" {
		t.Fatalf("got %v, want can't write %s: no space left on device", err, path)
	}
	if !errors.Is(err, syscall.ENOSPC) {
		t.Errorf("the error doesn't unwrap to ENOSPC")
	}
	wantFile(t, path, "old", 0o644)
	if got := temps(t, dir); len(got) > 0 {
		t.Errorf("temporary files left: %v", got)
	}
}

// TestReplaceKeepsOwner: a file of another user keeps its owner (only root can test this).
func TestReplaceKeepsOwner(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("only root can give a file to another user, which this test needs")
	}
	dir := t.TempDir()
	path := file(t, dir, "theirs.json", "old", 0o664)
	if err := os.Chown(path, 4321, 8765); err != nil {
		t.Fatal(err)
	}
	if err := Replace(path, []byte("new"), Options{}); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if s := st.Sys().(*syscall.Stat_t); s.Uid != 4321 || s.Gid != 8765 {
		t.Errorf("owner %d:%d after the write, want 4321:8765", s.Uid, s.Gid)
	}
	wantFile(t, path, "new", 0o664)
}

// TestInterruptRemovesTemporaryFile: SIGINT or SIGTERM in the middle of a write removes the
// temporary file and ends the process by the same signal. The test runs itself as the process
// that writes (see writeUntilKilled).
func TestInterruptRemovesTemporaryFile(t *testing.T) {
	if os.Getenv("WRITEFILE_CHILD") != "" {
		writeUntilKilled()
		return
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			target := file(t, dir, "s.json", "old", 0o644)
			cmd := exec.Command(os.Args[0], "-test.run=^TestInterruptRemovesTemporaryFile$")
			cmd.Env = append(os.Environ(), "WRITEFILE_CHILD="+target)
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			line, err := bufio.NewReader(stdout).ReadString('\n')
			if err != nil {
				t.Fatalf("the writer said nothing: %v", err)
			}
			tmp := strings.TrimSpace(strings.TrimPrefix(line, "writing "))
			if _, err := os.Stat(tmp); err != nil {
				t.Fatalf("the temporary file isn't there while writing: %v", err)
			}
			cmd.Process.Signal(sig)
			err = cmd.Wait()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || !ee.Sys().(syscall.WaitStatus).Signaled() || ee.Sys().(syscall.WaitStatus).Signal() != sig {
				t.Errorf("the writer ended with %v, want death by %v", err, sig)
			}
			if _, err := os.Stat(tmp); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("the temporary file %s is still there: %v", tmp, err)
			}
			wantFile(t, target, "old", 0o644)
		})
	}
}

// writeUntilKilled is the child of TestInterruptRemovesTemporaryFile: it starts writing the file
// and stops half-way, saying which temporary file it writes, until a signal ends it.
func writeUntilKilled() {
	write = func(f *os.File, data []byte) error {
		f.Write(data[:1])
		fmt.Printf("writing %s\n", f.Name())
		time.Sleep(time.Minute)
		return errors.New("not killed")
	}
	Replace(os.Getenv("WRITEFILE_CHILD"), []byte("new content"), Options{})
	os.Exit(3)
}

func file(t *testing.T, dir, name, content string, mode fs.FileMode) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, mode); err != nil {
		t.Fatal(err)
	}
	return p
}

func link(t *testing.T, dir, target, name string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.Symlink(target, p); err != nil {
		t.Fatal(err)
	}
	return p
}

func wantFile(t *testing.T, path, content string, mode fs.FileMode) {
	t.Helper()
	st, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	if !st.Mode().IsRegular() || st.Mode().Perm() != mode {
		t.Errorf("%s has mode %v, want a regular file with %v", path, st.Mode(), mode)
	}
	if got, _ := os.ReadFile(path); string(got) != content {
		t.Errorf("%s holds %q, want %q", path, got, content)
	}
}

func wantLink(t *testing.T, path, target string) {
	t.Helper()
	got, err := os.Readlink(path)
	if err != nil || got != target {
		t.Errorf("%s is no longer a link to %s: %q, %v", path, target, got, err)
	}
}
