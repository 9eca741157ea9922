package expressions

import "strings"

// Reference is a use of a context value: Path is its lower-cased names from the root
// (["contact", "fields", "age"]), Offset the byte offset of its '@' (for a shorthand) or of its
// first name (inside a block) in the template.
type Reference struct {
	Path   []string
	Offset int
}

// ContextRoots are the top-level names of a goflow run's context. References lists a shorthand
// only when its first name is one of them, since anything else (an e-mail address) renders as
// text; inside @(...) every name that isn't a function or a parameter is a reference.
var ContextRoots = []string{
	"child", "contact", "fields", "globals", "input", "legacy_extra", "locals", "node", "parent",
	"resume", "results", "run", "ticket", "trigger", "urns", "webhook",
}

// References returns every context reference the template makes, in source order. Member access
// with a literal key (`fields["age"]`) is a path step; an index or computed key ends the path.
func (t *Template) References() []Reference {
	var refs []Reference
	for _, p := range t.parts {
		switch p.kind {
		case partShorthand:
			if contains(ContextRoots, p.root) {
				refs = collectRefs(p.node, nil, refs)
				if len(refs) > 0 {
					refs[len(refs)-1].Offset = p.off
				}
			}
		case partBlock:
			refs = collectRefs(p.node, nil, refs)
		}
	}
	return refs
}

// References returns every context reference the expression makes.
func (e *Expression) References() []Reference {
	return collectRefs(e.node, nil, nil)
}

// collectRefs walks n appending references; params are the names of enclosing anonymous
// functions' parameters, which aren't context references.
func collectRefs(n node, params []string, refs []Reference) []Reference {
	if path, root, ok := refPath(n, params); ok {
		return append(refs, Reference{Path: path, Offset: root.off})
	}
	switch t := n.(type) {
	case *memberNode:
		return collectRefs(t.object, params, refs)
	case *indexNode:
		refs = collectRefs(t.object, params, refs)
		return collectRefs(t.index, params, refs)
	case *callNode:
		if _, isName := t.fn.(*nameNode); !isName {
			refs = collectRefs(t.fn, params, refs)
		}
		for _, a := range t.args {
			refs = collectRefs(a, params, refs)
		}
	case *lambdaNode:
		inner := append(append([]string(nil), params...), t.params...)
		return collectRefs(t.body, inner, refs)
	case *negateNode:
		return collectRefs(t.operand, params, refs)
	case *parenNode:
		return collectRefs(t.inner, params, refs)
	case *binaryNode:
		refs = collectRefs(t.left, params, refs)
		return collectRefs(t.right, params, refs)
	}
	return refs
}

// refPath returns the path of a chain of literal member steps ending in a context name.
func refPath(n node, params []string) ([]string, *nameNode, bool) {
	switch t := n.(type) {
	case *nameNode:
		if contains(params, t.lower) || t.fn != nil {
			return nil, nil, false
		}
		return []string{t.lower}, t, true
	case *memberNode:
		path, root, ok := refPath(t.object, params)
		if !ok {
			return nil, nil, false
		}
		return append(path, strings.ToLower(t.key)), root, true
	}
	return nil, nil, false
}

// FunctionCall is a call of a function by name, as in `upper(x)`: Name is lower-cased, Offset the
// byte offset of the name in the template, Args the number of arguments given. validate uses it
// to report unknown functions and wrong argument counts before a flow runs.
type FunctionCall struct {
	Name   string
	Offset int
	Args   int
}

// FunctionCalls returns every call by name the template makes, in source order, except calls of
// anonymous function parameters.
func (t *Template) FunctionCalls() []FunctionCall {
	var calls []FunctionCall
	for _, p := range t.parts {
		if p.kind == partBlock {
			calls = collectCalls(p.node, nil, calls)
		}
	}
	return calls
}

// FunctionCalls returns every call by name the expression makes.
func (e *Expression) FunctionCalls() []FunctionCall {
	return collectCalls(e.node, nil, nil)
}

// CheckCall returns a problem with a call — an unknown function or a wrong number of arguments —
// or "" when the call is fine.
func CheckCall(c FunctionCall) string {
	r, ok := registry[c.Name]
	if !ok {
		return "unknown function '" + c.Name + "'"
	}
	if c.Args < r.doc.MinArgs || (r.doc.MaxArgs >= 0 && c.Args > r.doc.MaxArgs) {
		return c.Name + " " + arityAdvice(r.doc.MinArgs, r.doc.MaxArgs, c.Args)
	}
	return ""
}

func collectCalls(n node, params []string, calls []FunctionCall) []FunctionCall {
	switch t := n.(type) {
	case *memberNode:
		return collectCalls(t.object, params, calls)
	case *indexNode:
		calls = collectCalls(t.object, params, calls)
		return collectCalls(t.index, params, calls)
	case *callNode:
		if name, ok := t.fn.(*nameNode); ok {
			if !contains(params, name.lower) {
				calls = append(calls, FunctionCall{Name: name.lower, Offset: name.off, Args: len(t.args)})
			}
		} else {
			calls = collectCalls(t.fn, params, calls)
		}
		for _, a := range t.args {
			calls = collectCalls(a, params, calls)
		}
	case *lambdaNode:
		inner := append(append([]string(nil), params...), t.params...)
		return collectCalls(t.body, inner, calls)
	case *negateNode:
		return collectCalls(t.operand, params, calls)
	case *parenNode:
		return collectCalls(t.inner, params, calls)
	case *binaryNode:
		calls = collectCalls(t.left, params, calls)
		return collectCalls(t.right, params, calls)
	}
	return calls
}
