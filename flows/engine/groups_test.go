package engine

import (
	"encoding/json"
	"reflect"
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
	assets := flows.NewAssets()
	for key, typ := range map[string]string{"gender": "text", "age": "number", "district": "district", "state": "state"} {
		assets.Add(&flows.Asset{Kind: flows.AssetField, Identity: key, Name: key, Extra: map[string]any{"type": typ}})
	}
	s := &Session{Contact: &c, eng: New(assets, Options{})}
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
		// word operators, explicit property types and bare values (conditions on the name)
		{`gender is male`, true},
		{`name has ryan`, false},
		{`name has bob`, true},
		{`fields.gender = male`, true},
		{`urns.tel ~ 25078`, true},
		{`bob`, true},
		{`alice`, false},
		{`bob AND age > 60`, true},
	}
	for _, tc := range tests {
		if got := s.matchQuery(tc.query); got != tc.want {
			t.Errorf("%q: got %v, want %v", tc.query, got, tc.want)
		}
	}
}

// TestMatchQueryDates: date conditions compare whole days in the environment's time zone, over
// created_on, last_seen_on and datetime fields.
func TestMatchQueryDates(t *testing.T) {
	var c runtime.Contact
	if err := json.Unmarshal([]byte(`{"uuid": "c", "status": "active", "created_on": "2018-06-20T11:40:30Z",
		"fields": {"birth": {"text": "2001-03-04", "datetime": "2001-03-04T23:30:00Z"}, "nick": {"text": "2001-03-04"}}}`), &c); err != nil {
		t.Fatal(err)
	}
	assets := flows.NewAssets()
	assets.Add(&flows.Asset{Kind: flows.AssetField, Identity: "birth", Name: "Birth", Extra: map[string]any{"type": "datetime"}})
	assets.Add(&flows.Asset{Kind: flows.AssetField, Identity: "nick", Name: "Nick", Extra: map[string]any{"type": "text"}})
	s := &Session{Contact: &c, eng: New(assets, Options{})}
	tests := []struct {
		query string
		want  bool
	}{
		{`created_on > 2017-01-01`, true},
		{`created_on < 2017-01-01`, false},
		{`created_on = 2018-06-20`, true},
		{`created_on > 2018-06-20`, false},
		{`created_on >= 2018-06-20`, true},
		{`created_on <= 2018-06-20`, true},
		{`created_on != 2018-06-20`, false},
		{`last_seen_on = ""`, true},
		{`last_seen_on > 2000-01-01`, false},
		{`birth > 2000-01-01`, true},
		{`birth = 2001-03-04`, true},
		{`birth = "not a date"`, false},
		{`birth != ""`, true},
		// a text field compares as text, not as a date
		{`nick = 2001-03-04`, true},
		{`nick > 2000-01-01`, false},
	}
	for _, tc := range tests {
		if got := s.matchQuery(tc.query); got != tc.want {
			t.Errorf("%q: got %v, want %v", tc.query, got, tc.want)
		}
	}
}

// TestGroupsJoinedInAssetOrder: groups joined at once are reported in the assets' order.
func TestGroupsJoinedInAssetOrder(t *testing.T) {
	assets := flows.NewAssets()
	for _, g := range []struct{ uuid, name string }{{"g3", "Zebras"}, {"g1", "Apes"}, {"g2", "Moles"}} {
		assets.Add(&flows.Asset{Kind: flows.AssetGroup, Identity: g.uuid, Name: g.name, Extra: map[string]any{"query": `tickets = 0`}})
	}
	s := &Session{Contact: &runtime.Contact{UUID: "c", Status: runtime.StatusActive}, eng: New(assets, Options{})}
	var got []string
	s.refreshGroups(func(e runtime.Event) {
		for _, g := range e.(*runtime.ContactGroupsChanged).GroupsAdded {
			got = append(got, g.Name)
		}
	}, false)
	if want := []string{"Zebras", "Apes", "Moles"}; !reflect.DeepEqual(got, want) {
		t.Errorf("joined %v, want %v", got, want)
	}
}
