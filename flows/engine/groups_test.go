package engine

import (
	"encoding/json"
	"testing"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
)

func TestMatchQuery(t *testing.T) {
	var c runtime.Contact
	if err := json.Unmarshal([]byte(`{"uuid": "c", "name": "Bob", "language": "eng", "status": "active",
		"urns": ["tel:+250781234567", "mailto:bob@example.com"],
		"fields": {"gender": {"text": "Male"}, "age": {"text": "64", "number": 64},
		"district": {"text": "gasabo", "state": "Rwanda > Kigali City", "district": "Rwanda > Kigali City > Gasabo"}}}`), &c); err != nil {
		t.Fatal(err)
	}
	s := &Session{Contact: &c, eng: New(flows.NewAssets(), Options{})}
	tests := []struct {
		query string
		want  bool
	}{
		{`gender = male`, true},
		{`gender = Female`, false},
		{`gender != ""`, true},
		{`state = ""`, true},
		{`age <= 18`, false},
		{`age > 50 AND gender = male`, true},
		{`age > 50 and gender = female`, false},
		{`age > 70 OR name = bob`, true},
		{`tel ~ "25078"`, true},
		{`mailto = "bob@example.com"`, true},
		{`twitter = ""`, true},
		{`gender != "" AND (age = "" OR tel ~ "25078")`, true},
		{`(age = "" OR tel ~ "99")`, false},
		{`district = gasabo`, true},
		{`language = fra`, false},
		{`tickets > 0`, false},
		{`name ~ "bo"`, true},
		{`age >`, false},
		{`(gender = male`, false},
		{``, false},
	}
	for _, tc := range tests {
		if got := s.matchQuery(tc.query); got != tc.want {
			t.Errorf("%q: got %v, want %v", tc.query, got, tc.want)
		}
	}
}
