package scenario

import (
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
