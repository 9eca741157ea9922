package read_test

import (
	"strings"
	"testing"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/read"
)

// TestEncodingWarnings: duplicate keys and invalid UTF-8 are read as the reference engine reads
// them (the later value; U+FFFD) and reported as warnings at their place.
func TestEncodingWarnings(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"clean", `{"a": "é", "b": {"a": 1}}`, nil},
		{"duplicate key", "{\"a\": 1,\n \"b\": 2, \"a\": 3}",
			[]string{`2:10 syntax/duplicate-key /a: key "a" appears twice in this object: this later value is used and the earlier one ignored (expected each key once)`}},
		{"duplicate key deeper", `{"flows": [{"x": {"k~/": 1, "k~/": 2}}]}`,
			[]string{`1:29 syntax/duplicate-key /flows/0/x/k~0~1: key "k~/" appears twice in this object: this later value is used and the earlier one ignored (expected each key once)`}},
		{"a key three times", `{"a": 1, "a": 2, "a": 3}`, []string{
			`1:10 syntax/duplicate-key /a: key "a" appears twice in this object: this later value is used and the earlier one ignored (expected each key once)`,
			`1:18 syntax/duplicate-key /a: key "a" appears twice in this object: this later value is used and the earlier one ignored (expected each key once)`}},
		{"invalid UTF-8", "{\"a\": [\"ok\", \"x\xffy\"]}",
			[]string{"1:16 syntax/invalid-utf8 /a/1: byte 0xff isn't UTF-8: it reads as U+FFFD (\ufffd), as in the reference engine; expected UTF-8 text (save the file as UTF-8)"}},
		{"invalid UTF-8 after an escape, and in a key", "{\"a\": \"\\n\xc3(\", \"\xfe\": 1}",
			[]string{"1:10 syntax/invalid-utf8 /a: byte 0xc3 isn't UTF-8 (and 1 more strings): it reads as U+FFFD (\ufffd), as in the reference engine; expected UTF-8 text (save the file as UTF-8)"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := read.Read("x.json", []byte(tc.src))
			var got []string
			for _, f := range doc.Findings {
				if strings.HasPrefix(f.Code, "syntax/") {
					if f.Severity != flows.SeverityWarning {
						t.Errorf("%s is an error; the reference reads the file", f.Code)
					}
					got = append(got, finding(f))
				}
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
	// many repeated keys: the first few, and a count of the rest
	src := "{" + strings.Repeat(`"a": 1, `, 50) + `"b": 2}`
	n := 0
	last := ""
	for _, f := range read.Read("x.json", []byte(src)).Findings {
		if f.Code == read.CodeDuplicateKey {
			n, last = n+1, f.Message
		}
	}
	if n != 20 || !strings.HasSuffix(last, "(29 more keys are repeated in this file)") {
		t.Errorf("%d findings, the last %q; want 20, the last counting 29 more", n, last)
	}
}
