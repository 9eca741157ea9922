package routing

import (
	"strings"

	"github.com/flowctl/flowctl/internal/jsontree"
	"github.com/flowctl/flowctl/routing/expr"
)

var workspaceDocKeys = []string{"sid", "friendly_name", "default_activity_sid", "default_activity_name", "timeout_activity_sid",
	"timeout_activity_name", "prioritize_queue_order", "multi_task_enabled", "task_queues", "workers", "activities", "workflows",
	"task_channels", "event_callback_url", "events_filter", "settings"}

var workspaceAliases = map[string]string{
	"friendlyName": "friendly_name", "taskQueues": "task_queues", "queues": "task_queues", "defaultActivitySid": "default_activity_sid",
	"defaultActivityName": "default_activity_name", "timeoutActivitySid": "timeout_activity_sid", "timeoutActivityName": "timeout_activity_name",
	"prioritizeQueueOrder": "prioritize_queue_order", "multiTaskEnabled": "multi_task_enabled", "taskChannels": "task_channels",
	"channels": "task_channels", "eventCallbackUrl": "event_callback_url", "eventsFilter": "events_filter",
	// workspace sync tools' files: {"workspaceName": ..., "settings": {...}, "taskQueues": [...]}
	"workspaceName": "friendly_name", "workspaceSid": "sid",
}

func (r *reader) workspace(at ln) *Workspace {
	ws := &Workspace{Pos: at.pos(), PrioritizeQueueOrder: "FIFO"}
	if at.n.Kind == jsontree.Array { // a list of workflows
		ws.Workflows = r.workflows(at)
		return ws
	}
	m, ok := r.object(at, "the workspace", workspaceDocKeys, workspaceAliases, apiMetadata)
	if !ok {
		return ws
	}
	ws.SID, _ = r.str(m["sid"], "sid")
	ws.FriendlyName, _ = r.str(m["friendly_name"], "friendly_name")
	r.workspaceSettings(m, ws)
	if st, ok := m["settings"]; ok && st.n.Kind != jsontree.Null {
		// The workspace's own fields, kept apart by sync tools.
		if sm, ok := r.object(st, "the workspace settings", []string{"default_activity_sid", "default_activity_name", "timeout_activity_sid",
			"timeout_activity_name", "prioritize_queue_order", "multi_task_enabled", "event_callback_url", "events_filter"}, workspaceAliases, apiMetadata); ok {
			r.workspaceSettings(sm, ws)
		}
	}
	if a, ok := m["activities"]; ok {
		ws.Declared.Activities = true
		ws.Activities = r.activities(a)
	}
	if q, ok := m["task_queues"]; ok {
		ws.Declared.Queues = true
		ws.Queues = r.queues(q)
	}
	if w, ok := m["workers"]; ok {
		ws.Declared.Workers = true
		ws.Workers = r.workers(w)
	}
	if w, ok := m["workflows"]; ok {
		ws.Workflows = r.workflows(w)
	}
	return ws
}

// workspaceSettings reads the workspace's own fields: its default and timeout activities and
// the order of its queues.
func (r *reader) workspaceSettings(m map[string]ln, ws *Workspace) {
	for _, k := range []string{"default_activity_sid", "default_activity_name"} {
		if s, ok := r.str(m[k], k); ok {
			ws.DefaultActivity = s
		}
	}
	for _, k := range []string{"timeout_activity_sid", "timeout_activity_name"} {
		if s, ok := r.str(m[k], k); ok {
			ws.TimeoutActivity = s
		}
	}
	if o, ok := m["prioritize_queue_order"]; ok {
		if s, ok := r.str(o, "prioritize_queue_order"); ok {
			if u := strings.ToUpper(s); u == "FIFO" || u == "LIFO" {
				ws.PrioritizeQueueOrder = u
			} else {
				r.report(CodeTaskOrder, o, "prioritize_queue_order %q: expected FIFO or LIFO", s)
			}
		}
	}
}

func (r *reader) array(at ln, what string) bool {
	if at.n == nil {
		return false
	}
	if at.n.Kind != jsontree.Array {
		r.report(CodeType, at, "%s must be an array, not %s", what, at.n.Kind)
		return false
	}
	return true
}

func (r *reader) workflows(at ln) []*Workflow {
	if !r.array(at, "workflows") {
		return nil
	}
	var out []*Workflow
	for i := range at.n.Items {
		item := at.item(i)
		if item.n.Kind == jsontree.Object && item.n.Get("task_routing") != nil {
			if cfg := r.config(item); cfg != nil {
				out = append(out, &Workflow{Config: cfg, TaskReservationTimeout: DefaultReservationTimeout, Pos: item.pos()})
			}
			continue
		}
		if wf := r.workflow(item); wf != nil {
			out = append(out, wf)
		}
	}
	if len(out) > MaxWorkflows {
		r.report(CodeTooManyWorkflows, at, "%d workflows: a TaskRouter workspace holds at most %d", len(out), MaxWorkflows)
	}
	return out
}

var queueKeys = []string{"sid", "friendly_name", "target_workers", "max_reserved_workers", "task_order", "reservation_activity_sid",
	"reservation_activity_name", "assignment_activity_sid", "assignment_activity_name"}
var queueAliases = map[string]string{
	"friendlyName": "friendly_name", "name": "friendly_name", "targetWorkers": "target_workers", "maxReservedWorkers": "max_reserved_workers",
	"taskOrder": "task_order", "reservationActivitySid": "reservation_activity_sid", "reservationActivityName": "reservation_activity_name",
	"assignmentActivitySid": "assignment_activity_sid", "assignmentActivityName": "assignment_activity_name",
}
var queueIgnored = append([]string{"operating_unit_sid", "operatingUnitSid", "event_callback_url"}, apiMetadata...)

func (r *reader) queues(at ln) []*Queue {
	if !r.array(at, "task_queues") {
		return nil
	}
	var out []*Queue
	for i := range at.n.Items {
		item := at.item(i)
		m, ok := r.object(item, "a queue", queueKeys, queueAliases, queueIgnored)
		if !ok {
			continue
		}
		q := &Queue{MaxReservedWorkers: 1, TaskOrder: "FIFO", Pos: item.pos()}
		q.SID, _ = r.str(m["sid"], "sid")
		q.FriendlyName, _ = r.str(m["friendly_name"], "friendly_name")
		if q.SID == "" && q.FriendlyName == "" {
			r.report(CodeRequired, item, "a queue needs a sid or a friendly_name for targets to name it")
		}
		if tw, ok := m["target_workers"]; ok && tw.n.Kind != jsontree.Null {
			q.TargetWorkers = r.expression(tw, expr.QueueContext, "target_workers of queue "+quoteName(q.Name()))
		}
		if mr, ok := m["max_reserved_workers"]; ok {
			v, text, ok := r.integer(mr)
			switch {
			case !ok:
				r.report(CodeType, mr, "max_reserved_workers must be a whole number, not %s", text)
			case v < 1 || v > MaxReservedWorkersLimit:
				r.report(CodeRange, mr, "max_reserved_workers %d is out of range: TaskRouter accepts 1 to 50", v)
			default:
				q.MaxReservedWorkers = int(v)
			}
		}
		if to, ok := m["task_order"]; ok {
			if s, ok := r.str(to, "task_order"); ok {
				if u := strings.ToUpper(s); u == "FIFO" || u == "LIFO" {
					q.TaskOrder = u
				} else {
					r.report(CodeTaskOrder, to, "task_order %q: expected FIFO (oldest task first) or LIFO (newest first)", s)
				}
			}
		}
		for _, k := range []string{"reservation_activity_sid", "reservation_activity_name"} {
			if s, ok := r.str(m[k], k); ok && s != "" {
				q.ReservationActivity = s
			}
		}
		for _, k := range []string{"assignment_activity_sid", "assignment_activity_name"} {
			if s, ok := r.str(m[k], k); ok && s != "" {
				q.AssignmentActivity = s
			}
		}
		out = append(out, q)
	}
	return out
}

var workerKeys = []string{"sid", "friendly_name", "attributes", "activity_sid", "activity_name", "channels"}
var workerAliases = map[string]string{"friendlyName": "friendly_name", "name": "friendly_name", "activitySid": "activity_sid",
	"activityName": "activity_name", "activity": "activity_name"}
var workerIgnored = append([]string{"available", "date_status_changed", "dateStatusChanged", "operating_unit_sid"}, apiMetadata...)

func (r *reader) workers(at ln) []*Worker {
	if !r.array(at, "workers") {
		return nil
	}
	var out []*Worker
	for i := range at.n.Items {
		item := at.item(i)
		m, ok := r.object(item, "a worker", workerKeys, workerAliases, workerIgnored)
		if !ok {
			continue
		}
		w := &Worker{Pos: item.pos(), Attributes: map[string]any{}, Channels: map[string]int{}}
		w.SID, _ = r.str(m["sid"], "sid")
		w.FriendlyName, _ = r.str(m["friendly_name"], "friendly_name")
		if w.SID == "" && w.FriendlyName == "" {
			r.report(CodeRequired, item, "a worker needs a sid or a friendly_name")
		}
		if a, ok := m["attributes"]; ok {
			switch a.n.Kind {
			case jsontree.Object:
				w.Attributes = a.n.Interface().(map[string]any)
			case jsontree.String: // the API gives attributes as a JSON string
				inner, serr := jsontree.Parse([]byte(a.n.Text))
				if serr != nil || inner.Kind != jsontree.Object {
					r.report(CodeType, a, "the worker's attributes string must hold a JSON object")
				} else {
					w.Attributes = inner.Interface().(map[string]any)
				}
			default:
				r.report(CodeType, a, "attributes must be an object, not %s", a.n.Kind)
			}
		}
		for _, k := range []string{"activity_sid", "activity_name"} {
			if s, ok := r.str(m[k], k); ok && s != "" {
				w.Activity = s
			}
		}
		if c, ok := m["channels"]; ok {
			r.channels(c, w)
		}
		out = append(out, w)
	}
	return out
}

// channels reads a worker's capacity per task channel: {"chat": 3, "voice": 1}, or the
// WorkerChannel API's list of {"task_channel_unique_name", "configured_capacity", "available"}.
func (r *reader) channels(at ln, w *Worker) {
	switch at.n.Kind {
	case jsontree.Object:
		for _, mem := range at.n.Members {
			c := at.child(mem.Key)
			v, text, ok := r.integer(c)
			if !ok || v < 0 {
				r.report(CodeType, c, "the capacity of channel %q must be a whole number of tasks, not %s", mem.Key, text)
				continue
			}
			w.Channels[mem.Key] = int(v)
		}
	case jsontree.Array:
		for i := range at.n.Items {
			m, ok := r.object(at.item(i), "a worker channel", []string{"task_channel_unique_name", "configured_capacity", "available"},
				map[string]string{"taskChannelUniqueName": "task_channel_unique_name", "configuredCapacity": "configured_capacity"},
				append([]string{"sid", "task_channel_sid", "available_capacity_percentage", "assigned_tasks", "worker_sid"}, apiMetadata...))
			if !ok {
				continue
			}
			name, _ := r.str(m["task_channel_unique_name"], "task_channel_unique_name")
			capacity := 1
			if c, ok := m["configured_capacity"]; ok {
				if v, text, ok := r.integer(c); ok && v >= 0 {
					capacity = int(v)
				} else {
					r.report(CodeType, c, "configured_capacity must be a whole number, not %s", text)
				}
			}
			if a, ok := m["available"]; ok {
				if b, ok := r.boolean(a, "available"); ok && !b {
					capacity = 0
				}
			}
			if name != "" {
				w.Channels[name] = capacity
			}
		}
	default:
		r.report(CodeType, at, "channels must be an object of capacities by channel ({\"chat\": 3}) or a list of worker channels, not %s", at.n.Kind)
	}
}

func (r *reader) activities(at ln) []*Activity {
	if !r.array(at, "activities") {
		return nil
	}
	var out []*Activity
	for i := range at.n.Items {
		item := at.item(i)
		m, ok := r.object(item, "an activity", []string{"sid", "friendly_name", "available"},
			map[string]string{"friendlyName": "friendly_name", "name": "friendly_name"}, apiMetadata)
		if !ok {
			continue
		}
		a := &Activity{Pos: item.pos()}
		a.SID, _ = r.str(m["sid"], "sid")
		a.FriendlyName, _ = r.str(m["friendly_name"], "friendly_name")
		if a.SID == "" && a.FriendlyName == "" {
			r.report(CodeRequired, item, "an activity needs a sid or a friendly_name")
		}
		if av, ok := m["available"]; ok {
			a.Available, _ = r.boolean(av, "available")
		}
		out = append(out, a)
	}
	return out
}

// checkWorkspace checks what a workspace declares against itself: duplicate names, activities
// that don't exist, queues no worker belongs to.
func (r *reader) checkWorkspace(ws *Workspace) {
	dup := func(kind string, items []struct {
		sid, name string
		pos       Pos
	}) {
		sids, names := map[string]bool{}, map[string]bool{}
		for _, it := range items {
			if it.sid != "" {
				if sids[it.sid] {
					r.reportPos(CodeDuplicate, it.pos, "two %ss have the SID %s", kind, it.sid)
				}
				sids[it.sid] = true
			}
			if it.name != "" {
				if names[it.name] {
					r.reportPos(CodeDuplicate, it.pos, "two %ss are named %q", kind, it.name)
				}
				names[it.name] = true
			}
		}
	}
	type item = struct {
		sid, name string
		pos       Pos
	}
	var qs, ws2, as []item
	for _, q := range ws.Queues {
		qs = append(qs, item{q.SID, q.FriendlyName, q.Pos})
	}
	for _, w := range ws.Workers {
		ws2 = append(ws2, item{w.SID, w.FriendlyName, w.Pos})
	}
	for _, a := range ws.Activities {
		as = append(as, item{a.SID, a.FriendlyName, a.Pos})
	}
	dup("queue", qs)
	dup("worker", ws2)
	dup("activity", as)
	if ws.Declared.Activities {
		var names []string
		for _, a := range ws.Activities {
			names = append(names, a.FriendlyName)
		}
		for _, w := range ws.Workers {
			if w.Activity != "" && ws.FindActivity(w.Activity) == nil {
				r.reportPos(CodeUnknownActivity, w.Pos, "worker %q is in activity %q, which the workspace doesn't have%s", w.Name(), w.Activity, didYouMean(w.Activity, names))
			}
		}
		for _, q := range ws.Queues {
			for _, a := range []string{q.ReservationActivity, q.AssignmentActivity} {
				if a != "" && ws.FindActivity(a) == nil {
					r.reportPos(CodeUnknownActivity, q.Pos, "queue %q names activity %q, which the workspace doesn't have%s", q.Name(), a, didYouMean(a, names))
				}
			}
		}
		for _, a := range []string{ws.DefaultActivity, ws.TimeoutActivity} {
			if a != "" && ws.FindActivity(a) == nil {
				r.reportPos(CodeUnknownActivity, ws.Pos, "the workspace names activity %q, which it doesn't declare%s", a, didYouMean(a, names))
			}
		}
	}
	if ws.Declared.Workers && len(ws.Workers) > 0 {
		for _, q := range ws.Queues {
			if len(ws.Members(q)) == 0 {
				pos := q.Pos
				if q.TargetWorkers != nil {
					pos = q.TargetWorkers.Pos
				}
				r.reportPos(CodeEmptyQueue, pos, "no worker of the workspace matches the target_workers of queue %q: tasks routed there wait until a target times out", q.Name())
			}
		}
	}
}

// Members returns the workers a queue's target_workers selects, in workspace order.
func (ws *Workspace) Members(q *Queue) []*Worker {
	var out []*Worker
	for _, w := range ws.Workers {
		if q.Matches(w) {
			out = append(out, w)
		}
	}
	return out
}

// Matches reports whether the queue's target_workers selects the worker.
func (q *Queue) Matches(w *Worker) bool {
	if q.TargetWorkers == nil {
		return true
	}
	if q.TargetWorkers.Program == nil {
		return false
	}
	return q.TargetWorkers.Program.Match(&expr.Env{Worker: &expr.Worker{SID: w.SID, FriendlyName: w.FriendlyName, ActivityName: w.Activity, Attributes: w.Attributes}})
}
