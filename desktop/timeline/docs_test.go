package timeline

import (
	"bytes"
	"encoding/json"
	"os"
	"regexp"
	"testing"

	"github.com/flowctl/flowctl/internal/writefile"
)

const docsPath = "../../docs/desktop.md"

// docsExample is a timeline of docs/desktop.md with the block after it that shows what its
// plugins get.
var docsExample = regexp.MustCompile("(?s)```json timeline\n(.*?)```\n\n```json plugin-messages\n(.*?)```")

// TestDocsExamples runs the timelines of docs/desktop.md and checks the plugin messages printed
// after each; -update rewrites them.
func TestDocsExamples(t *testing.T) {
	doc, err := os.ReadFile(docsPath)
	if err != nil {
		t.Fatal(err)
	}
	matches := docsExample.FindAllSubmatchIndex(doc, -1)
	if len(matches) != 3 {
		t.Fatalf("docs/desktop.md has %d runnable examples, want one per protocol (3)", len(matches))
	}
	var out bytes.Buffer
	last := 0
	for i, m := range matches {
		src := doc[m[2]:m[3]]
		tl, err := Parse(docsPath, src)
		if err != nil {
			t.Fatalf("example %d: %v", i+1, err)
		}
		res, err := Run(tl)
		if err != nil {
			t.Fatalf("example %d: %v", i+1, err)
		}
		var items []map[string]any
		for _, p := range tl.Plugins {
			for _, it := range res.Plugins[p.ID] {
				m := map[string]any{"plugin": p.ID, "window": it.Window}
				if it.Data != nil {
					m["data"] = it.Data
				}
				if it.Console != "" {
					m["console"] = it.Console
				}
				items = append(items, m)
			}
		}
		b, err := json.MarshalIndent(items, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		want := string(b) + "\n"
		got := string(doc[m[4]:m[5]])
		if got != want && !*update {
			t.Errorf("example %d: docs/desktop.md shows\n%s\nbut the plugins get\n%s(run go test ./desktop/timeline -update)", i+1, got, want)
		}
		out.Write(doc[last:m[4]])
		out.WriteString(want)
		last = m[5]
	}
	out.Write(doc[last:])
	if *update && !bytes.Equal(out.Bytes(), doc) {
		if err := writefile.Replace(docsPath, out.Bytes(), writefile.Options{}); err != nil {
			t.Fatal(err)
		}
	}
}
