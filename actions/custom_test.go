package actions

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestNewCustomType(t *testing.T) {
	for _, tc := range []struct {
		name, schema, err string
	}{
		{"send_interactive_msg", `{"type": "object", "properties": {"id": {"type": "integer"}}}`, ""},
		{"wait_for_result", ``, ""},
		{"send_msg", `{}`, "send_msg is a built-in action type: to change what it does, replace it (replaceAction) instead"},
		{"reply", `{}`, "reply is the old name of the built-in action type send_msg; choose another name"},
		{"SendFancy", `{}`, `action type name "SendFancy" must be lower-case letters, digits and underscores, starting with a letter (like send_msg)`},
		{"x_list", `[1]`, "the schema of x_list must be a JSON Schema object, found [1]"},
		{"x_bad", `{"type": "objekt"}`, "the schema of x_bad doesn't compile"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewCustomType(tc.name, json.RawMessage(tc.schema), "")
			switch {
			case tc.err == "" && err != nil:
				t.Errorf("unexpected error %v", err)
			case tc.err != "" && (err == nil || !strings.HasPrefix(err.Error(), tc.err)):
				t.Errorf("error %v, want one starting %q", err, tc.err)
			}
		})
	}
}

func TestCustomActionJSON(t *testing.T) {
	def, err := NewCustomType("x_note", json.RawMessage(`{"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}}`), "dialect.js:2:3")
	if err != nil {
		t.Fatal(err)
	}
	a := NewCustom(def, map[string]any{"type": "x_note", "uuid": "u1", "text": "<b>&", "n": 2.0})
	if a.Type() != "x_note" || a.UUID() != "u1" || len(a.Fields) != 2 {
		t.Fatalf("action %+v", a)
	}
	// written as the commands write JSON: without HTML escaping
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(a); err != nil {
		t.Fatal(err)
	}
	out := bytes.TrimSpace(b.Bytes())
	// fields in key order after type and uuid, nothing HTML-escaped
	if want := `{"type":"x_note","uuid":"u1","n":2,"text":"<b>&"}`; string(out) != want {
		t.Errorf("JSON %s, want %s", out, want)
	}
	if err := def.Validate(a.Fields); err != nil {
		t.Errorf("valid fields refused: %v", err)
	}
	if err := def.Validate(map[string]any{"text": 3.0}); err == nil {
		t.Error("a number as text passed the schema")
	}
	var d Dialect
	if err := d.Add(def); err != nil {
		t.Fatal(err)
	}
	if err := d.Add(def); err == nil || err.Error() != "action type x_note is already registered at dialect.js:2:3" {
		t.Errorf("second Add: %v", err)
	}
	var nilDialect *Dialect
	if _, ok := nilDialect.Lookup("x_note"); ok || nilDialect.Names() != nil {
		t.Error("a nil dialect declares types")
	}
}
