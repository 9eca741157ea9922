package engine

import (
	"encoding/json"
	"testing"
)

// @input written as text is the message's text and then each attachment's URL (what follows
// its content type), one per line, as the reference writes it; @input.text and
// @input.attachments stay as they are.
func TestRuleInputAsText(t *testing.T) {
	tests := []struct {
		name        string
		text        string
		attachments []string
		want        string
	}{
		{"text only", "good morning", nil, "good morning|good morning"},
		{"text and a photo", "see this", []string{"image/png:https://cdn.example.org/p.png"}, "see this\nhttps://cdn.example.org/p.png|see this"},
		{"location only", "", []string{"geo:-2.17,-79.92"}, "-2.17,-79.92|"},
		{"several, short content type", "", []string{"video:https://v.example.org/1.mp4", "audio/ogg:https://a.example.org/2.ogg"},
			"https://v.example.org/1.mp4\nhttps://a.example.org/2.ogg|"},
		{"no content type", "x", []string{"just-a-name"}, "x\njust-a-name|x"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			event := map[string]any{"type": "msg_received", "uuid": "0a27cb26-1ac6-4b9c-9ad0-e0d5a1a3cf74", "created_on": testStart,
				"msg": map[string]any{"uuid": "1e4d3e56-1bb2-4c25-a2ff-5d2b8ad5dd0b", "text": tc.text, "urn": "tel:+12065551212", "attachments": tc.attachments}}
			flows := []*ruleFlow{{UUID: "00000000-0000-4000-8000-0000000e0001", Name: "Input", Nodes: []map[string]any{
				actionNode(sendMsg(`@input|@input.text`)),
			}}}
			trigger, _ := json.Marshal(map[string]any{"type": "msg", "flow": map[string]any{"uuid": "00000000-0000-4000-8000-0000000e0001", "name": "Input"},
				"triggered_on": testStart, "event": event})
			_, sprints := ruleRun{Flows: flows, Trigger: string(trigger)}.run(t)
			got := sentTexts(sprints)
			if len(got) != 1 || got[0] != tc.want {
				t.Errorf("sent %q, want %q", got, tc.want)
			}
		})
	}
}
