package engine

import (
	"encoding/json"
	"testing"
)

// A field value that is a location's full path gives that place and those above it, whatever
// the field's type; a bare name is looked for at a location field's own level, a district only
// under the contact's state and a ward only under its district.
func TestRuleLocationFieldValues(t *testing.T) {
	assets := map[string]any{
		"fields": []map[string]any{{"key": "st", "name": "St", "type": "state"}, {"key": "di", "name": "Di", "type": "district"},
			{"key": "wa", "name": "Wa", "type": "ward"}, {"key": "tx", "name": "Tx", "type": "text"}},
		"locations": []any{map[string]any{"name": "Rwanda", "children": []any{
			map[string]any{"name": "Kigali City", "aliases": []string{"Kigali"}, "children": []any{
				map[string]any{"name": "Gasabo", "children": []any{map[string]any{"name": "Ndera"}}}}}}}},
	}
	set := func(key, value string) map[string]any {
		return act("set_contact_field", map[string]any{"field": map[string]any{"key": key, "name": key}, "value": value})
	}
	tests := []struct {
		name  string
		sets  [][2]string
		wants []string // the last field change's value, as JSON
	}{
		{"path in a text field", [][2]string{{"tx", "rwanda>kigali city"}},
			[]string{`{"state":"Rwanda > Kigali City","text":"rwanda\u003ekigali city"}`}},
		{"ward path in a state field", [][2]string{{"st", "Rwanda > Kigali City > Gasabo > Ndera"}},
			[]string{`{"district":"Rwanda > Kigali City > Gasabo","state":"Rwanda > Kigali City","text":"Rwanda > Kigali City > Gasabo \u003e Ndera","ward":"Rwanda > Kigali City > Gasabo > Ndera"}`}},
		{"district without the contact's state", [][2]string{{"di", "Gasabo"}}, []string{`{"text":"Gasabo"}`}},
		{"district under the contact's state", [][2]string{{"st", "Kigali"}, {"di", "Gasabo"}},
			[]string{`{"state":"Rwanda > Kigali City","text":"Kigali"}`, `{"district":"Rwanda > Kigali City > Gasabo","state":"Rwanda > Kigali City","text":"Gasabo"}`}},
		{"district whose state only a ward field holds", [][2]string{{"wa", "Rwanda > Kigali City > Gasabo > Ndera"}, {"di", "Gasabo"}},
			[]string{`{"district":"Rwanda > Kigali City > Gasabo","state":"Rwanda > Kigali City","text":"Rwanda > Kigali City > Gasabo \u003e Ndera","ward":"Rwanda > Kigali City > Gasabo > Ndera"}`,
				`{"text":"Gasabo"}`}},
		{"ward whose district only a text field holds", [][2]string{{"tx", "Rwanda > Kigali City > Gasabo"}, {"wa", "Ndera"}},
			[]string{`{"district":"Rwanda > Kigali City > Gasabo","state":"Rwanda > Kigali City","text":"Rwanda > Kigali City \u003e Gasabo"}`, `{"text":"Ndera"}`}},
		{"ward under the district field's place", [][2]string{{"di", "Rwanda > Kigali City > Gasabo"}, {"wa", "Ndera"}},
			[]string{`{"district":"Rwanda > Kigali City > Gasabo","state":"Rwanda > Kigali City","text":"Rwanda > Kigali City \u003e Gasabo"}`,
				`{"district":"Rwanda > Kigali City > Gasabo","state":"Rwanda > Kigali City","text":"Ndera","ward":"Rwanda > Kigali City > Gasabo > Ndera"}`}},
		{"country alone is no place", [][2]string{{"tx", "Rwanda"}}, []string{`{"text":"Rwanda"}`}},
		{"a path through an alias is no place", [][2]string{{"st", "Rwanda > Kigali > Gasabo"}}, []string{`{"text":"Rwanda > Kigali > Gasabo"}`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var actions []map[string]any
			for _, s := range tc.sets {
				actions = append(actions, set(s[0], s[1]))
			}
			flows := []*ruleFlow{{Nodes: []map[string]any{actionNode(actions...)}}}
			_, sprints := ruleRun{Flows: flows, Assets: assets}.run(t)
			changes := eventsOf(t, sprints, "contact_field_changed")
			if len(changes) != len(tc.wants) {
				t.Fatalf("%d field changes, want %d", len(changes), len(tc.wants))
			}
			for i, c := range changes {
				got, _ := json.Marshal(c["value"])
				var want any
				_ = json.Unmarshal([]byte(tc.wants[i]), &want)
				w, _ := json.Marshal(want)
				if string(got) != string(w) {
					t.Errorf("change %d: %s, want %s", i, got, w)
				}
			}
		})
	}
}
