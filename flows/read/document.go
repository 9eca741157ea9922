// Package read reads flow files: a bare flow definition, a goflow assets document or a
// RapidPro/TextIt export. It decodes the flows (migrating older spec versions), the assets the
// document declares and a generic copy of the JSON for the schema check, and reports reading
// problems as findings with positions. It never panics on input.
package read

import (
	"slices"
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

	entries []entry
	// kids lists each entry's children (as entry indexes, in document order) from
	// kids[kidStart[i]] to kids[kidStart[i+1]]: eight bytes a value, built on the first pointer
	// resolved. A map from (parent, key) to entry cost about ten times that, which was the
	// largest part of checking an export after its parsed tree.
	kidStart []int32
	kids     []int32
	// members indexes the members of objects too large to search one by one (translations
	// keyed by UUID), by key, built for each such object when first searched
	members  map[int32]map[string]int32
	lines    *findings.Lines // built on the first position asked for
	pointers map[any]string
	migrated map[string]*migration // legacy flows by pointer
	// premigrated holds the values the reader's migrations set where the file has a value of
	// the wrong type (see premigrate), by pointer, for the schema check to see.
	premigrated map[string]any
	wrapped     []string // items of flows wrapping a flow in "definition" (Glific)
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
	cur := int32(0)
	if pointer == "" {
		return cur, true
	}
	if pointer[0] != '/' {
		return cur, false
	}
	for tok := range strings.SplitSeq(pointer[1:], "/") {
		next, ok := d.child(cur, unescapeToken(tok))
		if !ok {
			return cur, false
		}
		cur = next
	}
	return cur, true
}

// maxScannedMembers is the most members an object's key is searched among one by one; larger
// objects get a map, so that placing a finding in each of thousands of translations stays linear.
const maxScannedMembers = 32

// child finds the child of an entry at one pointer token: an array's element by index, an
// object's member by key (the last of duplicates, whose value is the one read).
func (d *Document) child(parent int32, tok string) (int32, bool) {
	if d.kidStart == nil {
		d.indexChildren()
	}
	kids := d.kids[d.kidStart[parent]:d.kidStart[parent+1]]
	if len(kids) == 0 {
		return -1, false
	}
	if d.entries[kids[0]].index >= 0 { // an array
		n, err := strconv.Atoi(tok)
		if err != nil || n < 0 || n >= len(kids) {
			return -1, false
		}
		return kids[n], true
	}
	if len(kids) > maxScannedMembers {
		m := d.members[parent]
		if m == nil {
			m = make(map[string]int32, len(kids))
			for _, k := range kids {
				m[d.entries[k].key] = k
			}
			if d.members == nil {
				d.members = map[int32]map[string]int32{}
			}
			d.members[parent] = m
		}
		k, ok := m[tok]
		return k, ok
	}
	for i := len(kids) - 1; i >= 0; i-- {
		if d.entries[kids[i]].key == tok {
			return kids[i], true
		}
	}
	return -1, false
}

// indexChildren builds kidStart and kids: entries come in document order, so each parent's
// children are appended in order by a counting pass and a filling pass.
func (d *Document) indexChildren() {
	n := len(d.entries)
	start := make([]int32, n+1)
	for _, e := range d.entries[1:] {
		start[e.parent+1]++
	}
	for i := 1; i <= n; i++ {
		start[i] += start[i-1]
	}
	kids := make([]int32, max(n-1, 0))
	next := slices.Clone(start[:n])
	for i, e := range d.entries[1:] {
		kids[next[e.parent]] = int32(i + 1)
		next[e.parent]++
	}
	d.kidStart, d.kids = start, kids
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

// raw returns the source bytes of the value at a pointer, or nil if it doesn't exist.
func (d *Document) raw(pointer string) []byte {
	id, ok := d.lookup(pointer)
	if !ok {
		return nil
	}
	off := int(d.entries[id].off)
	return d.Src[off:skipValue(d.Src, off)]
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
