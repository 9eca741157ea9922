package expressions

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// SyntaxError is a template or expression that can't be parsed. Offset is the byte offset in the
// source given to ParseTemplate or ParseExpression.
type SyntaxError struct {
	Offset int
	Msg    string
	// Reference is how the reference engine words the error, for the events of a run: "syntax
	// error at " and the rest of the expression from the faulty token, or "expression nesting
	// too deep".
	Reference string
}

// Error implements error.
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("syntax error at offset %d: %s", e.Offset, e.Msg)
}

type tokenKind uint8

const (
	tokEOF tokenKind = iota
	tokName
	tokNumber
	tokString
	tokLParen
	tokRParen
	tokLBracket
	tokRBracket
	tokComma
	tokDot
	tokArrow
	tokPlus
	tokMinus
	tokStar
	tokSlash
	tokCaret
	tokAmp
	tokEq
	tokNeq
	tokLt
	tokLte
	tokGt
	tokGte
	// tokError is a character that starts no token; the reference's lexer makes one of each such
	// character and reads on, leaving the parser to fail on it if it gets that far.
	tokError
)

var tokenNames = [...]string{
	tokEOF: "end of expression", tokName: "name", tokNumber: "number", tokString: "text",
	tokLParen: "'('", tokRParen: "')'", tokLBracket: "'['", tokRBracket: "']'", tokComma: "','",
	tokDot: "'.'", tokArrow: "'=>'", tokPlus: "'+'", tokMinus: "'-'", tokStar: "'*'", tokSlash: "'/'",
	tokCaret: "'^'", tokAmp: "'&'", tokEq: "'='", tokNeq: "'!='", tokLt: "'<'", tokLte: "'<='",
	tokGt: "'>'", tokGte: "'>='", tokError: "character",
}

func (k tokenKind) String() string { return tokenNames[k] }

type token struct {
	kind tokenKind
	off  int    // byte offset in the whole source
	text string // the token's source text
}

// scanTokens splits an expression into tokens. base is the offset of src within the whole
// template so that positions point into what the user wrote. It never fails: a character that
// starts no token becomes a tokError token.
func scanTokens(src string, base int, toks []token) []token {
	i := 0
	for i < len(src) {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
			continue
		case c >= '0' && c <= '9':
			j := i
			for j < len(src) && src[j] >= '0' && src[j] <= '9' {
				j++
			}
			if j+1 < len(src) && src[j] == '.' && src[j+1] >= '0' && src[j+1] <= '9' {
				j++
				for j < len(src) && src[j] >= '0' && src[j] <= '9' {
					j++
				}
			}
			toks = append(toks, token{tokNumber, base + i, src[i:j]})
			i = j
			continue
		case c == '"':
			j := i + 1
			for j < len(src) && src[j] != '"' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(src) {
				// as in the reference, the lone quote is a faulty token and what follows it is
				// read on: the first token the parser can't take is the error
				toks = append(toks, token{tokError, base + i, src[i : i+1]})
				i++
				continue
			}
			toks = append(toks, token{tokString, base + i, src[i : j+1]})
			i = j + 1
			continue
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(src[i:])
			if !isNameStart(r) {
				toks = append(toks, token{tokError, base + i, src[i : i+size]})
				i += size
				continue
			}
			j := i + size
			for j < len(src) {
				r, size := utf8.DecodeRuneInString(src[j:])
				if !isNameChar(r) {
					break
				}
				j += size
			}
			toks = append(toks, token{tokName, base + i, src[i:j]})
			i = j
			continue
		}
		kind, size := tokEOF, 1
		next := byte(0)
		if i+1 < len(src) {
			next = src[i+1]
		}
		switch c {
		case '(':
			kind = tokLParen
		case ')':
			kind = tokRParen
		case '[':
			kind = tokLBracket
		case ']':
			kind = tokRBracket
		case ',':
			kind = tokComma
		case '.':
			kind = tokDot
		case '+':
			kind = tokPlus
		case '-':
			kind = tokMinus
		case '*':
			kind = tokStar
		case '/':
			kind = tokSlash
		case '^':
			kind = tokCaret
		case '&':
			kind = tokAmp
		case '=':
			kind = tokEq
			if next == '>' {
				kind, size = tokArrow, 2
			}
		case '!':
			if next == '=' {
				kind, size = tokNeq, 2
			}
		case '<':
			kind = tokLt
			if next == '=' {
				kind, size = tokLte, 2
			}
		case '>':
			kind = tokGt
			if next == '=' {
				kind, size = tokGte, 2
			}
		}
		if kind == tokEOF {
			_, size = utf8.DecodeRuneInString(src[i:])
			kind = tokError
		}
		toks = append(toks, token{kind, base + i, src[i : i+size]})
		i += size
	}
	toks = append(toks, token{tokEOF, base + len(src), ""})
	return toks
}

// isIdentChar says which runes make up the names of a template shorthand such as @contact.name.
func isIdentChar(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r)
}

// Position converts a byte offset in src to a 1-based line and column, counting columns in
// characters, for messages that point into a template.
func Position(src string, offset int) (line, col int) {
	if offset > len(src) {
		offset = len(src)
	}
	line, col = 1, 1
	for _, r := range src[:max(offset, 0)] {
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}
