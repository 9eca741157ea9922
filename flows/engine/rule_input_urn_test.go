package engine

import (
	"encoding/json"
	"testing"
)

// @input.urn is the message URN's scheme and path only: the reference drops its display and its
// query (the channel) there, while the contact's own URNs keep their display. Redaction still
// hides the path.
func TestRuleInputURNIsSchemeAndPath(t *testing.T) {
	tests := []struct {
		name, urn, env, want string
	}{
		{"display dropped", "twitterid:12345#bobby", "", "twitterid:12345|twitterid:12345#bobby"},
		{"escaped display dropped", "tel:+12065551212#Bobby%20X", "", "tel:+12065551212|twitterid:12345#bobby"},
		{"channel query dropped", "tel:+12065551212?channel=57f1078f-88aa-46f4-a59a-948a5739c03d", "", "tel:+12065551212|twitterid:12345#bobby"},
		{"bare URN unchanged", "mailto:bob@example.com", "", "mailto:bob@example.com|twitterid:12345#bobby"},
		{"redacted", "twitterid:12345#bobby", `{"redaction_policy": "urns"}`, "twitterid:********|twitterid:********"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			event := map[string]any{"type": "msg_received", "uuid": "0a27cb26-1ac6-4b9c-9ad0-e0d5a1a3cf74", "created_on": testStart,
				"msg": map[string]any{"uuid": "1e4d3e56-1bb2-4c25-a2ff-5d2b8ad5dd0b", "text": "hi", "urn": tc.urn}}
			flows := []*ruleFlow{{UUID: "00000000-0000-4000-8000-0000000e0101", Name: "Input URN", Nodes: []map[string]any{
				actionNode(sendMsg(`@input.urn|@urns.twitterid`)),
			}}}
			trigger, _ := json.Marshal(map[string]any{"type": "msg", "flow": map[string]any{"uuid": "00000000-0000-4000-8000-0000000e0101", "name": "Input URN"},
				"triggered_on": testStart, "event": event})
			contact := `{"uuid": "5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f", "name": "Ryan Lewis", "language": "eng", "status": "active",
				"created_on": "2024-01-01T00:00:00Z", "urns": ["twitterid:12345#bobby"]}`
			_, sprints := ruleRun{Flows: flows, Trigger: string(trigger), Contact: contact, Env: tc.env}.run(t)
			got := sentTexts(sprints)
			if len(got) != 1 || got[0] != tc.want {
				t.Errorf("sent %q, want %q", got, tc.want)
			}
		})
	}
}

// @input.channel is the channel asset the message names, address included, and null when the
// assets have no channel of that UUID, whatever name the message gives it.
func TestRuleInputChannelIsAsset(t *testing.T) {
	channels := map[string]any{"channels": []any{map[string]any{"uuid": "3a05eaf5-cb1b-4246-bef1-f277419c83a7", "name": "Telegram",
		"address": "bot", "schemes": []string{"telegram"}, "roles": []string{"send", "receive"}}}}
	tests := []struct {
		name    string
		channel map[string]any
		want    string
	}{
		{"known channel has its address", map[string]any{"uuid": "3a05eaf5-cb1b-4246-bef1-f277419c83a7", "name": "Old Name"},
			`{"address":"bot","name":"Telegram","uuid":"3a05eaf5-cb1b-4246-bef1-f277419c83a7"}|Telegram`},
		{"unknown channel is null", map[string]any{"uuid": "3a05eaf5-cb1b-4246-bef1-f277419c83a8", "name": "Nope"}, "null|"},
		{"no channel", nil, "null|"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			msg := map[string]any{"uuid": "1e4d3e56-1bb2-4c25-a2ff-5d2b8ad5dd0b", "text": "hi", "urn": "tel:+12065551212"}
			if tc.channel != nil {
				msg["channel"] = tc.channel
			}
			event := map[string]any{"type": "msg_received", "uuid": "0a27cb26-1ac6-4b9c-9ad0-e0d5a1a3cf74", "created_on": testStart, "msg": msg}
			flows := []*ruleFlow{{UUID: "00000000-0000-4000-8000-0000000e0102", Name: "Input Channel", Nodes: []map[string]any{
				actionNode(sendMsg(`@(json(input.channel))|@input.channel`)),
			}}}
			trigger, _ := json.Marshal(map[string]any{"type": "msg", "flow": map[string]any{"uuid": "00000000-0000-4000-8000-0000000e0102", "name": "Input Channel"},
				"triggered_on": testStart, "event": event})
			_, sprints := ruleRun{Flows: flows, Assets: channels, Trigger: string(trigger)}.run(t)
			got := sentTexts(sprints)
			if len(got) != 1 || got[0] != tc.want {
				t.Errorf("sent %q, want %q", got, tc.want)
			}
		})
	}
}
