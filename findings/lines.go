package findings

import (
	"bytes"
	"sort"
	"unicode/utf8"
)

// Lines indexes the line starts of a file once, so that turning offsets into positions and back
// costs a binary search rather than a scan from the start of the file: validate places thousands
// of findings in multi-megabyte exports.
type Lines struct {
	src []byte
	// starts are 32-bit: files are read up to readfile.MaxSize (2 GiB), and pretty-printed JSON
	// has a line every 20 or 30 bytes, so this index is a sizeable part of a file's working set.
	starts []int32
}

// NewLines indexes src, which must be shorter than 2 GiB.
func NewLines(src []byte) *Lines {
	// counting first (a vectorised pass) sizes the index exactly: no growing, no slack
	starts := make([]int32, 1, 1+bytes.Count(src, []byte{'\n'}))
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		starts = append(starts, int32(i))
	}
	return &Lines{src: src, starts: starts}
}

// Src returns the indexed bytes.
func (l *Lines) Src() []byte { return l.src }

// Count returns the number of lines.
func (l *Lines) Count() int { return len(l.starts) }

// Position converts a byte offset to a 1-based line and byte column; offsets out of range are
// clamped to the file.
func (l *Lines) Position(off int) (line, col int) {
	off = max(0, min(off, len(l.src)))
	i := sort.Search(len(l.starts), func(i int) bool { return int(l.starts[i]) > off }) - 1
	return i + 1, off - int(l.starts[i]) + 1
}

// Offset converts a 1-based line and byte column to a byte offset; ok is false when there is no
// such line or the column is outside it (the end of the line counts as inside).
func (l *Lines) Offset(line, col int) (int, bool) {
	if line < 1 || line > len(l.starts) || col < 1 {
		return 0, false
	}
	start, end := l.bounds(line)
	off := start + col - 1
	if off > end {
		return 0, false
	}
	return off, true
}

// bounds returns the offsets of the first byte of a line and of its end (its newline, or the end
// of the file).
func (l *Lines) bounds(line int) (int, int) {
	start := int(l.starts[line-1])
	end := len(l.src)
	if line < len(l.starts) {
		end = int(l.starts[line]) - 1
	}
	return start, end
}

// Line returns the text of a 1-based line without its line ending, and whether it exists.
func (l *Lines) Line(line int) ([]byte, bool) {
	if line < 1 || line > len(l.starts) {
		return nil, false
	}
	start, end := l.bounds(line)
	return bytes.TrimSuffix(l.src[start:end], []byte("\r")), true
}

// UTF16Column converts a 1-based byte column of a line to a 1-based column counted in UTF-16
// code units, as SARIF viewers and GitHub count them.
func (l *Lines) UTF16Column(line, col int) int {
	off, ok := l.Offset(line, col)
	if !ok {
		return max(1, col)
	}
	start, _ := l.bounds(line)
	n := 0
	for s := l.src[start:off]; len(s) > 0; {
		if s[0] < utf8.RuneSelf {
			n++
			s = s[1:]
			continue
		}
		r, size := utf8.DecodeRune(s)
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
		s = s[size:]
	}
	return n + 1
}
