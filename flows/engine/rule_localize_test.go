package engine

import (
	"encoding/json"
	"reflect"
	"testing"
)

// A run takes an item's property from the first of its languages (the contact's, when allowed,
// then the environment's default) whose translation of it is usable: a list of strings that isn't
// empty and isn't one empty string. Anything else (null, a string, [], [""]) is passed over for
// the next language, down to the flow's own text. A usable translation is taken whole: it isn't
// merged with the flow's texts, item by item.
func TestRuleLocalizeUsableTranslation(t *testing.T) {
	tests := []struct {
		name        string
		spa, fra    any // translations of the send_msg's text ("absent": none)
		qrs         any // spa translation of its quick replies
		wantText    string
		wantLocale  string
		wantReplies []string
	}{
		{"a usable translation", []string{"hola"}, "absent", "absent", "hola", "spa-US", []string{"yes", "no"}},
		{"a string is passed over", "hola", []string{"bonjour"}, "absent", "bonjour", "fra-US", []string{"yes", "no"}},
		{"null is passed over", nil, "absent", "absent", "hello", "eng-US", []string{"yes", "no"}},
		{"an empty list is passed over", []string{}, []string{"bonjour"}, "absent", "bonjour", "fra-US", []string{"yes", "no"}},
		{"one empty string is passed over", []string{""}, "absent", "absent", "hello", "eng-US", []string{"yes", "no"}},
		{"a list holding a number is passed over", []any{"hola", 5}, "absent", "absent", "hello", "eng-US", []string{"yes", "no"}},
		{"quick replies are taken whole, not merged", "absent", "absent", []string{"si"}, "hello", "eng-US", []string{"si"}},
		{"quick replies of another type are passed over", "absent", "absent", "si", "hello", "eng-US", []string{"yes", "no"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			msg := act("send_msg", map[string]any{"text": "hello", "quick_replies": []string{"yes", "no"}})
			item := msg["uuid"].(string)
			loc := map[string]any{}
			for lang, v := range map[string]any{"spa": tc.spa, "fra": tc.fra} {
				tr := map[string]any{}
				if v != "absent" {
					tr["text"] = v
				}
				if lang == "spa" && tc.qrs != "absent" {
					tr["quick_replies"] = tc.qrs
				}
				loc[lang] = map[string]any{item: tr}
			}
			flows := []*ruleFlow{{Nodes: []map[string]any{actionNode(msg)}, Extra: map[string]any{"localization": loc}}}
			contact := `{"uuid": "5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f", "name": "Bob", "language": "spa", "status": "active",
				"created_on": "2024-01-01T00:00:00Z", "urns": ["tel:+12065551212"]}`
			// the environment's default language is the first it allows
			env := `{"allowed_languages": ["fra", "spa", "eng"], "default_country": "US"}`
			_, sprints := ruleRun{Flows: flows, Contact: contact, Env: env}.run(t)
			got := eventsOf(t, sprints, "msg_created")[0]["msg"].(map[string]any)
			if got["text"] != tc.wantText || got["locale"] != tc.wantLocale {
				t.Errorf("text %v in %v, want %q in %s", got["text"], got["locale"], tc.wantText, tc.wantLocale)
			}
			var replies []string
			raw, _ := json.Marshal(got["quick_replies"])
			var qrs []struct{ Text string }
			_ = json.Unmarshal(raw, &qrs)
			for _, q := range qrs {
				replies = append(replies, q.Text)
			}
			if !reflect.DeepEqual(replies, tc.wantReplies) {
				t.Errorf("quick replies %v, want %v", replies, tc.wantReplies)
			}
		})
	}
}

// A result saves as its localized category the translation of its category's name in the run's
// language, and nothing when the name isn't translated (@results.x.category_localized then reads
// the category itself).
func TestRuleLocalizedCategoryName(t *testing.T) {
	tests := []struct {
		name  string
		trans any
		want  string
	}{
		{"translated", []string{"Sí"}, "Sí"},
		{"translated to the same name", []string{"Yes"}, "Yes"},
		{"not translated", "absent", ""},
		{"translated to nothing usable", []string{""}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sw := switchNode("@input.text", true, "Answer", ruleCase{Test: "has_any_word", Args: []string{"yes"}, Category: "Yes"})
			cat := sw["router"].(map[string]any)["categories"].([]map[string]any)[0]["uuid"].(string)
			loc := map[string]any{"spa": map[string]any{}}
			if tc.trans != "absent" {
				loc["spa"] = map[string]any{cat: map[string]any{"name": tc.trans}}
			}
			flows := []*ruleFlow{{Nodes: []map[string]any{sw}, Extra: map[string]any{"localization": loc}}}
			contact := `{"uuid": "5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f", "name": "Bob", "language": "spa", "status": "active",
				"created_on": "2024-01-01T00:00:00Z", "urns": ["tel:+12065551212"]}`
			s, _ := ruleRun{Flows: flows, Contact: contact, Env: `{"allowed_languages": ["eng", "spa"]}`, Inputs: []string{"yes"}}.run(t)
			res := s.Runs[0].Results["answer"]
			if res == nil {
				t.Fatal("no result saved")
			}
			if res.Category != "Yes" || res.CategoryLocalized != tc.want {
				t.Errorf("category %q localized %q, want Yes localized %q", res.Category, res.CategoryLocalized, tc.want)
			}
		})
	}
}
