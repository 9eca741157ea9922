package engine

import (
	"encoding/json"
	"testing"

	"github.com/flowctl/flowctl/flows/runtime"
)

// TestErrorOperand: an operand that is one expression keeps its value when that is an error, so
// has_error can match it; the tests that can't take an error say so, as the reference does.
func TestErrorOperand(t *testing.T) {
	assets := loadFlows(t, "error-operand.json")
	tests := []struct {
		name     string
		trigger  string
		category string
		value    string
		errors   []string
	}{
		{"number", "4", "Positive", "0.25", nil},
		{"division by zero", "0", "Failed", "division by zero",
			[]string{"Error calling test has_number_gt(...): error calling has_number_gt(...): division by zero"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			trigger, _ := json.Marshal(map[string]any{
				"type":         "msg",
				"flow":         map[string]string{"uuid": "e0000000-0000-4000-8000-000000000001", "name": "Error Operand"},
				"triggered_on": "2025-05-04T12:30:45Z",
				"event": map[string]any{
					"type": "msg_received", "uuid": "e5000000-0000-4000-8000-000000000001", "created_on": "2025-05-04T12:30:45Z",
					"msg": map[string]string{"text": tt.trigger, "urn": "tel:+12065551212"},
				},
			})
			_, sprints := runSim(t, SimulationInput{Assets: assets, Flow: assets.Flows[0], Trigger: trigger,
				Options: Options{Now: testStart, Seed: 42}})
			var errs []string
			var result *runtime.RunResultChanged
			for _, e := range sprints[0].Events {
				switch ev := e.(type) {
				case *runtime.Error:
					errs = append(errs, ev.Text)
				case *runtime.RunResultChanged:
					result = ev
				}
			}
			if result == nil {
				t.Fatalf("no result saved; events %v", eventTypes(sprints[0]))
			}
			if result.Category != tt.category || result.Value != tt.value {
				t.Errorf("result = %q (%s), want %q (%s)", result.Value, result.Category, tt.value, tt.category)
			}
			if mustJSON(t, errs) != mustJSON(t, tt.errors) {
				t.Errorf("errors = %q, want %q", errs, tt.errors)
			}
		})
	}
}
