// Package sim simulates TaskRouter deterministically: tasks arrive at given times, a workflow
// routes them through filters and targets, workers in a workspace get reservations and answer
// them as scripted (accept after N seconds, reject, let them time out, change activity), and the
// simulator writes what happens as TaskRouter's own events (task.created, workflow.entered,
// workflow.target-matched, task-queue.entered, reservation.created, ...). The clock is
// simulated: the same inputs always give the same events.
package sim

import (
	"strings"

	"github.com/flowctl/flowctl/routing"
)

type routingActivity = routing.Activity

// Event is one TaskRouter event, with the fields of TaskRouter's event callbacks (their names
// and meaning; numbers as JSON numbers). Fields that don't apply to an event are left out.
// Timestamp is in seconds since the Unix epoch, as TaskRouter sends it.
type Event struct {
	EventType                      string `json:"EventType"`
	Timestamp                      int64  `json:"Timestamp"`
	TaskSid                        string `json:"TaskSid,omitempty"`
	TaskAge                        *int64 `json:"TaskAge,omitempty"`
	TaskPriority                   *int   `json:"TaskPriority,omitempty"`
	TaskAssignmentStatus           string `json:"TaskAssignmentStatus,omitempty"`
	TaskAttributes                 string `json:"TaskAttributes,omitempty"`
	TaskCanceledReason             string `json:"TaskCanceledReason,omitempty"`
	TaskCompletedReason            string `json:"TaskCompletedReason,omitempty"`
	TaskChannelUniqueName          string `json:"TaskChannelUniqueName,omitempty"`
	WorkflowSid                    string `json:"WorkflowSid,omitempty"`
	WorkflowName                   string `json:"WorkflowName,omitempty"`
	WorkflowFilterName             string `json:"WorkflowFilterName,omitempty"`
	WorkflowFilterExpression       string `json:"WorkflowFilterExpression,omitempty"`
	WorkflowFilterTargetExpression string `json:"WorkflowFilterTargetExpression,omitempty"`
	TaskQueueSid                   string `json:"TaskQueueSid,omitempty"`
	TaskQueueName                  string `json:"TaskQueueName,omitempty"`
	TaskQueueTargetExpression      string `json:"TaskQueueTargetExpression,omitempty"`
	PreviousTaskQueueSid           string `json:"PreviousTaskQueueSid,omitempty"`
	PreviousTaskQueueName          string `json:"PreviousTaskQueueName,omitempty"`
	ReservationSid                 string `json:"ReservationSid,omitempty"`
	WorkerSid                      string `json:"WorkerSid,omitempty"`
	WorkerName                     string `json:"WorkerName,omitempty"`
	WorkerActivitySid              string `json:"WorkerActivitySid,omitempty"`
	WorkerActivityName             string `json:"WorkerActivityName,omitempty"`
	WorkerPreviousActivitySid      string `json:"WorkerPreviousActivitySid,omitempty"`
	WorkerPreviousActivityName     string `json:"WorkerPreviousActivityName,omitempty"`
	WorkerTimeInPreviousActivity   *int64 `json:"WorkerTimeInPreviousActivity,omitempty"`
	ResourceType                   string `json:"ResourceType"`
	ResourceSid                    string `json:"ResourceSid"`
	EventDescription               string `json:"EventDescription"`

	// At is when the event happened, in milliseconds since the simulation started.
	At int64 `json:"-"`
}

// The event types the simulator writes.
const (
	TaskCreated          = "task.created"
	TaskCanceled         = "task.canceled"
	TaskCompleted        = "task.completed"
	WorkflowEntered      = "workflow.entered"
	WorkflowTargetMatch  = "workflow.target-matched"
	WorkflowTimeout      = "workflow.timeout"
	WorkflowSkipped      = "workflow.skipped"
	TaskQueueEntered     = "task-queue.entered"
	TaskQueueMoved       = "task-queue.moved"
	TaskQueueTimeout     = "task-queue.timeout"
	ReservationCreated   = "reservation.created"
	ReservationAccepted  = "reservation.accepted"
	ReservationRejected  = "reservation.rejected"
	ReservationTimeout   = "reservation.timeout"
	ReservationCanceled  = "reservation.canceled"
	ReservationRescinded = "reservation.rescinded"
	ReservationCompleted = "reservation.completed"
	WorkerActivityUpdate = "worker.activity.update"
)

// EventDocs describes each event type the simulator writes, for the reference.
var EventDocs = []struct {
	Type, Description, When string
}{
	{TaskCreated, "A task is added to the workspace.", "when a scenario's task arrives; the only event with TaskAttributes"},
	{WorkflowEntered, "A task enters a workflow.", "right after task.created"},
	{WorkflowTargetMatch, "A task matches a workflow routing step (a filter's target).", "when a task enters a target: first, after a target times out or is skipped, and after moving to the next matching filter"},
	{TaskQueueEntered, "A task enters a queue during workflow processing.", "after workflow.target-matched when the target's queue is not the one the task was in"},
	{TaskQueueMoved, "A task leaves its queue for another during workflow processing.", "before task-queue.entered when the task was in another queue"},
	{TaskQueueTimeout, "A routing step timed out and the task leaves the queue.", "when a target's timeout (counted from when the task entered the filter, cumulatively) passes with no reservation pending"},
	{ReservationCreated, "A task is offered to a worker.", "when an available worker of the target's queue with free capacity matches the target"},
	{ReservationAccepted, "A worker accepts the reservation: the task is assigned.", "when the worker's scripted answer is accept"},
	{ReservationRejected, "A worker rejects the reservation.", "when the worker's scripted answer is reject; the task is offered to others, not to this worker again in this target"},
	{ReservationTimeout, "The worker neither accepted nor rejected in time.", "after the workflow's task_reservation_timeout; the worker moves to the workspace's timeout activity"},
	{ReservationRescinded, "Another worker accepted the task first.", "when a queue reserves several workers at once (max_reserved_workers) and one accepts"},
	{ReservationCanceled, "A pending reservation is canceled.", "when its task is canceled (TTL)"},
	{ReservationCompleted, "An accepted reservation completes, with its task.", "when the worker's scripted handling time (complete) is over"},
	{TaskCompleted, "A task is completed.", "with reservation.completed"},
	{TaskCanceled, "A task is canceled.", "when its TTL runs out (Task TTL Exceeded), when it times out of the workflow, or when no filter matches and there is no default filter"},
	{WorkflowTimeout, "A task reaches the end of the workflow without being accepted.", "after the last target of the last matching filter times out, before task.canceled"},
	{WorkflowSkipped, "A task skips out of the workflow (skip_if in the final step).", "before task.canceled"},
	{WorkerActivityUpdate, "A worker's activity changes.", "when scripted, when a reservation times out, and by a queue's reservation or assignment activity"},
}

// record is an event as the simulation keeps it: what it is about and the values that change
// later (priority, status, activity). Events are made from records when asked for, which
// keeps a simulated hour of ten thousand tasks cheap.
type record struct {
	at      int64
	typ     uint8
	status  string
	prio    int
	t       *task
	q       *queue
	prevQ   *queue
	w       *worker
	act     *routingActivity
	prevAct *routingActivity
	spent   int64
	res     *reservation
	reason  string
	filter  int32
	target  int32
}

const (
	evTaskCreated uint8 = iota
	evWorkflowEntered
	evTargetMatched
	evQueueMoved
	evQueueEntered
	evQueueTimeout
	evResCreated
	evResAccepted
	evResRejected
	evResTimeout
	evResRescinded
	evResCanceled
	evResCompleted
	evTaskCompleted
	evTaskCanceled
	evWorkflowTimeout
	evWorkflowSkipped
	evActivity
)

var eventTypes = [...]string{
	TaskCreated, WorkflowEntered, WorkflowTargetMatch, TaskQueueMoved, TaskQueueEntered, TaskQueueTimeout,
	ReservationCreated, ReservationAccepted, ReservationRejected, ReservationTimeout, ReservationRescinded,
	ReservationCanceled, ReservationCompleted, TaskCompleted, TaskCanceled, WorkflowTimeout, WorkflowSkipped,
	WorkerActivityUpdate,
}

// rec records an event, capturing what changes later.
func (s *Sim) rec(r record) {
	r.at = s.now
	if r.t != nil {
		r.status, r.prio = r.t.status, r.t.priority
	}
	if r.w != nil {
		r.act = r.w.activity
	}
	s.records = append(s.records, r)
	if s.OnEvent != nil {
		s.OnEvent(s.event(&s.records[len(s.records)-1]))
	}
}

// Events returns the events so far.
func (s *Sim) Events() []Event {
	out := make([]Event, len(s.records))
	for i := range s.records {
		out[i] = s.event(&s.records[i])
	}
	return out
}

// event makes the Event of a record.
func (s *Sim) event(r *record) Event {
	e := Event{EventType: eventTypes[r.typ], At: r.at, Timestamp: s.start.Unix() + r.at/1000}
	if t := r.t; t != nil {
		age := (r.at - t.created) / 1000
		prio := r.prio
		e.TaskSid, e.TaskAge, e.TaskPriority = t.sid, &age, &prio
		e.TaskAssignmentStatus = r.status
		e.TaskChannelUniqueName = t.channel
		e.WorkflowSid, e.WorkflowName = s.wfSID, s.wf.Name()
		e.ResourceType, e.ResourceSid = "task", t.sid
	}
	if q := r.q; q != nil {
		e.TaskQueueSid, e.TaskQueueName, e.TaskQueueTargetExpression = q.sid, q.name, q.expr
	}
	if w := r.w; w != nil {
		e.WorkerSid, e.WorkerName = w.sid, w.name
		e.WorkerActivitySid, e.WorkerActivityName = r.act.SID, r.act.FriendlyName
	}
	if res := r.res; res != nil {
		e.ReservationSid, e.ResourceType, e.ResourceSid = res.sid, "reservation", res.sid
	}
	var sid string
	if r.t != nil {
		sid = r.t.sid
	}
	switch r.typ {
	case evTaskCreated:
		e.TaskAttributes = r.t.attrsJSON
		e.EventDescription = "Task " + sid + " created"
	case evWorkflowEntered:
		e.EventDescription = "Task " + sid + " entered Workflow " + s.wf.Name()
	case evTargetMatched:
		e.WorkflowFilterName, e.WorkflowFilterExpression = s.filterName(int(r.filter))
		if x := s.targets(int(r.filter))[r.target].Expression; x != nil {
			e.WorkflowFilterTargetExpression = x.Text
		}
		e.EventDescription = "Task " + sid + " matched a workflow target"
	case evQueueMoved:
		e.PreviousTaskQueueSid, e.PreviousTaskQueueName = r.prevQ.sid, r.prevQ.name
		e.EventDescription = "Task " + sid + " moved from TaskQueue " + r.prevQ.display() + " to " + r.q.display()
	case evQueueEntered:
		e.EventDescription = "Task " + sid + " entered TaskQueue " + r.q.display()
	case evQueueTimeout:
		e.EventDescription = "Task " + sid + " timed out of TaskQueue " + r.q.display()
	case evResCreated, evResAccepted, evResRejected, evResRescinded, evResCanceled, evResCompleted:
		e.EventDescription = "Reservation " + r.res.sid + " " + strings.TrimPrefix(e.EventType, "reservation.")
	case evResTimeout:
		e.EventDescription = "Reservation " + r.res.sid + " timed out"
	case evTaskCompleted:
		e.TaskCompletedReason = "Task completed"
		e.EventDescription = "Task " + sid + " completed"
	case evTaskCanceled:
		e.TaskCanceledReason = r.reason
		e.EventDescription = "Task " + sid + " canceled: " + r.reason
	case evWorkflowTimeout:
		e.EventDescription = "Task " + sid + " timed out of Workflow " + s.wf.Name()
	case evWorkflowSkipped:
		e.EventDescription = "Task " + sid + " skipped out of Workflow " + s.wf.Name()
	case evActivity:
		spent := r.spent
		e.WorkerPreviousActivitySid, e.WorkerPreviousActivityName = r.prevAct.SID, r.prevAct.FriendlyName
		e.WorkerTimeInPreviousActivity = &spent
		e.ResourceType, e.ResourceSid = "worker", r.w.sid
		e.EventDescription = "Worker " + r.w.name + " updated to " + r.act.FriendlyName + " Activity"
	}
	return e
}
