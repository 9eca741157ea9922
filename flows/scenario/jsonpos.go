package scenario

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// The functions in this file find where values sit in the original bytes of a JSON document, so
// that errors and diffs can name a line and --update can splice a new value in place without
// re-encoding (and so re-ordering) the rest of the file.

// member is one key or element of a JSON object or array with the byte span of its value.
type member struct {
	Key        string // the object key, or the decimal index for array elements
	Start, End int    // byte span of the value, relative to the container's document
	Value      json.RawMessage
}

// members lists the keys (or elements) of the object or array that makes up data, with the
// byte span of each value. Duplicate object keys are returned as they appear.
func members(data []byte) ([]member, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	delim, _ := tok.(json.Delim)
	if delim != '{' && delim != '[' {
		return nil, errors.New("not an object or array")
	}
	var out []member
	for i := 0; dec.More(); i++ {
		key := strconv.Itoa(i)
		if delim == '{' {
			kt, err := dec.Token()
			if err != nil {
				return nil, err
			}
			key, _ = kt.(string)
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, err
		}
		end := int(dec.InputOffset())
		out = append(out, member{Key: key, Start: end - len(raw), End: end, Value: raw})
	}
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			err = errors.New("unexpected data after the top-level value")
		}
		return nil, err
	}
	return out, nil
}

// locate returns the byte offset of the value at the JSON pointer tokens path within data, or
// the offset of the deepest existing ancestor when the path goes further than the document.
func locate(data []byte, path []string) int {
	offset := 0
	for _, key := range path {
		ms, err := members(data)
		if err != nil {
			return offset
		}
		found := false
		for _, m := range ms {
			if m.Key == key {
				offset += m.Start
				data = data[m.Start:m.End]
				found = true
				break
			}
		}
		if !found {
			return offset
		}
	}
	return offset
}

// positionIndex answers locate and lineCol for one document many times: it keeps the members
// of each container it has decoded (by the container's offset) and where each line starts, so
// that a call costs the size of the containers on the path the first time and a lookup after.
type positionIndex struct {
	mu         sync.Mutex
	containers map[int][]member
	lineStarts []int
}

// locate is the package's locate with the containers decoded once.
func (p *positionIndex) locate(data []byte, path []string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.containers == nil {
		p.containers = map[int][]member{}
	}
	offset, end := 0, len(data)
	for _, key := range path {
		ms, seen := p.containers[offset]
		if !seen {
			ms, _ = members(data[offset:end])
			p.containers[offset] = ms
		}
		found := false
		for _, m := range ms {
			if m.Key == key {
				offset, end = offset+m.Start, offset+m.End
				found = true
				break
			}
		}
		if !found {
			return offset
		}
	}
	return offset
}

// lineCol is the package's lineCol with the line starts counted once.
func (p *positionIndex) lineCol(data []byte, offset int) (line, col int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.lineStarts == nil {
		p.lineStarts = []int{0}
		for i, b := range data {
			if b == '\n' {
				p.lineStarts = append(p.lineStarts, i+1)
			}
		}
	}
	offset = min(max(offset, 0), len(data))
	// The line is the last one starting at or before offset.
	i := sort.Search(len(p.lineStarts), func(i int) bool { return p.lineStarts[i] > offset }) - 1
	return i + 1, offset - p.lineStarts[i] + 1
}

// lineCol converts a byte offset into a 1-based line and column (column in bytes).
func lineCol(data []byte, offset int) (line, col int) {
	if offset > len(data) {
		offset = len(data)
	}
	before := data[:offset]
	line = bytes.Count(before, []byte{'\n'}) + 1
	col = offset - bytes.LastIndexByte(before, '\n')
	return line, col
}

// SyntaxPosition explains a JSON decoding error of data with a line and column when it carries
// an offset, for errors that say where a file is broken.
func SyntaxPosition(data []byte, err error) (line, col int, msg string) {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		// Offset counts the bytes read, the offending one included.
		if strings.Contains(se.Error(), "unexpected end") {
			line, col = lineCol(data, len(data))
			return line, col, "invalid JSON: unexpected end of file"
		}
		line, col = lineCol(data, max(int(se.Offset)-1, 0))
		return line, col, "invalid JSON: " + se.Error()
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		line, col = lineCol(data, int(te.Offset))
		return line, col, fmt.Sprintf("invalid JSON: %s where %s was expected", te.Value, te.Type)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		line, col = lineCol(data, len(data))
		return line, col, "invalid JSON: unexpected end of file"
	}
	return 1, 1, "invalid JSON: " + err.Error()
}

// PointerTokens splits a JSON pointer ("/steps/3/send") into its reference tokens, undoing the
// ~1 and ~0 escapes.
func PointerTokens(pointer string) []string {
	if pointer == "" || pointer == "/" {
		return nil
	}
	parts := strings.Split(strings.TrimPrefix(pointer, "/"), "/")
	for i, p := range parts {
		parts[i] = strings.ReplaceAll(strings.ReplaceAll(p, "~1", "/"), "~0", "~")
	}
	return parts
}

// PointerPosition is the 1-based line and column of the value at a JSON pointer in data, or of its
// deepest existing ancestor, for errors about documents other than scenarios that name where.
func PointerPosition(data []byte, pointer string) (line, col int) {
	return lineCol(data, locate(data, PointerTokens(pointer)))
}

// ValueSpan is the byte span of the value at a JSON pointer in data, so that a caller can replace
// that value alone and keep the rest of the file as written. ok is false when there is no value there.
func ValueSpan(data []byte, pointer string) (start, end int, ok bool) {
	start, end = 0, len(data)
	for _, key := range PointerTokens(pointer) {
		ms, err := members(data[start:end])
		if err != nil {
			return 0, 0, false
		}
		found := false
		for _, m := range ms {
			if m.Key == key {
				start, end = start+m.Start, start+m.End
				found = true
				break
			}
		}
		if !found {
			return 0, 0, false
		}
	}
	return start, end, true
}

// splitValid lists the keys (or elements) of the object or array that makes up data like
// members does, in one pass over bytes that json.Valid has accepted (it doesn't check the syntax
// again): reading a scenario is most of what a passing scenario costs, and the token reader
// members uses is many times slower. false when data is not an object or array.
func splitValid(data []byte) ([]member, bool) {
	i := skipSpace(data, 0)
	if i >= len(data) || (data[i] != '{' && data[i] != '[') {
		return nil, false
	}
	object := data[i] == '{'
	i++
	var out []member
	for n := 0; ; n++ {
		i = skipSpace(data, i)
		if i >= len(data) {
			return nil, false
		}
		if data[i] == '}' || data[i] == ']' {
			return out, true
		}
		if data[i] == ',' {
			i = skipSpace(data, i+1)
		}
		key := strconv.Itoa(n)
		if object {
			end, k, ok := jsonString(data, i)
			if !ok {
				return nil, false
			}
			key = k
			i = skipSpace(data, end+1) + 1 // the colon
			i = skipSpace(data, i)
		}
		end := skipJSONValue(data, i)
		out = append(out, member{Key: key, Start: i, End: end, Value: data[i:end:end]})
		i = end
	}
}

// skipJSONValue returns the offset just after the valid JSON value starting at data[i].
func skipJSONValue(data []byte, i int) int {
	switch data[i] {
	case '"':
		for k := i + 1; k < len(data); k++ {
			switch data[k] {
			case '\\':
				k++
			case '"':
				return k + 1
			}
		}
		return len(data)
	case '{', '[':
		depth := 0
		for k := i; k < len(data); k++ {
			switch data[k] {
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return k + 1
				}
			case '"':
				k = skipJSONValue(data, k) - 1
			}
		}
		return len(data)
	}
	k := i
	for k < len(data) && data[k] != ',' && data[k] != '}' && data[k] != ']' && data[k] != ' ' && data[k] != '\n' && data[k] != '\t' && data[k] != '\r' {
		k++
	}
	return k
}

// splitSprints reads a valid "outputs" value, [{"events": [...]}, ...], without decoding the
// events; false when it has another shape (json.Unmarshal then says what is wrong).
func splitSprints(value []byte) ([]Sprint, bool) {
	items, ok := splitValid(value)
	if !ok || skipSpace(value, 0) >= len(value) || value[skipSpace(value, 0)] != '[' {
		return nil, false
	}
	sprints := make([]Sprint, 0, len(items))
	for _, it := range items {
		fields, ok := splitValid(it.Value)
		if !ok || it.Value[0] != '{' {
			return nil, false
		}
		sp := Sprint{}
		for _, f := range fields {
			if f.Key != "events" {
				continue
			}
			if string(f.Value) == "null" {
				continue
			}
			events, ok := splitValid(f.Value)
			if !ok || f.Value[0] != '[' {
				return nil, false
			}
			sp.Events = make([]json.RawMessage, len(events))
			for e, ev := range events {
				sp.Events[e] = ev.Value
			}
		}
		sprints = append(sprints, sp)
	}
	return sprints, true
}
