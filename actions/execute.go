package actions

// Helpers shared by the Execute methods of the action types. Each action type's Execute lives
// at the end of its own file; what several of them need is here.

import (
	"fmt"
	"strings"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
)

// Limits on what actions produce, as in the reference engine: longer values are cut (with an
// ellipsis for quick replies).
const (
	MaxQuickReplyText  = 64   // characters of a quick reply's text
	MaxQuickReplyExtra = 1000 // characters of a quick reply's extra
	MaxContactName     = 128  // characters of a contact's name
	MaxFieldValue      = 640  // characters of a contact field's value
	MaxResultValue     = 640  // characters of a run result's value
	MaxLocalValue      = 640  // characters of a run local's value
)

// errorf logs an error event with no code.
func errorf(log runtime.Logger, format string, args ...any) {
	log(runtime.NewError(fmt.Sprintf(format, args...)))
}

// missingDependency logs the error of an asset reference that names nothing loaded.
func missingDependency(log runtime.Logger, kind, keyName, identity, name string) {
	log(runtime.NewCodedError("dependency:missing",
		fmt.Sprintf("Missing dependency: %s[%s=%s,name=%s]", kind, keyName, identity, name),
		map[string]string{"identity": identity, "type": kind}))
}

// truncate cuts s to at most n runes.
func truncate(s string, n int) string {
	if len([]rune(s)) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// evalList evaluates each template of a list, reporting failures through log.
func evalList(run runtime.Run, list []string, log runtime.Logger) []string {
	out := make([]string, 0, len(list))
	for _, t := range list {
		v, _ := run.EvaluateTemplate(t, log)
		out = append(out, v)
	}
	return out
}

// localized returns the action's property in the run's language (or as written) and that language.
func localized(run runtime.Run, a flows.Action, prop string, native []string) ([]string, string) {
	return run.Localize(a.UUID(), prop, native)
}

func localizedOne(run runtime.Run, a flows.Action, prop, native string) (string, string) {
	list, lang := localized(run, a, prop, []string{native})
	if len(list) == 0 {
		return native, lang
	}
	return list[0], lang
}

// MaxEvaluatedAttachment is the longest an attachment may evaluate to, as the engine limits it
// (an attachment may be written longer, up to 8192 characters, while it is a template).
const MaxEvaluatedAttachment = 2048

// validAttachment accepts "type:url" attachments whose type is a media type or a short name.
func validAttachment(a string) bool {
	typ, url, ok := strings.Cut(a, ":")
	return ok && strings.TrimSpace(url) != "" && strings.TrimSpace(typ) != ""
}

// evalAttachments evaluates attachments, dropping (and reporting) those that come out invalid.
func evalAttachments(run runtime.Run, list []string, log runtime.Logger) []string {
	var out []string
	for _, t := range list {
		v, ok := evalNonEmpty(run, t, "Attachment", log)
		if !ok {
			continue
		}
		if !validAttachment(v) {
			errorf(log, "Attachment evaluated to invalid value and will be ignored")
			continue
		}
		if len(v) > MaxEvaluatedAttachment {
			errorf(log, "Evaluated attachment is longer than the %d limit and will be ignored", MaxEvaluatedAttachment)
			continue
		}
		out = append(out, v)
	}
	return out
}

// evalNonEmpty evaluates one template, trimmed, reporting it when it comes out empty (each
// item's errors are logged before the next item is evaluated, as in the reference).
func evalNonEmpty(run runtime.Run, tpl, what string, log runtime.Logger) (string, bool) {
	v, _ := run.EvaluateTemplate(tpl, log)
	if v = strings.TrimSpace(v); v == "" {
		errorf(log, "%s evaluated to empty string and will be ignored", what)
		return "", false
	}
	return v, true
}

// evalQuickReplies evaluates quick replies; "text<extra>more" splits into text and extra.
func evalQuickReplies(run runtime.Run, list []string, log runtime.Logger) []runtime.QuickReply {
	var out []runtime.QuickReply
	for _, t := range list {
		// quick replies are kept as they evaluate, spaces included; only an empty one is dropped
		v, _ := run.EvaluateTemplate(t, log)
		if v == "" {
			errorf(log, "Quick reply evaluated to empty string and will be ignored")
			continue
		}
		text, extra, _ := strings.Cut(v, "<extra>")
		out = append(out, runtime.QuickReply{Text: runtime.Ellipsize(text, MaxQuickReplyText), Type: "text", Extra: runtime.Ellipsize(extra, MaxQuickReplyExtra)})
	}
	return out
}

// newMsgOut addresses a message to the contact: the first URN a channel can send on, with the
// locale of the language the text is in and the contact's country.
func newMsgOut(run runtime.Run, text string, attachments []string, qrs []runtime.QuickReply, lang string) runtime.MsgOut {
	m := runtime.MsgOut{Text: text, Attachments: attachments, QuickReplies: qrs}
	urn, ch := runtime.Route(run.Contact(), run.Assets())
	if ch != nil {
		m.URN = urn.Identity()
		m.Channel = &runtime.Ref{UUID: ch.Identity, Name: ch.Name}
	} else {
		m.UnsendableReason = "no_route"
	}
	m.Locale = locale(run, lang, ch)
	return m
}

// locale joins a language and a country ("eng-US"); without a country it is the language alone.
// The country is, as in the reference, the one of the channel the message goes out on when the
// channel has one, else the contact's (from its phone numbers, else the environment's default).
func locale(run runtime.Run, lang string, ch *flows.Asset) string {
	if lang == "" {
		lang = "und"
	}
	if ch != nil {
		if c, _ := ch.Extra["country"].(string); c != "" {
			return lang + "-" + strings.ToUpper(c)
		}
	}
	if c := runtime.ContactCountry(run.Contact(), run.Env().DefaultCountry); c != "" {
		return lang + "-" + c
	}
	return lang
}

// groupChanges applies additions and removals to the contact's groups and logs what changed.
func logGroupsChanged(log runtime.Logger, added, removed []runtime.Ref) {
	if len(added) == 0 && len(removed) == 0 {
		return
	}
	e := runtime.NewContactGroupsChanged()
	e.GroupsAdded, e.GroupsRemoved = added, removed
	log(e)
}

// resolveGroup finds the group asset a reference names: by UUID, or by evaluating its name
// match and comparing names ignoring case.
func resolveGroup(run runtime.Run, ref *flows.GroupRef, log runtime.Logger) *flows.Asset {
	if ref == nil {
		return nil
	}
	assets := run.Assets()
	if ref.UUID != "" {
		if g := assets.Get(flows.AssetGroup, ref.UUID); g != nil {
			return g
		}
		missingDependency(log, "group", "uuid", ref.UUID, ref.Name)
		return nil
	}
	name, ok := run.EvaluateTemplate(ref.NameMatch, log)
	if !ok {
		return nil
	}
	for _, g := range assets.All(flows.AssetGroup) {
		if strings.EqualFold(strings.TrimSpace(g.Name), strings.TrimSpace(name)) {
			return g
		}
	}
	log(runtime.NewCodedError("group:missing", fmt.Sprintf("No such group with name '%s'", name), map[string]string{"name": name}))
	return nil
}

// resolveGroups resolves every reference of a group action, logging those it can't find.
func resolveGroups(run runtime.Run, refs []*flows.GroupRef, log runtime.Logger) []*flows.Asset {
	var out []*flows.Asset
	for _, ref := range refs {
		if g := resolveGroup(run, ref, log); g != nil {
			out = append(out, g)
		}
	}
	return out
}

// canChangeGroups reports whether the contact's static groups may change: not for a blocked or
// stopped contact, which the reference refuses (for adding and removing alike) before it looks
// at any group. An archived contact may still join; it leaves again when groups are re-evaluated.
func canChangeGroups(c *runtime.Contact, log runtime.Logger) bool {
	if c.Status == runtime.StatusBlocked || c.Status == runtime.StatusStopped {
		errorf(log, "Can't add blocked or stopped contacts to groups")
		return false
	}
	return true
}

// isQueryGroup reports whether membership of a group is decided by a contact query.
func isQueryGroup(g *flows.Asset) bool {
	q, _ := g.Extra["query"].(string)
	return q != ""
}

// recipients are who a broadcast or a new session is for.
type recipients struct {
	urns     []runtime.URN
	groups   []runtime.Ref
	contacts []runtime.Ref
	query    string
	// queried is whether the action has a contact query: as in the reference, that makes
	// recipients even when the query evaluates to nothing
	queried bool
}

func (r *recipients) empty() bool {
	return len(r.urns) == 0 && len(r.groups) == 0 && len(r.contacts) == 0 && !r.queried
}

// resolveRecipients evaluates the recipient fields of send_broadcast and start_session. Legacy
// variables may name a group (by name), a contact (by UUID) or a phone number or URN.
func resolveRecipients(run runtime.Run, urns []string, groups []*flows.GroupRef, contacts []*flows.ContactRef, query string, legacy []string, log runtime.Logger) *recipients {
	r := &recipients{}
	country := run.Env().DefaultCountry
	// URNs go as written: the reference neither evaluates nor normalizes them
	for _, u := range urns {
		r.urns = append(r.urns, runtime.URN(u))
	}
	for _, g := range groups {
		if as := resolveGroup(run, g, log); as != nil {
			r.groups = append(r.groups, runtime.Ref{UUID: as.Identity, Name: as.Name})
		}
	}
	for _, c := range contacts {
		r.contacts = append(r.contacts, runtime.Ref{UUID: c.UUID, Name: c.Name})
	}
	if query != "" {
		// values put into a query are quoted, so that a name with spaces stays one value; the
		// reference trims the space around the query it evaluated
		q, _ := run.EvaluateTemplateEscaped(query, quoteQueryValue, log)
		r.query, r.queried = strings.TrimSpace(q), true
	}
	for _, l := range legacy {
		// what a variable gives is resolved even when it failed to evaluate or is empty, as in
		// the reference: an empty value (what an error leaves) is reported as unresolvable
		v, _ := run.EvaluateTemplate(l, log)
		v = strings.TrimSpace(v)
		if g := groupByName(run.Assets(), v); g != nil {
			r.groups = append(r.groups, runtime.Ref{UUID: g.Identity, Name: g.Name})
			continue
		}
		if flows.IsUUID(v) {
			r.contacts = append(r.contacts, runtime.Ref{UUID: v})
			continue
		}
		// a valid URN as written is normalized without a country (local numbers aren't read as
		// any country's); anything else must read as a phone number of the run's country (the
		// contact's, else the environment's)
		if u := runtime.URN(v); strings.Contains(v, ":") && u.Validate() {
			r.urns = append(r.urns, runtime.NormalizeURN(u, ""))
			continue
		}
		if n, ok := runtime.ParseNumber(v, country); ok && writtenAsPhone(v) {
			r.urns = append(r.urns, runtime.URN("tel:"+n))
			continue
		}
		errorf(log, "'%s' couldn't be resolved to a contact, group or URN", v)
	}
	return r
}

func groupByName(assets *flows.Assets, name string) *flows.Asset {
	for _, g := range assets.All(flows.AssetGroup) {
		if strings.EqualFold(strings.TrimSpace(g.Name), name) {
			return g
		}
	}
	return nil
}

// writtenAsPhone: a legacy variable is read as a phone number only when it is written as one:
// digits with spaces, dots, dashes and brackets, and an optional leading + (no letters, as in
// the reference).
func writtenAsPhone(v string) bool {
	digits := false
	for i, c := range v {
		switch {
		case c >= '0' && c <= '9':
			digits = true
		case c == ' ' || c == '.' || c == '-' || c == '(' || c == ')':
		case c == '+' && i == 0:
		default:
			return false
		}
	}
	return digits
}

// hasString reports whether a decoded JSON list holds s.
func hasString(v any, s string) bool {
	list, _ := v.([]any)
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// describeFailure says why an outside call failed, for error events.
func describeFailure(resp *runtime.HTTPResponse) string {
	if resp.Log.Status == "connection_error" {
		return "connection error"
	}
	return fmt.Sprintf("status %d", resp.StatusCode)
}

// quoteQueryValue quotes a value evaluated into a contact query.
func quoteQueryValue(v string) string {
	return `"` + strings.ReplaceAll(v, `"`, `\"`) + `"`
}
