package expr

import (
	"fmt"
)

// Step is one evaluated part of an expression, for explaining why it did or didn't hold:
// the part's text, its result and, for a comparison, the values compared; for AND and OR,
// the steps of every term (all of them are evaluated, so that the explanation is complete).
type Step struct {
	Text   string   `json:"text"`
	Result bool     `json:"result"`
	Op     string   `json:"op,omitempty"`
	Left   *Operand `json:"left,omitempty"`
	Right  *Operand `json:"right,omitempty"`
	Terms  []*Step  `json:"terms,omitempty"`
	Note   string   `json:"note,omitempty"`
	Span   Span     `json:"-"`
}

// Operand is one side of an explained comparison: its text and the value it had.
type Operand struct {
	Text  string `json:"text"`
	Value any    `json:"value"`
	value Value
	key   bool
}

// Explain evaluates the expression in env, recording every part.
func (p *Program) Explain(env *Env) *Step {
	if p == nil || p.root == nil {
		return nil
	}
	return p.root.explain(env)
}

func (l *logicalCond) explain(env *Env) *Step {
	s := &Step{Text: l.c.tree.Source(l.n), Op: l.n.Op.String(), Span: l.n.Span()}
	for _, t := range l.terms {
		s.Terms = append(s.Terms, t.explain(env))
	}
	s.Result = l.test(env)
	return s
}

func (c *compareCond) explain(env *Env) *Step {
	lv, rv := c.l.eval(env), c.r.eval(env)
	_, lk := c.l.(*keyOp)
	_, rk := c.r.(*keyOp)
	s := &Step{
		Text:   c.c.tree.Source(c.n),
		Op:     c.n.Op.String(),
		Left:   &Operand{Text: c.c.tree.Source(c.l.node()), Value: lv.Any(), value: lv, key: lk},
		Right:  &Operand{Text: c.c.tree.Source(c.r.node()), Value: rv.Any(), value: rv, key: rk},
		Result: compare(c.n.Op, lv, rv),
		Span:   c.n.Span(),
	}
	if !s.Result {
		s.Note = whyFalse(c.n.Op, s.Left, s.Right)
	}
	return s
}

func (t *truthCond) explain(env *Env) *Step {
	v := t.x.eval(env)
	s := &Step{Text: t.c.tree.Source(t.x.node()), Left: &Operand{Text: t.c.tree.Source(t.x.node()), Value: v.Any(), value: v}, Result: v.Kind == BoolKind && v.B, Span: t.x.node().Span()}
	if !s.Result && v.Kind != BoolKind {
		s.Note = fmt.Sprintf("a condition on its own holds only when it is true; %s is %s", s.Text, describeValue(v))
	}
	return s
}

func describeValue(v Value) string {
	if v.Kind == NullKind {
		return "NULL (missing)"
	}
	return "the " + v.TypeName() + " " + v.String()
}

// whyFalse explains a false comparison when the reason is not simply that the values differ:
// a missing key, or types the operator doesn't compare.
func whyFalse(op CmpOp, l, r *Operand) string {
	lv, rv := l.value, r.value
	missing := func(o *Operand) string {
		return fmt.Sprintf("%s is missing, so it is NULL", o.Text)
	}
	switch op {
	case Eq, Gt, Ge, Lt, Le, Contains, NotContains:
		if lv.Kind == NullKind && rv.Kind != NullKind && l.key {
			return missing(l)
		}
		if rv.Kind == NullKind && lv.Kind != NullKind && r.key {
			return missing(r)
		}
	}
	switch op {
	case Eq, Ne, Gt, Ge, Lt, Le, Contains, NotContains:
		if lv.Kind == ArrKind || rv.Kind == ArrKind {
			side := l
			if lv.Kind != ArrKind {
				side = r
			}
			return fmt.Sprintf("%s is an array: %s compares single values (use HAS or IN with arrays)", side.Text, op)
		}
		if (op == Contains || op == NotContains) && (lv.Kind != StrKind || rv.Kind != StrKind) {
			return fmt.Sprintf("CONTAINS looks for text in text; here it compares %s with %s", describeValue(lv), describeValue(rv))
		}
		if op != Eq && op != Ne {
			if _, ok := order(lv, rv); !ok {
				return fmt.Sprintf("%s and %s can't be ordered", describeValue(lv), describeValue(rv))
			}
		}
		if op == Eq && lv.Kind != rv.Kind && lv.Kind != NullKind && rv.Kind != NullKind {
			return fmt.Sprintf("a %s never equals a %s here", lv.TypeName(), rv.TypeName())
		}
	case Has, NotHas:
		if lv.Kind != ArrKind {
			if lv.Kind == NullKind && l.key {
				return missing(l)
			}
			return fmt.Sprintf("%s HAS needs an array on the left; %s is %s", op, l.Text, describeValue(lv))
		}
	case In, NotIn:
		if rv.Kind != ArrKind {
			if rv.Kind == NullKind && r.key {
				return missing(r) + fmt.Sprintf(", and %s needs an array on the right", op)
			}
			return fmt.Sprintf("%s needs an array on the right; %s is %s", op, r.Text, describeValue(rv))
		}
		if lv.Kind == ArrKind {
			return fmt.Sprintf("%s needs a single value on the left; %s is an array (use HAS)", op, l.Text)
		}
	}
	return ""
}
