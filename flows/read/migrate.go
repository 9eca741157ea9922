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

// version is a flow spec version, major.minor.patch.
type version struct{ major, minor, patch int }

// currentVersion is the newest spec version whose changes flowctl knows; newer minor versions
// of the same major version are read as they are. See docs/spec-versions.md.
var currentVersion = version{14, 4, 2}

func (v version) String() string {
	return strconv.Itoa(v.major) + "." + strconv.Itoa(v.minor) + "." + strconv.Itoa(v.patch)
}

func (v version) less(o version) bool {
	if v.major != o.major {
		return v.major < o.major
	}
	if v.minor != o.minor {
		return v.minor < o.minor
	}
	return v.patch < o.patch
}

// parseVersion reads "13", "13.1" or "13.1.0" (exports have written all three).
func parseVersion(s string) (version, bool) {
	parts := strings.Split(s, ".")
	if len(parts) == 0 || len(parts) > 3 {
		return version{}, false
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 || p == "" || p[0] == '+' {
			return version{}, false
		}
		n[i] = v
	}
	return version{n[0], n[1], n[2]}, true
}

// migrateAction applies the spec's migrations of action fields to one action object of a flow
// written at spec version v. It returns m itself when nothing changes, else a changed copy.
func migrateAction(typ string, m map[string]any, v version) map[string]any {
	// 13.1–13.5: send_msg's templating object became template + template_variables.
	if typ == actions.TypeSendMsg && v.less(version{13, 5, 0}) {
		if tpl, ok := m["templating"].(map[string]any); ok {
			m = withKey(m, "template", tpl["template"])
			delete(m, "templating")
			var vars []any
			if vs, ok := tpl["variables"].([]any); ok {
				vars = append(vars, vs...)
			}
			if comps, ok := tpl["components"].([]any); ok {
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
	if (typ == actions.TypeSendMsg || typ == actions.TypeSendBroadcast) && v.less(version{14, 1, 0}) {
		if qrs, ok := m["quick_replies"].([]any); ok && len(qrs) > 10 {
			m = withKey(m, "quick_replies", qrs[:10])
		}
	}
	// 14.2: open_ticket's body became note.
	if typ == actions.TypeOpenTicket && v.less(version{14, 2, 0}) {
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
	if v.less(version{13, 2, 0}) && len(f.Language) != 3 {
		f.Language = "und"
		delete(f.Localization, "und")
	}
	// 13.3: @webhook became an object whose JSON body is @webhook.json.
	if v.less(version{13, 3, 0}) {
		rewriteFlowTemplates(f, renameWebhook)
	}
	// 13.6: result and category names were truncated to their limits.
	if v.less(version{13, 6, 0}) {
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
				r.ResultName = truncate(r.ResultName, maxResultName)
				for _, c := range r.Categories {
					if c != nil {
						c.Name = truncate(c.Name, maxCategoryName)
					}
				}
			}
		}
	}
	// 13.6.1: @results lookups longer than a result key may be were truncated to match.
	if v.less(version{13, 6, 1}) {
		truncateResultLookups(f)
	}
	// 14.0: expiries were capped and unnamed categories named.
	if v.less(version{14, 0, 0}) {
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
	if v.less(version{14, 1, 0}) {
		for _, n := range f.Nodes {
			if r := singleActionSwitch(n, actions.TypeCallWebhook, actions.TypeCallResthook); r != nil && strings.HasPrefix(r.Operand, "@results.") {
				c := r.Cases[0]
				c.Type, c.Arguments = "has_number_between", []string{"200", "299"}
				r.Operand, r.Cases = "@webhook.status", r.Cases[:1]
			}
		}
	}
	// 14.2: localization languages that aren't ISO 639-3 codes were dropped.
	if v.less(version{14, 2, 0}) {
		for lang := range f.Localization {
			if len(lang) != 3 {
				delete(f.Localization, lang)
			}
		}
	}
	// 14.3: ticket and airtime nodes split on the output local, and the result moved to the router.
	if v.less(version{14, 3, 0}) {
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
	if v.less(version{14, 3, 1}) {
		joinSingleArgCases(f)
	}
	// 14.4.1: every webhook and resthook node splits on the HTTP status, with one case.
	if v.less(version{14, 4, 1}) {
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
	if v.less(version{14, 4, 2}) {
		for _, n := range f.Nodes {
			if r := singleActionSwitch(n, actions.TypeCallWebhook, actions.TypeCallResthook); r != nil && r.Operand == "@webhook.status" {
				r.Operand = "@(default(webhook.status, 0))"
			}
		}
	}
}

// rewriteFlowTemplates applies fn to every template of a flow: the template fields of actions,
// router operands, case arguments, and the translations of those that are translatable.
func rewriteFlowTemplates(f *flows.Flow, fn func(string) string) {
	translatable := map[string][]string{} // item UUID → its properties whose translations are templates
	for _, n := range f.Nodes {
		if n == nil {
			continue
		}
		for _, a := range n.Actions {
			if a != nil {
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
	rewriteFlowTemplates(f, func(s string) string {
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
