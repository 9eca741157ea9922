package engine

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// callOnce runs a flow whose only action is the given call_webhook and returns its
// webhook_called event (nil when none) and the errors logged.
func callOnce(t *testing.T, action map[string]any, mocks map[string][]MockResponse) (map[string]any, []string) {
	t.Helper()
	flows := []*ruleFlow{{Extra: map[string]any{"spec_version": "14.3.0"}, Nodes: []map[string]any{actionNode(act("call_webhook", action))}}}
	_, sprints := ruleRun{Flows: flows, Mocks: mocks}.run(t)
	var errs []string
	for _, e := range eventsOf(t, sprints, "error") {
		errs = append(errs, e["text"].(string))
	}
	calls := eventsOf(t, sprints, "webhook_called")
	if len(calls) == 0 {
		return nil, errs
	}
	return calls[0], errs
}

// A mock answers the URL as the client sends it (spaces and non-ASCII in the path escaped,
// the scheme lower-cased), which is how the reference's recordings name a call, or the URL as
// the flow wrote it.
func TestRuleMockMatchesTheSentURL(t *testing.T) {
	tests := []struct {
		name, url, mockKey string
	}{
		{"space in the path", "http://example.com/Ann Marie", "http://example.com/Ann%20Marie"},
		{"space in the path, as written", "http://example.com/Ann Marie", "http://example.com/Ann Marie"},
		{"non-ASCII path", "https://example.com/ü?q=é", "https://example.com/%C3%BC?q=é"},
		{"upper-case scheme", "HTTP://EXAMPLE.COM/Up", "http://EXAMPLE.COM/Up"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			call, _ := callOnce(t, map[string]any{"method": "GET", "url": tc.url, "headers": map[string]any{}, "body": ""},
				map[string][]MockResponse{tc.mockKey: {{Status: 200, Body: "{}"}}})
			if call == nil || call["status"] != "success" {
				t.Errorf("call %v, want the mock's answer", call)
			}
		})
	}
}

// The logged response of a status without a body (1xx, 204, 304) has no Content-Length when it
// is empty, unless the request was a POST, PUT or PATCH; a Content-Length the flow sets is not sent (the client
// writes its own).
func TestRuleWebhookWireLengths(t *testing.T) {
	const url = "http://example.com/x"
	tests := []struct {
		name, method string
		status       int
		headers      map[string]any
		wantResponse string
		wantRequest  string
	}{
		{"204 to a GET", "GET", 204, nil, "HTTP/1.0 204 No Content\r\n\r\n", ""},
		{"304 to a DELETE", "DELETE", 304, nil, "HTTP/1.0 304 Not Modified\r\n\r\n", ""},
		{"100 to a HEAD", "HEAD", 100, nil, "HTTP/1.0 100 Continue\r\n\r\n", ""},
		{"204 to a POST", "POST", 204, nil, "HTTP/1.0 204 No Content\r\nContent-Length: 0\r\n\r\n", ""},
		{"204 with a body anyway", "GET", 204, map[string]any{"X-Body": "yes"}, "HTTP/1.0 204 No Content\r\nContent-Length: 4\r\n\r\ntrue", ""},
		{"200 to a GET", "GET", 200, nil, "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", ""},
		{"the flow's Content-Length", "PUT", 200, map[string]any{"Content-Length": "5", "X-A": "1"}, "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n",
			"PUT /x HTTP/1.1\r\nHost: example.com\r\nUser-Agent: goflow-testing\r\nContent-Length: 2\r\nX-A: 1\r\nAccept-Encoding: gzip\r\n\r\nhi"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			body := ""
			if tc.wantRequest != "" {
				body = "hi"
			}
			headers := tc.headers
			if headers == nil {
				headers = map[string]any{}
			}
			respBody := ""
			if _, ok := headers["X-Body"]; ok {
				respBody = "true"
			}
			call, _ := callOnce(t, map[string]any{"method": tc.method, "url": url, "headers": headers, "body": body},
				map[string][]MockResponse{url: {{Status: tc.status, Body: respBody}}})
			if call == nil {
				t.Fatal("no webhook_called")
			}
			if call["response"] != tc.wantResponse {
				t.Errorf("response %q, want %q", call["response"], tc.wantResponse)
			}
			if tc.wantRequest != "" && call["request"] != tc.wantRequest {
				t.Errorf("request %q, want %q", call["request"], tc.wantRequest)
			}
		})
	}
}

// A webhook URL may evaluate to 8192 characters (not bytes); a longer one is invalid. The event
// shows the URL cut to 2048 characters.
func TestRuleWebhookURLLength(t *testing.T) {
	const prefix = "http://example.com/"
	tests := []struct {
		name      string
		path      string
		wantCall  bool
		wantShown int // characters of the URL the event shows
	}{
		{"8192 characters of two bytes each", strings.Repeat("é", 8192-len(prefix)), true, 2048},
		{"8193 characters", strings.Repeat("p", 8193-len(prefix)), false, 0},
		{"short", "p", true, len(prefix) + 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			call, errs := callOnce(t, map[string]any{"method": "GET", "url": prefix + tc.path, "headers": map[string]any{}, "body": ""}, nil)
			if (call != nil) != tc.wantCall {
				t.Fatalf("called %v (errors %q), want called %v", call != nil, errs, tc.wantCall)
			}
			if !tc.wantCall {
				if len(errs) != 1 || !strings.HasPrefix(errs[0], "Webhook URL evaluated to an invalid URL: '") {
					t.Errorf("errors %q, want the invalid URL error", errs)
				}
				return
			}
			shown := call["url"].(string)
			if n := utf8.RuneCountInString(shown); n != tc.wantShown || n == 2048 && !strings.HasSuffix(shown, "...") {
				t.Errorf("event shows %d characters ending %q, want %d", n, shown[max(0, len(shown)-10):], tc.wantShown)
			}
		})
	}
}
