package runtime

import "testing"

func TestContactRef(t *testing.T) {
	custom := [4]uint32{1, 2, 3, 4000000000}
	tests := []struct {
		id   int64
		key  [4]uint32
		want string
	}{
		{1, DefaultObfuscationKey, "E2E6MX"},
		{2, DefaultObfuscationKey, "3MWB69"},
		{100, DefaultObfuscationKey, "BH9L9V"},
		{73608, DefaultObfuscationKey, "7GMEMW"},
		// from 32⁶ on the code has 7 characters
		{1073741825, custom, "QWGCG5F"},
		{0, DefaultObfuscationKey, ""},
		{99999999999, DefaultObfuscationKey, ""},
	}
	for _, tc := range tests {
		if got := ContactRef(tc.id, tc.key); got != tc.want {
			t.Errorf("ContactRef(%d, %v) = %q, want %q", tc.id, tc.key, got, tc.want)
		}
	}
}
