package sim

import (
	"container/heap"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/flowctl/flowctl/internal/suggest"
	"github.com/flowctl/flowctl/routing"
	"github.com/flowctl/flowctl/routing/expr"
)

// DefaultStart is when a simulation's clock starts unless told otherwise: a Monday at 09:00
// UTC, inside the business hours time-of-day filters usually test.
var DefaultStart = time.Date(2025, 5, 5, 9, 0, 0, 0, time.UTC)

// Answer is how a worker answers a reservation.
type Answer struct {
	// Kind is "accept", "reject", "timeout" (no answer: the reservation times out) or "" for
	// no scripted answer (an interactive session asks).
	Kind string
	// After is how long the worker takes to answer, in seconds.
	After float64
	// Complete is how long after accepting the worker completes the task, in seconds; nil keeps
	// the task assigned to the end of the simulation.
	Complete *float64
	// Then is an activity the worker moves to after rejecting or completing.
	Then string
}

// TaskSpec is a task arriving in the simulation.
type TaskSpec struct {
	SID string
	// At is when the task arrives, in seconds after the simulation's current time (its start,
	// before it has run).
	At         float64
	Attributes map[string]any
	Priority   int
	// TTL is the task's timeout in seconds (0: 86,400).
	TTL     int
	Channel string // the task channel (default "default")
}

// Coverage records which filters and targets tasks reached.
type Coverage struct {
	// Targets maps a filter index (-1 for the default filter) to the targets reached in it.
	Targets map[int]map[int]bool
}

// Sim is a simulation in progress.
type Sim struct {
	wf    *routing.Workflow
	cfg   *routing.Config
	ws    *routing.Workspace
	start time.Time

	now    int64 // milliseconds since start
	seq    int64
	timers timerHeap

	tasks   []*task
	workers []*worker
	byRef   map[string]*worker
	queues  map[string]*queue
	qlist   []*queue
	records []record
	nres    int
	resTTL  int64
	timeout *routing.Activity // where a worker goes when a reservation times out

	wfSID string
	eff   [][]routing.Effective // by filter index + 1
	chans map[string]int
	// scratch is the environment expressions are evaluated in; clockAt/clockNow cache the
	// taskrouter.* variables of the current instant.
	scratch  expr.Env
	clockAt  int64
	clockNow expr.Clock
	// Interactive leaves reservations without a scripted answer open until Answer is called
	// (or they time out); otherwise such reservations are accepted at once.
	Interactive bool
	// OnEvent, when set, is called with each event as it happens.
	OnEvent  func(Event)
	Coverage Coverage
}

type queue struct {
	q       *routing.Queue
	sid     string
	name    string
	expr    string
	lifo    bool
	maxRes  int
	members []*worker
	waiting []*task // sorted by priority (highest first), then arrival
	stale   int     // entries of waiting that left the queue
}

type worker struct {
	w          *routing.Worker
	idx        int
	sid, name  string
	activity   *routing.Activity
	since      int64 // when the current activity started
	idleSince  int64 // since when the worker has had nothing to do (longest idle first)
	used       []int // tasks reserved or assigned, by channel
	capacity   []int // by channel
	script     []Answer
	def        *Answer
	queues     []*queue
	ew         *expr.Worker
	everywhere bool // no channels declared: capacity 1 on every channel
}

type task struct {
	idx        int
	sid        string
	attrs      map[string]any
	attrsJSON  string
	created    int64
	priority   int
	channel    string
	ch         int    // the channel's index
	status     string // pending, reserved, assigned, completed, canceled
	filter     int    // -1: the default filter
	target     int
	stageStart int64
	deadline   int64 // -1: none
	late       bool  // the deadline passed while a reservation was pending
	gen        int
	q          *queue
	inQueue    *queue // the queue the task is waiting in, if any
	res        []*reservation
	declined   map[*worker]bool
}

type reservation struct {
	sid  string
	t    *task
	w    *worker
	open bool
}

// New prepares a simulation of a workflow in a workspace (nil: no workers) starting at start.
func New(wf *routing.Workflow, ws *routing.Workspace, start time.Time) *Sim {
	if ws == nil {
		ws = &routing.Workspace{}
	}
	s := &Sim{wf: wf, cfg: wf.Config, ws: ws, start: start.UTC(), byRef: map[string]*worker{}, queues: map[string]*queue{},
		resTTL: int64(wf.TaskReservationTimeout) * 1000, Coverage: Coverage{Targets: map[int]map[int]bool{}},
		chans: map[string]int{}, clockAt: -1}
	if s.resTTL <= 0 {
		s.resTTL = routing.DefaultReservationTimeout * 1000
	}
	if s.cfg != nil {
		var def []routing.Effective
		if d := s.cfg.Default; d != nil {
			def = []routing.Effective{{Target: d, Queue: d.Queue, Priority: d.Priority}}
		}
		s.eff = append(s.eff, def)
		for _, f := range s.cfg.Filters {
			s.eff = append(s.eff, f.Effective())
		}
	}
	s.wfSID = wf.SID
	if s.wfSID == "" {
		s.wfSID = sid("WW", 0)
	}
	if len(ws.Activities) == 0 {
		ws.Activities = routing.DefaultActivities()
	}
	s.timeout = ws.FindActivity(ws.TimeoutActivity)
	if s.timeout == nil {
		s.timeout = ws.FindActivity("Offline")
	}
	defaultActivity := ws.FindActivity(ws.DefaultActivity)
	if defaultActivity == nil {
		defaultActivity = ws.FindActivity("Offline")
	}
	for i, w := range ws.Workers {
		sw := &worker{w: w, idx: i, sid: w.SID, name: w.Name(), everywhere: len(w.Channels) == 0}
		if sw.sid == "" {
			sw.sid = sid("WK", i+1)
		}
		sw.activity = ws.FindActivity(w.Activity)
		if sw.activity == nil {
			sw.activity = defaultActivity
		}
		if sw.activity == nil {
			sw.activity = &routing.Activity{FriendlyName: w.Activity}
		}
		sw.ew = routing.ExprWorker(w, ws)
		sw.ew.SID = sw.sid
		s.workers = append(s.workers, sw)
		for _, ref := range []string{sw.sid, w.FriendlyName} {
			if ref != "" {
				s.byRef[ref] = sw
			}
		}
	}
	for i, q := range ws.Queues {
		sq := &queue{q: q, sid: q.SID, name: q.FriendlyName, lifo: q.TaskOrder == "LIFO", maxRes: max(q.MaxReservedWorkers, 1)}
		if sq.sid == "" {
			sq.sid = sid("WQ", i+1)
		}
		sq.expr = "1==1"
		if q.TargetWorkers != nil {
			sq.expr = q.TargetWorkers.Text
		}
		for _, w := range s.workers {
			if q.Matches(w.w) {
				sq.members = append(sq.members, w)
				w.queues = append(w.queues, sq)
			}
		}
		s.qlist = append(s.qlist, sq)
		for _, ref := range []string{q.SID, q.FriendlyName} {
			if ref != "" {
				s.queues[ref] = sq
			}
		}
	}
	return s
}

// sid makes a deterministic TaskRouter-style SID: a two-letter prefix and 32 hex digits.
func sid(prefix string, n int) string { return fmt.Sprintf("%s%032x", prefix, n) }

// Start is when the simulation's clock started.
func (s *Sim) Start() time.Time { return s.start }

// Now is the simulated time.
func (s *Sim) Now() time.Time { return s.start.Add(time.Duration(s.now) * time.Millisecond) }

// Elapsed is how long the simulation has run, in milliseconds.
func (s *Sim) Elapsed() int64 { return s.now }

// Worker finds a worker by SID or friendly name.
func (s *Sim) worker(ref string) (*worker, error) {
	if w, ok := s.byRef[ref]; ok {
		return w, nil
	}
	names := make([]string, 0, len(s.workers))
	for _, w := range s.workers {
		names = append(names, w.name)
	}
	return nil, fmt.Errorf("no worker %q in the workspace%s", ref, didYouMean(ref, names))
}

// Script sets how a worker answers its reservations, in order; def answers the ones after the
// script runs out (nil: accept at once).
func (s *Sim) Script(ref string, answers []Answer, def *Answer) error {
	w, err := s.worker(ref)
	if err != nil {
		return err
	}
	w.script, w.def = answers, def
	return nil
}

// AddTask schedules a task's arrival. It returns the task's SID.
func (s *Sim) AddTask(spec TaskSpec) string {
	t := &task{idx: len(s.tasks), sid: spec.SID, attrs: spec.Attributes, priority: spec.Priority, channel: spec.Channel, status: "new", deadline: -1}
	if t.sid == "" {
		t.sid = sid("WT", t.idx+1)
	}
	if t.channel == "" {
		t.channel = "default"
	}
	t.ch = s.channel(t.channel)
	if t.attrs == nil {
		t.attrs = map[string]any{}
	}
	b, _ := json.Marshal(t.attrs)
	t.attrsJSON = string(b)
	s.tasks = append(s.tasks, t)
	at := s.now + ms(spec.At)
	t.created = at
	ttl := spec.TTL
	if ttl <= 0 {
		ttl = routing.DefaultTaskTTL
	}
	s.schedule(at, timer{kind: tArrive, t: t})
	s.schedule(at+int64(ttl)*1000, timer{kind: tTTL, t: t})
	return t.sid
}

// SetActivity schedules a worker's change of activity at seconds after the start.
func (s *Sim) SetActivity(at float64, ref, activity string) error {
	w, err := s.worker(ref)
	if err != nil {
		return err
	}
	a := s.ws.FindActivity(activity)
	if a == nil {
		var names []string
		for _, x := range s.ws.Activities {
			names = append(names, x.FriendlyName)
		}
		return fmt.Errorf("no activity %q in the workspace%s", activity, didYouMean(activity, names))
	}
	s.schedule(ms(at), timer{kind: tActivity, w: w, activity: a})
	return nil
}

func ms(seconds float64) int64 { return int64(seconds*1000 + 0.5) }

// Run runs the simulation until no timer is left or until the limit (milliseconds since the
// start; negative: no limit).
func (s *Sim) Run(limit int64) {
	for s.timers.Len() > 0 {
		tm := s.timers[0]
		if limit >= 0 && tm.at > limit {
			break
		}
		heap.Pop(&s.timers)
		s.now = max(s.now, tm.at)
		s.handle(tm)
	}
	if limit >= 0 {
		s.now = max(s.now, limit)
	}
}

// Open lists the reservations waiting for an answer, oldest first.
func (s *Sim) Open() []OpenReservation {
	var out []OpenReservation
	for _, t := range s.tasks {
		for _, r := range t.res {
			if r.open {
				out = append(out, OpenReservation{SID: r.sid, TaskSID: t.sid, Worker: r.w.name, Queue: t.q.display()})
			}
		}
	}
	return out
}

// OpenReservation is a reservation waiting for its worker's answer.
type OpenReservation struct {
	SID, TaskSID, Worker, Queue string
}

// Answer answers an open reservation now (interactive use).
func (s *Sim) Answer(resSID string, a Answer) error {
	for _, t := range s.tasks {
		for _, r := range t.res {
			if r.sid == resSID || (r.open && r.w.name == resSID) {
				if !r.open {
					return fmt.Errorf("reservation %s is no longer open", r.sid)
				}
				s.answer(r, a)
				return nil
			}
		}
	}
	return fmt.Errorf("no open reservation %s", resSID)
}

type timerKind uint8

const (
	tArrive timerKind = iota
	tTarget
	tAnswer
	tResTimeout
	tActivity
	tComplete
	tTTL
)

type timer struct {
	at       int64
	seq      int64
	kind     timerKind
	t        *task
	r        *reservation
	w        *worker
	gen      int
	answer   Answer
	activity *routing.Activity
}

type timerHeap []timer

func (h timerHeap) Len() int { return len(h) }
func (h timerHeap) Less(i, j int) bool {
	if h[i].at != h[j].at {
		return h[i].at < h[j].at
	}
	return h[i].seq < h[j].seq
}
func (h timerHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *timerHeap) Push(x any)   { *h = append(*h, x.(timer)) }
func (h *timerHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

func (s *Sim) schedule(at int64, tm timer) {
	s.seq++
	tm.at, tm.seq = at, s.seq
	heap.Push(&s.timers, tm)
}

func (s *Sim) handle(tm timer) {
	switch tm.kind {
	case tArrive:
		s.arrive(tm.t)
	case tTarget:
		t := tm.t
		if tm.gen != t.gen || (t.status != "pending" && t.status != "reserved") {
			return
		}
		if s.hasOpen(t) {
			t.late = true // TaskRouter lets a pending reservation finish first
			return
		}
		s.targetTimeout(t)
	case tAnswer:
		if tm.r.open {
			s.answer(tm.r, tm.answer)
		}
	case tResTimeout:
		if tm.r.open {
			s.reservationTimeout(tm.r)
		}
	case tActivity:
		s.setActivity(tm.w, tm.activity)
		s.workerFree(tm.w)
	case tComplete:
		s.complete(tm.r, tm.answer.Then)
	case tTTL:
		t := tm.t
		if t.status == "pending" || t.status == "reserved" {
			s.cancelTask(t, "Task TTL Exceeded")
		}
	}
}

// env is the expression environment for a task now; it is the simulation's one scratch
// environment, so evaluating allocates nothing.
func (s *Sim) env(t *task) *expr.Env {
	s.scratch = expr.Env{Task: t.attrs, Clock: s.clock()}
	return &s.scratch
}

// clock is the taskrouter.* variables now, computed once per simulated instant.
func (s *Sim) clock() expr.Clock {
	if s.clockAt != s.now {
		s.clockAt, s.clockNow = s.now, expr.ClockAt(s.Now())
	}
	return s.clockNow
}

// channel returns a task channel's index, giving every worker its capacity on a new one.
func (s *Sim) channel(name string) int {
	if i, ok := s.chans[name]; ok {
		return i
	}
	i := len(s.chans)
	s.chans[name] = i
	for _, w := range s.workers {
		c := 1
		if !w.everywhere {
			c = w.w.Channels[name]
		}
		w.capacity = append(w.capacity, c)
		w.used = append(w.used, 0)
	}
	return i
}

func (s *Sim) arrive(t *task) {
	t.status = "pending"
	s.rec(record{typ: evTaskCreated, t: t})
	s.rec(record{typ: evWorkflowEntered, t: t})
	if s.cfg == nil {
		s.cancelTask(t, "The workflow has no configuration")
		return
	}
	f := s.cfg.Select(s.env(t))
	if f == -2 {
		s.cancelTask(t, "No filter matched and there is no default filter")
		return
	}
	s.enterFilter(t, f)
}

// targets returns a filter's targets with inheritance applied (-1: the default filter).
func (s *Sim) targets(f int) []routing.Effective {
	return s.eff[f+1]
}

func (s *Sim) filterName(f int) (name, expression string) {
	if f == -1 {
		return routing.DefaultFilterName, ""
	}
	fl := s.cfg.Filters[f]
	name = fl.Name
	if name == "" {
		name = fmt.Sprintf("filter %d", f)
	}
	if fl.Expression != nil {
		expression = fl.Expression.Text
	}
	return name, expression
}

func (s *Sim) enterFilter(t *task, f int) {
	t.filter, t.stageStart = f, s.now
	s.enterTarget(t, 0)
}

func (s *Sim) enterTarget(t *task, i int) {
	ts := s.targets(t.filter)
	e := ts[i]
	t.target, t.late = i, false
	t.gen++
	t.declined = nil
	if e.Priority != nil {
		t.priority = *e.Priority
	}
	t.deadline = -1
	if e.Timeout != nil {
		cum := 0
		for _, x := range ts[:i+1] {
			if x.Timeout != nil {
				cum += *x.Timeout
			}
		}
		t.deadline = t.stageStart + int64(cum)*1000
		s.schedule(t.deadline, timer{kind: tTarget, t: t, gen: t.gen})
	}
	if s.Coverage.Targets[t.filter] == nil {
		s.Coverage.Targets[t.filter] = map[int]bool{}
	}
	s.Coverage.Targets[t.filter][i] = true
	prev := t.q
	t.q = s.queueFor(e.Queue)
	s.rec(record{typ: evTargetMatched, t: t, q: t.q, filter: int32(t.filter), target: int32(i)})
	if prev != t.q {
		if prev != nil {
			s.rec(record{typ: evQueueMoved, t: t, q: t.q, prevQ: prev})
		}
		s.rec(record{typ: evQueueEntered, t: t, q: t.q})
	}
	if s.match(t) == 0 && e.SkipIf != nil && e.SkipIf.Program != nil && e.SkipIf.Program.Match(s.skipEnv(t)) {
		s.leaveQueue(t)
		if i+1 < len(ts) {
			s.enterTarget(t, i+1)
		} else {
			s.leaveFilter(t, true)
		}
	}
}

// skipEnv gives skip_if the counts of the target queue's workers by activity.
func (s *Sim) skipEnv(t *task) *expr.Env {
	counts := map[string]float64{"available": 0, "unavailable": 0}
	for _, w := range t.q.members {
		if w.activity.Available {
			counts["available"]++
		} else {
			counts["unavailable"]++
		}
		counts[w.activity.SID]++
		counts[w.activity.FriendlyName]++
	}
	env := s.env(t)
	env.Counts = counts
	return env
}

// queueFor returns the simulated queue a target names; a queue the workspace doesn't have is
// one without workers, so its tasks wait for the target's timeout.
func (s *Sim) queueFor(ref string) *queue {
	if q, ok := s.queues[ref]; ok {
		return q
	}
	q := &queue{sid: ref, name: ref, maxRes: 1}
	if len(ref) != 34 || ref[:2] != "WQ" {
		q.sid = sid("WQ", 0x1000+len(s.queues))
	}
	s.queues[ref] = q
	s.qlist = append(s.qlist, q)
	return q
}

func (q *queue) display() string {
	if q == nil {
		return ""
	}
	if q.name != "" {
		return q.name
	}
	return q.sid
}

func (s *Sim) hasOpen(t *task) bool {
	for _, r := range t.res {
		if r.open {
			return true
		}
	}
	return false
}

// free says whether a worker can take a task on a channel now.
func (w *worker) free(ch int) bool {
	return w.activity.Available && w.used[ch] < w.capacity[ch]
}

func (s *Sim) accepts(t *task, w *worker) bool {
	if t.declined[w] {
		return false
	}
	for _, r := range t.res {
		if r.open && r.w == w {
			return false
		}
	}
	e := s.targets(t.filter)[t.target]
	if k := e.KnownWorkerSID; k != nil {
		return w.sid == k.Value(t.attrs)
	}
	if k := e.KnownWorkerFriendlyName; k != nil {
		return w.w.FriendlyName == k.Value(t.attrs)
	}
	if e.Expression == nil {
		return true
	}
	s.scratch = expr.Env{Task: t.attrs, Worker: w.ew, Clock: s.clock()}
	return e.Expression.Program.Match(&s.scratch)
}

// match reserves the best available workers for a task, up to the queue's
// max_reserved_workers, and returns how many it reserved; with none, the task waits in the
// queue for a worker to become available.
func (s *Sim) match(t *task) int {
	if t.status != "pending" || s.hasOpen(t) {
		return 0
	}
	var cands []*worker
	for _, w := range t.q.members {
		if w.free(t.ch) && s.accepts(t, w) {
			cands = append(cands, w)
		}
	}
	if len(cands) == 0 {
		s.wait(t)
		return 0
	}
	s.order(t, cands)
	n := min(len(cands), t.q.maxRes)
	s.leaveQueue(t)
	for _, w := range cands[:n] {
		s.reserve(t, w)
	}
	return n
}

// order sorts candidates as TaskRouter picks them: by the target's order_by, then the worker
// idle longest first.
func (s *Sim) order(t *task, ws []*worker) {
	clauses := s.targets(t.filter)[t.target].OrderBy
	sort.SliceStable(ws, func(i, j int) bool {
		a, b := ws[i], ws[j]
		for _, c := range clauses {
			x, xok := attrNumber(a.w.Attributes, c.Path)
			y, yok := attrNumber(b.w.Attributes, c.Path)
			switch {
			case xok && !yok:
				return true // workers without the attribute come last
			case !xok && yok:
				return false
			case xok && yok && x != y:
				if c.Desc {
					return x > y
				}
				return x < y
			}
		}
		if a.idleSince != b.idleSince {
			return a.idleSince < b.idleSince
		}
		return a.idx < b.idx
	})
}

func attrNumber(attrs map[string]any, path []expr.Segment) (float64, bool) {
	v := expr.FromAny(expr.Resolve(attrs, path))
	return v.N, v.Kind == expr.NumKind
}

// wait puts a task in its queue's waiting list, by priority then arrival.
func (s *Sim) wait(t *task) {
	if t.inQueue == t.q {
		return
	}
	s.leaveQueue(t)
	q := t.q
	i := sort.Search(len(q.waiting), func(i int) bool {
		o := q.waiting[i]
		if o.priority != t.priority {
			return o.priority < t.priority
		}
		return o.created > t.created || (o.created == t.created && o.idx > t.idx)
	})
	q.waiting = append(q.waiting, nil)
	copy(q.waiting[i+1:], q.waiting[i:])
	q.waiting[i] = t
	t.inQueue = q
}

func (s *Sim) leaveQueue(t *task) {
	if t.inQueue == nil {
		return
	}
	q := t.inQueue
	t.inQueue = nil
	q.stale++
	if q.stale > 64 && q.stale*2 > len(q.waiting) {
		live := q.waiting[:0]
		for _, x := range q.waiting {
			if x.inQueue == q {
				live = append(live, x)
			}
		}
		clear(q.waiting[len(live):])
		q.waiting, q.stale = live, 0
	}
}

// workerFree offers a worker the best waiting tasks of their queues while they have capacity:
// the highest priority first, then the oldest (or, in a LIFO queue, the newest).
func (s *Sim) workerFree(w *worker) {
	for w.activity.Available {
		var best *task
		for _, q := range w.queues {
			t := s.pick(q, w)
			if t == nil {
				continue
			}
			if best == nil || better(t, best) {
				best = t
			}
		}
		if best == nil {
			return
		}
		s.leaveQueue(best)
		s.reserve(best, w)
	}
}

func better(a, b *task) bool {
	if a.priority != b.priority {
		return a.priority > b.priority
	}
	if a.q.lifo && b.q.lifo {
		return a.created > b.created || (a.created == b.created && a.idx > b.idx)
	}
	return a.created < b.created || (a.created == b.created && a.idx < b.idx)
}

// pick returns the task of q that w should get next, or nil: the first the worker can take
// in the queue's order (priority, then arrival), or in a LIFO queue the last of the highest
// priority band the worker can take.
func (s *Sim) pick(q *queue, w *worker) *task {
	var best *task
	for _, t := range q.waiting {
		if t.inQueue != q || !w.free(t.ch) || !s.accepts(t, w) {
			continue
		}
		if !q.lifo {
			return t
		}
		if best != nil && t.priority != best.priority {
			break
		}
		best = t
	}
	return best
}

func (s *Sim) reserve(t *task, w *worker) {
	s.nres++
	r := &reservation{sid: sid("WR", s.nres), t: t, w: w, open: true}
	t.res = append(t.res, r)
	t.status = "reserved"
	w.used[t.ch]++
	if t.q.q != nil && t.q.q.ReservationActivity != "" {
		if a := s.ws.FindActivity(t.q.q.ReservationActivity); a != nil {
			s.setActivity(w, a)
		}
	}
	s.rec(record{typ: evResCreated, t: t, q: t.q, w: w, res: r})
	a := Answer{Kind: "accept"}
	switch {
	case len(w.script) > 0:
		a, w.script = w.script[0], w.script[1:]
	case w.def != nil:
		a = *w.def
	case s.Interactive:
		a = Answer{}
	}
	if a.Kind == "accept" || a.Kind == "reject" {
		s.schedule(s.now+ms(a.After), timer{kind: tAnswer, r: r, answer: a})
	}
	s.schedule(s.now+s.resTTL, timer{kind: tResTimeout, r: r})
}

func (s *Sim) release(r *reservation) {
	r.open = false
	r.w.used[r.t.ch]--
}

func (s *Sim) answer(r *reservation, a Answer) {
	t, w := r.t, r.w
	switch a.Kind {
	case "accept":
		r.open = false
		t.status = "assigned"
		s.rec(record{typ: evResAccepted, t: t, q: t.q, w: w, res: r})
		for _, o := range t.res {
			if o.open {
				s.release(o)
				s.rec(record{typ: evResRescinded, t: t, q: t.q, w: o.w, res: o})
				s.workerFree(o.w)
			}
		}
		if t.q.q != nil && t.q.q.AssignmentActivity != "" {
			if act := s.ws.FindActivity(t.q.q.AssignmentActivity); act != nil {
				s.setActivity(w, act)
			}
		}
		if a.Complete != nil {
			s.schedule(s.now+ms(*a.Complete), timer{kind: tComplete, r: r, answer: a})
		}
	case "reject":
		s.release(r)
		s.rec(record{typ: evResRejected, t: t, q: t.q, w: w, res: r})
		s.declined(t, w)
		if a.Then != "" {
			if act := s.ws.FindActivity(a.Then); act != nil {
				s.setActivity(w, act)
			}
		}
		s.reservationEnded(t)
		s.workerFree(w)
	case "timeout":
		s.reservationTimeout(r)
	}
}

func (s *Sim) declined(t *task, w *worker) {
	if t.declined == nil {
		t.declined = map[*worker]bool{}
	}
	t.declined[w] = true
}

func (s *Sim) reservationTimeout(r *reservation) {
	t, w := r.t, r.w
	s.release(r)
	s.rec(record{typ: evResTimeout, t: t, q: t.q, w: w, res: r})
	s.declined(t, w)
	if s.timeout != nil {
		s.setActivity(w, s.timeout)
	}
	s.reservationEnded(t)
	s.workerFree(w)
}

// reservationEnded goes on with a task whose last open reservation was rejected or timed out:
// past its target's deadline it moves on, else it is offered again.
func (s *Sim) reservationEnded(t *task) {
	if s.hasOpen(t) || t.status != "reserved" {
		return
	}
	t.status = "pending"
	if t.late || (t.deadline >= 0 && s.now >= t.deadline) {
		s.targetTimeout(t)
		return
	}
	s.match(t)
}

func (s *Sim) targetTimeout(t *task) {
	s.leaveQueue(t)
	s.rec(record{typ: evQueueTimeout, t: t, q: t.q})
	if t.target+1 < len(s.targets(t.filter)) {
		s.enterTarget(t, t.target+1)
		return
	}
	s.leaveFilter(t, false)
}

// leaveFilter moves a task past its filter's last target: to the next matching filter below
// (never the default filter), or out of the workflow.
func (s *Sim) leaveFilter(t *task, skipped bool) {
	if t.filter >= 0 {
		if next := s.cfg.SelectFrom(t.filter+1, s.env(t)); next >= 0 {
			s.enterFilter(t, next)
			return
		}
	}
	if skipped {
		s.rec(record{typ: evWorkflowSkipped, t: t, q: t.q})
		s.cancelTask(t, "Workflow Skipped")
		return
	}
	s.rec(record{typ: evWorkflowTimeout, t: t, q: t.q})
	s.cancelTask(t, "Workflow Timeout")
}

func (s *Sim) cancelTask(t *task, reason string) {
	s.leaveQueue(t)
	var freed []*worker
	for _, r := range t.res {
		if r.open {
			s.release(r)
			s.rec(record{typ: evResCanceled, t: t, q: t.q, w: r.w, res: r})
			freed = append(freed, r.w)
		}
	}
	t.status = "canceled"
	s.rec(record{typ: evTaskCanceled, t: t, q: t.q, reason: reason})
	for _, w := range freed {
		s.workerFree(w)
	}
}

func (s *Sim) complete(r *reservation, then string) {
	t, w := r.t, r.w
	t.status = "completed"
	w.used[t.ch]--
	w.idleSince = s.now
	s.rec(record{typ: evTaskCompleted, t: t, q: t.q, w: w})
	s.rec(record{typ: evResCompleted, t: t, q: t.q, w: w, res: r})
	if then != "" {
		if act := s.ws.FindActivity(then); act != nil {
			s.setActivity(w, act)
		}
	}
	s.workerFree(w)
}

func (s *Sim) setActivity(w *worker, a *routing.Activity) {
	if w.activity == a {
		return
	}
	prev := w.activity
	spent := (s.now - w.since) / 1000
	w.activity, w.since = a, s.now
	if a.Available && !prev.Available {
		w.idleSince = s.now
	}
	s.rec(record{typ: evActivity, w: w, prevAct: prev, spent: spent})
}

func didYouMean(got string, names []string) string {
	if best := suggest.Nearest(got, names); best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return ""
}

// Part is a filter or a target of the workflow, as coverage counts them.
type Part struct {
	ID          string
	Description string
}

// Parts lists the workflow's filters, their targets and the default filter, and the IDs of
// those the simulation's tasks reached.
func (s *Sim) Parts() (all []Part, reached []string) {
	if s.cfg == nil {
		return nil, nil
	}
	for i, f := range s.cfg.Filters {
		fid := fmt.Sprintf("filter/%d", i)
		all = append(all, Part{fid, f.Label()})
		hit := s.Coverage.Targets[i]
		if len(hit) > 0 {
			reached = append(reached, fid)
		}
		for j, e := range s.targets(i) {
			tid := fmt.Sprintf("%s/target/%d", fid, j)
			all = append(all, Part{tid, fmt.Sprintf("target %d of %s (queue %s)", j, f.Label(), s.queueName(e.Queue))})
			if hit[j] {
				reached = append(reached, tid)
			}
		}
	}
	if d := s.cfg.Default; d != nil {
		all = append(all, Part{"default_filter", "the default filter (queue " + s.queueName(d.Queue) + ")"})
		if len(s.Coverage.Targets[-1]) > 0 {
			reached = append(reached, "default_filter")
		}
	}
	return all, reached
}

// queueName names a queue a target refers to, by its friendly name when the workspace has it.
func (s *Sim) queueName(ref string) string {
	if q, ok := s.queues[ref]; ok && q.name != "" {
		return q.name
	}
	return ref
}
