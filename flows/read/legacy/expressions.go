package legacy

import (
	"strconv"
	"strings"
	"unicode"
)

// The legacy expression language is Excel-like: case-insensitive function names, & to join
// text, = and <> to compare, "" to escape a quote, 1-based word indexes. migrateExpression
// parses one expression (the inside of @(...)) by precedence climbing and writes it in the new
// language as it goes.

// legacy token kinds
const (
	tokEOF = iota
	tokNumber
	tokString
	tokName
	tokOp
	tokLParen
	tokRParen
	tokComma
)

type token struct {
	kind int
	text string
}

// lex splits a legacy expression into tokens; false on a character it doesn't know or an
// unterminated string.
func lex(s string) ([]token, bool) {
	var toks []token
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c >= '0' && c <= '9':
			j := i
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			if j+1 < len(s) && s[j] == '.' && s[j+1] >= '0' && s[j+1] <= '9' {
				j++
				for j < len(s) && s[j] >= '0' && s[j] <= '9' {
					j++
				}
			}
			toks = append(toks, token{tokNumber, s[i:j]})
			i = j
		case c == '"':
			j := i + 1
			for {
				if j >= len(s) {
					return nil, false
				}
				if s[j] == '"' {
					if j+1 < len(s) && s[j+1] == '"' {
						j += 2
						continue
					}
					break
				}
				j++
			}
			toks = append(toks, token{tokString, s[i : j+1]})
			i = j + 1
		case c == '(':
			toks = append(toks, token{tokLParen, "("})
			i++
		case c == ')':
			toks = append(toks, token{tokRParen, ")"})
			i++
		case c == ',':
			toks = append(toks, token{tokComma, ","})
			i++
		case strings.ContainsRune("+-*/^&", rune(c)):
			toks = append(toks, token{tokOp, string(c)})
			i++
		case c == '=' || c == '<' || c == '>' || c == '!':
			op := string(c)
			if i+1 < len(s) && (s[i+1] == '=' || (c == '<' && s[i+1] == '>')) {
				op = s[i : i+2]
			}
			if op == "!" {
				return nil, false
			}
			toks = append(toks, token{tokOp, op})
			i += len(op)
		default:
			r, size := decodeRune(s[i:])
			if !unicode.IsLetter(r) && r != '_' {
				return nil, false
			}
			j := i + size
			for j < len(s) {
				r, size := decodeRune(s[j:])
				if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' && r != '.' {
					break
				}
				j += size
			}
			toks = append(toks, token{tokName, s[i:j]})
			i = j
		}
	}
	return append(toks, token{kind: tokEOF}), true
}

// precedence of the binary operators, loosest first.
var precedence = map[string]int{"=": 1, "!=": 1, "<>": 1, "<": 2, "<=": 2, ">": 2, ">=": 2, "&": 3, "+": 4, "-": 4, "*": 5, "/": 5, "^": 6}

type exprParser struct {
	toks     []token
	pos      int
	rawDates bool
	failed   bool
}

// migrateExpression rewrites one legacy expression; false when it can't be parsed.
func migrateExpression(src string, rawDates bool) (string, bool) {
	toks, ok := lex(src)
	if !ok {
		return "", false
	}
	p := &exprParser{toks: toks, rawDates: rawDates}
	out := p.binary(1)
	if p.failed || p.peek().kind != tokEOF {
		return "", false
	}
	return out, true
}

func (p *exprParser) peek() token { return p.toks[p.pos] }
func (p *exprParser) next() token {
	t := p.toks[p.pos]
	if t.kind != tokEOF {
		p.pos++
	}
	return t
}

// binary parses operators of at least level minPrec, all left-associative.
func (p *exprParser) binary(minPrec int) string {
	left := p.unary()
	for !p.failed {
		t := p.peek()
		prec, isOp := precedence[t.text]
		if t.kind != tokOp || !isOp || prec < minPrec {
			return left
		}
		p.next()
		right := p.binary(prec + 1)
		left = p.combine(t.text, left, right)
	}
	return left
}

// combine writes one binary operation. Legacy + and - added days to dates and times to dates;
// what the operands are is guessed from their form, and legacy_add handles the rest at run time.
func (p *exprParser) combine(op, a, b string) string {
	switch op {
	case "<>":
		return a + " != " + b
	case "+", "-":
		return p.addition(op, a, b)
	}
	return a + " " + op + " " + b
}

func (p *exprParser) addition(op, a, b string) string {
	ta, tb := inferType(a), inferType(b)
	neg := ""
	if op == "-" {
		neg = "-"
	}
	switch {
	case ta == "number" && tb == "number":
		return a + " " + op + " " + b
	case ta == "datetime" && tb == "number":
		return "datetime_add(" + a + ", " + neg + b + `, "D")`
	case ta == "date" && tb == "number":
		out := "datetime_add(" + a + ", " + neg + b + `, "D")`
		if !p.rawDates {
			out = "format_date(" + out + ")"
		}
		return out
	case ta == "datetime" && tb == "time":
		minutes := "format_time(" + b + `, "tt") * 60 + format_time(` + b + `, "m")`
		if op == "-" {
			return "datetime_add(" + a + ", -(" + minutes + `), "m")`
		}
		return "datetime_add(" + a + ", " + minutes + `, "m")`
	case tb == "time" && op == "+":
		return "replace_time(" + a + ", " + b + ")"
	}
	return "legacy_add(" + a + ", " + neg + b + ")"
}

// returnTypes are the kinds of value the functions of a migrated expression give, for guessing
// what + means.
var returnTypes = map[string]string{
	"abs": "number", "max": "number", "mean": "number", "min": "number", "mod": "number", "sum": "number",
	"rand": "number", "round": "number", "round_down": "number", "round_up": "number",
	"datetime_add": "datetime", "datetime_from_parts": "datetime", "datetime": "datetime", "now": "datetime",
	"date": "date", "format_date": "date", "today": "date",
	"time": "time", "time_from_parts": "time",
}

// inferType guesses the kind of a migrated operand: an integer literal or a call of a function
// whose result kind is known; "" otherwise.
func inferType(operand string) string {
	if _, err := strconv.Atoi(operand); err == nil {
		return "number"
	}
	name, _, isCall := strings.Cut(operand, "(")
	if isCall && name != "" && isWord(name) {
		return returnTypes[name]
	}
	return ""
}

func (p *exprParser) unary() string {
	if t := p.peek(); t.kind == tokOp && t.text == "-" {
		p.next()
		return "-" + p.unary()
	}
	return p.primary()
}

func (p *exprParser) primary() string {
	t := p.next()
	switch t.kind {
	case tokNumber:
		return t.text
	case tokString:
		// "" escapes a quote in legacy strings, \" in new ones
		return `"` + strings.ReplaceAll(t.text[1:len(t.text)-1], `""`, `\"`) + `"`
	case tokLParen:
		inner := p.binary(1)
		if p.next().kind != tokRParen {
			p.failed = true
		}
		return "(" + inner + ")"
	case tokName:
		if p.peek().kind == tokLParen {
			p.next()
			return p.call(strings.ToLower(t.text))
		}
		switch strings.ToLower(t.text) {
		case "true":
			return "true"
		case "false":
			return "false"
		}
		return migrateRef(t.text, p.rawDates)
	}
	p.failed = true
	return ""
}

// call parses the arguments of a function call (after its open parenthesis) and rewrites it.
func (p *exprParser) call(name string) string {
	var args []string
	if p.peek().kind != tokRParen {
		for {
			args = append(args, p.binary(1))
			if p.failed {
				return ""
			}
			if p.peek().kind != tokComma {
				break
			}
			p.next()
		}
	}
	if p.next().kind != tokRParen {
		p.failed = true
		return ""
	}
	return migrateCall(name, args)
}
