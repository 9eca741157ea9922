package expressions

import (
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// node is a parsed expression. Nodes are immutable after parsing, so a parsed template can be
// evaluated by many goroutines at once, each with its own EvalContext.
type node interface {
	// compute computes the node's value; parents call eval, which also charges the value to the
	// evaluation's budget.
	compute(ctx *EvalContext) Value
	offset() int
	// String renders the node the way the reference engine does in messages such as
	// "contact.name is not a function": canonical spacing, text quoted, names as written.
	String() string
}

// eval evaluates n and charges the value it produces to ctx's budget, as the reference charges
// every value an evaluation produces.
func eval(n node, ctx *EvalContext) Value {
	return ctx.produce(n.compute(ctx))
}

type literalNode struct {
	off   int
	value Value
}

func (n *literalNode) compute(*EvalContext) Value { return n.value }
func (n *literalNode) offset() int                { return n.off }
func (n *literalNode) String() string             { return Describe(n.value) }

// parenNode is an expression in parentheses: it evaluates as its inner expression and is kept
// so that messages can show the expression as written.
type parenNode struct {
	off   int
	inner node
}

func (n *parenNode) compute(ctx *EvalContext) Value { return n.inner.compute(ctx) }
func (n *parenNode) offset() int                    { return n.off }
func (n *parenNode) String() string                 { return "(" + n.inner.String() + ")" }

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

func (n *nameNode) offset() int    { return n.off }
func (n *nameNode) String() string { return n.lower }

func (n *nameNode) compute(ctx *EvalContext) Value {
	for s := ctx.scope; s != nil; s = s.parent {
		for i, p := range s.names {
			if p == n.lower {
				return s.values[i]
			}
		}
	}
	if ctx.Root != nil {
		if v, ok := ctx.Root.lookupWarn(ctx, n.name); ok {
			return v
		}
	}
	if n.fn != nil {
		return n.fn
	}
	return NewError("context has no property '%s'", n.name)
}

// memberNode is `object.key` or `object["key"]` with a literal key.
type memberNode struct {
	off     int
	object  node
	key     string
	bracket bool
}

func (n *memberNode) offset() int { return n.off }

func (n *memberNode) String() string {
	if n.bracket {
		return n.object.String() + "[" + strconv.Quote(n.key) + "]"
	}
	return n.object.String() + "." + n.key
}

func (n *memberNode) compute(ctx *EvalContext) Value {
	obj := eval(n.object, ctx)
	if e, ok := obj.(*Error); ok {
		return e
	}
	if o, ok := obj.(*Object); ok { // the common case, without boxing the key
		if item, found := o.lookupWarn(ctx, n.key); found {
			return item
		}
	}
	return lookup(ctx, obj, Text(n.key), !n.bracket)
}

// lookup resolves `v.key` (dot) or `v[key]`, with the reference's rules and messages: an object
// looks the key up as text, exactly and then ignoring case, and a missing key is an error with dot
// notation but null with brackets, so brackets can probe for optional keys; an array converts the
// key to a whole-number index (negative counts from the end); nothing else has properties.
func lookup(ctx *EvalContext, v, key Value, dot bool) Value {
	switch t := v.(type) {
	case *Object:
		name, err := ToText(ctx, key)
		if err != nil {
			return err
		}
		if item, ok := t.lookupWarn(ctx, name); ok {
			return item
		}
		if !dot {
			return nil
		}
		return NewError("object has no property '%s'", name)
	case *Array:
		d, err := ToNumber(ctx, key)
		if err != nil {
			return err
		}
		return lookupIndex(ctx, t, d)
	case *Error:
		return t
	}
	return NewError("%s doesn't support lookups", Describe(v))
}

func lookupIndex(ctx *EvalContext, a *Array, d decimal.Decimal) Value {
	i, err := ToInteger(ctx, Number{d: d})
	if err != nil {
		return err
	}
	if i >= a.Len() || i < -a.Len() {
		return NewError("index %d out of range for %d items", i, a.Len())
	}
	if i < 0 {
		i += a.Len()
	}
	return a.Get(i)
}

// indexNode is `object[expression]`.
type indexNode struct {
	off    int
	object node
	index  node
}

func (n *indexNode) offset() int    { return n.off }
func (n *indexNode) String() string { return n.object.String() + "[" + n.index.String() + "]" }

func (n *indexNode) compute(ctx *EvalContext) Value {
	obj := eval(n.object, ctx)
	if e, ok := obj.(*Error); ok {
		return e
	}
	idx := eval(n.index, ctx)
	if e, ok := idx.(*Error); ok {
		return e
	}
	return lookup(ctx, obj, idx, false)
}

// callNode calls whatever fn evaluates to.
type callNode struct {
	off  int
	fn   node
	args []node
}

func (n *callNode) offset() int { return n.off }

func (n *callNode) String() string {
	var b strings.Builder
	b.WriteString(n.fn.String())
	b.WriteByte('(')
	for i, a := range n.args {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(a.String())
	}
	b.WriteByte(')')
	return b.String()
}

func (n *callNode) compute(ctx *EvalContext) Value {
	fn := eval(n.fn, ctx)
	if _, ok := fn.(*Func); !ok {
		if e, isErr := fn.(*Error); isErr {
			return e
		}
		return NewError("%s is not a function", n.fn.String())
	}
	var args []Value
	if len(n.args) > 0 {
		args = make([]Value, len(n.args))
		for i, a := range n.args {
			args[i] = eval(a, ctx)
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

func (n *lambdaNode) String() string {
	return "(" + strings.Join(n.params, ", ") + ") => " + n.body.String()
}

func (n *lambdaNode) compute(ctx *EvalContext) Value {
	outer := ctx.scope
	return &Func{arity: len(n.params), fn: func(c *EvalContext, args []Value) Value {
		saved := c.scope
		c.scope = &scope{names: n.params, values: args, parent: outer}
		r := eval(n.body, c)
		c.scope = saved
		return r
	}}
}

type negateNode struct {
	off     int
	operand node
}

func (n *negateNode) offset() int    { return n.off }
func (n *negateNode) String() string { return "-" + n.operand.String() }

func (n *negateNode) compute(ctx *EvalContext) Value {
	d, err := ToNumber(ctx, eval(n.operand, ctx))
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

func (n *binaryNode) String() string {
	return n.left.String() + " " + strings.Trim(n.op.String(), "'") + " " + n.right.String()
}

func (n *binaryNode) compute(ctx *EvalContext) Value {
	l := eval(n.left, ctx)
	if e, ok := l.(*Error); ok {
		return e
	}
	// an error on the right is met when the right is converted, after the left, as in the
	// reference: `"abc" * (1 / 0)` is `unable to convert "abc" to a number`
	r := eval(n.right, ctx)
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
	if err := ctx.Afford(len(a) + len(b)); err != nil { // checked before the text is built
		return err
	}
	return Text(a + b)
}

func arithmetic(op tokenKind, a, b decimal.Decimal) Value {
	switch op {
	case tokPlus:
		return NewNumber(a.Add(b))
	case tokMinus:
		return NewNumber(a.Sub(b))
	case tokStar:
		return NewNumber(a.Mul(b))
	case tokSlash:
		if b.IsZero() {
			return NewError("division by zero")
		}
		return NewNumber(a.Div(b))
	case tokCaret:
		return power(a, b)
	}
	return NewError("unknown operator")
}

var maxPowerExponent = decimal.NewFromInt(MaxNumberExponent)

// power computes a^b as the reference does (including its zero results for 0^-1 and for roots of
// negative numbers, and its precision for fractional exponents); an exponent beyond ±100 is out
// of range before any work is done, so `999999^9999^9999` ends at once.
func power(a, b decimal.Decimal) Value {
	if b.Abs().GreaterThan(maxPowerExponent) {
		return errNumberRange
	}
	return NewNumber(a.Pow(b))
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
