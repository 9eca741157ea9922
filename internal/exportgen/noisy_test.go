package exportgen_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/flows/check"
	"github.com/flowctl/flowctl/flows/read"
	"github.com/flowctl/flowctl/internal/exportgen"
)

// TestNoisy: a generated export reads without errors, has the flows asked for, is
// deterministic, and has the findings its options ask for (missing fields, untranslated texts,
// templates the export doesn't declare) and no errors.
func TestNoisy(t *testing.T) {
	o := exportgen.RealisticNoisy(3)
	o.Flows = 12
	src := exportgen.Noisy(o)
	if !bytes.Equal(src, exportgen.Noisy(o)) {
		t.Fatal("not deterministic")
	}
	doc := read.Read("gen.json", src)
	if len(doc.Flows) != 12 || len(doc.Flows[0].Nodes) != o.Nodes {
		t.Fatalf("%d flows", len(doc.Flows))
	}
	codes := map[string]int{}
	for _, f := range check.Check(doc, nil) {
		if f.Severity == "error" {
			t.Errorf("error %s: %s", f.Code, f.Message)
		}
		codes[f.Code]++
	}
	for _, c := range []string{"template/unknown-field", "lint/missing-translation", "asset/undeclared-kind"} {
		if codes[c] == 0 {
			t.Errorf("no %s in %v", c, codes)
		}
	}
	o.MissingFields, o.Templates, o.Translations = 0, false, false
	for _, f := range check.Check(read.Read("clean.json", exportgen.Noisy(o)), nil) {
		if !strings.HasPrefix(f.Code, "lint/") {
			t.Errorf("clean options: %s: %s", f.Code, f.Message)
		}
	}
}
