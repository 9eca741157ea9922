package jsontree

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestParseMatchesEncodingJSON(t *testing.T) {
	for _, src := range []string{
		`{"a": [1, 2.5, -3e2, true, false, null], "b": {"c": "d\"e\\f\u00e9\ud83d\ude00"}}`,
		`[]`, `{}`, `"x"`, `0`, `[[[]]]`,
		`{"dup": 1, "dup": 2}`,
	} {
		n, err := Parse([]byte(src))
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		var want any
		if err := json.Unmarshal([]byte(src), &want); err != nil {
			t.Fatal(err)
		}
		if got := n.Interface(); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %#v, want %#v", src, got, want)
		}
	}
}

func TestSyntaxErrors(t *testing.T) {
	for _, tc := range []struct {
		src  string
		off  int
		want string
	}{
		{`{"a": }`, 6, `unexpected '}': expected a JSON value`},
		{`{"a" 1}`, 5, `expected ':'`},
		{`[1 2]`, 3, `expected ',' or ']'`},
		{`{"a": 1,}`, 8, `expected a quoted key`},
		{`"abc`, 0, `unterminated string`},
		{`01`, 0, `can't start with 0`},
		{`{} x`, 3, `after the end of the JSON value`},
		{`"\x"`, 1, `unknown escape "\\x"`},
		{"\"a\nb\"", 2, `control character`},
		{``, 0, `unexpected end of input`},
	} {
		_, err := Parse([]byte(tc.src))
		if err == nil {
			t.Errorf("%q: no error", tc.src)
			continue
		}
		if err.Offset != tc.off || !strings.Contains(err.Msg, tc.want) {
			t.Errorf("%q: got %d %q, want %d containing %q", tc.src, err.Offset, err.Msg, tc.off, tc.want)
		}
	}
}

func TestPositions(t *testing.T) {
	src := []byte("{\n  \"k\": [10, \"s\"]\n}")
	n, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	v := n.Get("k")
	if string(v.Raw()) != `[10, "s"]` {
		t.Errorf("raw %q", v.Raw())
	}
	if got := string(src[v.Items[1].Start:v.Items[1].End]); got != `"s"` {
		t.Errorf("span %q", got)
	}
}

func TestStrOffsetMapsThroughEscapes(t *testing.T) {
	// The decoded string is: a == "b" AND é == 'x'
	src := []byte(`"a == \"b\" AND \u00e9 == 'x'"`)
	n, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		decoded string // the text that starts at the decoded offset
		raw     string // the source text that must start at the mapped offset
	}{
		{"a ==", "a =="},
		{`"b"`, `\"b\"`},
		{"AND", "AND"},
		{"é", `\u00e9`},
		{"'x'", "'x'"},
	} {
		i := strings.Index(n.Text, tc.decoded)
		off := n.StrOffset(i)
		if !strings.HasPrefix(string(src[off:]), tc.raw) {
			t.Errorf("%q: mapped to %q", tc.decoded, src[off:])
		}
	}
	if off := n.StrOffset(len(n.Text)); off != len(src)-1 {
		t.Errorf("end maps to %d, want the closing quote %d", off, len(src)-1)
	}
}

func TestPointerToken(t *testing.T) {
	if got := EscapePointerToken("a/b~c"); got != "a~1b~0c" {
		t.Errorf("got %q", got)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"task_routing": {"filters": [{"expression": "a == \"b\""}]}}`))
	f.Add([]byte(`[1, "\ud83d\ude00", {"x": null}]`))
	f.Fuzz(func(t *testing.T, src []byte) {
		n, err := Parse(src)
		var v any
		jerr := json.Unmarshal(src, &v)
		if (err == nil) != (jerr == nil) {
			// encoding/json also refuses invalid UTF-8 nowhere; both must agree on validity
			// of the grammar itself.
			t.Fatalf("Parse err %v, encoding/json err %v", err, jerr)
		}
		if err == nil {
			var walk func(*Node)
			walk = func(n *Node) {
				if n.Kind == String {
					for i := 0; i <= len(n.Text); i++ {
						if off := n.StrOffset(i); off < n.Start || off >= n.End {
							t.Fatalf("StrOffset(%d) = %d outside [%d,%d)", i, off, n.Start, n.End)
						}
					}
				}
				for _, it := range n.Items {
					walk(it)
				}
				for _, m := range n.Members {
					walk(m.Value)
				}
			}
			walk(n)
		}
	})
}
