package expr

// Tri is the result of evaluating an expression without a task: true or false whatever the
// task, or Unknown when it depends on it.
type Tri uint8

// The three results.
const (
	Unknown Tri = iota
	False
	True
)

// Const evaluates the expression without a task or worker: True when it holds for every task
// (1==1, "1==1 OR type=='x'"), False when for none (1==0), else Unknown.
func (t *Tree) Const() Tri {
	if t == nil {
		return Unknown
	}
	return constOf(t.Root)
}

func constOf(n Node) Tri {
	switch n := n.(type) {
	case *Logical:
		all := True
		if n.Op == Or {
			all = False
		}
		for _, term := range n.Terms {
			c := constOf(term)
			if n.Op == And && c == False || n.Op == Or && c == True {
				return c
			}
			if c == Unknown {
				all = Unknown
			}
		}
		return all
	case *Compare:
		l, lok := constValue(n.L)
		r, rok := constValue(n.R)
		if !lok || !rok {
			return Unknown
		}
		if compare(n.Op, l, r) {
			return True
		}
		return False
	case *Truth:
		v, ok := constValue(n.X)
		if !ok {
			return Unknown
		}
		if v.Kind == BoolKind && v.B {
			return True
		}
		return False
	}
	return Unknown
}

func constValue(n Node) (Value, bool) {
	switch n := n.(type) {
	case *Literal:
		return n.Value, true
	case *List:
		a := make([]any, 0, len(n.Items))
		for _, it := range n.Items {
			v, ok := constValue(it)
			if !ok {
				return Value{}, false
			}
			a = append(a, v.Any())
		}
		return Value{Kind: ArrKind, A: a}, true
	}
	return Value{}, false
}

// TaskPath returns the task attribute path a key reads in a context (without the task.
// prefix), and whether the key reads the task at all.
func TaskPath(k *Key, ctx Context) (string, bool) {
	switch ctx {
	case FilterContext:
		if k.Root() == "taskrouter" {
			return "", false
		}
		if k.Root() == "task" && len(k.Path) > 1 {
			return pathString(k.Path[1:]), true
		}
		return k.String(), true
	case TargetContext:
		if k.Root() == "task" && len(k.Path) > 1 {
			return pathString(k.Path[1:]), true
		}
	}
	return "", false
}

// Guarantees returns the task attribute paths that are present (not NULL) whenever the
// expression holds: language in "language == 'es' AND priority > 1", but nothing in "a == 'x'
// OR b == 'y'", nor in "a != 'x'" (a missing a isn't 'x').
func Guarantees(t *Tree, ctx Context) map[string]bool {
	if t == nil {
		return nil
	}
	return guarantees(t.Root, ctx)
}

func guarantees(n Node, ctx Context) map[string]bool {
	out := map[string]bool{}
	add := func(n Node) {
		if k, ok := n.(*Key); ok {
			if p, ok := TaskPath(k, ctx); ok {
				out[p] = true
			}
		}
	}
	isNull := func(n Node) bool {
		l, ok := n.(*Literal)
		return ok && l.Value.Kind == NullKind
	}
	isKey := func(n Node) bool {
		_, ok := n.(*Key)
		return ok
	}
	switch n := n.(type) {
	case *Logical:
		if n.Op == And {
			for _, term := range n.Terms {
				for p := range guarantees(term, ctx) {
					out[p] = true
				}
			}
			return out
		}
		for i, term := range n.Terms {
			g := guarantees(term, ctx)
			if i == 0 {
				out = g
				continue
			}
			for p := range out {
				if !g[p] {
					delete(out, p)
				}
			}
		}
		return out
	case *Compare:
		switch n.Op {
		case Eq:
			// x == 'a' needs x; x == null and x == y (both may be NULL) don't.
			if !isNull(n.R) && !isKey(n.R) {
				add(n.L)
			}
			if !isNull(n.L) && !isKey(n.L) {
				add(n.R)
			}
		case Ne:
			if isNull(n.R) {
				add(n.L)
			}
			if isNull(n.L) {
				add(n.R)
			}
		case Gt, Ge, Lt, Le, Contains, NotContains:
			add(n.L)
			add(n.R)
		case Has, NotHas:
			add(n.L)
		case In:
			if l, ok := n.R.(*List); !ok || !listHasNull(l) {
				add(n.L)
			}
			add(n.R)
		case NotIn:
			add(n.R)
		}
	case *Truth:
		add(n.X)
	}
	return out
}

func listHasNull(l *List) bool {
	for _, it := range l.Items {
		if lit, ok := it.(*Literal); ok && lit.Value.Kind == NullKind {
			return true
		}
	}
	return false
}
