package read_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/flows/read"
)

// conformanceDir finds the shared conformance corpus, which only the project's own machines
// have; users' clones skip these tests.
func conformanceDir(t *testing.T) string {
	t.Helper()
	for _, dir := range []string{"/work/shared/conformance", "../../../shared/conformance"} {
		if st, err := os.Stat(dir); err == nil && st.IsDir() {
			return dir
		}
	}
	t.Skip("conformance corpus not found (it lives outside the repository, in /work/shared/conformance)")
	return ""
}

// TestConformanceRead reads every JSON file of the corpus: none may panic, and the flows the
// reference engine reads must read without findings.
func TestConformanceRead(t *testing.T) {
	dir := conformanceDir(t)
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*", "*.json"))
	exports, _ := filepath.Glob(filepath.Join(dir, "exports", "*.json"))
	files = append(files, exports...)
	if len(files) == 0 {
		t.Fatal("no files in the corpus")
	}
	clean, checked := 0, 0
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		doc := read.Read(path, src)
		for _, f := range doc.Findings {
			if f.Code == read.CodeReaderPanic {
				t.Errorf("%s: %s", path, f.Message)
			}
		}
		if filepath.Base(path) != "assets.json" {
			continue
		}
		caseDir := filepath.Dir(path)
		group := filepath.Base(filepath.Dir(caseDir))
		if group != "runner" && group != "actions" {
			continue
		}
		var scenario struct {
			ReadError string `json:"read_error"`
		}
		if b, err := os.ReadFile(filepath.Join(caseDir, "scenario.json")); err == nil {
			_ = json.Unmarshal(b, &scenario)
		}
		if scenario.ReadError != "" {
			continue
		}
		checked++
		var msgs []string
		for _, f := range doc.Findings {
			if f.Code != read.CodeLegacyMigrated { // legacy flows are migrated, and say so
				msgs = append(msgs, f.Pointer+": "+f.Code+": "+f.Message)
			}
		}
		if len(msgs) > 0 {
			t.Errorf("%s: unexpected findings:\n%s", path, strings.Join(msgs, "\n"))
			continue
		}
		if len(doc.Flows) == 0 {
			t.Errorf("%s: no flows read", path)
			continue
		}
		clean++
	}
	t.Logf("%d files read; %d of %d cases the reference reads were read without findings", len(files), clean, checked)
}

// TestConformanceExports: the exports the reference reads must read without errors.
func TestConformanceExports(t *testing.T) {
	dir := conformanceDir(t)
	var index []struct {
		File      string `json:"file"`
		Flows     int    `json:"flows"`
		Reference string `json:"reference"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "exports", "index.json"))
	if err != nil {
		t.Skip("no exports index")
	}
	if err := json.Unmarshal(b, &index); err != nil {
		t.Fatal(err)
	}
	for _, e := range index {
		src, err := os.ReadFile(filepath.Join(dir, "exports", e.File))
		if err != nil {
			t.Fatal(err)
		}
		doc := read.Read(e.File, src)
		if e.Reference != "reads" {
			continue
		}
		for _, f := range doc.Findings {
			if f.Severity == "error" {
				t.Errorf("%s: %s %s: %s", e.File, f.Pointer, f.Code, f.Message)
			}
		}
		if len(doc.Flows) != e.Flows {
			t.Errorf("%s: read %d flows, index says %d", e.File, len(doc.Flows), e.Flows)
		}
	}
}

// TestConformanceActionsRoundTrip decodes every action of the corpus through the reader and
// encodes it again: the result must hold the same values as the file, apart from empty ones
// (null, "", [], {}, false), which the structs leave out.
func TestConformanceActionsRoundTrip(t *testing.T) {
	dir := conformanceDir(t)
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*", "assets.json"))
	count := 0
	for _, path := range files {
		src, _ := os.ReadFile(path)
		doc := read.Read(path, src)
		for _, f := range doc.Flows {
			// 13.3 rewrote @webhook in every template (see TestTemplateMigrations).
			before13_3 := strings.HasPrefix(f.SpecVersion, "13.0") || strings.HasPrefix(f.SpecVersion, "13.1") || strings.HasPrefix(f.SpecVersion, "13.2")
			for _, n := range f.Nodes {
				if n == nil {
					continue
				}
				for _, a := range n.Actions {
					ptr, _ := doc.PointerOf(a)
					var original any
					if err := json.Unmarshal(rawAt(t, doc, ptr), &original); err != nil {
						t.Fatal(err)
					}
					if m, _ := original.(map[string]any); m["body"] != nil || m["templating"] != nil {
						continue // migrated on read (see TestActionMigrations), so it changes on purpose
					}
					if before13_3 && strings.Contains(string(rawAt(t, doc, ptr)), "webhook") {
						continue // its templates may have been migrated on purpose
					}
					encoded, err := json.Marshal(a)
					if err != nil {
						t.Fatalf("%s%s: %v", path, ptr, err)
					}
					var again any
					_ = json.Unmarshal(encoded, &again)
					if want, got := dropEmpty(original), dropEmpty(again); !reflect.DeepEqual(want, got) {
						t.Errorf("%s%s: round trip changed the action\n got %v\nwant %v", path, ptr, got, want)
					}
					count++
				}
			}
		}
	}
	t.Logf("%d actions round-tripped", count)
}

// rawAt returns the JSON value at a pointer of the generic document (with legacy flows as
// migrated), re-encoded.
func rawAt(t *testing.T, doc *read.Document, ptr string) []byte {
	v := doc.SchemaGeneric()
	for tok := range strings.SplitSeq(strings.TrimPrefix(ptr, "/"), "/") {
		switch c := v.(type) {
		case map[string]any:
			v = c[tok]
		case []any:
			var i int
			fmt.Sscan(tok, &i)
			v = c[i]
		}
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func dropEmpty(v any) any {
	switch c := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range c {
			if e = dropEmpty(e); e != nil {
				out[k] = e
			}
		}
		if len(out) == 0 {
			return nil
		}
		return out
	case []any:
		if len(c) == 0 {
			return nil
		}
		out := make([]any, len(c))
		for i, e := range c {
			out[i] = dropEmpty(e)
		}
		return out
	case string:
		if c == "" {
			return nil
		}
	case bool:
		if !c {
			return nil
		}
	}
	return v
}
