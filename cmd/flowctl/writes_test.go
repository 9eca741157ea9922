package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestWritesDoNoHarm: the files test --update, --new -o and --coverage-out write are replaced
// without harm: a symbolic link stays a link and its target is written, a read-only file is
// refused unless --force (and stays read-only), a device or named pipe is never replaced, and no
// temporary file is left behind.
func TestWritesDoNoHarm(t *testing.T) {
	survey, err := filepath.Abs(filepath.Join(runData, "survey.json"))
	if err != nil {
		t.Fatal(err)
	}
	stale := `{"flow": "` + survey + `", "inputs": ["Bob"], "outputs": []}`
	for _, tc := range []struct {
		name string
		// setup makes the fixture and returns the file the command names
		setup    func(t *testing.T, dir string) string
		args     func(path string) []string
		wantCode int
		want     string // in the output (stdout and stderr)
		check    func(t *testing.T, dir, path string)
	}{
		{"--update writes a linked scenario's target", func(t *testing.T, dir string) string {
			write(t, dir, "real/s.scenario.json", stale, 0o644)
			os.Mkdir(filepath.Join(dir, "links"), 0o755)
			link := filepath.Join(dir, "links", "s.scenario.json")
			os.Symlink(filepath.Join("..", "real", "s.scenario.json"), link)
			return link
		}, func(p string) []string { return []string{"test", "--update", p} }, 0, "updated", func(t *testing.T, dir, path string) {
			if st, err := os.Lstat(path); err != nil || st.Mode()&fs.ModeSymlink == 0 {
				t.Errorf("the link became %v", st.Mode())
			}
			if data, _ := os.ReadFile(filepath.Join(dir, "real", "s.scenario.json")); !strings.Contains(string(data), "msg_created") {
				t.Errorf("the link's target wasn't updated:\n%s", data)
			}
		}},
		{"--update refuses a read-only scenario", func(t *testing.T, dir string) string {
			return write(t, dir, "s.scenario.json", stale, 0o444)
		}, func(p string) []string { return []string{"test", "--update", p} }, 2, "it is read-only (pass --force to replace it anyway)",
			func(t *testing.T, dir, path string) { wantContent(t, path, stale, 0o444) }},
		{"--update --force rewrites a read-only scenario, which stays read-only", func(t *testing.T, dir string) string {
			return write(t, dir, "s.scenario.json", stale, 0o444)
		}, func(p string) []string { return []string{"test", "--update", "--force", p} }, 0, "updated", func(t *testing.T, dir, path string) {
			if st, _ := os.Stat(path); st.Mode().Perm() != 0o444 {
				t.Errorf("mode %v, want 0444", st.Mode().Perm())
			}
		}},
		{"--update keeps the mode", func(t *testing.T, dir string) string {
			return write(t, dir, "s.scenario.json", stale, 0o640)
		}, func(p string) []string { return []string{"test", "--update", p} }, 0, "updated", func(t *testing.T, dir, path string) {
			if st, _ := os.Stat(path); st.Mode().Perm() != 0o640 {
				t.Errorf("mode %v, want 0640", st.Mode().Perm())
			}
		}},
		{"--new -o refuses a device", func(t *testing.T, dir string) string { return "/dev/null" },
			func(p string) []string { return []string{"test", "--new", survey, "--input", "Bob", "-o", p} }, 2,
			"can't write /dev/null: it is a device, not a regular file: refusing to replace it",
			func(t *testing.T, dir, path string) {
				if st, err := os.Stat("/dev/null"); err != nil || st.Mode()&fs.ModeCharDevice == 0 {
					t.Fatalf("/dev/null is no longer a device: %v %v", st, err)
				}
			}},
		{"--coverage-out refuses a named pipe", func(t *testing.T, dir string) string {
			write(t, dir, "s.scenario.json", stale, 0o644)
			p := filepath.Join(dir, "cover.json")
			if err := syscall.Mkfifo(p, 0o644); err != nil {
				t.Fatal(err)
			}
			return p
		}, func(p string) []string {
			return []string{"test", "--update", "--coverage-out", p, filepath.Join(filepath.Dir(p), "s.scenario.json")}
		}, 2, "it is a named pipe, not a regular file: refusing to replace it", func(t *testing.T, dir, path string) {
			if st, err := os.Lstat(path); err != nil || st.Mode()&fs.ModeNamedPipe == 0 {
				t.Errorf("the named pipe was replaced: %v %v", st, err)
			}
		}},
		{"--new -o into a read-only file", func(t *testing.T, dir string) string {
			return write(t, dir, "new.scenario.json", "old", 0o400)
		}, func(p string) []string { return []string{"test", "--new", survey, "--input", "Bob", "-o", p} }, 2,
			"it is read-only", func(t *testing.T, dir, path string) { wantContent(t, path, "old", 0o400) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := tc.setup(t, dir)
			code, out, errOut := runMain(tc.args(path)...)
			if code != tc.wantCode || !strings.Contains(out+errOut, tc.want) {
				t.Errorf("exit %d, want %d and %q:\n%s%s", code, tc.wantCode, tc.want, out, errOut)
			}
			tc.check(t, dir, path)
			filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
				if err == nil && strings.Contains(d.Name(), ".flowctl-") {
					t.Errorf("temporary file left behind: %s", p)
				}
				return nil
			})
		})
	}
}

func write(t *testing.T, dir, name, content string, mode fs.FileMode) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, mode); err != nil {
		t.Fatal(err)
	}
	return p
}

func wantContent(t *testing.T, path, content string, mode fs.FileMode) {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if string(data) != content || st.Mode().Perm() != mode {
		t.Errorf("%s: %q mode %v, want %q mode %v", path, data, st.Mode().Perm(), content, mode)
	}
}
