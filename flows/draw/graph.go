package draw

import (
	"fmt"
	"strings"

	"github.com/flowctl/flowctl/flows"
)

// Coverage says which nodes and categories tests reached; what is missing is drawn shaded.
// A nil Coverage draws everything plainly.
type Coverage struct {
	Nodes      map[string]bool
	Categories map[string]bool
}

// endID names the terminal box; "end" itself is a keyword in Mermaid.
const endID = "finish"

type box struct {
	id      string
	node    string // the flow node's UUID; empty for the end, subflow and missing-node boxes
	lines   []string
	waits   bool
	missed  bool
	isEnd   bool
	subflow bool
	broken  bool // an exit's destination that isn't in the flow
}

type edge struct {
	from, to string
	exit     string // the exit's UUID; empty for the dashed link to a subflow
	label    string
	missed   bool
	dashed   bool
}

type graph struct {
	title string
	boxes []*box
	edges []*edge
}

// build turns a flow into boxes and edges shared by both output formats.
func build(f *flows.Flow, cov *Coverage) *graph {
	g := &graph{title: f.Name}
	ids := make(map[string]string, len(f.Nodes))
	for i, n := range f.Nodes {
		if n != nil {
			ids[n.UUID] = fmt.Sprintf("n%d", i+1)
		}
	}
	endNeeded := false
	subflows := map[string]string{}
	missing := map[string]string{} // destinations not in the flow, by UUID, to their boxes
	for _, n := range f.Nodes {
		if n == nil {
			continue
		}
		b := &box{id: ids[n.UUID], node: n.UUID, missed: cov != nil && !cov.Nodes[n.UUID]}
		for _, a := range n.Actions {
			if a == nil {
				continue
			}
			b.lines = append(b.lines, Summary(a))
			if a.Type() == "enter_flow" {
				name := strings.TrimPrefix(Summary(a), "enter_flow: ")
				sid, ok := subflows[name]
				if !ok {
					sid = fmt.Sprintf("s%d", len(subflows)+1)
					subflows[name] = sid
					g.boxes = append(g.boxes, &box{id: sid, lines: []string{"subflow: " + name}, subflow: true})
				}
				g.edges = append(g.edges, &edge{from: b.id, to: sid, dashed: true, missed: b.missed})
			}
		}
		if r := n.Router; r != nil {
			b.lines = append(b.lines, routerLine(r))
			b.waits = r.Wait != nil
		}
		g.boxes = append(g.boxes, b)

		for _, x := range n.Exits {
			if x == nil {
				continue
			}
			to, ok := ids[x.DestinationUUID]
			switch {
			case x.DestinationUUID == "":
				to = endID
				endNeeded = true
			case !ok:
				// A broken flow still gets drawn, with the fault in plain sight rather than
				// as an end it doesn't have.
				if to, ok = missing[x.DestinationUUID]; !ok {
					to = fmt.Sprintf("m%d", len(missing)+1)
					missing[x.DestinationUUID] = to
					g.boxes = append(g.boxes, &box{id: to, lines: []string{"⚠ missing node " + x.DestinationUUID}, broken: true})
				}
			}
			e := &edge{from: b.id, to: to, exit: x.UUID, missed: b.missed}
			if n.Router != nil {
				var cats []string
				missed := cov != nil
				for _, c := range n.Router.Categories {
					if c != nil && c.ExitUUID == x.UUID {
						cats = append(cats, c.Name)
						if cov != nil && cov.Categories[c.UUID] {
							missed = false
						}
					}
				}
				e.label = strings.Join(cats, " / ")
				e.missed = missed
			}
			g.edges = append(g.edges, e)
		}
	}
	if endNeeded {
		g.boxes = append(g.boxes, &box{id: endID, lines: []string{"end"}, isEnd: true})
	}
	return g
}

func routerLine(r *flows.Router) string {
	var s string
	switch r.Type {
	case flows.RouterTypeRandom:
		s = "split randomly"
	default:
		s = "split by " + r.Operand
	}
	if r.Wait != nil {
		s = "⏸ wait for " + waitNoun(r.Wait) + ", " + s
	}
	if r.ResultName != "" {
		s += " → " + r.ResultName
	}
	return s
}

func waitNoun(w *flows.Wait) string {
	if w.Type == flows.WaitTypeDial {
		if w.Phone != "" {
			return "call to " + w.Phone
		}
		return "call"
	}
	return "reply"
}
