package routing

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/flowctl/flowctl/findings"
	"github.com/flowctl/flowctl/validate"
)

// ValidateKind is flowctl validate's kind of document for routing: it claims workflows, workflow
// configurations, workspaces and lists of queues, so that they are checked next to flows with
// the same output formats and exit statuses.
type ValidateKind struct {
	// Workspace, when set (validate --workspace), is what targets' queues are checked against.
	Workspace *Workspace
}

// Claims reports whether a file is a routing document, from its top-level keys.
func (k *ValidateKind) Claims(_ string, src []byte) bool { return Detect(src) != NotRouting }

// Check reads and checks a routing document.
func (k *ValidateKind) Check(path string, src []byte) *validate.File {
	d := Read(path, src)
	f := &validate.File{Path: path, Src: src, Findings: Check(d, k.Workspace)}
	for _, wf := range d.Workflows {
		f.Units = append(f.Units, validate.Unit{Name: wf.Name(), ID: wf.SID})
	}
	if len(f.Findings) > 0 {
		f.Lines = d.lines
	}
	return f
}

// Rules lists every routing code, its summary written as a sentence.
func (k *ValidateKind) Rules() []findings.Rule {
	out := Rules()
	for i := range out {
		out[i].Summary = sentence(out[i].Summary)
	}
	return out
}

func sentence(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	s = string(unicode.ToUpper(r)) + s[n:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}
