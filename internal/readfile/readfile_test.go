package readfile

import (
	"errors"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// fixture makes the special files the table reads, in a fresh folder.
func fixture(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("flow.json", `{"flows": []}`)
	write("empty.json", "")
	write("big.json", strings.Repeat(" ", 2000))
	if err := os.Mkdir(filepath.Join(dir, "folder.json"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.json"), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("unix", filepath.Join(dir, "sock.json"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	for link, target := range map[string]string{
		"link.json": "flow.json", "pipelink.json": "pipe.json", "dangling.json": "nothing.json",
		"devlink.json": "/dev/zero",
	} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestRead(t *testing.T) {
	dir := fixture(t)
	for _, tc := range []struct {
		name    string
		path    string // relative to the fixture folder unless absolute
		max     int64
		want    string // content, when the read succeeds
		wantErr string // the error's text, when it fails
	}{
		{name: "regular file", path: "flow.json", want: `{"flows": []}`},
		{name: "empty file", path: "empty.json", want: ""},
		{name: "symlink to a regular file", path: "link.json", want: `{"flows": []}`},
		{name: "folder named .json", path: "folder.json", wantErr: "it is a folder, not a file"},
		{name: "named pipe", path: "pipe.json", wantErr: "it is a named pipe (FIFO), not a regular file"},
		{name: "symlink to a named pipe", path: "pipelink.json", wantErr: "it is a named pipe (FIFO), not a regular file"},
		{name: "socket", path: "sock.json", wantErr: "it is a socket, not a regular file"},
		{name: "/dev/zero", path: "/dev/zero", wantErr: "it is a device, not a regular file"},
		{name: "/dev/null", path: "/dev/null", wantErr: "it is a device, not a regular file"},
		{name: "symlink to a device", path: "devlink.json", wantErr: "it is a device, not a regular file"},
		{name: "too large", path: "big.json", max: 1000, wantErr: "it is 2 KiB, more than the 1000 bytes limit for one input file (raise it with --max-file-size)"},
		{name: "exactly the limit", path: "big.json", max: 2000, want: strings.Repeat(" ", 2000)},
		{name: "missing", path: "nothing.json", wantErr: "no such file or directory"},
		{name: "dangling symlink", path: "dangling.json", wantErr: "no such file or directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.path
			if !filepath.IsAbs(p) {
				p = filepath.Join(dir, p)
			}
			done := make(chan struct{})
			var data []byte
			var err error
			go func() {
				data, err = Read(p, tc.max)
				close(done)
			}()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatalf("Read(%s) is still blocked after 10s", tc.path)
			}
			if tc.wantErr != "" {
				var pe *fs.PathError
				if !errors.As(err, &pe) || pe.Err.Error() != tc.wantErr {
					t.Fatalf("Read(%s) = %q, %v; want the error %q", tc.path, data, err, tc.wantErr)
				}
				if pe.Path != p {
					t.Errorf("the error names %s, want %s", pe.Path, p)
				}
				if Check(p, tc.max) == nil {
					t.Errorf("Check(%s) accepts what Read refuses", tc.path)
				}
				return
			}
			if err != nil || string(data) != tc.want {
				t.Fatalf("Read(%s) = %q, %v; want %q", tc.path, data, err, tc.want)
			}
			if err := Check(p, tc.max); err != nil {
				t.Errorf("Check(%s) = %v, want nil", tc.path, err)
			}
		})
	}
}

// TestReadDefaultLimit: no limit given means DefaultMaxSize, not no limit.
func TestReadDefaultLimit(t *testing.T) {
	p := filepath.Join(t.TempDir(), "huge.json")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	// a sparse file: as large as wanted without using the disk
	if err := f.Truncate(DefaultMaxSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, err = Read(p, 0)
	var tl *TooLargeError
	if !errors.As(err, &tl) || tl.Limit != DefaultMaxSize || tl.Size != DefaultMaxSize+1 {
		t.Fatalf("Read of a file one byte over the default limit = %v, want a TooLargeError", err)
	}
}

func TestIsRegular(t *testing.T) {
	dir := fixture(t)
	want := map[string]bool{
		"flow.json": true, "empty.json": true, "big.json": true, "link.json": true,
		"folder.json": false, "pipe.json": false, "sock.json": false, "pipelink.json": false,
		"dangling.json": false, "devlink.json": false,
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(want) {
		t.Fatalf("the fixture has %d entries, the table %d", len(entries), len(want))
	}
	for _, d := range entries {
		if got := IsRegular(filepath.Join(dir, d.Name()), d); got != want[d.Name()] {
			t.Errorf("IsRegular(%s) = %v, want %v", d.Name(), got, want[d.Name()])
		}
	}
}

func TestFormatSize(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0 bytes", 1023: "1023 bytes", 1024: "1 KiB", 1536: "1.5 KiB",
		512 << 20: "512 MiB", 213_577_153: "203.7 MiB", 3 << 30: "3 GiB",
	} {
		if got := FormatSize(n); got != want {
			t.Errorf("FormatSize(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestParseSize(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    int64
		wantErr string
	}{
		{in: "1000", want: 1000},
		{in: "512MiB", want: 512 << 20},
		{in: "512M", want: 512 << 20},
		{in: "1.5GiB", want: 3 << 29},
		{in: "300 MB", want: 300_000_000},
		{in: "2gb", want: 2_000_000_000},
		{in: "2147483647", want: 1<<31 - 1},
		{in: "2GiB", wantErr: `"2GiB" is out of range: expected at least one byte and at most 2 GiB (2147483647 bytes)`},
		{in: "10B", want: 10},
		{in: "", wantErr: `"" is not a size`},
		{in: "lots", wantErr: `"lots" is not a size`},
		{in: "-5MB", wantErr: `"-5MB" is not a size`},
		{in: "5 parsecs", wantErr: `"5 parsecs" has an unknown unit "parsecs"`},
		{in: "0", wantErr: `"0" is out of range`},
		{in: "1e30", wantErr: `has an unknown unit "e30"`},
		{in: "99999999999TiB", wantErr: `is out of range`},
	} {
		got, err := ParseSize(tc.in)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("ParseSize(%q) = %d, %v; want an error with %q", tc.in, got, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
}
