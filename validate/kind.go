// Package validate is flowctl validate's pipeline: it reads files in parallel, lets the kind of
// document each one is check it, groups the findings into one per problem, filters them
// (severity, codes, baseline) and streams them, in the order of the paths, to one of the output
// formats (text, json, sarif, github, junit). It knows nothing of flows: goflow flows are one
// Kind, and other kinds of document plug in beside them.
package validate

import "github.com/flowctl/flowctl/findings"

// Kind is a kind of document validate reads (goflow flows, routing workflows, ...).
type Kind interface {
	// Claims reports whether this kind reads a document, judging from its path and bytes. The
	// pipeline asks the kinds in order; the first that claims a document checks it.
	Claims(path string, src []byte) bool
	// Check reads and checks a document and returns its findings, sorted by position, with
	// their places filled in (line, column, pointer, and the flow and node they are in where
	// the kind has such things). It is called for different files from several goroutines.
	Check(path string, src []byte) *File
	// Rules lists every code the kind may report.
	Rules() []findings.Rule
}

// File is one checked file.
type File struct {
	Path string
	// Index is the file's position in the run: the order of output, and its SARIF artifact.
	Index int
	// Src and Lines are the file's bytes and their line index; the pipeline drops them once the
	// file's output is rendered, so that memory doesn't grow with the number of files.
	Src   []byte
	Lines *findings.Lines
	// Units are the flows (or other top-level units) the file holds, for formats that list them.
	Units    []Unit
	Findings []findings.Finding
	// Err says why the file couldn't be read; it has no findings then.
	Err string
}

// Unit is one flow (or other top-level unit) of a file.
type Unit struct {
	Name string
	ID   string
}

// Label names a unit for people: its name and ID, since names needn't be unique.
func (u Unit) Label() string {
	switch {
	case u.Name != "" && u.ID != "":
		return u.Name + " (" + u.ID + ")"
	case u.ID != "":
		return u.ID
	case u.Name != "":
		return u.Name
	}
	return "(unnamed flow)"
}
