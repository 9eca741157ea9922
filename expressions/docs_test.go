package expressions

import (
	"os"
	"strings"
	"testing"
)

// TestDocExamples evaluates every row of the examples table in docs/expressions.md, so that the
// documentation can't drift from the implementation.
func TestDocExamples(t *testing.T) {
	data, err := os.ReadFile("../docs/expressions.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	start := strings.Index(doc, "## Examples")
	if start < 0 {
		t.Fatal("docs/expressions.md has no Examples section")
	}
	section := doc[start+len("## Examples"):]
	if end := strings.Index(section, "\n## "); end >= 0 {
		section = section[:end]
	}
	root, jerr := FromJSON([]byte(`{"name": "Ann", "age": 41, "tags": ["a", "b"], "contact": {"__default__": "Ann", "first": "Ann"}}`))
	if jerr != nil {
		t.Fatal(jerr)
	}
	rows := 0
	for _, line := range strings.Split(section, "\n") {
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "| "), "` | `")
		if len(cells) != 2 {
			t.Errorf("bad example row %q", line)
			continue
		}
		template := strings.TrimPrefix(cells[0], "`")
		want := strings.TrimSuffix(cells[1], "`")
		ctx := NewEvalContext(nil, root.(*Object))
		got, _ := EvaluateTemplate(ctx, template)
		if got != want {
			t.Errorf("%s: got %q, docs say %q", template, got, want)
		}
		rows++
	}
	if rows < 10 {
		t.Errorf("found only %d example rows", rows)
	}
}
