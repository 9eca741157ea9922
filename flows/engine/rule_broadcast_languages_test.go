package engine

import "testing"

// send_broadcast evaluates its text in the flow's language and then in every language the flow
// has translations in, each time, as the reference does: a localization of the flow's own
// language is evaluated a second time (its expression errors logged twice), and the languages
// come in byte order so that the events are the same on every run.
func TestRuleBroadcastEvaluatesEveryLanguage(t *testing.T) {
	tests := []struct {
		name      string
		languages []string // of the flow's localization
		errors    int
		want      []string // the broadcast's translations
	}{
		{"no localization", nil, 1, []string{"eng"}},
		{"a localization of the flow's own language", []string{"eng"}, 2, []string{"eng"}},
		{"two other languages", []string{"spa", "fra"}, 3, []string{"eng", "fra", "spa"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			bc := act("send_broadcast", map[string]any{"text": "@(format_date(fields.nothing, \"DD\"))", "urns": []string{"tel:+12065551414"}})
			loc := map[string]any{}
			for _, l := range tc.languages {
				loc[l] = map[string]any{"a0000000-0000-4000-8000-0000000000ff": map[string]any{"text": []string{"x"}}}
			}
			flow := &ruleFlow{Extra: map[string]any{"localization": loc}, Nodes: []map[string]any{actionNode(bc)}}
			_, sprints := ruleRun{Flows: []*ruleFlow{flow}}.run(t)
			if errs := eventsOf(t, sprints, "error"); len(errs) != tc.errors {
				t.Errorf("%d errors, want %d: %v", len(errs), tc.errors, errs)
			}
			evs := eventsOf(t, sprints, "broadcast_created")
			if len(evs) != 1 {
				t.Fatalf("broadcasts %v", evs)
			}
			tr := evs[0]["translations"].(map[string]any)
			if len(tr) != len(tc.want) {
				t.Errorf("translations %v, want %v", tr, tc.want)
			}
			for _, l := range tc.want {
				if tr[l] == nil {
					t.Errorf("no %s translation in %v", l, tr)
				}
			}
		})
	}
}
