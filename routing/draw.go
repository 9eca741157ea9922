package routing

import (
	"fmt"
	"sort"
	"strings"
)

// Missed holds the IDs of the filters and targets no test reached ("filter/0",
// "filter/0/target/1", "default_filter"), as flowctl test's coverage lists them; charts shade
// them. A nil Missed shades nothing.
type Missed map[string]bool

// has says whether a part was missed; "*" stands for every part (a workflow no test ran).
func (m Missed) has(id string) bool { return m[id] || m["*"] }

// chart is a workflow laid out for drawing: filters in order, each with its targets (queue,
// priority, worker expression, cumulative time window), the queues they send tasks to, and
// the default filter.
type chart struct {
	filters []chartFilter
	def     *chartTarget
	queues  []string // names, in first-use order
}

type chartFilter struct {
	id, label, expr string
	targets         []chartTarget
	missed          bool
	// timesOut says the last target has a timeout: tasks then move to the next matching filter.
	timesOut bool
}

type chartTarget struct {
	id, label, queue string
	missed           bool
}

func layout(wf *Workflow, ws *Workspace, missed Missed) *chart {
	c := &chart{}
	seen := map[string]bool{}
	queue := func(ref string) string {
		name := ref
		if q := ws.FindQueue(ref); q != nil && q.FriendlyName != "" {
			name = q.FriendlyName
		}
		if !seen[name] {
			seen[name] = true
			c.queues = append(c.queues, name)
		}
		return name
	}
	if wf.Config == nil {
		return c
	}
	for _, f := range wf.Config.Filters {
		cf := chartFilter{id: fmt.Sprintf("filter/%d", f.Index), label: fmt.Sprintf("filter %d", f.Index)}
		if f.Name != "" {
			cf.label += ": " + f.Name
		}
		if f.Expression != nil {
			cf.expr = f.Expression.Text
		}
		cf.missed = missed.has(cf.id)
		at := 0
		for _, e := range f.Effective() {
			ct := chartTarget{id: fmt.Sprintf("%s/target/%d", cf.id, e.Index), queue: queue(e.Queue)}
			ct.missed = missed.has(ct.id)
			lines := []string{fmt.Sprintf("target %d", e.Index)}
			if e.Timeout != nil {
				lines = append(lines, fmt.Sprintf("%d–%d s", at, at+*e.Timeout))
				at += *e.Timeout
			} else {
				lines = append(lines, fmt.Sprintf("from %d s", at))
			}
			if e.Priority != nil {
				lines = append(lines, fmt.Sprintf("priority %d", *e.Priority))
			}
			if e.Expression != nil {
				lines = append(lines, e.Expression.Text)
			}
			if k := e.KnownWorkerSID; k != nil {
				lines = append(lines, "known worker "+k.Text)
			}
			if k := e.KnownWorkerFriendlyName; k != nil {
				lines = append(lines, "known worker "+k.Text)
			}
			if e.SkipIf != nil {
				lines = append(lines, "skip if "+e.SkipIf.Text)
			}
			ct.label = strings.Join(lines, "\n")
			cf.targets = append(cf.targets, ct)
		}
		if n := len(f.Targets); n > 0 && f.Targets[n-1].Timeout != nil {
			cf.timesOut = true
		}
		c.filters = append(c.filters, cf)
	}
	if d := wf.Config.Default; d != nil {
		c.def = &chartTarget{id: "default_filter", label: "default filter", queue: queue(d.Queue), missed: missed.has("default_filter")}
	}
	return c
}

// Mermaid draws a workflow as a Mermaid flowchart: the task tried against each filter in order,
// each filter's targets in order with their time windows, the queues they use, and the default
// filter; what no test reached (missed) is shaded.
func Mermaid(wf *Workflow, ws *Workspace, missed Missed) string {
	c := layout(wf, ws, missed)
	var b strings.Builder
	b.WriteString("flowchart LR\n")
	b.WriteString("  task([task])\n")
	qid := map[string]string{}
	for i, q := range c.queues {
		qid[q] = fmt.Sprintf("q%d", i)
		fmt.Fprintf(&b, "  %s[(%s)]\n", qid[q], mermaidText(q))
	}
	var shaded []string
	prev := "task"
	for i, f := range c.filters {
		fid := fmt.Sprintf("f%d", i)
		fmt.Fprintf(&b, "  %s{%s}\n", fid, mermaidText(f.label+"\n"+f.expr))
		if i == 0 {
			fmt.Fprintf(&b, "  %s --> %s\n", prev, fid)
		} else {
			fmt.Fprintf(&b, "  %s -- no match --> %s\n", prev, fid)
		}
		if f.missed {
			shaded = append(shaded, fid)
		}
		from := fid
		for j, t := range f.targets {
			tid := fmt.Sprintf("f%dt%d", i, j)
			fmt.Fprintf(&b, "  %s[%s]\n", tid, mermaidText(t.label))
			if j == 0 {
				fmt.Fprintf(&b, "  %s -- match --> %s\n", from, tid)
			} else {
				fmt.Fprintf(&b, "  %s -- timeout --> %s\n", from, tid)
			}
			fmt.Fprintf(&b, "  %s -.-> %s\n", tid, qid[t.queue])
			if t.missed {
				shaded = append(shaded, tid)
			}
			from = tid
		}
		if f.timesOut && i+1 < len(c.filters) {
			fmt.Fprintf(&b, "  %s -. timeout: next matching filter below .-> f%d\n", from, i+1)
		}
		prev = fid
	}
	if c.def != nil {
		fmt.Fprintf(&b, "  def[%s]\n", mermaidText(c.def.label))
		if len(c.filters) == 0 {
			fmt.Fprintf(&b, "  %s --> def\n", prev)
		} else {
			fmt.Fprintf(&b, "  %s -- no match --> def\n", prev)
		}
		fmt.Fprintf(&b, "  def -.-> %s\n", qid[c.def.queue])
		if c.def.missed {
			shaded = append(shaded, "def")
		}
	}
	if len(shaded) > 0 {
		sort.Strings(shaded)
		b.WriteString("  classDef missed fill:#eee,stroke:#999,stroke-dasharray:4 3,color:#777\n")
		fmt.Fprintf(&b, "  class %s missed\n", strings.Join(shaded, ","))
	}
	return b.String()
}

// mermaidText quotes a label for Mermaid: line breaks as <br/>, quotes as entities.
func mermaidText(s string) string {
	r := strings.NewReplacer(`"`, "#quot;", "\n", "<br/>", "<", "#lt;", ">", "#gt;")
	return `"` + r.Replace(s) + `"`
}

// Dot draws a workflow for Graphviz, laid out as Mermaid does.
func Dot(wf *Workflow, ws *Workspace, missed Missed) string {
	c := layout(wf, ws, missed)
	var b strings.Builder
	b.WriteString("digraph workflow {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=9];\n")
	b.WriteString("  task [shape=oval, label=\"task\"];\n")
	qid := map[string]string{}
	for i, q := range c.queues {
		qid[q] = fmt.Sprintf("q%d", i)
		fmt.Fprintf(&b, "  %s [shape=cylinder, label=%s];\n", qid[q], dotText(q))
	}
	style := func(m bool) string {
		if m {
			return ", style=\"dashed,filled\", fillcolor=\"#eeeeee\", fontcolor=\"#777777\""
		}
		return ""
	}
	prev := "task"
	for i, f := range c.filters {
		fid := fmt.Sprintf("f%d", i)
		fmt.Fprintf(&b, "  %s [shape=diamond, label=%s%s];\n", fid, dotText(f.label+"\n"+f.expr), style(f.missed))
		label := ""
		if i > 0 {
			label = " [label=\"no match\"]"
		}
		fmt.Fprintf(&b, "  %s -> %s%s;\n", prev, fid, label)
		from := fid
		for j, t := range f.targets {
			tid := fmt.Sprintf("f%dt%d", i, j)
			fmt.Fprintf(&b, "  %s [shape=box, label=%s%s];\n", tid, dotText(t.label), style(t.missed))
			edge := "timeout"
			if j == 0 {
				edge = "match"
			}
			fmt.Fprintf(&b, "  %s -> %s [label=%q];\n", from, tid, edge)
			fmt.Fprintf(&b, "  %s -> %s [style=dotted];\n", tid, qid[t.queue])
			from = tid
		}
		if f.timesOut && i+1 < len(c.filters) {
			fmt.Fprintf(&b, "  %s -> f%d [style=dashed, label=\"timeout: next matching filter below\"];\n", from, i+1)
		}
		prev = fid
	}
	if c.def != nil {
		fmt.Fprintf(&b, "  def [shape=box, label=%s%s];\n", dotText(c.def.label), style(c.def.missed))
		fmt.Fprintf(&b, "  %s -> def [label=\"no match\"];\n  def -> %s [style=dotted];\n", prev, qid[c.def.queue])
	}
	b.WriteString("}\n")
	return b.String()
}

func dotText(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}
