package jsontree

import (
	"fmt"
	"strings"
	"testing"
)

func TestLint(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // "offset pointer: message"
	}{
		{"clean", `{"a": "é", "b": [{"a": 1}, {"a": 2}]}`, nil},
		{"duplicate key", `{"a": 1, "b": {"c": 2, "c": 3}}`,
			[]string{`23 /b/c: key "c" appears twice in this object: this later value is used and the earlier one ignored (expected each key once)`}},
		{"escaped key", `{"a/b": 1, "a/b": 2}`,
			[]string{`11 /a~1b: key "a/b" appears twice in this object: this later value is used and the earlier one ignored (expected each key once)`}},
		{"invalid UTF-8 in values and a key", "{\"a\": [\"ok\", \"x\xffy\"], \"\xfe\": \"\xc3(\"}",
			[]string{"15 /a/1: byte 0xff isn't UTF-8 (and 2 more strings): it reads as U+FFFD (\ufffd), as in the reference engine; expected UTF-8 text (save the file as UTF-8)"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			root, err := Parse([]byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, n := range Lint(root) {
				got = append(got, fmt.Sprintf("%d %s: %s", n.Offset, n.Pointer, n.Msg))
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
	root, _ := Parse([]byte("{" + strings.Repeat(`"a": 1, `, 30) + `"b": 2}`))
	notes := Lint(root)
	if len(notes) != 20 || !strings.HasSuffix(notes[19].Msg, "(9 more keys are repeated in this file)") {
		t.Errorf("%d notes, the last %q", len(notes), notes[len(notes)-1].Msg)
	}
}
