package expressions

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

// Template is a parsed @-template: literal text, `@path.to.value` shorthands and `@(expression)`
// blocks. It is immutable and safe to render from many goroutines, each with its own EvalContext.
type Template struct {
	src   string
	parts []part
	err   *SyntaxError // the first syntax error, if any
}

type partKind uint8

const (
	partText      partKind = iota // literal text
	partShorthand                 // @a.b.c: evaluated only when the context has its first name
	partBlock                     // @(expression)
	partBad                       // @(...) that doesn't parse: renders as "" and reports err
)

type part struct {
	kind partKind
	text string // literal text; the source of a shorthand or block (without the '@')
	root string // the first name of a shorthand
	off  int    // offset of the '@'
	node node
	err  *SyntaxError
}

// EvalError is an error found while rendering a template: which expression and where.
type EvalError struct {
	Expression string // the expression as written, with its '@'
	Offset     int    // byte offset of the '@' in the template
	Err        error  // an *Error value or a *SyntaxError
}

// Error implements error. A long expression is cut short in the message, so that a runaway
// template doesn't make a runaway error report; Expression keeps it whole.
func (e *EvalError) Error() string {
	return fmt.Sprintf("error evaluating %s: %s", shortenForMessage(e.Expression), e.Err.Error())
}

// maxMessageExpression is how many characters of an expression error messages quote.
const maxMessageExpression = 100

// shortenForMessage cuts s after maxMessageExpression characters, marking the cut with "…".
func shortenForMessage(s string) string {
	n := 0
	for i := range s {
		if n == maxMessageExpression {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// Unwrap returns the underlying error.
func (e *EvalError) Unwrap() error { return e.Err }

// Reason is the error as the reference engine words it in a run's events: the error value's
// message, or for a syntax error "syntax error at" and the rest of the expression from the
// faulty token.
func (e *EvalError) Reason() string {
	var serr *SyntaxError
	if errors.As(e.Err, &serr) && serr.Reference != "" {
		return serr.Reference
	}
	return e.Err.Error()
}

// Source returns the template's source.
func (t *Template) Source() string { return t.src }

// addBlock appends the block part text (its parentheses included) found at off, parsing its
// body, which starts at bodyOff; the first block that doesn't parse is the template's error.
func (t *Template) addBlock(text string, off int, body string, bodyOff int) {
	p := part{kind: partBlock, text: text, off: off}
	n, err := parseExpr(body, bodyOff)
	if err != nil {
		p.kind, p.err = partBad, err
		if t.err == nil {
			t.err = err
		}
	} else {
		p.node = n
	}
	t.parts = append(t.parts, p)
}

// Err returns the first syntax error of the template, nil if it has none.
func (t *Template) Err() error {
	if t.err == nil {
		return nil
	}
	return t.err
}

// IsPlainText reports whether the template has no expressions at all, so rendering it gives its
// text with `@@` unescaped.
func (t *Template) IsPlainText() bool {
	for _, p := range t.parts {
		if p.kind != partText {
			return false
		}
	}
	return true
}

var (
	templateCache      sync.Map // source -> *Template
	templateCacheSize  atomic.Int64
	expressionCache    sync.Map // source -> *Expression
	expressionCacheLen atomic.Int64
)

// maxCached bounds each parse cache; when full it is emptied, which is simple and keeps a
// long-running process's memory bounded.
const maxCached = 20000

// maxCachedSource is the longest source the caches keep: flows' templates are far shorter, and
// without it 20000 huge sources could pin gigabytes.
const maxCachedSource = 16 << 10

// ParseTemplate parses a template, using a cache so that each distinct source is parsed once.
// On a syntax error it returns the *SyntaxError and also a usable template, in which the faulty
// block renders as empty text and is reported by Render.
func ParseTemplate(src string) (*Template, error) {
	if v, ok := templateCache.Load(src); ok {
		t := v.(*Template)
		return t, t.Err()
	}
	t := parseTemplate(src)
	if len(src) > maxCachedSource {
		return t, t.Err()
	}
	if templateCacheSize.Add(1) > maxCached {
		templateCache.Clear()
		templateCacheSize.Store(0)
	}
	templateCache.Store(src, t)
	return t, t.Err()
}

// ParseTemplateOnce parses a template without the cache, for callers that see each source once
// (validate checking thousands of files), which would otherwise fill the cache with templates no
// one asks for again and keep them: memory would grow with the number of files checked.
func ParseTemplateOnce(src string) (*Template, error) {
	t := parseTemplate(src)
	return t, t.Err()
}

// parseTemplate parses without the cache.
func parseTemplate(src string) *Template {
	if strings.IndexByte(src, 0) >= 0 {
		return parseTemplateWithNUL(src)
	}
	t := &Template{src: src}
	var lit strings.Builder // only used when literal text must be unescaped
	litStart := 0           // start of the pending literal run in src
	pending := false        // lit holds text not yet flushed
	flush := func(end int) {
		if pending {
			lit.WriteString(src[litStart:end])
			t.parts = append(t.parts, part{kind: partText, text: lit.String()})
			lit.Reset()
			pending = false
		} else if end > litStart {
			t.parts = append(t.parts, part{kind: partText, text: src[litStart:end]})
		}
	}
	i := 0
	for i < len(src) {
		at := strings.IndexByte(src[i:], '@')
		if at < 0 {
			break
		}
		i += at
		if i+1 >= len(src) {
			break
		}
		next := src[i+1]
		switch {
		case next == '@':
			lit.WriteString(src[litStart : i+1])
			pending = true
			i += 2
			litStart = i
		case next == '(':
			end, ok := findBlockEnd(src, i+2)
			if !ok { // never closed: as in goflow, the rest of the template is literal text
				flush(i)
				t.parts = append(t.parts, part{kind: partText, text: src[i:]})
				litStart = len(src)
				i = len(src)
				continue
			}
			flush(i)
			t.addBlock(src[i+1:end+1], i, src[i+2:end], i+2)
			i = end + 1
			litStart = i
		default:
			r, _ := utf8.DecodeRuneInString(src[i+1:])
			if !isIdentChar(r) {
				i++
				continue
			}
			end, segs := scanShorthand(src, i+1)
			flush(i)
			t.parts = append(t.parts, part{kind: partShorthand, text: src[i+1 : end], root: strings.ToLower(segs[0].text), off: i, node: shorthandNode(src, segs)})
			i = end
			litStart = i
		}
	}
	flush(len(src))
	return t
}

// findBlockEnd returns the index of the ')' closing a block whose body starts at start, skipping
// parentheses inside text literals. As goflow's scanner does, a '"' right after any backslash
// doesn't end a text literal, even after `\\`.
func findBlockEnd(src string, start int) (int, bool) {
	depth := 1
	for j := start; j < len(src); j++ {
		switch src[j] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return j, true
			}
		case '"':
			escaped := false
			for j++; j < len(src); j++ {
				c := src[j]
				if c == '"' && !escaped {
					break
				}
				escaped = c == '\\'
			}
			if j >= len(src) {
				return 0, false
			}
		}
	}
	return 0, false
}

// scanShorthand reads `name(.name)*` from start; a '.' not followed by a name is left as text, as
// is anything after MaxParseDepth names.
func scanShorthand(src string, start int) (int, []token) {
	var segs []token
	i := start
	for {
		j := i
		for j < len(src) {
			r, size := utf8.DecodeRuneInString(src[j:])
			if !isIdentChar(r) {
				break
			}
			j += size
		}
		if j == i {
			break
		}
		segs = append(segs, token{kind: tokName, off: i, text: src[i:j]})
		i = j
		if i+1 < len(src) && src[i] == '.' && len(segs) < MaxParseDepth {
			if r, _ := utf8.DecodeRuneInString(src[i+1:]); isIdentChar(r) {
				i++
				continue
			}
		}
		break
	}
	return i, segs
}

// shorthandNode builds the member chain of a shorthand. A name made of digits is an index
// (`@contact.urns.0`); any other name that isn't a name to the expression parser (it starts with
// a digit, holds a letter the parser's table lacks, such as one beyond U+FFFF, or is a keyword
// after a '.') makes the shorthand what goflow's parser makes of it, which for `@list.0.2`,
// `@contact.2nd`, `@contact.a𝕪` or `@fields.null` is a syntax error, reported only if the
// shorthand is evaluated (its first name is in the context).
func shorthandNode(src string, segs []token) node {
	first := segs[0]
	var n node = &nameNode{off: first.off, name: first.text, lower: strings.ToLower(first.text)}
	for i, s := range segs {
		if !isExpressionName(s.text) || i > 0 && isKeyword(s.text) {
			start, last := first.off, segs[len(segs)-1]
			expr, serr := parseExpr(src[start:last.off+len(last.text)], start)
			if serr != nil {
				return &errorNode{off: serr.Offset, err: NewError("%s", serr.Reference)}
			}
			return expr
		}
		if i > 0 {
			n = &memberNode{off: s.off, object: n, key: s.text}
		}
	}
	return n
}

// isExpressionName says whether the expression parser reads s as one name.
func isExpressionName(s string) bool {
	for i, r := range s {
		if i == 0 && !isNameStart(r) || !isNameChar(r) {
			return false
		}
	}
	return true
}

// errorNode stands for a shorthand that doesn't parse.
type errorNode struct {
	off int
	err *Error
}

func (n *errorNode) compute(*EvalContext) Value { return n.err }
func (n *errorNode) offset() int                { return n.off }
func (n *errorNode) String() string             { return "" }

// Render evaluates the template in ctx and returns its text. Errors render as empty text; each is
// reported, in order, as an *EvalError. A shorthand whose first name isn't in the context (an
// e-mail address like `bob@example.com`) stays literal text, as in goflow.
func (t *Template) Render(ctx *EvalContext) (string, []error) {
	return t.RenderEscaped(ctx, nil)
}

// RenderEscaped is Render with each evaluated value passed through escape before it is inserted,
// e.g. to keep a contact's name from breaking the JSON of a webhook body; literal text is kept as
// written. A nil escape inserts values as they are.
func (t *Template) RenderEscaped(ctx *EvalContext, escape func(string) string) (string, []error) {
	ctx.reset()
	if len(t.parts) == 1 && t.parts[0].kind == partText {
		return t.parts[0].text, nil
	}
	var b strings.Builder
	b.Grow(len(t.src) + 16)
	var errs []error
	for i := range t.parts {
		p := &t.parts[i]
		switch p.kind {
		case partText:
			b.WriteString(p.text)
			continue
		case partBad:
			errs = append(errs, &EvalError{Expression: "@" + p.text, Offset: p.off, Err: p.err})
			continue
		case partShorthand:
			if !hasRoot(ctx, p.root) {
				b.WriteByte('@')
				b.WriteString(p.text)
				continue
			}
		}
		ctx.beginExpression()
		v := eval(p.node, ctx)
		if err := insertValue(ctx, &b, v, escape); err != nil {
			errs = append(errs, &EvalError{Expression: "@" + p.text, Offset: p.off, Err: err})
		}
	}
	return b.String(), errs
}

// insertValue writes v's text to b, writing nothing when v is or contains an error. Text and small
// numbers, the common cases, are written without allocating.
func insertValue(ctx *EvalContext, b *strings.Builder, v Value, escape func(string) string) *Error {
	var s string
	switch t := v.(type) {
	case nil:
		// nothing is the empty text, which an escape may still mark (a query's "")
		if escape != nil {
			b.WriteString(escape(""))
		}
		return nil
	case Text:
		s = string(t)
	case Number:
		if t.isInt && escape == nil {
			var buf [24]byte
			b.Write(strconv.AppendInt(buf[:0], t.i, 10))
			return nil
		}
		s = formatDecimal(t.d)
	default:
		var err *Error
		if s, err = ToText(ctx, v); err != nil {
			return err
		}
	}
	if escape != nil {
		s = escape(s)
	}
	b.WriteString(s)
	return nil
}

// RenderValue evaluates a template that is a single shorthand or block (ignoring surrounding
// white space) to its value, keeping its type (`@(array(1, 2))` is an array); any other template
// renders to text. Errors are reported as by Render, and also returned as the value, a syntax
// error of the single expression included.
func (t *Template) RenderValue(ctx *EvalContext) (Value, []error) {
	var only *part
	for i := range t.parts {
		p := &t.parts[i]
		if p.kind == partText && strings.TrimSpace(p.text) == "" {
			continue
		}
		if only != nil || p.kind == partText {
			only = nil
			break
		}
		only = p
	}
	if only != nil && only.kind == partBad {
		// as in the reference, a single expression that doesn't parse has the syntax error as
		// its value, like one that fails to evaluate
		err := &EvalError{Expression: "@" + only.text, Offset: only.off, Err: only.err}
		return NewError("%s", err.Reason()), []error{err}
	}
	if only == nil || (only.kind == partShorthand && !hasRoot(ctx, only.root)) {
		s, errs := t.Render(ctx)
		return Text(s), errs
	}
	ctx.reset()
	v := eval(only.node, ctx)
	if e, ok := v.(*Error); ok {
		return v, []error{&EvalError{Expression: "@" + only.text, Offset: only.off, Err: e}}
	}
	return v, nil
}

func hasRoot(ctx *EvalContext, root string) bool {
	if ctx.Root == nil {
		return false
	}
	_, ok := ctx.Root.Get(root)
	return ok
}

// Expression is a parsed expression without the template around it, like a router's operand
// written without '@(' and ')'.
type Expression struct {
	src  string
	node node
	err  *SyntaxError
}

// ParseExpression parses an expression (e.g. `upper(contact.name) & "!"`), cached like templates.
// The error is a *SyntaxError.
func ParseExpression(src string) (*Expression, error) {
	if v, ok := expressionCache.Load(src); ok {
		e := v.(*Expression)
		if e.err != nil {
			return nil, e.err
		}
		return e, nil
	}
	n, serr := parseExpr(src, 0)
	e := &Expression{src: src, node: n, err: serr}
	if len(src) <= maxCachedSource {
		if expressionCacheLen.Add(1) > maxCached {
			expressionCache.Clear()
			expressionCacheLen.Store(0)
		}
		expressionCache.Store(src, e)
	}
	if serr != nil {
		return nil, serr
	}
	return e, nil
}

// Evaluate evaluates the expression in ctx; failures are error values.
func (e *Expression) Evaluate(ctx *EvalContext) Value {
	ctx.reset()
	return eval(e.node, ctx)
}

// Source returns the expression's source.
func (e *Expression) Source() string { return e.src }

// EvaluateExpression parses (with the cache) and evaluates an expression; a syntax error is
// returned as an error value.
func EvaluateExpression(ctx *EvalContext, src string) Value {
	e, err := ParseExpression(src)
	if err != nil {
		if serr, ok := err.(*SyntaxError); ok && serr.Reference != "" {
			return NewError("%s", serr.Reference)
		}
		return NewError("%s", err.Error())
	}
	return e.Evaluate(ctx)
}

// IsLiteral reports whether src renders as itself without being parsed: it holds no '@' and no
// NUL (which the reference's scanner reads as the end of the text).
func IsLiteral(src string) bool {
	return strings.IndexByte(src, '@') < 0 && strings.IndexByte(src, 0) < 0
}

// EvaluateTemplate parses (with the cache) and renders a template.
func EvaluateTemplate(ctx *EvalContext, src string) (string, []error) {
	t, _ := ParseTemplate(src)
	return t.Render(ctx)
}
