package read

import (
	"bytes"
)

// Outline is what one quick pass over an export finds without decoding it: where each flow is,
// its UUID and name, and the flows it refers to. Running one flow of a 3 MB export needs only
// that flow and those it reaches; decoding and checking the other hundreds would cost far more
// than the run.
type Outline struct {
	// Flows are the export's flows, in file order.
	Flows []FlowOutline
	// members are the document's top-level members other than "flows", as written.
	members [][]byte
}

// FlowOutline is one flow of an export.
type FlowOutline struct {
	UUID, Name string
	// Refs are the UUIDs of the flows it names (enter_flow, start_session and their legacy
	// forms: every "flow": {"uuid": ...} object in it), in order, possibly repeated.
	Refs []string
	// start and end delimit the flow object in the file.
	start, end int
}

// OutlineOf outlines a document holding a "flows" array. It reports false for anything else (a
// bare flow, the editor's listing, a file that isn't a JSON object) and for a document it can't
// outline with certainty (a flow without a top-level "uuid", as legacy v11 flows keep theirs in
// "metadata"): read those whole with Read. The pass doesn't check the syntax of what it skips;
// ReadOutlined reports any problem in the flows it reads.
func OutlineOf(src []byte) (*Outline, bool) {
	s := &scanner{src: src}
	s.skipWS()
	if s.pos >= len(src) || src[s.pos] != '{' {
		return nil, false
	}
	s.pos++
	o := &Outline{}
	hasFlows := false
	for {
		s.skipWS()
		if s.pos >= len(src) {
			return nil, false
		}
		if src[s.pos] == '}' {
			break
		}
		if src[s.pos] == ',' {
			s.pos++
			continue
		}
		if src[s.pos] != '"' {
			return nil, false
		}
		start := s.pos
		key, ok := s.plainKey()
		if !ok {
			return nil, false
		}
		switch key {
		case "nodes", "action_sets", "rule_sets", "base_language", "spec_version", "results":
			return nil, false // a bare flow, or the editor's listing
		case "flows":
			if hasFlows || !o.flows(s) {
				return nil, false
			}
			hasFlows = true
		default:
			s.skipRaw()
			o.members = append(o.members, src[start:s.pos])
		}
	}
	if !hasFlows {
		return nil, false
	}
	return o, true
}

// plainKey reads an object key and the colon after it: a key without escapes (which every key
// that matters here is), else false.
func (s *scanner) plainKey() (string, bool) {
	start := s.pos + 1
	end := bytes.IndexByte(s.src[start:], '"')
	if end < 0 {
		return "", false
	}
	key := s.src[start : start+end]
	if bytes.IndexByte(key, '\\') >= 0 {
		return "", false
	}
	s.pos = start + end + 1
	s.skipWS()
	if s.pos >= len(s.src) || s.src[s.pos] != ':' {
		return "", false
	}
	s.pos++
	s.skipWS()
	return string(key), true
}

// flows outlines the "flows" array at s.pos.
func (o *Outline) flows(s *scanner) bool {
	src := s.src
	if s.pos >= len(src) || src[s.pos] != '[' {
		return false
	}
	s.pos++
	for {
		s.skipWS()
		if s.pos >= len(src) {
			return false
		}
		switch src[s.pos] {
		case ']':
			s.pos++
			return true
		case ',':
			s.pos++
			continue
		case '{':
		default:
			return false
		}
		f := FlowOutline{start: s.pos}
		s.pos++
		for {
			s.skipWS()
			if s.pos >= len(src) {
				return false
			}
			if src[s.pos] == '}' {
				s.pos++
				break
			}
			if src[s.pos] == ',' {
				s.pos++
				continue
			}
			if src[s.pos] != '"' {
				return false
			}
			key, ok := s.plainKey()
			if !ok {
				return false
			}
			switch key {
			case "uuid", "name":
				if s.pos >= len(src) || src[s.pos] != '"' {
					return false
				}
				v := s.str()
				if key == "uuid" {
					f.UUID = v
				} else {
					f.Name = v
				}
			default:
				s.skipRaw()
			}
		}
		if f.UUID == "" {
			return false
		}
		f.end = s.pos
		f.Refs = flowRefs(src[f.start:f.end])
		o.Flows = append(o.Flows, f)
	}
}

// FlowRefs finds the UUIDs of the flows a document's flows name (enter_flow, start_session and
// their legacy forms), in order, possibly repeated.
func FlowRefs(src []byte) []string { return flowRefs(src) }

// flowRefs finds the UUIDs of the "flow": {"uuid": ...} objects in a flow's JSON. A JSON string
// can't hold an unescaped quote, so "flow" followed by a colon is always a key.
func flowRefs(src []byte) []string {
	var refs []string
	key := []byte(`"flow"`)
	for off := 0; ; {
		i := bytes.Index(src[off:], key)
		if i < 0 {
			return refs
		}
		i += off
		off = i + len(key)
		if i > 0 && src[i-1] == '\\' {
			continue
		}
		s := &scanner{src: src, pos: off}
		s.skipWS()
		if s.pos >= len(src) || src[s.pos] != ':' {
			continue
		}
		s.pos++
		s.skipWS()
		if s.pos >= len(src) || src[s.pos] != '{' {
			continue
		}
		if uuid := memberString(s, "uuid"); uuid != "" {
			refs = append(refs, uuid)
		}
	}
}

// memberString returns the string value of a key of the object at s.pos, or "".
func memberString(s *scanner, want string) string {
	src := s.src
	s.pos++ // {
	for {
		s.skipWS()
		if s.pos >= len(src) || src[s.pos] == '}' {
			return ""
		}
		if src[s.pos] == ',' {
			s.pos++
			continue
		}
		if src[s.pos] != '"' {
			return ""
		}
		key, ok := s.plainKey()
		if !ok {
			return ""
		}
		if key == want {
			if s.pos < len(src) && src[s.pos] == '"' {
				return s.str()
			}
			return ""
		}
		s.skipRaw()
	}
}

// Reach returns the indices of the flows the given ones reach through the flows they name,
// themselves included, in file order. An unknown UUID reaches nothing.
func (o *Outline) Reach(uuids ...string) []int {
	byUUID := make(map[string]int, len(o.Flows))
	for i, f := range o.Flows {
		if _, dup := byUUID[f.UUID]; !dup {
			byUUID[f.UUID] = i
		}
	}
	seen := make([]bool, len(o.Flows))
	var visit func(uuid string)
	visit = func(uuid string) {
		i, ok := byUUID[uuid]
		if !ok || seen[i] {
			return
		}
		seen[i] = true
		for _, r := range o.Flows[i].Refs {
			visit(r)
		}
	}
	for _, u := range uuids {
		visit(u)
	}
	var out []int
	for i, s := range seen {
		if s {
			out = append(out, i)
		}
	}
	return out
}

// ReadOutlined reads the document with only the flows at the given indices (of o.Flows) and all
// its other members (fields, groups, ...). Pointers and positions in the returned document are
// those of that smaller document, not of the file: to report findings at their place in the
// file, read the file with Read.
func (o *Outline) ReadOutlined(path string, src []byte, flows []int) *Document {
	return o.ReadOutlinedWith(path, src, flows, Options{})
}

// ReadOutlinedWith is ReadOutlined with read options (custom action types).
func (o *Outline) ReadOutlinedWith(path string, src []byte, flows []int, opts Options) *Document {
	size := 16
	for _, m := range o.members {
		size += len(m) + 2
	}
	for _, i := range flows {
		size += o.Flows[i].end - o.Flows[i].start + 2
	}
	buf := make([]byte, 0, size)
	buf = append(buf, '{')
	for _, m := range o.members {
		buf = append(buf, m...)
		buf = append(buf, ",\n"...)
	}
	buf = append(buf, `"flows": [`...)
	for k, i := range flows {
		if k > 0 {
			buf = append(buf, ",\n"...)
		}
		buf = append(buf, src[o.Flows[i].start:o.Flows[i].end]...)
	}
	buf = append(buf, "]}"...)
	return ReadWith(path, buf, opts)
}
