package check

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/actions"
	"github.com/flowctl/flowctl/flows/read"
)

// customSrc uses x_menu, a custom type, twice: once as its schema wants, once with a wrong type,
// a value out of its enum and a required field missing.
const customSrc = `{
  "uuid": "a8000000-0000-4000-8000-000000000001", "name": "Menu", "spec_version": "14.1.0", "language": "eng", "type": "messaging",
  "nodes": [{"uuid": "98000000-0000-4000-8000-000000000001",
    "actions": [
      {"uuid": "b8000000-0000-4000-8000-000000000001", "type": "x_menu", "id": 7, "kind": "list", "labels": ["a", "b"]},
      {"uuid": "b8000000-0000-4000-8000-000000000002", "type": "x_menu",
       "id": "seven", "kind": "grid"}
    ],
    "exits": [{"uuid": "e8000000-0000-4000-8000-000000000001"}]}]
}`

// TestCustomActionSchema: validate checks actions of a custom type against their declared schema,
// with positions inside the action, and refuses the type when no dialect declares it.
func TestCustomActionSchema(t *testing.T) {
	def, err := actions.NewCustomType("x_menu", json.RawMessage(`{
		"type": "object", "required": ["id", "kind", "labels"],
		"properties": {"id": {"type": "integer"}, "kind": {"enum": ["list", "buttons"]}, "labels": {"type": "array", "items": {"type": "string"}}}
	}`), "dialect.js:3:1")
	if err != nil {
		t.Fatal(err)
	}
	var d actions.Dialect
	if err := d.Add(def); err != nil {
		t.Fatal(err)
	}
	doc := read.ReadWith("menu.json", []byte(customSrc), read.Options{Dialect: &d})
	var got []string
	for _, f := range Check(doc, nil) {
		got = append(got, fmt.Sprintf("%d:%d %s %s: %s", f.Line, f.Column, f.Code, f.Pointer, f.Message))
	}
	want := []string{
		"6:7 schema/missing-property /nodes/0/actions/1/labels: x_menu action (schema declared at dialect.js:3:1): missing property 'labels' in the object at '/nodes/0/actions/1'",
		"7:14 schema/wrong-type /nodes/0/actions/1/id: x_menu action (schema declared at dialect.js:3:1): wrong type at '/nodes/0/actions/1/id': expected integer, but got string",
		"7:31 schema/invalid-value /nodes/0/actions/1/kind: x_menu action (schema declared at dialect.js:3:1): invalid value at '/nodes/0/actions/1/kind': value must be one of \"list\", \"buttons\"",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("findings\n got %q\nwant %q", got, want)
	}

	// without the dialect, the type is unknown
	plain := read.Read("menu.json", []byte(customSrc))
	if len(plain.Findings) != 2 || plain.Findings[0].Code != read.CodeUnknownActionType {
		t.Errorf("without the dialect: %+v", plain.Findings)
	}
}

// TestCustomActionTemplates: the fields a custom type declares as templates are checked like the
// templates of built-in types, at their place.
func TestCustomActionTemplates(t *testing.T) {
	def, err := actions.NewCustomType("x_menu", nil, "dialect.js:3:1")
	if err != nil {
		t.Fatal(err)
	}
	def.Templates = []string{"labels", "value.name"}
	var d actions.Dialect
	if err := d.Add(def); err != nil {
		t.Fatal(err)
	}
	src := `{"uuid": "a8000000-0000-4000-8000-000000000001", "name": "Menu", "spec_version": "14.1.0", "language": "eng", "type": "messaging",
  "nodes": [{"uuid": "98000000-0000-4000-8000-000000000001",
    "actions": [{"uuid": "b8000000-0000-4000-8000-000000000001", "type": "x_menu",
      "labels": ["ok @contact.name", "@(1 +)"], "value": {"name": "@(nope(1))", "other": "@(alsonope("}}],
    "exits": [{"uuid": "e8000000-0000-4000-8000-000000000001"}]}]}`
	doc := read.ReadWith("menu.json", []byte(src), read.Options{Dialect: &d})
	var got []string
	for _, f := range Check(doc, nil) {
		if strings.HasPrefix(f.Code, "template/") {
			got = append(got, fmt.Sprintf("%d:%d %s %s", f.Line, f.Column, f.Code, f.Pointer))
		}
	}
	want := []string{
		"4:44 template/syntax-error /nodes/0/actions/0/labels/1",
		"4:70 template/unknown-function /nodes/0/actions/0/value/name",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("findings\n got %q\nwant %q", got, want)
	}
}
