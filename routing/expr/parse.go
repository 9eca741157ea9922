package expr

import (
	"fmt"
	"strconv"
	"strings"
)

// Parse reads an expression. It returns the tree (nil when the text has an error) and the
// diagnostics: every error stops parsing, warnings (oddities read in a stated way) don't.
func Parse(text string) (*Tree, []Diag) {
	p := &parser{s: &scanner{src: text}}
	p.advance()
	if p.tok.kind == tEOF {
		p.s.errorf(Span{0, len(text)}, CodeSyntax, "the expression is empty: write a condition such as 1==1 to match every task")
		return nil, p.s.diags
	}
	root := p.orExpr()
	if !p.failed && p.tok.kind != tEOF {
		p.unexpected("AND, OR or the end of the expression")
	}
	if p.failed || hasError(p.s.diags) {
		return nil, p.s.diags
	}
	return &Tree{Text: text, Root: root}, p.s.diags
}

func hasError(ds []Diag) bool {
	for _, d := range ds {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

type parser struct {
	s      *scanner
	tok    token
	prev   token
	failed bool
	depth  int
}

// MaxDepth bounds nested parentheses and lists so that hostile input can't exhaust the stack.
const MaxDepth = 200

func (p *parser) advance() {
	p.prev = p.tok
	p.tok = p.s.next()
	if p.tok.kind == tBad {
		p.failed = true
	}
}

func (p *parser) fail(sp Span, format string, args ...any) {
	if p.failed {
		return
	}
	p.failed = true
	p.s.errorf(sp, CodeSyntax, format, args...)
}

func (p *parser) unexpected(expected string) {
	if p.tok.kind == tEOF {
		p.fail(Span{p.tok.span.Pos, p.tok.span.Pos}, "unexpected end of the expression: expected %s", expected)
		return
	}
	p.fail(p.tok.span, "unexpected %s: expected %s", p.describe(p.tok), expected)
}

func (p *parser) describe(t token) string {
	switch t.kind {
	case tString:
		return "string " + t.text
	case tNumber:
		return "number " + t.text
	case tIdent:
		if kw := keyword(t); kw != "" {
			return kw
		}
		return "key " + strconv.Quote(t.text)
	}
	return strconv.Quote(t.text)
}

// keyword returns the upper-case keyword a name token spells (case-insensitively), or "".
func keyword(t token) string {
	if t.kind != tIdent {
		return ""
	}
	switch u := strings.ToUpper(t.text); u {
	case "AND", "OR", "NOT", "IN", "HAS", "CONTAINS", "TRUE", "FALSE", "NULL":
		return u
	}
	return ""
}

func (p *parser) isKeyword(kw string) bool { return keyword(p.tok) == kw }

func (p *parser) orExpr() Node {
	return p.logical(Or, p.andExpr)
}

func (p *parser) andExpr() Node {
	return p.logical(And, p.cmpExpr)
}

func (p *parser) logical(op LogicalOp, next func() Node) Node {
	first := next()
	if p.failed {
		return nil
	}
	terms := []Node{first}
	for !p.failed && (p.isKeyword(op.String()) || (op == And && p.tok.kind == tAnd) || (op == Or && p.tok.kind == tOr)) {
		p.advance()
		t := next()
		if p.failed {
			return nil
		}
		terms = append(terms, t)
	}
	if len(terms) == 1 {
		return first
	}
	return &Logical{Op: op, Terms: terms, span: Span{first.Span().Pos, terms[len(terms)-1].Span().End}}
}

func (p *parser) cmpExpr() Node {
	if p.isKeyword("NOT") {
		p.fail(p.tok.span, "NOT can't negate a condition in TaskRouter expressions: it is only part of NOT IN (write != or NOT IN, or rewrite the condition)")
		return nil
	}
	var left Node
	start := p.tok.span.Pos
	if p.tok.kind == tLParen {
		p.depth++
		if p.depth > MaxDepth {
			p.fail(p.tok.span, "parentheses nested more than %d deep", MaxDepth)
			return nil
		}
		open := p.tok.span
		p.advance()
		if p.tok.kind == tRParen {
			p.fail(Span{open.Pos, p.tok.span.End}, "empty parentheses: expected a condition inside")
			return nil
		}
		inner := p.orExpr()
		if p.failed {
			return nil
		}
		if p.tok.kind != tRParen {
			if p.tok.kind == tEOF {
				p.fail(open, "the ( opened here is never closed: expected )")
			} else {
				p.unexpected(") to close the ( at column " + strconv.Itoa(open.Pos+1))
			}
			return nil
		}
		p.depth--
		p.advance()
		// Keep the parenthesised span so that messages and explanations show the parentheses.
		left = widen(inner, Span{start, p.prev.span.End})
	} else {
		left = p.operand()
		if p.failed {
			return nil
		}
	}
	op, opSpan, ok := p.cmpOp()
	if !ok {
		if _, isCond := left.(*Logical); isCond {
			return left
		}
		if _, isCond := left.(*Compare); isCond {
			return left
		}
		if _, isCond := left.(*Truth); isCond {
			return left
		}
		return &Truth{X: left}
	}
	if p.failed {
		return nil
	}
	if t, ok := left.(*Truth); ok {
		left = t.X // "(key) == 'x'": the parentheses held a value, not a condition
	}
	var right Node
	if (op == In || op == NotIn || op == Has || op == NotHas) && p.tok.kind == tLParen {
		right = p.parenList()
	} else {
		right = p.operand()
	}
	if p.failed {
		return nil
	}
	c := &Compare{Op: op, L: left, R: right, OpSpan: opSpan, span: Span{left.Span().Pos, right.Span().End}}
	if p.tok.kind == tComma && (op == Eq || op == Ne) {
		return p.commaList(c)
	}
	return c
}

// widen gives a parenthesised node the span of its parentheses.
func widen(n Node, sp Span) Node {
	switch n := n.(type) {
	case *Logical:
		n.span = sp
	case *Compare:
		n.span = sp
	case *Literal:
		n.span = sp
	case *Key:
		n.span = sp
	case *List:
		n.span = sp
	case *Truth:
		return &Truth{X: widen(n.X, sp)}
	}
	return n
}

// commaList reads "a == 'x', 'y'", seen in real configurations, as a IN ['x', 'y'] (and != as
// NOT IN), and says so: the author meant one of several values.
func (p *parser) commaList(c *Compare) Node {
	items := []Node{c.R}
	for p.tok.kind == tComma {
		p.advance()
		it := p.operand()
		if p.failed {
			return nil
		}
		items = append(items, it)
	}
	list := &List{Items: items, span: Span{c.R.Span().Pos, items[len(items)-1].Span().End}}
	op, neg := In, "IN"
	if c.Op == Ne {
		op, neg = NotIn, "NOT IN"
	}
	text := p.s.src
	var vals []string
	for _, it := range items {
		vals = append(vals, text[it.Span().Pos:it.Span().End])
	}
	p.s.warnf(Span{c.OpSpan.Pos, list.span.End}, CodeCommaList,
		"%s followed by a comma-separated list is read as %s [%s]: write that instead", c.Op, neg, strings.Join(vals, ", "))
	return &Compare{Op: op, L: c.L, R: list, OpSpan: c.OpSpan, span: Span{c.L.Span().Pos, list.span.End}}
}

// parenList reads "x IN ('a', 'b')", a SQL habit, as a list, and says so.
func (p *parser) parenList() Node {
	open := p.tok.span
	p.advance()
	var items []Node
	for p.tok.kind != tRParen {
		it := p.operand()
		if p.failed {
			return nil
		}
		items = append(items, it)
		if p.tok.kind == tComma {
			p.advance()
			continue
		}
		if p.tok.kind != tRParen {
			p.unexpected(", or ) in the list")
			return nil
		}
	}
	p.advance()
	sp := Span{open.Pos, p.prev.span.End}
	p.s.warnf(sp, CodeCommaList, "a list in parentheses is read as the array %s: TaskRouter writes arrays in square brackets", "["+strings.TrimSuffix(strings.TrimPrefix(p.s.src[sp.Pos:sp.End], "("), ")")+"]")
	return &List{Items: items, span: sp}
}

func (p *parser) cmpOp() (CmpOp, Span, bool) {
	t := p.tok
	if t.kind == tOp {
		p.advance()
		switch t.text {
		case "==", "=":
			return Eq, t.span, true
		case "!=":
			return Ne, t.span, true
		case ">":
			return Gt, t.span, true
		case ">=":
			return Ge, t.span, true
		case "<":
			return Lt, t.span, true
		case "<=":
			return Le, t.span, true
		}
	}
	switch keyword(t) {
	case "CONTAINS":
		p.advance()
		return Contains, t.span, true
	case "HAS":
		p.advance()
		return Has, t.span, true
	case "IN":
		p.advance()
		return In, t.span, true
	case "NOT":
		p.advance()
		next := p.tok
		sp := Span{t.span.Pos, next.span.End}
		switch keyword(next) {
		case "IN":
			p.advance()
			return NotIn, sp, true
		case "HAS", "CONTAINS":
			p.advance()
			p.s.warnf(sp, CodeNotOperator, "NOT %s is not documented by TaskRouter (only NOT IN is): it is read as the negation of %s, but TaskRouter may refuse it", keyword(next), keyword(next))
			if keyword(next) == "HAS" {
				return NotHas, sp, true
			}
			return NotContains, sp, true
		}
		p.fail(sp, "NOT must be followed by IN here (NOT IN): found %s", p.describe(next))
		return 0, sp, true
	}
	return 0, Span{}, false
}

func (p *parser) operand() Node {
	t := p.tok
	switch t.kind {
	case tString:
		p.advance()
		return &Literal{Value: Str(t.str), span: t.span}
	case tNumber:
		p.advance()
		return &Literal{Value: Num(t.num), span: t.span}
	case tLBrack:
		return p.list()
	case tIdent:
		switch keyword(t) {
		case "TRUE":
			p.advance()
			return &Literal{Value: BoolValue(true), span: t.span}
		case "FALSE":
			p.advance()
			return &Literal{Value: BoolValue(false), span: t.span}
		case "NULL":
			p.advance()
			return &Literal{Value: Value{}, span: t.span}
		case "AND", "OR", "IN", "HAS", "CONTAINS", "NOT":
			p.unexpected("a value or a key before " + keyword(t))
			return nil
		}
		return p.key()
	case tLParen:
		p.unexpected("a value or a key (parentheses group conditions, not values)")
		return nil
	}
	p.unexpected("a value (a quoted string, a number, true, false, null or an array) or a key")
	return nil
}

func (p *parser) list() Node {
	open := p.tok.span
	p.depth++
	if p.depth > MaxDepth {
		p.fail(open, "arrays nested more than %d deep", MaxDepth)
		return nil
	}
	p.advance()
	var items []Node
	for p.tok.kind != tRBrack {
		if p.tok.kind == tEOF {
			p.fail(open, "the [ opened here is never closed: expected ]")
			return nil
		}
		it := p.operand()
		if p.failed {
			return nil
		}
		items = append(items, it)
		if p.tok.kind == tComma {
			p.advance()
			if p.tok.kind == tRBrack {
				p.fail(p.prev.span, "trailing comma in the array: remove it or add a value after it")
				return nil
			}
			continue
		}
		if p.tok.kind != tRBrack {
			if p.tok.kind == tEOF {
				p.fail(open, "the [ opened here is never closed: expected ]")
			} else {
				p.unexpected(", or ] in the array")
			}
			return nil
		}
	}
	p.depth--
	p.advance()
	return &List{Items: items, span: Span{open.Pos, p.prev.span.End}}
}

// key reads name{.name|[n]}.
func (p *parser) key() Node {
	first := p.tok
	path := []Segment{{Name: first.text}}
	p.advance()
	end := first.span.End
	for {
		switch {
		case p.tok.kind == tDot && p.tok.span.Pos == end:
			p.advance()
			if p.tok.kind != tIdent || p.tok.span.Pos != end+1 {
				p.fail(Span{end, end + 1}, "a key can't end with '.': expected a name after it")
				return nil
			}
			path = append(path, Segment{Name: p.tok.text})
			end = p.tok.span.End
			p.advance()
		case p.tok.kind == tLBrack && p.tok.span.Pos == end:
			open := p.tok.span
			p.advance()
			if p.tok.kind != tNumber || strings.ContainsAny(p.tok.text, ".-") {
				p.fail(Span{open.Pos, p.tok.span.End}, "an array index must be a whole number, as in skills[0]")
				return nil
			}
			idx, err := strconv.Atoi(p.tok.text)
			if err != nil {
				p.fail(p.tok.span, "array index %s is out of range", p.tok.text)
				return nil
			}
			p.advance()
			if p.tok.kind != tRBrack {
				p.unexpected("] to close the index")
				return nil
			}
			path = append(path, Segment{Index: idx, IsIndex: true})
			end = p.tok.span.End
			p.advance()
		default:
			return &Key{Path: path, span: Span{first.span.Pos, end}}
		}
	}
}

// String writes an expression back in a canonical form (used by tests and messages).
func String(n Node) string {
	switch n := n.(type) {
	case *Logical:
		parts := make([]string, len(n.Terms))
		for i, t := range n.Terms {
			s := String(t)
			if l, ok := t.(*Logical); ok && l.Op != n.Op {
				s = "(" + s + ")"
			}
			parts[i] = s
		}
		return strings.Join(parts, " "+n.Op.String()+" ")
	case *Compare:
		side := func(x Node) string {
			switch x.(type) {
			case *Logical, *Compare:
				return "(" + String(x) + ")"
			}
			return String(x)
		}
		return side(n.L) + " " + n.Op.String() + " " + side(n.R)
	case *Truth:
		return String(n.X)
	case *Key:
		return n.String()
	case *Literal:
		return n.Value.String()
	case *List:
		parts := make([]string, len(n.Items))
		for i, it := range n.Items {
			parts[i] = String(it)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return fmt.Sprintf("%T", n)
}
