package engine

import (
	"testing"

	"github.com/flowctl/flowctl/flows/read"
)

// TestResultKeys: results are stored under the same keys validate checks @results references
// against (flows.ResultKey): underscores are kept and a trailing separator becomes "_".
func TestResultKeys(t *testing.T) {
	src := []byte(`{
  "uuid": "f7000000-0000-4000-8000-000000000001", "name": "Keys", "spec_version": "14.3.0",
  "language": "eng", "type": "messaging",
  "nodes": [{
    "uuid": "f7100000-0000-4000-8000-000000000001",
    "actions": [
      {"uuid": "f7200000-0000-4000-8000-000000000001", "type": "set_run_result", "name": "_Result Classification", "value": "spam"},
      {"uuid": "f7200000-0000-4000-8000-000000000002", "type": "set_run_result", "name": "Favorite Color!", "value": "red"},
      {"uuid": "f7200000-0000-4000-8000-000000000003", "type": "send_msg",
       "text": "@results._result_classification.value @results.favorite_color_.value"}
    ],
    "exits": [{"uuid": "f7300000-0000-4000-8000-000000000001"}]
  }]
}`)
	doc := read.Read("keys.json", src)
	if len(doc.Findings) > 0 {
		t.Fatalf("reading the test flow: %v", doc.Findings)
	}
	assets := read.LoadAssets(doc)
	_, sprints := simulate(t, assets, "f7000000-0000-4000-8000-000000000001", nil, nil, nil)
	if got := texts(sprints[0]); len(got) != 1 || got[0] != "spam red" {
		t.Errorf("messages = %q, want [\"spam red\"]", got)
	}
}
