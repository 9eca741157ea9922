package engine

import (
	"fmt"
	"strings"
	"testing"
)

// A webhook's body loses its NULs before it is read as JSON (@webhook.json and the result's
// extra): NUL bytes and \u0000 escapes are dropped, escaped backslashes before "u0000" stay. The
// logged response shows each NUL, raw or escaped, as U+FFFD; its size is the body's as received.
func TestRuleWebhookBodyNulls(t *testing.T) {
	const url = "http://example.com/hook"
	tests := []struct {
		name, body         string
		wantSent, wantBody string // what @webhook.json and the extra read as; the logged body
	}{
		{"escaped NUL", `{"a":"x\u0000y"}`, `{"a":"xy"}|{"a":"xy"}`, `{"a":"x` + "\uFFFD" + `y"}`},
		{"escaped backslash stays", `{"a":"x\\u0000y"}`, `{"a":"x\\u0000y"}|{"a":"x\\u0000y"}`, `{"a":"x\\u0000y"}`},
		{"escaped backslash then escaped NUL", `{"a":"x\\\u0000y"}`, `{"a":"x\\y"}|{"a":"x\\y"}`, `{"a":"x\\` + "\uFFFD" + `y"}`},
		{"NUL byte after the JSON", "{\"a\":1}\x00", `{"a":1}|{"a":1}`, `{"a":1}` + "\uFFFD"},
		{"NUL byte in a string", "{\"a\":\"\x00\"}", `{"a":""}|{"a":""}`, `{"a":"` + "\uFFFD" + `"}`},
		{"escaped NUL in a key", `{"\u0000k":1}`, `{"k":1}|{"k":1}`, `{"` + "\uFFFD" + `k":1}`},
		{"not JSON", "abc\x00def", `null|null`, "abc\uFFFDdef"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			flows := []*ruleFlow{{Extra: map[string]any{"spec_version": "14.3.0"}, Nodes: []map[string]any{
				actionNode(act("call_webhook", map[string]any{"method": "GET", "url": url, "headers": map[string]any{}, "body": "", "result_name": "Hook"}),
					sendMsg(`@(json(webhook.json))|@(json(results.hook.extra))`)),
			}}}
			_, sprints := ruleRun{Flows: flows, Mocks: map[string][]MockResponse{url: {{Status: 200, Body: tc.body}}}}.run(t)
			if got := sentTexts(sprints); len(got) != 1 || got[0] != tc.wantSent {
				t.Errorf("sent %q, want %q", got, tc.wantSent)
			}
			calls := eventsOf(t, sprints, "webhook_called")
			if len(calls) != 1 {
				t.Fatalf("webhook_called events: %v", calls)
			}
			resp := calls[0]["response"].(string)
			_, body, _ := strings.Cut(resp, "\r\n\r\n")
			size := calls[0]["sizes"].(map[string]any)["response"].(float64)
			head, _, _ := strings.Cut(resp, "\r\n\r\n")
			if body != tc.wantBody || int(size) != len(head)+4+len(tc.body) {
				t.Errorf("logged body %q size %v, want %q size %d", body, size, tc.wantBody, len(head)+4+len(tc.body))
			}
		})
	}
}

// A logged request or response is cut to 10000 characters (not bytes), the last three being
// "...", after NULs are shown as U+FFFD; a body that isn't UTF-8 is logged as "...".
func TestLoggedTraces(t *testing.T) {
	const head = "HTTP/1.0 200 OK\r\n\r\n"
	tests := []struct {
		name      string
		body      string
		wantRunes int
		wantEnd   string
	}{
		{"short", "abc", len(head) + 3, "abc"},
		{"exactly at the limit", strings.Repeat("x", 10000-len(head)), 10000, "xxx"},
		{"one over", strings.Repeat("x", 10001-len(head)), 10000, "x..."},
		{"two-byte characters counted once", strings.Repeat("é", 6000), len(head) + 6000, "ééé"},
		{"NULs become three-byte characters", strings.Repeat("\x00", 9990), 10000, "\uFFFD..."},
		{"invalid UTF-8", "ab\xffcd", len(head) + 3, "\r\n..."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := loggedResponse(head, []byte(tc.body))
			if n := len([]rune(got)); n != tc.wantRunes || !strings.HasSuffix(got, tc.wantEnd) {
				t.Errorf("got %d characters ending %q, want %d ending %q", n, got[max(0, len(got)-12):], tc.wantRunes, tc.wantEnd)
			}
		})
	}
	req := "POST /x HTTP/1.1\r\nHost: a\r\n\r\n" + "a\x00b" + `\u0000`
	if got, want := loggedRequest(req), "POST /x HTTP/1.1\r\nHost: a\r\n\r\na\uFFFDb\\u0000"; got != want {
		t.Errorf("request logged as %q, want %q (a request's escaped NULs stay)", got, want)
	}
}

// A webhook result keeps the body's JSON as its extra only below 10000 bytes (after the NULs are
// dropped); @webhook.json has the whole body either way.
func TestRuleWebhookResultExtraLimit(t *testing.T) {
	const url = "http://example.com/hook"
	tests := []struct {
		name      string
		body      string
		wantExtra bool
	}{
		{"one byte under", `{"a":"` + strings.Repeat("x", 9991) + `"}`, true},
		{"at the limit", `{"a":"` + strings.Repeat("x", 9992) + `"}`, false},
		{"under once its NULs are dropped", `{"a":"` + strings.Repeat("x", 9985) + `\u0000"}`, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			flows := []*ruleFlow{{Extra: map[string]any{"spec_version": "14.3.0"}, Nodes: []map[string]any{
				actionNode(act("call_webhook", map[string]any{"method": "GET", "url": url, "headers": map[string]any{}, "body": "", "result_name": "Hook"}),
					sendMsg(`@(text_length(default(results.hook.extra.a, ""))) @(text_length(webhook.json.a))`)),
			}}}
			_, sprints := ruleRun{Flows: flows, Mocks: map[string][]MockResponse{url: {{Status: 200, Body: tc.body}}}}.run(t)
			evs := eventsOf(t, sprints, "run_result_changed")
			if len(evs) != 1 {
				t.Fatalf("run_result_changed events: %v", evs)
			}
			_, hasExtra := evs[0]["extra"]
			n := len(tc.body) - 8
			if strings.Contains(tc.body, `\u0000`) {
				n -= 6
			}
			want := "0 "
			if tc.wantExtra {
				want = fmt.Sprint(n, " ")
			}
			want += fmt.Sprint(n)
			if got := sentTexts(sprints); hasExtra != tc.wantExtra || len(got) != 1 || got[0] != want {
				t.Errorf("extra kept %v, sent %q; want extra %v, sent %q", hasExtra, got, tc.wantExtra, want)
			}
		})
	}
}
