package engine

import (
	"encoding/json"
	"testing"
)

// A message's locale is the language and a country: the country of the channel it goes out on
// when the channel has one, else that of the contact's first phone number that has one, else the
// environment's default country; none leaves the language alone.
func TestRuleMessageLocaleCountry(t *testing.T) {
	channel := func(schemes []string, country string, intl bool) map[string]any {
		c := map[string]any{"uuid": "57f1078f-88aa-46f4-a59a-948a5739c03d", "name": "Phone", "address": "+250788000000",
			"schemes": schemes, "roles": []string{"send", "receive"}, "allow_international": intl}
		if country != "" {
			c["country"] = country
		}
		return c
	}
	tests := []struct {
		name    string
		urns    []string
		env     string
		channel map[string]any
		want    string
	}{
		{"the channel's country for a local number", []string{"tel:0788123123"}, `{"default_country": "IN"}`, channel([]string{"tel"}, "US", false), "eng-US"},
		{"the channel's country over the number's", []string{"tel:+12065551212"}, "", channel([]string{"tel"}, "RW", true), "eng-RW"},
		{"the channel's country on another scheme", []string{"whatsapp:250788123123", "tel:+250788123123"}, "", channel([]string{"whatsapp"}, "US", false), "eng-US"},
		{"a channel without country: the phone number's", []string{"whatsapp:12065551212", "tel:+250788123123"}, `{"default_country": "KE"}`, channel([]string{"tel", "whatsapp"}, "", false), "eng-RW"},
		{"no channel: the phone number's", []string{"mailto:a@b.c", "tel:+250788123123"}, `{"default_country": "KE"}`, nil, "eng-RW"},
		{"no country anywhere but the environment's", []string{"tel:0788123123"}, `{"default_country": "IN"}`, nil, "eng-IN"},
		{"no country at all", []string{"whatsapp:250788123123"}, "", channel([]string{"whatsapp"}, "", false), "eng"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			urns, _ := json.Marshal(tc.urns)
			contact := `{"uuid": "5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f", "name": "Bob", "language": "eng", "status": "active",
				"created_on": "2024-01-01T00:00:00Z", "urns": ` + string(urns) + `}`
			assets := map[string]any{}
			if tc.channel != nil {
				assets["channels"] = []any{tc.channel}
			}
			flows := []*ruleFlow{{Nodes: []map[string]any{actionNode(sendMsg("hi"))}}}
			_, sprints := ruleRun{Flows: flows, Contact: contact, Env: tc.env, Assets: assets}.run(t)
			msgs := eventsOf(t, sprints, "msg_created")
			if got := msgs[0]["msg"].(map[string]any)["locale"]; got != tc.want {
				t.Errorf("locale %v, want %s", got, tc.want)
			}
		})
	}
}
