package engine

import "testing"

func TestDecodeJSON(t *testing.T) {
	type inner struct {
		Count int  `json:"count"`
		On    bool `json:"on"`
	}
	type doc struct {
		Name  string            `json:"name"`
		List  []string          `json:"list"`
		Inner inner             `json:"inner"`
		Map   map[string]string `json:"map"`
		Ratio float64           `json:"ratio"`
	}
	tests := []struct{ name, src, want string }{
		{"valid", `{"name": "x", "list": ["a"], "inner": {"count": 2}}`, ""},
		{"syntax", "{\n  \"name\": x}", "2:11: invalid JSON: invalid character 'x' looking for beginning of value"},
		{"cut short", `{"name": "x"`, "1:13: invalid JSON: unexpected end: the JSON is cut short"},
		{"string wanted", `{"name": 5}`, "1:10: /name: expected a string, got number"},
		{"list wanted", `{"list": "a"}`, "1:12: /list: expected a list, got string"},
		{"nested whole number", `{"inner": {"count": 1.5}}`, "1:23: /inner/count: expected a whole number, got number 1.5"},
		{"bool wanted", `{"inner": {"on": "yes"}}`, "1:22: /inner/on: expected true or false, got string"},
		{"number wanted", `{"ratio": []}`, "1:11: /ratio: expected a number, got array"},
		{"object wanted", `[1]`, "1:1: the value: expected an object, got array"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var d doc
			err := DecodeJSON([]byte(tc.src), &d)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
