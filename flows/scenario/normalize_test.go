package scenario

import (
	"fmt"
	"reflect"
	"testing"
)

func TestMasking(t *testing.T) {
	known := KnownUUIDs([]byte(`{"contact": "22222222-2222-4222-8222-222222222222", "x": "AAAAAAAA-2222-4222-8222-222222222222"}`))
	if !reflect.DeepEqual(known, map[string]bool{"22222222-2222-4222-8222-222222222222": true}) {
		t.Errorf("known %v: upper-case hex is not a UUID here, as in the conformance scripts", known)
	}
	n := &normalizer{known: []map[string]bool{known}}
	tests := []struct{ in, want string }{
		{"22222222-2222-4222-8222-222222222222", "22222222-2222-4222-8222-222222222222"},
		{"0197aaaa-0000-7000-8000-000000000001", "<uuid>"},
		{"run 0197aaaa-0000-7000-8000-000000000001/22222222-2222-4222-8222-222222222222 x", "run <uuid>/22222222-2222-4222-8222-222222222222 x"},
		{"0197aaaa-0000-7000-8000-0000000000010197aaaa-0000-7000-8000-000000000001", "<uuid><uuid>"},
		{"0197aaaa-0000-7000-8000-00000000000", "0197aaaa-0000-7000-8000-00000000000"},
		{"x0197aaaa-0000-7000-8000-000000000001", "x<uuid>"},
		{"2025-05-04T12:30:50.123456789Z", "<time>"},
		{"2025-05-04T12:30:50+02:00", "<time>"},
		{"2025-05-04T12:30:50", "2025-05-04T12:30:50"},
		{"on 2025-05-04T12:30:50Z", "on 2025-05-04T12:30:50Z"},
		{"", ""},
	}
	for _, tc := range tests {
		if got := n.value(tc.in); got != tc.want {
			t.Errorf("%q → %q, want %q", tc.in, got, tc.want)
		}
	}
	strict := &normalizer{strict: true, known: []map[string]bool{known}}
	if got := strict.value("0197aaaa-0000-7000-8000-000000000001"); got != "0197aaaa-0000-7000-8000-000000000001" {
		t.Errorf("strict masked %q", got)
	}
}

func TestSameJSON(t *testing.T) {
	known := map[string]bool{"a1f8e5c2-0000-4000-8000-000000000001": true}
	gen1, gen2 := "01969b47-190b-70e1-a1bd-23263e663564", "01969b47-190b-770b-a299-491f7dbabd31"
	tests := []struct {
		name      string
		a, b      string
		want      bool // non-strict
		wantStrct bool
	}{
		{"spacing", `{"type": "msg_created", "n": 1}`, `{"type":"msg_created","n":1}`, true, true},
		{"generated UUIDs", `{"uuid": "` + gen1 + `"}`, `{"uuid":"` + gen2 + `"}`, true, false},
		{"times", `{"t": "2025-05-04T12:30:45.123Z"}`, `{"t":"2026-01-01T00:00:00Z"}`, true, false},
		{"a known UUID", `{"flow": "a1f8e5c2-0000-4000-8000-000000000001"}`, `{"flow":"` + gen2 + `"}`, false, false},
		{"a UUID as a key", `{"` + gen1 + `": 1}`, `{"` + gen2 + `":1}`, false, false},
		{"numbers as written", `{"n": 1.0}`, `{"n":1}`, false, false},
		{"key order", `{"a": 1, "b": 2}`, `{"b":2,"a":1}`, false, false},
		{"escapes", `{"s": "a\"b\r\n"}`, `{"s":"a\"b\r\n"}`, true, true},
		{"escapes written differently", `{"s": "\u00e9\/"}`, `{"s":"é/"}`, true, true},
		{"escapes that differ", `{"s": "a\"b"}`, `{"s":"a\"c"}`, false, false},
		{"a longer text", `{"s": "ab"}`, `{"s":"abc"}`, false, false},
		{"one is cut short", `{"s": "ab"}`, `{"s":"ab"`, false, false},
	}
	for _, tc := range tests {
		for _, strict := range []bool{false, true} {
			n := &normalizer{strict: strict, known: []map[string]bool{known}}
			want := tc.want
			if strict {
				want = tc.wantStrct
			}
			got := n.sameJSON([]byte(tc.a), []byte(tc.b))
			if got != want {
				t.Errorf("%s (strict %v): %v, want %v", tc.name, strict, got, want)
			}
			// never "same" where the decoded comparison sees a difference
			if got && fmt.Sprint(n.decode([]byte(tc.a))) != fmt.Sprint(n.decode([]byte(tc.b))) {
				t.Errorf("%s (strict %v): same by bytes, different decoded", tc.name, strict)
			}
		}
	}
}
