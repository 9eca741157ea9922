package scenario

import (
	"sort"
	"strings"

	"github.com/flowctl/flowctl/actions"
	"github.com/flowctl/flowctl/flows"
)

// Coverage says, across a set of scenario runs, which nodes of each flow were entered and which
// categories (and so exits) were taken.
type Coverage struct {
	Flows           []*FlowCoverage `json:"flows"`
	NodesHit        int             `json:"nodes_hit"`
	NodesTotal      int             `json:"nodes_total"`
	CategoriesHit   int             `json:"categories_hit"`
	CategoriesTotal int             `json:"categories_total"`
	// Documents are the other documents scenarios ran (routing workflows), by path.
	Documents  []*DocumentCoverage `json:"documents,omitempty"`
	UnitsHit   int                 `json:"units_hit,omitempty"`
	UnitsTotal int                 `json:"units_total,omitempty"`
	// Percent is the share of nodes and categories (and other documents' units), counted
	// together, that were reached.
	Percent float64 `json:"percent"`
}

// DocumentCoverage is the coverage of a document other than a flow: its units reached.
type DocumentCoverage struct {
	Path    string  `json:"path"`
	Name    string  `json:"name"`
	Kind    string  `json:"kind"`
	Hit     int     `json:"hit"`
	Total   int     `json:"total"`
	Percent float64 `json:"percent"`
	Missed  []Unit  `json:"missed"`
}

// FlowCoverage is the coverage of one flow.
type FlowCoverage struct {
	UUID             string           `json:"uuid"`
	Name             string           `json:"name"`
	NodesHit         int              `json:"nodes_hit"`
	NodesTotal       int              `json:"nodes_total"`
	CategoriesHit    int              `json:"categories_hit"`
	CategoriesTotal  int              `json:"categories_total"`
	Percent          float64          `json:"percent"`
	MissedNodes      []MissedNode     `json:"missed_nodes"`
	MissedCategories []MissedCategory `json:"missed_categories"`
}

// MissedNode is a node no scenario entered.
type MissedNode struct {
	UUID        string `json:"uuid"`
	Description string `json:"description"`
}

// MissedCategory is a router category no scenario took.
type MissedCategory struct {
	NodeUUID string `json:"node_uuid"`
	UUID     string `json:"uuid"`
	Name     string `json:"name"`
	// Router describes the category's node as flows.DescribeNode does (wait for reply "Age").
	Router string `json:"router"`
}

// ComputeCoverage measures coverage over outcomes. A flow counts when a scenario started it, a run
// entered it, or an enter_flow action of a counted flow names it: a subflow no scenario reaches
// shows up at 0% rather than being left out. Outcomes without flow definitions are skipped.
func ComputeCoverage(outcomes []Outcome) *Coverage {
	defs := map[string]*flows.Flow{}
	counted := map[string]bool{}
	var order []string
	nodesHit := map[string]bool{}
	catsHit := map[string]bool{}

	for _, o := range outcomes {
		res := o.Result
		if res == nil || len(res.Flows) == 0 {
			continue
		}
		local := map[string]*flows.Flow{}
		for _, f := range res.Flows {
			if f == nil {
				continue
			}
			local[f.UUID] = f
			if defs[f.UUID] == nil {
				defs[f.UUID] = f
			}
		}
		var queue []string
		start := res.FlowUUID
		if start == "" && o.Scenario != nil {
			start = o.Scenario.FlowUUID
		}
		if start == "" {
			start = res.Flows[0].UUID
		}
		queue = append(queue, start)
		for _, r := range res.Runs {
			queue = append(queue, r.FlowUUID)
		}
		for len(queue) > 0 {
			u := queue[0]
			queue = queue[1:]
			f := local[u]
			if f == nil || counted[u] {
				continue
			}
			counted[u] = true
			order = append(order, u)
			queue = append(queue, subflows(f)...)
		}
		for _, r := range res.Runs {
			f := defs[r.FlowUUID]
			if f == nil {
				continue
			}
			for _, st := range r.Steps {
				nodesHit[st.NodeUUID] = true
				n := f.NodeByUUID(st.NodeUUID)
				if n == nil || n.Router == nil || st.ExitUUID == "" {
					continue
				}
				// Categories sharing an exit can't be told apart from the path: all count.
				for _, c := range n.Router.Categories {
					if c != nil && c.ExitUUID == st.ExitUUID {
						catsHit[n.UUID+"/"+c.UUID] = true
					}
				}
			}
		}
	}

	cov := &Coverage{}
	for _, u := range order {
		f := defs[u]
		fc := &FlowCoverage{UUID: f.UUID, Name: f.Name, MissedNodes: []MissedNode{}, MissedCategories: []MissedCategory{}}
		for _, n := range f.Nodes {
			if n == nil {
				continue
			}
			fc.NodesTotal++
			if nodesHit[n.UUID] {
				fc.NodesHit++
			} else {
				fc.MissedNodes = append(fc.MissedNodes, MissedNode{UUID: n.UUID, Description: flows.DescribeNode(n)})
			}
			if n.Router == nil {
				continue
			}
			for _, c := range n.Router.Categories {
				if c == nil {
					continue
				}
				fc.CategoriesTotal++
				if catsHit[n.UUID+"/"+c.UUID] {
					fc.CategoriesHit++
				} else {
					fc.MissedCategories = append(fc.MissedCategories, MissedCategory{
						NodeUUID: n.UUID, UUID: c.UUID, Name: c.Name, Router: flows.DescribeNode(n)})
				}
			}
		}
		fc.Percent = percent(fc.NodesHit+fc.CategoriesHit, fc.NodesTotal+fc.CategoriesTotal)
		cov.Flows = append(cov.Flows, fc)
		cov.NodesHit += fc.NodesHit
		cov.NodesTotal += fc.NodesTotal
		cov.CategoriesHit += fc.CategoriesHit
		cov.CategoriesTotal += fc.CategoriesTotal
	}
	sort.SliceStable(cov.Flows, func(i, j int) bool { return cov.Flows[i].Name < cov.Flows[j].Name })
	documentCoverage(cov, outcomes)
	cov.Percent = percent(cov.NodesHit+cov.CategoriesHit+cov.UnitsHit, cov.NodesTotal+cov.CategoriesTotal+cov.UnitsTotal)
	if cov.Flows == nil {
		cov.Flows = []*FlowCoverage{}
	}
	return cov
}

// percent is hit/total as a percentage rounded to one decimal; nothing to cover counts as 100%.
func percent(hit, total int) float64 {
	if total == 0 {
		return 100
	}
	return float64(int(float64(hit)*1000/float64(total)+0.5)) / 10
}

// subflows lists the flows that enter_flow actions of f start.
func subflows(f *flows.Flow) []string {
	var out []string
	for _, n := range f.Nodes {
		if n == nil {
			continue
		}
		for _, a := range n.Actions {
			if ef, ok := a.(*actions.EnterFlow); ok && ef.Flow != nil {
				out = append(out, ef.Flow.UUID)
			}
		}
	}
	return out
}

func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// documentCoverage adds the coverage of the other documents the outcomes ran: a unit counts as
// reached when any scenario reached it.
func documentCoverage(cov *Coverage, outcomes []Outcome) {
	docs := map[string]*DocumentCoverage{}
	units := map[string][]Unit{}
	reached := map[string]map[string]bool{}
	for _, o := range outcomes {
		if o.Result == nil || o.Result.Units == nil {
			continue
		}
		u := o.Result.Units
		if docs[u.Document] == nil {
			docs[u.Document] = &DocumentCoverage{Path: u.Document, Name: u.Name, Kind: u.Kind}
			units[u.Document] = u.All
			reached[u.Document] = map[string]bool{}
		}
		for _, id := range u.Reached {
			reached[u.Document][id] = true
		}
	}
	for path, d := range docs {
		d.Missed = []Unit{}
		for _, u := range units[path] {
			d.Total++
			if reached[path][u.ID] {
				d.Hit++
			} else {
				d.Missed = append(d.Missed, u)
			}
		}
		d.Percent = percent(d.Hit, d.Total)
		cov.Documents = append(cov.Documents, d)
		cov.UnitsHit += d.Hit
		cov.UnitsTotal += d.Total
	}
	sort.Slice(cov.Documents, func(i, j int) bool { return cov.Documents[i].Path < cov.Documents[j].Path })
}
