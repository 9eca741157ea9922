package flows

import "testing"

func TestSentence(t *testing.T) {
	tests := []struct{ in, want string }{
		{"an exit leads nowhere", "An exit leads nowhere."},
		{"  ends with a stop.  ", "Ends with a stop."},
		{"élan first", "Élan first."},
		{"Already one.", "Already one."},
		{"", ""},
		{"   ", ""},
	}
	for _, tt := range tests {
		if got := Sentence(tt.in); got != tt.want {
			t.Errorf("Sentence(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
