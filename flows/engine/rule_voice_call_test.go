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

// A say_msg plays its audio URL as written, as the reference does: localized, but neither
// evaluated as a template nor trimmed; only an empty URL and an empty text say nothing.
func TestRuleSayAudioURLAsWritten(t *testing.T) {
	tests := []struct{ text, audio, want string }{
		{"hi", "http://x.org/@contact.name.mp3", `["audio:http://x.org/@contact.name.mp3"]`},
		{"hi", " http://x.org/@(1/0) ", `["audio: http://x.org/@(1/0) "]`},
		{`@("")`, " ", `["audio: "]`},
		{"hi", "", `null`},
		{`@("")`, "", `error`},
	}
	for _, tc := range tests {
		t.Run(tc.text+"|"+tc.audio, func(t *testing.T) {
			rf := &ruleFlow{Nodes: []map[string]any{actionNode(act("say_msg", map[string]any{"text": tc.text, "audio_url": tc.audio}))},
				Extra: map[string]any{"type": "voice"}}
			assets := ruleDoc(t, []*ruleFlow{rf}, nil)
			sim, err := NewSimulation(SimulationInput{Assets: assets, Flow: assets.Flows[0], Call: json.RawMessage(testCall), Options: Options{Now: testStart}})
			if err != nil {
				t.Fatal(err)
			}
			_, sprints, err := sim.Run()
			if err != nil {
				t.Fatal(err)
			}
			if errs := eventsOf(t, sprints, "error"); tc.want == "error" {
				if len(errs) != 1 || len(eventsOf(t, sprints, "ivr_created")) != 0 {
					t.Errorf("events %v, want one error and nothing said", allEvents(sprints))
				}
				return
			} else if len(errs) > 0 {
				t.Errorf("errors %v: the audio URL isn't evaluated", errs)
			}
			ivr := eventsOf(t, sprints, "ivr_created")
			if len(ivr) != 1 {
				t.Fatalf("ivr_created events %v", ivr)
			}
			got, _ := json.Marshal(ivr[0]["msg"].(map[string]any)["attachments"])
			if string(got) != tc.want {
				t.Errorf("attachments %s, want %s", got, tc.want)
			}
		})
	}
}

// A play_audio whose URL fails to evaluate plays nothing and logs only the evaluation's errors,
// as the reference does; one that evaluates to blank logs that it skipped.
func TestRulePlayAudioErrors(t *testing.T) {
	tests := []struct{ audio, want string }{
		{"http://x.org/a.mp3", "ivr audio:http://x.org/a.mp3"},
		{"http://x.org/@(1/0).mp3", "error Error evaluating expression: division by zero"},
		{"@results.nope", "error Error evaluating expression: object has no property 'nope'"},
		{`@(" ")`, "error Audio URL evaluated to empty, skipping"},
	}
	for _, tc := range tests {
		t.Run(tc.audio, func(t *testing.T) {
			rf := &ruleFlow{Nodes: []map[string]any{actionNode(act("play_audio", map[string]any{"audio_url": tc.audio}))},
				Extra: map[string]any{"type": "voice"}}
			assets := ruleDoc(t, []*ruleFlow{rf}, nil)
			sim, err := NewSimulation(SimulationInput{Assets: assets, Flow: assets.Flows[0], Call: json.RawMessage(testCall), Options: Options{Now: testStart}})
			if err != nil {
				t.Fatal(err)
			}
			_, sprints, err := sim.Run()
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range eventsOf(t, sprints, "error") {
				got = append(got, "error "+e["text"].(string))
			}
			for _, e := range eventsOf(t, sprints, "ivr_created") {
				for _, a := range e["msg"].(map[string]any)["attachments"].([]any) {
					got = append(got, "ivr "+a.(string))
				}
			}
			if strings.Join(got, "; ") != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
