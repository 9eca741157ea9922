package routing

import (
	"sort"
	"strings"

	"github.com/flowctl/flowctl/routing/expr"
)

// Check returns all of a document's findings: what reading found, then the checks of its
// workflows against themselves and against a workspace's queues. ws may be nil; a workspace
// document's own queues are used when it is.
func Check(d *Document, ws *Workspace) []Finding {
	if ws == nil {
		ws = d.Workspace
	}
	// Check works on a copy of the findings so that it can run more than once on a document.
	r := &reader{doc: &Document{lines: d.lines, Findings: append([]Finding(nil), d.Findings...)}}
	for _, wf := range d.Workflows {
		if wf.Config != nil {
			r.checkConfig(wf.Config, ws)
		}
	}
	out := r.doc.Findings
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
	return out
}

func (r *reader) checkConfig(cfg *Config, ws *Workspace) {
	if ws != nil && ws.Declared.Queues {
		for _, f := range cfg.Filters {
			for _, t := range f.Targets {
				r.checkQueue(t, ws)
			}
		}
		if cfg.Default != nil {
			r.checkQueue(cfg.Default, ws)
		}
	}
	if cfg.Default == nil {
		r.reportPos(CodeNoDefaultFilter, cfg.Pos, "no default_filter: a task that matches no filter is canceled; add {\"default_filter\": {\"queue\": ...}} to catch it")
	}
	r.checkShadowing(cfg)
	for _, f := range cfg.Filters {
		r.checkFilterExpression(f)
		r.checkTargets(f)
	}
	if cfg.Default != nil {
		r.checkTargetLints(cfg.Default, nil, "default_filter")
	}
}

func (r *reader) checkQueue(t *Target, ws *Workspace) {
	if t.Queue == "" || ws.FindQueue(t.Queue) != nil {
		return
	}
	if isPlaceholder(t.Queue) {
		r.reportPos(CodeQueuePlaceholder, t.QueuePos, "queue %q is a template placeholder: fill it in before deploying; its target can't be checked against the workspace", t.Queue)
		return
	}
	var names []string
	for _, q := range ws.Queues {
		if q.SID != "" {
			names = append(names, q.SID)
		}
		if q.FriendlyName != "" {
			names = append(names, q.FriendlyName)
		}
	}
	r.reportPos(CodeUnknownQueue, t.QueuePos, "queue %q is not a queue of the workspace%s", t.Queue, didYouMean(t.Queue, names))
}

// isPlaceholder recognises template variables left in a queue: ${QUEUE_SID}, {{queue}},
// <Just Support>.
func isPlaceholder(s string) bool {
	return strings.Contains(s, "${") || strings.Contains(s, "{{") || (strings.HasPrefix(s, "<") && strings.HasSuffix(s, ">"))
}

// checkShadowing reports filters that no task reaches first: below a filter that matches
// every task, or with the same expression as an earlier filter.
func (r *reader) checkShadowing(cfg *Config) {
	var catchAll *Filter
	seen := map[string]*Filter{}
	for _, f := range cfg.Filters {
		if f.Expression == nil || f.Expression.Tree == nil {
			continue
		}
		switch {
		case catchAll != nil:
			last := catchAll.Targets
			if len(last) > 0 && last[len(last)-1].Timeout == nil {
				r.reportPos(CodeShadowedFilter, f.Expression.Pos, "no task reaches %s: %s above it (%s) matches every task and its last target has no timeout",
					f.Label(), catchAll.Label(), catchAll.Expression.Text)
			} else {
				r.reportPos(CodeShadowedFilter, f.Expression.Pos, "%s is never tried first: %s above it (%s) matches every task; tasks reach it only after that filter's last target times out",
					f.Label(), catchAll.Label(), catchAll.Expression.Text)
			}
			continue
		}
		canon := expr.String(f.Expression.Tree.Root)
		if prev, ok := seen[canon]; ok {
			r.reportPos(CodeShadowedFilter, f.Expression.Pos, "%s has the same expression as %s above it, so it is never tried first", f.Label(), prev.Label())
			continue
		}
		seen[canon] = f
		if f.Expression.Tree.Const() == expr.True {
			catchAll = f
		}
	}
}

var clockVariables = []string{"dayOfWeek", "currentTime", "currentHour", "currentMin"}
var days = []string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}

func (r *reader) checkFilterExpression(f *Filter) {
	e := f.Expression
	if e == nil || e.Tree == nil {
		return
	}
	if e.Tree.Const() == expr.False {
		r.reportPos(CodeNeverMatches, e.Pos, "%s's expression %q is false for every task: no task matches it", f.Label(), e.Text)
	}
	prefixed := false
	for _, k := range e.Tree.Keys() {
		switch k.Root() {
		case "task":
			if !prefixed && len(k.Path) > 1 {
				prefixed = true
				r.reportAt(CodeTaskPrefixInFilter, e.Offset(k.Span().Pos), e.Pos.Pointer,
					"filter expressions read task attributes by their bare names: write %s, not %s (flowctl reads it as %s unless the task has an attribute named \"task\")",
					pathText(k.Path[1:]), k.String(), pathText(k.Path[1:]))
			}
		case "worker":
			r.reportAt(CodeFilterWorkerKey, e.Offset(k.Span().Pos), e.Pos.Pointer,
				"%s reads %s, but a filter is evaluated against the task alone: worker conditions belong in a target's expression", f.Label(), k.String())
		}
	}
	r.checkExpressionLints(e)
}

// checkExpressionLints reports the lints any expression can have: unknown taskrouter.
// variables and days of the week that don't exist.
func (r *reader) checkExpressionLints(e *Expression) {
	if e == nil || e.Tree == nil {
		return
	}
	for _, k := range e.Tree.Keys() {
		if k.Root() == "taskrouter" && len(k.Path) == 2 && !contains(clockVariables, k.Path[1].Name) {
			r.reportAt(CodeUnknownVariable, e.Offset(k.Span().Pos), e.Pos.Pointer, "%s is not a TaskRouter variable: there are taskrouter.dayOfWeek, currentTime, currentHour and currentMin%s",
				k.String(), didYouMean(k.Path[1].Name, clockVariables))
		}
	}
	expr.Walk(e.Tree.Root, func(n expr.Node) {
		c, ok := n.(*expr.Compare)
		if !ok {
			return
		}
		var other expr.Node
		if isDayOfWeek(c.L) {
			other = c.R
		} else if isDayOfWeek(c.R) {
			other = c.L
		} else {
			return
		}
		var lits []*expr.Literal
		switch o := other.(type) {
		case *expr.Literal:
			lits = append(lits, o)
		case *expr.List:
			for _, it := range o.Items {
				if l, ok := it.(*expr.Literal); ok {
					lits = append(lits, l)
				}
			}
		}
		for _, l := range lits {
			if l.Value.Kind == expr.StrKind && contains(days, l.Value.S) {
				continue
			}
			r.reportAt(CodeDayOfWeek, e.Offset(l.Span().Pos), e.Pos.Pointer, "taskrouter.dayOfWeek is one of Mon, Tue, Wed, Thu, Fri, Sat, Sun: %s never equals it%s",
				l.Value.String(), didYouMean(l.Value.S, days))
		}
	})
}

func isDayOfWeek(n expr.Node) bool {
	k, ok := n.(*expr.Key)
	return ok && k.String() == "taskrouter.dayOfWeek"
}

func pathText(p []expr.Segment) string {
	k := &expr.Key{Path: p}
	return k.String()
}

func (r *reader) checkTargets(f *Filter) {
	var noTimeout *Target
	for _, t := range f.Targets {
		if noTimeout != nil {
			r.reportPos(CodeUnreachableTarget, t.Pos, "target %d of %s is never reached: target %d before it has no timeout, so tasks wait there", t.Index, f.Label(), noTimeout.Index)
			break
		}
		if t.Timeout == nil {
			noTimeout = t
		}
	}
	for _, t := range f.Targets {
		r.checkTargetLints(t, f, "target "+itoa(t.Index)+" of "+f.Label())
	}
}

func (r *reader) checkTargetLints(t *Target, f *Filter, label string) {
	r.checkExpressionLints(t.Expression)
	if t.Expression == nil || t.Expression.Tree == nil {
		r.checkKnownWorkerGuarantee(t, f, label)
		return
	}
	e := t.Expression
	var g map[string]bool
	if f != nil && f.Expression != nil {
		g = expr.Guarantees(f.Expression.Tree, expr.FilterContext)
	}
	reported := map[string]bool{}
	for _, k := range e.Tree.Keys() {
		p, ok := expr.TaskPath(k, expr.TargetContext)
		if !ok || reported[p] || guaranteed(g, p) {
			continue
		}
		reported[p] = true
		what := "the default filter matches tasks without it"
		if f != nil {
			what = f.Label() + " doesn't guarantee it"
		}
		r.reportAt(CodeUnguaranteed, e.Offset(k.Span().Pos), e.Pos.Pointer,
			"%s reads %s, but %s: a task without it compares NULL here, which matches no worker unless the expression allows for it", label, k.String(), what)
	}
	r.checkKnownWorkerGuarantee(t, f, label)
	if c, ok := e.Tree.Root.(*expr.Compare); ok && c.Op == expr.Eq {
		field, other := workerField(c.L), c.R
		if field == "" {
			field, other = workerField(c.R), c.L
		}
		if field != "" {
			key := "known_worker_sid"
			if field == "friendly_name" {
				key = "known_worker_friendly_name"
			}
			value := e.Tree.Source(other)
			if k, ok := other.(*expr.Key); ok {
				value = k.String()
			}
			r.reportPos(CodeKnownAgent, e.Pos, "%s targets one agent by expression: use known-agent routing, \"%s\": %q, which TaskRouter resolves directly instead of evaluating every worker",
				label, key, strings.Trim(value, "'\""))
		}
	}
}

func (r *reader) checkKnownWorkerGuarantee(t *Target, f *Filter, label string) {
	var g map[string]bool
	if f != nil && f.Expression != nil {
		g = expr.Guarantees(f.Expression.Tree, expr.FilterContext)
	}
	for _, k := range []*KnownWorker{t.KnownWorkerSID, t.KnownWorkerFriendlyName} {
		if k == nil || k.Key == nil {
			continue
		}
		p, _ := expr.TaskPath(k.Key, expr.TargetContext)
		if guaranteed(g, p) {
			continue
		}
		what := "the default filter matches tasks without it"
		if f != nil {
			what = f.Label() + " doesn't guarantee it"
		}
		r.reportPos(CodeUnguaranteed, k.Pos, "%s routes to the known worker in %s, but %s: a task without it reaches no worker here", label, k.Text, what)
	}
}

// guaranteed says whether attribute path p is present whenever the filter matched: p itself
// or something under it is guaranteed.
func guaranteed(g map[string]bool, p string) bool {
	if g[p] {
		return true
	}
	for q := range g {
		if strings.HasPrefix(q, p+".") || strings.HasPrefix(q, p+"[") {
			return true
		}
	}
	return false
}

// workerField returns "sid" or "friendly_name" when n is worker.sid or worker.friendly_name.
func workerField(n expr.Node) string {
	k, ok := n.(*expr.Key)
	if !ok || k.Root() != "worker" || len(k.Path) != 2 || k.Path[1].IsIndex {
		return ""
	}
	switch k.Path[1].Name {
	case "sid", "friendly_name":
		return k.Path[1].Name
	}
	return ""
}
