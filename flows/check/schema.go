package check

import (
	_ "embed"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/flowctl/flowctl/actions"
	"github.com/flowctl/flowctl/flows"
)

// Schema is the JSON Schema (draft 2020-12) of flow files that the schema layer applies and
// `flowctl schema` prints for editors.
//
//go:embed flow.schema.json
var Schema []byte

const schemaURL = "https://flowctl.dev/schema/flow.schema.json"

var compiledSchema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	if err := c.AddResource(schemaURL, strings.NewReader(string(Schema))); err != nil {
		return nil, err
	}
	return c.Compile(schemaURL)
})

// checkSchema validates the whole file, as generic JSON, against the embedded schema and reports
// each failing leaf of the library's error tree at its instance location.
func (c *checker) checkSchema() {
	s, err := compiledSchema()
	if err != nil {
		// The schema is embedded and tested, so this is a build defect; say so rather than crash.
		c.report(codeSchemaOther, where{}, "the embedded flow schema doesn't compile: %v", err)
		return
	}
	doc, groups := condense(c.src.generic)
	if err := safeSchemaValidate(s, doc); err != nil {
		c.reportSchemaError(err, groups)
	}
}

// reportSchemaError reports each failing leaf of the library's error tree, for every node of
// the failing node's shape.
func (c *checker) reportSchemaError(err error, groups nodeGroups) {
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		c.report(codeSchemaOther, where{}, "can't check the document against the flow schema: %v", err)
		return
	}
	seen := map[string]bool{}
	for _, leaf := range leaves(ve, nil) {
		for _, ptr := range groups.expand(leaf.InstanceLocation) {
			l := *leaf
			l.InstanceLocation = ptr
			for _, f := range schemaFindings(&l) {
				if c.inUnversioned(f.ptr) || seen[f.ptr+"\x00"+f.msg] {
					continue
				}
				seen[f.ptr+"\x00"+f.msg] = true
				c.report(f.code, c.whereFor(f.ptr), "%s", f.msg)
			}
		}
	}
}

func safeSchemaValidate(s *jsonschema.Schema, v any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return s.Validate(v)
}

// leaves collects the errors without causes: the library nests one error per schema keyword
// that failed, and only the innermost ones say what is actually wrong.
func leaves(ve *jsonschema.ValidationError, out []*jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(ve.Causes) == 0 {
		return append(out, ve)
	}
	for _, c := range ve.Causes {
		out = leaves(c, out)
	}
	return out
}

type schemaProblem struct{ code, ptr, msg string }

// schemaFindings words one leaf error. A missing property is reported once per property, at the
// pointer it should have, so that it lines up with what the other layers say about it.
func schemaFindings(ve *jsonschema.ValidationError) []schemaProblem {
	keyword := ve.KeywordLocation[strings.LastIndex(ve.KeywordLocation, "/")+1:]
	ptr := ve.InstanceLocation
	at := "the document"
	if ptr != "" {
		at = "'" + ptr + "'"
	}
	switch keyword {
	case "type":
		return []schemaProblem{{codeSchemaType, ptr, fmt.Sprintf("wrong type at %s: %s", at, ve.Message)}}
	case "required":
		var out []schemaProblem
		for _, name := range strings.Split(strings.TrimPrefix(ve.Message, "missing properties: "), ", ") {
			name = strings.Trim(name, "'")
			out = append(out, schemaProblem{codeSchemaRequired, ptr + "/" + flows.EscapePointerToken(name), fmt.Sprintf("missing property '%s' in the object at %s", name, at)})
		}
		return out
	case "enum", "const", "pattern", "format", "minLength", "maxLength", "minimum", "maximum":
		return []schemaProblem{{codeSchemaValue, ptr, fmt.Sprintf("invalid value at %s: %s", at, ve.Message)}}
	}
	return []schemaProblem{{codeSchemaOther, ptr, fmt.Sprintf("%s: %s", at, ve.Message)}}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// whereFor fills in the flow, node and action UUIDs of a pointer into the file, so that schema
// findings carry them like the other layers' findings.
func (c *checker) whereFor(ptr string) where {
	w := where{ptr: ptr}
	for i, fp := range c.src.pointers {
		f := c.src.flows[i]
		if f == nil || !(ptr == fp || strings.HasPrefix(ptr, fp+"/")) {
			continue
		}
		w.flow = f.UUID
		rest := strings.TrimPrefix(ptr, fp)
		var ni, ai int
		switch n, _ := fmt.Sscanf(rest, "/nodes/%d/actions/%d", &ni, &ai); {
		case n >= 1 && ni >= 0 && ni < len(f.Nodes) && f.Nodes[ni] != nil:
			node := f.Nodes[ni]
			w.node = node.UUID
			if n == 2 && ai >= 0 && ai < len(node.Actions) && node.Actions[ai] != nil {
				w.action = node.Actions[ai].UUID()
			}
		}
		break
	}
	return w
}

// inUnversioned reports whether a pointer falls inside a legacy flow the reader migrated, whose
// older shape the schema doesn't describe.
func (c *checker) inUnversioned(ptr string) bool {
	for fp := range c.unversioned {
		if ptr == fp || strings.HasPrefix(ptr, fp+"/") || fp == "" {
			return true
		}
	}
	return false
}

// checkCustomFields checks the fields of an action of a custom type against the JSON Schema its
// declaration gave, reporting each failing leaf at its place inside the action, with the codes
// of the schema layer.
func (c *checker) checkCustomFields(a *actions.Custom, aw where) {
	if a.Def == nil {
		return
	}
	err := func() (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("%v", r)
			}
		}()
		return a.Def.Validate(a.Fields)
	}()
	if err == nil {
		return
	}
	from := a.Def.Name + " action"
	if a.Def.Source != "" {
		from += " (schema declared at " + a.Def.Source + ")"
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		c.report(codeSchemaOther, aw, "%s: can't check its fields: %v", from, err)
		return
	}
	for _, leaf := range leaves(ve, nil) {
		l := *leaf
		l.InstanceLocation = aw.ptr + leaf.InstanceLocation
		for _, f := range schemaFindings(&l) {
			w := aw
			w.ptr = f.ptr
			c.report(f.code, w, "%s: %s", from, f.msg)
		}
	}
}
