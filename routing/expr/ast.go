package expr

import (
	"strconv"
	"strings"
)

// Node is a node of a parsed expression.
type Node interface {
	// Span is where the node's text is in the expression.
	Span() Span
}

// LogicalOp is AND or OR.
type LogicalOp uint8

// The logical operators.
const (
	And LogicalOp = iota
	Or
)

func (o LogicalOp) String() string {
	if o == And {
		return "AND"
	}
	return "OR"
}

// Logical joins two or more conditions with AND or OR (a chain of one operator is one node).
type Logical struct {
	Op    LogicalOp
	Terms []Node
	span  Span
}

// Span implements Node.
func (n *Logical) Span() Span { return n.span }

// CmpOp is a comparison operator.
type CmpOp uint8

// The comparison operators.
const (
	Eq CmpOp = iota
	Ne
	Gt
	Ge
	Lt
	Le
	Contains
	Has
	In
	NotIn
	NotHas
	NotContains
)

var cmpNames = [...]string{"==", "!=", ">", ">=", "<", "<=", "CONTAINS", "HAS", "IN", "NOT IN", "NOT HAS", "NOT CONTAINS"}

func (o CmpOp) String() string { return cmpNames[o] }

// Compare is one comparison. OpSpan is where its operator is written.
type Compare struct {
	Op     CmpOp
	L, R   Node
	OpSpan Span
	span   Span
}

// Span implements Node.
func (n *Compare) Span() Span { return n.span }

// Truth is an operand used alone as a condition ("true", "is_vip"): it holds when the value
// is boolean true.
type Truth struct {
	X Node
}

// Span implements Node.
func (n *Truth) Span() Span { return n.X.Span() }

// Segment is one step of a key path: a member name or an array index.
type Segment struct {
	Name    string
	Index   int
	IsIndex bool
}

// Key is a reference to an attribute, such as task.language or skills[0].
type Key struct {
	Path []Segment
	span Span
}

// Span implements Node.
func (n *Key) Span() Span { return n.span }

// Root is the key's first name ("task" in task.language).
func (n *Key) Root() string { return n.Path[0].Name }

// String writes the key as it would be written in an expression.
func (n *Key) String() string { return pathString(n.Path) }

func pathString(p []Segment) string {
	var b strings.Builder
	for i, s := range p {
		switch {
		case s.IsIndex:
			b.WriteString("[" + strconv.Itoa(s.Index) + "]")
		case i > 0:
			b.WriteString("." + s.Name)
		default:
			b.WriteString(s.Name)
		}
	}
	return b.String()
}

// Literal is a constant: a string, number, boolean or null.
type Literal struct {
	Value Value
	span  Span
}

// Span implements Node.
func (n *Literal) Span() Span { return n.span }

// List is an array written in the expression: ['en', 'es'].
type List struct {
	Items []Node
	span  Span
}

// Span implements Node.
func (n *List) Span() Span { return n.span }

// Tree is a parsed expression with its text.
type Tree struct {
	Text string
	Root Node
}

// Walk calls fn for n and every node under it, parents first.
func Walk(n Node, fn func(Node)) {
	if n == nil {
		return
	}
	fn(n)
	switch n := n.(type) {
	case *Logical:
		for _, t := range n.Terms {
			Walk(t, fn)
		}
	case *Compare:
		Walk(n.L, fn)
		Walk(n.R, fn)
	case *Truth:
		Walk(n.X, fn)
	case *List:
		for _, it := range n.Items {
			Walk(it, fn)
		}
	}
}

// Keys returns every key the expression reads, in text order.
func (t *Tree) Keys() []*Key {
	var out []*Key
	if t == nil {
		return nil
	}
	Walk(t.Root, func(n Node) {
		if k, ok := n.(*Key); ok {
			out = append(out, k)
		}
	})
	return out
}

// Source returns the text of a node.
func (t *Tree) Source(n Node) string {
	sp := n.Span()
	return t.Text[sp.Pos:sp.End]
}
