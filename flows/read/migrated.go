package read

import (
	"strings"

	"github.com/flowctl/flowctl/flows/read/legacy"
)

// migration is a legacy flow of the document as read: its 13.0.0 definition, and where in the
// legacy flow each part of it came from.
type migration struct {
	flow    map[string]any
	origins legacy.Origins
}

// sourcePointer maps a pointer into a migrated legacy flow ("/flows/0/nodes/2/actions/1") to
// the place in the file it came from ("/flows/0/action_sets/1/actions/1"), so that findings
// about the migrated flow are shown at their legacy source; other pointers are returned as
// they are.
func (d *Document) sourcePointer(pointer string) string {
	for ptr, m := range d.migrated {
		if pointer != ptr && !strings.HasPrefix(pointer, ptr+"/") {
			continue
		}
		if src, ok := m.origins.Source(pointer[len(ptr):]); ok {
			return ptr + src
		}
	}
	return pointer
}

// SchemaGeneric returns the document as the schema check should see it: Generic, with each
// legacy (v11) flow replaced by the 13.0.0 definition it was migrated to, so that the check
// judges the shape the flow is read as rather than reporting the legacy shape as wrong. Generic
// itself stays the document as written; the copy shares everything off the paths it replaces.
// Values the reader's migrations set in place of values of the wrong type (see premigrate) are
// set there too.
func (d *Document) SchemaGeneric() any {
	if len(d.migrated) == 0 && len(d.premigrated) == 0 {
		return d.Generic
	}
	out := d.Generic
	for ptr, m := range d.migrated {
		out = setAt(out, ptr, m.flow, false)
	}
	for _, ptr := range sortedKeys(d.premigrated) { // an object before what is set inside it
		out = setAt(out, ptr, d.premigrated[ptr], true)
	}
	return out
}
