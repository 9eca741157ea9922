package textsafe

import "testing"

func TestLine(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"send_msg", "send_msg"},
		{"¿Cómo te llamas? 👋", "¿Cómo te llamas? 👋"},
		{"a\tb", "a\tb"},
		{"send_msg\n::error file=a.json,line=1::pwned", `send_msg\n::error file=a.json,line=1::pwned`},
		{"x\r\nprogress", `x\r\nprogress`},
		{"\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`},
		{"bell\x07 del\x7f nul\x00", `bell\x07 del\x7f nul\x00`},
		{"c1\u0085next", `c1\u0085next`},
		{"line\u2028sep\u2029", `line\u2028sep\u2029`},
		{"abc\u202edcba\u2066x\u2069", `abc\u202edcba\u2066x\u2069`},
		{"bad \xff\xfe utf-8", `bad \xff\xfe utf-8`},
		{"", ""},
	} {
		if got := Line(tc.in); got != tc.want {
			t.Errorf("Line(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestLines(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"flow.json can't be run:\n  1:2: bad [code]", "flow.json can't be run:\n  1:2: bad [code]"},
		{"unknown type 'x\n::error file=a,line=1::pwned'", "unknown type 'x\n\\::error file=a,line=1::pwned'"},
		{"a\n   ::warning::x\r", "a\n\\   ::warning::x\\r"},
		{"keeps the 10:30 time and ::s mid-line", "keeps the 10:30 time and ::s mid-line"},
		{"\x1b]0;title\x07", `\x1b]0;title\x07`},
	} {
		if got := Lines(tc.in); got != tc.want {
			t.Errorf("Lines(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"line\r\nnext", "line\r\nnext"},
		{"\x1b[31mred\u202e", `\x1b[31mred\u202e`},
	} {
		if got := Text(tc.in); got != tc.want {
			t.Errorf("Text(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
