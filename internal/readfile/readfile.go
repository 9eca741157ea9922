// Package readfile reads the documents flowctl is given (flows, exports, assets, scenarios,
// contacts, sessions...) so that no input can hang it or exhaust its memory: only regular files
// are read (a named pipe would block forever, /dev/zero never ends, a device may act on being
// opened), and no more than a size limit.
package readfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
)

// DefaultMaxSize is the largest file read unless a --max-file-size flag says otherwise. The
// largest real export we know of is 213 MB; this leaves room for more than twice that while
// keeping a runaway input (a generated file, a device) from taking all memory: a document costs
// a few times its size once decoded.
const DefaultMaxSize int64 = 512 << 20

// MaxSize is the largest limit --max-file-size takes: the readers place values and lines with
// 32-bit offsets, which keeps their indexes of a file half the size they would be otherwise.
const MaxSize int64 = 1<<31 - 1

// NotRegularError says a path is not a regular file, and what it is instead.
type NotRegularError struct {
	// Kind is what the path is: "a folder", "a named pipe", "a device", "a socket"...
	Kind string
}

func (e *NotRegularError) Error() string {
	if e.Kind == "a folder" {
		return "it is a folder, not a file"
	}
	return "it is " + e.Kind + ", not a regular file"
}

// TooLargeError says a file is larger than the limit.
type TooLargeError struct {
	// Size is the file's size, or -1 when it grew past the limit while being read.
	Size, Limit int64
}

func (e *TooLargeError) Error() string {
	if e.Size < 0 {
		return fmt.Sprintf("it is larger than the %s limit for one input file (raise it with --max-file-size)", FormatSize(e.Limit))
	}
	return fmt.Sprintf("it is %s, more than the %s limit for one input file (raise it with --max-file-size)", FormatSize(e.Size), FormatSize(e.Limit))
}

// kind names what a file mode is, or "" for a regular file.
func kind(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return ""
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "a special file"
}

// Check reports whether path names a regular file (following symbolic links) no larger than
// maxSize (0 or less: DefaultMaxSize), without opening it. Errors are *fs.PathError wrapping a
// *NotRegularError, a *TooLargeError or the system's error.
func Check(path string, maxSize int64) error {
	_, err := check(path, maxSize)
	return err
}

func check(path string, maxSize int64) (fs.FileInfo, error) {
	if maxSize <= 0 {
		maxSize = DefaultMaxSize
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if k := kind(st.Mode()); k != "" {
		return nil, &fs.PathError{Op: "read", Path: path, Err: &NotRegularError{Kind: k}}
	}
	if st.Size() > maxSize {
		return nil, &fs.PathError{Op: "read", Path: path, Err: &TooLargeError{Size: st.Size(), Limit: maxSize}}
	}
	return st, nil
}

// Read returns the content of the regular file at path, refusing anything else and any file
// larger than maxSize bytes (0 or less: DefaultMaxSize). Errors are *fs.PathError, so that
// callers can name the path once and show the reason.
func Read(path string, maxSize int64) ([]byte, error) {
	if maxSize <= 0 {
		maxSize = DefaultMaxSize
	}
	st, err := check(path, maxSize)
	if err != nil {
		return nil, err
	}
	// Opening without blocking, then checking the opened file is the one looked at, closes the
	// gap in which a named pipe could be put in the file's place.
	f, err := openNonBlocking(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fst, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !os.SameFile(st, fst) || !fst.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "read", Path: path, Err: errors.New("it changed while being opened")}
	}
	data := make([]byte, 0, fst.Size()+1)
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		end := cap(data)
		if int64(end) > maxSize {
			end = int(maxSize) + 1 // one byte more than allowed is enough to tell
		}
		n, err := f.Read(data[len(data):end])
		data = data[:len(data)+n]
		if int64(len(data)) > maxSize {
			return nil, &fs.PathError{Op: "read", Path: path, Err: &TooLargeError{Size: -1, Limit: maxSize}}
		}
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// IsRegular reports whether a folder walk's entry is a regular file, or a symbolic link to
// one. Walks pass over everything else: reading a named pipe called flow.json would wait for a
// writer forever.
func IsRegular(path string, d fs.DirEntry) bool {
	if d.Type().IsRegular() {
		return true
	}
	if d.Type()&fs.ModeSymlink == 0 {
		return false
	}
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular()
}

// FormatSize writes a size in bytes for people: 512 MiB, 1.5 GiB, 300 bytes.
func FormatSize(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d bytes", n)
	}
	units := []string{"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}
	v, i := float64(n)/unit, 0
	for v >= unit && i < len(units)-1 {
		v /= unit
		i++
	}
	return strings.TrimSuffix(fmt.Sprintf("%.1f", v), ".0") + " " + units[i]
}

// ParseSize reads a file size limit as people write it on a command line: a number of bytes, or
// a number with a unit: KB, MB, GB (powers of 1000) or KiB, MiB, GiB (powers of 1024; K, M and G
// are short for these); "1.5GiB", "512M" and "300 MB" all read. It is at most MaxSize.
func ParseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	i := 0
	for i < len(t) && (t[i] >= '0' && t[i] <= '9' || t[i] == '.') {
		i++
	}
	num, unit := t[:i], strings.ToLower(strings.TrimSpace(t[i:]))
	v, err := strconv.ParseFloat(num, 64)
	if num == "" || err != nil {
		return 0, fmt.Errorf("%q is not a size: expected a number of bytes, or one with a unit like 512MiB or 1GB", s)
	}
	mult, ok := sizeUnits[unit]
	if !ok {
		return 0, fmt.Errorf("%q has an unknown unit %q: expected B, KB, MB, GB, KiB, MiB or GiB", s, strings.TrimSpace(t[i:]))
	}
	n := v * float64(mult)
	if n < 1 || n > float64(MaxSize) {
		return 0, fmt.Errorf("%q is out of range: expected at least one byte and at most %s (%d bytes), the largest file flowctl reads", s, FormatSize(MaxSize), MaxSize)
	}
	return int64(n), nil
}

var sizeUnits = map[string]int64{
	"": 1, "b": 1,
	"kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12,
	"k": 1 << 10, "m": 1 << 20, "g": 1 << 30,
	"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40,
}
