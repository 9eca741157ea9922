package limits

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDocumentedLimits: docs/limits.md has a row for each limit, with the value the code
// enforces and the flag that changes it (or "fixed"), and no row for a limit the code doesn't
// have.
func TestDocumentedLimits(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "limits.md"))
	if err != nil {
		t.Fatal(err)
	}
	type row struct{ section, defaultValue, change string }
	rows := map[string]row{}
	section := ""
	for _, line := range strings.Split(string(doc), "\n") {
		if s, ok := strings.CutPrefix(line, "## "); ok {
			section = s
			continue
		}
		if !strings.HasPrefix(line, "| ") || strings.HasPrefix(line, "| limit ") || strings.HasPrefix(line, "| ---") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), " | ")
		if len(cells) < 3 {
			t.Errorf("a row with %d cells: %s", len(cells), line)
			continue
		}
		name := strings.TrimSpace(cells[0])
		if _, dup := rows[name]; dup {
			t.Errorf("%q is documented twice", name)
		}
		rows[name] = row{section, strings.TrimSpace(cells[1]), strings.TrimSpace(cells[2])}
	}
	for _, l := range All {
		r, ok := rows[l.Name]
		if !ok {
			t.Errorf("docs/limits.md has no row for %q (default %s)", l.Name, l.Default)
			continue
		}
		delete(rows, l.Name)
		if r.section != l.Section {
			t.Errorf("%q is under %q in docs/limits.md, %q in the code", l.Name, r.section, l.Section)
		}
		if r.defaultValue != l.Default {
			t.Errorf("%q: docs/limits.md says %s, the code %s", l.Name, r.defaultValue, l.Default)
		}
		switch {
		case l.Flag == "" && r.change != "fixed":
			t.Errorf("%q is fixed, docs/limits.md says %q", l.Name, r.change)
		case l.Flag != "" && !strings.Contains(r.change, "`"+l.Flag+"`"):
			t.Errorf("%q is changed with %s, docs/limits.md says %q", l.Name, l.Flag, r.change)
		}
	}
	for name := range rows {
		t.Errorf("docs/limits.md documents %q, which the code's table doesn't have", name)
	}
}
