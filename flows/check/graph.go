package check

import (
	"fmt"
	"slices"
	"strings"

	"github.com/flowctl/flowctl/expressions"
	"github.com/flowctl/flowctl/flows"
)

// caseTypes are router tests a switch case may use besides those the expression package
// registers (see knownCaseType), kept so that a test the evaluator lacks is still not flagged.
var caseTypes = map[string]bool{}

func init() {
	for _, t := range []string{
		"has_all_words", "has_any_word", "has_beginning", "has_category", "has_date", "has_date_eq",
		"has_date_gt", "has_date_lt", "has_district", "has_email", "has_error", "has_group",
		"has_intent", "has_number", "has_number_between", "has_number_eq", "has_number_gt",
		"has_number_gte", "has_number_lt", "has_number_lte", "has_only_phrase", "has_only_text",
		"has_pattern", "has_phone", "has_phrase", "has_state", "has_text", "has_time",
		"has_top_intent", "has_value", "has_ward",
	} {
		caseTypes[t] = true
	}
}

// waitFlowTypes lists the flow types each wait type is allowed in: a background flow can't wait
// for a reply, and only a call can be dialled from.
var waitFlowTypes = map[flows.WaitType][]flows.FlowType{
	flows.WaitTypeMsg:  {flows.FlowTypeMessaging, flows.FlowTypeMessagingOffline, flows.FlowTypeVoice},
	flows.WaitTypeDial: {flows.FlowTypeVoice},
}

// checkGraph checks how the parts of a flow point at each other, the spec's limits, and what the
// flow's type allows.
func (c *checker) checkGraph(f *flows.Flow, fw where) {
	if len(f.Nodes) > flows.MaxNodesPerFlow {
		c.report(codeGraphTooManyNodes, fw.at("nodes"), "flow can't have more than %d nodes (has %d)", flows.MaxNodesPerFlow, len(f.Nodes))
	}

	// First pass: every UUID of the flow, to find duplicates and to resolve destinations and
	// localization items.
	nodes := make(map[string]bool, len(f.Nodes))
	// items holds every UUID with where it was first met, compactly: pointers are only built
	// for duplicates.
	items := make(map[string]place, 4*len(f.Nodes))
	claim := func(uuid string, p place) {
		if uuid == "" {
			return
		}
		if prev, dup := items[uuid]; dup {
			// the reference requires unique UUIDs of nodes, actions and exits only: a flow whose
			// case or category shares a UUID runs, though their translations are then shared
			code := codeGraphDupUUID
			switch {
			case p.kind == placeCase || prev.kind == placeCase:
				code = codeGraphDupCaseUUID
			case p.kind == placeCategory || prev.kind == placeCategory:
				code = codeGraphDupCategoryUUID
			}
			c.report(code, c.placeWhere(f, fw, p), "%s UUID %s is already used by %s at %s", p.what(), uuid, prev.what(), c.placeWhere(f, fw, prev).ptr)
			return
		}
		items[uuid] = p
	}
	for i, n := range f.Nodes {
		if n == nil {
			continue
		}
		claim(n.UUID, place{kind: placeNode, node: int32(i)})
		nodes[n.UUID] = true
		for j, a := range n.Actions {
			if a != nil {
				claim(a.UUID(), place{kind: placeAction, node: int32(i), j: int32(j)})
			}
		}
		for j, e := range n.Exits {
			if e != nil {
				claim(e.UUID, place{kind: placeExit, node: int32(i), j: int32(j)})
			}
		}
		if r := n.Router; r != nil {
			for j, cat := range r.Categories {
				if cat != nil {
					claim(cat.UUID, place{kind: placeCategory, node: int32(i), j: int32(j)})
				}
			}
			for j, cs := range r.Cases {
				if cs != nil {
					claim(cs.UUID, place{kind: placeCase, node: int32(i), j: int32(j)})
				}
			}
		}
	}

	for i, n := range f.Nodes {
		if n == nil {
			continue
		}
		nw := c.nodeAt(fw, i, n)
		c.checkNode(f, n, nw, nodes)
	}
	c.checkLocalization(f, fw, items)
}

func (c *checker) checkNode(f *flows.Flow, n *flows.Node, nw where, nodes map[string]bool) {
	if len(n.Actions) > flows.MaxActionsPerNode {
		c.report(codeGraphTooManyActions, nw.at("actions"), "node can't have more than %d actions (has %d)", flows.MaxActionsPerNode, len(n.Actions))
	}
	if len(n.Exits) > flows.MaxExitsPerNode {
		c.report(codeGraphTooManyExits, nw.at("exits"), "node can't have more than %d exits (has %d)", flows.MaxExitsPerNode, len(n.Exits))
	}
	// An invalid flow type is the field layer's finding; judging actions against it would only
	// repeat it once per action.
	knownType := slices.Contains(flows.FlowTypes, f.Type)
	for j, a := range n.Actions {
		if a == nil {
			continue
		}
		if knownType && !slices.Contains(a.AllowedFlowTypes(), f.Type) {
			aw := c.actionAt(nw, j, a)
			c.report(codeGraphActionFlowType, aw.at("type"), "action type '%s' is not allowed in a flow of type '%s' (allowed in: %s)", a.Type(), f.Type, joinFlowTypes(a.AllowedFlowTypes()))
		}
	}
	exits := map[string]bool{}
	for j, e := range n.Exits {
		if e == nil {
			continue
		}
		exits[e.UUID] = true
		if e.DestinationUUID != "" && !nodes[e.DestinationUUID] {
			c.report(codeGraphDestination, nw.idx("exits", j).at("destination_uuid"), "exit leads to node %s, which is not in the flow; expected the UUID of one of its %d nodes or no destination", e.DestinationUUID, len(f.Nodes))
		}
	}
	r := n.Router
	if r == nil {
		return
	}
	rw := nw.at("router")
	if len(r.Categories) > flows.MaxCategoriesPerNode {
		c.report(codeGraphTooManyCats, rw.at("categories"), "router can't have more than %d categories (has %d)", flows.MaxCategoriesPerNode, len(r.Categories))
	}
	if len(r.Cases) > flows.MaxCasesPerRouter {
		c.report(codeGraphTooManyCases, rw.at("cases"), "router can't have more than %d cases (has %d)", flows.MaxCasesPerRouter, len(r.Cases))
	}
	cats := map[string]bool{}
	for j, cat := range r.Categories {
		if cat == nil {
			continue
		}
		cats[cat.UUID] = true
		if cat.ExitUUID != "" && !exits[cat.ExitUUID] {
			c.report(codeGraphCategoryExit, rw.idx("categories", j).at("exit_uuid"), "category '%s' points at exit %s, which is not one of its node's exits", cat.Name, cat.ExitUUID)
		}
	}
	for j, cs := range r.Cases {
		if cs == nil {
			continue
		}
		cw := rw.idx("cases", j)
		if cs.CategoryUUID != "" && !cats[cs.CategoryUUID] {
			c.report(codeGraphCaseCategory, cw.at("category_uuid"), "case points at category %s, which is not one of its router's categories", cs.CategoryUUID)
		}
		if cs.Type != "" && !knownCaseType(cs.Type) {
			c.report(codeGraphCaseType, cw.at("type"), "unknown case type '%s'%s", cs.Type, suggest(cs.Type, CaseTypes()))
		}
	}
	if r.DefaultCategoryUUID != "" && !cats[r.DefaultCategoryUUID] {
		c.report(codeGraphDefaultCategory, rw.at("default_category_uuid"), "default category %s is not one of the router's categories", r.DefaultCategoryUUID)
	}
	if w := r.Wait; w != nil {
		ww := rw.at("wait")
		if allowed, known := waitFlowTypes[w.Type]; known && knownType && !slices.Contains(allowed, f.Type) {
			c.report(codeGraphWaitFlowType, ww.at("type"), "wait type '%s' is not allowed in a flow of type '%s' (allowed in: %s)", w.Type, f.Type, joinFlowTypes(allowed))
		}
		if t := w.Timeout; t != nil && t.CategoryUUID != "" && !cats[t.CategoryUUID] {
			c.report(codeGraphTimeoutCategory, ww.at("timeout", "category_uuid"), "timeout category %s is not one of the router's categories", t.CategoryUUID)
		}
	}
}

// checkLocalization checks the languages, items and property names of a flow's translations.
func (c *checker) checkLocalization(f *flows.Flow, fw where, items map[string]place) {
	lw := fw.at("localization")
	for _, lang := range sortedKeys(f.Localization) {
		if !validLanguage(lang) {
			c.report(codeGraphLocLanguage, lw.at(lang), "invalid language code '%s' in localization; expected an ISO 639-3 code such as 'eng' or 'spa'", lang)
		}
		for _, item := range sortedKeys(f.Localization[lang]) {
			iw := lw.at(lang, item)
			if !flows.IsUUID(item) {
				c.report(codeGraphLocItemUUID, iw, "localization item key '%s' is not a UUID; expected the UUID of an action, category or case of the flow", item)
			} else if lower := strings.ToLower(item); lower != item {
				// the engine reads item UUIDs anywhere else in either case, but not these keys
				c.report(codeGraphLocItemUUID, iw, "localization item key '%s' is not a lower-case UUID, which the engine refuses here; write '%s'", item, lower)
			} else if _, known := items[item]; !known {
				c.report(codeGraphLocItem, iw, "localization translates item %s, which is not an item (action, category, case) of the flow", item)
			}
			translatable, isItem := c.translatable(f, items, item)
			for _, prop := range sortedKeys(f.Localization[lang][item]) {
				switch {
				case prop == "" || len(prop) > maxPropertyName:
					c.report(codeGraphLocProperty, iw.at(prop), "invalid property name '%s'; expected the JSON name of a translatable property such as 'text' (1 to %d bytes)", prop, maxPropertyName)
				case isItem && !slices.Contains(translatable, prop):
					c.reportUnknownProperty(iw.at(prop), prop, translatable, items[item])
				}
			}
		}
	}
}

// maxPropertyName is the longest property name (in bytes) the engine reads in a localization.
const maxPropertyName = 64

// translatable returns the properties the item with a UUID may have translated, and whether the
// UUID is an item of the flow at all.
func (c *checker) translatable(f *flows.Flow, items map[string]place, uuid string) ([]string, bool) {
	p, ok := items[uuid]
	if !ok || int(p.node) >= len(f.Nodes) || f.Nodes[p.node] == nil {
		return nil, false
	}
	n := f.Nodes[p.node]
	switch p.kind {
	case placeAction:
		return flows.LocalizedProperties(n.Actions[p.j]), true
	case placeCategory:
		return flows.LocalizedProperties(n.Router.Categories[p.j]), true
	case placeCase:
		return flows.LocalizedProperties(n.Router.Cases[p.j]), true
	}
	return nil, true
}

// reportUnknownProperty warns about a translation of a property its item doesn't translate: the
// engine reads the flow and never uses it.
func (c *checker) reportUnknownProperty(w where, prop string, translatable []string, p place) {
	msg := fmt.Sprintf("the localization translates '%s', which this %s doesn't translate, so the engine never uses it", prop, p.what())
	switch {
	case len(translatable) == 0:
		msg += "; it has no translatable property"
	default:
		if best, ok := flows.Closest(prop, translatable); ok {
			msg += fmt.Sprintf("; did you mean '%s'?", best)
		} else {
			msg += fmt.Sprintf("; expected one of: %s", strings.Join(translatable, ", "))
		}
	}
	c.report(codeLintTranslationProperty, w, "%s", msg)
}

func joinFlowTypes(ts []flows.FlowType) string {
	names := make([]string, len(ts))
	for i, t := range ts {
		names[i] = string(t)
	}
	return strings.Join(names, ", ")
}

// knownCaseType reports whether a case type names a router test.
func knownCaseType(t string) bool {
	if caseTypes[t] {
		return true
	}
	_, fn := expressions.LookupFunction(t)
	return fn && expressions.IsTestName(t)
}

// CaseTypes lists the case types a switch router may use: the router tests.
func CaseTypes() []string {
	names := sortedKeys(caseTypes)
	for _, n := range expressions.FunctionNames() {
		if expressions.IsTestName(n) && !caseTypes[n] {
			names = append(names, n)
		}
	}
	return names
}

// place is where a UUID of a flow was met: a node, or the j-th action, exit, category or case
// of a node.
type place struct {
	kind placeKind
	node int32
	j    int32
}

type placeKind uint8

const (
	placeNode placeKind = iota
	placeAction
	placeExit
	placeCategory
	placeCase
)

func (p place) what() string {
	return [...]string{"node", "action", "exit", "category", "case"}[p.kind]
}

// placeWhere builds the pointer of a place's uuid property.
func (c *checker) placeWhere(f *flows.Flow, fw where, p place) where {
	n := f.Nodes[p.node]
	nw := c.nodeAt(fw, int(p.node), n)
	switch p.kind {
	case placeAction:
		return c.actionAt(nw, int(p.j), n.Actions[p.j]).at("uuid")
	case placeExit:
		return nw.idx("exits", int(p.j)).at("uuid")
	case placeCategory:
		return nw.at("router").idx("categories", int(p.j)).at("uuid")
	case placeCase:
		return nw.at("router").idx("cases", int(p.j)).at("uuid")
	}
	return nw.at("uuid")
}
