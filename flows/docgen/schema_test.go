package docgen

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/flowctl/flowctl/flows/schema"
)

// TestEditorSchemaUpToDate: the schema flowctl schema prints is what the code generates.
func TestEditorSchemaUpToDate(t *testing.T) {
	got, err := EditorSchema(root)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, schema.JSON) {
		t.Errorf("%s is out of date: run go generate ./flows/docgen", SchemaPath)
	}
}

func compiledEditorSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft7
	if err := c.AddResource("flow.schema.json", bytes.NewReader(schema.JSON)); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("flow.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestEditorSchemaAcceptsTestdata: every flow file of the project's testdata that validate
// finds no error in is valid against the editors' schema, and the schema flags what an editor
// should: a mistyped field, a value outside an enum, a missing required field, a wrong type.
func TestEditorSchemaAcceptsTestdata(t *testing.T) {
	s := compiledEditorSchema(t)
	var files []string
	for _, pattern := range []string{"testdata/flows/*.json", "testdata/validate/ok/*.json", "testdata/assets/*.json", "testdata/run/*.json",
		"testdata/scenarios/examples/*.json", "flows/docgen/testdata/*/*.json"} {
		m, _ := filepath.Glob(filepath.Join(root, pattern))
		files = append(files, m...)
	}
	checked := 0
	for _, p := range files {
		if strings.HasSuffix(p, ".scenario.json") || strings.HasSuffix(p, ".mocks.json") || strings.Contains(p, "findings") {
			continue
		}
		if filepath.Base(p) == "nulls-and-extras.json" {
			// It shows that validate ignores unknown properties, as the engine does; the
			// editors' schema flags them by design (a mistyped field is one).
			continue
		}
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(src, &v); err != nil {
			continue
		}
		m, ok := v.(map[string]any)
		if !ok || (m["nodes"] == nil && m["flows"] == nil) {
			continue // not a flow file (a resume, an environment, ...)
		}
		checked++
		if err := s.Validate(v); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
	if checked < 5 {
		t.Fatalf("only %d flow files checked", checked)
	}

	flow := func(action string) any {
		var v any
		src := `{"uuid": "f0000000-0000-4000-8000-000000000001", "name": "F", "spec_version": "14.3.0", "language": "eng", "type": "messaging",
  "nodes": [{"uuid": "d0000000-0000-4000-8000-000000000001", "actions": [` + action + `], "exits": [{"uuid": "e0000000-0000-4000-8000-000000000001"}]}]}`
		if err := json.Unmarshal([]byte(src), &v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	if err := s.Validate(flow(`{"uuid": "a0000000-0000-4000-8000-000000000001", "type": "send_msg", "text": "Hi", "quick_replies": ["Yes"], "topic": null}`)); err != nil {
		t.Errorf("a valid send_msg: %v", err)
	}
	for name, action := range map[string]string{
		"mistyped field":   `{"uuid": "a0000000-0000-4000-8000-000000000001", "type": "send_msg", "text": "Hi", "quick_replys": ["Yes"]}`,
		"missing text":     `{"uuid": "a0000000-0000-4000-8000-000000000001", "type": "send_msg"}`,
		"unknown type":     `{"uuid": "a0000000-0000-4000-8000-000000000001", "type": "send_message", "text": "Hi"}`,
		"bad enum":         `{"uuid": "a0000000-0000-4000-8000-000000000001", "type": "call_webhook", "method": "FETCH", "url": "http://x.io"}`,
		"text too long":    `{"uuid": "a0000000-0000-4000-8000-000000000001", "type": "send_msg", "text": "` + strings.Repeat("x", 10001) + `"}`,
		"wrong type":       `{"uuid": "a0000000-0000-4000-8000-000000000001", "type": "send_msg", "text": 5}`,
		"bad uuid":         `{"uuid": "nope", "type": "send_msg", "text": "Hi"}`,
		"bad status value": `{"uuid": "a0000000-0000-4000-8000-000000000001", "type": "set_contact_status", "status": "gone"}`,
	} {
		if err := s.Validate(flow(action)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
