package legacy

import (
	"strings"
	"testing"
)

func TestMigrateFlow(t *testing.T) {
	src := `{"base_language": "eng", "flow_type": "V", "entry": "r1",
	"metadata": {"uuid": "f1", "name": "Survey", "revision": 7, "expires": 720},
	"action_sets": [
		{"uuid": "a1", "exit_uuid": "e1", "destination": "r1", "actions": [], "x": 0, "y": 300},
		{"uuid": "a2", "exit_uuid": "e2", "destination": "nowhere", "actions": [], "x": 0, "y": 100}
	],
	"rule_sets": [{"uuid": "r1", "ruleset_type": "wait_message", "label": "Color", "y": 200, "rules": [
		{"uuid": "x1", "category": {"eng": "Red", "fra": "Rouge"}, "destination": "a1", "test": {"type": "contains_any", "test": {"eng": "red", "fra": "rouge", "base": "x"}}},
		{"uuid": "x2", "category": {"eng": "Other", "fra": "Autre"}, "destination": "a2", "test": {"type": "true"}}
	]}]}`
	flow, _, problems := Migrate(decode(t, src), Options{})
	if len(problems) > 0 {
		t.Fatalf("problems: %v", problems)
	}
	var order []string
	for _, n := range flow["nodes"].([]any) {
		order = append(order, n.(map[string]any)["uuid"].(string))
	}
	// the entry first, then by position from the top
	if got := strings.Join(order, " "); got != "r1 a2 a1" {
		t.Errorf("node order = %s, want r1 a2 a1", got)
	}
	for key, want := range map[string]any{"uuid": "f1", "name": "Survey", "spec_version": "13.0.0", "language": "eng", "type": "voice", "revision": 7.0, "expire_after_minutes": 720.0} {
		if flow[key] != want {
			t.Errorf("%s = %v, want %v", key, flow[key], want)
		}
	}
	a2 := flow["nodes"].([]any)[1].(map[string]any)
	if got := canonical(t, a2["exits"]); got != `[{"uuid":"e2"}]` {
		t.Errorf("exit to a missing node = %s, want no destination", got)
	}
	wantLoc := expandUUIDs(`{"fra":{"{case:x1}":{"arguments":["rouge"]},"{category:x1}":{"name":["Rouge"]},"{category:x2}":{"name":["Autre"]}}}`)
	if got := canonical(t, flow["localization"]); got != wantLoc {
		t.Errorf("localization\n got %s\nwant %s", got, wantLoc)
	}
	again, _, _ := Migrate(decode(t, src), Options{})
	if canonical(t, again) != canonical(t, flow) {
		t.Error("migrating twice gave different flows")
	}
}

func TestMigrateFlowIdentity(t *testing.T) {
	tests := []struct {
		name, src, wantUUID, wantName, wantType string
		wantProblems                            int
	}{
		{"metadata", `{"base_language": "eng", "flow_type": "S", "metadata": {"uuid": "f1", "name": "A"}}`, "f1", "A", "messaging_offline", 0},
		{"root level", `{"base_language": "eng", "uuid": "f2", "name": "B", "action_sets": []}`, "f2", "B", "messaging", 0},
		{"none: derived", `{"base_language": "eng", "flow_type": "F", "action_sets": []}`, derive("\x00", "flow"), "", "messaging", 0},
		{"unknown flow type", `{"base_language": "eng", "flow_type": "Q", "metadata": {"uuid": "f1", "name": "A"}}`, "f1", "A", "messaging", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			flow, _, problems := Migrate(decode(t, tt.src), Options{})
			if flow["uuid"] != tt.wantUUID || flow["name"] != tt.wantName || flow["type"] != tt.wantType {
				t.Errorf("got uuid %v name %v type %v, want %s %s %s", flow["uuid"], flow["name"], flow["type"], tt.wantUUID, tt.wantName, tt.wantType)
			}
			if len(problems) != tt.wantProblems {
				t.Errorf("problems = %v, want %d", problems, tt.wantProblems)
			}
		})
	}
}

func TestIsLegacy(t *testing.T) {
	tests := []struct {
		src  string
		want bool
	}{
		{`{"action_sets": []}`, true},
		{`{"rule_sets": []}`, true},
		{`{"flow_type": "F", "definition": {}}`, true},
		{`{"base_language": "eng"}`, false},
		{`{"base_language": "eng", "nodes": []}`, false},
		{`{"uuid": "x", "nodes": []}`, false},
	}
	for _, tt := range tests {
		if got := IsLegacy(decode(t, tt.src)); got != tt.want {
			t.Errorf("IsLegacy(%s) = %v, want %v", tt.src, got, tt.want)
		}
	}
}

// Migrate must not panic on values of the wrong types anywhere.
func TestMigrateWrongTypes(t *testing.T) {
	srcs := []string{
		`{"base_language": 3, "action_sets": 3, "rule_sets": "x", "metadata": []}`,
		`{"action_sets": [3, {"actions": [3, {"type": 4, "msg": 5, "quick_replies": [3], "groups": [3]}]}]}`,
		`{"rule_sets": [{"rules": [3, {"test": 3, "category": 3}], "config": 3}, {"ruleset_type": "webhook", "config": {"webhook_headers": [3]}}]}`,
		`{"rule_sets": [{"ruleset_type": "airtime", "config": {"RW": 3}}, {"ruleset_type": "subflow", "config": {"flow": 3}}]}`,
	}
	for _, src := range srcs {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("Migrate(%s) panicked: %v", src, r)
				}
			}()
			Migrate(decode(t, src), Options{})
		}()
	}
}

func TestOriginsSource(t *testing.T) {
	o := Origins{"/nodes/0": "/rule_sets/1", "/nodes/0/router/cases/2": "/rule_sets/1/rules/3/test", "/nodes/1": ""}
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"/nodes/0", "/rule_sets/1", true},
		{"/nodes/0/router/cases/2/arguments/0", "/rule_sets/1/rules/3/test/arguments/0", true},
		{"/nodes/0/router/cases/1", "/rule_sets/1/router/cases/1", true},
		{"/nodes/1/uuid", "/uuid", true},
		{"/nodes/10", "", false},
		{"/localization/fra", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		if got, ok := o.Source(tt.in); got != tt.want || ok != tt.ok {
			t.Errorf("Source(%q) = %q, %v, want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
