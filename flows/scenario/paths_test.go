package scenario

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestCheckPath: a scenario names files in its folder, or below the git work tree holding it,
// or below --root; anything else (an absolute path elsewhere, ../ out of the project, a symbolic
// link inside the project to a file outside) is refused.
func TestCheckPath(t *testing.T) {
	tmp := t.TempDir()
	project := filepath.Join(tmp, "project")
	for _, d := range []string{".git", "scenarios", "flows", "scenarios/deep"} {
		if err := os.MkdirAll(filepath.Join(project, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	other := filepath.Join(tmp, "other")
	os.Mkdir(other, 0o755)
	os.WriteFile(filepath.Join(other, "secret.json"), []byte("{}"), 0o644)
	os.WriteFile(filepath.Join(project, "flows", "a.json"), []byte("{}"), 0o644)
	os.Symlink(filepath.Join(other, "secret.json"), filepath.Join(project, "flows", "link.json"))
	os.Symlink(filepath.Join(project, "flows", "a.json"), filepath.Join(other, "back.json"))
	scenarioFile := filepath.Join(project, "scenarios", "s.scenario.json")
	resolve := func(p string) string {
		if filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(filepath.Dir(scenarioFile), p)
	}
	for _, tc := range []struct {
		ref, root string
		ok        bool
	}{
		{ref: "../flows/a.json", ok: true},          // in the git work tree
		{ref: "a.json", ok: true},                   // in the scenario's folder, even if missing
		{ref: "deep/x.json", ok: true},              // below it
		{ref: "/etc/passwd", ok: false},             // elsewhere
		{ref: "../../../../../../../etc/passwd"},    // out of the project
		{ref: "../../other/secret.json", ok: false}, // beside the project
		{ref: "../flows/link.json", ok: false},      // a link in the project to a file outside
		{ref: "../../other/back.json", ok: true},    // a link outside to a file of the project: what is read is inside
		{ref: "../../other/secret.json", root: other, ok: true},
		{ref: "../flows/a.json", root: other, ok: false}, // --root replaces the work tree
		{ref: "s2.json", root: other, ok: true},          // the scenario's folder is always allowed
	} {
		err := CheckPath(scenarioFile, "flow", resolve(tc.ref), tc.root)
		if tc.ok && err != nil {
			t.Errorf("%s (root %q): %v", tc.ref, tc.root, err)
		}
		var oe *OutsideError
		if !tc.ok && !errors.As(err, &oe) {
			t.Errorf("%s (root %q): %v, want an *OutsideError", tc.ref, tc.root, err)
		}
	}
}
