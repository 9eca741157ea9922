package jsontree

import (
	"fmt"
	"strconv"
	"unicode/utf8"
)

// Note is something legal but doubtful in a JSON document: where it is and what it is.
type Note struct {
	Offset  int
	Pointer string
	Msg     string
	// Key is the repeated key of a duplicate-key note, "" for other notes.
	Key string
	// InvalidUTF8 marks the note of strings holding bytes that aren't UTF-8.
	InvalidUTF8 bool
}

// MaxDuplicateKeyNotes bounds the duplicate-key notes of one document: a generated file that
// repeats a key everywhere gets the first few and a count, not thousands of lines.
const MaxDuplicateKeyNotes = 20

// DuplicateKeyMessage says a key is repeated (flows/read words its finding the same way).
func DuplicateKeyMessage(key string) string {
	return fmt.Sprintf("key %q appears twice in this object: this later value is used and the earlier one ignored (expected each key once)", key)
}

// MoreDuplicatesMessage ends the last duplicate-key note with the number left out.
func MoreDuplicatesMessage(n int) string {
	return fmt.Sprintf(" (%d more keys are repeated in this file)", n)
}

// InvalidUTF8Message says a string holds a byte b that isn't UTF-8, and others more strings do.
func InvalidUTF8Message(b byte, others int) string {
	more := ""
	if others > 0 {
		more = fmt.Sprintf(" (and %d more strings)", others)
	}
	return fmt.Sprintf("byte 0x%02x isn't UTF-8%s: it reads as U+FFFD (\ufffd), as in the reference engine; expected UTF-8 text (save the file as UTF-8)", b, more)
}

// Lint finds what JSON decoders accept without a word but is rarely meant: a key repeated in
// an object (the later value wins) and strings holding bytes that aren't UTF-8 (they read as
// U+FFFD). Duplicate keys are noted one by one (the first 20, the last counting the rest),
// invalid UTF-8 once, at its first string, with a count of the others.
func Lint(root *Node) []Note {
	l := &linter{}
	l.walk(root, "")
	if l.dups > MaxDuplicateKeyNotes {
		l.notes[MaxDuplicateKeyNotes-1].Msg += MoreDuplicatesMessage(l.dups - MaxDuplicateKeyNotes)
	}
	if l.badStrings > 0 {
		l.notes = append(l.notes, Note{Offset: l.badAt, Pointer: l.badPointer, Msg: InvalidUTF8Message(l.badByte, l.badStrings-1), InvalidUTF8: true})
	}
	return l.notes
}

type linter struct {
	notes      []Note
	dups       int
	badStrings int
	badAt      int
	badByte    byte
	badPointer string
}

func (l *linter) walk(n *Node, pointer string) {
	switch n.Kind {
	case String:
		l.checkUTF8(n.src, n.Start+1, n.End-1, pointer)
	case Array:
		for i, it := range n.Items {
			l.walk(it, pointer+"/"+strconv.Itoa(i))
		}
	case Object:
		seen := make(map[string]bool, len(n.Members))
		for _, m := range n.Members {
			p := pointer + "/" + EscapePointerToken(m.Key)
			if !utf8.ValidString(m.Key) {
				l.checkUTF8(n.src, m.KeyStart+1, m.Value.Start, p)
			}
			if seen[m.Key] {
				if l.dups++; l.dups <= MaxDuplicateKeyNotes {
					l.notes = append(l.notes, Note{Offset: m.KeyStart, Pointer: p, Msg: DuplicateKeyMessage(m.Key), Key: m.Key})
				}
			}
			seen[m.Key] = true
			l.walk(m.Value, p)
		}
	}
}

// checkUTF8 notes the first byte of src[from:to] that isn't UTF-8, if any.
func (l *linter) checkUTF8(src []byte, from, to int, pointer string) {
	if to > len(src) || from >= to || utf8.Valid(src[from:to]) {
		return
	}
	for p := from; p < to; {
		r, size := utf8.DecodeRune(src[p:to])
		if r == utf8.RuneError && size == 1 {
			if l.badStrings++; l.badStrings == 1 {
				l.badAt, l.badByte, l.badPointer = p, src[p], pointer
			}
			return
		}
		p += size
	}
}
