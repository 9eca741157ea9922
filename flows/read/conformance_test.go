package read_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
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

// legacyRunnerCases are runner cases whose flows are in the legacy (v11) format, which the
// reference engine migrates and flowctl refuses for now (see docs/spec-versions.md).
var legacyRunnerCases = []string{"legacy_subflow.test", "legacy_webhook.test"}

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
		if slices.Contains(legacyRunnerCases, filepath.Base(caseDir)) {
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
		if len(doc.Findings) > 0 {
			var msgs []string
			for _, f := range doc.Findings {
				msgs = append(msgs, f.Pointer+": "+f.Code+": "+f.Message)
			}
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
