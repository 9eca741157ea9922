package read_test

import (
	"strings"
	"testing"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/read"
)

// TestAssetShapes: an assets document (no export version) is refused exactly where the engine
// refuses to start a session with it; one row per rule.
func TestAssetShapes(t *testing.T) {
	const u = "6d3c2a1b-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
	cases := []struct {
		name, doc string
		want      string // "" (reads), or the finding's pointer and a part of its message
	}{
		{"channel ok", `{"channels": [{"uuid": "` + u + `", "roles": ["send"], "schemes": ["tel"], "name": null}]}`, ""},
		{"channel without roles", `{"channels": [{"uuid": "` + u + `", "schemes": ["tel"]}]}`, "/channels/0/roles: channel's roles is missing"},
		{"channel empty roles", `{"channels": [{"uuid": "` + u + `", "roles": [], "schemes": ["tel"]}]}`, "/channels/0/roles: channel's roles is empty"},
		{"channel roles of wrong type", `{"channels": [{"uuid": "` + u + `", "roles": "send", "schemes": ["tel"]}]}`, "/channels/0/roles: expected an array"},
		{"channel unknown role", `{"channels": [{"uuid": "` + u + `", "roles": ["sendd"], "schemes": ["tel"]}]}`, `did you mean "send"?`},
		{"channel without schemes", `{"channels": [{"uuid": "` + u + `", "roles": ["send"]}]}`, "/channels/0/schemes: channel's schemes is missing"},
		{"channel bad uuid", `{"channels": [{"uuid": "x", "roles": ["send"], "schemes": ["tel"]}]}`, "not a valid uuid"},
		{"channel allow_international string", `{"channels": [{"uuid": "` + u + `", "roles": ["send"], "schemes": ["tel"], "allow_international": "yes"}]}`, "expected true or false"},
		{"field without type", `{"fields": [{"key": "age"}]}`, "/fields/0/type: field's type is missing"},
		{"field any type name", `{"fields": [{"key": "age", "type": "whatever"}]}`, ""},
		{"field uuid of wrong type", `{"fields": [{"key": "age", "type": "text", "uuid": true}]}`, "/fields/0/uuid: expected a string, found a boolean"},
		{"global value number", `{"globals": [{"key": "g", "value": 5}]}`, "/globals/0/value: expected a string"},
		{"group query array", `{"groups": [{"uuid": "` + u + `", "query": ["x"]}]}`, "/groups/0/query: expected a string, found an array"},
		{"group without uuid", `{"groups": [{"name": "x"}]}`, "/groups/0/uuid: group's uuid is missing"},
		{"label name number", `{"labels": [{"uuid": "` + u + `", "name": 1}]}`, "/labels/0/name: expected a string"},
		{"llm unknown role", `{"llms": [{"uuid": "` + u + `", "roles": ["x"]}]}`, "is not one of editing, engine"},
		{"location without name", `{"locations": [{"children": []}]}`, "/locations/0/name: location's name is missing"},
		{"location child without name", `{"locations": [{"name": "R", "children": [{"aliases": []}]}]}`, ""},
		{"location null child", `{"locations": [{"name": "R", "children": [null]}]}`, "/locations/0/children/0: location's children[0] is missing or null"},
		{"null location", `{"locations": [null]}`, ""},
		{"resthook without subscribers", `{"resthooks": [{"slug": "s"}]}`, "/resthooks/0/subscribers: resthook's subscribers is missing"},
		{"resthook no subscribers", `{"resthooks": [{"slug": "s", "subscribers": []}]}`, ""},
		{"resthook bad subscriber", `{"resthooks": [{"slug": "s", "subscribers": ["x"]}]}`, "not a valid url"},
		{"template translations number", `{"templates": [{"uuid": "` + u + `", "translations": 5}]}`, "/templates/0/translations: expected an array"},
		{"template variable fraction", `{"templates": [{"uuid": "` + u + `", "translations": [{"components": [{"variables": {"1": 1.5}}]}]}]}`, "expected an integer, found 1.5"},
		{"template empty translation", `{"templates": [{"uuid": "` + u + `", "translations": [{}]}]}`, ""},
		{"topic bad uuid", `{"topics": [{"uuid": "t1"}]}`, "/topics/0/uuid"},
		{"user without uuid", `{"users": [{"email": "a@b.c"}]}`, "/users/0/uuid: user's uuid is missing"},
		{"user without email", `{"users": [{"uuid": "u1"}]}`, "/users/0/email: user's email is missing"},
		{"null asset", `{"labels": [null]}`, "/labels/0: label asset is null"},
		{"classifier without uuid", `{"classifiers": [{"name": "c"}]}`, ""},
		{"optins of wrong type", `{"optins": "x"}`, ""},
		{"export stays lenient", `{"version": "13", "groups": [{"uuid": "g1", "query": null}], "fields": [{"key": "a", "label": "A", "value_type": "T"}]}`, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := read.Read("assets.json", []byte(c.doc))
			var errs []string
			for _, f := range doc.Findings {
				if f.Severity == flows.SeverityError {
					errs = append(errs, f.Pointer+": "+f.Message)
				}
			}
			if c.want == "" {
				if len(errs) > 0 {
					t.Fatalf("errors %q, want none", errs)
				}
				return
			}
			if len(errs) != 1 || !strings.Contains(errs[0], c.want) {
				t.Fatalf("errors %q, want one containing %q", errs, c.want)
			}
			if f := doc.Findings[0]; f.Line == 0 || f.Column == 0 {
				t.Errorf("finding has no position: %+v", f)
			}
		})
	}
}
