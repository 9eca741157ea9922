package runtime

import "testing"

func TestResponseJSON(t *testing.T) {
	tests := []struct {
		name, body, want string
		isNil            bool
	}{
		{"JSON as it is", `{"a": 1}`, `{"a": 1}`, false},
		{"empty", "", "", true},
		{"not JSON", "ok", "", true},
		{"escaped NUL dropped", `["x\u0000y"]`, `["xy"]`, false},
		{"escaped backslash kept", `["x\\u0000y"]`, `["x\\u0000y"]`, false},
		{"odd backslashes", `["\\\\\u0000"]`, `["\\\\"]`, false},
		{"only the NUL of a longer run of zeros", `["\u00000"]`, `["0"]`, false},
		{"NUL byte dropped", "[\"a\x00\"]\x00", `["a"]`, false},
		{"invalid UTF-8 dropped", "[\"a\xff\"]", `["a"]`, false},
		{"capital U is no escape", `["\U0000"]`, "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := ResponseJSON([]byte(tc.body))
			if (got == nil) != tc.isNil || string(got) != tc.want {
				t.Errorf("got %q (nil %v), want %q (nil %v)", got, got == nil, tc.want, tc.isNil)
			}
		})
	}
}
