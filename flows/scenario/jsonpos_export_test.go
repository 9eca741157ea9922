package scenario

import "testing"

func TestPointerPositionAndSpan(t *testing.T) {
	data := []byte("{\n  \"a\": 1,\n  \"b/c\": {\"d\": [true, \"x\"]}\n}\n")
	tests := []struct {
		pointer   string
		line, col int
		value     string
		hasSpan   bool
	}{
		{"/a", 2, 8, "1", true},
		{"/b~1c/d/1", 3, 23, `"x"`, true},
		{"/b~1c/e", 3, 10, "", false}, // missing: the nearest ancestor's position
		{"", 1, 1, string(data), true},
	}
	for _, tt := range tests {
		line, col := PointerPosition(data, tt.pointer)
		if line != tt.line || col != tt.col {
			t.Errorf("PointerPosition(%q) = %d:%d, want %d:%d", tt.pointer, line, col, tt.line, tt.col)
		}
		s, e, ok := ValueSpan(data, tt.pointer)
		if ok != tt.hasSpan || ok && string(data[s:e]) != tt.value {
			t.Errorf("ValueSpan(%q) = %q, %v", tt.pointer, data[s:e], ok)
		}
	}
}
