package read

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/flowctl/flowctl/flows"
	"github.com/go-playground/validator/v10"
)

// shape is what the engine's assets reader accepts for one value of an asset. The engine decodes
// an assets document into typed structs and then validates them, so a null counts as absent, a
// value of the wrong JSON type is refused, and a few properties are required or constrained.
type shape struct {
	typ      string // "string", "bool", "int", "array", "object", "map" (an object of item values), "any"
	required bool   // absent or null refused; for a string, "" too; for an array item, null refused
	nonEmpty bool   // an array needs at least one item
	uuid     bool   // a string must be a UUID
	url      bool   // a string must be a URL
	oneOf    []string
	item     *shape            // an array's or a map's values
	fields   map[string]*shape // an object's properties; others are ignored, as the engine ignores them
}

var (
	str   = &shape{typ: "string"}
	reqID = &shape{typ: "string", required: true}
	uuid  = &shape{typ: "string", required: true, uuid: true}
	strs  = &shape{typ: "array", item: str}
)

func roles(names ...string) *shape {
	return &shape{typ: "array", required: true, nonEmpty: true, item: &shape{typ: "string", required: true, oneOf: names}}
}

// locationShape is a location and its children: only the hierarchy's root needs a name.
func locationShape(root bool) *shape {
	s := &shape{typ: "object", fields: map[string]*shape{"aliases": strs}}
	if root {
		s.fields["name"] = reqID
		child := locationShape(false)
		s.fields["children"] = &shape{typ: "array", item: child}
	} else {
		s.fields["name"] = str
	}
	return s
}

func init() {
	// a child's children are shaped like the child: close the loop here
	child := assetShapes[flows.AssetLocation].fields["children"].item
	child.fields["children"] = &shape{typ: "array", item: child}
	child.required = true
}

// assetShapes are the shapes the engine's assets reader checks, by kind. Classifiers and opt-ins
// are absent: the engine doesn't read them from an assets document, whatever their shape.
var assetShapes = map[flows.AssetKind]*shape{
	flows.AssetChannel: {typ: "object", fields: map[string]*shape{
		"uuid": uuid, "name": str, "address": str, "country": str,
		"schemes":             {typ: "array", required: true, nonEmpty: true, item: str},
		"roles":               roles("send", "receive", "call", "answer", "ussd"),
		"match_prefixes":      strs,
		"allow_international": {typ: "bool"},
	}},
	flows.AssetField:  {typ: "object", fields: map[string]*shape{"key": reqID, "type": reqID, "name": str, "uuid": str}},
	flows.AssetGlobal: {typ: "object", fields: map[string]*shape{"key": reqID, "name": str, "value": str}},
	flows.AssetGroup:  {typ: "object", fields: map[string]*shape{"uuid": uuid, "name": str, "query": str}},
	flows.AssetLabel:  {typ: "object", fields: map[string]*shape{"uuid": uuid, "name": str}},
	flows.AssetLLM: {typ: "object", fields: map[string]*shape{
		"uuid": uuid, "name": str, "type": str, "roles": roles("editing", "engine"),
	}},
	flows.AssetLocation: locationShape(true),
	flows.AssetResthook: {typ: "object", fields: map[string]*shape{
		"slug":        reqID,
		"subscribers": {typ: "array", required: true, item: &shape{typ: "string", required: true, url: true}},
	}},
	flows.AssetTemplate: {typ: "object", fields: map[string]*shape{
		"uuid": uuid, "name": str,
		"translations": {typ: "array", item: &shape{typ: "object", fields: map[string]*shape{
			"channel": {typ: "object", fields: map[string]*shape{"uuid": str, "name": str}},
			"locale":  str,
			"components": {typ: "array", item: &shape{typ: "object", fields: map[string]*shape{
				"name": str, "type": str, "content": str,
				"variables": {typ: "map", item: &shape{typ: "int"}},
			}}},
			"variables": {typ: "array", item: &shape{typ: "object", fields: map[string]*shape{"type": str}}},
		}}},
	}},
	flows.AssetTopic: {typ: "object", fields: map[string]*shape{"uuid": uuid, "name": str}},
	flows.AssetUser:  {typ: "object", fields: map[string]*shape{"uuid": reqID, "email": reqID, "name": str}},
}

var shapeValidator = validator.New()

// checkShape reports where g, the value at the decoder's pointer, isn't of shape s; what names
// the value in messages ("channel", "roles").
func (d *decoder) checkShape(g any, s *shape, what string) {
	if g == nil {
		if s.required {
			d.errorf(CodeInvalidAsset, "%s is missing or null: expected %s", what, s.describe())
		}
		return
	}
	switch s.typ {
	case "string":
		v, ok := g.(string)
		if !ok {
			d.wrongType("a string", g)
			return
		}
		switch {
		case s.required && v == "" && s.oneOf == nil && !s.url:
			d.errorf(CodeInvalidAsset, "%s is empty: expected %s", what, s.describe())
		case s.uuid && shapeValidator.Var(v, "uuid") != nil:
			d.errorf(CodeInvalidAsset, "%s %q is not a valid uuid: expected 8-4-4-4-12 lower-case hex digits", what, v)
		case s.url && shapeValidator.Var(v, "url") != nil:
			d.errorf(CodeInvalidAsset, "%s %q is not a valid url: expected an absolute url such as https://example.com/hook", what, v)
		case s.oneOf != nil && !contains(s.oneOf, v):
			msg := fmt.Sprintf("%s %q is not one of %s", what, v, strings.Join(s.oneOf, ", "))
			if near, ok := flows.Closest(v, s.oneOf); ok {
				msg += fmt.Sprintf(": did you mean %q?", near)
			}
			d.errorf(CodeInvalidAsset, "%s", msg)
		}
	case "bool":
		if _, ok := g.(bool); !ok {
			d.wrongType("true or false", g)
		}
	case "int":
		if n, ok := g.(float64); !ok {
			d.wrongType("an integer", g)
		} else if n != math.Trunc(n) {
			d.errorf(CodeWrongType, "expected an integer, found %v", n)
		} else {
			d.notIntegerLiteral(g)
		}
	case "array":
		arr, ok := g.([]any)
		if !ok {
			d.wrongType(s.describe(), g)
			return
		}
		if s.nonEmpty && len(arr) == 0 {
			d.errorf(CodeInvalidAsset, "%s is empty: expected %s", what, s.describe())
		}
		for i, e := range arr {
			d.pushIndex(i)
			d.checkShape(e, s.item, fmt.Sprintf("%s[%d]", what, i))
			d.pop()
		}
	case "map":
		m, ok := g.(map[string]any)
		if !ok {
			d.wrongType(s.describe(), g)
			return
		}
		for _, k := range keysOf(m) {
			d.push(escapeToken(k))
			d.checkShape(m[k], s.item, what+"."+k)
			d.pop()
		}
	case "object":
		m, ok := g.(map[string]any)
		if !ok {
			d.wrongType("an object", g)
			return
		}
		for _, k := range keysOf(s.fields) {
			d.push(k)
			d.checkShape(m[k], s.fields[k], what+"'s "+k)
			d.pop()
		}
	}
}

// canonicalKeys returns g, the value at the decoder's pointer, with the keys of its objects that
// match a property of shape s only by case renamed to the property (each reported, see
// property), as the engine's reader matches them; g itself when no key needs it.
func (d *decoder) canonicalKeys(g any, s *shape) (any, bool) {
	switch s.typ {
	case "object":
		m, ok := g.(map[string]any)
		if !ok {
			return g, false
		}
		var out map[string]any
		for _, name := range keysOf(s.fields) {
			v, key, has := d.property(m, name)
			if !has {
				continue
			}
			d.push(escapeToken(key))
			nv, changed := d.canonicalKeys(v, s.fields[name])
			d.pop()
			if key != name || changed {
				if out == nil {
					out = make(map[string]any, len(m))
					for k, x := range m {
						out[k] = x
					}
				}
				out[name] = nv
			}
		}
		if out == nil {
			return m, false
		}
		return out, true
	case "array", "map":
		var changed bool
		switch c := g.(type) {
		case []any:
			var out []any
			for i, e := range c {
				d.pushIndex(i)
				ne, ch := d.canonicalKeys(e, s.item)
				d.pop()
				if ch && out == nil {
					out = append([]any(nil), c...)
				}
				if ch {
					out[i], changed = ne, true
				}
			}
			if changed {
				return out, true
			}
		case map[string]any:
			var out map[string]any
			for _, k := range keysOf(c) {
				d.push(escapeToken(k))
				ne, ch := d.canonicalKeys(c[k], s.item)
				d.pop()
				if ch && out == nil {
					out = make(map[string]any, len(c))
					for k2, x := range c {
						out[k2] = x
					}
				}
				if ch {
					out[k], changed = ne, true
				}
			}
			if changed {
				return out, true
			}
		}
	}
	return g, false
}

// describe says what a value of the shape looks like, for messages.
func (s *shape) describe() string {
	switch s.typ {
	case "array":
		switch {
		case s.item.oneOf != nil:
			return "an array of at least one of " + strings.Join(s.item.oneOf, ", ")
		case s.nonEmpty:
			return "an array of at least one " + strings.TrimPrefix(strings.TrimPrefix(s.item.describe(), "an "), "a ")
		case s.item.url:
			return "an array of urls (it may be empty)"
		}
		return "an array of " + strings.TrimPrefix(strings.TrimPrefix(s.item.describe(), "an "), "a ") + "s"
	case "map":
		return "an object of " + strings.TrimPrefix(s.item.describe(), "an ") + "s"
	case "string":
		switch {
		case s.uuid:
			return "a uuid"
		case s.url:
			return "a url"
		case s.oneOf != nil:
			return "one of " + strings.Join(s.oneOf, ", ")
		case s.required:
			return "a non-empty string"
		}
		return "a string"
	case "int":
		return "an integer"
	case "bool":
		return "true or false"
	}
	return "an object"
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

func keysOf[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func escapeToken(k string) string {
	return strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1")
}
