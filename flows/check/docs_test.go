package check

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/read"
)

var update = flag.Bool("update", false, "rewrite docs/findings.md from the rule registry")

var findingsDoc = filepath.Join("..", "..", "docs", "findings.md")

// TestFindingsDoc keeps docs/findings.md in step with the codes: every code of the checks and of
// the reader, its severity and summary, and an example taken from the validate goldens.
func TestFindingsDoc(t *testing.T) {
	got := findingsMarkdown(t)
	if *update {
		if err := os.WriteFile(findingsDoc, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(findingsDoc)
	if err != nil || string(want) != got {
		t.Errorf("%s is out of date: run go test ./flows/check -run TestFindingsDoc -update", findingsDoc)
	}
}

func findingsMarkdown(t *testing.T) string {
	all := Rules()
	for code, desc := range read.Codes {
		if _, mine := rules[code]; mine {
			continue
		}
		sev := "error"
		if strings.HasPrefix(desc, "Warning: ") {
			sev, desc = "warning", strings.TrimPrefix(desc, "Warning: ")
		}
		all = append(all, Rule{Code: code, Severity: flows.Severity(sev), Summary: desc})
	}
	sort.Slice(all, func(i, j int) bool {
		ri, rj := layerRank(all[i].Code), layerRank(all[j].Code)
		if ri != rj {
			return ri < rj
		}
		return all[i].Code < all[j].Code
	})
	examples := goldenExamples(t)

	var b strings.Builder
	b.WriteString(`# Findings

<!-- Generated from flows/check/rules.go and flows/read/codes.go by
     go test ./flows/check -run TestFindingsDoc -update; don't edit by hand. -->

Every finding of ` + "`flowctl validate`" + ` has a stable code, ` + "`layer/name`" + `. The layers run in this
order and all of them run on every file, so one pass reports every problem:

| layer | checks |
| --- | --- |
| syntax | the file is JSON (reported by the reader) |
| schema | the structure, against the JSON Schema that ` + "`flowctl schema`" + ` prints, and what the reader can decode |
| field | the rules of each field (required, lengths, counts, UUIDs, languages, HTTP methods and headers, ...) |
| graph | how nodes, exits, categories and cases point at each other; limits; what the flow type allows; localization |
| asset | groups, fields, flows, labels, ... that actions and routers name exist in the loaded assets |
| template | @-templates parse, and name known fields, globals and results |
| lint | warnings beyond the reference engine: unreachable nodes, loops without a wait, results read too early, missing translations |

Errors make ` + "`flowctl validate`" + ` exit with status 1; warnings don't (see [exit codes](exit-codes.md)).
Examples are the output of ` + "`flowctl validate`" + ` on the files under ` + "`testdata/validate/err/`" + `.
`)
	layer := ""
	for _, r := range all {
		l, _, _ := strings.Cut(r.Code, "/")
		if l != layer {
			layer = l
			fmt.Fprintf(&b, "\n## %s\n", l)
		}
		fmt.Fprintf(&b, "\n### `%s` (%s)\n\n%s\n", r.Code, r.Severity, sentence(r.Summary))
		if ex, ok := examples[r.Code]; ok {
			fmt.Fprintf(&b, "\n```\n%s\n```\n", ex)
		}
	}
	return b.String()
}

func sentence(s string) string {
	if s == "" {
		return s
	}
	s = strings.ToUpper(s[:1]) + s[1:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

// goldenExamples returns, per code, the first finding line (and its snippet) in the goldens.
func goldenExamples(t *testing.T) map[string]string {
	t.Helper()
	outs, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "validate", "err", "*.out"))
	sort.Strings(outs)
	ex := map[string]string{}
	for _, p := range outs {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		var cur string
		var lines []string
		flush := func() {
			if cur != "" && ex[cur] == "" {
				ex[cur] = strings.Join(lines, "\n")
			}
			cur, lines = "", nil
		}
		for sc.Scan() {
			line := sc.Text()
			if strings.HasPrefix(line, "  ") && cur != "" {
				lines = append(lines, line)
				continue
			}
			flush()
			if i := strings.Index(line, "["); i >= 0 && strings.HasPrefix(line, "testdata/") {
				if j := strings.Index(line[i:], "]"); j > 0 {
					cur, lines = line[i+1:i+j], []string{line}
				}
			}
		}
		flush()
		f.Close()
	}
	return ex
}
