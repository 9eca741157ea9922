package read

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// MaxDepth bounds nesting so that hostile input can't exhaust the stack; it matches what
// encoding/json allows.
const MaxDepth = 10000

// entry records where one JSON value starts: the index of its container's entry, and either its
// member key (index -1) or its array index. Entries are appended in document order during the
// single parse, which makes them the pointer→offset index without building pointer strings.
type entry struct {
	parent int32
	index  int32
	key    string
	off    int32
}

// syntaxError is the first JSON syntax fault: where it is and what was expected there.
type syntaxError struct {
	off int
	msg string
}

// scanner parses JSON into generic values (map[string]any, []any, string, float64, bool, nil,
// as encoding/json does) and records an entry for every value, in one pass over the bytes.
type scanner struct {
	src     []byte
	pos     int
	depth   int
	entries []entry
	err     *syntaxError
	scratch []any  // shared stack of array elements being collected
	buf     []byte // reused for strings with escapes
	// dupKeys are the entries of members whose key their object already had (the later value
	// wins, as with encoding/json and the reference engine); badUTF8 the offsets of the first
	// invalid UTF-8 byte of each string holding one (read as U+FFFD). Both are reported as
	// warnings: the reference reads such files without a word.
	dupKeys []int32
	badUTF8 []int
	// short holds the short strings met so far, boxed: flow files repeat the same keys ("uuid",
	// "exits"...) and values ("send_msg", "Other"...) thousands of times, and sharing one copy
	// saves allocating (and later collecting) each again.
	short map[string]any
}

// maxShort is the longest string shared through scanner.short; longer ones (UUIDs, texts) are
// rarely repeated.
const maxShort = 24

// shortStr returns the string at s.pos (its opening quote) boxed: shared when it is short and
// plain (ASCII, no escapes), else as str decodes it.
func (s *scanner) shortStr() any {
	src := s.src
	start := s.pos + 1
	for p := start; p < len(src) && p-start <= maxShort; p++ {
		switch c := src[p]; {
		case c == '"':
			raw := src[start:p]
			s.pos = p + 1
			if v, ok := s.short[string(raw)]; ok { // a lookup by string(raw) doesn't copy raw
				return v
			}
			var v any = string(raw)
			if s.short == nil {
				s.short = map[string]any{}
			}
			s.short[v.(string)] = v
			return v
		case c == '\\' || c < 0x20 || c >= 0x80:
			return s.str()
		}
	}
	return s.str()
}

// parse reads the whole input: one value and nothing after it but white space. The scanner is
// returned for what it noted on the way (duplicate keys, invalid UTF-8).
func parse(src []byte) (any, *scanner, *syntaxError) {
	// Every value but the first follows a ':' or ',' (or opens an array): counting those bytes
	// (a fast, vectorised pass) bounds the entries, so the slice never grows and copies.
	n := bytes.Count(src, []byte{':'}) + bytes.Count(src, []byte{','}) + bytes.Count(src, []byte{'['}) + 1
	s := &scanner{src: src, entries: make([]entry, 0, n)}
	s.skipWS()
	if s.pos >= len(s.src) {
		return nil, s, &syntaxError{0, "empty document: expected a JSON value"}
	}
	// Some Windows editors start UTF-8 files with a byte order mark, which JSON doesn't allow
	// (nor does the reference engine): say what it is, as it is invisible in most editors.
	if bytes.HasPrefix(src[s.pos:], []byte("\xef\xbb\xbf")) {
		return nil, s, &syntaxError{s.pos, "the file starts with a UTF-8 byte order mark (BOM), which JSON doesn't allow: expected a JSON value; save the file as UTF-8 without BOM"}
	}
	v := s.value(-1, "", -1)
	if s.err == nil {
		s.skipWS()
		if s.pos < len(s.src) {
			s.fail(s.pos, "unexpected %s after the top-level value: expected end of file", s.describe(s.pos))
		}
	}
	if s.err != nil {
		return nil, s, s.err
	}
	return v, s, nil
}

func (s *scanner) fail(off int, format string, args ...any) {
	if s.err == nil {
		s.err = &syntaxError{off, fmt.Sprintf(format, args...)}
	}
}

// describe names the byte at off for an error message.
func (s *scanner) describe(off int) string {
	if off >= len(s.src) {
		return "end of file"
	}
	c := s.src[off]
	if c >= 0x20 && c < 0x7f {
		return fmt.Sprintf("'%c'", c)
	}
	if c >= 0x80 {
		r, _ := utf8.DecodeRune(s.src[off:])
		if r != utf8.RuneError {
			return fmt.Sprintf("'%c'", r)
		}
	}
	return fmt.Sprintf("byte 0x%02x", c)
}

func (s *scanner) skipWS() {
	for s.pos < len(s.src) {
		switch s.src[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

// value parses the value at s.pos (white space already skipped by the caller or skipped here).
func (s *scanner) value(parent int32, key string, index int32) any {
	s.skipWS()
	id := int32(len(s.entries))
	s.entries = append(s.entries, entry{parent: parent, index: index, key: key, off: int32(s.pos)})
	if s.pos >= len(s.src) {
		s.fail(s.pos, "unexpected end of file: expected a value")
		return nil
	}
	switch c := s.src[s.pos]; {
	case c == '{':
		return s.object(id)
	case c == '[':
		return s.array(id)
	case c == '"':
		return s.shortStr()
	case c == 't':
		return s.literal("true", true)
	case c == 'f':
		return s.literal("false", false)
	case c == 'n':
		return s.literal("null", nil)
	case c == '-' || (c >= '0' && c <= '9'):
		return s.number()
	default:
		s.fail(s.pos, "unexpected %s: expected a value (object, array, string, number, true, false or null)", s.describe(s.pos))
		return nil
	}
}

func (s *scanner) enter() bool {
	s.depth++
	if s.depth > MaxDepth {
		s.fail(s.pos, "nesting deeper than %d levels", MaxDepth)
		return false
	}
	return true
}

func (s *scanner) object(id int32) any {
	if !s.enter() {
		return nil
	}
	defer func() { s.depth-- }()
	s.pos++ // {
	m := make(map[string]any)
	s.skipWS()
	if s.pos < len(s.src) && s.src[s.pos] == '}' {
		s.pos++
		return m
	}
	for {
		s.skipWS()
		if s.pos >= len(s.src) || s.src[s.pos] != '"' {
			if len(m) == 0 {
				s.fail(s.pos, "unexpected %s: expected a string key or '}'", s.describe(s.pos))
			} else {
				s.fail(s.pos, "unexpected %s after ',': expected a string key", s.describe(s.pos))
			}
			return m
		}
		k, _ := s.shortStr().(string)
		if s.err != nil {
			return m
		}
		s.skipWS()
		if s.pos >= len(s.src) || s.src[s.pos] != ':' {
			s.fail(s.pos, "unexpected %s after key %q: expected ':'", s.describe(s.pos), k)
			return m
		}
		s.pos++
		n := len(m)
		m[k] = s.value(id, k, -1)
		if len(m) == n {
			s.dupKeys = append(s.dupKeys, int32(len(s.entries)-1))
		}
		if s.err != nil {
			return m
		}
		s.skipWS()
		if s.pos < len(s.src) {
			switch s.src[s.pos] {
			case ',':
				s.pos++
				continue
			case '}':
				s.pos++
				return m
			}
		}
		s.fail(s.pos, "unexpected %s after the value of %q: expected ',' or '}'", s.describe(s.pos), k)
		return m
	}
}

func (s *scanner) array(id int32) any {
	if !s.enter() {
		return nil
	}
	defer func() { s.depth-- }()
	s.pos++ // [
	base := len(s.scratch)
	s.skipWS()
	if s.pos < len(s.src) && s.src[s.pos] == ']' {
		s.pos++
		return []any{}
	}
	for i := int32(0); ; i++ {
		v := s.value(id, "", i)
		s.scratch = append(s.scratch, v)
		if s.err != nil {
			break
		}
		s.skipWS()
		if s.pos < len(s.src) {
			if c := s.src[s.pos]; c == ',' {
				s.pos++
				continue
			} else if c == ']' {
				s.pos++
				break
			}
		}
		s.fail(s.pos, "unexpected %s in an array: expected ',' or ']'", s.describe(s.pos))
		break
	}
	out := make([]any, len(s.scratch)-base)
	copy(out, s.scratch[base:])
	clear(s.scratch[base:])
	s.scratch = s.scratch[:base]
	return out
}

func (s *scanner) literal(word string, v any) any {
	if len(s.src)-s.pos >= len(word) && string(s.src[s.pos:s.pos+len(word)]) == word {
		s.pos += len(word)
		return v
	}
	s.fail(s.pos, "unexpected %s: expected a value (object, array, string, number, true, false or null)", s.describe(s.pos))
	return nil
}

func (s *scanner) number() any {
	start := s.pos
	src := s.src
	p := s.pos
	digits := func() bool {
		from := p
		for p < len(src) && src[p] >= '0' && src[p] <= '9' {
			p++
		}
		return p > from
	}
	if src[p] == '-' {
		p++
	}
	if p < len(src) && src[p] == '0' {
		p++
	} else if !digits() {
		s.fail(p, "unexpected %s in a number: expected a digit", s.describe(p))
		return nil
	}
	if p < len(src) && src[p] == '.' {
		p++
		if !digits() {
			s.fail(p, "unexpected %s in a number: expected a digit after '.'", s.describe(p))
			return nil
		}
	}
	if p < len(src) && (src[p] == 'e' || src[p] == 'E') {
		p++
		if p < len(src) && (src[p] == '+' || src[p] == '-') {
			p++
		}
		if !digits() {
			s.fail(p, "unexpected %s in a number: expected a digit in the exponent", s.describe(p))
			return nil
		}
	}
	s.pos = p
	text := src[start:p]
	// The string header is only read by ParseFloat, which doesn't keep it: no copy needed.
	f, err := strconv.ParseFloat(unsafe.String(&text[0], len(text)), 64)
	if err != nil || math.IsInf(f, 0) {
		s.fail(start, "number %s is out of the range of 64-bit floating point", text)
		return nil
	}
	return f
}

// str parses a string at s.pos (which holds the opening quote). Invalid UTF-8 becomes U+FFFD,
// as with encoding/json.
func (s *scanner) str() string {
	s.pos++ // "
	start := s.pos
	src := s.src
	ascii := true
	for p := start; p < len(src); p++ {
		c := src[p]
		switch {
		case c == '"':
			raw := src[start:p]
			s.pos = p + 1
			if ascii || utf8.Valid(raw) {
				return string(raw)
			}
			return string(s.appendValidUTF8(s.buf[:0], raw, start))
		case c == '\\':
			return s.strSlow(start)
		case c < 0x20:
			s.fail(p, "control character %s in a string: expected it escaped", s.describe(p))
			return ""
		case c >= 0x80:
			ascii = false
		}
	}
	s.fail(len(src), "unexpected end of file in a string: expected '\"'")
	return ""
}

// appendValidUTF8 appends raw (which starts at offset off) with each invalid byte as U+FFFD, and
// notes where the first one is.
func (s *scanner) appendValidUTF8(dst, raw []byte, off int) []byte {
	noted := false
	for p := 0; p < len(raw); {
		r, size := utf8.DecodeRune(raw[p:])
		if r == utf8.RuneError && size == 1 && !noted {
			s.badUTF8, noted = append(s.badUTF8, off+p), true
		}
		dst = utf8.AppendRune(dst, r) // RuneError for invalid bytes: U+FFFD
		p += size
	}
	s.buf = dst
	return dst
}

// strSlow decodes a string with escapes, starting after the opening quote.
func (s *scanner) strSlow(start int) string {
	src := s.src
	out := s.buf[:0]
	p := start
	for p < len(src) {
		c := src[p]
		switch {
		case c == '"':
			s.pos = p + 1
			s.buf = out
			return string(out)
		case c < 0x20:
			s.fail(p, "control character %s in a string: expected it escaped", s.describe(p))
			return ""
		case c == '\\':
			if p+1 >= len(src) {
				s.fail(p+1, "unexpected end of file in a string escape")
				return ""
			}
			switch e := src[p+1]; e {
			case '"', '\\', '/':
				out = append(out, e)
				p += 2
			case 'b':
				out, p = append(out, '\b'), p+2
			case 'f':
				out, p = append(out, '\f'), p+2
			case 'n':
				out, p = append(out, '\n'), p+2
			case 'r':
				out, p = append(out, '\r'), p+2
			case 't':
				out, p = append(out, '\t'), p+2
			case 'u':
				r, ok := hex4(src, p+2)
				if !ok {
					s.fail(p, "invalid escape in a string: expected \\u followed by 4 hex digits")
					return ""
				}
				p += 6
				if utf16.IsSurrogate(r) {
					r2, ok2 := rune(-1), false
					if p+1 < len(src) && src[p] == '\\' && src[p+1] == 'u' {
						r2, ok2 = hex4(src, p+2)
					}
					if dec := utf16.DecodeRune(r, r2); ok2 && dec != utf8.RuneError {
						r = dec
						p += 6
					} else {
						r = utf8.RuneError
					}
				}
				out = utf8.AppendRune(out, r)
			default:
				s.fail(p, "invalid escape '\\%s' in a string: expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX", string(rune(e)))
				return ""
			}
		case c < 0x80:
			out = append(out, c)
			p++
		default:
			r, size := utf8.DecodeRune(src[p:])
			if r == utf8.RuneError && size == 1 && (len(s.badUTF8) == 0 || s.badUTF8[len(s.badUTF8)-1] < start) {
				s.badUTF8 = append(s.badUTF8, p)
			}
			out = utf8.AppendRune(out, r)
			p += size
		}
	}
	s.fail(len(src), "unexpected end of file in a string: expected '\"'")
	return ""
}

func hex4(src []byte, p int) (rune, bool) {
	if p+4 > len(src) {
		return 0, false
	}
	var r rune
	for _, c := range src[p : p+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// skipValue returns the offset just after the value starting at off (which parsed without
// error), for slicing raw JSON out of the source.
func skipValue(src []byte, off int) int {
	s := &scanner{src: src, pos: off}
	s.skipRaw()
	return s.pos
}

// skipRaw advances over one value without building it.
func (s *scanner) skipRaw() {
	s.skipWS()
	if s.pos >= len(s.src) {
		return
	}
	switch s.src[s.pos] {
	case '{', '[':
		depth := 0
		for s.pos < len(s.src) {
			switch s.src[s.pos] {
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					s.pos++
					return
				}
			case '"':
				s.skipString()
				continue
			}
			s.pos++
		}
	case '"':
		s.skipString()
	default:
		for s.pos < len(s.src) {
			switch s.src[s.pos] {
			case ',', '}', ']', ' ', '\t', '\n', '\r':
				return
			}
			s.pos++
		}
	}
}

func (s *scanner) skipString() {
	s.pos++
	for s.pos < len(s.src) {
		switch s.src[s.pos] {
		case '\\':
			s.pos += 2
			continue
		case '"':
			s.pos++
			return
		}
		s.pos++
	}
}
