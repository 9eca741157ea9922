package engine

import (
	"cmp"
	"encoding/json"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/flowctl/flowctl/expressions"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
)

// contextCache holds a run's expression context until something changes: the engine
// invalidates every run's cache when it logs an event or moves a run on (invalidateAll), one
// run's when only that run changed.
type contextCache struct {
	ctx *expressions.EvalContext
	// gen is the session's contextGen the context was built at
	gen uint64
}

func (r *Run) invalidate() { r.ctx = nil }

// invalidateAll drops every run's context at once: the caches built before are stale by their
// generation, so that an event costs the same however many runs the session holds (a hand-made
// session of 20000 nested runs failing logged 20000 events, each once clearing every run).
func (s *Session) invalidateAll() { s.contextGen++ }

func (r *Run) touch() {
	r.ModifiedOn = r.session.eng.last
	r.invalidate()
}

// evalContext returns the run's evaluation context, building the context root when needed.
func (r *Run) evalContext() *expressions.EvalContext {
	if r.ctx != nil && r.ctx.gen == r.session.contextGen {
		r.ctx.ctx.Limits.Shared = r.session.work
		return r.ctx.ctx
	}
	s := r.session
	ctx := expressions.NewEvalContext(s.env(), r.buildRoot())
	// each reading the reference makes (now(), today(), dates read from text) reads the clock,
	// in the session environment's zone even when the run's follows the contact's
	ctx.Now = s.eng.now
	if ctx.Env != s.eng.env {
		ctx.NowZone = s.eng.env.Timezone
	}
	ctx.Locations = s.eng.locationIndex()
	// rand() draws from the engine's seeded source, as random routers do
	ctx.Rand = s.eng.rnd.Float64
	ctx.Limits.Shared = s.work
	r.ctx = &contextCache{ctx: ctx, gen: s.contextGen}
	return ctx
}

// sessionParts caches the parts of the context that change rarely, so that rebuilding a run's
// context after each event stays cheap: the contact's parts are rebuilt only when an event
// says the contact changed, the trigger and globals never.
type sessionParts struct {
	contactVer, builtVer  int
	contact, fields, urns expressions.Value
	trigger, globals      expressions.Value
	haveTrigger           bool
	input                 expressions.Value
	inputFor              *runtime.MsgReceived
}

// contactChanged marks the contact's parts of the context stale.
func (s *Session) contactChanged() { s.parts.contactVer++ }

func (s *Session) contactParts() (contact, fields, urns expressions.Value) {
	p := &s.parts
	if p.contact == nil || p.builtVer != p.contactVer {
		p.contact, p.fields, p.urns = s.contactObject(), s.fieldsObject(), s.urnsObject()
		p.builtVer = p.contactVer
	}
	return p.contact, p.fields, p.urns
}

// buildRoot builds the top level of the context: the names templates start from.
func (r *Run) buildRoot() *expressions.Object {
	s := r.session
	p := &s.parts
	root := expressions.NewObject()
	contact, fields, urns := s.contactParts()
	root.Set("contact", contact)
	root.Set("fields", fields)
	root.Set("urns", urns)
	results := resultsObject(r)
	root.Set("results", results)
	root.Set("run", r.runObject(contact, results))
	if p.inputFor != s.Input || (p.input == nil && s.Input != nil) {
		p.input, p.inputFor = s.inputObject(), s.Input
	}
	root.Set("input", p.input)
	root.Set("node", r.nodeObject())
	if !p.haveTrigger {
		p.trigger, p.globals, p.haveTrigger = s.triggerObject(), s.globalsObject(), true
	}
	root.Set("trigger", p.trigger)
	root.Set("resume", s.resumeObject())
	root.Set("globals", p.globals)
	root.Set("locals", r.localsObject())
	if r.Webhook != nil {
		root.Set("webhook", webhookValue(r.Webhook))
	} else {
		root.Set("webhook", nil)
	}
	root.SetDeprecated("legacy_extra", r.legacyExtra(), "@legacy_extra is deprecated")
	switch {
	case r.parent != nil:
		root.Set("parent", r.parent.summaryObject())
	case s.trigger != nil && len(s.trigger.RunSummary) > 0:
		root.Set("parent", s.summaryFromJSON(s.trigger.RunSummary))
	default:
		root.Set("parent", nil)
	}
	if child := s.lastChildOf(r); child != nil {
		root.Set("child", child.summaryObject())
	} else {
		root.Set("child", nil)
	}
	root.Set("ticket", s.lastTicket())
	return root
}

func (s *Session) lastChildOf(r *Run) *Run {
	for i := len(s.Runs) - 1; i >= 0; i-- {
		if s.Runs[i].parent == r {
			return s.Runs[i]
		}
	}
	return nil
}

func text(s string) expressions.Value { return expressions.NewText(s) }

func dateTime(t *time.Time) expressions.Value {
	if t == nil || t.IsZero() {
		return nil
	}
	return expressions.NewDateTime(*t)
}

func refObject(uuid, name string) *expressions.Object {
	o := expressions.NewObject()
	o.Set("uuid", text(uuid)).Set("name", text(name)).SetDefault(text(name))
	return o
}

// contactObject is @contact: it renders as the contact's name.
func (s *Session) contactObject() expressions.Value {
	c := s.Contact
	if c == nil {
		return nil
	}
	o := expressions.NewObject()
	o.Set("uuid", text(c.UUID))
	key := runtime.DefaultObfuscationKey
	if k := s.env().ObfuscationKey; k != nil {
		key = *k
	}
	o.Set("ref", text(runtime.ContactRef(c.ID, key)))
	o.SetDeprecated("id", text(decimal.NewFromInt(c.ID).String()), "@contact.id is deprecated, use @contact.ref instead")
	o.Set("name", text(c.Name))
	o.Set("first_name", textOrNil(firstName(c.Name)))
	o.Set("language", text(c.Language))
	o.Set("timezone", textOrNil(c.Timezone))
	o.Set("status", text(c.Status))
	o.Set("created_on", dateTime(&c.CreatedOn))
	o.Set("last_seen_on", dateTime(c.LastSeenOn))
	urns := make([]expressions.Value, 0, len(c.URNs))
	for _, u := range c.URNs {
		urns = append(urns, s.urnValue(u))
	}
	o.Set("urns", expressions.NewArray(urns...))
	// the preferred URN is the first one messages can go out on
	if u, _ := runtime.Route(c, s.eng.assets); u != "" {
		o.Set("urn", s.urnValue(u))
	} else {
		o.Set("urn", nil)
	}
	groups := make([]expressions.Value, 0, len(c.Groups))
	for _, g := range c.Groups {
		// unlike flows and channels, a group has no default: the reference renders a contact's
		// groups as `[{name: A, uuid: ...}]`
		groups = append(groups, expressions.NewObject().Set("uuid", text(g.UUID)).Set("name", text(g.Name)))
	}
	o.Set("groups", expressions.NewArray(groups...))
	o.Set("fields", s.fieldsObject())
	if ch := s.contactChannel(); ch != nil {
		o.Set("channel", channelObject(ch))
	} else {
		o.Set("channel", nil)
	}
	tickets := make([]expressions.Value, 0, len(c.Tickets))
	for _, t := range c.Tickets {
		tickets = append(tickets, s.ticketObject(t))
	}
	o.SetDeprecated("tickets", expressions.NewArray(tickets...), "@contact.tickets is deprecated, use @ticket instead")
	o.SetDefault(text(s.contactDisplay(c)))
	return o
}

// contactDisplay is how a contact reads as text: its name, else (URNs redacted) its id, else its
// first URN as people write it (its display, else a phone number in its national format), as
// the reference formats it.
func (s *Session) contactDisplay(c *runtime.Contact) string {
	if c == nil {
		return ""
	}
	if c.Name != "" {
		return c.Name
	}
	// with URNs redacted, a contact without a name is known by its id, 0 when it has none
	if s.eng.env.RedactionPolicy == "urns" {
		return strconv.FormatInt(c.ID, 10)
	}
	if len(c.URNs) == 0 {
		return ""
	}
	ctx := expressions.NewEvalContext(s.env(), nil)
	if v, err := expressions.ToText(ctx, formatURN(ctx, expressions.NewText(contextURN(c.URNs[0])))); err == nil {
		return v
	}
	return c.URNs[0].Path()
}

// formatURN is the format_urn function.
var formatURN = func() func(*expressions.EvalContext, expressions.Value) expressions.Value {
	fn, _ := expressions.LookupFunction("format_urn")
	return func(ctx *expressions.EvalContext, v expressions.Value) expressions.Value {
		return fn(ctx, []expressions.Value{v})
	}
}()

// textOrNil is text, or null for the empty text (keys the reference leaves null when unset).
func textOrNil(s string) expressions.Value {
	if s == "" {
		return nil
	}
	return text(s)
}

func firstName(name string) string {
	// the first word as the reference tokenizes the name: "Mary-Jane Smith" is Mary, "Dr. Who" Dr
	if w := expressions.Words(name); len(w) > 0 {
		return w[0]
	}
	return ""
}

// urnValue is how a URN appears in the context, as the reference writes it: its scheme and path
// and, when it has one, its display (escaped as a URL fragment: "#Bob%20Smith"), without query
// (its channel); hidden when the environment redacts URNs.
func (s *Session) urnValue(u runtime.URN) expressions.Value {
	if s.eng.env.RedactionPolicy == "urns" {
		return text(u.Scheme() + ":" + runtime.RedactedPath)
	}
	return text(contextURN(u))
}

// contextURN is the URN without its query, with its display escaped as a URL fragment.
func contextURN(u runtime.URN) string {
	id := string(u.Identity())
	if d := u.Display(); d != "" {
		id += "#" + (&url.URL{Fragment: d}).EscapedFragment()
	}
	return id
}

func channelObject(a *flows.Asset) *expressions.Object {
	o := refObject(a.Identity, a.Name)
	if addr, ok := a.Extra["address"].(string); ok {
		o.Set("address", text(addr))
	}
	return o
}

// urnsObject is @urns: the first URN of each scheme.
func (s *Session) urnsObject() expressions.Value {
	o := expressions.NewObject()
	for _, scheme := range flows.URNSchemes {
		o.Set(scheme, nil)
	}
	if s.Contact != nil {
		for i := len(s.Contact.URNs) - 1; i >= 0; i-- {
			u := s.Contact.URNs[i]
			o.Set(u.Scheme(), s.urnValue(u))
		}
	}
	return o
}

// fieldsObject is @fields: every declared field, typed by its asset's value type, renders as
// "Name: value" lines of the set ones.
func (s *Session) fieldsObject() expressions.Value {
	o := expressions.NewObject()
	var lines []string
	fieldAssets := s.eng.assets.All(flows.AssetField)
	sort.Slice(fieldAssets, func(i, j int) bool { return fieldAssets[i].Identity < fieldAssets[j].Identity })
	seen := map[string]bool{}
	for _, f := range fieldAssets {
		seen[f.Identity] = true
		var fv *runtime.FieldValue
		if s.Contact != nil {
			fv = s.Contact.Fields[f.Identity]
		}
		typ, _ := f.Extra["type"].(string)
		v := fieldValue(fv, typ)
		o.Set(f.Identity, v)
		// a value its type can't read (a number field holding "abc") has no line; the others
		// show as their type renders them
		if v != nil {
			if t, err := expressions.ToText(nil, v); err == nil {
				lines = append(lines, f.Name+": "+t)
			}
		}
	}
	if s.Contact != nil {
		keys := make([]string, 0, len(s.Contact.Fields))
		for k := range s.Contact.Fields {
			if !seen[k] {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			o.Set(k, fieldValue(s.Contact.Fields[k], "text"))
		}
	}
	// the lines are sorted as text, as the reference sorts them (so "Zone" before "age")
	sort.Strings(lines)
	o.SetDefault(text(strings.Join(lines, "\n")))
	return o
}

// fieldValue is a field's value as its type reads it.
func fieldValue(fv *runtime.FieldValue, typ string) expressions.Value {
	if fv == nil {
		return nil
	}
	switch typ {
	case "number":
		if fv.Number == "" {
			return nil
		}
		d, err := decimal.NewFromString(string(fv.Number))
		if err != nil {
			return nil
		}
		return expressions.NewNumber(d)
	case "datetime":
		if fv.Datetime == "" {
			return nil
		}
		t, err := time.Parse(time.RFC3339Nano, fv.Datetime)
		if err != nil {
			return nil
		}
		return expressions.NewDateTime(t)
	case "state":
		return locationValue(fv.State)
	case "district":
		return locationValue(fv.District)
	case "ward":
		return locationValue(fv.Ward)
	}
	return text(fv.Text)
}

// locationValue is a location field's value: its whole path ("Rwanda > Kigali City"), as the
// reference shows it, not the location's name.
func locationValue(path string) expressions.Value {
	if path == "" {
		return nil
	}
	return text(path)
}

// resultsObject is @results: one object per result, rendering as its value.
func resultsObject(r *Run) expressions.Value { return resultsValue(r.Results) }

// resultsValue is how a set of results appears in the context: each result by its key, reading
// as its value, and the whole reading as "Name: value" lines. A run summary's results (@parent of
// a session another started) read the same as a run's own.
func resultsValue(results map[string]*Result) expressions.Value {
	o := expressions.NewObject()
	keys := make([]string, 0, len(results))
	for k := range results {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var lines []string
	for _, k := range keys {
		res := results[k]
		if res == nil {
			continue
		}
		ro := expressions.NewObject()
		ro.Set("name", text(res.Name))
		ro.Set("value", text(res.Value))
		ro.Set("category", text(res.Category))
		loc := res.CategoryLocalized
		if loc == "" {
			loc = res.Category
		}
		ro.Set("category_localized", text(loc))
		ro.Set("input", text(res.Input))
		ro.Set("node_uuid", text(res.NodeUUID))
		ro.Set("created_on", expressions.NewDateTime(res.CreatedOn))
		if len(res.Extra) > 0 {
			if v, err := expressions.FromJSON(res.Extra); err == nil {
				ro.Set("extra", v)
			}
		} else {
			ro.Set("extra", nil)
		}
		ro.SetDefault(text(res.Value)).MarkResult()
		o.Set(k, ro)
		lines = append(lines, res.Name+": "+res.Value)
	}
	// sorted as text, not by key: "Score: 200" comes before "child_age: 0", as in the reference
	sort.Strings(lines)
	o.SetDefault(text(strings.Join(lines, "\n")))
	return o
}

func (r *Run) flowObject() *expressions.Object {
	o := refObject(r.Flow.UUID, r.Flow.Name)
	o.Set("revision", expressions.NewNumberInt(int64(r.Flow.Revision)))
	return o
}

// runObject is @run.
func (r *Run) runObject(contact, results expressions.Value) expressions.Value {
	o := expressions.NewObject()
	o.Set("uuid", text(r.UUID))
	o.Set("contact", contact)
	o.Set("flow", r.flowObject())
	o.Set("status", text(r.Status))
	o.Set("results", results)
	o.Set("created_on", expressions.NewDateTime(r.CreatedOn))
	o.Set("exited_on", dateTime(r.ExitedOn))
	o.Set("path", r.pathArray())
	o.Set("locals", r.localsObject())
	o.SetDefault(text(r.display()))
	return o
}

// display is how a run reads as text: its contact and its flow ("Ben Haggerty@Registration").
func (r *Run) display() string {
	return r.session.contactDisplay(r.session.Contact) + "@" + r.Flow.Name
}

// deprecatedRunStatus is the warning of @child.run.status and @parent.run.status.
const deprecatedRunStatus = "@child.run.status is deprecated, use @child.status instead"

// relatedRunStatus is the run key of @parent and @child: an object whose only key, status, is
// deprecated (the reference gives its warning for either).
func relatedRunStatus(status string) *expressions.Object {
	return expressions.NewObject().SetDeprecated("status", text(status), deprecatedRunStatus)
}

// contextStatus is a run's status as the context shows it: a run waiting for its subflow is
// active, as in the reference (only a wait for the contact makes it waiting).
func (r *Run) contextStatus() string {
	if r.Status == RunWaiting && (r.session.Wait == nil || r.session.Wait.RunUUID != r.UUID) {
		return RunActive
	}
	return r.Status
}

// pathArray is @run.path, the nodes the run went through: migrated legacy webhooks post it.
// Steps only ever get added, so the objects of earlier steps are kept and only new ones built;
// arrays built before keep seeing their own length of the shared items.
func (r *Run) pathArray() expressions.Value {
	for _, st := range r.Path[len(r.pathItems):] {
		o := expressions.NewObject()
		o.Set("node_uuid", text(st.NodeUUID))
		o.Set("arrived_on", expressions.NewDateTime(st.ArrivedOn))
		r.pathItems = append(r.pathItems, o)
	}
	return expressions.NewArray(r.pathItems...)
}

// summaryObject is what @parent and @child show of a run.
func (r *Run) summaryObject() expressions.Value {
	s := r.session
	contact, fields, urns := s.contactParts()
	results := resultsObject(r)
	o := expressions.NewObject()
	o.Set("uuid", text(r.UUID))
	o.Set("run", relatedRunStatus(r.contextStatus()))
	o.Set("contact", contact)
	o.Set("flow", r.flowObject())
	o.Set("fields", fields)
	o.Set("urns", urns)
	o.Set("results", results)
	o.Set("status", text(r.contextStatus()))
	o.SetDefault(text(r.display()))
	return o
}

// nodeObject is @node: the node the run is at and how often it went there.
func (r *Run) nodeObject() expressions.Value {
	st := r.lastStep()
	if st == nil {
		return nil
	}
	count := 0
	for _, p := range r.Path {
		if p.NodeUUID == st.NodeUUID {
			count++
		}
	}
	cats := []expressions.Value{}
	if node := r.flow.NodeByUUID(st.NodeUUID); node != nil && node.Router != nil {
		for _, c := range node.Router.Categories {
			if c != nil {
				cats = append(cats, text(c.Name))
			}
		}
	}
	o := expressions.NewObject()
	o.Set("uuid", text(st.NodeUUID))
	o.Set("visit_count", expressions.NewNumberInt(int64(count)))
	o.Set("categories", expressions.NewArray(cats...))
	return o
}

// inputObject is @input: the message being handled; it renders as its text and attachments.
func (s *Session) inputObject() expressions.Value {
	in := s.Input
	if in == nil {
		return nil
	}
	o := expressions.NewObject()
	// the input is known by its msg_received event's UUID, as in the reference
	o.Set("uuid", text(in.UUID))
	o.Set("type", text("msg"))
	o.Set("payload", expressions.NewObject())
	o.Set("created_on", expressions.NewDateTime(in.CreatedOn))
	// the input's channel is the channel asset of that UUID, as the reference loads it when the
	// message arrives: with its address, and null when the assets have no such channel
	o.Set("channel", nil)
	if in.Msg.Channel != nil {
		if ch := s.eng.assets.Get(flows.AssetChannel, in.Msg.Channel.UUID); ch != nil {
			o.Set("channel", channelObject(ch))
		}
	}
	if in.Msg.URN != "" {
		// the reference rebuilds the input's URN from its scheme and path alone: a display or a
		// channel the message's URN carries is not part of @input.urn
		o.Set("urn", s.urnValue(in.Msg.URN.Identity()))
	} else {
		o.Set("urn", nil)
	}
	o.Set("text", text(in.Msg.Text))
	atts := make([]expressions.Value, 0, len(in.Msg.Attachments))
	for _, a := range in.Msg.Attachments {
		atts = append(atts, text(a))
	}
	o.Set("attachments", expressions.NewArray(atts...))
	o.Set("external_id", text(in.Msg.ExternalID))
	parts := []string{}
	if in.Msg.Text != "" {
		parts = append(parts, in.Msg.Text)
	}
	// as text, an attachment is its URL: what follows the content type
	for _, a := range in.Msg.Attachments {
		if _, url, ok := strings.Cut(a, ":"); ok {
			a = url
		}
		parts = append(parts, a)
	}
	o.SetDefault(text(strings.Join(parts, "\n")))
	return o
}

// triggerObject is @trigger.
func (s *Session) triggerObject() expressions.Value {
	t := s.trigger
	if t == nil {
		return nil
	}
	o := expressions.NewObject()
	o.Set("type", text(t.Type))
	// a trigger without params has empty ones
	if params := jsonValue(t.Params); params != nil {
		o.Set("params", params)
	} else {
		o.Set("params", expressions.NewObject())
	}
	o.Set("keyword", text(t.Keyword))
	o.Set("user", s.triggerUser(t.User))
	o.Set("origin", text(t.Origin))
	o.Set("ticket", s.triggerTicket(t.Ticket))
	if t.Type == "optin" {
		// the reference has no optin trigger; its other triggers have no optin key
		o.Set("optin", triggerRef(t.OptIn))
	}
	o.Set("campaign", triggerRef(t.Campaign))
	return o
}

// resumeObject is @resume: the type of the last resume and, for dials, its outcome.
func (s *Session) resumeObject() expressions.Value {
	r := s.resume
	if r == nil {
		return nil
	}
	o := expressions.NewObject()
	o.Set("type", text(r.Type))
	if r.Dial != nil {
		d := expressions.NewObject()
		d.Set("status", text(r.Dial.Status))
		d.Set("duration", expressions.NewNumberInt(int64(r.Dial.Duration)))
		o.Set("dial", d)
	} else {
		o.Set("dial", nil)
	}
	return o
}

// globalsObject is @globals: the value of each global asset.
func (s *Session) globalsObject() expressions.Value {
	o := expressions.NewObject()
	var lines []string
	for _, g := range s.eng.assets.All(flows.AssetGlobal) {
		v, _ := g.Extra["value"].(string)
		o.Set(g.Identity, text(v))
		lines = append(lines, g.Name+": "+v)
	}
	// like @fields, @globals reads as "Name: value" lines
	o.SetDefault(text(strings.Join(lines, "\n")))
	return o
}

func (r *Run) localsObject() expressions.Value {
	o := expressions.NewObject()
	for k, v := range r.LocalVars {
		o.Set(k, text(v))
	}
	return o
}

func jsonValue(raw json.RawMessage) expressions.Value {
	if len(raw) == 0 {
		return nil
	}
	v, err := expressions.FromJSON(raw)
	if err != nil {
		return nil
	}
	return v
}

// webhookValue is @webhook, the last call: its status code, its response's headers and its body
// parsed as JSON (null when it isn't JSON), reading as the request's method and URL.
func webhookValue(w *runtime.WebhookCall) expressions.Value {
	body := jsonValue(runtime.ResponseJSON([]byte(w.Body)))
	headers := expressions.NewObject()
	names := make([]string, 0, len(w.Headers))
	for k := range w.Headers {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		headers.Set(k, text(w.Headers[k]))
	}
	o := expressions.NewObject()
	o.Set("status", expressions.NewNumberInt(int64(w.StatusCode)))
	o.Set("headers", headers)
	o.Set("json", body)
	o.SetDefault(text(w.Method + " " + w.URL))
	return o
}

// summaryFromJSON is @parent for a session started by another one (a flow_action trigger): the
// run summary the trigger carries, with the same defaults as a live run's summary.
func (s *Session) summaryFromJSON(raw json.RawMessage) expressions.Value {
	var sum struct {
		UUID    string             `json:"uuid"`
		Flow    runtime.Ref        `json:"flow"`
		Contact *runtime.Contact   `json:"contact"`
		Status  string             `json:"status"`
		Results map[string]*Result `json:"results"`
	}
	if err := json.Unmarshal(raw, &sum); err != nil {
		return nil
	}
	other := &Session{eng: s.eng, Contact: sum.Contact}
	contact := other.contactObject()
	results := resultsValue(sum.Results)
	o := expressions.NewObject()
	o.Set("uuid", text(sum.UUID))
	o.Set("run", relatedRunStatus(sum.Status))
	o.Set("contact", contact)
	o.Set("flow", refObject(sum.Flow.UUID, sum.Flow.Name))
	o.Set("fields", other.fieldsObject())
	o.Set("urns", other.urnsObject())
	o.Set("results", results)
	o.Set("status", text(sum.Status))
	o.SetDefault(text(other.contactDisplay(sum.Contact) + "@" + sum.Flow.Name))
	return o
}

// ticketObject is how a ticket appears in the context (@ticket, @contact.tickets).
func (s *Session) ticketObject(t *runtime.Ticket) *expressions.Object {
	o := expressions.NewObject()
	o.Set("uuid", text(t.UUID))
	if t.Topic != nil {
		o.Set("topic", refObject(t.Topic.UUID, t.Topic.Name))
	} else {
		o.Set("topic", nil)
	}
	o.Set("assignee", nil)
	if t.Assignee != nil {
		o.Set("assignee", s.userObject(t.Assignee.UUID))
	}
	return o
}

// userObject is a user as the context shows one (a trigger's user, a ticket's assignee): the
// user asset's email, name and first name, reading as its name, else its email. A user the
// assets don't have is null, as the reference drops a missing asset.
func (s *Session) userObject(identity string) expressions.Value {
	u := s.eng.assets.Get(flows.AssetUser, identity)
	if u == nil {
		return nil
	}
	email, _ := u.Extra["email"].(string)
	o := expressions.NewObject()
	o.Set("email", text(email))
	o.Set("name", text(u.Name))
	o.Set("first_name", text(firstName(u.Name)))
	o.SetDefault(text(cmp.Or(u.Name, email)))
	return o
}

// triggerUser is the user a manual trigger names (by UUID, or by email in older triggers).
func (s *Session) triggerUser(raw json.RawMessage) expressions.Value {
	var ref struct{ UUID, Email string }
	if isNull(raw) || json.Unmarshal(raw, &ref) != nil {
		return nil
	}
	return s.userObject(cmp.Or(ref.UUID, ref.Email))
}

// triggerTicket is the ticket a ticket trigger is about, shaped like @ticket; nil without one.
func (s *Session) triggerTicket(raw json.RawMessage) expressions.Value {
	var t runtime.Ticket
	if isNull(raw) || json.Unmarshal(raw, &t) != nil {
		return nil
	}
	return s.ticketObject(&t)
}

// triggerRef is an opt-in or campaign a trigger names, rendering as its name; nil without one.
func triggerRef(raw json.RawMessage) expressions.Value {
	var r runtime.Ref
	if isNull(raw) || json.Unmarshal(raw, &r) != nil {
		return nil
	}
	return refObject(r.UUID, r.Name)
}

// lastTicket is @ticket: the contact's most recently opened ticket, or null.
func (s *Session) lastTicket() expressions.Value {
	if s.Contact == nil || len(s.Contact.Tickets) == 0 {
		return nil
	}
	return s.ticketObject(s.Contact.Tickets[len(s.Contact.Tickets)-1])
}
