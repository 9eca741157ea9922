package draw

import (
	"encoding/xml"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/read"
)

// loop is a flow whose second node goes back to the first (a retry), with a branch beside it.
func loop() *flows.Flow {
	f := sample()
	f.Nodes[1].Exits = []*flows.Exit{{UUID: "exit-3", DestinationUUID: "node-1"}}
	return f
}

func registration(t *testing.T) []*flows.Flow {
	t.Helper()
	src, err := os.ReadFile("../../testdata/flows/registration.json")
	if err != nil {
		t.Fatal(err)
	}
	doc := read.Read("registration.json", src)
	if len(doc.Flows) == 0 {
		t.Fatalf("no flows read: %v", doc.Findings)
	}
	return doc.Flows
}

// checkGeometry asserts what any layout must hold: boxes don't overlap and lie inside the
// drawing, forward edges go down, and only edges to the same or an earlier layer are loops.
func checkGeometry(t *testing.T, d *Diagram) {
	t.Helper()
	byID := map[string]Box{}
	for i, a := range d.Boxes {
		byID[a.ID] = a
		if a.X < 0 || a.Y < 0 || a.X+a.W > d.Width || a.Y+a.H > d.Height {
			t.Errorf("box %s (%d,%d %dx%d) lies outside the %dx%d drawing", a.ID, a.X, a.Y, a.W, a.H, d.Width, d.Height)
		}
		for _, b := range d.Boxes[i+1:] {
			if a.X < b.X+b.W && b.X < a.X+a.W && a.Y < b.Y+b.H && b.Y < a.Y+a.H {
				t.Errorf("boxes %s and %s overlap", a.ID, b.ID)
			}
		}
	}
	for _, e := range d.Edges {
		from, to := byID[e.From], byID[e.To]
		if e.Back != (to.Layer <= from.Layer) {
			t.Errorf("edge %s→%s: back=%v, but its layers are %d→%d", e.From, e.To, e.Back, from.Layer, to.Layer)
		}
		if !e.Back && to.Y < from.Y+from.H {
			t.Errorf("edge %s→%s goes up: the target starts at y=%d, above the source's bottom %d", e.From, e.To, to.Y, from.Y+from.H)
		}
		if !strings.HasPrefix(e.Path, "M") {
			t.Errorf("edge %s→%s has no path: %q", e.From, e.To, e.Path)
		}
	}
}

func TestLayoutLayers(t *testing.T) {
	d := Layout(sample())
	layers := map[string]int{}
	for _, b := range d.Boxes {
		layers[b.ID] = b.Layer
	}
	// n1 at the top, n2 below it (Red); the end (Other, and n2's exit) and the subflow n2 enters
	// below n2: a box goes under the deepest of its predecessors.
	want := map[string]int{"n1": 0, "n2": 1, endID: 2, "s1": 2}
	for id, l := range want {
		if layers[id] != l {
			t.Errorf("box %s is on layer %d, want %d (layers: %v)", id, layers[id], l, layers)
		}
	}
	checkGeometry(t, d)
	if d.Boxes[0].Node != "node-1" || d.Boxes[0].Kind != "wait" {
		t.Errorf("first box = %+v, want node-1, a wait", d.Boxes[0])
	}
}

func TestLayoutLoopIsABackEdge(t *testing.T) {
	d := Layout(loop())
	checkGeometry(t, d)
	var backs []string
	for _, e := range d.Edges {
		if e.Back {
			backs = append(backs, e.From+"→"+e.To+" "+e.Exit)
		}
	}
	if strings.Join(backs, ",") != "n2→n1 exit-3" {
		t.Errorf("back edges = %v, want only the retry n2→n1 through exit-3", backs)
	}
}

func TestLayoutBundledFlows(t *testing.T) {
	for _, f := range registration(t) {
		d := Layout(f)
		checkGeometry(t, d)
		nodes := 0
		for _, b := range d.Boxes {
			if b.Node != "" {
				nodes++
			}
		}
		if nodes != len(f.Nodes) {
			t.Errorf("%s: %d boxes for nodes, want %d", f.Name, nodes, len(f.Nodes))
		}
	}
}

// TestSVG checks the SVG is well-formed XML whose boxes and edges carry the node and exit
// UUIDs a page highlights by, with text escaped.
func TestSVG(t *testing.T) {
	d := Layout(loop())
	svg := d.SVG()
	dec := xml.NewDecoder(strings.NewReader(svg))
	nodes, exits := map[string]bool{}, map[string]bool{}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the SVG is not well-formed: %v\n%s", err, svg)
		}
		if se, ok := tok.(xml.StartElement); ok {
			for _, a := range se.Attr {
				switch a.Name.Local {
				case "data-node":
					nodes[a.Value] = true
				case "data-exit":
					exits[a.Value] = true
				}
			}
		}
	}
	if !nodes["node-1"] || !nodes["node-2"] || len(nodes) != 2 {
		t.Errorf("data-node values = %v, want node-1 and node-2", nodes)
	}
	for _, x := range []string{"exit-1", "exit-2", "exit-3"} {
		if !exits[x] {
			t.Errorf("no edge carries data-exit=%q (have %v)", x, exits)
		}
	}
	if !strings.Contains(svg, `aria-label="Graph of the flow Colors &#34;quiz&#34;"`) {
		t.Errorf("the title is not escaped in the SVG's accessible name:\n%s", svg[:200])
	}
}

func TestShorten(t *testing.T) {
	long := strings.Repeat("é", 40)
	got := shorten(long)
	if len([]rune(got)) != maxLineRune || !strings.HasSuffix(got, "…") {
		t.Errorf("shorten(40 runes) = %q (%d runes), want %d runes ending in …", got, len([]rune(got)), maxLineRune)
	}
	if shorten("short") != "short" {
		t.Error("a short line must stay as it is")
	}
}
