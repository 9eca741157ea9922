package check

import (
	"fmt"
	"slices"

	"github.com/flowctl/flowctl/flows"
	"strings"
	"testing"
)

func TestFields(t *testing.T) {
	long := strings.Repeat("x", 65)
	tests := []struct {
		name  string
		edits []any
		want  []string // "code pointer"
		msg   string   // a substring of some finding's message
	}{
		{"flow name too long", []any{"name", long},
			[]string{"field/out-of-range /name"}, "field 'name' must be less than or equal to 64"},
		{"bad flow type", []any{"type", "messagin"},
			[]string{"field/invalid-value /type"}, "did you mean 'messaging'?"},
		{"bad flow language", []any{"language", "xyz"},
			[]string{"field/invalid-format /language"}, "not a valid language code"},
		{"bad node uuid", []any{"nodes/2/uuid", "nope"},
			[]string{"field/invalid-format /nodes/2/uuid", "graph/unknown-destination /nodes/1/exits/0/destination_uuid", "lint/unreachable-node /nodes/2"}, "field 'nodes[2].uuid' must be a valid UUID"},
		{"null node", []any{"nodes/2", nil},
			[]string{"schema/wrong-type /nodes/2", "graph/unknown-destination /nodes/1/exits/0/destination_uuid"}, "expected object"},
		{"send_msg without text", []any{"nodes/0/actions/0/text", ""},
			[]string{"field/required /nodes/0/actions/0/text"}, "field 'text' is required"},
		{"quick reply too long", []any{"nodes/0/actions/0/quick_replies", `["` + strings.Repeat("q", 1001) + `"]`},
			[]string{"field/out-of-range /nodes/0/actions/0/quick_replies/0"}, "field 'quick_replies[0]' must be less than or equal to 1000"},
		{"too many attachments", []any{"nodes/0/actions/0/attachments", manyJSON(11, func(int) string { return `"image:http://x.io/a.jpg"` })},
			[]string{"field/out-of-range /nodes/0/actions/0/attachments"}, "must have a maximum of 10 items"},
		{"bad header name", []any{"nodes/2/actions/0", `{"uuid": "20000000-0000-4000-8000-000000000002", "type": "call_webhook", "method": "GET", "url": "http://x.io", "headers": {"Accept:": "x"}}`},
			[]string{"field/invalid-format /nodes/2/actions/0/headers/Accept:"}, "header 'Accept:' is not a valid HTTP header name"},
		{"eleven headers", []any{"nodes/2/actions/0", webhookWithHeaders(11, 5, 5)},
			[]string{"field/out-of-range /nodes/2/actions/0/headers"}, "field 'headers' must have a maximum of 10 items"},
		{"header name over 100 characters", []any{"nodes/2/actions/0", webhookWithHeaders(1, 101, 5)},
			[]string{"field/out-of-range /nodes/2/actions/0/headers/" + strings.Repeat("n", 101)}, "must be less than or equal to 100"},
		{"header value over 5000 characters", []any{"nodes/2/actions/0", webhookWithHeaders(1, 5, 5001)},
			[]string{"field/out-of-range /nodes/2/actions/0/headers/nnnnn"}, "must be less than or equal to 5000"},
		{"bad http method", []any{"nodes/2/actions/0", `{"uuid": "20000000-0000-4000-8000-000000000002", "type": "call_webhook", "method": "FETCH", "url": "http://x.io"}`},
			[]string{"field/invalid-value /nodes/2/actions/0/method"}, "not a valid HTTP method"},
		{"bad contact status", []any{"nodes/2/actions/0", `{"uuid": "20000000-0000-4000-8000-000000000002", "type": "set_contact_status", "status": "drunk"}`},
			[]string{"field/invalid-value /nodes/2/actions/0/status"}, "field 'status' is not a valid contact status"},
		{"URN scheme the reference doesn't know", []any{"nodes/2/actions/0", `{"uuid": "20000000-0000-4000-8000-000000000002", "type": "add_contact_urn", "scheme": "twiter", "path": "bob"}`},
			[]string{"field/invalid-value /nodes/2/actions/0/scheme"}, "not a valid URN scheme, got 'twiter'; expected one of bsuid, ext, facebook, fcm, freshchat, instagram, jiochat, line, mailto, rocketchat, slack, tel, telegram, twitter, twitterid, viber, vk, webchat, wechat, whatsapp; did you mean 'twitter'?"},
		{"URN scheme of the right form, not known", []any{"nodes/2/actions/0", `{"uuid": "20000000-0000-4000-8000-000000000002", "type": "add_contact_urn", "scheme": "discord", "path": "123"}`},
			[]string{"field/invalid-value /nodes/2/actions/0/scheme"}, "got 'discord'"},
		{"known URN scheme", []any{"nodes/2/actions/0", `{"uuid": "20000000-0000-4000-8000-000000000002", "type": "add_contact_urn", "scheme": "whatsapp", "path": "123"}`},
			nil, ""},
		{"flow name of enter_flow too long", []any{"nodes/2/actions/0", `{"uuid": "20000000-0000-4000-8000-000000000002", "type": "enter_flow", "flow": {"uuid": "70000000-0000-4000-8000-000000000009", "name": "` + long + `"}}`},
			[]string{"asset/undeclared-kind /nodes/2/actions/0/flow", "field/out-of-range /nodes/2/actions/0/flow/name"}, "field 'flow.name' must be less than or equal to 64"},
		{"field key and name too long", []any{"nodes/2/actions/0", `{"uuid": "20000000-0000-4000-8000-000000000002", "type": "set_contact_field", "field": {"key": "` + long + `", "name": "` + long + `"}, "value": "1"}`},
			[]string{"asset/undeclared-kind /nodes/2/actions/0/field", "field/out-of-range /nodes/2/actions/0/field/key", "field/out-of-range /nodes/2/actions/0/field/name"}, "field 'field.key' must be less than or equal to 64"},
		{"template name over 64 characters", []any{"nodes/2/actions/0", `{"uuid": "20000000-0000-4000-8000-000000000002", "type": "send_msg", "text": "hi", "template": {"uuid": "70000000-0000-4000-8000-00000000000a", "name": "` + long + `"}}`},
			[]string{"asset/undeclared-kind /nodes/2/actions/0/template", "lint/missing-translation /nodes/2/actions/0"}, ""},
		{"URN path over 1000 characters", []any{"nodes/2/actions/0", `{"uuid": "20000000-0000-4000-8000-000000000002", "type": "add_contact_urn", "scheme": "ext", "path": "` + strings.Repeat("p", 1001) + `"}`},
			[]string{"field/out-of-range /nodes/2/actions/0/path"}, "field 'path' must be less than or equal to 1000"},
		{"legacy variable over 1000 characters", []any{"nodes/2/actions/0", `{"uuid": "20000000-0000-4000-8000-000000000002", "type": "send_broadcast", "text": "hi", "legacy_vars": ["` + strings.Repeat("v", 1001) + `"]}`},
			[]string{"field/out-of-range /nodes/2/actions/0/legacy_vars/0", "lint/missing-translation /nodes/2/actions/0"}, "field 'legacy_vars[0]' must be less than or equal to 1000"},
		{"dial wait without a phone", []any{"type", "voice", "nodes/1/router/wait", `{"type": "dial"}`, "nodes/0/actions/0", `{"uuid": "20000000-0000-4000-8000-000000000001", "type": "say_msg", "text": "hi"}`},
			[]string{"field/required /nodes/1/router/wait/phone"}, "field 'nodes[1].router.wait.phone' is required"},
		{"result name too long", []any{"nodes/2/actions/0/name", long},
			[]string{"field/invalid-format /nodes/2/actions/0/name"}, "not a valid result name"},
		{"group name too long", []any{"nodes/2/actions/0", `{"uuid": "20000000-0000-4000-8000-000000000002", "type": "add_contact_groups", "groups": [{"uuid": "70000000-0000-4000-8000-000000000000", "name": "` + long + `"}]}`},
			[]string{"asset/undeclared-kind /nodes/2/actions/0/groups/0", "field/out-of-range /nodes/2/actions/0/groups/0/name"}, ""},
		{"action rule", []any{"nodes/2/actions/0", `{"uuid": "20000000-0000-4000-8000-000000000002", "type": "remove_contact_groups", "all_groups": true, "groups": [{"uuid": "70000000-0000-4000-8000-000000000000", "name": "A"}]}`},
			[]string{"asset/undeclared-kind /nodes/2/actions/0/groups/0", "field/action-rule /nodes/2/actions/0"}, ""},
		{"empty local name and operation", []any{"nodes/2/actions/0", `{"uuid": "20000000-0000-4000-8000-000000000002", "type": "set_run_local", "local": "", "operation": ""}`},
			[]string{"field/required /nodes/2/actions/0/local", "field/required /nodes/2/actions/0/operation"}, ""},
		{"switch without operand", []any{"nodes/1/router/operand", ""},
			[]string{"field/required /nodes/1/router/operand"}, "field 'nodes[1].router.operand' is required"},
		{"too many case arguments", []any{"nodes/1/router/cases/0/arguments", manyJSON(11, func(int) string { return `"a"` })},
			[]string{"field/out-of-range /nodes/1/router/cases/0/arguments"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs := onlyLayer(runFlow(t, mutate(t, baseFlow, tc.edits...), nil), "schema", "field", "graph", "asset", "lint")
			got := summary(fs)
			slices.Sort(tc.want)
			if !slices.Equal(got, tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
			if tc.msg != "" && !slices.ContainsFunc(fs, func(f flows.Finding) bool { return strings.Contains(f.Message, tc.msg) }) {
				t.Errorf("no message in %q contains %q", messages(fs), tc.msg)
			}
		})
	}
}

func messages(fs []flows.Finding) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Message
	}
	return out
}

func TestFieldPath(t *testing.T) {
	tests := map[string][]string{
		"SendMsg.quick_replies[0]":           {"quick_replies", "0"},
		"CallWebhook.headers[Accept:]":       {"headers", "Accept:"},
		"CallWebhook.headers[a.b[c]]":        {"headers", "a.b[c]"},
		"Flow.nodes[2].router.cases[0].uuid": {"nodes", "2", "router", "cases", "0", "uuid"},
		"Flow":                               nil,
	}
	for ns, want := range tests {
		if got := fieldPath(ns); !slices.Equal(got, want) {
			t.Errorf("fieldPath(%q) = %q, want %q", ns, got, want)
		}
	}
}

// webhookWithHeaders is a call_webhook action with n headers whose names and values have the
// given lengths.
func webhookWithHeaders(n, nameLen, valueLen int) string {
	headers := make([]string, n)
	for i := range headers {
		name := strings.Repeat("n", nameLen-1) + string(rune('a'+i))
		if n == 1 {
			name = strings.Repeat("n", nameLen)
		}
		headers[i] = fmt.Sprintf("%q: %q", name, strings.Repeat("v", valueLen))
	}
	return `{"uuid": "20000000-0000-4000-8000-000000000002", "type": "call_webhook", "method": "GET", "url": "http://x.io", "headers": {` + strings.Join(headers, ", ") + `}}`
}
