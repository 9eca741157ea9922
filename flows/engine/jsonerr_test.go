package engine

import (
	"encoding/json"
	"errors"
	"math"
	"testing"
	"time"
)

func TestDecodeJSON(t *testing.T) {
	type inner struct {
		Count int  `json:"count"`
		On    bool `json:"on"`
	}
	type step struct {
		At time.Time `json:"at"`
	}
	type doc struct {
		Name  string            `json:"name"`
		List  []string          `json:"list"`
		Inner inner             `json:"inner"`
		Map   map[string]string `json:"map"`
		Ratio float64           `json:"ratio"`
		Steps []step            `json:"steps"`
		When  *time.Time        `json:"when"`
	}
	tests := []struct{ name, src, pointer, want string }{
		{"valid", `{"name": "x", "list": ["a"], "inner": {"count": 2}, "steps": [{"at": "2025-01-01T00:00:00Z"}]}`, "", ""},
		{"syntax", "{\n  \"name\": x}", "", "2:11: invalid JSON: unexpected 'x': expected a JSON value"},
		{"cut short", `{"name": "x"`, "", "1:13: invalid JSON: unexpected end of input: expected ',' or '}'"},
		{"string wanted", `{"name": 5}`, "/name", "1:10: /name: expected a string, got the number 5"},
		{"list wanted", `{"list": "a"}`, "/list", `1:10: /list: expected a list, got "a"`},
		{"in a list", `{"list": ["a", 2]}`, "/list/1", `1:16: /list/1: expected a string, got the number 2`},
		{"nested whole number", `{"inner": {"count": 1.5}}`, "/inner/count", "1:21: /inner/count: expected a whole number, got the number 1.5"},
		{"bool wanted", `{"inner": {"on": "yes"}}`, "/inner/on", `1:18: /inner/on: expected true or false, got "yes"`},
		{"number wanted", `{"ratio": []}`, "/ratio", "1:11: /ratio: expected a number, got an array"},
		{"map value", `{"map": {"a": "x", "b/c": null, "d": {}}}`, "/map/d", "1:38: /map/d: expected a string, got an object"},
		{"object wanted", `[1]`, "", "1:1: expected an object, got an array"},
		// Go's own errors for these name its types (Time.UnmarshalJSON, parsing time ...)
		{"a time that isn't one", "{\"steps\": [{\"at\": \"2025-01-01T00:00:00Z\"},\n {\"at\": \"yesterday\"}]}", "/steps/1/at", `2:9: /steps/1/at: expected a time like 2025-05-04T12:30:45Z, got "yesterday"`},
		{"a time that is a number", `{"when": 3}`, "/when", "1:10: /when: expected a time like 2025-05-04T12:30:45Z, got the number 3"},
		{"a key in another case", `{"NAME": 5}`, "/NAME", "1:10: /NAME: expected a string, got the number 5"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var d doc
			err := DecodeJSON([]byte(tc.src), &d)
			got := ""
			if err != nil {
				got = err.Error()
				var ie *InputError
				if !errors.As(err, &ie) {
					t.Fatalf("%T is not an *InputError", err)
				}
				if ie.Pointer != tc.pointer {
					t.Errorf("pointer %q, want %q", ie.Pointer, tc.pointer)
				}
			}
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestEncodeError: what can't be written as JSON is said without Go's type names.
func TestEncodeError(t *testing.T) {
	late := time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		value any
		want  string
	}{
		{"a time past 9999", struct {
			At time.Time `json:"at"`
		}{late}, "a time in it falls outside the years 0 to 9999 that JSON timestamps can hold"},
		{"a time before year 0", map[string]*time.Time{"at": ptrTo(time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC))}, "a time in it falls outside the years 0 to 9999 that JSON timestamps can hold"},
		{"not a number", []float64{math.NaN()}, "the value NaN has no JSON form"},
		{"a type's own error", failingMarshaler{}, "the value is broken"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := json.Marshal(tc.value)
			if err == nil {
				t.Fatal("no error")
			}
			if got := EncodeError(err); got != tc.want {
				t.Errorf("%q\nwant %q (from %q)", got, tc.want, err)
			}
		})
	}
}

func ptrTo[T any](v T) *T { return &v }

type failingMarshaler struct{}

func (failingMarshaler) MarshalJSON() ([]byte, error) { return nil, errors.New("the value is broken") }
