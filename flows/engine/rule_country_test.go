package engine

import (
	"testing"
)

// Runs read local phone numbers (has_phone without a country) in the contact's country, as the
// reference's run environment does: the country of the channel the contact is reached on, else
// of the contact's phone numbers, else the environment's default country.
func TestRuleRunCountry(t *testing.T) {
	channels := []any{
		map[string]any{"uuid": "57f1078f-88aa-46f4-a59a-948a5739c03d", "name": "US", "address": "+17036975131",
			"schemes": []any{"tel"}, "roles": []any{"send", "receive"}, "country": "US"},
		map[string]any{"uuid": "3a05eaf5-cb1b-4246-bef1-f277419c83a7", "name": "Any", "address": "+16055742523",
			"schemes": []any{"tel"}, "roles": []any{"send", "receive"}},
	}
	contact := func(urns string) string {
		return `{"uuid": "5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f", "name": "Ryan", "status": "active",
			"created_on": "2024-01-01T00:00:00Z", "urns": [` + urns + `]}`
	}
	tests := []struct {
		name, urns, env, want string
	}{
		{"the channel's country", `"tel:+250788383383?channel=57f1078f-88aa-46f4-a59a-948a5739c03d"`, `{"default_country": "RW"}`, "+10788123123"},
		{"the number's country", `"tel:+250788383383?channel=3a05eaf5-cb1b-4246-bef1-f277419c83a7"`, `{"default_country": "US"}`, "+250788123123"},
		{"over the environment's", `"mailto:a@b.co", "tel:+250788383383"`, `{}`, "+250788123123"},
		{"a local number: the environment's", `"tel:0788383383"`, `{"default_country": "RW"}`, "+250788123123"},
		{"no phone number: the environment's", `"mailto:a@b.co"`, `{"default_country": "RW"}`, "+250788123123"},
		{"no country at all", `"mailto:a@b.co"`, `{}`, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rr := ruleRun{Assets: map[string]any{"channels": channels}, Contact: contact(tc.urns), Env: tc.env}
			texts, _ := evalRule(t, rr, `@(has_phone("0788123123").match)`, `@(has_phone("0788123123", "RW").match)`)
			if len(texts) != 2 || texts[0] != tc.want || texts[1] != "+250788123123" {
				t.Errorf("got %q, want %q then +250788123123", texts, tc.want)
			}
		})
	}
}
