package expressions

import "unicode"

// The reference's expression lexer doesn't take names from Unicode's letter and digit categories
// but from a fixed table of ranges over the Basic Multilingual Plane only: coarse ranges that take
// in unassigned code points, symbols and punctuation between letters (so `a²` and `x·y` are names),
// and nothing beyond U+FFFF (so the mathematical letter in `a𝕪` is an error). These tables hold
// those ranges above ASCII, as measured on the reference: nameStartRunes may begin a name and,
// with nameDigitRunes, continue one. ASCII names are [A-Za-z_][A-Za-z0-9_]*.
var nameStartRunes = &unicode.RangeTable{
	R16: []unicode.Range16{
		{Lo: 0x00aa, Hi: 0x00f6, Stride: 1},
		{Lo: 0x00f8, Hi: 0x1fb4, Stride: 1},
		{Lo: 0x1fb6, Hi: 0x1fcc, Stride: 1},
		{Lo: 0x1fd0, Hi: 0x1fd3, Stride: 1},
		{Lo: 0x1fd6, Hi: 0x1fdb, Stride: 1},
		{Lo: 0x1fe0, Hi: 0x1fec, Stride: 1},
		{Lo: 0x1ff2, Hi: 0x1ff4, Stride: 1},
		{Lo: 0x1ff6, Hi: 0x1ffc, Stride: 1},
		{Lo: 0x2071, Hi: 0x207f, Stride: 1},
		{Lo: 0x2090, Hi: 0x209c, Stride: 1},
		{Lo: 0x2102, Hi: 0x2107, Stride: 1},
		{Lo: 0x210a, Hi: 0x2113, Stride: 1},
		{Lo: 0x2115, Hi: 0x211d, Stride: 1},
		{Lo: 0x2124, Hi: 0x212d, Stride: 1},
		{Lo: 0x212f, Hi: 0x2139, Stride: 1},
		{Lo: 0x213c, Hi: 0x213f, Stride: 1},
		{Lo: 0x2145, Hi: 0x2184, Stride: 1},
		{Lo: 0x2c00, Hi: 0x2c2e, Stride: 1},
		{Lo: 0x2c30, Hi: 0x2c5e, Stride: 1},
		{Lo: 0x2c60, Hi: 0xa6e5, Stride: 1},
		{Lo: 0xa717, Hi: 0xa71f, Stride: 1},
		{Lo: 0xa722, Hi: 0xa788, Stride: 1},
		{Lo: 0xa78b, Hi: 0xa78e, Stride: 1},
		{Lo: 0xa790, Hi: 0xa7ad, Stride: 1},
		{Lo: 0xa7b0, Hi: 0xa7b1, Stride: 1},
		{Lo: 0xa7f7, Hi: 0xab5a, Stride: 1},
		{Lo: 0xab5c, Hi: 0xab5f, Stride: 1},
		{Lo: 0xab64, Hi: 0xab65, Stride: 1},
		{Lo: 0xabc0, Hi: 0xabe2, Stride: 1},
		{Lo: 0xac00, Hi: 0xd7a3, Stride: 1},
		{Lo: 0xd7b0, Hi: 0xd7c6, Stride: 1},
		{Lo: 0xd7cb, Hi: 0xd7fb, Stride: 1},
		{Lo: 0xf900, Hi: 0xfa6d, Stride: 1},
		{Lo: 0xfa70, Hi: 0xfad9, Stride: 1},
		{Lo: 0xfb00, Hi: 0xfb06, Stride: 1},
		{Lo: 0xfb13, Hi: 0xfb17, Stride: 1},
		{Lo: 0xfb1d, Hi: 0xfb28, Stride: 1},
		{Lo: 0xfb2a, Hi: 0xfb36, Stride: 1},
		{Lo: 0xfb38, Hi: 0xfb3c, Stride: 1},
		{Lo: 0xfb3e, Hi: 0xfbb1, Stride: 1},
		{Lo: 0xfbd3, Hi: 0xfd3d, Stride: 1},
		{Lo: 0xfd50, Hi: 0xfd8f, Stride: 1},
		{Lo: 0xfd92, Hi: 0xfdc7, Stride: 1},
		{Lo: 0xfdf0, Hi: 0xfdfb, Stride: 1},
		{Lo: 0xfe70, Hi: 0xfe74, Stride: 1},
		{Lo: 0xfe76, Hi: 0xfefc, Stride: 1},
		{Lo: 0xff21, Hi: 0xff3a, Stride: 1},
		{Lo: 0xff41, Hi: 0xff5a, Stride: 1},
		{Lo: 0xff66, Hi: 0xffbe, Stride: 1},
		{Lo: 0xffc2, Hi: 0xffc7, Stride: 1},
		{Lo: 0xffca, Hi: 0xffcf, Stride: 1},
		{Lo: 0xffd2, Hi: 0xffd7, Stride: 1},
		{Lo: 0xffda, Hi: 0xffdc, Stride: 1},
	},
}

// nameDigitRunes may continue a name but not begin one.
var nameDigitRunes = &unicode.RangeTable{
	R16: []unicode.Range16{
		{Lo: 0xabf0, Hi: 0xabf9, Stride: 1},
		{Lo: 0xff10, Hi: 0xff19, Stride: 1},
	},
}

// isNameStart says whether r may begin a name in an expression.
func isNameStart(r rune) bool {
	if r < 0x80 {
		return r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
	}
	return unicode.Is(nameStartRunes, r)
}

// isNameChar says whether r may continue a name in an expression.
func isNameChar(r rune) bool {
	if r < 0x80 {
		return r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	}
	return unicode.Is(nameStartRunes, r) || unicode.Is(nameDigitRunes, r)
}
