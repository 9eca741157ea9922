// Package legacy migrates flows of the legacy RapidPro format (spec version 11 and before:
// action_sets, rule_sets, translations inline, Excel-like @-expressions) to a flow definition of
// spec 13.0.0, the shape the reference engine migrates them to on read. It works on generic JSON
// (map[string]any, []any, string, float64, bool, nil) in both directions, so that the reader
// decodes the result exactly as it decodes a flow written at 13.0.0, and it never panics on input.
//
// UUIDs the new shape needs and the legacy one lacks (categories, cases, the actions of webhook and
// subflow nodes) are derived from legacy UUIDs with name-based UUIDs, so that migrating the same
// flow twice gives the same definition and runs are reproducible.
package legacy

import (
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// SpecVersion is the spec version of the flows Migrate returns.
const SpecVersion = "13.0.0"

// Origins maps JSON pointers into a migrated flow ("/nodes/2/actions/0") to where what they
// point at came from in the legacy flow ("/action_sets/1/actions/0"), both relative to the flow,
// so that findings about the migrated flow can be shown at the legacy source. A pointer maps
// through its longest prefix in the map.
type Origins map[string]string

// Source returns the legacy pointer a migrated pointer came from, and false when no prefix of it
// is known (the flow's own properties, localization).
func (o Origins) Source(pointer string) (string, bool) {
	for p := pointer; ; {
		if src, ok := o[p]; ok {
			return src + pointer[len(p):], true
		}
		i := strings.LastIndexByte(p, '/')
		if i < 0 {
			return "", false
		}
		p = p[:i]
	}
}

// Problem is something of a legacy flow that can't be migrated. Pointer is a JSON pointer
// relative to the legacy flow object ("/rule_sets/2/rules/0/test").
type Problem struct {
	Pointer string
	Message string
}

// IsLegacy recognises what may be a flow of spec version 11 and before: it has action_sets,
// rule_sets or flow_type, as the reference engine looks for. The reference only takes it for one
// when it lacks the header of the current format (see the reader), and a flow with nothing but a
// base_language is not one: the reference refuses it for lacking that header.
func IsLegacy(m map[string]any) bool {
	for _, k := range []string{"action_sets", "rule_sets", "flow_type"} {
		if _, ok := m[k]; ok {
			return true
		}
	}
	return false
}

// flowTypes maps legacy flow_type letters to flow types; campaign event flows may have none.
var flowTypes = map[string]string{
	"":  "messaging",
	"F": "messaging",
	"M": "messaging",
	"V": "voice",
	"S": "messaging_offline",
}

// DefaultMediaURL is the base URL a legacy flow's relative media URLs are joined to when the
// Options name none: the one the reference engine's own test harness migrates with, so that a
// migrated flow runs as it does there.
const DefaultMediaURL = "http://temba.io/"

// Options change how legacy flows are migrated.
type Options struct {
	// MediaURL is the base URL of the media server a legacy flow's uploads are on (RapidPro
	// stored attachments and recordings relative to it); "" for DefaultMediaURL.
	MediaURL string
}

// ValidMediaURL tells whether s can be a media server's base URL: an absolute URL starting
// http:// or https://, the URLs the migration takes for absolute (with any other base, the URLs
// it joined would be relative still).
func ValidMediaURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")) && u.Host != ""
}

// mediaURL is the base URL the options choose.
func (o Options) mediaURL() string {
	if o.MediaURL == "" {
		return DefaultMediaURL
	}
	return o.MediaURL
}

// migrator holds the state of one flow's migration.
type migrator struct {
	base         string // the flow's base language
	mediaURL     string // the base URL relative media URLs are joined to
	localization map[string]map[string]map[string][]any
	problems     []Problem
	path         []string
	dests        map[string]bool // node UUIDs: the valid exit destinations
}

func (mg *migrator) push(tok string) { mg.path = append(mg.path, tok) }
func (mg *migrator) pushIndex(i int) { mg.path = append(mg.path, strconv.Itoa(i)) }
func (mg *migrator) pop()            { mg.path = mg.path[:len(mg.path)-1] }

// problem records something that can't be migrated at the current path (plus extra tokens).
func (mg *migrator) problem(msg string, extra ...string) {
	toks := append(append([]string(nil), mg.path...), extra...)
	ptr := ""
	for _, t := range toks {
		ptr += "/" + strings.NewReplacer("~", "~0", "/", "~1").Replace(t)
	}
	mg.problems = append(mg.problems, Problem{Pointer: ptr, Message: msg})
}

// Migrate returns the 13.0.0 definition of a legacy flow, where its parts came from, and what of
// it couldn't be migrated (an action or ruleset of an unknown type is left out, a test of an
// unknown type becomes no case). The input is not changed.
func Migrate(flow map[string]any, opts Options) (map[string]any, Origins, []Problem) {
	mg := &migrator{
		base:         str(flow["base_language"]),
		mediaURL:     opts.mediaURL(),
		localization: map[string]map[string]map[string][]any{},
		dests:        map[string]bool{},
	}
	meta, _ := flow["metadata"].(map[string]any)
	actionSets := mg.objects(flow, "action_sets")
	ruleSets := mg.objects(flow, "rule_sets")
	for _, s := range append(append([]map[string]any(nil), actionSets...), ruleSets...) {
		if u := str(s["uuid"]); u != "" {
			mg.dests[u] = true
		}
	}

	type placed struct {
		node map[string]any
		y    float64
		// origins of the node's parts, relative to the node ("" is the node itself)
		origins Origins
	}
	var nodes []placed
	uiNodes := map[string]any{}
	mg.push("action_sets")
	for i, s := range actionSets {
		if s == nil {
			continue
		}
		mg.pushIndex(i)
		n, o := mg.actionSet(s)
		mg.pop()
		o.prefix("/action_sets/" + strconv.Itoa(i))
		nodes = append(nodes, placed{n, num(s["y"]), o})
		uiNodes[str(s["uuid"])] = uiNode("execute_actions", s, nil)
	}
	mg.pop()
	mg.push("rule_sets")
	for i, s := range ruleSets {
		if s == nil {
			continue
		}
		mg.pushIndex(i)
		n, uiType, uiConfig, o := mg.ruleSet(s)
		mg.pop()
		if n == nil {
			continue
		}
		o.prefix("/rule_sets/" + strconv.Itoa(i))
		nodes = append(nodes, placed{n, num(s["y"]), o})
		uiNodes[str(s["uuid"])] = uiNode(uiType, s, uiConfig)
	}
	mg.pop()

	// The entry node comes first; the others follow from top to bottom as the editor laid them out.
	entry := str(flow["entry"])
	sort.SliceStable(nodes, func(i, j int) bool {
		ei, ej := str(nodes[i].node["uuid"]) == entry, str(nodes[j].node["uuid"]) == entry
		if ei != ej {
			return ei
		}
		if ei {
			return false
		}
		return nodes[i].y < nodes[j].y
	})
	out := make([]any, len(nodes))
	origins := Origins{}
	for i, n := range nodes {
		out[i] = n.node
		for rel, src := range n.origins {
			origins["/nodes/"+strconv.Itoa(i)+rel] = src
		}
	}

	uuid, name := str(meta["uuid"]), str(meta["name"])
	if uuid == "" {
		uuid = str(flow["uuid"])
	}
	if name == "" {
		name = str(flow["name"])
	}
	if uuid == "" {
		// no UUID at all: derive one from what identifies the flow, so it is stable
		uuid = derive(name+"\x00"+entry, "flow")
	}
	migrated := map[string]any{
		"uuid":                 uuid,
		"name":                 name,
		"spec_version":         SpecVersion,
		"language":             mg.base,
		"type":                 flowType(mg, str(flow["flow_type"])),
		"revision":             num(meta["revision"]),
		"expire_after_minutes": num(meta["expires"]),
		"localization":         mg.localizationJSON(),
		"nodes":                out,
		"_ui":                  map[string]any{"nodes": uiNodes},
	}
	return migrated, origins, mg.problems
}

// prefix puts a legacy pointer before every source of o.
func (o Origins) prefix(p string) {
	for k, v := range o {
		o[k] = p + v
	}
}

func flowType(mg *migrator, t string) string {
	if ft, ok := flowTypes[t]; ok {
		return ft
	}
	mg.problem("unknown legacy flow_type '"+t+"': expected F, M, V or S; read as a messaging flow", "flow_type")
	return "messaging"
}

// objects returns the objects of the array at key; a non-object item is a problem and a nil entry.
func (mg *migrator) objects(m map[string]any, key string) []map[string]any {
	arr, ok := m[key].([]any)
	if !ok {
		if v, has := m[key]; has && v != nil {
			mg.problem("expected an array", key)
		}
		return nil
	}
	out := make([]map[string]any, len(arr))
	for i, v := range arr {
		o, ok := v.(map[string]any)
		if !ok {
			mg.problem("expected an object", key, strconv.Itoa(i))
			continue
		}
		out[i] = o
	}
	return out
}

// translate records the translations of one property of an item and returns the migrated text in
// the base language. Translations are dicts keyed by language; a plain string is read as the text
// of a language called "base". Unlike the names of categories and the arguments of tests (see
// baseText), a message's text, attachment and recording are only taken in the flow's base
// language: a text under "base" alone leaves the action without one (which the engine then
// refuses), as it does in the reference.
func (mg *migrator) translate(v any, item, property string, opts migrateOptions) string {
	tr := translations(v)
	base := ""
	for _, lang := range sortedKeys(tr) {
		text := MigrateTemplate(tr[lang], opts)
		switch lang {
		case mg.base:
			base = text
		case "base":
		default:
			mg.addTranslation(lang, item, property, []any{text})
		}
	}
	return base
}

func (mg *migrator) addTranslation(lang, item, property string, values []any) {
	l := mg.localization[lang]
	if l == nil {
		l = map[string]map[string][]any{}
		mg.localization[lang] = l
	}
	if l[item] == nil {
		l[item] = map[string][]any{}
	}
	l[item][property] = values
}

func (mg *migrator) localizationJSON() map[string]any {
	out := make(map[string]any, len(mg.localization))
	for lang, items := range mg.localization {
		li := make(map[string]any, len(items))
		for item, props := range items {
			p := make(map[string]any, len(props))
			for k, v := range props {
				p[k] = v
			}
			li[item] = p
		}
		out[lang] = li
	}
	return out
}

// baseText is the text of a translations value in the base language, or under "base".
func (mg *migrator) baseText(v any) string {
	tr := translations(v)
	if s, ok := tr[mg.base]; ok {
		return s
	}
	return tr["base"]
}

// translations reads a legacy translations value: a dict of language → text, or a plain string.
func translations(v any) map[string]string {
	switch t := v.(type) {
	case string:
		return map[string]string{"base": t}
	case map[string]any:
		out := make(map[string]string, len(t))
		for k, s := range t {
			if s, ok := s.(string); ok {
				out[k] = s
			}
		}
		return out
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// str returns a string value, the text of a number, or "".
func str(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	}
	return ""
}

// num returns a number value as float64 (strings of digits too), or 0.
func num(v any) float64 {
	switch t := v.(type) {
	case float64:
		return t
	case string:
		f, _ := strconv.ParseFloat(strings.TrimSpace(t), 64)
		return f
	}
	return 0
}

// uiNode is the editor layout of a migrated node.
func uiNode(typ string, s map[string]any, config map[string]any) map[string]any {
	n := map[string]any{"type": typ, "position": map[string]any{"left": num(s["x"]), "top": num(s["y"])}}
	if len(config) > 0 {
		n["config"] = config
	}
	return n
}
