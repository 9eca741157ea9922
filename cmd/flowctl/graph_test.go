package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/awalterschulze/gographviz"
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
	report := `{"flows": [{"uuid": "` + surveyUUID(t) + `", "name": "Satisfaction Survey",
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
		{[]string{"graph", exampleFlow, "--flow", "Nope"}, `no flow "Nope" in the file`},
		{[]string{"graph", exampleFlow, "--coverage", "missing-cover.json"}, "can't read coverage file missing-cover.json"},
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
