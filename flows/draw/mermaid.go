package draw

import (
	"strconv"
	"strings"

	"github.com/flowctl/flowctl/flows"
)

// Mermaid renders a flow as a Mermaid flowchart, which GitHub renders inline in Markdown.
func Mermaid(f *flows.Flow, cov *Coverage) string {
	g := build(f, cov)
	var sb strings.Builder
	sb.WriteString("---\ntitle: " + mermaidText(g.title) + "\n---\nflowchart TD\n")
	for _, b := range g.boxes {
		label := mermaidText(strings.Join(b.lines, "<br/>"))
		switch {
		case b.isEnd:
			sb.WriteString("  " + b.id + "([" + label + "])\n")
		case b.subflow:
			sb.WriteString("  " + b.id + "[[" + label + "]]\n")
		case b.waits:
			sb.WriteString("  " + b.id + "{{" + label + "}}\n")
		default:
			sb.WriteString("  " + b.id + "[" + label + "]\n")
		}
	}
	missedLinks := []string{}
	for i, e := range g.edges {
		arrow := " --> "
		if e.dashed {
			arrow = " -.-> "
		}
		if e.label != "" {
			arrow = arrow[:len(arrow)-1] + "|" + mermaidText(e.label) + "| "
		}
		sb.WriteString("  " + e.from + arrow + e.to + "\n")
		if e.missed {
			missedLinks = append(missedLinks, strconv.Itoa(i))
		}
	}
	if cov != nil {
		sb.WriteString("  classDef missed fill:#eee,stroke:#bbb,color:#999\n")
		for _, b := range g.boxes {
			if b.missed {
				sb.WriteString("  class " + b.id + " missed\n")
			}
		}
		if len(missedLinks) > 0 {
			sb.WriteString("  linkStyle " + strings.Join(missedLinks, ",") + " stroke:#bbb,stroke-dasharray:4\n")
		}
	}
	return sb.String()
}

// mermaidText quotes a label so that any text (brackets, pipes, quotes) is safe inside a shape.
func mermaidText(s string) string {
	s = strings.NewReplacer(`"`, "#quot;", "\n", " ").Replace(s)
	return `"` + s + `"`
}
