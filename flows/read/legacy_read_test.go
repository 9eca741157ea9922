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
