package actions_test

import (
	"encoding/json"
	"testing"
)

// TestWebhookTransportRefusals: a URL that parses but can't be sent (no http/https scheme, no
// host, a header value with a control character) is refused by the HTTP client, as the
// reference's is: one plain error in the client's words, no webhook_called, no result.
func TestWebhookTransportRefusals(t *testing.T) {
	tests := []struct {
		name, method, url, headers string
		want                       string
	}{
		{"relative path", "GET", "/api/v1/contacts?page=2", `{}`,
			`Get "/api/v1/contacts?page=2": unsupported protocol scheme ""`},
		{"bare word", "POST", "contacts", `{}`,
			`Post "contacts": unsupported protocol scheme ""`},
		{"other scheme", "PUT", "sftp://files.example.org/in", `{}`,
			`Put "sftp://files.example.org/in": unsupported protocol scheme "sftp"`},
		{"scheme is lower-cased", "GET", "WSS://socket.example.org/", `{}`,
			`Get "wss://socket.example.org/": unsupported protocol scheme "wss"`},
		{"no host", "DELETE", "https:///orders/7", `{}`,
			`Delete "https:///orders/7": http: no Host in request URL`},
		{"password hidden", "GET", "tcp://ann:secret@example.org/x", `{}`,
			`Get "tcp://ann:***@example.org/x": unsupported protocol scheme "tcp"`},
		{"header with a line break", "GET", "http://example.org/x", `{"X-Token": "a@(char(10))b"}`,
			`Get "http://example.org/x": net/http: invalid header field value for "X-Token"`},
		{"header named by its canonical key", "GET", "http://example.org/x", `{"x-api-KEY": "a@(char(10))b"}`,
			`Get "http://example.org/x": net/http: invalid header field value for "X-Api-Key"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			action := `{"uuid": "a2000000-0000-4000-8000-000000000001", "type": "call_webhook", "method": "` + tc.method +
				`", "url": "` + tc.url + `", "headers": ` + tc.headers + `, "result_name": "Lookup"}`
			events := execute(t, action)
			got, _ := json.Marshal(events)
			want, _ := json.Marshal([]map[string]any{{"type": "error", "text": tc.want}})
			if string(got) != string(want) {
				t.Fatalf("got %s\nwant %s", got, want)
			}
		})
	}
}

// TestWebhookLogShowsSentURL: the webhook_called event names the URL as the client sends it
// (parsed and written back, so a path's spaces and non-ASCII letters are escaped), and user
// info in the URL goes out as basic auth.
func TestWebhookLogShowsSentURL(t *testing.T) {
	tests := []struct {
		name, url       string
		wantURL         string
		wantRequestHead string
	}{
		{"path escaped", "http://example.org/my file.txt?q=a b", "http://example.org/my%20file.txt?q=a b",
			"GET /my%20file.txt?q=a b HTTP/1.1\r\nHost: example.org\r\nUser-Agent: goflow-testing\r\nAccept-Encoding: gzip\r\n\r\n"},
		{"non-ASCII path", "http://example.org/café", "http://example.org/caf%C3%A9",
			"GET /caf%C3%A9 HTTP/1.1\r\nHost: example.org\r\nUser-Agent: goflow-testing\r\nAccept-Encoding: gzip\r\n\r\n"},
		{"user info is basic auth", "http://bot:pa55@example.org/", "http://bot:pa55@example.org/",
			"GET / HTTP/1.1\r\nHost: example.org\r\nUser-Agent: goflow-testing\r\nAuthorization: Basic Ym90OnBhNTU=\r\nAccept-Encoding: gzip\r\n\r\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			action := `{"uuid": "a2000000-0000-4000-8000-000000000001", "type": "call_webhook", "method": "GET", "url": "` + tc.url + `"}`
			for _, e := range execute(t, action) {
				if e["type"] != "webhook_called" {
					continue
				}
				if e["url"] != tc.wantURL {
					t.Errorf("url %q, want %q", e["url"], tc.wantURL)
				}
				if e["request"] != tc.wantRequestHead {
					t.Errorf("request %q, want %q", e["request"], tc.wantRequestHead)
				}
				return
			}
			t.Fatal("no webhook_called event")
		})
	}
}

// TestWebhookRequestHeaders: the request is logged as Go's client writes it: header keys in
// canonical form and sorted so, values trimmed of surrounding spaces, and Accept-Encoding: gzip
// added only when the request names no encoding and no range and isn't a HEAD.
func TestWebhookRequestHeaders(t *testing.T) {
	tests := []struct {
		name, method, headers, want string
	}{
		{"values trimmed, empty kept", "GET", `{"X-A": "  padded\t ", "X-Empty": ""}`,
			"GET / HTTP/1.1\r\nHost: example.org\r\nUser-Agent: goflow-testing\r\nX-A: padded\r\nX-Empty: \r\nAccept-Encoding: gzip\r\n\r\n"},
		{"keys canonical and sorted so", "GET", `{"x-b": "1", "X-A": "2"}`,
			"GET / HTTP/1.1\r\nHost: example.org\r\nUser-Agent: goflow-testing\r\nX-A: 2\r\nX-B: 1\r\nAccept-Encoding: gzip\r\n\r\n"},
		{"own encoding", "GET", `{"accept-encoding": "identity", "X-A": "1"}`,
			"GET / HTTP/1.1\r\nHost: example.org\r\nUser-Agent: goflow-testing\r\nAccept-Encoding: identity\r\nX-A: 1\r\n\r\n"},
		{"range", "GET", `{"Range": "bytes=0-5"}`,
			"GET / HTTP/1.1\r\nHost: example.org\r\nUser-Agent: goflow-testing\r\nRange: bytes=0-5\r\n\r\n"},
		{"head", "HEAD", `{}`,
			"HEAD / HTTP/1.1\r\nHost: example.org\r\nUser-Agent: goflow-testing\r\n\r\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			action := `{"uuid": "a2000000-0000-4000-8000-000000000001", "type": "call_webhook", "method": "` + tc.method +
				`", "url": "http://example.org/", "headers": ` + tc.headers + `}`
			for _, e := range execute(t, action) {
				if e["type"] == "webhook_called" {
					if e["request"] != tc.want {
						t.Errorf("request %q\nwant    %q", e["request"], tc.want)
					}
					return
				}
			}
			t.Fatal("no webhook_called event")
		})
	}
}

// TestWebhookURLCheckedFirst: an empty or invalid URL is reported before the headers and body
// are evaluated, so their errors aren't logged; a blocked host is found after them.
func TestWebhookURLCheckedFirst(t *testing.T) {
	tests := []struct {
		name, url string
		want      []string // the texts of the error events
	}{
		{"empty", "@(text_slice(contact.uuid, 0, 0))", []string{"Webhook URL evaluated to empty string"}},
		{"invalid", "http://a b.com/%zz", []string{"Webhook URL evaluated to an invalid URL: 'http://a b.com/%zz'"}},
		{"blocked", "https://graph.facebook.com/x", []string{"Error evaluating expression: division by zero",
			"Error evaluating expression: division by zero", "Webhook calls to graph.facebook.com are not allowed"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			action := `{"uuid": "a2000000-0000-4000-8000-000000000001", "type": "call_webhook", "method": "POST", "url": "` + tc.url +
				`", "headers": {"X-A": "@(1 / 0)"}, "body": "@(2 / 0)", "result_name": "Lookup"}`
			var got []string
			for _, e := range execute(t, action) {
				if e["type"] == "error" {
					got = append(got, e["text"].(string))
				}
			}
			g, _ := json.Marshal(got)
			w, _ := json.Marshal(tc.want)
			if string(g) != string(w) {
				t.Errorf("errors %s\nwant   %s", g, w)
			}
		})
	}
}
