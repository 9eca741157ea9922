package docgen

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/check"
	"github.com/flowctl/flowctl/flows/read"
)

// brokenFlowDirs hold the broken flows whose findings are the examples of the finding codes:
// validate's test inputs, then flows kept here for codes those don't show.
var brokenFlowDirs = []string{"testdata/validate/err", "flows/docgen/testdata/findings"}

// layers are the finding layers in the order the checks run, with what each checks.
var layers = []struct{ name, checks string }{
	{"syntax", "the file is JSON (reported by the reader)"},
	{"schema", "the structure, against the JSON Schema that `flowctl schema` prints, and what the reader can decode"},
	{"field", "the rules of each field (required, lengths, counts, UUIDs, languages, HTTP methods and headers, ...)"},
	{"graph", "how nodes, exits, categories and cases point at each other; limits; what the flow type allows; localization"},
	{"asset", "groups, fields, flows, labels, ... that actions and routers name exist in the loaded assets"},
	{"template", "@-templates parse, and name known fields, globals and results"},
	{"lint", "warnings beyond the reference engine: unreachable nodes, loops without a wait, results read too early, missing translations"},
}

type findingCode struct {
	code     string
	severity flows.Severity
	summary  string
}

// findingCodes lists the codes of the checks' registry and of the reader.
func findingCodes() []findingCode {
	var out []findingCode
	seen := map[string]bool{}
	for _, r := range check.Rules() {
		seen[r.Code] = true
		out = append(out, findingCode{r.Code, r.Severity, r.Summary})
	}
	for code, desc := range read.Codes {
		if seen[code] {
			continue
		}
		sev := flows.SeverityError
		if rest, ok := strings.CutPrefix(desc, "Warning: "); ok {
			sev, desc = flows.SeverityWarning, rest
		}
		out = append(out, findingCode{code, sev, desc})
	}
	rank := map[string]int{}
	for i, l := range layers {
		rank[l.name] = i
	}
	layerRank := func(code string) int {
		l, _, _ := strings.Cut(code, "/")
		if r, ok := rank[l]; ok {
			return r
		}
		return len(layers)
	}
	sort.Slice(out, func(i, j int) bool {
		ri, rj := layerRank(out[i].code), layerRank(out[j].code)
		if ri != rj {
			return ri < rj
		}
		return out[i].code < out[j].code
	})
	return out
}

// findingExamples validates the broken flows and returns, per code, the first finding as
// flowctl validate prints it, with its source line.
func findingExamples(root string) (map[string]string, error) {
	examples := map[string]string{}
	for _, dir := range brokenFlowDirs {
		paths, err := filepath.Glob(filepath.Join(root, dir, "*.json"))
		if err != nil {
			return nil, err
		}
		sort.Strings(paths)
		for _, p := range paths {
			if strings.HasSuffix(p, ".assets.json") {
				continue
			}
			src, err := os.ReadFile(p)
			if err != nil {
				return nil, err
			}
			rel, _ := filepath.Rel(root, p)
			rel = filepath.ToSlash(rel)
			doc := read.Read(rel, src)
			var workspace *flows.Assets
			assetsPath := strings.TrimSuffix(p, ".json") + ".assets.json"
			if asrc, err := os.ReadFile(assetsPath); err == nil {
				workspace = read.LoadAssets(read.Read(assetsPath, asrc))
			}
			for _, f := range check.Check(doc, workspace) {
				if _, done := examples[f.Code]; !done {
					examples[f.Code] = renderFinding(rel, src, f)
				}
			}
		}
	}
	return examples, nil
}

// renderFinding prints a finding as validate's text output does (without colour).
func renderFinding(path string, src []byte, f flows.Finding) string {
	s := fmt.Sprintf("%s:%d:%d: %s[%s]: %s", path, f.Line, f.Column, f.Severity, f.Code, f.Message)
	lines := strings.Split(string(src), "\n")
	if f.Line < 1 || f.Line > len(lines) {
		return s
	}
	line := strings.TrimRight(lines[f.Line-1], "\r")
	col := max(0, min(f.Column-1, len(line)))
	const width = 100
	from, to, prefix, suffix := 0, len(line), "", ""
	if len(line) > width { // minified files: show the part around the column
		from = max(0, min(col-width/2, len(line)-width))
		for from > 0 && line[from]&0xC0 == 0x80 {
			from--
		}
		to = min(len(line), from+width)
		for to < len(line) && line[to]&0xC0 == 0x80 {
			to++
		}
		if from > 0 {
			prefix = "…"
		}
		if to < len(line) {
			suffix = "…"
		}
	}
	marker := len([]rune(prefix)) + len([]rune(line[from:max(from, min(col, to))]))
	text := strings.ReplaceAll(prefix+line[from:to]+suffix, "\t", " ")
	return s + "\n  " + text + "\n  " + strings.Repeat(" ", marker) + "^"
}

func findingsPage(root string, _ *execution) ([]byte, error) {
	examples, err := findingExamples(root)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString("# Findings\n\n")
	b.WriteString(generatedNote)
	b.WriteString("Every finding of `flowctl validate` has a stable code, `layer/name`, which is also its SARIF\n")
	b.WriteString("rule id. The layers run in this order, and all of them run on every file, so one pass reports\n")
	b.WriteString("every problem:\n\n| layer | checks |\n| --- | --- |\n")
	for _, l := range layers {
		fmt.Fprintf(&b, "| %s | %s |\n", l.name, l.checks)
	}
	b.WriteString("\nErrors make `flowctl validate` exit with status 1; warnings don't (see [exit codes](../exit-codes.md)).\n")
	b.WriteString("Each example was reported when this page was generated, by validating the broken flows under\n")
	b.WriteString("`" + strings.Join(brokenFlowDirs, "` and `") + "`.\n")
	layer := ""
	var missing []string
	for _, c := range findingCodes() {
		if l, _, _ := strings.Cut(c.code, "/"); l != layer {
			layer = l
			fmt.Fprintf(&b, "\n## %s\n", l)
		}
		fmt.Fprintf(&b, "\n### `%s`\n\n*%s*: %s\n", c.code, c.severity, sentence(c.summary))
		if ex, ok := examples[c.code]; ok {
			b.WriteString("\n")
			fence(&b, "", []byte(ex))
		} else {
			missing = append(missing, c.code)
		}
	}
	if len(missing) > 0 {
		b.WriteString("\n## Codes without an example\n\nNo broken flow shows these yet: ")
		b.WriteString("`" + strings.Join(missing, "`, `") + "`.\n")
	}
	return b.Bytes(), nil
}
