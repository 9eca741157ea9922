package check

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/read"
)

// A node's router, a router's wait and a wait's hint are absent or objects: the engine reads
// each of them as an object of its own when the key is there, so null is refused. Other parts
// (a node's actions, a router's cases and result name, a wait's timeout) may be null.
func TestRuleNullParts(t *testing.T) {
	tests := []struct {
		path  string // slash-separated from the flow, set to null
		error bool
	}{
		{"nodes/1/router", true},
		{"nodes/1/router/wait", true},
		{"nodes/1/router/wait/hint", true},
		{"nodes/1/router/wait/timeout", false},
		{"nodes/1/router/result_name", false},
		{"nodes/0/actions", false},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			m := mutate(t, baseFlow, "nodes/1/router/wait/hint", `{"type": "digits"}`)
			set(t, m, strings.Split(tc.path, "/"), json.RawMessage("null"))
			src, _ := json.Marshal(m)
			var errs []string
			for _, f := range Check(read.Read("flow.json", src), nil) {
				if f.Severity == flows.SeverityError {
					errs = append(errs, f.Code+" "+f.Pointer)
				}
			}
			want := []string(nil)
			if tc.error {
				want = []string{"schema/wrong-type /" + tc.path}
			}
			if !slices.Equal(errs, want) {
				t.Errorf("errors %v, want %v", errs, want)
			}
		})
	}
}

// Lists the engine requires to be there may be empty where it only checks they are there
// (groups, labels, airtime amounts), not where it asks for items (send_email's addresses); a
// resthook slug and an email address are at most 1,000 characters; an airtime amount may be 0.
func TestRuleActionListsAndLimits(t *testing.T) {
	runActionFieldCases(t, []actionFieldCase{
		{"no groups to add to", `{"type": "add_contact_groups", "groups": []}`, ""},
		{"groups null", `{"type": "add_contact_groups", "groups": null}`, "field/required /groups"},
		{"no labels", `{"type": "add_input_labels", "labels": []}`, ""},
		{"no airtime amounts", `{"type": "transfer_airtime", "amounts": {}}`, ""},
		{"an airtime amount of 0", `{"type": "transfer_airtime", "amounts": {"USD": 0}}`, ""},
		{"a negative airtime amount", `{"type": "transfer_airtime", "amounts": {"USD": -1}}`, "field/action-rule "},
		{"no email addresses", `{"type": "send_email", "addresses": [], "subject": "s", "body": "b"}`, "field/out-of-range /addresses"},
		{"an empty email address", `{"type": "send_email", "addresses": [""], "subject": "s", "body": "b"}`, ""},
		{"an email address of 1,000", `{"type": "send_email", "addresses": ["` + strings.Repeat("a", 1000) + `"], "subject": "s", "body": "b"}`, ""},
		{"an email address of 1,001", `{"type": "send_email", "addresses": ["` + strings.Repeat("a", 1001) + `"], "subject": "s", "body": "b"}`, "field/out-of-range /addresses/0"},
		{"a resthook of 1,000", `{"type": "call_resthook", "resthook": "` + strings.Repeat("r", 1000) + `"}`, ""},
		{"a resthook of 1,001", `{"type": "call_resthook", "resthook": "` + strings.Repeat("r", 1001) + `"}`, "field/out-of-range /resthook"},
	})
}
