package expressions

import (
	"strings"
	"unicode/utf8"
)

// The reference's template scanner reads characters until it reads the character 0, which it
// takes for the end of the text, whatever it is scanning: literal text, a shorthand, a block or
// a text literal in a block. It then goes on with the next character as if a new scan started.
// So a NUL in a template isn't copied, ends a shorthand, leaves a block before it as literal text
// (the block never closed), and ends the template when a new piece would start with it. Flows
// almost never hold one, so templates with a NUL are read by this separate, slower path, which
// scans as the reference does.

// nulScanner reads a template's characters with room to put some back, reading a NUL as 0.
type nulScanner struct {
	src  string
	pos  int
	back []rune
}

func (s *nulScanner) read() rune {
	if n := len(s.back); n > 0 {
		r := s.back[n-1]
		s.back = s.back[:n-1]
		return r
	}
	if s.pos >= len(s.src) {
		return 0
	}
	r, size := utf8.DecodeRuneInString(s.src[s.pos:])
	s.pos += size
	return r
}

func (s *nulScanner) unread(r rune) { s.back = append(s.back, r) }

// parseTemplateWithNUL parses a template holding a NUL as the reference's scanner reads it.
func parseTemplateWithNUL(src string) *Template {
	t := &Template{src: src}
	s := &nulScanner{src: src}
	var text strings.Builder
	flush := func() {
		if text.Len() > 0 {
			t.parts = append(t.parts, part{kind: partText, text: text.String()})
			text.Reset()
		}
	}
	for {
		start := s.pos
		ch := s.read()
		if ch == 0 {
			break // the end, or a NUL where a piece would start
		}
		if ch != '@' {
			s.unread(ch)
			s.scanBody(&text)
			continue
		}
		peek := s.read()
		switch {
		case peek == '(':
			body, closed := s.scanBlock()
			if !closed {
				text.WriteString("@(" + body)
				continue
			}
			flush()
			t.addBlock("("+body+")", start, body, 0)
		case peek != '@' && isIdentChar(peek):
			s.unread(peek)
			name := s.scanName()
			_, segs := scanShorthand(name, 0)
			flush()
			t.parts = append(t.parts, part{kind: partShorthand, text: name, root: strings.ToLower(segs[0].text), off: start, node: shorthandNode(name, segs)})
		default:
			s.unread(peek)
			s.unread('@')
			s.scanBody(&text)
		}
	}
	flush()
	return t
}

// scanBody reads literal text up to a block or shorthand, or a NUL, unescaping @@.
func (s *nulScanner) scanBody(b *strings.Builder) {
	for ch := s.read(); ch != 0; ch = s.read() {
		if ch != '@' {
			b.WriteRune(ch)
			continue
		}
		peek := s.read()
		switch {
		case peek == '(' || (peek != '@' && isIdentChar(peek)):
			s.unread(peek)
			s.unread('@')
			return
		case peek == '@':
			b.WriteByte('@')
		case peek == 0:
			b.WriteByte('@')
		default:
			b.WriteByte('@')
			b.WriteRune(peek)
		}
	}
}

// scanBlock reads a block's body after its "@(", to its closing parenthesis; closed is false
// when a NUL or the end comes first.
func (s *nulScanner) scanBlock() (body string, closed bool) {
	var b strings.Builder
	depth := 1
	for ch := s.read(); ch != 0; ch = s.read() {
		switch ch {
		case '"':
			b.WriteRune(ch)
			escaped := false
			for c := s.read(); c != 0; c = s.read() {
				b.WriteRune(c)
				if c == '"' && !escaped {
					break
				}
				escaped = c == '\\'
			}
			continue
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return b.String(), true
			}
		}
		b.WriteRune(ch)
	}
	return b.String(), false
}

// scanName reads a shorthand's dotted name, a '.' belonging to it only when a name character
// follows.
func (s *nulScanner) scanName() string {
	var b strings.Builder
	for ch := s.read(); ch != 0; ch = s.read() {
		if ch == '.' {
			peek := s.read()
			if isIdentChar(peek) {
				b.WriteRune(ch)
				b.WriteRune(peek)
				continue
			}
			s.unread(peek)
			s.unread('.')
			break
		}
		if !isIdentChar(ch) {
			s.unread(ch)
			break
		}
		b.WriteRune(ch)
	}
	return b.String()
}
