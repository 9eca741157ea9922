// Package check runs the layered checks of flowctl validate over a read document: JSON schema,
// field rules, graph, assets, templates and lint warnings. Every layer runs whatever the others
// found, so one pass reports all of a file's problems; no input makes a check panic.
package check

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/flowctl/flowctl/flows"
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
}

// checker collects the findings of one document.
type checker struct {
	src      *source
	assets   *flows.Assets
	findings []flows.Finding
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

// inNode returns where a pointer relative to node n (at nw) is, noting the action it falls in.
// It returns the action's index, or -1 outside the actions.
func inNode(nw where, n *flows.Node, rel string) (where, int) {
	w := nw.under(rel)
	rest, ok := strings.CutPrefix(rel, "/actions/")
	if !ok {
		return w, -1
	}
	num, _, _ := strings.Cut(rest, "/")
	j, err := strconv.Atoi(num)
	if err != nil || j < 0 || j >= len(n.Actions) || n.Actions[j] == nil {
		return w, -1
	}
	w.action = n.Actions[j].UUID()
	return w, j
}

func (w where) idx(name string, i int) where {
	return w.at(name, strconv.Itoa(i))
}

func (c *checker) report(code string, w where, format string, args ...any) {
	c.reportAt(code, w, -1, format, args...)
}

// reportAt reports a finding at a byte offset inside the string value w points at.
func (c *checker) reportAt(code string, w where, offset int, format string, args ...any) {
	r, ok := rules[code]
	if !ok {
		// A code missing from the registry is a programming error; reporting it as an error still
		// shows the user something rather than silently dropping it.
		r = Rule{Code: code, Severity: flows.SeverityError}
	}
	c.findings = append(c.findings, flows.Finding{
		Severity:   r.Severity,
		Code:       code,
		Message:    fmt.Sprintf(format, args...),
		Pointer:    w.ptr,
		FlowUUID:   w.flow,
		NodeUUID:   w.node,
		ActionUUID: w.action,
	})
	c.offsets = append(c.offsets, offset)
}

// run runs every layer and returns the findings sorted by position.
func run(src *source, assets *flows.Assets) []flows.Finding {
	if assets == nil {
		assets = flows.NewAssets()
	}
	c := &checker{src: src, assets: assets}
	if src.generic != nil {
		c.checkSchema()
	}
	for i, f := range src.flows {
		if f == nil {
			continue
		}
		fw := where{ptr: src.pointers[i], flow: f.UUID}
		c.checkFields(f, fw)
		c.checkGraph(f, fw)
		c.checkAssets(f, fw)
		c.checkTemplates(f, fw)
		c.checkLint(f, fw)
	}
	if src.position != nil {
		for i := range c.findings {
			f := &c.findings[i]
			f.Line, f.Column = src.position(f.Pointer)
			// The position of a string is its opening quote; JSON strings hold no raw newlines,
			// so an offset inside one stays on its line (escapes before it may shift it a little).
			if c.offsets[i] >= 0 && f.Line > 0 {
				f.Column += 1 + c.offsets[i]
			}
		}
	}
	c.findings = dedupe(c.findings)
	sortFindings(c.findings)
	return c.findings
}

// dedupe drops a finding when an earlier layer already reported the same place: a property the
// schema says is missing would otherwise also be "required" to the field layer.
func dedupe(fs []flows.Finding) []flows.Finding {
	seen := map[string]bool{}
	out := fs[:0]
	for _, f := range fs {
		layer, _, _ := strings.Cut(f.Code, "/")
		if layer == "field" && seen[f.Pointer] {
			continue
		}
		if layer == "schema" {
			seen[f.Pointer] = true
		}
		out = append(out, f)
	}
	return out
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
		if a.Pointer != b.Pointer {
			return a.Pointer < b.Pointer
		}
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		return a.Message < b.Message
	})
}
