package draw

import (
	"fmt"
	"html"
	"slices"
	"sort"
	"strings"

	"github.com/flowctl/flowctl/flows"
)

// Diagram is a flow laid out for drawing in a browser: the boxes and edges of the graph that
// Mermaid and dot charts are made of, with positions. It is computed here rather than in the
// page so that the page stays small (no layout library shipped), the layout is the same for every
// browser and is tested in Go, and a flow of hundreds of nodes is laid out once, not per redraw.
//
// The layout is layered, in the manner of Sugiyama's method: edges that go back up the flow
// (loops) are set aside, each box goes on the layer after the deepest of its predecessors, boxes
// within a layer are ordered by a few sweeps of the barycentre heuristic to cut crossings, and
// edges are drawn as curves, loops around the right-hand side.
type Diagram struct {
	Title  string `json:"title"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
	Boxes  []Box  `json:"boxes"`
	Edges  []Edge `json:"edges"`
}

// Box is one box of a diagram.
type Box struct {
	ID string `json:"id"`
	// Node is the flow node's UUID; empty for the end, a subflow and a missing node.
	Node string `json:"node,omitempty"`
	// Kind is "node", "wait" (a node whose router waits), "end", "subflow" or "missing".
	Kind  string   `json:"kind"`
	Lines []string `json:"lines"`
	Layer int      `json:"layer"`
	X     int      `json:"x"`
	Y     int      `json:"y"`
	W     int      `json:"w"`
	H     int      `json:"h"`
}

// Edge is one edge of a diagram, from an exit of a node to where it leads.
type Edge struct {
	From string `json:"from"`
	To   string `json:"to"`
	// Exit is the exit's UUID; empty for the dashed link from a node to the subflow it enters.
	Exit   string `json:"exit,omitempty"`
	Label  string `json:"label,omitempty"`
	Dashed bool   `json:"dashed,omitempty"`
	// Back marks an edge to a box on the same or an earlier layer (a loop).
	Back bool `json:"back,omitempty"`
	// Path is the SVG path data of the edge; LabelX and LabelY place its label.
	Path   string `json:"path"`
	LabelX int    `json:"label_x"`
	LabelY int    `json:"label_y"`
}

// Layout geometry, in SVG user units (CSS pixels at scale 1).
const (
	boxWidth    = 240
	lineHeight  = 16
	boxPadding  = 10
	columnGap   = 40
	layerGap    = 56
	margin      = 20
	loopBulge   = 48
	maxLineRune = 34
	sweeps      = 4
)

// Layout lays a flow out as a Diagram.
func Layout(f *flows.Flow) *Diagram {
	g := build(f, nil)
	d := &Diagram{Title: g.title}
	index := make(map[string]int, len(g.boxes))
	for i, b := range g.boxes {
		index[b.id] = i
		kind := "node"
		switch {
		case b.isEnd:
			kind = "end"
		case b.subflow:
			kind = "subflow"
		case b.broken:
			kind = "missing"
		case b.waits:
			kind = "wait"
		}
		lines := make([]string, 0, len(b.lines))
		for _, l := range b.lines {
			lines = append(lines, shorten(l))
		}
		if len(lines) == 0 {
			lines = append(lines, "(empty node)")
		}
		d.Boxes = append(d.Boxes, Box{ID: b.id, Node: b.node, Kind: kind, Lines: lines, W: boxWidth,
			H: 2*boxPadding + lineHeight*len(lines)})
	}
	n := len(d.Boxes)
	succ := make([][]int, n)
	for _, e := range g.edges {
		from, to := index[e.from], index[e.to]
		if !slices.Contains(succ[from], to) {
			succ[from] = append(succ[from], to)
		}
	}

	// Depth-first from the entry (the first node), then from boxes nothing reached: edges to a
	// box on the current path are loops, set aside for layering. Post-order reversed is a
	// topological order of what is left.
	state := make([]int, n) // 0 unseen, 1 on the path, 2 done
	back := map[[2]int]bool{}
	var post []int
	var visit func(v int)
	visit = func(v int) {
		state[v] = 1
		for _, w := range succ[v] {
			switch state[w] {
			case 0:
				visit(w)
			case 1:
				back[[2]int{v, w}] = true
			}
		}
		state[v] = 2
		post = append(post, v)
	}
	for v := range n {
		if state[v] == 0 {
			visit(v)
		}
	}
	topo := slices.Clone(post)
	slices.Reverse(topo)

	layer := make([]int, n)
	pred := make([][]int, n)
	for _, v := range topo {
		for _, w := range succ[v] {
			if !back[[2]int{v, w}] {
				layer[w] = max(layer[w], layer[v]+1)
				pred[w] = append(pred[w], v)
			}
		}
	}
	depth := 0
	for v := range n {
		d.Boxes[v].Layer = layer[v]
		depth = max(depth, layer[v]+1)
	}

	// Order within layers: first as the depth-first walk met them, then by the mean position
	// of the neighbours on the layers above (going down) or below (going up).
	rows := make([][]int, depth)
	for _, v := range topo {
		rows[layer[v]] = append(rows[layer[v]], v)
	}
	pos := make([]float64, n)
	place := func() {
		for _, row := range rows {
			for i, v := range row {
				pos[v] = float64(i) - float64(len(row)-1)/2
			}
		}
	}
	place()
	succFwd := make([][]int, n)
	for w := range n {
		for _, v := range pred[w] {
			succFwd[v] = append(succFwd[v], w)
		}
	}
	reorder := func(row []int, neighbours [][]int) {
		key := make(map[int]float64, len(row))
		for _, v := range row {
			key[v] = pos[v]
			if len(neighbours[v]) > 0 {
				sum := 0.0
				for _, u := range neighbours[v] {
					sum += pos[u]
				}
				key[v] = sum / float64(len(neighbours[v]))
			}
		}
		sort.SliceStable(row, func(i, j int) bool { return key[row[i]] < key[row[j]] })
		for i, v := range row {
			pos[v] = float64(i) - float64(len(row)-1)/2
		}
	}
	for range sweeps {
		for l := 1; l < depth; l++ {
			reorder(rows[l], pred)
		}
		for l := depth - 2; l >= 0; l-- {
			reorder(rows[l], succFwd)
		}
	}

	// Coordinates: rows centred on the widest one, each as tall as its tallest box.
	widest := 0
	for _, row := range rows {
		widest = max(widest, len(row))
	}
	y := margin
	for _, row := range rows {
		rowHeight := 0
		offset := (widest - len(row)) * (boxWidth + columnGap) / 2
		for i, v := range row {
			b := &d.Boxes[v]
			b.X = margin + offset + i*(boxWidth+columnGap)
			b.Y = y
			rowHeight = max(rowHeight, b.H)
		}
		y += rowHeight + layerGap
	}
	d.Width = 2*margin + max(widest, 1)*(boxWidth+columnGap) - columnGap + loopBulge
	d.Height = y - layerGap + margin

	for _, e := range g.edges {
		from, to := &d.Boxes[index[e.from]], &d.Boxes[index[e.to]]
		de := Edge{From: e.from, To: e.to, Exit: e.exit, Label: e.label, Dashed: e.dashed}
		if to.Layer <= from.Layer {
			// a loop: out of the right side of the box and into the right side of the target
			de.Back = true
			x1, y1 := from.X+from.W, from.Y+from.H/2
			x2, y2 := to.X+to.W, to.Y+to.H/2
			bulge := max(x1, x2) + loopBulge
			de.Path = fmt.Sprintf("M%d,%d C%d,%d %d,%d %d,%d", x1, y1, bulge, y1, bulge, y2, x2, y2)
			de.LabelX, de.LabelY = bulge-loopBulge/4, (y1+y2)/2
		} else {
			x1, y1 := from.X+from.W/2, from.Y+from.H
			x2, y2 := to.X+to.W/2, to.Y
			mid := (y1 + y2) / 2
			de.Path = fmt.Sprintf("M%d,%d C%d,%d %d,%d %d,%d", x1, y1, x1, mid, x2, mid, x2, y2)
			de.LabelX, de.LabelY = (x1+x2)/2, y1+layerGap/2
		}
		d.Edges = append(d.Edges, de)
	}
	return d
}

// shorten cuts a line to what a box shows.
func shorten(s string) string {
	r := []rune(s)
	if len(r) <= maxLineRune {
		return s
	}
	return string(r[:maxLineRune-1]) + "…"
}

// SVG draws the diagram. Boxes carry data-node (the node's UUID) and edges data-exit (the exit's
// UUID), so a page can mark where a contact is and the path it took with CSS classes; the
// styling is the page's.
func (d *Diagram) SVG() string {
	var b strings.Builder
	esc := html.EscapeString
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="flow-graph" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="%s">`,
		d.Width, d.Height, d.Width, d.Height, esc("Graph of the flow "+d.Title))
	b.WriteString(`<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>`)
	b.WriteString(`<g class="edges">`)
	for _, e := range d.Edges {
		class := "edge"
		if e.Dashed {
			class += " dashed"
		}
		if e.Back {
			class += " back"
		}
		fmt.Fprintf(&b, `<path class="%s" data-from="%s" data-to="%s"`, class, e.From, e.To)
		if e.Exit != "" {
			fmt.Fprintf(&b, ` data-exit="%s"`, esc(e.Exit))
		}
		fmt.Fprintf(&b, ` d="%s" marker-end="url(#arrow)"/>`, e.Path)
		if e.Label != "" {
			fmt.Fprintf(&b, `<text class="edge-label" x="%d" y="%d" text-anchor="middle">%s</text>`, e.LabelX, e.LabelY, esc(shorten(e.Label)))
		}
	}
	b.WriteString(`</g><g class="boxes">`)
	for _, x := range d.Boxes {
		fmt.Fprintf(&b, `<g class="box %s" id="box-%s"`, x.Kind, x.ID)
		if x.Node != "" {
			fmt.Fprintf(&b, ` data-node="%s"`, esc(x.Node))
		}
		fmt.Fprintf(&b, ` transform="translate(%d,%d)"><title>%s</title><rect width="%d" height="%d" rx="6"/>`,
			x.X, x.Y, esc(strings.Join(x.Lines, "\n")), x.W, x.H)
		for i, l := range x.Lines {
			fmt.Fprintf(&b, `<text x="%d" y="%d">%s</text>`, boxPadding, boxPadding+lineHeight*(i+1)-4, esc(l))
		}
		b.WriteString(`</g>`)
	}
	b.WriteString(`</g></svg>`)
	return b.String()
}
