// Package jsontree parses JSON into a tree that remembers where every value, key and string
// character came from, so that a checker can point at a line and column, even inside a string
// (an expression) and inside a JSON document held in a string (a workflow's configuration).
package jsontree

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Kind is the JSON type of a node.
type Kind uint8

// The JSON types.
const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
)

// String names the kind as messages say it ("a string", "an object").
func (k Kind) String() string {
	switch k {
	case Null:
		return "null"
	case Bool:
		return "a boolean"
	case Number:
		return "a number"
	case String:
		return "a string"
	case Array:
		return "an array"
	case Object:
		return "an object"
	}
	return "a value"
}

// Node is one JSON value. Start and End are byte offsets of its text in the parsed source (End
// exclusive; for strings they include the quotes).
type Node struct {
	Kind    Kind
	Start   int
	End     int
	Bool    bool
	Num     float64
	Text    string // a number's literal text, a string's decoded value
	Items   []*Node
	Members []Member
	src     []byte
}

// Member is one key of an object, in document order (duplicates kept).
type Member struct {
	Key      string
	KeyStart int
	Value    *Node
}

// SyntaxError is the first fault in malformed JSON.
type SyntaxError struct {
	Offset int
	Msg    string
}

func (e *SyntaxError) Error() string { return e.Msg }

// MaxDepth bounds nesting so hostile input can't exhaust the stack.
const MaxDepth = 10000

// Parse reads one JSON value from src, with nothing but white space after it.
func Parse(src []byte) (*Node, *SyntaxError) {
	p := &parser{src: src}
	p.ws()
	n := p.value()
	if p.err != nil {
		return nil, p.err
	}
	p.ws()
	if p.pos < len(src) {
		return nil, &SyntaxError{p.pos, fmt.Sprintf("unexpected %s after the end of the JSON value", describe(src, p.pos))}
	}
	return n, nil
}

type parser struct {
	src   []byte
	pos   int
	depth int
	err   *SyntaxError
}

func (p *parser) fail(off int, format string, args ...any) {
	if p.err == nil {
		p.err = &SyntaxError{off, fmt.Sprintf(format, args...)}
	}
}

// describe words what is at off for a syntax message.
func describe(src []byte, off int) string {
	if off >= len(src) {
		return "end of input"
	}
	r, _ := utf8.DecodeRune(src[off:])
	if r == utf8.RuneError {
		return fmt.Sprintf("byte 0x%02x", src[off])
	}
	return strconv.QuoteRune(r)
}

func (p *parser) ws() {
	for p.pos < len(p.src) {
		switch p.src[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *parser) value() *Node {
	if p.err != nil {
		return nil
	}
	if p.pos >= len(p.src) {
		p.fail(p.pos, "unexpected end of input: expected a JSON value")
		return nil
	}
	start := p.pos
	switch c := p.src[p.pos]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		s, ok := p.str()
		if !ok {
			return nil
		}
		return &Node{Kind: String, Start: start, End: p.pos, Text: s, src: p.src}
	case c == 't':
		return p.literal("true", &Node{Kind: Bool, Bool: true})
	case c == 'f':
		return p.literal("false", &Node{Kind: Bool})
	case c == 'n':
		return p.literal("null", &Node{Kind: Null})
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	}
	p.fail(start, "unexpected %s: expected a JSON value", describe(p.src, start))
	return nil
}

func (p *parser) literal(word string, n *Node) *Node {
	if !bytes.HasPrefix(p.src[p.pos:], []byte(word)) {
		p.fail(p.pos, "unexpected %s: expected a JSON value", describe(p.src, p.pos))
		return nil
	}
	n.Start, n.End, n.src = p.pos, p.pos+len(word), p.src
	p.pos += len(word)
	return n
}

func (p *parser) number() *Node {
	start := p.pos
	src := p.src
	if src[p.pos] == '-' {
		p.pos++
	}
	digits := func() int {
		n := 0
		for p.pos < len(src) && src[p.pos] >= '0' && src[p.pos] <= '9' {
			p.pos++
			n++
		}
		return n
	}
	intStart := p.pos
	if digits() == 0 {
		p.fail(p.pos, "unexpected %s in a number: expected a digit", describe(src, p.pos))
		return nil
	}
	if src[intStart] == '0' && p.pos-intStart > 1 {
		p.fail(intStart, "a number can't start with 0 followed by more digits")
		return nil
	}
	if p.pos < len(src) && src[p.pos] == '.' {
		p.pos++
		if digits() == 0 {
			p.fail(p.pos, "unexpected %s in a number: expected a digit after the decimal point", describe(src, p.pos))
			return nil
		}
	}
	if p.pos < len(src) && (src[p.pos] == 'e' || src[p.pos] == 'E') {
		p.pos++
		if p.pos < len(src) && (src[p.pos] == '+' || src[p.pos] == '-') {
			p.pos++
		}
		if digits() == 0 {
			p.fail(p.pos, "unexpected %s in a number: expected a digit in the exponent", describe(src, p.pos))
			return nil
		}
	}
	text := string(src[start:p.pos])
	f, err := strconv.ParseFloat(text, 64)
	if err != nil {
		p.fail(start, "number %s is out of range", text)
		return nil
	}
	return &Node{Kind: Number, Start: start, End: p.pos, Num: f, Text: text, src: src}
}

func (p *parser) enter() bool {
	p.depth++
	if p.depth > MaxDepth {
		p.fail(p.pos, "JSON nested more than %d levels deep", MaxDepth)
		return false
	}
	return true
}

func (p *parser) object() *Node {
	n := &Node{Kind: Object, Start: p.pos, src: p.src}
	if !p.enter() {
		return nil
	}
	defer func() { p.depth-- }()
	p.pos++
	p.ws()
	if p.pos < len(p.src) && p.src[p.pos] == '}' {
		p.pos++
		n.End = p.pos
		return n
	}
	for {
		p.ws()
		if p.pos >= len(p.src) || p.src[p.pos] != '"' {
			p.fail(p.pos, "unexpected %s: expected a quoted key", describe(p.src, p.pos))
			return nil
		}
		keyStart := p.pos
		key, ok := p.str()
		if !ok {
			return nil
		}
		p.ws()
		if p.pos >= len(p.src) || p.src[p.pos] != ':' {
			p.fail(p.pos, "unexpected %s after key %q: expected ':'", describe(p.src, p.pos), key)
			return nil
		}
		p.pos++
		p.ws()
		v := p.value()
		if v == nil {
			return nil
		}
		n.Members = append(n.Members, Member{Key: key, KeyStart: keyStart, Value: v})
		p.ws()
		if p.pos >= len(p.src) {
			p.fail(p.pos, "unexpected end of input: expected ',' or '}'")
			return nil
		}
		switch p.src[p.pos] {
		case ',':
			p.pos++
			continue
		case '}':
			p.pos++
			n.End = p.pos
			return n
		}
		p.fail(p.pos, "unexpected %s: expected ',' or '}' after an object member", describe(p.src, p.pos))
		return nil
	}
}

func (p *parser) array() *Node {
	n := &Node{Kind: Array, Start: p.pos, src: p.src}
	if !p.enter() {
		return nil
	}
	defer func() { p.depth-- }()
	p.pos++
	p.ws()
	if p.pos < len(p.src) && p.src[p.pos] == ']' {
		p.pos++
		n.End = p.pos
		return n
	}
	for {
		p.ws()
		v := p.value()
		if v == nil {
			return nil
		}
		n.Items = append(n.Items, v)
		p.ws()
		if p.pos >= len(p.src) {
			p.fail(p.pos, "unexpected end of input: expected ',' or ']'")
			return nil
		}
		switch p.src[p.pos] {
		case ',':
			p.pos++
			continue
		case ']':
			p.pos++
			n.End = p.pos
			return n
		}
		p.fail(p.pos, "unexpected %s: expected ',' or ']' after an array element", describe(p.src, p.pos))
		return nil
	}
}

// str reads the string at p.pos (its opening quote) and decodes it.
func (p *parser) str() (string, bool) {
	src := p.src
	start := p.pos + 1
	i := start
	for i < len(src) && src[i] != '"' && src[i] != '\\' && src[i] >= 0x20 {
		i++
	}
	if i < len(src) && src[i] == '"' {
		p.pos = i + 1
		return string(src[start:i]), true
	}
	var buf []byte
	buf = append(buf, src[start:i]...)
	for i < len(src) {
		c := src[i]
		switch {
		case c == '"':
			p.pos = i + 1
			return string(buf), true
		case c < 0x20:
			p.fail(i, "control character %s in a string: escape it (\\n, \\t, \\u00XX)", describe(src, i))
			return "", false
		case c != '\\':
			buf = append(buf, c)
			i++
			continue
		}
		r, n, msg := unescape(src, i)
		if msg != "" {
			p.fail(i, "%s", msg)
			return "", false
		}
		buf = utf8.AppendRune(buf, r)
		i += n
	}
	p.fail(p.pos, "unterminated string: expected a closing '\"'")
	return "", false
}

// unescape decodes the escape at src[i] (a backslash): the rune, how many bytes it takes, or why
// it is malformed.
func unescape(src []byte, i int) (rune, int, string) {
	if i+1 >= len(src) {
		return 0, 0, "unterminated escape at the end of input"
	}
	switch src[i+1] {
	case '"':
		return '"', 2, ""
	case '\\':
		return '\\', 2, ""
	case '/':
		return '/', 2, ""
	case 'b':
		return '\b', 2, ""
	case 'f':
		return '\f', 2, ""
	case 'n':
		return '\n', 2, ""
	case 'r':
		return '\r', 2, ""
	case 't':
		return '\t', 2, ""
	case 'u':
		r, ok := hex4(src, i+2)
		if !ok {
			return 0, 0, "malformed \\u escape: expected four hexadecimal digits"
		}
		if utf16.IsSurrogate(r) {
			if i+12 <= len(src) && src[i+6] == '\\' && src[i+7] == 'u' {
				if r2, ok := hex4(src, i+8); ok {
					if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
						return d, 12, ""
					}
				}
			}
			return utf8.RuneError, 6, ""
		}
		return r, 6, ""
	}
	return 0, 0, fmt.Sprintf("unknown escape %s in a string", strconv.Quote(string(src[i:i+2])))
}

func hex4(src []byte, p int) (rune, bool) {
	if p+4 > len(src) {
		return 0, false
	}
	var r rune
	for _, c := range src[p : p+4] {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			r |= rune(c - 'A' + 10)
		default:
			return 0, false
		}
	}
	return r, true
}

// Get returns the value of the object member key (the last one when the key is repeated, as
// JSON decoders keep), or nil.
func (n *Node) Get(key string) *Node {
	if n == nil || n.Kind != Object {
		return nil
	}
	for i := len(n.Members) - 1; i >= 0; i-- {
		if n.Members[i].Key == key {
			return n.Members[i].Value
		}
	}
	return nil
}

// StrOffset maps a byte offset into a string node's decoded value to the offset in the source
// where that character's text starts (escapes and all). An offset at or past the end maps to
// the closing quote.
func (n *Node) StrOffset(i int) int {
	if n == nil || n.Kind != String {
		return 0
	}
	src := n.src
	p := n.Start + 1
	decoded := 0
	for p < n.End-1 && decoded < i {
		if src[p] != '\\' {
			p++
			decoded++
			continue
		}
		r, w, msg := unescape(src, p)
		if msg != "" {
			return p
		}
		p += w
		decoded += utf8.RuneLen(r)
	}
	return p
}

// Interface converts the node to the values encoding/json decodes into: map[string]any,
// []any, string, float64, bool and nil.
func (n *Node) Interface() any {
	if n == nil {
		return nil
	}
	switch n.Kind {
	case Bool:
		return n.Bool
	case Number:
		return n.Num
	case String:
		return n.Text
	case Array:
		out := make([]any, len(n.Items))
		for i, it := range n.Items {
			out[i] = it.Interface()
		}
		return out
	case Object:
		out := make(map[string]any, len(n.Members))
		for _, m := range n.Members {
			out[m.Key] = m.Value.Interface()
		}
		return out
	}
	return nil
}

// Raw returns the node's source text.
func (n *Node) Raw() []byte {
	if n == nil {
		return nil
	}
	return n.src[n.Start:n.End]
}

// EscapePointerToken escapes a JSON pointer reference token (RFC 6901).
func EscapePointerToken(s string) string {
	if !bytes.ContainsAny([]byte(s), "~/") {
		return s
	}
	var b []byte
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '~':
			b = append(b, '~', '0')
		case '/':
			b = append(b, '~', '1')
		default:
			b = append(b, s[i])
		}
	}
	return string(b)
}

// At returns the value at a JSON pointer (RFC 6901), or the nearest existing ancestor of a value
// that isn't there: where to point for a problem with it.
func (n *Node) At(pointer string) *Node {
	if pointer == "" || n == nil {
		return n
	}
	for _, tok := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		var next *Node
		switch n.Kind {
		case Object:
			next = n.Get(tok)
		case Array:
			if i, err := strconv.Atoi(tok); err == nil && i >= 0 && i < len(n.Items) {
				next = n.Items[i]
			}
		}
		if next == nil {
			return n
		}
		n = next
	}
	return n
}
