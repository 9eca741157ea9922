package engine

import (
	"encoding/json"
	"testing"

	"github.com/flowctl/flowctl/expressions"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
)

// A query-based group whose query the reference can't parse over the assets is left out of
// them: a flow naming it finds a missing dependency, and no contact joins it. The query has to
// read, name known properties, use operators their types take and values of those types.
func TestRuleUnparseableQueryGroupsAreMissing(t *testing.T) {
	assets := flows.NewAssets()
	assets.Add(&flows.Asset{Kind: flows.AssetField, Identity: "gender", Name: "Gender", Extra: map[string]any{"type": "text"}})
	assets.Add(&flows.Asset{Kind: flows.AssetField, Identity: "age", Name: "Age", Extra: map[string]any{"type": "number"}})
	tests := []struct {
		query string
		ok    bool
	}{
		{`gender = male`, true},
		{`fields.gender = male`, true},
		{`gender is male`, true},
		{`age > 5`, true},
		{`age = ""`, true},
		{`tickets > 0`, true},
		{`tel ~ 123`, true},
		{`name ~ ry`, true},
		{`ryan`, true},
		{`language = fra`, true},
		{`status = stopped`, true},
		{`created_on > 2020-01-01`, true},
		{`shoe_size = 42`, false},       // no such field
		{`foo.bar = 1`, false},          // no such property type
		{`age > abc`, false},            // not a number
		{`age = 1e5`, false},            // numbers are written out
		{`gender > 5`, false},           // text doesn't compare
		{`gender has male`, false},      // contains is for names and URNs
		{`name ~ a`, false},             // no word of two characters
		{`tel ~ 12`, false},             // URN parts of three or more
		{`uuid = ""`, false},            // always set
		{`status = gone`, false},        // no such status
		{`language = xx`, false},        // no such language
		{`created_on > someday`, false}, // not a date
		{`group = Testers`, false},      // groups don't resolve in a group's query
		{`gender = male and`, false},    // syntax
		{`(gender = male`, false},       // syntax
	}
	env := expressions.DefaultEnvironment()
	for _, tc := range tests {
		if got := queryProblem(tc.query, assets, env); (got == "") != tc.ok {
			t.Errorf("%q: problem %q, want parsed %v", tc.query, got, tc.ok)
		}
	}

	// in a session: the broken group is a missing dependency; the sound one is refused as
	// query-based, and the contact joins only the sound one
	groups := []any{
		map[string]any{"uuid": "00000000-0000-4000-8000-00000000c001", "name": "Sized", "query": "shoe_size = 42"},
		map[string]any{"uuid": "00000000-0000-4000-8000-00000000c002", "name": "Named", "query": "ryan"},
	}
	add := act("add_contact_groups", map[string]any{"groups": []any{
		map[string]any{"uuid": "00000000-0000-4000-8000-00000000c001", "name": "Sized"},
		map[string]any{"uuid": "00000000-0000-4000-8000-00000000c002", "name": "Named"}}})
	_, sprints := ruleRun{Flows: []*ruleFlow{{Nodes: []map[string]any{actionNode(add)}}}, Assets: map[string]any{"groups": groups}}.run(t)
	var errs []string
	for _, e := range eventsOf(t, sprints, "error") {
		errs = append(errs, e["text"].(string))
	}
	want := []string{"Missing dependency: group[uuid=00000000-0000-4000-8000-00000000c001,name=Sized]",
		"Can't add contacts to the query based group 'Named'"}
	if len(errs) != 2 || errs[0] != want[0] || errs[1] != want[1] {
		t.Errorf("errors %q, want %q", errs, want)
	}
	joined := eventsOf(t, sprints, "contact_groups_changed")
	if len(joined) != 1 || len(joined[0]["groups_added"].([]any)) != 1 {
		t.Errorf("group changes %v, want the contact to join Named only", joined)
	}
}

// A group's query compares by the property's type, not by how the values read: a URN or a text
// field as text (ignoring case and surrounding spaces), a number field as a number, a datetime
// field by whole days in the session environment's time zone (not the contact's). A name's "~"
// matches the starts of its words. Status and id have no value in a group's query. A bare value
// is a condition on a URN, a phone number or the name.
func TestRuleGroupQueriesCompareByPropertyType(t *testing.T) {
	var c runtime.Contact
	if err := json.Unmarshal([]byte(`{"uuid": "c", "name": "Ryan Lewis", "language": "eng", "status": "active", "timezone": "America/Guayaquil",
		"urns": ["tel:+12065551212"], "fields": {"code": {"text": "007"}, "age": {"text": "17", "number": 17},
		"joined": {"text": "2020-03-04", "datetime": "2020-03-04T23:30:00-05:00"}}}`), &c); err != nil {
		t.Fatal(err)
	}
	assets := flows.NewAssets()
	for key, typ := range map[string]string{"code": "text", "age": "number", "joined": "datetime"} {
		assets.Add(&flows.Asset{Kind: flows.AssetField, Identity: key, Name: key, Extra: map[string]any{"type": typ}})
	}
	s := &Session{Contact: &c, eng: New(assets, Options{})}
	tests := []struct {
		query string
		want  bool
	}{
		{`code = 7`, false}, // text, not a number
		{`code = "007 "`, true},
		{`age = 17.0`, true},
		{`tel = 12065551212`, false}, // the URN's path as text
		{`tel = "+12065551212"`, true},
		{`name ~ ry`, true},
		{`name ~ yan`, false}, // not the start of a word
		{`name ~ "x lew"`, true},
		{`status = active`, false}, // no value in a group's query
		{`status != stopped`, true},
		{`joined = 2020-03-05`, true}, // 04:30 UTC on the 5th
		{`joined = 2020-03-04`, false},
		{`tel:+12065551212`, true},
		{`2065551212`, true},
		{`lewis`, true},
	}
	for _, tc := range tests {
		if got := s.matchQuery(tc.query); got != tc.want {
			t.Errorf("%q: got %v, want %v", tc.query, got, tc.want)
		}
	}
}
