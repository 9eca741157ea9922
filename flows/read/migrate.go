package read

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/flowctl/flowctl/actions"
	"github.com/flowctl/flowctl/expressions"
	"github.com/flowctl/flowctl/flows"
)

// version is a flow spec version, major.minor.patch, with a pre-release when it has one (which
// comes before the release: 13.1.0-beta < 13.1.0).
type version struct {
	major, minor, patch int
	pre                 string
}

// currentVersion is the newest spec version whose changes flowctl knows, as the reference
// engine: it reads a flow of this major and minor version whatever its patch, and refuses newer
// ones. See docs/spec-versions.md.
var currentVersion = version{major: 14, minor: 4, patch: 2}

func (v version) String() string {
	s := strconv.Itoa(v.major) + "." + strconv.Itoa(v.minor) + "." + strconv.Itoa(v.patch)
	if v.pre != "" {
		s += "-" + v.pre
	}
	return s
}

func (v version) less(o version) bool {
	if v.major != o.major {
		return v.major < o.major
	}
	if v.minor != o.minor {
		return v.minor < o.minor
	}
	if v.patch != o.patch {
		return v.patch < o.patch
	}
	switch {
	case v.pre == "" || o.pre == "":
		return v.pre != "" && o.pre == ""
	default:
		return v.pre < o.pre
	}
}

// tooNew reports whether a flow of version v is newer than the engine reads: a newer major or
// minor version, or a pre-release that no migration brings to a release (one at or after the
// current version).
func (v version) tooNew() bool {
	if v.major != currentVersion.major || v.minor != currentVersion.minor {
		return currentVersion.less(v)
	}
	return v.pre != "" && !v.less(currentVersion)
}

// parseVersion reads a spec version as the reference engine does (a semantic version, leniently):
// "13", "13.1", "13.1.0", with an optional leading v, pre-release (-beta.1) and build metadata
// (+x), which is ignored.
func parseVersion(s string) (version, bool) {
	s = strings.TrimPrefix(s, "v")
	s, build, hasBuild := strings.Cut(s, "+")
	if hasBuild && !validIdentifiers(build) {
		return version{}, false
	}
	s, pre, hasPre := strings.Cut(s, "-")
	if hasPre && !validIdentifiers(pre) {
		return version{}, false
	}
	parts := strings.Split(s, ".")
	if len(parts) > 3 {
		return version{}, false
	}
	var n [3]int
	for i, p := range parts {
		if p == "" || strings.TrimLeft(p, "0123456789") != "" {
			return version{}, false
		}
		v, err := strconv.Atoi(p)
		if err != nil {
			return version{}, false
		}
		n[i] = v
	}
	return version{n[0], n[1], n[2], pre}, true
}

// validIdentifiers accepts the dot-separated identifiers of a pre-release or build metadata:
// letters, digits and hyphens, none empty.
func validIdentifiers(s string) bool {
	for _, id := range strings.Split(s, ".") {
		if id == "" || strings.TrimLeft(id, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-") != "" {
			return false
		}
	}
	return true
}

// premigrate applies, to a flow object as written at version v, the migrations that must come
// before it is decoded: those that make values of the wrong type right (which the typed
// migrations can't, as such values don't decode): 13.2 set a language that isn't a three-letter
// code (a number, null) to "und", and 14.0 named the categories whose name isn't a non-empty
// string (null, missing, a number) "Match"; 13.6's cut of routers' result names, which must
// precede 14.3 moving a result name to a router; and the split rewrites of premigrateSplits. It
// returns the flow as it is to be read (a copy when anything changed, m itself otherwise) and
// the pointers, relative to the flow, of the values it set.
func premigrate(m map[string]any, v version) (map[string]any, map[string]any) {
	set := map[string]any{}
	if v.less(version{major: 13, minor: 2}) {
		if lang, _ := m["language"].(string); len(lang) != 3 {
			set["/language"] = "und"
		}
	}
	if v.less(version{major: 14}) {
		nodes, _ := m["nodes"].([]any)
		for i, n := range nodes {
			node, _ := n.(map[string]any)
			router, _ := node["router"].(map[string]any)
			cats, _ := router["categories"].([]any)
			for j, c := range cats {
				if cat, ok := c.(map[string]any); ok {
					if name, _ := cat["name"].(string); name == "" {
						set["/nodes/"+strconv.Itoa(i)+"/router/categories/"+strconv.Itoa(j)+"/name"] = "Match"
					}
				}
			}
		}
	}
	if v.less(version{major: 13, minor: 6}) {
		// 13.6 truncated routers' result names; done here, before 14.3 moves a ticket's or an
		// airtime action's result name (which 13.6 never truncated) to its router
		nodes, _ := m["nodes"].([]any)
		for i, n := range nodes {
			node, _ := n.(map[string]any)
			router, _ := node["router"].(map[string]any)
			if name, ok := router["result_name"].(string); ok && truncate(name, maxResultName) != name {
				set["/nodes/"+strconv.Itoa(i)+"/router/result_name"] = truncate(name, maxResultName)
			}
		}
	}
	// 14.2 dropped the languages that aren't three-byte codes from the localization, whatever
	// they held: the engine never reads what was there, so it can't be of the wrong shape. null
	// keeps the language listed until migrateFlow drops it.
	if loc, _ := m["localization"].(map[string]any); v.less(version{major: 14, minor: 2}) {
		for lang, trans := range loc {
			if trans != nil && droppedLanguage(v, lang) {
				set["/localization/"+flows.EscapePointerToken(lang)] = nil
			}
		}
	}
	premigrateSplits(m, v, set)
	if len(set) == 0 {
		return m, nil
	}
	var out any = m
	for _, ptr := range sortedKeys(set) {
		out = setAt(out, ptr, set[ptr], true)
	}
	return out.(map[string]any), set
}

// premigrateSplits records in set what the 14.3 and 14.4.1 migrations rewrite in the split of a
// node holding a single ticket, airtime, webhook or resthook action: the router's operand and
// cases, whatever they held (the engine migrates the flow's JSON before reading it, so values of
// any type there are replaced before anyone reads them), and, for the webhook split, the
// translations of the cases' arguments. The typed migrations that follow find the split already
// rewritten.
func premigrateSplits(m map[string]any, v version, set map[string]any) {
	tickets := v.less(version{major: 14, minor: 3})
	webhooks := v.less(version{major: 14, minor: 4, patch: 1})
	if !tickets && !webhooks {
		return
	}
	locals := map[string]string{actions.TypeOpenTicket: "_new_ticket", actions.TypeTransferAirtime: "_new_transfer"}
	loc, _ := m["localization"].(map[string]any)
	nodes, _ := m["nodes"].([]any)
	for i, n := range nodes {
		node, _ := n.(map[string]any)
		acts, _ := node["actions"].([]any)
		router, _ := node["router"].(map[string]any)
		if len(acts) != 1 || router == nil || router["type"] != string(flows.RouterTypeSwitch) {
			continue
		}
		action, _ := acts[0].(map[string]any)
		typ, _ := action["type"].(string)
		cases, _ := router["cases"].([]any)
		if len(cases) == 0 {
			continue
		}
		case0, _ := cases[0].(map[string]any)
		if case0 == nil {
			continue
		}
		rp := "/nodes/" + strconv.Itoa(i) + "/router"
		operand, _ := router["operand"].(string)
		switch {
		case tickets && locals[typ] != "" && strings.HasPrefix(operand, "@results."):
			set[rp+"/operand"] = "@locals." + locals[typ]
			set[rp+"/cases"] = []any{withKey(withKey(case0, "type", "has_text"), "arguments", []any{})}
			// the result moves to the router
			set[rp+"/result_name"] = action["result_name"]
			set["/nodes/"+strconv.Itoa(i)+"/actions/0/result_name"] = nil
		case webhooks && (typ == actions.TypeCallWebhook || typ == actions.TypeCallResthook):
			set[rp+"/operand"] = "@webhook.status"
			set[rp+"/cases"] = []any{withKey(withKey(case0, "type", "has_number_between"), "arguments", []any{"200", "299"})}
			// the arguments are a status range now, never translated
			for _, c := range cases {
				cm, _ := c.(map[string]any)
				uuid, _ := cm["uuid"].(string)
				for _, lang := range sortedKeys(loc) {
					items, _ := loc[lang].(map[string]any)
					item, _ := items[uuid].(map[string]any)
					if _, has := item["arguments"]; !has || uuid == "" {
						continue
					}
					rest := make(map[string]any, len(item))
					for k, x := range item {
						if k != "arguments" {
							rest[k] = x
						}
					}
					ptr := "/localization/" + flows.EscapePointerToken(lang) + "/" + flows.EscapePointerToken(uuid)
					if len(rest) == 0 {
						set[ptr] = nil // read as no translations at all
					} else {
						set[ptr] = rest
					}
				}
			}
		}
	}
}

// setAt returns v with the value at pointer set to val, copying the containers on the way (and
// only those). A pointer that doesn't resolve leaves v as it is, except that with add a missing
// last member of an object is added.
func setAt(v any, pointer string, val any, add bool) any {
	if pointer == "" {
		return val
	}
	tok, rest, _ := strings.Cut(pointer[1:], "/")
	if rest != "" {
		rest = "/" + rest
	}
	tok = unescapeToken(tok)
	switch c := v.(type) {
	case map[string]any:
		child, ok := c[tok]
		if !ok && (rest != "" || !add) {
			return v
		}
		cp := make(map[string]any, len(c)+1)
		for k, x := range c {
			cp[k] = x
		}
		cp[tok] = setAt(child, rest, val, add)
		return cp
	case []any:
		i, err := strconv.Atoi(tok)
		if err != nil || i < 0 || i >= len(c) {
			return v
		}
		cp := append([]any(nil), c...)
		cp[i] = setAt(c[i], rest, val, add)
		return cp
	}
	return v
}

// migrateAction applies the spec's migrations of action fields to one action object of a flow
// written at spec version v. It returns m itself when nothing changes, else a changed copy.
func migrateAction(typ string, m map[string]any, v version) map[string]any {
	// 13.1–13.5: send_msg's templating object became template + template_variables: 13.4 made
	// its variables the params of one body component (replacing any components it had), 13.5
	// joined the components' params. A flow written at 13.4 has only its components read, even
	// when it still holds variables.
	if typ == actions.TypeSendMsg && v.less(version{major: 13, minor: 5}) {
		if tpl, ok := m["templating"].(map[string]any); ok {
			m = withKey(m, "template", tpl["template"])
			delete(m, "templating")
			var vars []any
			if vs, ok := tpl["variables"].([]any); ok && v.less(version{major: 13, minor: 4}) {
				vars = append(vars, vs...)
			}
			if comps, ok := tpl["components"].([]any); ok && !v.less(version{major: 13, minor: 4}) {
				for _, c := range comps {
					if cm, ok := c.(map[string]any); ok {
						if ps, ok := cm["params"].([]any); ok {
							vars = append(vars, ps...)
						}
					}
				}
			}
			if len(vars) > 0 {
				m["template_variables"] = vars
			}
		}
	}
	// 14.1: at most 10 quick replies; older flows were trimmed.
	if (typ == actions.TypeSendMsg || typ == actions.TypeSendBroadcast) && v.less(version{major: 14, minor: 1}) {
		if qrs, ok := m["quick_replies"].([]any); ok && len(qrs) > 10 {
			m = withKey(m, "quick_replies", qrs[:10])
		}
	}
	// 14.2: open_ticket's body became note.
	if typ == actions.TypeOpenTicket && v.less(version{major: 14, minor: 2}) {
		if body, ok := m["body"].(string); ok && body != "" {
			m = withKey(m, "note", body)
			delete(m, "body")
		}
	}
	return m
}

// Limits the 13.6 migration enforces by truncating.
const (
	maxResultName   = 64
	maxCategoryName = 36
)

// migrateFlow applies the spec's flow-level migrations to a flow written at spec version v.
func migrateFlow(f *flows.Flow, v version) {
	if !v.less(currentVersion) {
		return
	}
	// 13.2: a flow language that isn't an ISO 639-3 code (e.g. "base") became "und".
	if v.less(version{major: 13, minor: 2}) && len(f.Language) != 3 {
		f.Language = "und"
		delete(f.Localization, "und")
	}
	// 13.3: @webhook became an object whose JSON body is @webhook.json.
	if v.less(version{major: 13, minor: 3, patch: 0}) {
		rewriteFlowTemplates(f, version{major: 13, minor: 3}, renameWebhook)
	}
	// 13.6: result and category names were truncated to their limits (routers' result names
	// by premigrate).
	if v.less(version{major: 13, minor: 6, patch: 0}) {
		for _, n := range f.Nodes {
			if n == nil {
				continue
			}
			for _, a := range n.Actions {
				if r, ok := a.(*actions.SetRunResult); ok {
					r.Name = truncate(r.Name, maxResultName)
					r.Category = truncate(r.Category, maxCategoryName)
				}
			}
			if r := n.Router; r != nil {
				for _, c := range r.Categories {
					if c != nil {
						c.Name = truncate(c.Name, maxCategoryName)
					}
				}
			}
		}
	}
	// 13.6.1: @results lookups longer than a result key may be were truncated to match.
	if v.less(version{major: 13, minor: 6, patch: 1}) {
		truncateResultLookups(f)
	}
	// 14.0: expiries were capped and unnamed categories named.
	if v.less(version{major: 14, minor: 0, patch: 0}) {
		caps := map[flows.FlowType]int{flows.FlowTypeMessaging: 20160, flows.FlowTypeVoice: 15}
		if c, ok := caps[f.Type]; ok && f.ExpireAfterMinutes > c {
			f.ExpireAfterMinutes = c
		}
		for _, n := range f.Nodes {
			if n != nil && n.Router != nil {
				for _, c := range n.Router.Categories {
					if c != nil && c.Name == "" {
						c.Name = "Match"
					}
				}
			}
		}
	}
	// 14.1: webhook and resthook nodes split on the HTTP status instead of their result.
	if v.less(version{major: 14, minor: 1}) {
		for _, n := range f.Nodes {
			if r := singleActionSwitch(n, actions.TypeCallWebhook, actions.TypeCallResthook); r != nil && strings.HasPrefix(r.Operand, "@results.") {
				c := r.Cases[0]
				c.Type, c.Arguments = "has_number_between", []string{"200", "299"}
				r.Operand, r.Cases = "@webhook.status", r.Cases[:1]
			}
		}
	}
	// 14.2: localization languages that aren't ISO 639-3 codes were dropped.
	for lang := range f.Localization {
		if droppedLanguage(v, lang) {
			delete(f.Localization, lang)
		}
	}
	// 14.3: ticket and airtime nodes split on the output local, and the result moved to the router.
	if v.less(version{major: 14, minor: 3, patch: 0}) {
		locals := map[string]string{actions.TypeOpenTicket: "_new_ticket", actions.TypeTransferAirtime: "_new_transfer"}
		for _, n := range f.Nodes {
			r := singleActionSwitch(n, actions.TypeOpenTicket, actions.TypeTransferAirtime)
			if r == nil || !strings.HasPrefix(r.Operand, "@results.") {
				continue
			}
			c := r.Cases[0]
			c.Type, c.Arguments = "has_text", nil
			r.Operand, r.Cases = "@locals."+locals[n.Actions[0].Type()], r.Cases[:1]
			switch a := n.Actions[0].(type) {
			case *actions.OpenTicket:
				r.ResultName, a.ResultName = a.ResultName, ""
			case *actions.TransferAirtime:
				r.ResultName, a.ResultName = a.ResultName, ""
			}
		}
	}
	// 14.3.1: single-argument text tests saved with several arguments had them joined.
	if v.less(version{major: 14, minor: 3, patch: 1}) {
		joinSingleArgCases(f)
	}
	// 14.4.1: every webhook and resthook node splits on the HTTP status, with one case.
	if v.less(version{major: 14, minor: 4, patch: 1}) {
		for _, n := range f.Nodes {
			r := singleActionSwitch(n, actions.TypeCallWebhook, actions.TypeCallResthook)
			if r == nil {
				continue
			}
			// The case arguments are a status range now, never translated.
			for _, c := range r.Cases {
				if c == nil {
					continue
				}
				for _, trans := range f.Localization {
					delete(trans[c.UUID], "arguments")
					if len(trans[c.UUID]) == 0 {
						delete(trans, c.UUID)
					}
				}
			}
			c := r.Cases[0]
			c.Type, c.Arguments = "has_number_between", []string{"200", "299"}
			r.Operand, r.Cases = "@webhook.status", r.Cases[:1]
		}
	}
	// 14.4.2: those nodes read the status through default(), so that a call that never happened
	// (no @webhook) routes to Failure instead of logging an error.
	if v.less(version{major: 14, minor: 4, patch: 2}) {
		for _, n := range f.Nodes {
			if r := singleActionSwitch(n, actions.TypeCallWebhook, actions.TypeCallResthook); r != nil && r.Operand == "@webhook.status" {
				r.Operand = "@(default(webhook.status, 0))"
			}
		}
	}
}

// droppedLanguage reports whether the 14.2 migration drops the translations of lang from a flow
// written at version v: it dropped localization languages that aren't ISO 639-3 codes.
func droppedLanguage(v version, lang string) bool {
	return v.less(version{major: 14, minor: 2}) && len(lang) != 3
}

// templatesKnownSince says from which spec version a migration knows the templates of an
// action type. A migration rewrites only the templates the spec knew when it was written: an
// action type that came later keeps its templates as written, even in an older flow.
var templatesKnownSince = map[string]version{
	actions.TypeCallLLM:     {major: 14},
	actions.TypeSetRunLocal: {major: 14},
}

// rewriteFlowTemplates applies fn, the migration to spec version to, to every template of a
// flow that spec knew of: the template fields of actions, router operands, case arguments, and
// the translations of those that are translatable.
func rewriteFlowTemplates(f *flows.Flow, to version, fn func(string) string) {
	translatable := map[string][]string{} // item UUID → its properties whose translations are templates
	for _, n := range f.Nodes {
		if n == nil {
			continue
		}
		for _, a := range n.Actions {
			if a == nil {
				continue
			}
			if since, later := templatesKnownSince[a.Type()]; !later || !to.less(since) {
				flows.RewriteTemplates(a, fn)
				translatable[a.UUID()] = flows.LocalizedTemplates(a)
			}
		}
		flows.RewriteTemplates(n, fn) // its actions are not part of it
		if n.Router != nil {
			for _, c := range n.Router.Cases {
				if c != nil {
					translatable[c.UUID] = flows.LocalizedTemplates(c)
				}
			}
		}
	}
	for _, trans := range f.Localization {
		for item, props := range trans {
			for prop, texts := range props {
				if !slices.Contains(translatable[item], prop) {
					continue
				}
				for i, s := range texts {
					if s != "" {
						texts[i] = fn(s)
					}
				}
			}
		}
	}
}

// renameWebhook turns each reference to @webhook in a template into one to @webhook.json, as
// the 13.3 migration did: "@webhook.foo" → "@webhook.json.foo", "@(webhook["x"])" →
// "@(webhook.json["x"])". A template that doesn't parse is left as it is.
func renameWebhook(s string) string {
	if !strings.Contains(strings.ToLower(s), "webhook") {
		return s
	}
	t, err := expressions.ParseTemplate(s)
	if err != nil {
		return s
	}
	var at []int // where ".json" goes: just after each reference's "webhook"
	for _, r := range t.References() {
		if len(r.Path) == 0 || r.Path[0] != "webhook" {
			continue
		}
		p := r.Offset
		if p < len(s) && s[p] == '@' {
			p++
		}
		if p+len("webhook") <= len(s) && strings.EqualFold(s[p:p+len("webhook")], "webhook") {
			at = append(at, p+len("webhook"))
		}
	}
	for i := len(at) - 1; i >= 0; i-- {
		s = s[:at[i]] + ".json" + s[at[i]:]
	}
	return s
}

// maxResultKey is the longest @results lookup that can match a result: result names are at most
// 64 characters since 13.6, and so are their keys.
const maxResultKey = 64

// truncateResultLookups shortens @results.x lookups longer than a result key can be, as the
// 13.6.1 migration did after 13.6 truncated the names. When the cut leaves a trailing _ that
// the key of the (trimmed) truncated name doesn't have, the trimmed lookup is used if it
// matches a result of the flow and the untrimmed one doesn't.
func truncateResultLookups(f *flows.Flow) {
	keys := map[string]bool{}
	for _, n := range f.Nodes {
		if n == nil {
			continue
		}
		for _, a := range n.Actions {
			if r, ok := a.(*actions.SetRunResult); ok && r.Name != "" {
				keys[flows.ResultKey(r.Name)] = true
			}
		}
		if n.Router != nil && n.Router.ResultName != "" {
			keys[flows.ResultKey(n.Router.ResultName)] = true
		}
	}
	shorten := func(lookup string) string {
		cut := truncate(lookup, maxResultKey)
		if trimmed := strings.TrimRight(cut, "_"); trimmed != cut && !keys[strings.ToLower(cut)] && keys[strings.ToLower(trimmed)] {
			return trimmed
		}
		return cut
	}
	rewriteFlowTemplates(f, version{major: 13, minor: 6, patch: 1}, func(s string) string {
		if !strings.Contains(strings.ToLower(s), "results") {
			return s
		}
		t, err := expressions.ParseTemplate(s)
		if err != nil {
			return s
		}
		type edit struct {
			at, n int
			with  string
		}
		var edits []edit
		for _, r := range t.References() {
			if len(r.Path) < 2 || r.Path[0] != "results" || utf8.RuneCountInString(r.Path[1]) <= maxResultKey {
				continue
			}
			// Only the dotted form (results.key) is rewritten: find the key just after "results.".
			p := r.Offset
			if p < len(s) && s[p] == '@' {
				p++
			}
			p += len("results.")
			key := r.Path[1]
			if p > len(s) || p+len(key) > len(s) || s[p-1] != '.' || !strings.EqualFold(s[p:p+len(key)], key) {
				continue
			}
			edits = append(edits, edit{p, len(key), shorten(s[p : p+len(key)])})
		}
		for i := len(edits) - 1; i >= 0; i-- {
			e := edits[i]
			s = s[:e.at] + e.with + s[e.at+e.n:]
		}
		return s
	})
}

// singleActionSwitch returns the switch router of a node holding exactly one action of one of
// the given types and at least one case, or nil.
func singleActionSwitch(n *flows.Node, types ...string) *flows.Router {
	if n == nil || len(n.Actions) != 1 || n.Router == nil || n.Router.Type != flows.RouterTypeSwitch ||
		len(n.Router.Cases) == 0 || n.Router.Cases[0] == nil {
		return nil
	}
	for _, t := range types {
		if n.Actions[0].Type() == t {
			return n.Router
		}
	}
	return nil
}

var singleArgTests = map[string]bool{
	"has_only_text": true, "has_phrase": true, "has_only_phrase": true, "has_any_word": true,
	"has_all_words": true, "has_beginning": true, "has_pattern": true,
}

func joinSingleArgCases(f *flows.Flow) {
	for _, n := range f.Nodes {
		if n == nil || n.Router == nil {
			continue
		}
		for _, c := range n.Router.Cases {
			if c == nil || !singleArgTests[c.Type] {
				continue
			}
			if len(c.Arguments) > 1 {
				c.Arguments = []string{strings.Join(c.Arguments, " ")}
			}
			for _, trans := range f.Localization {
				if args := trans[c.UUID]["arguments"]; len(args) > 1 {
					trans[c.UUID]["arguments"] = []string{strings.Join(args, " ")}
				}
			}
		}
	}
}

// truncate shortens s to at most n characters, dropping trailing spaces left by the cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	runes := []rune(s)
	return strings.TrimSpace(string(runes[:n]))
}
