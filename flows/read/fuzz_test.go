package read_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/flowctl/flowctl/flows/read"
)

// FuzzRead checks the reader's promises on any input: no panic, positions for every finding,
// a syntax finding exactly when encoding/json rejects the input, and otherwise the same generic
// value encoding/json decodes. Seeds are in testdata/fuzz/FuzzRead plus the files below.
func FuzzRead(f *testing.F) {
	for _, seed := range []string{
		``, `{}`, `[]`, `{"nodes": []}`, `{"flows": [{"nodes": [{"actions": [{"type": "send_msg"}]}]}]}`,
		node("13.0.0", `{"uuid": "a", "type": "send_msg", "text": "x", "templating": {"components": [{"params": ["p"]}]}}`),
		`{"version": "11", "flows": [{"action_sets": []}]}`, `{"results": [{"definition": {"nodes": null}}]}`,
		`{"users": [{"email": 1}], "fields": [{"key": "a", "type": "numeric"}]}`, "\"\\ud800\\udc00\xff\"",
	} {
		f.Add([]byte(seed))
	}
	f.Add(bigFlow(3))
	if files, _ := filepath.Glob("../../testdata/flows/*.json"); len(files) > 0 {
		for _, p := range files {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		doc := read.Read("fuzz.json", src)
		if doc == nil {
			t.Fatal("Read returned nil")
		}
		syntax := 0
		for _, fd := range doc.Findings {
			if fd.Code == read.CodeReaderPanic {
				t.Fatalf("reader panicked: %s", fd.Message)
			}
			if fd.Line < 1 || fd.Column < 1 || fd.Message == "" {
				t.Fatalf("finding without position or message: %+v", fd)
			}
			if fd.Code == read.CodeInvalidJSON {
				syntax++
			}
		}
		valid := json.Valid(src)
		if valid == (syntax > 0) {
			t.Fatalf("json.Valid = %v but %d syntax findings: %+v", valid, syntax, doc.Findings)
		}
		if valid {
			var want any
			_ = json.Unmarshal(src, &want)
			if !reflect.DeepEqual(doc.Generic, want) {
				t.Fatalf("Generic differs from encoding/json:\n got %#v\nwant %#v", doc.Generic, want)
			}
		}
		for _, fl := range doc.Flows {
			if fl == nil {
				t.Fatal("nil flow in Flows")
			}
		}
		if len(doc.Flows) != len(doc.FlowPointers) {
			t.Fatalf("%d flows but %d pointers", len(doc.Flows), len(doc.FlowPointers))
		}
	})
}
