package check

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/read"
)

// conformanceDir finds the shared conformance corpus, which lives outside the repository.
func conformanceDir(t *testing.T) string {
	t.Helper()
	for _, d := range []string{os.Getenv("FLOWCTL_CONFORMANCE"), "/work/shared/conformance", filepath.Join("..", "..", "..", "shared", "conformance")} {
		if d == "" {
			continue
		}
		if _, err := os.Stat(filepath.Join(d, "README.md")); err == nil {
			return d
		}
	}
	t.Skip("conformance corpus not found (set FLOWCTL_CONFORMANCE, or check out ../shared/conformance next to the repository)")
	return ""
}

func checkFile(t *testing.T, path string) []flows.Finding {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return Check(read.Read(path, src), nil)
}

func errorsOf(fs []flows.Finding, layers ...string) []flows.Finding {
	var out []flows.Finding
	for _, f := range fs {
		if f.Severity != flows.SeverityError {
			continue
		}
		l, _, _ := strings.Cut(f.Code, "/")
		if len(layers) == 0 || strings.Contains(" "+strings.Join(layers, " ")+" ", " "+l+" ") {
			out = append(out, f)
		}
	}
	return out
}

// TestConformance: zero errors on what the reference engine reads, at least one on what it
// refuses, and no structural error on the exports it reads.
func TestConformance(t *testing.T) {
	dir := conformanceDir(t)
	cases, _ := filepath.Glob(filepath.Join(dir, "runner", "*", "scenario.json"))
	more, _ := filepath.Glob(filepath.Join(dir, "actions", "*", "scenario.json"))
	broken, _ := filepath.Glob(filepath.Join(dir, "broken", "*", "scenario.json"))
	cases = append(append(cases, more...), broken...)
	var clean, rejected int
	for _, sc := range cases {
		raw, err := os.ReadFile(sc)
		if err != nil {
			t.Fatal(err)
		}
		var scenario struct {
			Flow      string `json:"flow"`
			ReadError string `json:"read_error"`
		}
		if err := json.Unmarshal(raw, &scenario); err != nil {
			t.Fatalf("%s: %v", sc, err)
		}
		file := filepath.Join(filepath.Dir(sc), "assets.json")
		if scenario.Flow != "" {
			file = filepath.Join(filepath.Dir(sc), scenario.Flow)
		}
		fs := checkFile(t, file)
		name, _ := filepath.Rel(dir, filepath.Dir(sc))
		errs := errorsOf(fs)
		switch {
		case scenario.ReadError != "":
			if len(errs) == 0 {
				t.Errorf("%s: the reference refuses it (%s) but no error was found", name, scenario.ReadError)
			} else {
				rejected++
			}
		default:
			for _, f := range errs {
				t.Errorf("%s:%d:%d: %s: %s", name, f.Line, f.Column, f.Code, f.Message)
			}
			if len(errs) == 0 {
				clean++
			}
		}
	}
	t.Logf("conformance: %d read cleanly (legacy flows migrated), %d refused as the reference does", clean, rejected)

	exports, _ := filepath.Glob(filepath.Join(dir, "exports", "*.json"))
	index := map[string]string{}
	if raw, err := os.ReadFile(filepath.Join(dir, "exports", "index.json")); err == nil {
		var entries []struct{ File, Reference string }
		if err := json.Unmarshal(raw, &entries); err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			index[e.File] = e.Reference
		}
	}
	var exportsRead int
	for _, p := range exports {
		base := filepath.Base(p)
		if base == "index.json" {
			continue
		}
		fs := checkFile(t, p)
		for _, f := range fs {
			if strings.HasPrefix(f.Code, "internal/") {
				t.Errorf("%s: %s: %s", base, f.Code, f.Message)
			}
		}
		// The index labels every export "reads", but the reference refuses the flow editor's
		// test flows, which have no spec_version ("field 'spec_version' is required"): those
		// must be refused here too.
		if lacksSpecVersion(t, p) {
			if !hasFinding(fs, "field/required", "spec_version") {
				t.Errorf("%s: a flow without spec_version must be refused", base)
			}
			continue
		}
		if index[base] == "reads" {
			for _, f := range errorsOf(fs, "syntax", "schema", "field", "graph") {
				t.Errorf("%s:%d:%d: %s: %s", base, f.Line, f.Column, f.Code, f.Message)
			}
			exportsRead++
		}
	}
	t.Logf("exports: %d files, %d read by the reference, checked for structural errors", len(exports)-1, exportsRead)
}

// lacksSpecVersion reports whether a file holds a current-shape flow (one with nodes) without a
// spec_version.
func lacksSpecVersion(t *testing.T, path string) bool {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Flows   []map[string]json.RawMessage `json:"flows"`
		Results []struct {
			Definition map[string]json.RawMessage `json:"definition"`
		} `json:"results"` // the flow editor's API shape, each flow in a definition
	}
	var single map[string]json.RawMessage
	if json.Unmarshal(raw, &doc) != nil {
		return false
	}
	for _, r := range doc.Results {
		doc.Flows = append(doc.Flows, r.Definition)
	}
	if len(doc.Flows) == 0 {
		if json.Unmarshal(raw, &single) != nil {
			return false
		}
		doc.Flows = append(doc.Flows, single)
	}
	for _, f := range doc.Flows {
		_, nodes := f["nodes"]
		_, version := f["spec_version"]
		if nodes && !version {
			return true
		}
	}
	return false
}

func hasFinding(fs []flows.Finding, code, inMessage string) bool {
	for _, f := range fs {
		if f.Code == code && strings.Contains(f.Message, inMessage) {
			return true
		}
	}
	return false
}
