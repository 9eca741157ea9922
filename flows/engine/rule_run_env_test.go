package engine

import (
	"fmt"
	"testing"
)

// A run's environment takes from the contact what the contact says: its language, when the
// environment allows it, is the default language (so format_date names days in it), and the
// country of its phone number is the default country (so local numbers read as that country's),
// as the reference's run environment does. Without either, the environment's own apply.
func TestRuleRunEnvironmentFromContact(t *testing.T) {
	tests := []struct {
		name, env, lang, urn string
		wantDay, wantPhone   string
	}{
		{"contact language allowed, not first", `{"allowed_languages": ["fra", "spa"]}`, "spa", "whatsapp:593987654321",
			"lunes", "false"},
		{"contact language not allowed", `{"allowed_languages": ["fra", "eng"]}`, "spa", "whatsapp:593987654321",
			"lundi", "false"},
		{"no contact language", `{"allowed_languages": ["fra"]}`, "", "whatsapp:593987654321",
			"lundi", "false"},
		{"default_language is not the contact's", `{"allowed_languages": ["eng", "fra"], "default_language": "fra"}`, "spa", "whatsapp:593987654321",
			"Monday", "false"},
		{"phone number's country", `{}`, "", "tel:+593987654321",
			"Monday", "true"},
		{"phone number's country over the environment's", `{"default_country": "RW"}`, "", "tel:+593987654321",
			"Monday", "true"},
		{"environment's country without a phone number", `{"default_country": "EC"}`, "", "whatsapp:593987654321",
			"Monday", "true"},
		{"no country", `{}`, "", "whatsapp:593987654321",
			"Monday", "false"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			contact := fmt.Sprintf(`{"uuid": "6a2f41a5-1e0b-4d1c-9d6e-2b7c3a1f9e01", "name": "Inés", "language": %q, "status": "active",
				"created_on": "2024-01-01T00:00:00Z", "urns": [%q]}`, tc.lang, tc.urn)
			flows := []*ruleFlow{{Nodes: []map[string]any{
				// Monday; an Ecuadorian mobile number written locally
				actionNode(sendMsg(`@(format_date("2024-01-15", "EEEE"))`), sendMsg(`@(has_phone("0987654322"))`)),
			}}}
			_, sprints := ruleRun{Flows: flows, Contact: contact, Env: tc.env}.run(t)
			got := sentTexts(sprints)
			if len(got) != 2 || got[0] != tc.wantDay || got[1] != tc.wantPhone {
				t.Errorf("sent %q, want [%q %q]", got, tc.wantDay, tc.wantPhone)
			}
		})
	}
}
