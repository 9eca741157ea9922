package check

import (
	"errors"

	"github.com/flowctl/flowctl/expressions"
)

// tmplRef is a context path a template reads, e.g. ["results", "age", "value"] for
// @results.age.value, with its byte offset in the template.
type tmplRef struct {
	path   []string
	offset int
}

// tmplErr is a template syntax error at a byte offset.
type tmplErr struct {
	offset int
	msg    string
}

// parseTemplate parses a template with the expression package and lists what it reads.
func parseTemplate(src string) ([]tmplRef, *tmplErr) {
	t, err := expressions.ParseTemplate(src)
	if err != nil {
		var se *expressions.SyntaxError
		if errors.As(err, &se) {
			return nil, &tmplErr{offset: se.Offset, msg: se.Msg}
		}
		return nil, &tmplErr{msg: err.Error()}
	}
	refs := t.References()
	out := make([]tmplRef, len(refs))
	for i, r := range refs {
		out[i] = tmplRef{path: r.Path, offset: r.Offset}
	}
	return out, nil
}
