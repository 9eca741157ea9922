package check

import (
	"slices"
	"testing"
)

func TestLint(t *testing.T) {
	tests := []struct {
		name  string
		edits []any
		want  []string
	}{
		{"unreachable node", []any{"nodes/0/exits/0/destination_uuid", "30000000-0000-4000-8000-000000000002"},
			[]string{"lint/result-not-yet-set /nodes/2/actions/0/value", "lint/unreachable-node /nodes/1"}},
		{"loop without wait", []any{"nodes/2/exits/0/destination_uuid", "30000000-0000-4000-8000-000000000002"},
			[]string{"lint/loop-without-wait /nodes/2"}},
		{"two-node loop without wait", []any{"nodes/1/router/wait", nil, "nodes/1/router/categories/2", nil},
			[]string{"lint/loop-without-wait /nodes/1"}},
		{"loop through a subflow is fine", []any{"nodes/2/exits/0/destination_uuid", "30000000-0000-4000-8000-000000000002",
			"nodes/2/actions/0", `{"uuid": "20000000-0000-4000-8000-000000000002", "type": "enter_flow", "flow": {"uuid": "10000000-0000-4000-8000-00000000000f", "name": "Sub"}}`}, nil},
		{"loop through a wait is fine", []any{"nodes/2/exits/0/destination_uuid", "30000000-0000-4000-8000-000000000001"}, nil},
		{"result read before it is saved", []any{"nodes/0/actions/0/text", "You said @results.age"},
			[]string{"lint/result-not-yet-set /nodes/0/actions/0/text"}},
		{"result saved earlier in the same node", []any{"nodes/2/actions", `[
			{"uuid": "20000000-0000-4000-8000-000000000003", "type": "set_run_result", "name": "Done", "value": "@results.done"},
			{"uuid": "20000000-0000-4000-8000-000000000004", "type": "set_run_result", "name": "Again", "value": "@results.done"}]`},
			[]string{"lint/result-not-yet-set /nodes/2/actions/0/value"}},
		{"missing translation", []any{"localization/spa/20000000-0000-4000-8000-000000000001", `{"quick_replies": ["sí"]}`},
			[]string{"lint/missing-translation /nodes/0/actions/0"}},
		{"base language needs no translation", []any{"localization/eng", `{}`}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := summary(onlyLayer(runFlow(t, mutate(t, baseFlow, tc.edits...), nil), "lint"))
			if !slices.Equal(got, tc.want) && len(got)+len(tc.want) > 0 {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}
