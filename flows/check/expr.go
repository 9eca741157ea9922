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

// tmplCall is a call of a function that doesn't exist or with the wrong number of arguments.
type tmplCall struct {
	name    string
	offset  int
	problem string
	unknown bool
}

// tmplErr is a template syntax error at a byte offset.
type tmplErr struct {
	offset int
	msg    string
}

// parseTemplate parses a template with the expression package and lists what it reads and the
// function calls the expression package refuses.
func parseTemplate(src string) ([]tmplRef, []tmplCall, *tmplErr) {
	// Not through the expressions' cache: across the files of a run templates rarely repeat, and
	// the cache would keep them all (the walk reuses a flow's repeated ones itself).
	t, err := expressions.ParseTemplateOnce(src)
	if err != nil {
		var se *expressions.SyntaxError
		if errors.As(err, &se) {
			return nil, nil, &tmplErr{offset: se.Offset, msg: se.Msg}
		}
		return nil, nil, &tmplErr{msg: err.Error()}
	}
	var calls []tmplCall
	for _, fc := range t.FunctionCalls() {
		if problem := expressions.CheckCall(fc); problem != "" {
			_, known := expressions.LookupFunction(fc.Name)
			calls = append(calls, tmplCall{name: fc.Name, offset: fc.Offset, problem: problem, unknown: !known})
		}
	}
	refs := t.References()
	out := make([]tmplRef, len(refs))
	for i, r := range refs {
		out[i] = tmplRef{path: r.Path, offset: r.Offset}
	}
	return out, calls, nil
}
