package read_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/actions"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/read"
)

// A legacy flow in an export is read as its migration: the flow and its assets, values the
// decoder takes from the source bytes (decimals, the editor layout) taken from the migration,
// Generic left as written and SchemaGeneric holding the migrated flow.
func TestReadLegacy(t *testing.T) {
	src := `{"version": "11.12", "flows": [{"base_language": "eng", "flow_type": "M",
	"entry": "b0000000-0000-4000-8000-000000000001",
	"metadata": {"uuid": "f0000000-0000-4000-8000-000000000001", "name": "Air", "revision": 2},
	"action_sets": [],
	"rule_sets": [{"uuid": "b0000000-0000-4000-8000-000000000001", "ruleset_type": "airtime", "label": "Airtime", "x": 5, "y": 6,
		"config": {"RW": {"currency_code": "RWF", "amount": 500.5}},
		"rules": [{"uuid": "d0000000-0000-4000-8000-000000000001", "category": {"eng": "Success"}, "test": {"type": "airtime_status", "exit_status": "success"}}]}]}]}`
	doc := read.Read("x.json", []byte(src))
	if got := findings(doc); len(got) != 1 || !strings.Contains(got[0], "1:32 lint/legacy-migrated /flows/0:") {
		t.Errorf("findings = %q, want one legacy-migrated warning at the flow", got)
	}
	if len(doc.Flows) != 1 || doc.Flows[0].UUID != "f0000000-0000-4000-8000-000000000001" || doc.Flows[0].Revision != 2 {
		t.Fatalf("flows = %+v", doc.Flows)
	}
	if doc.Assets.Get(flows.AssetFlow, "f0000000-0000-4000-8000-000000000001") == nil {
		t.Error("the migrated flow is not a flow asset")
	}
	f := doc.Flows[0]
	air, ok := f.Nodes[0].Actions[0].(*actions.TransferAirtime)
	if !ok {
		t.Fatalf("action = %T, want transfer_airtime", f.Nodes[0].Actions[0])
	}
	if got := air.Amounts["RWF"].String(); got != "500.5" {
		t.Errorf("amount = %s, want 500.5", got)
	}
	var ui map[string]any
	if err := json.Unmarshal(f.UI, &ui); err != nil || !strings.Contains(string(f.UI), `"split_by_airtime"`) {
		t.Errorf("_ui = %s (%v), want the migrated layout", f.UI, err)
	}
	if p, _ := doc.PointerOf(f.Nodes[0]); p != "/flows/0/nodes/0" {
		t.Errorf("node pointer = %q", p)
	}
	generic := doc.Generic.(map[string]any)["flows"].([]any)[0].(map[string]any)
	if _, legacy := generic["rule_sets"]; !legacy {
		t.Error("Generic no longer holds the file as written")
	}
	schema := doc.SchemaGeneric().(map[string]any)["flows"].([]any)[0].(map[string]any)
	if schema["spec_version"] != "13.0.0" || schema["nodes"] == nil {
		t.Errorf("SchemaGeneric flow = %v, want the migrated flow", schema)
	}
	if doc.SchemaGeneric().(map[string]any)["version"] != "11.12" {
		t.Error("SchemaGeneric lost the rest of the document")
	}
}

// Positions of pointers into a migrated flow are those of the legacy parts they came from.
func TestLegacyPositions(t *testing.T) {
	src := `{"flows": [{"base_language": "eng", "entry": "b1",
"metadata": {"uuid": "f0000000-0000-4000-8000-000000000001", "name": "P"},
"action_sets": [{"uuid": "a1", "exit_uuid": "e1", "y": 100, "actions": [
  {"type": "api", "uuid": "x0"},
  {"type": "reply", "uuid": "u1", "msg": {"eng": "Hi"}}]}],
"rule_sets": [{"uuid": "b1", "label": "R", "operand": "@step.value", "y": 0, "rules": [
  {"uuid": "d1", "category": {"eng": "Yes"}, "destination": "a1", "test": {"type": "contains_any", "test": {"eng": "yes"}}},
  {"uuid": "d2", "category": {"eng": "Other"}, "test": {"type": "true"}}]}]}]}`
	doc := read.Read("x.json", []byte(src))
	tests := []struct {
		pointer   string
		line, col int
	}{
		{"/flows/0", 1, 12},
		{"/flows/0/nodes/0", 6, 15},                     // the rule set, first as the entry
		{"/flows/0/nodes/0/router/operand", 6, 55},      // its operand
		{"/flows/0/nodes/0/router/cases/0", 7, 75},      // the first rule's test
		{"/flows/0/nodes/0/router/categories/1", 8, 30}, // the second rule's category
		{"/flows/0/nodes/0/exits/0", 7, 3},              // the first rule
		{"/flows/0/nodes/1", 3, 17},                     // the action set
		{"/flows/0/nodes/1/actions/0", 5, 3},            // the reply (the api action before it is left out)
		{"/flows/0/nodes/1/actions/0/text", 5, 3},       // no "text" in the legacy action: the action
		{"/flows/0/localization", 1, 12},                // nothing to map to: the flow
	}
	for _, tt := range tests {
		if line, col := doc.Position(tt.pointer); line != tt.line || col != tt.col {
			t.Errorf("Position(%s) = %d:%d, want %d:%d", tt.pointer, line, col, tt.line, tt.col)
		}
	}
}
