package check

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

// parseTemplate parses a template and lists what it reads.
func parseTemplate(src string) ([]tmplRef, *tmplErr) {
	return nil, nil
}
