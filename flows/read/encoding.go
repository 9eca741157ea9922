package read

import (
	"bytes"
	"slices"
	"strconv"
	"strings"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/internal/jsontree"
)

// reportEncoding turns what the scanner noted (duplicate keys, invalid UTF-8) into warnings at
// their places: the reference engine reads such files silently, taking the later of two values
// and U+FFFD for each bad byte, so flowctl reads them the same way and says so.
func (doc *Document) reportEncoding(sc *scanner) {
	for i, id := range sc.dupKeys {
		if i == jsontree.MaxDuplicateKeyNotes {
			doc.Findings[len(doc.Findings)-1].Message += jsontree.MoreDuplicatesMessage(len(sc.dupKeys) - i)
			break
		}
		e := sc.entries[id]
		// the key's position: its value's offset is after the colon, the key comes first
		keyOff := bytes.LastIndex(doc.Src[:e.off], []byte(strconv.Quote(e.key)))
		if keyOff < 0 {
			keyOff = int(e.off)
		}
		line, col := doc.lineCol(keyOff)
		doc.Findings = append(doc.Findings, flows.Finding{Severity: flows.SeverityWarning, Code: CodeDuplicateKey,
			Message: jsontree.DuplicateKeyMessage(e.key),
			Pointer: sc.pointerOf(id), Line: line, Column: col})
	}
	if n := len(sc.badUTF8); n > 0 {
		off := sc.badUTF8[0]
		line, col := doc.lineCol(off)
		doc.Findings = append(doc.Findings, flows.Finding{Severity: flows.SeverityWarning, Code: CodeInvalidUTF8,
			Message: jsontree.InvalidUTF8Message(doc.Src[off], n-1), Pointer: sc.pointerAt(off), Line: line, Column: col})
	}
}

// pointerOf writes the JSON pointer of an entry.
func (s *scanner) pointerOf(id int32) string {
	var toks []string
	for id > 0 {
		e := s.entries[id]
		if e.index >= 0 {
			toks = append(toks, strconv.Itoa(int(e.index)))
		} else {
			toks = append(toks, strings.NewReplacer("~", "~0", "/", "~1").Replace(e.key))
		}
		id = e.parent
	}
	if len(toks) == 0 {
		return ""
	}
	slices.Reverse(toks)
	return "/" + strings.Join(toks, "/")
}

// pointerAt is the pointer of the last value starting at or before off: the string holding it.
func (s *scanner) pointerAt(off int) string {
	i, _ := slices.BinarySearchFunc(s.entries, off, func(e entry, off int) int {
		if int(e.off) <= off {
			return -1
		}
		return 1
	})
	if i == 0 {
		return ""
	}
	return s.pointerOf(int32(i - 1))
}
