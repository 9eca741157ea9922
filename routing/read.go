package routing

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/flowctl/flowctl/findings"
	"github.com/flowctl/flowctl/internal/jsontree"
	"github.com/flowctl/flowctl/routing/expr"
)

// Kind is what a JSON document holds.
type Kind int

// The kinds of routing documents.
const (
	NotRouting Kind = iota
	// WorkflowDoc is a workflow resource: friendly_name, configuration (a JSON string or an
	// object), task_reservation_timeout, ...
	WorkflowDoc
	// ConfigDoc is a bare workflow configuration: {"task_routing": {...}}.
	ConfigDoc
	// WorkspaceDoc declares queues, workers, activities and possibly workflows.
	WorkspaceDoc
	// QueueListDoc is a JSON list of queues as the TaskQueue API lists them (the array, or the
	// {"task_queues": [...], "meta": {...}} page).
	QueueListDoc
)

func (k Kind) String() string {
	return [...]string{"not a routing document", "workflow", "workflow configuration", "workspace", "queue list"}[k]
}

// Document is a read routing document: its workflows and workspace, and what was found wrong.
type Document struct {
	Path      string
	Src       []byte
	Kind      Kind
	Workflows []*Workflow
	Workspace *Workspace
	Findings  []Finding
	lines     *findings.Lines
}

// HasErrors says whether any finding is an error.
func (d *Document) HasErrors() bool {
	for _, f := range d.Findings {
		if f.Severity == SeverityError {
			return true
		}
	}
	return false
}

// Workflow returns the document's first workflow, or nil.
func (d *Document) Workflow() *Workflow {
	if len(d.Workflows) == 0 {
		return nil
	}
	return d.Workflows[0]
}

// flowKeys are top-level keys of goflow flows, exports and assets files: a document with one
// of them is a flow document even if it also has a key routing documents use.
var flowKeys = []string{"flows", "nodes", "uuid", "spec_version", "site", "campaigns", "triggers", "fields", "groups", "localization", "_ui"}

// Read reads a routing document of any kind. A file that isn't one gets a routing/syntax or
// routing/required finding.
func Read(path string, src []byte) *Document {
	d := &Document{Path: path, Src: src, lines: findings.NewLines(src)}
	r := &reader{doc: d}
	root, serr := jsontree.Parse(src)
	if serr != nil {
		r.reportAt(CodeSyntax, serr.Offset, "", "invalid JSON: %s", serr.Msg)
		return d
	}
	r.lint(root)
	top := ln{n: root, ptr: "", f: &frame{at: func(i int) int { return i }}}
	d.Kind = kindOf(root)
	switch d.Kind {
	case WorkflowDoc:
		if wf := r.workflow(top); wf != nil {
			d.Workflows = []*Workflow{wf}
		}
	case ConfigDoc:
		if cfg := r.config(top); cfg != nil {
			d.Workflows = []*Workflow{{Config: cfg, TaskReservationTimeout: DefaultReservationTimeout, Pos: top.pos()}}
		}
	case WorkspaceDoc:
		d.Workspace = r.workspace(top)
		d.Workflows = d.Workspace.Workflows
	case QueueListDoc:
		ws := &Workspace{Pos: top.pos()}
		ws.Declared.Queues = true
		list := top
		if root.Kind == jsontree.Object {
			list = top.child("task_queues")
		}
		ws.Queues = r.queues(list)
		d.Workspace = ws
	default:
		r.report(CodeRequired, top, "this is not a routing document: expected a workflow (with configuration), a configuration (with task_routing), a workspace (with task_queues, workers or activities) or a list of queues")
	}
	if d.Workspace != nil {
		r.checkWorkspace(d.Workspace)
	}
	return d
}

// lint warns of keys repeated in an object and bytes that aren't UTF-8, as validate does for flow
// files: TaskRouter's JSON reads them without a word (the later key wins), rarely what was meant.
func (r *reader) lint(root *jsontree.Node) {
	for _, n := range jsontree.Lint(root) {
		code := findings.CodeDuplicateKey
		if n.InvalidUTF8 {
			code = findings.CodeInvalidUTF8
		}
		line, col := r.doc.lines.Position(n.Offset)
		r.doc.Findings = append(r.doc.Findings, Finding{Severity: SeverityWarning, Code: code, Message: n.Msg,
			Line: line, Column: col, Pointer: n.Pointer})
	}
}

// kindOf is Detect on a parsed tree.
func kindOf(root *jsontree.Node) Kind {
	keys := map[string]bool{}
	isArray := false
	obj := root
	switch root.Kind {
	case jsontree.Object:
	case jsontree.Array:
		isArray = true
		obj = nil
		if len(root.Items) > 0 && root.Items[0].Kind == jsontree.Object {
			obj = root.Items[0]
		}
	default:
		return NotRouting
	}
	if obj != nil {
		for _, m := range obj.Members {
			keys[m.Key] = true
		}
	}
	peek := func(key string) (map[string]bool, string) {
		v := obj.Get(key)
		if v == nil {
			return nil, ""
		}
		switch v.Kind {
		case jsontree.Object:
			inner := map[string]bool{}
			for _, m := range v.Members {
				inner[m.Key] = true
			}
			return inner, ""
		case jsontree.String:
			return nil, string(v.Raw())
		}
		return nil, ""
	}
	return detectKeys(keys, isArray, peek)
}

// workspaceMarkers are top-level keys only workspace documents have.
var workspaceMarkers = []string{"task_queues", "taskQueues", "activities", "workflows", "workspaceName", "workspaceSid",
	"timeout_activity_sid", "timeout_activity_name", "default_activity_sid", "default_activity_name",
	"prioritize_queue_order", "prioritizeQueueOrder"}

// detectKeys decides a document's kind from its top-level keys; peek gives the keys of an
// object value, or the raw text of a string value, so that "task_routing" or "configuration"
// of some other tool's file (an AI model router has a task_routing too) isn't taken for a
// workflow.
func detectKeys(keys map[string]bool, isArray bool, peek func(key string) (map[string]bool, string)) Kind {
	has := func(names ...string) bool {
		for _, n := range names {
			if keys[n] {
				return true
			}
		}
		return false
	}
	isConfig := func(key string) bool {
		inner, _ := peek(key)
		return inner != nil && (len(inner) == 0 || inner["filters"] || inner["default_filter"])
	}
	holdsConfig := func(key string) bool {
		inner, text := peek(key)
		return inner["task_routing"] || strings.Contains(text, "task_routing")
	}
	if has(flowKeys...) {
		return NotRouting
	}
	if isArray {
		switch {
		case has("configuration") && holdsConfig("configuration"), has("task_routing") && isConfig("task_routing"):
			return WorkspaceDoc // a list of workflows
		case has("target_workers", "targetWorkers", "max_reserved_workers", "maxReservedWorkers", "task_order", "taskOrder"):
			return QueueListDoc
		}
		return NotRouting
	}
	switch {
	case has("task_routing"):
		if isConfig("task_routing") {
			return ConfigDoc
		}
		return NotRouting
	case has("configuration"):
		if holdsConfig("configuration") {
			return WorkflowDoc
		}
		return NotRouting
	case has("task_queues") && (has("meta") || len(keys) == 1):
		return QueueListDoc
	case has(workspaceMarkers...), has("workers") && has("queues"):
		return WorkspaceDoc
	}
	return NotRouting
}

// frame is a JSON tree and how its offsets map to the file: the identity for the file itself,
// through a string's escapes for a configuration held in a string.
type frame struct {
	at func(int) int
}

// ln is a node with where it is.
type ln struct {
	n   *jsontree.Node
	ptr string
	f   *frame
}

func (l ln) pos() Pos {
	if l.n == nil {
		return Pos{Pointer: l.ptr}
	}
	return Pos{Pointer: l.ptr, Offset: l.f.at(l.n.Start)}
}

func (l ln) child(key string) ln {
	return ln{n: l.n.Get(key), ptr: l.ptr + "/" + jsontree.EscapePointerToken(key), f: l.f}
}

func (l ln) item(i int) ln {
	return ln{n: l.n.Items[i], ptr: l.ptr + "/" + strconv.Itoa(i), f: l.f}
}

type reader struct {
	doc *Document
}

func (r *reader) reportAt(code string, off int, ptr string, format string, args ...any) {
	line, col := r.doc.lines.Position(off)
	r.doc.Findings = append(r.doc.Findings, Finding{
		Severity: severityOf(code), Code: code, Message: fmt.Sprintf(format, args...),
		Line: line, Column: col, Pointer: ptr,
	})
}

func (r *reader) report(code string, at ln, format string, args ...any) {
	p := at.pos()
	r.reportAt(code, p.Offset, p.Pointer, format, args...)
}

func (r *reader) reportPos(code string, p Pos, format string, args ...any) {
	r.reportAt(code, p.Offset, p.Pointer, format, args...)
}

// object checks that at is an object and returns its members by canonical key. aliases maps
// other spellings (camelCase) to canonical keys; ignored keys (the API's metadata) are passed
// over silently; others are reported as unknown.
func (r *reader) object(at ln, what string, known []string, aliases map[string]string, ignored []string) (map[string]ln, bool) {
	if at.n == nil {
		return nil, false
	}
	if at.n.Kind != jsontree.Object {
		r.report(CodeType, at, "%s must be an object, not %s", what, at.n.Kind)
		return nil, false
	}
	out := map[string]ln{}
	for _, m := range at.n.Members {
		key := m.Key
		if c, ok := aliases[key]; ok {
			key = c
		}
		child := ln{n: m.Value, ptr: at.ptr + "/" + jsontree.EscapePointerToken(m.Key), f: at.f}
		if contains(known, key) {
			out[key] = child
			continue
		}
		if contains(ignored, key) {
			continue
		}
		keyPos := Pos{Pointer: child.ptr, Offset: at.f.at(m.KeyStart)}
		r.reportPos(CodeUnknownKey, keyPos, "unknown key %q in %s: TaskRouter ignores it%s", m.Key, what, didYouMean(m.Key, known))
	}
	return out, true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (r *reader) str(at ln, what string) (string, bool) {
	if at.n == nil || at.n.Kind == jsontree.Null {
		return "", false // the API writes null for an unset value
	}
	if at.n.Kind != jsontree.String {
		r.report(CodeType, at, "%s must be a string, not %s", what, at.n.Kind)
		return "", false
	}
	return at.n.Text, true
}

// integer reads a whole number written as a number or a numeric string ("priority": "10", as
// TaskRouter's own examples write it).
func (r *reader) integer(at ln) (int64, string, bool) {
	switch at.n.Kind {
	case jsontree.Number:
		if at.n.Num != math.Trunc(at.n.Num) || math.Abs(at.n.Num) > 1<<53 {
			return 0, at.n.Text, false
		}
		return int64(at.n.Num), at.n.Text, true
	case jsontree.String:
		s := strings.TrimSpace(at.n.Text)
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return 0, strconv.Quote(at.n.Text), false
		}
		return v, strconv.Quote(at.n.Text), true
	}
	return 0, at.n.Kind.String(), false
}

func (r *reader) boolean(at ln, what string) (bool, bool) {
	if at.n == nil {
		return false, false
	}
	switch at.n.Kind {
	case jsontree.Bool:
		return at.n.Bool, true
	case jsontree.String:
		if b, err := strconv.ParseBool(at.n.Text); err == nil {
			return b, true
		}
	}
	r.report(CodeType, at, "%s must be true or false, not %s", what, describeNode(at.n))
	return false, false
}

func describeNode(n *jsontree.Node) string {
	switch n.Kind {
	case jsontree.String:
		return strconv.Quote(n.Text)
	case jsontree.Number:
		return n.Text
	}
	return n.Kind.String()
}

// expression parses and compiles the expression string at at, reporting its diagnostics at
// their columns inside the string.
func (r *reader) expression(at ln, ctx expr.Context, what string) *Expression {
	text, ok := r.str(at, what)
	if !ok {
		return nil
	}
	node, f := at.n, at.f
	e := &Expression{Text: text, Pos: at.pos(), at: func(i int) int { return f.at(node.StrOffset(i)) }}
	tree, diags := expr.Parse(text)
	for _, d := range diags {
		code := d.Code
		msg := d.Msg
		if d.Severity == expr.Error {
			msg = what + ": " + msg
		}
		r.reportAt(code, e.Offset(d.Span.Pos), at.ptr, "%s", msg)
	}
	if tree != nil {
		e.Tree = tree
		e.Program = expr.Compile(tree, ctx)
	}
	return e
}

var workflowKeys = []string{"friendly_name", "configuration", "assignment_callback_url", "fallback_assignment_callback_url", "task_reservation_timeout", "sid"}
var workflowAliases = map[string]string{
	"friendlyName": "friendly_name", "assignmentCallbackUrl": "assignment_callback_url",
	"fallbackAssignmentCallbackUrl": "fallback_assignment_callback_url", "taskReservationTimeout": "task_reservation_timeout",
}

// apiMetadata are keys the REST API returns with every resource; they say nothing about
// routing.
var apiMetadata = []string{"account_sid", "accountSid", "workspace_sid", "workspaceSid", "date_created", "dateCreated",
	"date_updated", "dateUpdated", "url", "links", "document_content_type", "documentContentType", "meta",
	"_version", "version", "$schema", "description"}

func (r *reader) workflow(at ln) *Workflow {
	m, ok := r.object(at, "the workflow", workflowKeys, workflowAliases, apiMetadata)
	if !ok {
		return nil
	}
	wf := &Workflow{TaskReservationTimeout: DefaultReservationTimeout, Pos: at.pos()}
	wf.SID, _ = r.str(m["sid"], "sid")
	wf.FriendlyName, _ = r.str(m["friendly_name"], "friendly_name")
	wf.AssignmentCallbackURL, _ = r.str(m["assignment_callback_url"], "assignment_callback_url")
	wf.FallbackAssignmentCallbackURL, _ = r.str(m["fallback_assignment_callback_url"], "fallback_assignment_callback_url")
	if t, ok := m["task_reservation_timeout"]; ok {
		v, text, ok := r.integer(t)
		switch {
		case !ok:
			r.report(CodeType, t, "task_reservation_timeout must be a whole number of seconds, not %s", text)
		case v < 1 || v > MaxReservationTimeout:
			r.report(CodeRange, t, "task_reservation_timeout %d is out of range: TaskRouter accepts 1 to 86,400 seconds (default 120)", v)
		default:
			wf.TaskReservationTimeout = int(v)
		}
	}
	c, ok := m["configuration"]
	if !ok {
		r.report(CodeRequired, at, "the workflow has no configuration: expected \"configuration\" with task_routing")
		return wf
	}
	switch c.n.Kind {
	case jsontree.Object:
		wf.Config = r.config(c)
	case jsontree.String:
		// The API holds the configuration as a JSON string: read it with positions mapped
		// through the string's escapes, so findings point into the file.
		inner, serr := jsontree.Parse([]byte(c.n.Text))
		outer := c.n
		if serr != nil {
			r.reportAt(CodeSyntax, c.f.at(outer.StrOffset(serr.Offset)), c.ptr, "the configuration string isn't valid JSON: %s", serr.Msg)
			return wf
		}
		outerAt := c.f.at
		wf.Config = r.config(ln{n: inner, ptr: c.ptr, f: &frame{at: func(i int) int { return outerAt(outer.StrOffset(i)) }}})
	default:
		r.report(CodeType, c, "configuration must be an object or a JSON string holding one, not %s", c.n.Kind)
	}
	return wf
}

func (r *reader) config(at ln) *Config {
	m, ok := r.object(at, "the configuration", []string{"task_routing"}, nil, []string{"$schema"})
	if !ok {
		return nil
	}
	tr, ok := m["task_routing"]
	if !ok {
		r.report(CodeRequired, at, "the configuration has no task_routing: expected {\"task_routing\": {\"filters\": [...], \"default_filter\": {...}}}")
		return nil
	}
	tm, ok := r.object(tr, "task_routing", []string{"filters", "default_filter"}, nil, nil)
	if !ok {
		return nil
	}
	cfg := &Config{Pos: tr.pos()}
	if fl, ok := tm["filters"]; ok {
		if fl.n.Kind != jsontree.Array {
			r.report(CodeType, fl, "filters must be an array, not %s", fl.n.Kind)
		} else {
			for i := range fl.n.Items {
				if f := r.filter(fl.item(i), i); f != nil {
					cfg.Filters = append(cfg.Filters, f)
				}
			}
		}
	}
	if df, ok := tm["default_filter"]; ok && df.n.Kind != jsontree.Null {
		cfg.Default = r.target(df, -1, true)
		if cfg.Default != nil && cfg.Default.Queue == "" {
			r.report(CodeMissingQueue, df, "default_filter has no queue: expected {\"queue\": \"WQ...\"}")
		}
	}
	return cfg
}

var filterKeys = []string{"filter_friendly_name", "expression", "targets"}

func (r *reader) filter(at ln, index int) *Filter {
	m, ok := r.object(at, "a filter", filterKeys, map[string]string{"friendly_name": "filter_friendly_name", "friendlyName": "filter_friendly_name"}, nil)
	if !ok {
		return nil
	}
	f := &Filter{Index: index, Pos: at.pos()}
	f.Name, _ = r.str(m["filter_friendly_name"], "filter_friendly_name")
	if e, ok := m["expression"]; ok {
		f.Expression = r.expression(e, expr.FilterContext, f.Label()+"'s expression")
	} else {
		r.report(CodeRequired, at, "%s has no expression: write one (1==1 matches every task)", f.Label())
	}
	t, ok := m["targets"]
	switch {
	case !ok:
		r.report(CodeRequired, at, "%s has no targets: expected \"targets\": [{\"queue\": \"WQ...\"}]", f.Label())
	case t.n.Kind != jsontree.Array:
		r.report(CodeType, t, "targets must be an array, not %s", t.n.Kind)
	case len(t.n.Items) == 0:
		r.report(CodeNoTargets, t, "%s has no targets: a task it matches has nowhere to go", f.Label())
	default:
		for i := range t.n.Items {
			if tg := r.target(t.item(i), i, false); tg != nil {
				f.Targets = append(f.Targets, tg)
			}
		}
		if len(f.Targets) > 0 && f.Targets[0].Queue == "" && f.Targets[0].Index == 0 {
			r.report(CodeMissingQueue, t.item(0), "the first target of %s has no queue: later targets inherit the queue, the first must set it", f.Label())
		}
	}
	return f
}

var targetKeys = []string{"queue", "expression", "priority", "timeout", "order_by", "skip_if", "known_worker_sid", "known_worker_friendly_name"}

func (r *reader) target(at ln, index int, isDefault bool) *Target {
	what := "a target"
	if isDefault {
		what = "default_filter"
	}
	m, ok := r.object(at, what, targetKeys, nil, nil)
	if !ok {
		return nil
	}
	t := &Target{Index: index, Pos: at.pos()}
	if q, ok := m["queue"]; ok {
		t.Queue, _ = r.str(q, "queue")
		t.QueuePos = q.pos()
	}
	if e, ok := m["expression"]; ok {
		t.Expression = r.expression(e, expr.TargetContext, what+"'s expression")
		r.checkTargetKeys(t.Expression)
	}
	if p, ok := m["priority"]; ok {
		v, text, ok := r.integer(p)
		switch {
		case !ok:
			r.report(CodePriority, p, "priority must be a whole number (or a string holding one), not %s", text)
		case v < 0 || v > MaxPriority:
			r.report(CodePriority, p, "priority %d is out of range: TaskRouter accepts 0 to 2,147,483,647", v)
		default:
			pv := int(v)
			t.Priority = &pv
		}
	}
	if to, ok := m["timeout"]; ok && to.n.Kind != jsontree.Null {
		v, text, ok := r.integer(to)
		switch {
		case isDefault:
			r.report(CodeDefaultTimeout, to, "default_filter can't have a timeout: it is where tasks no filter matches wait, and nothing comes after it")
		case !ok:
			r.report(CodeTimeout, to, "timeout must be a positive whole number of seconds, not %s", text)
		case v <= 0:
			r.report(CodeTimeout, to, "timeout must be a positive whole number of seconds, not %d", v)
		case v > MaxTaskTTL:
			r.report(CodeTimeout, to, "timeout %d is longer than a task can live (%d seconds, two weeks)", v, MaxTaskTTL)
		default:
			tv := int(v)
			t.Timeout = &tv
		}
	}
	if o, ok := m["order_by"]; ok {
		if s, ok := r.str(o, "order_by"); ok {
			t.OrderByText = s
			t.OrderBy = r.orderBy(o, s)
		}
	}
	if s, ok := m["skip_if"]; ok {
		t.SkipIf = r.expression(s, expr.SkipIfContext, what+"'s skip_if")
		r.checkSkipIf(t.SkipIf)
	}
	if k, ok := m["known_worker_sid"]; ok {
		t.KnownWorkerSID = r.knownWorker(k, "known_worker_sid")
	}
	if k, ok := m["known_worker_friendly_name"]; ok {
		t.KnownWorkerFriendlyName = r.knownWorker(k, "known_worker_friendly_name")
	}
	if t.KnownWorkerSID != nil && t.KnownWorkerFriendlyName != nil {
		r.report(CodeKnownWorkerBoth, m["known_worker_friendly_name"], "%s sets both known_worker_sid and known_worker_friendly_name: use one of them", what)
	}
	return t
}

// knownWorker reads known_worker_sid / known_worker_friendly_name: "task.attribute" reads the
// task, anything else is a constant.
func (r *reader) knownWorker(at ln, what string) *KnownWorker {
	s, ok := r.str(at, what)
	if !ok {
		return nil
	}
	k := &KnownWorker{Text: s, Pos: at.pos()}
	if strings.HasPrefix(s, "task.") {
		tree, _ := expr.Parse(s)
		if tree != nil {
			if t, ok := tree.Root.(*expr.Truth); ok {
				if key, ok := t.X.(*expr.Key); ok && len(key.Path) > 1 {
					k.Key = key
					return k
				}
			}
		}
		r.report(CodeType, at, "%s %q must name one task attribute, as in task.agent_sid", what, s)
	}
	return k
}

// orderBy reads "worker.level DESC, worker.tenure ASC".
func (r *reader) orderBy(at ln, s string) []OrderClause {
	var out []OrderClause
	node, f := at.n, at.f
	off := func(i int) int { return f.at(node.StrOffset(i)) }
	start := 0
	for _, part := range strings.Split(s, ",") {
		partStart := start
		start += len(part) + 1
		lead := len(part) - len(strings.TrimLeft(part, " \t"))
		fields := strings.Fields(part)
		if len(fields) == 0 {
			r.reportAt(CodeOrderBy, off(partStart), at.ptr, "order_by has an empty clause: expected worker.<attribute> ASC or DESC between commas")
			return nil
		}
		if len(fields) > 2 {
			r.reportAt(CodeOrderBy, off(partStart+lead), at.ptr, "order_by clause %q: expected worker.<attribute> followed by ASC or DESC", strings.TrimSpace(part))
			return nil
		}
		c := OrderClause{Text: fields[0]}
		if len(fields) == 2 {
			switch strings.ToUpper(fields[1]) {
			case "ASC":
			case "DESC":
				c.Desc = true
			default:
				r.reportAt(CodeOrderBy, off(partStart+strings.Index(part, fields[1])), at.ptr, "order_by direction %q: expected ASC or DESC", fields[1])
				return nil
			}
		}
		tree, _ := expr.Parse(fields[0])
		var key *expr.Key
		if tree != nil {
			if t, ok := tree.Root.(*expr.Truth); ok {
				key, _ = t.X.(*expr.Key)
			}
		}
		if key == nil || key.Root() != "worker" || len(key.Path) < 2 {
			r.reportAt(CodeOrderBy, off(partStart+lead), at.ptr, "order_by sorts by worker attributes: expected worker.<attribute>, not %q", fields[0])
			return nil
		}
		c.Path = key.Path[1:]
		out = append(out, c)
	}
	return out
}

// checkTargetKeys reports target expression keys without task. or worker. (they read nothing).
func (r *reader) checkTargetKeys(e *Expression) {
	if e == nil || e.Tree == nil {
		return
	}
	for _, k := range e.Tree.Keys() {
		switch k.Root() {
		case "task", "worker":
			if len(k.Path) > 1 {
				continue
			}
		case "taskrouter":
			continue
		}
		r.reportAt(CodeTargetKeyPrefix, e.Offset(k.Span().Pos), e.Pos.Pointer,
			"target expressions prefix every key with task. or worker.: %q reads nothing (write task.%s or worker.%s)", k.String(), k.String(), k.String())
	}
}

func (r *reader) checkSkipIf(e *Expression) {
	if e == nil || e.Tree == nil {
		return
	}
	for _, k := range e.Tree.Keys() {
		if k.Root() == "workers" && len(k.Path) == 2 && !k.Path[1].IsIndex {
			continue
		}
		if k.Root() == "taskrouter" {
			continue
		}
		r.reportAt(CodeSkipIfVariable, e.Offset(k.Span().Pos), e.Pos.Pointer,
			"skip_if reads the workers of the target's queue: workers.available, workers.unavailable or workers.<activity SID>; %q reads nothing", k.String())
	}
}
