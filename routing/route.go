package routing

import (
	"time"

	"github.com/flowctl/flowctl/routing/expr"
)

// DefaultFilterName is the name events give the default filter.
const DefaultFilterName = "Default Filter"

// Select returns the index of the first filter whose expression holds in env, -1 when none
// does and there is a default filter, -2 when there is none either. It doesn't allocate.
func (c *Config) Select(env *expr.Env) int {
	return c.SelectFrom(0, env)
}

// SelectFrom is Select starting at filter from: where a task goes after the last target of
// filter from-1 times out (the default filter is not among the candidates then).
func (c *Config) SelectFrom(from int, env *expr.Env) int {
	for i := from; i < len(c.Filters); i++ {
		if e := c.Filters[i].Expression; e != nil && e.Program.Match(env) {
			return i
		}
	}
	if from == 0 && c.Default != nil {
		return -1
	}
	return -2
}

// Decision is how a workflow routes one task, with the reasons: every filter tried and why it
// did or didn't match, the steps of the chosen filter with their cumulative timeouts, and
// where the task goes after them.
type Decision struct {
	// FilterIndex is the chosen filter's index in task_routing.filters, -1 for the default
	// filter, nil when nothing matches and there is no default filter.
	FilterIndex *int   `json:"filter_index"`
	FilterName  string `json:"filter_name"`
	// Filters are the filters tried, in order, up to and including the one that matched.
	Filters []FilterTrial `json:"filters"`
	// Route is the chosen filter's targets, followed by those of the filters the task moves to
	// as targets time out.
	Route   []Stage   `json:"route"`
	Outcome string    `json:"outcome"`
	Now     time.Time `json:"now"`
}

// FilterTrial is one filter's evaluation.
type FilterTrial struct {
	Index      int        `json:"index"`
	Name       string     `json:"name"`
	Expression string     `json:"expression"`
	Matched    bool       `json:"matched"`
	Why        *expr.Step `json:"why,omitempty"`
	Problem    string     `json:"problem,omitempty"`
}

// Stage is one filter's part of a task's route: the targets it waits in.
type Stage struct {
	FilterIndex int          `json:"filter_index"`
	FilterName  string       `json:"filter_name"`
	EntersAt    int          `json:"enters_at"`
	Targets     []TargetStep `json:"targets"`
}

// TargetStep is one target of a route, with what it inherits filled in and when the task is
// there: From and To are seconds since the task was created (To is nil for the last step that
// waits until the task's TTL).
type TargetStep struct {
	Index             int           `json:"index"`
	Queue             string        `json:"queue"`
	QueueName         string        `json:"queue_name,omitempty"`
	QueueInherited    bool          `json:"queue_inherited,omitempty"`
	Priority          *int          `json:"priority"`
	PriorityInherited bool          `json:"priority_inherited,omitempty"`
	Timeout           *int          `json:"timeout"`
	From              int           `json:"from"`
	To                *int          `json:"to"`
	Expression        string        `json:"expression,omitempty"`
	SkipIf            string        `json:"skip_if,omitempty"`
	OrderBy           string        `json:"order_by,omitempty"`
	KnownWorker       string        `json:"known_worker,omitempty"`
	Workers           []WorkerMatch `json:"workers,omitempty"`
}

// WorkerMatch is a worker of a target's queue who matches its expression, and whether the
// worker's activity lets them take the task now.
type WorkerMatch struct {
	Name      string `json:"name"`
	SID       string `json:"sid,omitempty"`
	Activity  string `json:"activity,omitempty"`
	Available bool   `json:"available"`
}

// Route explains how the workflow routes a task created at now. ws, when not nil, names the
// queues and lists the workers each target would reserve.
func Route(wf *Workflow, ws *Workspace, task map[string]any, now time.Time) *Decision {
	d := &Decision{Now: now.UTC()}
	cfg := wf.Config
	if cfg == nil {
		d.Outcome = "the workflow has no configuration to route with"
		return d
	}
	env := &expr.Env{Task: task, Clock: expr.ClockAt(now)}
	chosen := -2
	for _, f := range cfg.Filters {
		tr := FilterTrial{Index: f.Index, Name: f.Name}
		if f.Expression != nil {
			tr.Expression = f.Expression.Text
			if f.Expression.Program == nil {
				tr.Problem = "the expression can't be read, so it never matches"
			} else {
				tr.Why = f.Expression.Program.Explain(env)
				tr.Matched = tr.Why.Result
			}
		} else {
			tr.Problem = "the filter has no expression, so it never matches"
		}
		d.Filters = append(d.Filters, tr)
		if tr.Matched {
			chosen = f.Index
			break
		}
	}
	if chosen == -2 && cfg.Default != nil {
		chosen = -1
	}
	if chosen == -2 {
		d.Outcome = "no filter matches and there is no default_filter: TaskRouter cancels the task"
		return d
	}
	idx := chosen
	d.FilterIndex = &idx
	if chosen == -1 {
		d.FilterName = DefaultFilterName
		step := targetStep(cfg.Default, cfg.Default.Queue, false, cfg.Default.Priority, false, 0, ws, task)
		d.Route = []Stage{{FilterIndex: -1, FilterName: DefaultFilterName, Targets: []TargetStep{step}}}
		d.Outcome = "waits in the default filter's queue until a worker accepts it or its TTL runs out"
		return d
	}
	d.FilterName = cfg.Filters[chosen].Name
	at := 0
	for stage := 0; chosen >= 0 && stage < len(cfg.Filters); stage++ {
		f := cfg.Filters[chosen]
		st := Stage{FilterIndex: f.Index, FilterName: f.Name, EntersAt: at}
		waits := false
		for _, e := range f.Effective() {
			step := targetStep(e.Target, e.Queue, e.QueueInherited, e.Priority, e.PriorityInherited, at, ws, task)
			st.Targets = append(st.Targets, step)
			if e.Timeout == nil {
				waits = true
				break
			}
			at += *e.Timeout
		}
		d.Route = append(d.Route, st)
		if waits {
			last := st.Targets[len(st.Targets)-1]
			d.Outcome = "waits in target " + itoa(last.Index) + " of " + f.Label() + " (no timeout) until a worker accepts it or its TTL runs out"
			return d
		}
		env.Clock = expr.ClockAt(now.Add(time.Duration(at) * time.Second))
		next := cfg.SelectFrom(f.Index+1, env)
		if next < 0 {
			d.Outcome = "after " + itoa(at) + " s the last target of " + f.Label() + " times out and no filter below it matches: TaskRouter cancels the task (workflow.timeout)"
			return d
		}
		chosen = next
	}
	return d
}

func targetStep(t *Target, queue string, qInh bool, prio *int, pInh bool, from int, ws *Workspace, task map[string]any) TargetStep {
	s := TargetStep{Index: t.Index, Queue: queue, QueueInherited: qInh, Priority: prio, PriorityInherited: pInh, Timeout: t.Timeout, From: from, OrderBy: t.OrderByText}
	if t.Timeout != nil {
		to := from + *t.Timeout
		s.To = &to
	}
	if t.Expression != nil {
		s.Expression = t.Expression.Text
	}
	if t.SkipIf != nil {
		s.SkipIf = t.SkipIf.Text
	}
	known := t.KnownWorkerSID
	if known == nil {
		known = t.KnownWorkerFriendlyName
	}
	if known != nil {
		s.KnownWorker = known.Value(task)
	}
	if ws == nil {
		return s
	}
	q := ws.FindQueue(queue)
	if q == nil {
		return s
	}
	s.QueueName = q.FriendlyName
	for _, w := range ws.Members(q) {
		if !TargetAccepts(t, task, w, ws) {
			continue
		}
		a := ws.FindActivity(w.Activity)
		s.Workers = append(s.Workers, WorkerMatch{Name: w.Name(), SID: w.SID, Activity: w.Activity, Available: a != nil && a.Available})
	}
	return s
}

// TargetAccepts reports whether a worker of the target's queue may take the task there: the
// known worker when the target names one, else a worker the target's expression accepts.
func TargetAccepts(t *Target, task map[string]any, w *Worker, ws *Workspace) bool {
	if k := t.KnownWorkerSID; k != nil {
		return w.SID != "" && w.SID == k.Value(task)
	}
	if k := t.KnownWorkerFriendlyName; k != nil {
		return w.FriendlyName != "" && w.FriendlyName == k.Value(task)
	}
	if t.Expression == nil {
		return true
	}
	return t.Expression.Program.Match(&expr.Env{Task: task, Worker: ExprWorker(w, ws)})
}

// ExprWorker is what worker. keys read of a worker.
func ExprWorker(w *Worker, ws *Workspace) *expr.Worker {
	ew := &expr.Worker{SID: w.SID, FriendlyName: w.FriendlyName, Attributes: w.Attributes}
	if a := ws.FindActivity(w.Activity); a != nil {
		ew.ActivitySID, ew.ActivityName = a.SID, a.FriendlyName
	} else {
		ew.ActivityName = w.Activity
	}
	return ew
}
