package suggest

import "testing"

func TestDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"abc", "", 3}, {"kitten", "sitting", 3}, {"queue", "queue", 0}, {"Sales", "Sale", 1},
	} {
		if got := Distance(tc.a, tc.b); got != tc.want {
			t.Errorf("%q %q: %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestNearest(t *testing.T) {
	names := []string{"Support", "Sales", "Everyone"}
	for _, tc := range []struct{ in, want string }{
		{"Suport", "Support"}, {"sales", "Sales"}, {"Evryone", "Everyone"}, {"Billing", ""}, {"", ""},
	} {
		if got := Nearest(tc.in, names); got != tc.want {
			t.Errorf("%q: %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := Nearest("x", nil); got != "" {
		t.Errorf("no candidates: %q", got)
	}
}
