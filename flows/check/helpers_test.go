package check

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/actions"
	"github.com/flowctl/flowctl/flows"
)

// baseFlow is a small valid messaging flow: ask for an age, wait, save it, answer. Tests
// mutate a copy of it to break one thing at a time.
const baseFlow = `{
  "uuid": "10000000-0000-4000-8000-000000000000",
  "name": "Age",
  "spec_version": "14.3.0",
  "language": "eng",
  "type": "messaging",
  "localization": {"spa": {"20000000-0000-4000-8000-000000000001": {"text": ["¿Edad?"]}}},
  "nodes": [
    {
      "uuid": "30000000-0000-4000-8000-000000000000",
      "actions": [{"uuid": "20000000-0000-4000-8000-000000000001", "type": "send_msg", "text": "How old are you, @contact.name?"}],
      "exits": [{"uuid": "40000000-0000-4000-8000-000000000000", "destination_uuid": "30000000-0000-4000-8000-000000000001"}]
    },
    {
      "uuid": "30000000-0000-4000-8000-000000000001",
      "router": {
        "type": "switch",
        "wait": {"type": "msg", "timeout": {"seconds": 60, "category_uuid": "50000000-0000-4000-8000-000000000002"}},
        "operand": "@input.text",
        "result_name": "Age",
        "cases": [{"uuid": "60000000-0000-4000-8000-000000000000", "type": "has_number", "arguments": [], "category_uuid": "50000000-0000-4000-8000-000000000000"}],
        "categories": [
          {"uuid": "50000000-0000-4000-8000-000000000000", "name": "Number", "exit_uuid": "40000000-0000-4000-8000-000000000001"},
          {"uuid": "50000000-0000-4000-8000-000000000001", "name": "Other", "exit_uuid": "40000000-0000-4000-8000-000000000002"},
          {"uuid": "50000000-0000-4000-8000-000000000002", "name": "No Response", "exit_uuid": "40000000-0000-4000-8000-000000000002"}
        ],
        "default_category_uuid": "50000000-0000-4000-8000-000000000001"
      },
      "exits": [
        {"uuid": "40000000-0000-4000-8000-000000000001", "destination_uuid": "30000000-0000-4000-8000-000000000002"},
        {"uuid": "40000000-0000-4000-8000-000000000002", "destination_uuid": "30000000-0000-4000-8000-000000000001"}
      ]
    },
    {
      "uuid": "30000000-0000-4000-8000-000000000002",
      "actions": [{"uuid": "20000000-0000-4000-8000-000000000002", "type": "set_run_result", "name": "Done", "value": "@results.age"}],
      "exits": [{"uuid": "40000000-0000-4000-8000-000000000003"}]
    }
  ]
}`

// mutate applies edits to a decoded copy of src. Each edit is a path of keys and indices (as a
// slash-separated string) and a value; nil deletes, and a path ending in "/-" appends.
func mutate(t *testing.T, src string, edits ...any) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(src), &m); err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(edits); i += 2 {
		path := strings.Split(edits[i].(string), "/")
		var v any
		// Values given as JSON text are decoded, so tests can write objects inline.
		if s, ok := edits[i+1].(string); ok && (strings.HasPrefix(s, "{") || strings.HasPrefix(s, "[")) {
			if err := json.Unmarshal([]byte(s), &v); err != nil {
				t.Fatalf("edit %s: %v", edits[i], err)
			}
		} else {
			v = edits[i+1]
		}
		set(t, m, path, v)
	}
	return m
}

func set(t *testing.T, cur any, path []string, v any) {
	t.Helper()
	last := len(path) - 1
	for _, k := range path[:last] {
		switch c := cur.(type) {
		case map[string]any:
			cur = c[k]
		case []any:
			var i int
			fmt.Sscan(k, &i)
			cur = c[i]
		}
	}
	k := path[last]
	switch c := cur.(type) {
	case map[string]any:
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
	case []any:
		var i int
		fmt.Sscan(k, &i)
		c[i] = v
	default:
		t.Fatalf("can't set %v", path)
	}
}

// decodeFlow builds the typed flow from generic JSON the way the reader does: struct fields by
// encoding/json, actions through the registry.
func decodeFlow(t *testing.T, m map[string]any) *flows.Flow {
	t.Helper()
	b, _ := json.Marshal(m)
	var f flows.Flow
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatalf("decoding flow: %v", err)
	}
	var raw struct {
		Nodes []*struct {
			Actions []json.RawMessage `json:"actions"`
		} `json:"nodes"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	for i, n := range raw.Nodes {
		if n == nil || f.Nodes[i] == nil {
			continue
		}
		for _, ra := range n.Actions {
			var head struct{ Type string }
			_ = json.Unmarshal(ra, &head)
			ctor, ok := actions.Lookup(head.Type)
			if !ok {
				t.Fatalf("unknown action type %q", head.Type)
			}
			a := ctor()
			if err := json.Unmarshal(ra, a); err != nil {
				t.Fatalf("decoding %s: %v", head.Type, err)
			}
			f.Nodes[i].Actions = append(f.Nodes[i].Actions, a)
		}
	}
	return &f
}

// runFlow checks one flow given as generic JSON, schema included.
func runFlow(t *testing.T, m map[string]any, assets *flows.Assets) []flows.Finding {
	t.Helper()
	var generic any
	b, _ := json.Marshal(m)
	_ = json.Unmarshal(b, &generic)
	return run(&source{flows: []*flows.Flow{decodeFlow(t, m)}, pointers: []string{""}, generic: generic}, assets, assets, nil)
}

// summary renders findings as "code pointer" lines, sorted, for comparing with expectations.
func summary(fs []flows.Finding) []string {
	out := make([]string, 0, len(fs))
	for _, f := range fs {
		out = append(out, f.Code+" "+f.Pointer)
	}
	sort.Strings(out)
	return out
}

func onlyLayer(fs []flows.Finding, layers ...string) []flows.Finding {
	var out []flows.Finding
	for _, f := range fs {
		l, _, _ := strings.Cut(f.Code, "/")
		for _, want := range layers {
			if l == want {
				out = append(out, f)
			}
		}
	}
	return out
}

// actionFieldCase is one action put in place of the base flow's third node's first action, and
// the one field finding it should get ("code pointer" inside the action), "" for none.
type actionFieldCase struct {
	name   string
	action string
	want   string
}

// runActionFieldCases checks each case's action alone for its field findings.
func runActionFieldCases(t *testing.T, tests []actionFieldCase) {
	t.Helper()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			action := strings.Replace(tc.action, "{", `{"uuid": "20000000-0000-4000-8000-000000000009", `, 1)
			fs := onlyLayer(runFlow(t, mutate(t, baseFlow, "nodes/2/actions/0", action), nil), "field")
			var got []string
			for _, f := range fs {
				got = append(got, f.Code+" "+strings.TrimPrefix(f.Pointer, "/nodes/2/actions/0"))
			}
			var want []string
			if tc.want != "" {
				want = []string{tc.want}
			}
			if !slices.Equal(got, want) {
				t.Errorf("findings %v, want %v", got, want)
			}
		})
	}
}
