package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/awalterschulze/gographviz"

	"github.com/flowctl/flowctl/flows/read"
)

const exampleFlow = "../../testdata/flows/registration.json"

func TestGraphFormats(t *testing.T) {
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"graph", exampleFlow}, []string{"flowchart TD", `n5 -.-> s1`, `s1[["subflow: Satisfaction Survey"]]`, `n2 -->|"Valid"| n4`}},
		{[]string{"graph", exampleFlow, "--flow", "Satisfaction Survey"}, []string{`title: "Satisfaction Survey"`, `n1 -->|"Other"| n2`}},
		{[]string{"graph", exampleFlow, "--format", "dot"}, []string{"digraph flow {", `n2 -> n4 [label="Valid"]`}},
	}
	for _, tt := range tests {
		code, out, stderr := runMain(tt.args...)
		if code != 0 || stderr != "" {
			t.Fatalf("%v: exit %d, stderr %q", tt.args, code, stderr)
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("%v: output lacks %q:\n%s", tt.args, w, out)
			}
		}
	}
}

func TestGraphDotParses(t *testing.T) {
	_, out, _ := runMain("graph", exampleFlow, "--format", "dot")
	ast, err := gographviz.ParseString(out)
	if err != nil {
		t.Fatalf("dot output does not parse: %v", err)
	}
	g := gographviz.NewGraph()
	if err := gographviz.Analyse(ast, g); err != nil {
		t.Fatal(err)
	}
	// 7 nodes, the subflow and the end.
	if n := len(g.Nodes.Nodes); n != 9 {
		t.Errorf("graph has %d nodes, want 9", n)
	}
}

func TestGraphCoverage(t *testing.T) {
	dir := t.TempDir()
	cover := filepath.Join(dir, "cover.json")
	// The survey flow with its retry node never reached.
	report := `{"flows": [{"uuid": "` + surveyUUID(t) + `", "name": "Satisfaction Survey", "nodes_total": 2,
		"missed_nodes": [{"uuid": "` + surveyRetryNode(t) + `"}], "missed_categories": []}]}`
	if err := os.WriteFile(cover, []byte(report), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runMain("graph", exampleFlow, "--flow", "Satisfaction Survey", "--coverage", cover)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "class n2 missed") || strings.Contains(out, "class n1 missed") {
		t.Errorf("only the retry node should be shaded:\n%s", out)
	}
}

func TestGraphErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"graph", exampleFlow, "--format", "png"}, `--format must be mermaid, dot or svg, not "png"`},
		{[]string{"graph", "no-such-file.json"}, "can't read no-such-file.json"},
		{[]string{"graph", "../../testdata/flows"}, "../../testdata/flows is a folder: graph draws one flow file"},
		{[]string{"graph", "../../testdata/scenarios/registration.scenario.json"}, "is a scenario, not a flow file: draw the flow it runs with 'flowctl graph ../../testdata/flows/registration.json'"},
		{[]string{"graph", "../../testdata/assets/org_assets.json"}, "holds no flow that can be read; run 'flowctl validate ../../testdata/assets/org_assets.json'"},
		{[]string{"graph", exampleFlow, "--flow", "Nope"}, `no flow "Nope" in ` + exampleFlow},
		{[]string{"graph", exampleFlow, "--flow", "Registraton"}, `no flow "Registraton" in ` + exampleFlow + `; did you mean "Registration" (bef9073d-db7a-5092-83bf-061cef0fe09b)?`},
		{[]string{"graph", exampleFlow, "--coverage", "missing-cover.json"}, "can't read coverage file missing-cover.json"},
		{[]string{"graph", exampleFlow, "--coverage", exampleFlow}, exampleFlow + ` is not a coverage report from 'flowctl test --coverage-out': /flows/0 has no "nodes_total"`},
		{[]string{"graph", exampleFlow, "--coverage", writeTemp(t, "cover.json", `{"nodes": []}`)}, `expected an object with a "flows" list`},
		{[]string{"graph", exampleFlow, "--coverage", writeTemp(t, "cover.json", `[1, 2]`)}, "is not a coverage report"},
	}
	for _, tt := range tests {
		code, _, stderr := runMain(tt.args...)
		if code != exitUsage || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and %q", tt.args, code, stderr, tt.want)
		}
	}
}

func TestGraphSVG(t *testing.T) {
	code, out, stderr := runMain("graph", exampleFlow, "--format", "svg")
	if _, err := exec.LookPath("dot"); err != nil {
		if code != exitUsage || !strings.Contains(stderr, "apt-get install graphviz") {
			t.Errorf("without Graphviz: exit %d, stderr %q; want exit 2 and install advice", code, stderr)
		}
		return
	}
	if code != 0 || !strings.Contains(out, "<svg") {
		t.Errorf("with Graphviz: exit %d, stderr %q, output starts %.80q", code, stderr, out)
	}
}

// surveyUUID and surveyRetryNode read the example so the test follows it if it is regenerated.
func surveyUUID(t *testing.T) string      { return exampleNode(t, 1, -1) }
func surveyRetryNode(t *testing.T) string { return exampleNode(t, 1, 1) }

func exampleNode(t *testing.T, flow, node int) string {
	t.Helper()
	src, err := os.ReadFile(exampleFlow)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Flows []struct {
			UUID  string `json:"uuid"`
			Nodes []struct {
				UUID string `json:"uuid"`
			} `json:"nodes"`
		} `json:"flows"`
	}
	if err := json.Unmarshal(src, &doc); err != nil {
		t.Fatal(err)
	}
	if node < 0 {
		return doc.Flows[flow].UUID
	}
	return doc.Flows[flow].Nodes[node].UUID
}

// TestGraphEveryExampleFlow draws every flow of every flow file under testdata in both formats
// (voice flows, random routers, dial waits, subflows, legacy and broken flows): the dot output must parse
// with a box per node, and every Mermaid edge must join boxes the chart defines.
func TestGraphEveryExampleFlow(t *testing.T) {
	var files []string
	err := filepath.WalkDir("../../testdata", func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".json") {
			return err
		}
		files = append(files, p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	drawn := 0
	for _, path := range files {
		for _, fl := range flowsIn(t, path) {
			drawn++
			name := path + " " + fl.Name
			code, dot, stderr := runMain("graph", path, "--flow", fl.UUID, "--format", "dot")
			if code != 0 {
				t.Errorf("%s: dot: exit %d: %s", name, code, stderr)
				continue
			}
			ast, err := gographviz.ParseString(dot)
			if err != nil {
				t.Errorf("%s: dot output does not parse: %v\n%s", name, err, dot)
				continue
			}
			g := gographviz.NewGraph()
			if err := gographviz.Analyse(ast, g); err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			if n := countPrefixed(g.Nodes.Nodes, "n"); n != len(fl.Nodes) {
				t.Errorf("%s: dot has %d node boxes, the flow %d nodes", name, n, len(fl.Nodes))
			}
			exits := 0
			for _, n := range fl.Nodes {
				exits += n.Exits
			}
			if e := len(g.Edges.Edges) - countPrefixedEdges(g.Edges.Edges, "s"); e != exits {
				t.Errorf("%s: dot has %d exit edges, the flow %d exits", name, e, exits)
			}

			code, chart, stderr := runMain("graph", path, "--flow", fl.UUID)
			if code != 0 {
				t.Errorf("%s: mermaid: exit %d: %s", name, code, stderr)
				continue
			}
			checkMermaid(t, name, chart, len(fl.Nodes), exits)
		}
	}
	t.Logf("%d flows drawn from %d files", drawn, len(files))
	if drawn < 20 {
		t.Errorf("only %d flows drawn: are the example flows still under testdata?", drawn)
	}
}

var (
	mermaidBox  = regexp.MustCompile(`^  ([a-z]+[0-9]*)(\[\[|\(\[|\{\{|\[|>)"`)
	mermaidEdge = regexp.MustCompile(`^  ([a-z]+[0-9]*) (-->|-\.->)(\|"[^"]*"\| )? ?([a-z]+[0-9]*)$`)
)

// checkMermaid checks a chart's structure: a box per node, an edge per exit (plus subflow
// links), and no edge to a box the chart doesn't define.
func checkMermaid(t *testing.T, name, chart string, nodes, exits int) {
	t.Helper()
	if !strings.HasPrefix(chart, "---\ntitle: \"") || !strings.Contains(chart, "\n---\nflowchart TD\n") {
		t.Errorf("%s: no title and flowchart header:\n%s", name, chart)
		return
	}
	boxes := map[string]bool{}
	nodeBoxes, exitEdges := 0, 0
	for _, line := range strings.Split(chart, "\n") {
		if m := mermaidBox.FindStringSubmatch(line); m != nil {
			boxes[m[1]] = true
			if m[1][0] == 'n' {
				nodeBoxes++
			}
		}
	}
	for _, line := range strings.Split(chart, "\n") {
		if !strings.Contains(line, "->") {
			continue
		}
		m := mermaidEdge.FindStringSubmatch(line)
		if m == nil {
			t.Errorf("%s: edge line %q is not of the expected form", name, line)
			continue
		}
		if !boxes[m[1]] || !boxes[m[4]] {
			t.Errorf("%s: edge %q joins a box the chart doesn't define", name, line)
		}
		if m[2] == "-->" {
			exitEdges++
		}
	}
	if nodeBoxes != nodes || exitEdges != exits {
		t.Errorf("%s: %d node boxes and %d exit edges, want %d and %d:\n%s", name, nodeBoxes, exitEdges, nodes, exits, chart)
	}
}

type flowShape struct {
	UUID, Name string
	Nodes      []struct{ Exits int }
}

// flowsIn lists the flows the reader finds in a file (none for scenarios, assets and broken
// JSON; legacy flows migrated), with the number of exits of each node.
func flowsIn(t *testing.T, path string) []flowShape {
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []flowShape
	for _, f := range read.Read(path, src).Flows {
		if f.UUID == "" {
			continue
		}
		s := flowShape{UUID: f.UUID, Name: f.Name}
		for _, n := range f.Nodes {
			exits := 0
			if n != nil {
				for _, x := range n.Exits {
					if x != nil {
						exits++
					}
				}
			}
			s.Nodes = append(s.Nodes, struct{ Exits int }{exits})
		}
		out = append(out, s)
	}
	return out
}

func countPrefixed(nodes []*gographviz.Node, prefix string) int {
	n := 0
	for _, x := range nodes {
		if strings.HasPrefix(x.Name, prefix) {
			n++
		}
	}
	return n
}

// countPrefixedEdges counts the edges to boxes named with prefix (subflow links).
func countPrefixedEdges(edges []*gographviz.Edge, prefix string) int {
	n := 0
	for _, e := range edges {
		if strings.HasPrefix(e.Dst, prefix) {
			n++
		}
	}
	return n
}

// TestGraphCoverageEndToEnd shades a chart with the coverage report that `flowctl test
// --coverage-out` really writes for the example scenarios, whose misses the examples' README
// lists: the classifier's Greeting and Leaving categories and the child flow's Expired category.
//
// A failing scenario (exit 1) still records what it reached, so only a usage error stops it.
func TestGraphCoverageEndToEnd(t *testing.T) {
	cover := filepath.Join(t.TempDir(), "cover.json")
	if code, out, stderr := runMain("test", "--coverage-out", cover, "../../testdata/scenarios/examples"); code == exitUsage {
		t.Fatalf("flowctl test: exit %d: %s%s", code, out, stderr)
	}
	code, chart, stderr := runMain("graph", "../../testdata/scenarios/examples/actions.json", "--coverage", cover)
	if code != 0 {
		t.Fatalf("flowctl graph: exit %d: %s", code, stderr)
	}
	if strings.Contains(chart, " missed\n  class ") || regexp.MustCompile(`class n\d+ missed`).MatchString(chart) {
		t.Errorf("every node of Every Action is reached, yet some are shaded:\n%s", chart)
	}
	var edges []string
	for _, line := range strings.Split(chart, "\n") {
		if mermaidEdge.MatchString(line) {
			edges = append(edges, line)
		}
	}
	m := regexp.MustCompile(`(?m)^  linkStyle ([0-9,]+) `).FindStringSubmatch(chart)
	if m == nil {
		t.Fatalf("no edge is shaded:\n%s", chart)
	}
	var shaded []string
	for _, i := range strings.Split(m[1], ",") {
		k, _ := strconv.Atoi(i)
		shaded = append(shaded, edges[k])
	}
	var labels []string
	for _, e := range shaded {
		if i := strings.Index(e, `|"`); i >= 0 {
			labels = append(labels, e[i+2:strings.Index(e[i+2:], `"`)+i+2])
		}
	}
	if got := strings.Join(labels, ","); got != "Greeting,Leaving,Expired" {
		t.Errorf("shaded edges %q, want the Greeting, Leaving and Expired categories", shaded)
	}

	// A flow the report holds with a node no scenario reached: the registration example's
	// recorded scenario never takes the retry path.
	cover2 := filepath.Join(t.TempDir(), "cover.json")
	if code, out, stderr := runMain("test", "--coverage-out", cover2, "../../testdata/scenarios/registration.scenario.json"); code == exitUsage {
		t.Fatalf("flowctl test: exit %d: %s%s", code, out, stderr)
	}
	code, dot, stderr := runMain("graph", exampleFlow, "--coverage", cover2, "--format", "dot")
	if code != 0 {
		t.Fatalf("flowctl graph: exit %d: %s", code, stderr)
	}
	if n := strings.Count(dot, `fontcolor="#999999", color="#bbbbbb"]`); n != 1 {
		t.Errorf("%d node boxes shaded, want the one node the scenario misses:\n%s", n, dot)
	}
}

// writeTemp writes a file in a temporary folder and returns its path.
func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestGraphCoverageOfAnotherFlow: a report that doesn't mention the drawn flow shades all of it
// and says why on stderr, since a wrong --flow or report is the likelier cause.
func TestGraphCoverageOfAnotherFlow(t *testing.T) {
	cover := writeTemp(t, "cover.json", `{"flows": [{"uuid": "00000000-0000-4000-8000-000000000000", "name": "Other", "nodes_total": 1}]}`)
	code, out, stderr := runMain("graph", exampleFlow, "--coverage", cover)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, `has no coverage of flow "Registration"`) {
		t.Errorf("stderr %q doesn't say the flow is not in the report", stderr)
	}
	if strings.Count(out, " missed\n") != 7 { // the seven nodes
		t.Errorf("every node should be shaded:\n%s", out)
	}
	if !strings.Contains(out, "linkStyle 0,1,2,3,4,5,6,7,8,9,10,11,12 ") {
		t.Errorf("every edge, the subflow link too, should be shaded:\n%s", out)
	}
}

// TestGraphEmoji: the drawing names colour emoji fonts after the text font, so that emoji in
// messages show in Graphviz's pictures (Pango takes the list; SVG keeps it as the font-family).
func TestGraphEmoji(t *testing.T) {
	flow := writeTemp(t, "emoji.json", `{"uuid": "a1f8e5c2-0000-4000-8000-000000000001", "name": "Emoji", "spec_version": "14.3.0", "language": "eng", "type": "messaging",
		"nodes": [{"uuid": "a1f8e5c2-0000-4000-8000-0000000000a1", "actions": [{"type": "send_msg", "uuid": "a1f8e5c2-0000-4000-8000-0000000000b1", "text": "Thanks 😀"}], "exits": [{"uuid": "a1f8e5c2-0000-4000-8000-0000000000c1"}]}]}`)
	code, out, errOut := runMain("graph", flow, "--format", "dot")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	font := `fontname="Helvetica,Arial,Noto Color Emoji,Apple Color Emoji,Segoe UI Emoji,sans-serif"`
	if strings.Count(out, font) != 3 || !strings.Contains(out, "Thanks 😀") {
		t.Errorf("the graph, its nodes and edges should all name the emoji fonts:\n%s", out)
	}
	if _, err := exec.LookPath("dot"); err != nil {
		t.Logf("Graphviz is not installed: the SVG half of this test doesn't run (apt-get install graphviz)")
		return
	}
	code, svg, errOut := runMain("graph", flow, "--format", "svg")
	if code != 0 || !strings.Contains(svg, `font-family="Helvetica,Arial,Noto Color Emoji,Apple Color Emoji,Segoe UI Emoji,sans-serif" font-size="14.00">send_msg: “Thanks 😀”`) {
		t.Errorf("exit %d %s: the SVG text of the message should carry the emoji fonts:\n%s", code, errOut, svg)
	}
}
