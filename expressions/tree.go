package expressions

import (
	"math"
	"strings"

	"github.com/shopspring/decimal"
)

// node is a parsed expression. Nodes are immutable after parsing, so a parsed template can be
// evaluated by many goroutines at once, each with its own EvalContext.
type node interface {
	eval(ctx *EvalContext) Value
	offset() int
}

type literalNode struct {
	off   int
	value Value
}

func (n *literalNode) eval(*EvalContext) Value { return n.value }
func (n *literalNode) offset() int             { return n.off }

// nameNode is a bare name: an anonymous function's parameter, a context root or a built-in
// function, looked up in that order as goflow's scopes do (so a context key can shadow a function).
type nameNode struct {
	off   int
	name  string // as written
	lower string
	fn    *Func // the built-in of that name, if any
}

func newNameNode(t token) *nameNode {
	lower := strings.ToLower(t.text)
	return &nameNode{off: t.off, name: t.text, lower: lower, fn: lookupFunc(lower)}
}

func (n *nameNode) offset() int { return n.off }

func (n *nameNode) eval(ctx *EvalContext) Value {
	for s := ctx.scope; s != nil; s = s.parent {
		for i, p := range s.names {
			if p == n.lower {
				return s.values[i]
			}
		}
	}
	if ctx.Root != nil {
		if v, ok := ctx.Root.Get(n.name); ok {
			return v
		}
	}
	if n.fn != nil {
		return n.fn
	}
	return NewError("context has no property '%s'", n.lower)
}

// memberNode is `object.key` or `object["key"]` with a literal key.
type memberNode struct {
	off     int
	object  node
	key     string
	bracket bool
}

func (n *memberNode) offset() int { return n.off }

func (n *memberNode) eval(ctx *EvalContext) Value {
	obj := n.object.eval(ctx)
	return lookupKey(ctx, obj, n.key, !n.bracket)
}

// lookupKey resolves a property of v: an object's key (any case), or an array's item when the key
// is a whole number. As in goflow, a missing key is an error with dot notation (`a.b`) and null
// with brackets (`a["b"]`), so brackets can probe for optional keys.
func lookupKey(ctx *EvalContext, v Value, key string, dot bool) Value {
	switch t := v.(type) {
	case *Object:
		if item, ok := t.Get(key); ok {
			return item
		}
		if !dot {
			return nil
		}
		return NewError("object has no property '%s'", strings.ToLower(key))
	case *Array:
		if d, ok := ParseNumber(key); ok {
			return lookupIndex(ctx, t, d)
		}
	case *Error:
		return t
	}
	return NewError("%s has no property '%s'", Describe(v), strings.ToLower(key))
}

func lookupIndex(ctx *EvalContext, a *Array, d decimal.Decimal) Value {
	i, err := ToInteger(ctx, Number{d: d})
	if err != nil {
		return err
	}
	if i >= a.Len() || i < -a.Len() {
		return NewError("index %d is out of range for %d items", i, a.Len())
	}
	if i < 0 {
		i += a.Len()
	}
	return a.Get(i)
}

// indexNode is `object[expression]`: a number indexes an array, anything else names a property.
type indexNode struct {
	off    int
	object node
	index  node
}

func (n *indexNode) offset() int { return n.off }

func (n *indexNode) eval(ctx *EvalContext) Value {
	obj := n.object.eval(ctx)
	if e, ok := obj.(*Error); ok {
		return e
	}
	idx := n.index.eval(ctx)
	switch t := idx.(type) {
	case *Error:
		return t
	case Number:
		if a, ok := obj.(*Array); ok {
			return lookupIndex(ctx, a, t.d)
		}
		if _, ok := obj.(*Object); !ok {
			return NewError("%s is not indexable", Describe(obj))
		}
	}
	key, err := ToText(ctx, idx)
	if err != nil {
		return err
	}
	return lookupKey(ctx, obj, key, false)
}

// callNode calls whatever fn evaluates to.
type callNode struct {
	off  int
	fn   node
	args []node
}

func (n *callNode) offset() int { return n.off }

func (n *callNode) eval(ctx *EvalContext) Value {
	fn := n.fn.eval(ctx)
	if _, ok := fn.(*Func); !ok {
		if e, isErr := fn.(*Error); isErr {
			return e
		}
		return NewError("%s is not a function", Describe(fn))
	}
	var args []Value
	if len(n.args) > 0 {
		args = make([]Value, len(n.args))
		for i, a := range n.args {
			args[i] = a.eval(ctx)
		}
	}
	return ctx.Call(fn, args...)
}

// lambdaNode is an anonymous function `(a, b) => body`; evaluating it makes a function value that
// sees the parameters of the functions it is nested in.
type lambdaNode struct {
	off    int
	params []string
	body   node
}

func (n *lambdaNode) offset() int { return n.off }

func (n *lambdaNode) eval(ctx *EvalContext) Value {
	outer := ctx.scope
	return &Func{arity: len(n.params), fn: func(c *EvalContext, args []Value) Value {
		saved := c.scope
		c.scope = &scope{names: n.params, values: args, parent: outer}
		r := n.body.eval(c)
		c.scope = saved
		return r
	}}
}

type negateNode struct {
	off     int
	operand node
}

func (n *negateNode) offset() int { return n.off }

func (n *negateNode) eval(ctx *EvalContext) Value {
	d, err := ToNumber(ctx, n.operand.eval(ctx))
	if err != nil {
		return err
	}
	return negate(Number{d: d})
}

type binaryNode struct {
	op          tokenKind
	off         int
	left, right node
}

func (n *binaryNode) offset() int { return n.off }

func (n *binaryNode) eval(ctx *EvalContext) Value {
	l := n.left.eval(ctx)
	if e, ok := l.(*Error); ok {
		return e
	}
	r := n.right.eval(ctx)
	if e, ok := r.(*Error); ok {
		return e
	}
	switch n.op {
	case tokAmp:
		return concat(ctx, l, r)
	case tokEq, tokNeq:
		eq, err := Equals(ctx, l, r)
		if err != nil {
			return err
		}
		return Boolean(eq == (n.op == tokEq))
	case tokLt, tokLte, tokGt, tokGte:
		return compare(ctx, n.op, l, r)
	}
	if x, ok := l.(Number); ok && x.isInt {
		if y, ok := r.(Number); ok && y.isInt {
			switch n.op {
			case tokPlus:
				return intValue(x.i + y.i)
			case tokMinus:
				return intValue(x.i - y.i)
			case tokStar:
				return intValue(x.i * y.i)
			}
		}
	}
	a, err := ToNumber(ctx, l)
	if err != nil {
		return err
	}
	b, err := ToNumber(ctx, r)
	if err != nil {
		return err
	}
	return arithmetic(n.op, a, b)
}

func concat(ctx *EvalContext, l, r Value) Value {
	a, err := ToText(ctx, l)
	if err != nil {
		return err
	}
	b, err := ToText(ctx, r)
	if err != nil {
		return err
	}
	if err := ctx.CheckOutput(len(a) + len(b)); err != nil {
		return err
	}
	return Text(a + b)
}

func arithmetic(op tokenKind, a, b decimal.Decimal) Value {
	switch op {
	case tokPlus:
		return Number{d: a.Add(b)}
	case tokMinus:
		return Number{d: a.Sub(b)}
	case tokStar:
		return Number{d: a.Mul(b)}
	case tokSlash:
		if b.IsZero() {
			return NewError("division by zero")
		}
		return Number{d: a.Div(b)}
	case tokCaret:
		return power(a, b)
	}
	return NewError("unknown operator")
}

// maxExponent keeps `^` from computing numbers too big to print.
const maxExponent = 10000

func power(a, b decimal.Decimal) Value {
	if b.IsInteger() {
		if b.Abs().GreaterThan(decimal.NewFromInt(maxExponent)) {
			return NewError("exponent %s is too large", formatDecimal(b))
		}
		if a.IsZero() && b.IsNegative() {
			return NewError("division by zero")
		}
		if b.IsNegative() {
			return Number{d: decimal.NewFromInt(1).Div(a.Pow(b.Neg()))}
		}
		return Number{d: a.Pow(b)}
	}
	fa, _ := a.Float64()
	fb, _ := b.Float64()
	f := math.Pow(fa, fb)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return NewError("%s ^ %s is not a real number", formatDecimal(a), formatDecimal(b))
	}
	return Number{d: decimal.NewFromFloat(f)}
}

// compare orders two numbers; as in goflow, anything else (dates included) is an error.
func compare(ctx *EvalContext, op tokenKind, l, r Value) Value {
	a, err := ToNumber(ctx, l)
	if err != nil {
		return err
	}
	b, err := ToNumber(ctx, r)
	if err != nil {
		return err
	}
	c := a.Cmp(b)
	switch op {
	case tokLt:
		return Boolean(c < 0)
	case tokLte:
		return Boolean(c <= 0)
	case tokGt:
		return Boolean(c > 0)
	}
	return Boolean(c >= 0)
}
