package check

import (
	"bytes"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Validating every node of a big export against the JSON schema is by far the slowest part of a
// check, and most nodes look alike, within a flow and across the flows of an export. Whether a node satisfies the schema depends only on
// its shape: which keys its objects have, the JSON type of each value (integer or not, for
// numbers) and the values of "type" keys (the only values the node schema constrains, with
// enums). So the schema layer validates one node per shape and gives each finding to every node
// of that shape, at the same place inside it.
//
// If the node schema ever constrains other values (a pattern, a length, an enum on another key),
// nodeShape must include them too; TestCondensedSchemaMatchesFull guards this.

// nodeGroups maps each representative node of the condensed document to the nodes of the same
// shape it stands for, in any flow of the document: the flows of an export are made in one editor
// and their nodes have few shapes between them.
type nodeGroups struct {
	// arrays holds, per nodes array of the condensed document (by pointer), what each of its
	// representatives stands for.
	arrays map[string][][]nodeRef
}

// nodeRef is a node of the original document: its nodes array and its index there.
type nodeRef struct {
	arr string
	idx int
}

// shapeIndex finds a shape's representative: its nodes array and its index in the condensed one.
type shapeIndex map[string]nodeRef

// condense returns a copy of the document whose flows keep one node per shape (the first, in the
// first flow that has it) and only what the schema may fault of their layout and translations,
// and the groups to map findings back. Objects on the way to the nodes are copied; nothing else
// is.
func condense(doc any) (any, nodeGroups) {
	g := nodeGroups{arrays: map[string][][]nodeRef{}}
	root, ok := doc.(map[string]any)
	if !ok {
		return doc, g
	}
	seen := shapeIndex{}
	if _, isFlow := root["nodes"]; isFlow {
		return g.condenseFlow(root, "", seen), g
	}
	list, ok := root["flows"].([]any)
	if !ok {
		return doc, g
	}
	out := make(map[string]any, len(root))
	for k, v := range root {
		out[k] = v
	}
	flows := make([]any, len(list))
	for i, f := range list {
		flows[i] = f
		m, ok := f.(map[string]any)
		if !ok {
			continue
		}
		// A legacy flow's nodes (should it have any) aren't held to the node schema, so they
		// can't stand for others.
		_, sets := m["action_sets"]
		_, rules := m["rule_sets"]
		if !sets && !rules {
			flows[i] = g.condenseFlow(m, "/flows/"+strconv.Itoa(i), seen)
		}
	}
	out["flows"] = flows
	return out, g
}

func (g nodeGroups) condenseFlow(flow map[string]any, ptr string, seen shapeIndex) map[string]any {
	out := make(map[string]any, len(flow))
	for k, v := range flow {
		out[k] = v
	}
	// The flow's editor layout and translations are most of an export after its nodes, and the
	// schema can't find fault within either: _ui may hold anything, and a translation's
	// properties may hold any value. What it can fault (a language, or a translated item, that
	// isn't an object) is kept at its place; everything else inside goes.
	if _, ok := flow["_ui"]; ok {
		out["_ui"] = nil
	}
	if loc, ok := flow["localization"].(map[string]any); ok {
		out["localization"] = condenseLocalization(loc)
	}
	nodes, ok := flow["nodes"].([]any)
	if !ok || len(nodes) == 0 {
		return out
	}
	arr := ptr + "/nodes"
	var reps []any
	var b bytes.Buffer // reset, not renewed, per node: looking a []byte up as a string doesn't copy it
	for i, n := range nodes {
		b.Reset()
		nodeShape(&b, n, "")
		rep, found := seen[string(b.Bytes())]
		if !found {
			rep = nodeRef{arr, len(reps)}
			seen[b.String()] = rep
			reps = append(reps, n)
			g.arrays[arr] = append(g.arrays[arr], nil)
		}
		g.arrays[rep.arr][rep.idx] = append(g.arrays[rep.arr][rep.idx], nodeRef{arr, i})
	}
	if reps == nil {
		reps = []any{}
	}
	out["nodes"] = reps
	return out
}

// condenseLocalization keeps, of each language's translations, only the items that aren't
// objects (or null): the only ones the schema rejects inside a language.
func condenseLocalization(loc map[string]any) map[string]any {
	out := make(map[string]any, len(loc))
	for lang, items := range loc {
		m, ok := items.(map[string]any)
		if !ok {
			out[lang] = items
			continue
		}
		kept := map[string]any{}
		for uuid, item := range m {
			switch item.(type) {
			case map[string]any, nil:
			default:
				kept[uuid] = item
			}
		}
		out[lang] = kept
	}
	return out
}

// nodeShape writes the shape of a JSON value: what the schema's verdict on it depends on.
func nodeShape(b *bytes.Buffer, v any, key string) {
	switch t := v.(type) {
	case map[string]any:
		var room [16]string // node objects have a handful of keys: sorted without allocating
		keys := room[:0]
		for k := range t {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		b.WriteByte('{')
		for _, k := range keys {
			b.WriteString(strconv.Itoa(len(k)))
			b.WriteByte(':')
			b.WriteString(k)
			nodeShape(b, t[k], k)
		}
		b.WriteByte('}')
	case []any:
		// Items keep their order, so that a finding at an index of the representative is at
		// the same index in every node of its shape.
		b.WriteByte('[')
		for _, item := range t {
			nodeShape(b, item, "")
			b.WriteByte(',')
		}
		b.WriteByte(']')
	case string:
		if key == "type" {
			// The value, length-prefixed so that no value can be confused with a following shape.
			b.WriteByte('s')
			b.WriteString(strconv.Itoa(len(t)))
			b.WriteByte(':')
			b.WriteString(t)
		} else {
			b.WriteByte('s')
		}
	case float64:
		if t == math.Trunc(t) && !math.IsInf(t, 0) {
			b.WriteByte('i')
		} else {
			b.WriteByte('n')
		}
	case bool:
		b.WriteByte('b')
	case nil:
		b.WriteByte('z')
	default:
		// Anything else (other number types) is kept apart by its Go type and value.
		b.WriteString(strconv.Quote(strings.TrimSpace(strconv.Quote(typeAndValue(t)))))
	}
}

func typeAndValue(v any) string {
	switch t := v.(type) {
	case int:
		return "int:" + strconv.Itoa(t)
	case int64:
		return "int64:" + strconv.FormatInt(t, 10)
	}
	return "other"
}

// expand maps a finding's pointer in the condensed document to the pointers of every node of the
// representative's shape; pointers outside nodes come back unchanged.
func (g nodeGroups) expand(ptr string) []string {
	i := strings.Index(ptr, "/nodes/")
	if i < 0 {
		return []string{ptr}
	}
	arr, rest := ptr[:i+len("/nodes")], ptr[i+len("/nodes/"):]
	if groups, ok := g.arrays[arr]; ok {
		num, tail, _ := strings.Cut(rest, "/")
		k, err := strconv.Atoi(num)
		if err != nil || k < 0 || k >= len(groups) {
			return []string{ptr}
		}
		if tail != "" {
			tail = "/" + tail
		}
		out := make([]string, len(groups[k]))
		for i, orig := range groups[k] {
			out[i] = orig.arr + "/" + strconv.Itoa(orig.idx) + tail
		}
		return out
	}
	return []string{ptr}
}
