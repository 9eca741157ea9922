package engine

import (
	"strings"
	"testing"
)

// @webhook is the last call as the reference shows it: reading as the request's method and URL,
// with the response's status, headers (first value of each) and body parsed as JSON (null when
// it isn't JSON, or when nothing came back).
func TestRuleWebhookContext(t *testing.T) {
	const url = "http://example.com/hook?a=1"
	tests := []struct {
		name   string
		method string
		mocks  []MockResponse
		want   string
	}{
		{"JSON body", "GET", []MockResponse{{Status: 200, Body: `{"a": 1, "b": [1, 2]}`}},
			`GET http://example.com/hook?a=1|{"headers":{},"json":{"a":1,"b":[1,2]},"status":200}|1`},
		{"body that isn't JSON", "POST", []MockResponse{{Status: 200, Body: "not json at all"}},
			`POST http://example.com/hook?a=1|{"headers":{},"json":null,"status":200}|`},
		{"error status", "put", []MockResponse{{Status: 503, Body: `{"a": 2}`}},
			`PUT http://example.com/hook?a=1|{"headers":{},"json":{"a":2},"status":503}|2`},
		{"response headers", "GET", []MockResponse{{Status: 201, Body: `{}`, Headers: map[string]string{"x-trace": "abc", "Content-Type": "application/json"}}},
			`GET http://example.com/hook?a=1|{"headers":{"Content-Type":"application/json","X-Trace":"abc"},"json":{},"status":201}|`},
		{"connection error", "GET", nil,
			`GET http://example.com/hook?a=1|{"headers":{},"json":null,"status":0}|`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// a current flow: the migrations of older ones read @webhook as @webhook.json
			flows := []*ruleFlow{{Extra: map[string]any{"spec_version": "14.3.0"}, Nodes: []map[string]any{
				actionNode(act("call_webhook", map[string]any{"method": tc.method, "url": url, "headers": map[string]any{}, "body": ""}),
					sendMsg(`@webhook|@(json(webhook))|@webhook.json.a`)),
			}}}
			mocks := map[string][]MockResponse{}
			if tc.mocks != nil {
				mocks[url] = tc.mocks
			}
			_, sprints := ruleRun{Flows: flows, Mocks: mocks}.run(t)
			got := sentTexts(sprints)
			if len(got) != 1 || got[0] != tc.want {
				t.Errorf("sent %q\nwant %q", got, tc.want)
			}
		})
	}
}

// A call_webhook forgets the previous call before it evaluates anything: its URL, headers and
// body see no @webhook, and a call that can't be made (an empty, invalid or blocked URL) leaves
// none. Other actions keep @webhook as it is.
func TestRuleWebhookClearedByNextCall(t *testing.T) {
	const first, second = "http://example.com/first", "http://example.com/second"
	see := `@(default(webhook.status, "none"))`
	tests := []struct {
		name      string
		secondURL string
		between   map[string]any
		want      string // what is sent after the second action, then the URLs called
	}{
		{"URL of the next call sees none", second + "?prev=" + see, nil, "200|" + first + " " + second + "?prev=none"},
		{"blocked call leaves none", "https://graph.facebook.com/x", nil, "none|" + first},
		{"empty URL leaves none", `@("")`, nil, "none|" + first},
		{"connection error leaves the failed call", "http://example.com/nowhere", nil, "0|" + first + " http://example.com/nowhere"},
		{"other actions keep it", "", act("set_run_result", map[string]any{"name": "X", "value": "1"}), "201|" + first},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			acts := []map[string]any{act("call_webhook", map[string]any{"method": "GET", "url": first, "headers": map[string]any{}, "body": ""})}
			if tc.between != nil {
				acts = append(acts, tc.between)
			} else {
				acts = append(acts, act("call_webhook", map[string]any{"method": "GET", "url": tc.secondURL, "headers": map[string]any{}, "body": ""}))
			}
			acts = append(acts, sendMsg(see))
			flows := []*ruleFlow{{Extra: map[string]any{"spec_version": "14.3.0"}, Nodes: []map[string]any{actionNode(acts...)}}}
			mocks := map[string][]MockResponse{first: {{Status: 201, Body: `{}`}}, second + "?prev=none": {{Status: 200, Body: `{}`}}}
			_, sprints := ruleRun{Flows: flows, Mocks: mocks}.run(t)
			got := strings.Join(sentTexts(sprints), ",") + "|"
			var urls []string
			for _, e := range eventsOf(t, sprints, "webhook_called") {
				urls = append(urls, e["url"].(string))
			}
			got += strings.Join(urls, " ")
			if got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}
