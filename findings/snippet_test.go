package findings

import (
	"strings"
	"testing"
)

func TestSourceLine(t *testing.T) {
	long := `{"x": "` + strings.Repeat("y", 300) + `"}`
	src := []byte("{\n\t\"name\": 5\r\n}\n" + long + "\n" + strings.Repeat("é", 150))
	tests := []struct {
		line, col  int
		text       string
		marker, ok int // ok: 1 true, 0 false
	}{
		{2, 10, ` "name": 5`, 9, 1},
		{1, 1, "{", 0, 1},
		{1, 99, "{", 1, 1}, // past the end: marker after the last character
		{4, 200, "…" + strings.Repeat("y", 100) + "…", 51, 1},
		{4, 1, long[:100] + "…", 0, 1},
		{5, 151, "…" + strings.Repeat("é", 50) + "…", 26, 1}, // byte columns, cut on rune boundaries
		{0, 1, "", 0, 0},
		{9, 1, "", 0, 0},
	}
	for _, tt := range tests {
		text, marker, ok := NewLines(src).Snippet(tt.line, tt.col)
		if text != tt.text || marker != tt.marker || ok != (tt.ok == 1) {
			t.Errorf("Snippet(%d, %d) = %q, %d, %v; want %q, %d, %v", tt.line, tt.col, text, marker, ok, tt.text, tt.marker, tt.ok == 1)
		}
	}
}
