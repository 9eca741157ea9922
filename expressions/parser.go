package expressions

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// MaxParseDepth bounds the nesting of parentheses, calls and operators, and MaxOperations the size of
// one expression, so that parsing and evaluating a hostile expression can't exhaust the stack
// (a chain like 1+1+1+... nests to the left without nesting parentheses).
const (
	MaxParseDepth = 200
	MaxOperations = 10000
)

type parser struct {
	toks  []token
	pos   int
	depth int
	nodes int
}

// grow counts a new operator node, failing when the expression gets too big.
func (p *parser) grow(t token) *SyntaxError {
	p.nodes++
	if p.nodes > MaxOperations {
		return &SyntaxError{Offset: t.off, Msg: fmt.Sprintf("expression has more than %d operations", MaxOperations)}
	}
	return nil
}

// MaxBracketNesting is how deeply parentheses and brackets may nest in one expression, as in the
// reference.
const MaxBracketNesting = 100

// parseExpr parses src (found at offset base of the whole template) as one expression.
func parseExpr(src string, base int) (node, *SyntaxError) {
	n, serr := parseExprTree(src, base)
	if serr != nil && serr.Reference == "" {
		rest := ""
		if i := serr.Offset - base; i >= 0 && i <= len(src) {
			rest = referenceRest(src, i)
		}
		serr.Reference = "syntax error at " + rest
	}
	return n, serr
}

// referenceRest is the rest of an expression from a syntax error at byte offset i of src, as
// the reference quotes it. The reference knows the error's place as a line and a column counted
// in characters, and takes 10 bytes of that line from the byte at that column: after text that
// isn't ASCII the quote starts further left than the error, and it may begin or end inside a
// character, whose bytes it keeps are each written as U+FFFD (as the reference's JSON writes
// invalid bytes).
func referenceRest(src string, i int) string {
	lineStart := strings.LastIndexByte(src[:i], '\n') + 1
	line := src[lineStart:]
	if end := strings.IndexByte(line, '\n'); end >= 0 {
		line = line[:end]
	}
	col := utf8.RuneCountInString(src[lineStart:i])
	rest := line[col:min(col+10, len(line))]
	if utf8.ValidString(rest) {
		return rest
	}
	return invalidBytesReplaced(rest)
}

// invalidBytesReplaced writes each byte of s that isn't part of a valid UTF-8 character as
// U+FFFD.
func invalidBytesReplaced(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			b.WriteRune(utf8.RuneError)
			i++
			continue
		}
		b.WriteString(s[i : i+size])
		i += size
	}
	return b.String()
}

// bracketNestingAt returns the offset in src where parentheses and brackets (outside text
// literals) first nest deeper than limit, or -1.
func bracketNestingAt(src string, limit int) int {
	depth := 0
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '(', '[':
			depth++
			if depth > limit {
				return i
			}
		case ')', ']':
			depth--
		case '"':
			for i++; i < len(src) && src[i] != '"'; i++ {
				if src[i] == '\\' {
					i++
				}
			}
		}
	}
	return -1
}

func parseExprTree(src string, base int) (node, *SyntaxError) {
	if at := bracketNestingAt(src, MaxBracketNesting); at >= 0 {
		return nil, &SyntaxError{Offset: base + at, Msg: fmt.Sprintf("parentheses and brackets are nested more than %d deep", MaxBracketNesting), Reference: "expression nesting too deep"}
	}
	var buf [32]token
	p := &parser{toks: scanTokens(src, base, buf[:0])}
	n, serr := p.expression(0)
	if serr != nil {
		return nil, serr
	}
	if t := p.peek(); t.kind != tokEOF {
		return nil, p.unexpected(t, "an operator or the end of the expression")
	}
	return n, nil
}

func (p *parser) peek() token { return p.toks[p.pos] }

func (p *parser) next() token {
	t := p.toks[p.pos]
	if t.kind != tokEOF {
		p.pos++
	}
	return t
}

func (p *parser) unexpected(t token, expected string) *SyntaxError {
	if t.kind == tokError {
		if t.text == `"` {
			return &SyntaxError{Offset: t.off, Msg: "text is missing its closing '\"'"}
		}
		r, _ := utf8.DecodeRuneInString(t.text)
		return &SyntaxError{Offset: t.off, Msg: fmt.Sprintf("unexpected character %q", r)}
	}
	if t.kind == tokEOF {
		return &SyntaxError{Offset: t.off, Msg: "unexpected end of expression, expected " + expected}
	}
	return &SyntaxError{Offset: t.off, Msg: fmt.Sprintf("unexpected %s, expected %s", quoteToken(t), expected)}
}

func quoteToken(t token) string {
	switch t.kind {
	case tokName, tokNumber:
		return fmt.Sprintf("%s '%s'", t.kind, t.text)
	case tokString:
		return "text " + t.text
	}
	return t.kind.String()
}

// Binding powers: higher binds tighter. As in goflow's grammar, unary minus binds tighter than
// '^' (so -2^2 is 4), comparisons tighter than equality, and '&' loosest of all (so
// `"a" & 1 = 1` is "atrue").
func binaryPower(k tokenKind) int {
	switch k {
	case tokAmp:
		return 1
	case tokEq, tokNeq:
		return 2
	case tokLt, tokLte, tokGt, tokGte:
		return 3
	case tokPlus, tokMinus:
		return 4
	case tokStar, tokSlash:
		return 5
	case tokCaret:
		return 6
	}
	return 0
}

func (p *parser) enter(t token) *SyntaxError {
	p.depth++
	if p.depth > MaxParseDepth {
		return &SyntaxError{Offset: t.off, Msg: fmt.Sprintf("expression is nested more than %d levels deep", MaxParseDepth)}
	}
	return nil
}

// expression parses operators binding tighter than minPower, left-associatively.
func (p *parser) expression(minPower int) (node, *SyntaxError) {
	if serr := p.enter(p.peek()); serr != nil {
		return nil, serr
	}
	defer func() { p.depth-- }()

	left, serr := p.unary()
	if serr != nil {
		return nil, serr
	}
	for {
		op := p.peek()
		power := binaryPower(op.kind)
		if power == 0 || power <= minPower {
			return left, nil
		}
		p.next()
		if serr := p.grow(op); serr != nil {
			return nil, serr
		}
		right, serr := p.expression(power)
		if serr != nil {
			return nil, serr
		}
		left = &binaryNode{op: op.kind, off: op.off, left: left, right: right}
	}
}

func (p *parser) unary() (node, *SyntaxError) {
	if t := p.peek(); t.kind == tokMinus {
		p.next()
		if serr := p.enter(t); serr != nil {
			return nil, serr
		}
		defer func() { p.depth-- }()
		operand, serr := p.unary()
		if serr != nil {
			return nil, serr
		}
		if lit, ok := operand.(*literalNode); ok {
			if n, isNum := lit.value.(Number); isNum {
				return &literalNode{off: t.off, value: negate(n)}, nil
			}
		}
		return &negateNode{off: t.off, operand: operand}, nil
	}
	return p.postfix()
}

// postfix parses a primary followed by any number of `.name`, `[expr]` and `(args)`. As in
// goflow's grammar, a bare literal (`"abc".x`, `1.1.0`, `null[0]`) takes none of them; a
// parenthesised one may, and fails when evaluated.
func (p *parser) postfix() (node, *SyntaxError) {
	bare := p.peek().kind == tokNumber || p.peek().kind == tokString
	n, serr := p.primary()
	if serr != nil {
		return nil, serr
	}
	if _, isLit := n.(*literalNode); isLit && p.toks[p.pos-1].kind == tokName {
		bare = true // true, false, null
	}
	for {
		t := p.peek()
		if t.kind == tokDot || t.kind == tokLBracket || t.kind == tokLParen {
			if bare {
				return nil, &SyntaxError{Offset: t.off, Msg: fmt.Sprintf("unexpected %s after a literal", t.kind)}
			}
			if serr := p.grow(t); serr != nil {
				return nil, serr
			}
		}
		switch t.kind {
		case tokDot:
			p.next()
			key := p.next()
			// true, false and null are literals, not names, so no property can be called that
			// after '.' (the reference's grammar), though ["true"] reaches one
			if key.kind != tokName && key.kind != tokNumber || strings.IndexByte(key.text, '.') >= 0 || isKeyword(key.text) {
				return nil, p.unexpected(key, "a property name or an index after '.'")
			}
			n = &memberNode{off: key.off, object: n, key: key.text}
		case tokLBracket:
			p.next()
			idx, serr := p.expression(0)
			if serr != nil {
				return nil, serr
			}
			if c := p.next(); c.kind != tokRBracket {
				return nil, p.unexpected(c, "']'")
			}
			if lit, ok := idx.(*literalNode); ok {
				if s, isText := lit.value.(Text); isText {
					n = &memberNode{off: lit.off, object: n, key: string(s), bracket: true}
					continue
				}
			}
			n = &indexNode{off: t.off, object: n, index: idx}
		case tokLParen:
			p.next()
			args, serr := p.arguments()
			if serr != nil {
				return nil, serr
			}
			n = &callNode{off: t.off, fn: n, args: args}
		default:
			return n, nil
		}
	}
}

// arguments parses call arguments after '(' up to and including ')'.
func (p *parser) arguments() ([]node, *SyntaxError) {
	if p.peek().kind == tokRParen {
		p.next()
		return nil, nil
	}
	var args []node
	for {
		arg, serr := p.expression(0)
		if serr != nil {
			return nil, serr
		}
		args = append(args, arg)
		switch t := p.next(); t.kind {
		case tokComma:
		case tokRParen:
			return args, nil
		default:
			return nil, p.unexpected(t, "',' or ')'")
		}
	}
}

func (p *parser) primary() (node, *SyntaxError) {
	t := p.next()
	switch t.kind {
	case tokNumber:
		return &literalNode{off: t.off, value: numberLiteral(t.text)}, nil
	case tokString:
		return &literalNode{off: t.off, value: Text(unquote(t.text))}, nil
	case tokName:
		switch strings.ToLower(t.text) {
		case "true":
			return &literalNode{off: t.off, value: Boolean(true)}, nil
		case "false":
			return &literalNode{off: t.off, value: Boolean(false)}, nil
		case "null":
			return &literalNode{off: t.off, value: nil}, nil
		}
		return newNameNode(t), nil
	case tokLParen:
		params, ok, serr := p.anonymousParams()
		if serr != nil {
			return nil, serr
		}
		if ok {
			return p.anonymous(t, params)
		}
		inner, serr := p.expression(0)
		if serr != nil {
			return nil, serr
		}
		if c := p.next(); c.kind != tokRParen {
			return nil, p.unexpected(c, "')'")
		}
		return &parenNode{off: t.off, inner: inner}, nil
	}
	return nil, p.unexpected(t, "a value")
}

// anonymousParams looks ahead from just after '(' for `a, b) =>` (at least one name, as in
// goflow); when found it consumes the parameter list and the closing parenthesis and returns the
// lower-cased names. true, false and null are keywords, not names.
//
// Like the reference's parser, it tells a parenthesised expression from an anonymous function by
// reading on while either could still follow: a comma after the first name rules out the
// parenthesised expression, so from there a token that doesn't continue the parameter list is the
// syntax error (`(a, 1)` fails at 1, `(a, b) + 1` at '+'), not the comma.
func (p *parser) anonymousParams() ([]string, bool, *SyntaxError) {
	i := p.pos
	var names []string
	listOnly := false // a comma was read: only an anonymous function can follow
	fail := func(t token, expected string) ([]string, bool, *SyntaxError) {
		if listOnly {
			return nil, false, p.unexpected(t, expected)
		}
		return nil, false, nil
	}
	for {
		if t := p.toks[i]; t.kind != tokName || isKeyword(t.text) {
			return fail(t, "a parameter name")
		}
		names = append(names, strings.ToLower(p.toks[i].text))
		i++
		if p.toks[i].kind == tokComma {
			listOnly = true
			i++
			continue
		}
		break
	}
	if t := p.toks[i]; t.kind != tokRParen {
		return fail(t, "',' or ')' after a parameter name")
	}
	if t := p.toks[i+1]; t.kind != tokArrow {
		return fail(t, "'=>' after the parameters of an anonymous function")
	}
	p.pos = i + 1
	return names, true, nil
}

// isKeyword says whether a name is one of the literals true, false and null, in any case.
func isKeyword(name string) bool {
	switch len(name) {
	case 4:
		return strings.EqualFold(name, "true") || strings.EqualFold(name, "null")
	case 5:
		return strings.EqualFold(name, "false")
	}
	return false
}

// anonymous parses the body of an anonymous function after its parameters; the next token is '=>'.
func (p *parser) anonymous(start token, params []string) (node, *SyntaxError) {
	p.next() // =>
	body, serr := p.expression(0)
	if serr != nil {
		return nil, serr
	}
	return &lambdaNode{off: start.off, params: params, body: body}, nil
}

// unquote reads a text literal; escapes follow Go's rules, and a literal Go can't read (e.g. an
// unknown escape) keeps its characters as written.
func unquote(lit string) string {
	if strings.IndexByte(lit, '\\') < 0 {
		return lit[1 : len(lit)-1]
	}
	if s, err := strconv.Unquote(lit); err == nil {
		return s
	}
	return lit[1 : len(lit)-1]
}

// smallInts holds boxed values for small whole numbers, so that literals, indexes and counts
// don't allocate.
var smallInts [1024 + 128]Value

func init() {
	for i := range smallInts {
		smallInts[i] = Number{d: decimal.NewFromInt(int64(i - 128)), i: int64(i - 128), isInt: true}
	}
}

// intValue returns the number i as a Value, shared for small values.
func intValue(i int64) Value {
	if i >= -128 && i < 1024 {
		return smallInts[i+128]
	}
	return Number{d: decimal.NewFromInt(i), i: i, isInt: i > -1<<31 && i < 1<<31}
}

func numberLiteral(text string) Value {
	if len(text) < 18 && strings.IndexByte(text, '.') < 0 {
		i, err := strconv.ParseInt(text, 10, 64)
		if err == nil {
			return intValue(i)
		}
	}
	if !numberTextInRange(text) {
		return NewError("number %s is out of range", text)
	}
	d, err := decimal.NewFromString(text)
	if err != nil { // can't happen: the scanner only passes digits with an optional fraction
		return NewError("invalid number %s", text)
	}
	return Number{d: d}
}

func negate(n Number) Value {
	if n.isInt {
		return intValue(-n.i)
	}
	return Number{d: n.d.Neg()}
}
