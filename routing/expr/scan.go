// Package expr is TaskRouter's expression language: the SQL-like conditions of workflow filters
// and targets, TaskQueue target_workers and skip_if. It scans and parses an expression into a
// tree whose nodes know their byte span in the expression text, reports faults with that span,
// and compiles the tree into a form that evaluates against a task (and a worker) without
// allocating. It knows nothing of workflows: the routing package gives it each expression's
// text and context.
package expr

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Span is a half-open byte range of the expression text.
type Span struct {
	Pos, End int
}

// Severity of a diagnostic.
type Severity uint8

// The severities of diagnostics.
const (
	Error Severity = iota
	Warning
)

// Diag is a fault or an oddity found while reading an expression, with where it is in the
// expression text and a stable finding code.
type Diag struct {
	Span     Span
	Severity Severity
	Code     string
	Msg      string
}

// The finding codes this package reports.
const (
	CodeSyntax      = "routing/expression-syntax"
	CodeHyphen      = "routing/hyphenated-key"
	CodeOddOperator = "routing/odd-operator"
	CodeCommaList   = "routing/comma-list"
	CodeNotOperator = "routing/not-operator"
)

type tokKind uint8

const (
	tEOF tokKind = iota
	tIdent
	tNumber
	tString
	tLParen
	tRParen
	tLBrack
	tRBrack
	tComma
	tDot
	tOp // == = != > >= < <=
	tAnd
	tOr
	tBad
)

type token struct {
	kind tokKind
	span Span
	text string  // source text (operators are normalised: "!=" for "! =", "AND" for "&&")
	str  string  // a string literal's value
	num  float64 // a number's value
}

type scanner struct {
	src   string
	pos   int
	diags []Diag
}

func (s *scanner) errorf(sp Span, code, format string, args ...any) {
	s.diags = append(s.diags, Diag{Span: sp, Severity: Error, Code: code, Msg: fmt.Sprintf(format, args...)})
}

func (s *scanner) warnf(sp Span, code, format string, args ...any) {
	s.diags = append(s.diags, Diag{Span: sp, Severity: Warning, Code: code, Msg: fmt.Sprintf(format, args...)})
}

func isIdentStart(r rune) bool { return r == '_' || unicode.IsLetter(r) }
func isIdentPart(r rune) bool  { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

func (s *scanner) skipSpace() {
	for s.pos < len(s.src) {
		switch s.src[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

// next scans one token. prevIdentEnd is where the previous token ended when it was a key
// segment, so that a hyphen right after one can be recognised as part of a hyphenated key.
func (s *scanner) next() token {
	s.skipSpace()
	start := s.pos
	if s.pos >= len(s.src) {
		return token{kind: tEOF, span: Span{start, start}}
	}
	r, w := utf8.DecodeRuneInString(s.src[s.pos:])
	tok := func(k tokKind, n int) token {
		s.pos += n
		return token{kind: k, span: Span{start, s.pos}, text: s.src[start:s.pos]}
	}
	switch {
	case isIdentStart(r):
		return s.ident()
	case r >= '0' && r <= '9':
		return s.number(start)
	case r == '-' && s.pos+1 < len(s.src) && s.src[s.pos+1] >= '0' && s.src[s.pos+1] <= '9':
		return s.number(start)
	case r == '\'' || r == '"':
		return s.str(byte(r))
	}
	switch r {
	case '(':
		return tok(tLParen, 1)
	case ')':
		return tok(tRParen, 1)
	case '[':
		return tok(tLBrack, 1)
	case ']':
		return tok(tRBrack, 1)
	case ',':
		return tok(tComma, 1)
	case '.':
		return tok(tDot, 1)
	case '=':
		if strings.HasPrefix(s.src[s.pos:], "==") {
			return tok(tOp, 2)
		}
		return tok(tOp, 1)
	case '>', '<':
		if strings.HasPrefix(s.src[s.pos:], "<>") {
			t := tok(tBad, 2)
			s.errorf(t.span, CodeSyntax, "'<>' is not a TaskRouter operator: write != for \"not equal\"")
			return t
		}
		if s.pos+1 < len(s.src) && s.src[s.pos+1] == '=' {
			return tok(tOp, 2)
		}
		return tok(tOp, 1)
	case '!':
		if strings.HasPrefix(s.src[s.pos:], "!=") {
			return tok(tOp, 2)
		}
		// "! =" with blanks between: seen in real configurations. Read it as != but say so.
		p := s.pos + 1
		for p < len(s.src) && (s.src[p] == ' ' || s.src[p] == '\t') {
			p++
		}
		if p < len(s.src) && s.src[p] == '=' && (p+1 >= len(s.src) || s.src[p+1] != '=') {
			s.pos = p + 1
			t := token{kind: tOp, span: Span{start, s.pos}, text: "!="}
			s.warnf(t.span, CodeOddOperator, "%q has blanks between ! and =: it is read as !=, write it without them", s.src[start:s.pos])
			return t
		}
		t := tok(tBad, 1)
		s.errorf(t.span, CodeSyntax, "unexpected '!': TaskRouter has no ! operator; write != for \"not equal\" or NOT IN for \"not in a list\"")
		return t
	case '&':
		if strings.HasPrefix(s.src[s.pos:], "&&") {
			t := tok(tAnd, 2)
			s.errorf(t.span, CodeSyntax, "'&&' is not a TaskRouter operator: write AND")
			return t
		}
	case '|':
		if strings.HasPrefix(s.src[s.pos:], "||") {
			t := tok(tOr, 2)
			s.errorf(t.span, CodeSyntax, "'||' is not a TaskRouter operator: write OR")
			return t
		}
	}
	t := tok(tBad, w)
	s.errorf(t.span, CodeSyntax, "unexpected %s in the expression", describeRune(r))
	return t
}

func describeRune(r rune) string {
	if r == utf8.RuneError {
		return "invalid UTF-8"
	}
	return strconv.QuoteRune(r)
}

// ident scans a name. Keywords are names too; the parser tells them apart, case-insensitively.
// A hyphen joining two names ("customer-id") is reported here: TaskRouter doesn't support
// hyphens in keys, and reading it as a subtraction would only confuse.
func (s *scanner) ident() token {
	start := s.pos
	for s.pos < len(s.src) {
		r, w := utf8.DecodeRuneInString(s.src[s.pos:])
		if !isIdentPart(r) {
			break
		}
		s.pos += w
	}
	for s.pos+1 < len(s.src) && s.src[s.pos] == '-' {
		r, _ := utf8.DecodeRuneInString(s.src[s.pos+1:])
		if !isIdentPart(r) {
			break
		}
		s.pos++
		for s.pos < len(s.src) {
			r, w := utf8.DecodeRuneInString(s.src[s.pos:])
			if !isIdentPart(r) {
				break
			}
			s.pos += w
		}
		if s.pos >= len(s.src) || s.src[s.pos] != '-' {
			sp := Span{start, s.pos}
			name := s.src[start:s.pos]
			s.errorf(sp, CodeHyphen, "hyphens are not supported in TaskRouter keys: %q can't be read; rename the attribute (e.g. %q)", name, strings.ReplaceAll(name, "-", "_"))
		}
	}
	return token{kind: tIdent, span: Span{start, s.pos}, text: s.src[start:s.pos]}
}

func (s *scanner) number(start int) token {
	if s.src[s.pos] == '-' {
		s.pos++
	}
	for s.pos < len(s.src) && s.src[s.pos] >= '0' && s.src[s.pos] <= '9' {
		s.pos++
	}
	if s.pos+1 < len(s.src) && s.src[s.pos] == '.' && s.src[s.pos+1] >= '0' && s.src[s.pos+1] <= '9' {
		s.pos++
		for s.pos < len(s.src) && s.src[s.pos] >= '0' && s.src[s.pos] <= '9' {
			s.pos++
		}
	}
	text := s.src[start:s.pos]
	sp := Span{start, s.pos}
	if s.pos < len(s.src) {
		if r, _ := utf8.DecodeRuneInString(s.src[s.pos:]); isIdentStart(r) {
			for s.pos < len(s.src) {
				r, w := utf8.DecodeRuneInString(s.src[s.pos:])
				if !isIdentPart(r) {
					break
				}
				s.pos += w
			}
			sp = Span{start, s.pos}
			s.errorf(sp, CodeSyntax, "%q is neither a number nor a key: a key can't start with a digit", s.src[start:s.pos])
			return token{kind: tBad, span: sp, text: s.src[start:s.pos]}
		}
	}
	// Leading zeros are allowed: TaskRouter's own examples compare taskrouter.currentTime
	// with 0800.
	f, err := strconv.ParseFloat(text, 64)
	if err != nil {
		s.errorf(sp, CodeSyntax, "number %s is out of range", text)
	}
	return token{kind: tNumber, span: sp, text: text, num: f}
}

func (s *scanner) str(quote byte) token {
	start := s.pos
	s.pos++
	var b strings.Builder
	for s.pos < len(s.src) {
		c := s.src[s.pos]
		switch {
		case c == quote:
			s.pos++
			return token{kind: tString, span: Span{start, s.pos}, text: s.src[start:s.pos], str: b.String()}
		case c == '\\' && s.pos+1 < len(s.src):
			b.WriteByte(s.src[s.pos+1])
			s.pos += 2
		default:
			b.WriteByte(c)
			s.pos++
		}
	}
	sp := Span{start, len(s.src)}
	s.errorf(Span{start, start + 1}, CodeSyntax, "unterminated string: the %c opened here has no closing %c", quote, quote)
	return token{kind: tBad, span: sp, text: s.src[start:]}
}
