// Package check runs the layered checks of flowctl validate over a read document: JSON schema,
// field rules, graph, assets, templates and lint warnings. Every layer runs whatever the others
// found, so one pass reports all of a file's problems; no input makes a check panic.
package check

import (
	"fmt"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/read"
)

// source is what the layers need from a read document. Keeping it apart from read.Document lets
// the layers be tested on flows built in Go.
type source struct {
	flows []*flows.Flow
	// pointers[i] is the JSON pointer of flows[i] in the file ("" for a file that is one flow).
	pointers []string
	// generic is the whole file decoded as generic JSON, for the schema layer (nil to skip it).
	generic any
	// position maps a pointer to a 1-based line and column; nil leaves them 0.
	position func(pointer string) (int, int)
	// pointerOf gives the pointer the reader found a node or action at; nil to count indices.
	pointerOf func(v any) (string, bool)
	// emptyLists are the asset kinds the document lists as empty, which count as not declared.
	emptyLists map[flows.AssetKind]bool
	// positionIn maps a pointer to a string and a byte offset in its decoded value to the
	// 1-based line and column of that byte in the file; nil to estimate from position.
	positionIn func(pointer string, offset int) (int, int)
	// skipped are the pointers of parts of the file the reader refused as a whole (flows wrapped
	// in "definition"), which the schema layer says nothing more about.
	skipped []string
}

// checker collects the findings of one document.
type checker struct {
	src *source
	// assets is everything references resolve against: the file's own assets and the
	// workspace's. workspace is only what --assets files declare (nil when none were given).
	assets    *flows.Assets
	workspace *flows.Assets
	// unversioned holds the pointers of legacy flows (see isLegacyFlow), and
	// legacy those of them that are v11 flows the reader migrated.
	unversioned map[string]bool
	legacy      map[string]bool
	// walks caches each flow's templates (parsed) and asset references; saved its results.
	walks map[*flows.Flow]*walkedFlow
	saved map[*flows.Flow]*flowResults
	// parsed caches the parse of each template source of the document.
	parsed map[string]parsedTemplate
	// places caches the pointers of nodes and actions, which every layer asks for.
	places map[any]string
	// assetIndexes speed up the lookups of missing references, by kind (see assetIndex)
	assetIndexes map[flows.AssetKind]*assetIndex
	findings     []flows.Finding
	// offsets[i] is, for a finding inside a string (a template error), the byte offset in the
	// string's value to add to the string's column; -1 otherwise.
	offsets []int
}

// where says which part of a flow a finding is about.
type where struct {
	ptr    string
	flow   string
	node   string
	action string
}

func (w where) at(suffix ...string) where {
	for _, s := range suffix {
		w.ptr += "/" + flows.EscapePointerToken(s)
	}
	return w
}

// under appends a pointer relative to w (already escaped, as the flows walker gives them).
func (w where) under(rel string) where {
	w.ptr += rel
	return w
}

// nodeAt is where node i of a flow is. The reader knows each node's real pointer, which may
// differ from its index when a migration restructured the flow.
func (c *checker) nodeAt(fw where, i int, n *flows.Node) where {
	w := fw
	w.ptr = c.place(n, func() string { return fw.idx("nodes", i).ptr })
	w.node = n.UUID
	return w
}

// place returns the pointer of a node or action: the reader's, else the one computed from
// indices, remembered so that each is built once.
func (c *checker) place(v any, compute func() string) string {
	if p, ok := c.places[v]; ok {
		return p
	}
	p, ok := c.pointerOf(v)
	if !ok {
		p = compute()
	}
	if c.places == nil {
		c.places = map[any]string{}
	}
	c.places[v] = p
	return p
}

// actionAt is where action j of the node at nw is. Actions the reader couldn't decode are left
// out of Node.Actions, so the reader's pointer is preferred to the index.
func (c *checker) actionAt(nw where, j int, a flows.Action) where {
	w := nw
	w.ptr = c.place(a, func() string { return nw.idx("actions", j).ptr })
	w.action = a.UUID()
	return w
}

func (c *checker) pointerOf(v any) (string, bool) {
	if c.src.pointerOf == nil {
		return "", false
	}
	return c.src.pointerOf(v)
}

func (w where) idx(name string, i int) where {
	return w.at(name, strconv.Itoa(i))
}

func (c *checker) report(code string, w where, format string, args ...any) {
	c.reportAt(code, "", w, -1, format, args...)
}

// recoverPanic turns a panic of a layer running in its own goroutine into a finding.
func (c *checker) recoverPanic() {
	if r := recover(); r != nil {
		c.report(codeInternal, where{}, "internal error checking this file: %v\n%s", r, debug.Stack())
	}
}

// reportAt reports a finding at a byte offset inside the string value w points at (-1 for the
// value itself), with the rule's severity unless sev overrides it.
func (c *checker) reportAt(code string, sev flows.Severity, w where, offset int, format string, args ...any) {
	if sev == "" {
		sev = flows.SeverityError
		if r, ok := rules[code]; ok {
			sev = r.Severity
		}
	}
	c.findings = append(c.findings, flows.Finding{
		Severity:   sev,
		Code:       code,
		Message:    fmt.Sprintf(format, args...),
		Pointer:    w.ptr,
		FlowUUID:   w.flow,
		NodeUUID:   w.node,
		ActionUUID: w.action,
	})
	c.offsets = append(c.offsets, offset)
}

// run runs every layer and returns the findings sorted by position, after the earlier
// findings (the reader's, already placed), which it keeps.
func run(src *source, assets, workspace *flows.Assets, earlier []flows.Finding) (out []flows.Finding) {
	defer func() {
		// A bug in a check must not take the whole run down: report it like a finding.
		if r := recover(); r != nil {
			out = append(append([]flows.Finding(nil), earlier...), flows.Finding{
				Severity: flows.SeverityError, Code: codeInternal,
				Message: fmt.Sprintf("internal error checking this file: %v\n%s", r, debug.Stack()),
			})
		}
	}()
	if assets == nil {
		assets = flows.NewAssets()
	}
	c := &checker{src: src, assets: assets, workspace: workspace, unversioned: map[string]bool{}, legacy: map[string]bool{}}
	for _, p := range src.skipped {
		c.unversioned[p] = true
	}
	for i, f := range src.flows {
		if f == nil || i >= len(src.pointers) || src.generic == nil {
			continue
		}
		if isLegacyFlow(src.generic, src.pointers[i]) {
			// A v11 flow the reader migrated (and said so): its file shape is not the model's,
			// so only the layers that work on what it means apply. Any other flow is checked in
			// full: one without a spec_version is refused, as the reference refuses it.
			c.unversioned[src.pointers[i]] = true
			c.legacy[src.pointers[i]] = true
		}
	}
	// The structural layers (schema, then the field rules of the flow's own structs) need nothing
	// from the others, so they run alongside them, reporting into a checker of their own: a file
	// is checked in about the time the slower half takes. The actions' field rules stay on this
	// side, which keeps the halves about even.
	structural := &checker{src: src, unversioned: c.unversioned}
	checkStructure := func() {
		if src.generic != nil {
			structural.checkSchema()
		}
		for i, f := range src.flows {
			if f != nil && i < len(src.pointers) && !c.unversioned[src.pointers[i]] {
				structural.validateStruct(f, where{ptr: src.pointers[i], flow: f.UUID}, "")
			}
		}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer structural.recoverPanic()
		checkStructure()
	}()
	for i, f := range src.flows {
		if f == nil || i >= len(src.pointers) {
			continue
		}
		fw := where{ptr: src.pointers[i], flow: f.UUID}
		if !c.unversioned[fw.ptr] {
			c.checkActionFields(f, fw)
			c.checkGraph(f, fw)
		}
		c.checkAssets(f, fw)
		c.checkTemplates(f, fw)
		c.checkLint(f, fw)
	}
	<-done
	c.findings = append(structural.findings, c.findings...)
	c.offsets = append(structural.offsets, c.offsets...)
	if src.position != nil {
		for i := range c.findings {
			f := &c.findings[i]
			switch {
			case c.offsets[i] < 0:
				f.Line, f.Column = src.position(f.Pointer)
			case src.positionIn != nil:
				f.Line, f.Column = src.positionIn(f.Pointer, c.offsets[i])
			default:
				// The position of a string is its opening quote: without the file's text, assume
				// no escapes before the offset.
				f.Line, f.Column = src.position(f.Pointer)
				if f.Line > 0 {
					f.Column += 1 + c.offsets[i]
				}
			}
		}
	}
	c.findings = dedupe(append(append([]flows.Finding(nil), earlier...), c.findings...))
	sortFindings(c.findings)
	return c.findings
}

// isLegacyFlow reports whether the flow object at pointer (in the generic document) is a legacy
// (v11) flow, which the reader migrates (see read.IsLegacyFlow).
func isLegacyFlow(generic any, pointer string) bool {
	cur := generic
	if pointer != "" {
		for _, tok := range strings.Split(pointer[1:], "/") {
			switch v := cur.(type) {
			case map[string]any:
				cur = v[strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)]
			case []any:
				i, err := strconv.Atoi(tok)
				if err != nil || i < 0 || i >= len(v) {
					return false
				}
				cur = v[i]
			default:
				return false
			}
		}
	}
	m, ok := cur.(map[string]any)
	if !ok {
		return false
	}
	return read.IsLegacyFlow(m)
}

// dedupe drops a structural finding when an earlier one already reported the same place: a
// value the reader couldn't decode would otherwise also be the wrong type to the schema, and a
// property the schema says is wrong would also be "required" to the field layer.
func dedupe(fs []flows.Finding) []flows.Finding {
	seen := map[string]bool{}
	out := fs[:0]
	for _, f := range fs {
		layer, _, _ := strings.Cut(f.Code, "/")
		structural := layer == "schema" || layer == "field" || layer == "syntax"
		if structural && seen[f.Pointer] {
			continue
		}
		if structural {
			seen[f.Pointer] = true
		}
		out = append(out, f)
	}
	return out
}

// layers lists the layers in the order they run, which is also the order of findings at the
// same position: the more basic problem first.
var layers = []string{"syntax", "schema", "field", "graph", "asset", "template", "lint"}

func layerRank(code string) int {
	layer, _, _ := strings.Cut(code, "/")
	for i, l := range layers {
		if l == layer {
			return i
		}
	}
	return len(layers)
}

// sortFindings orders findings by position, then by code and message so output is stable.
func sortFindings(fs []flows.Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		if ra, rb := layerRank(a.Code), layerRank(b.Code); ra != rb {
			return ra < rb
		}
		if a.Pointer != b.Pointer {
			return a.Pointer < b.Pointer
		}
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		return a.Message < b.Message
	})
}
