package check

import (
	"github.com/flowctl/flowctl/actions"
	"strings"

	"github.com/flowctl/flowctl/findings"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/read"
	"github.com/flowctl/flowctl/validate"
)

// Kind is the kind of document validate reads unless another kind claims a file: goflow flow
// definitions, goflow assets documents and RapidPro/TextIt exports.
type Kind struct {
	// Workspace holds the assets of --assets files (see Check), or nil.
	Workspace *flows.Assets
	// Dialect declares the custom action types flows are read with (hooks files), or nil.
	Dialect *actions.Dialect
	// MediaURL is the base URL legacy flows' relative media URLs are joined to (see
	// read.Options; "": the reference engine's).
	MediaURL string
}

// Claims claims every document: flows are what flowctl validates by default.
func (k *Kind) Claims(string, []byte) bool { return true }

// Check reads and checks one file.
func (k *Kind) Check(path string, src []byte) *validate.File {
	doc := read.ReadWith(path, src, read.Options{Dialect: k.Dialect, MediaURL: k.MediaURL})
	return File(doc, Check(doc, k.Workspace))
}

// Rules lists every code of the reader and the checks.
func (k *Kind) Rules() []findings.Rule {
	all := AllRules()
	out := make([]findings.Rule, len(all))
	for i, r := range all {
		out[i] = findings.Rule{Code: r.Code, Severity: r.Severity, Summary: r.Description()}
	}
	return out
}

// File makes validate's view of a read document and its findings: the flows it holds, and each
// finding with the name of its flow and a description of its node, as authors know them from
// the editor.
func File(doc *read.Document, fs []flows.Finding) *validate.File {
	f := &validate.File{Path: doc.Path, Src: doc.Src, Findings: fs}
	for _, fl := range doc.Flows {
		if fl != nil {
			f.Units = append(f.Units, validate.Unit{Name: fl.Name, ID: fl.UUID})
		}
	}
	if len(fs) > 0 {
		f.Lines = doc.Lines()
		d := newDescriber(doc)
		for i := range f.Findings {
			d.describe(&f.Findings[i])
		}
	}
	return f
}

// describer finds the flow, node and action a finding is in, from the UUIDs the checks set or
// else from its pointer (the reader's findings carry only that).
type describer struct {
	doc     *read.Document
	flows   map[string]*flows.Flow
	nodes   map[string]*flows.Node
	actions map[string]flows.Action
	// byPointer finds flows and nodes by their pointer in the file.
	byPointer map[string]any
	said      map[any]string
}

func newDescriber(doc *read.Document) *describer {
	d := &describer{doc: doc, flows: map[string]*flows.Flow{}, nodes: map[string]*flows.Node{},
		actions: map[string]flows.Action{}, byPointer: map[string]any{}, said: map[any]string{}}
	for i, fl := range doc.Flows {
		if fl == nil {
			continue
		}
		if _, dup := d.flows[fl.UUID]; !dup && fl.UUID != "" {
			d.flows[fl.UUID] = fl
		}
		if i < len(doc.FlowPointers) {
			d.byPointer[doc.FlowPointers[i]] = fl
		}
		for _, n := range fl.Nodes {
			if n == nil {
				continue
			}
			if _, dup := d.nodes[n.UUID]; !dup && n.UUID != "" {
				d.nodes[n.UUID] = n
			}
			if p, ok := doc.PointerOf(n); ok {
				d.byPointer[p] = n
			}
			for _, a := range n.Actions {
				if a == nil {
					continue
				}
				if _, dup := d.actions[a.UUID()]; !dup && a.UUID() != "" {
					d.actions[a.UUID()] = a
				}
				if p, ok := doc.PointerOf(a); ok {
					d.byPointer[p] = a
				}
			}
		}
	}
	return d
}

func (d *describer) describe(f *flows.Finding) {
	var fl *flows.Flow
	var node *flows.Node
	var action flows.Action
	if f.FlowUUID != "" {
		fl = d.flows[f.FlowUUID]
	}
	if f.NodeUUID != "" {
		node = d.nodes[f.NodeUUID]
	}
	if f.ActionUUID != "" {
		action = d.actions[f.ActionUUID]
	}
	// What the UUIDs don't say, the pointer may: each of its prefixes that is a flow, a node or
	// an action, from the longest.
	for p := f.Pointer; fl == nil || node == nil || action == nil; {
		switch v := d.byPointer[p].(type) {
		case *flows.Flow:
			if fl == nil {
				fl = v
			}
		case *flows.Node:
			if node == nil && f.NodeUUID == "" {
				node = v
			}
		case flows.Action:
			if action == nil && f.ActionUUID == "" && f.NodeUUID == "" {
				action = v
			}
		}
		i := strings.LastIndexByte(p, '/')
		if i < 0 {
			break
		}
		p = p[:i]
	}
	if fl != nil {
		f.FlowUUID, f.FlowName = fl.UUID, fl.Name
	}
	switch {
	case action != nil:
		f.Node = d.say(action, func() string { return flows.DescribeAction(action) })
	case node != nil:
		f.Node = d.say(node, func() string { return flows.DescribeNode(node) })
	}
}

// say describes a node or action once, however many findings it has.
func (d *describer) say(v any, describe func() string) string {
	if s, ok := d.said[v]; ok {
		return s
	}
	s := describe()
	d.said[v] = s
	return s
}
