package engine

import (
	"sort"
	"strings"
	"unicode"

	"github.com/flowctl/flowctl/expressions"
	"github.com/flowctl/flowctl/flows"
)

// location is one place of the location hierarchy: countries (level 0), states, districts and
// wards, each known by its name and aliases.
type location struct {
	path  string
	level expressions.LocationLevel
	names []string // lower case
}

// locationIndex answers the location tests and location fields from the location assets.
type locationIndex struct {
	all []location
}

// newLocationIndex flattens the location assets (each a country with nested children).
func newLocationIndex(assets *flows.Assets) *locationIndex {
	idx := &locationIndex{}
	roots := assets.All(flows.AssetLocation)
	sort.Slice(roots, func(i, j int) bool { return roots[i].Name < roots[j].Name })
	for _, r := range roots {
		idx.add(r.Name, r.Extra, "", 0)
	}
	return idx
}

func (idx *locationIndex) add(name string, m map[string]any, parent string, level int) {
	if name == "" {
		return
	}
	path := name
	if parent != "" {
		path = parent + " > " + name
	}
	names := []string{strings.ToLower(name)}
	if aliases, ok := m["aliases"].([]any); ok {
		for _, a := range aliases {
			if s, ok := a.(string); ok && s != "" {
				names = append(names, strings.ToLower(s))
			}
		}
	}
	idx.all = append(idx.all, location{path: path, level: expressions.LocationLevel(level), names: names})
	children, _ := m["children"].([]any)
	for _, c := range children {
		cm, _ := c.(map[string]any)
		cn, _ := cm["name"].(string)
		idx.add(cn, cm, path, level+1)
	}
}

// FindLocations returns the paths of the locations at level named in text (whole text first,
// then any run of its words), under parent when given.
func (idx *locationIndex) FindLocations(text string, level expressions.LocationLevel, parent string) []string {
	norm := strings.ToLower(strings.TrimSpace(text))
	words := strings.FieldsFunc(norm, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	phrase := " " + strings.Join(words, " ") + " "
	var exact, within []string
	for _, l := range idx.all {
		if l.level != level || (parent != "" && !strings.HasPrefix(l.path, parent+" > ")) {
			continue
		}
		for _, n := range l.names {
			if n == norm {
				exact = append(exact, l.path)
				break
			}
			if strings.Contains(phrase, " "+n+" ") {
				within = append(within, l.path)
				break
			}
		}
	}
	return append(exact, within...)
}

// LookupPath returns the path of the location a text names by its full path ("rwanda>kigali
// city" is "Rwanda > Kigali City"): its parts, trimmed, matched case-insensitively against the
// names of each level. It returns "" when no location has that path.
func (idx *locationIndex) LookupPath(text string) string {
	parts := strings.Split(text, ">")
	for i, p := range parts {
		parts[i] = strings.ToLower(strings.TrimSpace(p))
	}
	want := strings.Join(parts, " > ")
	for _, l := range idx.all {
		if int(l.level) == len(parts)-1 && strings.ToLower(l.path) == want {
			return l.path
		}
	}
	return ""
}
