package simulation

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/flowctl/flowctl/findings"
	"github.com/flowctl/flowctl/flows/engine"
	"github.com/flowctl/flowctl/flows/scenario"
	"github.com/flowctl/flowctl/internal/jsontree"
)

// Source is where the JSON of one of a setup's inputs (its contact, environment, trigger, a
// resume, its HTTP mocks) was written: a file of its own (--contact contact.json), or a value
// inside a scenario. A problem the engine finds in the input is placed at the line and column of
// that file, and named by its JSON pointer there.
type Source struct {
	Path string
	File []byte
	// Pointer is the input's place in File, "" when the file is the input.
	Pointer string
}

// SetSource records where an input came from; input is the engine's name for it ("contact",
// "environment", "trigger", "call", "resumes/0", "http_mocks", "scenario").
func (s *Setup) SetSource(input string, src Source) {
	if s.Sources == nil {
		s.Sources = map[string]Source{}
	}
	s.Sources[input] = src
}

// Place words an error of one of the setup's inputs where it was written: a *scenario.ReadError
// "PATH:LINE:COL: POINTER: what is wrong". Other errors are returned as they are.
func (s *Setup) Place(err error) error {
	var ie *engine.InputError
	if err == nil || !errors.As(err, &ie) {
		return err
	}
	src, ok := s.Sources[ie.Input]
	if !ok {
		return err
	}
	return src.place(ie)
}

// place puts an error of the input in its file.
func (src Source) place(ie *engine.InputError) error {
	base := 0
	if root, serr := jsontree.Parse(src.File); serr == nil {
		base = root.At(src.Pointer).Start
	}
	off := base
	if ie.Offset >= 0 {
		off += ie.Offset
	}
	line, col := findings.NewLines(src.File).Position(off)
	msg := ie.Msg
	if p := src.Pointer + ie.Pointer; p != "" {
		msg = p + ": " + msg
	}
	return &scenario.ReadError{Path: src.Path, Line: line, Col: col, Msg: msg}
}

// Warnings are what the setup's input files hold that JSON decoders accept without a word but is
// rarely meant (a repeated key, bytes that aren't UTF-8), each "PATH:LINE:COL: POINTER: what",
// in the order of the files' names. The reference engine reads such inputs silently, so these
// only warn.
func (s *Setup) Warnings() []string {
	files, scenarios := map[string][]byte{}, map[string][]byte{}
	for _, src := range s.Sources {
		if src.Path == s.ScenarioFile {
			scenarios[src.Path] = src.File
		} else {
			files[src.Path] = src.File
		}
	}
	return append(ScenarioWarnings(scenarios), FileWarnings(files)...)
}

// FileWarnings lints JSON files (path → content) as Warnings does; a file that isn't JSON is
// left to whoever reads it.
func FileWarnings(files map[string][]byte) []string {
	return fileWarnings(files, func(jsontree.Note) bool { return true })
}

// ScenarioWarnings lints scenario files as FileWarnings does, leaving out their top-level keys
// repeated: reading the scenario refuses those.
func ScenarioWarnings(files map[string][]byte) []string {
	return fileWarnings(files, func(n jsontree.Note) bool { return n.InvalidUTF8 || strings.Count(n.Pointer, "/") > 1 })
}

func fileWarnings(files map[string][]byte, keep func(jsontree.Note) bool) []string {
	var out []string
	for _, p := range slices.Sorted(maps.Keys(files)) {
		data := files[p]
		root, serr := jsontree.Parse(data)
		if serr != nil {
			continue
		}
		var lines *findings.Lines
		for _, n := range jsontree.Lint(root) {
			if !keep(n) {
				continue
			}
			if lines == nil {
				lines = findings.NewLines(data)
			}
			line, col := lines.Position(n.Offset)
			out = append(out, fmt.Sprintf("%s:%d:%d: %s: %s", p, line, col, n.Pointer, n.Msg))
		}
	}
	return out
}
