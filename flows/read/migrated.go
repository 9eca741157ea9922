package read

import (
	"strconv"
	"strings"
)

// SchemaGeneric returns the document as the schema check should see it: Generic, with each
// legacy (v11) flow replaced by the 13.0.0 definition it was migrated to, so that the check
// judges the shape the flow is read as rather than reporting the legacy shape as wrong. Generic
// itself stays the document as written; the copy shares everything off the paths it replaces.
func (d *Document) SchemaGeneric() any {
	if len(d.migrated) == 0 {
		return d.Generic
	}
	out := d.Generic
	for ptr, flow := range d.migrated {
		out = replaceAt(out, ptr, flow)
	}
	return out
}

// replaceAt returns v with the value at pointer set to repl, copying the containers on the way
// (and only those). An unresolvable pointer leaves v as it is.
func replaceAt(v any, pointer string, repl any) any {
	if pointer == "" {
		return repl
	}
	tok, rest, _ := strings.Cut(pointer[1:], "/")
	if rest != "" {
		rest = "/" + rest
	}
	tok = unescapeToken(tok)
	switch c := v.(type) {
	case map[string]any:
		child, ok := c[tok]
		if !ok {
			return v
		}
		cp := make(map[string]any, len(c))
		for k, x := range c {
			cp[k] = x
		}
		cp[tok] = replaceAt(child, rest, repl)
		return cp
	case []any:
		i, err := strconv.Atoi(tok)
		if err != nil || i < 0 || i >= len(c) {
			return v
		}
		cp := append([]any(nil), c...)
		cp[i] = replaceAt(c[i], rest, repl)
		return cp
	}
	return v
}
