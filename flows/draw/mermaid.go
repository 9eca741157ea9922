package draw

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/flowctl/flowctl/flows"
)

// Mermaid renders a flow as a Mermaid flowchart, which GitHub renders inline in Markdown.
func Mermaid(f *flows.Flow, cov *Coverage) string {
	g := build(f, cov)
	var sb strings.Builder
	sb.WriteString("---\ntitle: " + yamlString(g.title) + "\n---\nflowchart TD\n")
	broken := false
	for _, b := range g.boxes {
		lines := make([]string, len(b.lines))
		for i, l := range b.lines {
			lines[i] = mermaidEscape(l)
		}
		label := `"` + strings.Join(lines, "<br/>") + `"`
		switch {
		case b.broken:
			broken = true
			sb.WriteString("  " + b.id + ">" + label + "]\n")
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
	if broken {
		sb.WriteString("  classDef broken fill:#fdd,stroke:#c00,color:#900\n")
		for _, b := range g.boxes {
			if b.broken {
				sb.WriteString("  class " + b.id + " broken\n")
			}
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
	return `"` + mermaidEscape(s) + `"`
}

// mermaidEscape makes text safe inside a quoted Mermaid label: quotes and the angle brackets
// of would-be HTML become Mermaid's entity codes (labels are rendered as HTML, and a message
// like "reply <b>YES</b>" should show as written), and a line break becomes a space.
func mermaidEscape(s string) string {
	return mermaidEscaper.Replace(s)
}

var mermaidEscaper = strings.NewReplacer(`"`, "#quot;", "<", "#lt;", ">", "#gt;", "\r\n", " ", "\n", " ", "\r", " ")

// yamlString quotes text as a YAML double-quoted scalar, for the title in Mermaid's front
// matter, where Mermaid's entity codes don't apply.
func yamlString(s string) string {
	return quoted(s, func(r rune) string { return fmt.Sprintf(`\x%02x`, r) })
}
