package routing

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/flowctl/flowctl/routing/expr"
)

// Painter colours text for a terminal; the zero Painter leaves it plain.
type Painter struct{ On bool }

func (p Painter) paint(code, s string) string {
	if !p.On || s == "" {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

// Bold, Green, Red and Dim colour text when the painter is on.
func (p Painter) Bold(s string) string  { return p.paint("1", s) }
func (p Painter) Green(s string) string { return p.paint("32", s) }
func (p Painter) Red(s string) string   { return p.paint("31", s) }
func (p Painter) Dim(s string) string   { return p.paint("2", s) }

// WriteText explains a decision for people: each filter tried and why it did or didn't match
// (every comparison with the values it compared), then the route with its cumulative timeouts
// and what happens at the end.
func (d *Decision) WriteText(w io.Writer, task map[string]any, p Painter) error {
	var b strings.Builder
	attrs, _ := json.Marshal(task)
	fmt.Fprintf(&b, "task %s\nat %s (%s, UTC)\n\n", attrs, d.Now.Format("2006-01-02 15:04:05"), d.Now.Weekday().String()[:3])
	for _, f := range d.Filters {
		label := "filter " + itoa(f.Index)
		if f.Name != "" {
			label += " " + quoteName(f.Name)
		}
		verdict := p.Red("no match")
		if f.Matched {
			verdict = p.Green("MATCH")
		}
		fmt.Fprintf(&b, "%s: %s\n", p.Bold(label), verdict)
		if f.Why == nil || len(f.Why.Terms) > 0 {
			fmt.Fprintf(&b, "    %s\n", p.Dim(f.Expression))
		}
		if f.Problem != "" {
			fmt.Fprintf(&b, "    %s\n", f.Problem)
		}
		if f.Why != nil {
			writeStep(&b, f.Why, 1, p)
		}
	}
	if len(d.Filters) == 0 {
		b.WriteString("the workflow has no filters\n")
	}
	if d.FilterIndex != nil && *d.FilterIndex == -1 {
		fmt.Fprintf(&b, "%s: %s\n", p.Bold("default_filter"), p.Green("no filter matched, so the default filter takes the task"))
	}
	if len(d.Route) > 0 {
		b.WriteString("\nroute:\n")
		for _, st := range d.Route {
			label := "default filter"
			if st.FilterIndex >= 0 {
				label = "filter " + itoa(st.FilterIndex)
				if st.FilterName != "" {
					label += " " + quoteName(st.FilterName)
				}
			}
			fmt.Fprintf(&b, "  %s, from %d s\n", p.Bold(label), st.EntersAt)
			for _, t := range st.Targets {
				writeTarget(&b, t, p)
			}
		}
	}
	fmt.Fprintf(&b, "\noutcome: %s\n", d.Outcome)
	_, err := io.WriteString(w, b.String())
	return err
}

func writeTarget(b *strings.Builder, t TargetStep, p Painter) {
	queue := t.Queue
	if t.QueueName != "" && t.QueueName != t.Queue {
		queue = t.QueueName + " (" + t.Queue + ")"
	}
	if t.QueueInherited {
		queue += " (inherited)"
	}
	when := fmt.Sprintf("%d s – until the task's TTL", t.From)
	if t.To != nil {
		when = fmt.Sprintf("%d s – %d s", t.From, *t.To)
	}
	label := "target " + itoa(t.Index)
	if t.Index < 0 {
		label = "target"
	}
	fmt.Fprintf(b, "    %s  queue %s  [%s]\n", label, queue, when)
	var details []string
	if t.Priority != nil {
		s := "priority " + itoa(*t.Priority)
		if t.PriorityInherited {
			s += " (inherited)"
		}
		details = append(details, s)
	}
	if t.Expression != "" {
		details = append(details, "workers: "+t.Expression)
	}
	if t.KnownWorker != "" {
		details = append(details, "known worker: "+t.KnownWorker)
	}
	if t.OrderBy != "" {
		details = append(details, "order_by: "+t.OrderBy)
	}
	if t.SkipIf != "" {
		details = append(details, "skip_if: "+t.SkipIf)
	}
	for _, d := range details {
		fmt.Fprintf(b, "        %s\n", d)
	}
	if t.Workers != nil {
		var ws []string
		for _, w := range t.Workers {
			s := w.Name
			if w.Activity != "" {
				s += " (" + w.Activity + ")"
			}
			if !w.Available {
				s = p.Dim(s + " unavailable")
			}
			ws = append(ws, s)
		}
		fmt.Fprintf(b, "        eligible: %s\n", strings.Join(ws, ", "))
	}
}

func writeStep(b *strings.Builder, s *expr.Step, depth int, p Painter) {
	mark := p.Red("✗")
	if s.Result {
		mark = p.Green("✓")
	}
	indent := strings.Repeat("    ", depth)
	if len(s.Terms) > 0 {
		if depth > 1 {
			fmt.Fprintf(b, "%s%s %s\n", indent, mark, s.Text)
			depth++
		}
		for _, t := range s.Terms {
			writeStep(b, t, depth, p)
		}
		return
	}
	var vals []string
	for _, o := range []*expr.Operand{s.Left, s.Right} {
		if o == nil || isLiteralText(o.Text) {
			continue
		}
		vals = append(vals, o.Text+" is "+describe(o.Value))
	}
	line := indent + mark + " " + s.Text
	if len(vals) > 0 {
		line += "   " + p.Dim("("+strings.Join(vals, ", ")+")")
	}
	if s.Note != "" {
		line += "   " + s.Note
	}
	b.WriteString(line + "\n")
}

// isLiteralText says whether an operand's text is a constant, whose value needn't be repeated.
func isLiteralText(s string) bool {
	if s == "" {
		return true
	}
	switch c := s[0]; {
	case c == '\'' || c == '"' || c == '[' || c == '-' || (c >= '0' && c <= '9'):
		return true
	}
	switch strings.ToLower(s) {
	case "true", "false", "null":
		return true
	}
	return false
}

func describe(v any) string {
	if v == nil {
		return "NULL (missing)"
	}
	return expr.FromAny(v).String()
}
