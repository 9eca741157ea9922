package docgen

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/flowctl/flowctl/findings"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/check"
	"github.com/flowctl/flowctl/flows/read"
	"github.com/flowctl/flowctl/routing"
	"github.com/flowctl/flowctl/validate"
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
	{"routing", "TaskRouter workflows, workspaces and lists of queues: their structure, expressions, queues and lints (see [routing](../routing.md))"},
}

// brokenRoutingDirs hold the routing documents whose findings are the examples of the routing
// codes.
var brokenRoutingDirs = []string{"routing/testdata/err", "routing/testdata/warn"}

// findingCodes lists every code, by layer in the order the checks run, then by code.
func findingCodes() []check.Rule {
	out := check.AllRules()
	for _, r := range routing.Rules() {
		out = append(out, check.Rule{Code: r.Code, Severity: r.Severity, Summary: r.Summary})
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
	sort.SliceStable(out, func(i, j int) bool { return layerRank(out[i].Code) < layerRank(out[j].Code) })
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
			kind := &check.Kind{}
			assetsPath := strings.TrimSuffix(p, ".json") + ".assets.json"
			if asrc, err := os.ReadFile(assetsPath); err == nil {
				kind.Workspace = read.LoadAssets(read.Read(assetsPath, asrc))
			}
			addExamples(examples, kind.Check(rel, src))
		}
	}
	// A flow over the node limit would be a 1000-node file in the repository; it is built here
	// instead, one node a line, and validated like the others.
	addExamples(examples, (&check.Kind{}).Check(generatedFlowName, tooManyNodesFlow()))
	for _, dir := range brokenRoutingDirs {
		paths, err := filepath.Glob(filepath.Join(root, dir, "*.json"))
		if err != nil {
			return nil, err
		}
		sort.Strings(paths)
		for _, p := range paths {
			src, err := os.ReadFile(p)
			if err != nil {
				return nil, err
			}
			rel, _ := filepath.Rel(root, p)
			if kind := (&routing.ValidateKind{}); kind.Claims(rel, src) {
				addExamples(examples, kind.Check(filepath.ToSlash(rel), src))
			}
		}
	}
	addExamples(examples, (&routing.ValidateKind{}).Check(generatedWorkspaceName, tooManyWorkflows()))
	return examples, nil
}

// addExamples keeps the first finding of each code of a checked file, printed as validate's
// text output prints it (without colour).
func addExamples(examples map[string]string, f *validate.File) {
	for i := range f.Findings {
		fd := &f.Findings[i]
		if _, done := examples[fd.Code]; !done {
			var b strings.Builder
			validate.WriteFinding(&b, f.Path, findings.NewLines(f.Src), fd)
			examples[fd.Code] = strings.TrimSuffix(b.String(), "\n")
		}
	}
}

// generatedWorkspaceName names the workspace tooManyWorkflows builds in the examples.
const generatedWorkspaceName = "too-many-workflows.json (built by flows/docgen)"

// tooManyWorkflows builds a workspace of one workflow more than TaskRouter allows, one a line.
func tooManyWorkflows() []byte {
	var b bytes.Buffer
	b.WriteString(`{"task_queues": [{"sid": "WQ1", "friendly_name": "Everyone"}],` + "\n" + `"workflows": [` + "\n")
	for i := range routing.MaxWorkflows + 1 {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `{"friendly_name": "Workflow %d", "configuration": {"task_routing": {"filters": [], "default_filter": {"queue": "WQ1"}}}}`, i+1)
	}
	b.WriteString("\n]}\n")
	return b.Bytes()
}

// generatedFlowName names the flow tooManyNodesFlow builds in the examples.
const generatedFlowName = "too-many-nodes.json (built by flows/docgen)"

// tooManyNodesFlow builds a valid flow of one node more than the limit, each node sending a
// message and leading to the next.
func tooManyNodesFlow() []byte {
	var b bytes.Buffer
	b.WriteString(`{"uuid": "d0c5e000-0000-4000-8000-000000000009", "name": "Too Many Nodes", "spec_version": "14.3.0",` + "\n")
	b.WriteString(`"language": "eng", "type": "messaging", "revision": 1, "nodes": [` + "\n")
	n := flows.MaxNodesPerFlow + 1
	for i := range n {
		next := ""
		if i+1 < n {
			next = fmt.Sprintf(`, "destination_uuid": "d0c5e000-0000-4000-8000-%012d"`, 100000+i+1)
		}
		fmt.Fprintf(&b, `{"uuid": "d0c5e000-0000-4000-8000-%012d", "actions": [{"uuid": "d0c5e000-0000-4000-8000-%012d", "type": "send_msg", "text": "Message %d"}], "exits": [{"uuid": "d0c5e000-0000-4000-8000-%012d"%s}]}`,
			100000+i, 200000+i, i+1, 300000+i, next)
		if i+1 < n {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("]}\n")
	return b.Bytes()
}

// unshowable are the codes no flow file can make flowctl report, with the reason; every other
// code must have an example.
var unshowable = map[string]string{
	"schema/invalid":        "a failure of the schema `flowctl schema` prints always ends in a `type`, `enum` or `required` keyword, which the other schema codes report; this one is for any other keyword, should the schema come to use one, and for a schema that can't be applied",
	"internal/check-panic":  "a check failed on a bug of flowctl's, which tests guard against; the file is reported rather than crashing the run",
	"internal/reader-panic": "the reader failed on a bug of flowctl's, which fuzz tests guard against; the file is reported rather than crashing the run",
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
	b.WriteString("`" + strings.Join(brokenFlowDirs, "` and `") + "` and the routing documents under `" + strings.Join(brokenRoutingDirs, "` and `") + "`.\n")
	layer := ""
	var missing []string
	for _, c := range findingCodes() {
		if l, _, _ := strings.Cut(c.Code, "/"); l != layer {
			layer = l
			fmt.Fprintf(&b, "\n## %s\n", l)
		}
		fmt.Fprintf(&b, "\n### `%s`\n\n*%s*: %s\n", c.Code, c.Severity, c.Description())
		ex, ok := examples[c.Code]
		why, unshown := unshowable[c.Code]
		switch {
		case ok:
			b.WriteString("\n")
			fence(&b, "", []byte(ex))
		case unshown:
			fmt.Fprintf(&b, "\nNo example: %s.\n", why)
		default:
			missing = append(missing, c.Code)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("no broken file under %s shows %s; add one", strings.Join(append(brokenFlowDirs, brokenRoutingDirs...), " or "), strings.Join(missing, ", "))
	}
	return b.Bytes(), nil
}
