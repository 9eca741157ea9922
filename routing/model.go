// Package routing reads, checks and explains TaskRouter-style routing workflows: a workflow's
// configuration (filters tried in order, each with targets tried in order with timeouts, and a
// default filter), and the workspace it routes in (task queues, workers, activities). It knows
// nothing of goflow flows. The expression language is in routing/expr and the simulator in
// routing/sim.
package routing

import (
	"github.com/flowctl/flowctl/routing/expr"
)

// Defaults and limits of TaskRouter resources.
const (
	DefaultReservationTimeout = 120   // seconds a worker has to answer a reservation
	MaxReservationTimeout     = 86400 // task_reservation_timeout upper bound
	MaxReservedWorkersLimit   = 50    // max_reserved_workers upper bound
	MaxWorkflows              = 1000  // workflows per workspace
	MaxPriority               = 1<<31 - 1
	DefaultTaskTTL            = 86400   // a task's default timeout (TTL), in seconds
	MaxTaskTTL                = 1209600 // two weeks
)

// Pos is where a value is: its JSON pointer and its byte offset in the file.
type Pos struct {
	Pointer string
	Offset  int
}

// Expression is an expression as written in a document, parsed and compiled. It remembers how
// to map a byte offset in its text back to the file, so that a finding about part of it points
// at the right column even through JSON escapes and a configuration held in a string.
type Expression struct {
	Text    string
	Pos     Pos
	Tree    *expr.Tree
	Program *expr.Program
	at      func(i int) int
}

// Offset maps a byte offset in the expression's text to the file.
func (e *Expression) Offset(i int) int {
	if e == nil || e.at == nil {
		return 0
	}
	return e.at(i)
}

// Workflow is a workflow resource (or a bare configuration, which has only Config).
type Workflow struct {
	SID                           string
	FriendlyName                  string
	AssignmentCallbackURL         string
	FallbackAssignmentCallbackURL string
	// TaskReservationTimeout is how long a worker has to accept or reject a reservation.
	TaskReservationTimeout int
	Config                 *Config
	Pos                    Pos
}

// Name is how messages name the workflow.
func (w *Workflow) Name() string {
	switch {
	case w.FriendlyName != "":
		return w.FriendlyName
	case w.SID != "":
		return w.SID
	}
	return "workflow"
}

// Config is a workflow's configuration: task_routing's filters and default filter.
type Config struct {
	Filters []*Filter
	Default *Target // nil when there is no default_filter
	Pos     Pos
}

// Filter is one entry of task_routing.filters.
type Filter struct {
	Index      int
	Name       string
	Expression *Expression
	Targets    []*Target
	Pos        Pos
}

// Label names the filter in messages: its friendly name, or its index.
func (f *Filter) Label() string {
	if f.Name != "" {
		return "filter " + quoteName(f.Name)
	}
	return "filter " + itoa(f.Index)
}

// Target is one routing step of a filter, or the default filter.
type Target struct {
	Index int // -1 for the default filter
	// Queue is the queue as written (a SID, or a name in some tools' files); empty when the
	// target inherits it.
	Queue      string
	QueuePos   Pos
	Expression *Expression // nil: every worker of the queue
	Priority   *int
	// Timeout is the step's timeout in seconds; nil when it waits until the task's TTL.
	Timeout                 *int
	OrderBy                 []OrderClause
	OrderByText             string
	SkipIf                  *Expression
	KnownWorkerSID          *KnownWorker
	KnownWorkerFriendlyName *KnownWorker
	Pos                     Pos
}

// KnownWorker is a known_worker_sid or known_worker_friendly_name: a task attribute
// ("task.agent_sid") or a constant.
type KnownWorker struct {
	Text string
	// Key is the task attribute path when the value reads one, else nil (a constant).
	Key *expr.Key
	Pos Pos
}

// Value resolves the known worker for a task: the attribute's value, or the constant.
func (k *KnownWorker) Value(task map[string]any) string {
	if k == nil {
		return ""
	}
	if k.Key == nil {
		return k.Text
	}
	if s, ok := expr.Resolve(task, k.Key.Path[1:]).(string); ok {
		return s
	}
	return ""
}

// OrderClause is one clause of order_by: a worker attribute and a direction.
type OrderClause struct {
	Path []expr.Segment
	Text string
	Desc bool
}

// Workspace is what workflows route in: queues, workers, activities.
type Workspace struct {
	SID                  string
	FriendlyName         string
	DefaultActivity      string
	TimeoutActivity      string
	PrioritizeQueueOrder string // FIFO or LIFO
	Queues               []*Queue
	Workers              []*Worker
	Activities           []*Activity
	Workflows            []*Workflow
	Pos                  Pos
	// Declared says which parts the document declares (a bare list of queues declares only
	// queues): checks against an undeclared part are skipped.
	Declared struct{ Queues, Workers, Activities bool }
}

// Queue is a TaskQueue.
type Queue struct {
	SID                 string
	FriendlyName        string
	TargetWorkers       *Expression // nil: "1==1", every worker
	MaxReservedWorkers  int
	TaskOrder           string // FIFO or LIFO
	ReservationActivity string
	AssignmentActivity  string
	Pos                 Pos
}

// Name is how messages name the queue.
func (q *Queue) Name() string {
	if q.FriendlyName != "" {
		return q.FriendlyName
	}
	return q.SID
}

// Worker is a worker (an agent).
type Worker struct {
	SID          string
	FriendlyName string
	Attributes   map[string]any
	Activity     string // an activity's name or SID
	// Channels maps a task channel's unique name to the worker's capacity on it.
	Channels map[string]int
	Pos      Pos
}

// Name is how messages name the worker.
func (w *Worker) Name() string {
	if w.FriendlyName != "" {
		return w.FriendlyName
	}
	return w.SID
}

// Activity is a worker activity; Available says whether workers in it can take tasks.
type Activity struct {
	SID          string
	FriendlyName string
	Available    bool
	Pos          Pos
}

// DefaultActivities are a new workspace's activities.
func DefaultActivities() []*Activity {
	return []*Activity{
		{SID: "WA" + pad32("offline"), FriendlyName: "Offline"},
		{SID: "WA" + pad32("available"), FriendlyName: "Available", Available: true},
		{SID: "WA" + pad32("unavailable"), FriendlyName: "Unavailable"},
		{SID: "WA" + pad32("break"), FriendlyName: "Break"},
	}
}

// FindQueue returns the queue a target names, by SID or friendly name.
func (ws *Workspace) FindQueue(ref string) *Queue {
	if ws == nil {
		return nil
	}
	for _, q := range ws.Queues {
		if q.SID == ref && ref != "" {
			return q
		}
	}
	for _, q := range ws.Queues {
		if q.FriendlyName == ref && ref != "" {
			return q
		}
	}
	return nil
}

// FindActivity returns the activity with this SID or friendly name (case-insensitive name).
func (ws *Workspace) FindActivity(ref string) *Activity {
	if ws == nil {
		return nil
	}
	for _, a := range ws.Activities {
		if a.SID == ref || equalFold(a.FriendlyName, ref) {
			return a
		}
	}
	return nil
}

// Effective is a target with what it inherits filled in: the queue and priority of the
// nearest earlier target that sets them.
type Effective struct {
	*Target
	Queue             string
	Priority          *int
	QueueInherited    bool
	PriorityInherited bool
}

// Effective returns the filter's targets with inheritance applied.
func (f *Filter) Effective() []Effective {
	out := make([]Effective, len(f.Targets))
	var queue string
	var prio *int
	for i, t := range f.Targets {
		e := Effective{Target: t, Queue: t.Queue, Priority: t.Priority}
		if t.Queue == "" {
			e.Queue, e.QueueInherited = queue, queue != ""
		}
		if t.Priority == nil {
			e.Priority, e.PriorityInherited = prio, prio != nil
		}
		queue, prio = e.Queue, e.Priority
		out[i] = e
	}
	return out
}
