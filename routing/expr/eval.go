package expr

import (
	"strings"
	"time"
)

// Context says where an expression is written, which decides what its keys read.
type Context uint8

// The places expressions are written.
const (
	// FilterContext: a workflow filter's expression, evaluated against one task. Bare keys are
	// task attributes.
	FilterContext Context = iota
	// TargetContext: a filter target's expression, evaluated against a task and each worker of
	// the target's queue. Keys start with task. or worker.
	TargetContext
	// QueueContext: a TaskQueue's target_workers, evaluated against each worker. Bare keys are
	// worker attributes.
	QueueContext
	// SkipIfContext: a target's skip_if, evaluated against the counts of the queue's workers
	// (workers.available, ...).
	SkipIfContext
)

// Worker is what worker. keys of a target expression read: the worker's attributes and its
// sid, friendly_name, activity_sid and activity_name.
type Worker struct {
	SID          string
	FriendlyName string
	ActivitySID  string
	ActivityName string
	Attributes   map[string]any
}

// Clock holds the taskrouter.* variables of one moment, in UTC.
type Clock struct {
	DayOfWeek   string  // Mon, Tue, ...
	CurrentTime float64 // HHMM as a number: 930 at 09:30
	CurrentHour string  // HH, a string as TaskRouter gives it: "09"
	CurrentMin  float64
}

// ClockAt returns the taskrouter.* variables at t (converted to UTC).
func ClockAt(t time.Time) Clock {
	t = t.UTC()
	h, m := t.Hour(), t.Minute()
	return Clock{
		DayOfWeek:   t.Weekday().String()[:3],
		CurrentTime: float64(h*100 + m),
		CurrentHour: string([]byte{byte('0' + h/10), byte('0' + h%10)}),
		CurrentMin:  float64(m),
	}
}

// Env is what an expression is evaluated against. Counts holds skip_if's workers.* variables
// by name ("available", "unavailable", an activity SID or name).
type Env struct {
	Task   map[string]any
	Worker *Worker
	Clock  Clock
	Counts map[string]float64
}

// Program is a compiled expression.
type Program struct {
	Tree    *Tree
	Context Context
	root    cond
}

// Match reports whether the expression holds in env. It doesn't allocate unless the
// expression holds an array written with keys in it.
func (p *Program) Match(env *Env) bool {
	if p == nil || p.root == nil {
		return false
	}
	return p.root.test(env)
}

type cond interface {
	test(env *Env) bool
	explain(env *Env) *Step
}

type operand interface {
	eval(env *Env) Value
	node() Node
}

// Compile turns a parsed expression into a program for its context.
func Compile(t *Tree, ctx Context) *Program {
	if t == nil {
		return nil
	}
	c := &compiler{tree: t, ctx: ctx}
	return &Program{Tree: t, Context: ctx, root: c.cond(t.Root)}
}

type compiler struct {
	tree *Tree
	ctx  Context
}

func (c *compiler) cond(n Node) cond {
	switch n := n.(type) {
	case *Logical:
		l := &logicalCond{n: n, c: c}
		for _, t := range n.Terms {
			l.terms = append(l.terms, c.cond(t))
		}
		return l
	case *Compare:
		cc := &compareCond{n: n, c: c, l: c.operand(n.L), r: c.operand(n.R)}
		cc.fast = newFastCompare(n.Op, cc.l, cc.r)
		return cc
	case *Truth:
		return &truthCond{n: n, c: c, x: c.operand(n.X)}
	}
	return &truthCond{x: c.operand(n), c: c}
}

func (c *compiler) operand(n Node) operand {
	switch n := n.(type) {
	case *Literal:
		return &literalOp{n: n, v: n.Value}
	case *Key:
		return c.key(n)
	case *List:
		l := &listOp{n: n, constant: true}
		for _, it := range n.Items {
			o := c.operand(it)
			l.items = append(l.items, o)
			if lit, ok := o.(*literalOp); ok {
				l.consts = append(l.consts, lit.v.Any())
			} else {
				l.constant = false
			}
		}
		return l
	case *Truth:
		return c.operand(n.X)
	}
	// A condition used as a value ("(a == b) == true"): its truth value.
	return &condOp{n: n, c: c.cond(n)}
}

// source says where a key's value comes from.
type source uint8

const (
	srcNull source = iota
	srcTask
	srcTaskOrBare // a filter's "task.x": task.x if the task has a "task" attribute, else x
	srcWorker
	srcWorkerOrBare // a queue's "worker.x": likewise
	srcClock
	srcCounts
)

func (c *compiler) key(k *Key) operand {
	root := k.Root()
	rest := k.Path[1:]
	o := &keyOp{n: k, path: k.Path}
	switch {
	case root == "taskrouter" && len(rest) == 1 && !rest[0].IsIndex:
		o.src, o.name = srcClock, rest[0].Name
	case root == "workers" && len(rest) == 1 && !rest[0].IsIndex && c.ctx == SkipIfContext:
		o.src, o.name = srcCounts, rest[0].Name
	case c.ctx == FilterContext:
		o.src = srcTask
		if root == "task" && len(rest) > 0 {
			o.src, o.rest = srcTaskOrBare, rest
		}
	case c.ctx == QueueContext:
		o.src = srcWorker
		if root == "worker" && len(rest) > 0 {
			o.src, o.rest = srcWorkerOrBare, rest
		}
	case c.ctx == TargetContext && root == "task" && len(rest) > 0:
		o.src, o.path = srcTask, rest
	case c.ctx == TargetContext && root == "worker" && len(rest) > 0:
		o.src, o.path = srcWorker, rest
		if len(rest) == 1 && !rest[0].IsIndex {
			switch rest[0].Name {
			case "sid", "friendly_name", "activity_sid", "activity_name":
				o.field = rest[0].Name
			}
		}
	}
	return o
}

type keyOp struct {
	n     *Key
	src   source
	path  []Segment // for srcTask/srcWorker: the path inside the attributes
	rest  []Segment // for the *OrBare sources: the path without its prefix
	name  string    // clock or counts variable
	field string    // worker.sid etc.
}

func (o *keyOp) node() Node { return o.n }

func (o *keyOp) eval(env *Env) Value {
	switch o.src {
	case srcTask:
		return FromAny(walk(env.Task, o.path))
	case srcTaskOrBare:
		if _, ok := env.Task["task"]; ok {
			return FromAny(walk(env.Task, o.path))
		}
		return FromAny(walk(env.Task, o.rest))
	case srcWorker, srcWorkerOrBare:
		w := env.Worker
		if w == nil {
			return Value{}
		}
		if o.field != "" {
			switch o.field {
			case "sid":
				return Str(w.SID)
			case "friendly_name":
				return Str(w.FriendlyName)
			case "activity_sid":
				return Str(w.ActivitySID)
			case "activity_name":
				return Str(w.ActivityName)
			}
		}
		if o.src == srcWorkerOrBare {
			if _, ok := w.Attributes["worker"]; !ok {
				return FromAny(walk(w.Attributes, o.rest))
			}
		}
		return FromAny(walk(w.Attributes, o.path))
	case srcClock:
		switch o.name {
		case "dayOfWeek":
			return Str(env.Clock.DayOfWeek)
		case "currentTime":
			return Num(env.Clock.CurrentTime)
		case "currentHour":
			return Str(env.Clock.CurrentHour)
		case "currentMin":
			return Num(env.Clock.CurrentMin)
		}
		return Value{}
	case srcCounts:
		if n, ok := env.Counts[o.name]; ok {
			return Num(n)
		}
		return Value{}
	}
	return Value{}
}

// Resolve follows a key path through decoded JSON attributes; a missing step gives nil, which
// expressions read as NULL.
func Resolve(root map[string]any, path []Segment) any { return walk(root, path) }

// walk follows a key path through decoded JSON; a missing step gives nil (NULL).
func walk(root map[string]any, path []Segment) any {
	if root == nil {
		return nil
	}
	var cur any = root
	for _, s := range path {
		if s.IsIndex {
			a, ok := cur.([]any)
			if !ok || s.Index >= len(a) {
				return nil
			}
			cur = a[s.Index]
			continue
		}
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		if cur, ok = m[s.Name]; !ok {
			return nil
		}
	}
	return cur
}

type literalOp struct {
	n *Literal
	v Value
}

func (o *literalOp) node() Node        { return o.n }
func (o *literalOp) eval(_ *Env) Value { return o.v }

type listOp struct {
	n        *List
	items    []operand
	consts   []any
	constant bool
}

func (o *listOp) node() Node { return o.n }

func (o *listOp) eval(env *Env) Value {
	if o.constant {
		return Value{Kind: ArrKind, A: o.consts}
	}
	a := make([]any, len(o.items))
	for i, it := range o.items {
		a[i] = it.eval(env).Any()
	}
	return Value{Kind: ArrKind, A: a}
}

type condOp struct {
	n Node
	c cond
}

func (o *condOp) node() Node          { return o.n }
func (o *condOp) eval(env *Env) Value { return BoolValue(o.c.test(env)) }

type logicalCond struct {
	n     *Logical
	c     *compiler
	terms []cond
}

func (l *logicalCond) test(env *Env) bool {
	if l.n.Op == And {
		for _, t := range l.terms {
			if !t.test(env) {
				return false
			}
		}
		return true
	}
	for _, t := range l.terms {
		if t.test(env) {
			return true
		}
	}
	return false
}

type compareCond struct {
	n    *Compare
	c    *compiler
	l, r operand
	fast *fastCompare
}

func (c *compareCond) test(env *Env) bool {
	if c.fast != nil {
		if res, ok := c.fast.test(env); ok {
			return res
		}
	}
	return compare(c.n.Op, c.l.eval(env), c.r.eval(env))
}

type truthCond struct {
	n *Truth
	c *compiler
	x operand
}

func (t *truthCond) test(env *Env) bool {
	v := t.x.eval(env)
	return v.Kind == BoolKind && v.B
}

// fastCompare is the common comparison "key OP constant" specialised: it compares the key's
// decoded JSON value with the constant directly, without building a Value, which makes filter
// selection several times faster. Every case it doesn't handle falls back to compare, and
// FuzzFastCompare checks that both agree.
type fastCompare struct {
	op      CmpOp // as if the key were on the left
	key     *keyOp
	lit     Value
	litNum  float64 // the constant as a number, when it is one or spells one
	litIsN  bool
	consts  []Value // a constant list's items, for IN and NOT IN
	cnums   []float64
	cisN    []bool
	flipped bool // the key is on the right in the text
}

// raw returns the key's decoded JSON value when the key reads attributes (not a clock or a
// count, which have no stored value), and whether it does.
func (o *keyOp) raw(env *Env) (any, bool) {
	switch o.src {
	case srcTask:
		return walk(env.Task, o.path), true
	case srcTaskOrBare:
		if _, ok := env.Task["task"]; ok {
			return walk(env.Task, o.path), true
		}
		return walk(env.Task, o.rest), true
	case srcWorker, srcWorkerOrBare:
		if o.field != "" || env.Worker == nil {
			return nil, false
		}
		if o.src == srcWorkerOrBare {
			if _, ok := env.Worker.Attributes["worker"]; !ok {
				return walk(env.Worker.Attributes, o.rest), true
			}
		}
		return walk(env.Worker.Attributes, o.path), true
	}
	return nil, false
}

// mirror gives the operator that holds when the operands swap places.
func mirror(op CmpOp) (CmpOp, bool) {
	switch op {
	case Eq, Ne:
		return op, true
	case Gt:
		return Lt, true
	case Ge:
		return Le, true
	case Lt:
		return Gt, true
	case Le:
		return Ge, true
	}
	return op, false // CONTAINS, HAS, IN ... aren't symmetric
}

func newFastCompare(op CmpOp, l, r operand) *fastCompare {
	k, isKey := l.(*keyOp)
	other := r
	flipped := false
	if !isKey {
		k, isKey = r.(*keyOp)
		other = l
		m, ok := mirror(op)
		if !isKey || !ok {
			return nil
		}
		op, flipped = m, true
	}
	switch k.src {
	case srcTask, srcTaskOrBare, srcWorker, srcWorkerOrBare:
	default:
		return nil
	}
	if k.field != "" {
		return nil
	}
	f := &fastCompare{op: op, key: k, flipped: flipped}
	switch o := other.(type) {
	case *literalOp:
		f.lit = o.v
		f.litNum, f.litIsN = o.v.number()
	case *listOp:
		if !o.constant || (op != In && op != NotIn) {
			return nil
		}
		f.lit = Value{Kind: ArrKind, A: o.consts}
		for _, c := range o.consts {
			v := FromAny(c)
			n, isN := v.number()
			f.consts = append(f.consts, v)
			f.cnums = append(f.cnums, n)
			f.cisN = append(f.cisN, isN)
		}
	default:
		return nil
	}
	return f
}

// eqAny is equal(FromAny(v), lit) for the common types of v; ok is false for the others.
func (f *fastCompare) eqAny(v any, lit *Value, litNum float64, litIsN bool) (res, ok bool) {
	switch x := v.(type) {
	case string:
		switch lit.Kind {
		case StrKind:
			return x == lit.S, true // two strings compare as strings: "3" != "3.0"
		case NumKind:
			n, isN := Str(x).number()
			return isN && n == lit.N, true
		case BoolKind:
			return false, false
		}
		return false, true // null or an array constant
	case float64:
		switch lit.Kind {
		case NumKind:
			return x == lit.N, true
		case StrKind:
			return litIsN && x == litNum, true
		}
		return false, lit.Kind == NullKind || lit.Kind == ArrKind
	case bool:
		if lit.Kind == BoolKind {
			return x == lit.B, true
		}
		return false, false
	case nil:
		return lit.Kind == NullKind, true
	case []any, map[string]any:
		return false, true
	}
	return false, false
}

func (f *fastCompare) test(env *Env) (res, ok bool) {
	v, ok := f.key.raw(env)
	if !ok {
		return false, false
	}
	switch f.op {
	case Eq, Ne:
		if f.lit.Kind == ArrKind {
			return false, true
		}
		if _, isArr := v.([]any); isArr {
			return false, true
		}
		if _, isObj := v.(map[string]any); isObj {
			return false, true
		}
		eq, ok := f.eqAny(v, &f.lit, f.litNum, f.litIsN)
		if !ok {
			return false, false
		}
		return eq == (f.op == Eq), true
	case In, NotIn:
		if f.lit.Kind != ArrKind {
			return false, true // an array operator with two scalars
		}
		switch v.(type) {
		case []any, map[string]any:
			return false, true
		}
		for i := range f.consts {
			eq, ok := f.eqAny(v, &f.consts[i], f.cnums[i], f.cisN[i])
			if !ok {
				return false, false
			}
			if eq {
				return f.op == In, true
			}
		}
		return f.op == NotIn, true
	case Has:
		a, isArr := v.([]any)
		if !isArr || !f.lit.scalar() {
			return false, true
		}
		for _, it := range a {
			eq, ok := f.eqAny(it, &f.lit, f.litNum, f.litIsN)
			if !ok {
				return false, false
			}
			if eq {
				return true, true
			}
		}
		return false, true
	case Gt, Ge, Lt, Le:
		if x, isNum := v.(float64); isNum && f.lit.Kind == NumKind {
			switch f.op {
			case Gt:
				return x > f.lit.N, true
			case Ge:
				return x >= f.lit.N, true
			case Lt:
				return x < f.lit.N, true
			}
			return x <= f.lit.N, true
		}
	case Contains:
		if x, isStr := v.(string); isStr && f.lit.Kind == StrKind {
			return strings.Contains(x, f.lit.S), true
		}
	}
	return false, false
}
