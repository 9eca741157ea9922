package legacy_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/check"
	"github.com/flowctl/flowctl/flows/read"
)

// TestConformanceLegacyFlows reads and validates the legacy flows of the conformance corpus:
// they must migrate without problems, and the checks must find no error in what they became.
func TestConformanceLegacyFlows(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "..", "shared", "conformance", "runner")
	for _, name := range []string{"legacy_subflow.test", "legacy_webhook.test"} {
		path := filepath.Join(dir, name, "assets.json")
		src, err := os.ReadFile(path)
		if err != nil {
			t.Skipf("conformance corpus not found (it lives outside the repository): %v", err)
		}
		doc := read.Read(path, src)
		if len(doc.Flows) == 0 {
			t.Errorf("%s: no flows read", name)
		}
		migrated := 0
		for _, f := range check.Check(doc, nil) {
			switch {
			case f.Code == read.CodeLegacyMigrated:
				migrated++
			case f.Severity == flows.SeverityError:
				t.Errorf("%s:%d:%d: %s %s: %s", name, f.Line, f.Column, f.Code, f.Pointer, f.Message)
			}
		}
		if migrated != len(doc.Flows) {
			t.Errorf("%s: %d legacy-migrated warnings for %d flows", name, migrated, len(doc.Flows))
		}
	}
}
