package engine

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/flows"
)

// A voice flow runs on a call: the engine refuses to start one without a call, before anything
// happens; other flow types start with or without one.
func TestRuleVoiceFlowNeedsCall(t *testing.T) {
	tests := []struct {
		flowType flows.FlowType
		call     string
		wantErr  bool
	}{
		{flows.FlowTypeVoice, "", true},
		{flows.FlowTypeVoice, "null", true},
		{flows.FlowTypeVoice, testCall, false},
		{flows.FlowTypeMessaging, "", false},
		{flows.FlowTypeMessagingBackground, "", false},
		{flows.FlowTypeMessagingOffline, "", false},
	}
	for _, tc := range tests {
		t.Run(string(tc.flowType)+" call="+tc.call, func(t *testing.T) {
			rf := &ruleFlow{Nodes: []map[string]any{actionNode(act("set_run_result", map[string]any{"name": "Done", "value": "yes"}))},
				Extra: map[string]any{"type": string(tc.flowType)}}
			assets := ruleDoc(t, []*ruleFlow{rf}, nil)
			sim, err := NewSimulation(SimulationInput{Assets: assets, Flow: assets.Flows[0], Call: json.RawMessage(tc.call),
				Options: Options{Now: testStart}})
			if err != nil {
				t.Fatal(err)
			}
			s, sprints, err := sim.Run()
			if tc.wantErr {
				if err == nil || !strings.Contains(err.Error(), "voice flow") || !strings.Contains(err.Error(), `"call"`) {
					t.Fatalf("error %v, want one saying a voice flow needs a call", err)
				}
				if s != nil || len(sprints) != 0 {
					t.Errorf("a refused start made a session (%v) or sprints (%d)", s, len(sprints))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s.Status != SessionCompleted {
				t.Errorf("session %s, want completed", s.Status)
			}
		})
	}
}
