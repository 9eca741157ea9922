package draw

import (
	"strings"

	"github.com/flowctl/flowctl/flows"
)

// FontName is the font list of the drawings: a text font, then the colour emoji fonts of Linux,
// macOS and Windows, so that the emoji of messages (and the drawing's own ⏸) show as emoji,
// not as empty boxes. Graphviz hands the list to Pango for PNG and PDF, and writes it as the
// font-family of SVG text, where the browser picks the first font it has with the glyph.
const FontName = "Helvetica,Arial,Noto Color Emoji,Apple Color Emoji,Segoe UI Emoji,sans-serif"

// Dot renders a flow in Graphviz's dot language; `dot -Tsvg` turns it into a picture.
func Dot(f *flows.Flow, cov *Coverage) string {
	g := build(f, cov)
	var sb strings.Builder
	font := dotQuote(FontName)
	sb.WriteString("digraph flow {\n")
	sb.WriteString("  label=" + dotQuote(g.title) + ";\n  labelloc=t;\n  fontname=" + font + ";\n")
	sb.WriteString("  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=" + font + "];\n")
	sb.WriteString("  edge [fontname=" + font + ", fontsize=10];\n")
	for _, b := range g.boxes {
		attrs := []string{"label=" + dotQuote(strings.Join(b.lines, "\n"))}
		switch {
		case b.isEnd:
			attrs = append(attrs, "shape=oval")
		case b.subflow:
			attrs = append(attrs, "shape=component")
		case b.waits:
			attrs = append(attrs, `fillcolor="#fff3cd"`)
		case b.broken:
			attrs = append(attrs, "shape=octagon", `fillcolor="#ffdddd"`, `color="#cc0000"`)
		}
		if b.missed {
			attrs = append(attrs, `fillcolor="#eeeeee"`, `fontcolor="#999999"`, `color="#bbbbbb"`)
		}
		sb.WriteString("  " + b.id + " [" + strings.Join(attrs, ", ") + "];\n")
	}
	for _, e := range g.edges {
		var attrs []string
		if e.label != "" {
			attrs = append(attrs, "label="+dotQuote(e.label))
		}
		if e.dashed {
			attrs = append(attrs, "style=dashed")
		}
		if e.missed {
			attrs = append(attrs, `color="#bbbbbb"`, `fontcolor="#999999"`, "style=dashed")
		}
		line := "  " + e.from + " -> " + e.to
		if len(attrs) > 0 {
			line += " [" + strings.Join(attrs, ", ") + "]"
		}
		sb.WriteString(line + ";\n")
	}
	sb.WriteString("}\n")
	return sb.String()
}

// dotQuote writes text as a dot string. Dot knows fewer escapes than Go (no \t, \x or \u), so
// only backslash, quote and the line break are escaped, and other control characters become
// spaces.
func dotQuote(s string) string {
	return quoted(s, func(r rune) string {
		if r == '\n' {
			return `\n`
		}
		return " "
	})
}

// quoted writes s in double quotes with backslash escapes for quote and backslash, which dot
// and YAML share, and control characters as control says.
func quoted(s string, control func(rune) string) string {
	var sb strings.Builder
	sb.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			sb.WriteByte('\\')
			sb.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			sb.WriteString(control(r))
		default:
			sb.WriteRune(r)
		}
	}
	sb.WriteByte('"')
	return sb.String()
}
