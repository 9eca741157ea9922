// Package read reads flow files: a bare flow definition, a goflow assets document or a
// RapidPro/TextIt export. It decodes the flows (migrating older spec versions), the assets the
// document declares and a generic copy of the JSON for the schema check, and reports reading
// problems as findings with positions. It never panics on input.
package read

import (
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/flowctl/flowctl/findings"
	"github.com/flowctl/flowctl/flows"
)

// Document is one read file.
type Document struct {
	Path string
	Src  []byte
	// Flows are the decoded flows, as much of each as could be decoded.
	Flows []*flows.Flow
	// FlowPointers holds the JSON pointer of each flow: "" for a bare flow file, "/flows/0", ...
	FlowPointers []string
	// Assets are the assets this document declares; its flows count as flow assets.
	Assets *flows.Assets
	// EmptyAssetLists are the kinds of asset the document lists as empty ("fields": []), which
	// declare nothing: exports write them so when they leave the assets out.
	EmptyAssetLists map[flows.AssetKind]bool
	// Generic is the document as written (not migrated), decoded as generic JSON
	// (map[string]any, []any, string, float64, bool, nil), for the JSON-schema check.
	Generic any
	// Findings are the reading problems, with Line and Column filled.
	Findings []flows.Finding

	entries  []entry
	children map[childKey]int32
	// ends[i] is the index of the first entry after entry i's subtree, so that scan steps from
	// one child to the next (built on the first scan)
	ends     []int32
	lines    *findings.Lines // built on the first position asked for
	pointers map[any]string
	migrated map[string]*migration // legacy flows by pointer
	// premigrated holds the values the reader's migrations set where the file has a value of
	// the wrong type (see premigrate), by pointer, for the schema check to see.
	premigrated map[string]any
	wrapped     []string // items of flows wrapping a flow in "definition" (Glific)
}

type childKey struct {
	parent int32
	index  int32
	key    string
}

// PointerOf returns the JSON pointer of a flow, node or action decoded from this document, and
// whether it is known. Actions that could not be decoded (an unknown type, say) are left out of
// their node's Actions, so an action's index there may differ from its index in the file: use
// this rather than counting.
func (d *Document) PointerOf(v any) (string, bool) {
	p, ok := d.pointers[v]
	return p, ok
}

// Position returns the 1-based line and column (in bytes) where the value at a JSON pointer
// starts. For a pointer that doesn't exist it gives the position of its nearest existing
// ancestor; for an invalid pointer or an empty document, 1:1. The index behind it is built on
// the first call, so a Document must not be asked for positions from several goroutines at once
// (reading different files concurrently is fine).
func (d *Document) Position(pointer string) (line, col int) {
	return d.lineCol(d.offsetOf(pointer))
}

// offsetOf finds the byte offset of the value at a pointer (or its nearest existing ancestor).
func (d *Document) offsetOf(pointer string) int {
	id, _ := d.lookup(d.sourcePointer(pointer))
	if id < 0 {
		return 0
	}
	return int(d.entries[id].off)
}

// lookup resolves a pointer to an entry index: the deepest existing one, and whether the whole
// pointer exists. -1 when the document has no values.
func (d *Document) lookup(pointer string) (int32, bool) {
	if len(d.entries) == 0 {
		return -1, false
	}
	if d.children == nil {
		d.children = make(map[childKey]int32, len(d.entries))
		for i, e := range d.entries[1:] {
			d.children[childKey{e.parent, e.index, e.key}] = int32(i + 1)
		}
	}
	cur := int32(0)
	if pointer == "" {
		return cur, true
	}
	if pointer[0] != '/' {
		return cur, false
	}
	for tok := range strings.SplitSeq(pointer[1:], "/") {
		tok = unescapeToken(tok)
		next, ok := d.children[childKey{cur, -1, tok}]
		if !ok {
			if n, err := strconv.Atoi(tok); err == nil && n >= 0 && n <= 1<<31-1 {
				next, ok = d.children[childKey{cur, int32(n), ""}]
			}
		}
		if !ok {
			return cur, false
		}
		cur = next
	}
	return cur, true
}

func unescapeToken(tok string) string {
	if !strings.Contains(tok, "~") {
		return tok
	}
	return strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
}

// Lines returns the index of the document's line starts, built once: validate's formats place
// every finding through it.
func (d *Document) Lines() *findings.Lines {
	if d.lines == nil {
		d.lines = findings.NewLines(d.Src)
	}
	return d.lines
}

// lineCol converts a byte offset to a 1-based line and column.
func (d *Document) lineCol(off int) (int, int) {
	return d.Lines().Position(off)
}

// raw returns the source bytes of the value at a pointer, or nil if it doesn't exist. The
// decoder asks for few of these (the editor's _ui, airtime amounts), so it scans the entries
// rather than building the index Position uses.
func (d *Document) raw(pointer string) []byte {
	id, ok := d.scan(pointer)
	if !ok {
		return nil
	}
	off := int(d.entries[id].off)
	return d.Src[off:skipValue(d.Src, off)]
}

// scan resolves a pointer by walking the entries: the children of an entry follow it, and its
// subtree ends at the first entry whose parent comes before it.
func (d *Document) scan(pointer string) (int32, bool) {
	if len(d.entries) == 0 || (pointer != "" && pointer[0] != '/') {
		return -1, false
	}
	if d.ends == nil {
		// Without them each lookup walks every entry before the value, and an export's
		// thousands of flows each asking for its _ui made reading quadratic.
		d.ends = make([]int32, len(d.entries))
		for i := range d.ends {
			d.ends[i] = int32(i + 1)
		}
		for i := len(d.entries) - 1; i > 0; i-- {
			p := d.entries[i].parent
			d.ends[p] = max(d.ends[p], d.ends[i])
		}
	}
	cur := int32(0)
	if pointer == "" {
		return cur, true
	}
	for tok := range strings.SplitSeq(pointer[1:], "/") {
		tok = unescapeToken(tok)
		idx := int32(-1)
		if n, err := strconv.Atoi(tok); err == nil && n >= 0 && n <= 1<<31-1 {
			idx = int32(n)
		}
		found := int32(-1)
		for i := cur + 1; i < d.ends[cur]; i = d.ends[i] {
			e := &d.entries[i]
			if (e.index < 0 && e.key == tok) || (e.index >= 0 && e.index == idx) {
				found = i
				break
			}
		}
		if found < 0 {
			return cur, false
		}
		cur = found
	}
	return cur, true
}

// PositionInString returns the line and column of a byte of a string value: offset counts bytes
// of the decoded string (as a template parser reports them), and the result accounts for the
// escapes between it and the opening quote, so an error inside "a\"b @(1 +)" points at the
// right column. For a pointer that isn't a string it returns Position(pointer).
func (d *Document) PositionInString(pointer string, offset int) (line, col int) {
	start := d.offsetOf(pointer)
	if start >= len(d.Src) || d.Src[start] != '"' || offset < 0 {
		return d.lineCol(start)
	}
	p, decoded := start+1, 0
	for p < len(d.Src) && decoded < offset {
		c := d.Src[p]
		switch {
		case c == '"':
			return d.lineCol(p)
		case c == '\\' && p+1 < len(d.Src):
			if d.Src[p+1] == 'u' {
				r, ok := hex4(d.Src, p+2)
				size := 6
				if ok && utf16.IsSurrogate(r) && p+7 < len(d.Src) && d.Src[p+6] == '\\' && d.Src[p+7] == 'u' {
					if r2, ok2 := hex4(d.Src, p+8); ok2 && utf16.DecodeRune(r, r2) != utf8.RuneError {
						r, size = utf16.DecodeRune(r, r2), 12
					}
				}
				if !ok || utf16.IsSurrogate(r) {
					r = utf8.RuneError
				}
				decoded += utf8.RuneLen(r)
				p += size
			} else {
				decoded++
				p += 2
			}
		default:
			decoded++
			p++
		}
	}
	return d.lineCol(p)
}

// WrappedFlows returns the pointers of the items of a flows array that wrap their flow in a
// "definition" (Glific's export shape), which are refused with one schema/wrapped-flow finding
// and not checked further.
func (d *Document) WrappedFlows() []string { return d.wrapped }
