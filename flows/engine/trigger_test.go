package engine

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/flowctl/flowctl/flows/runtime"
)

func TestReadTrigger(t *testing.T) {
	flow := `"flow": {"uuid": "a1f2c3d4-0000-4000-8000-000000000001", "name": "Survey"}, "triggered_on": "2025-01-01T00:00:00Z"`
	msgEvent := `"event": {"type": "msg_received", "uuid": "0197b335-6ded-79a4-95a6-3af85b57f108", "created_on": "2025-01-01T00:00:00Z", "msg": {"text": "hi", "urn": "tel:+1"}}`
	tests := []struct {
		name, src, wantErr string
		wantMsg            string
	}{
		{"manual", `{"type": "manual", ` + flow + `}`, "", ""},
		{"msg", `{"type": "msg", ` + flow + `, ` + msgEvent + `}`, "", "hi"},
		{"channel", `{"type": "channel", ` + flow + `, "event": {"type": "new_conversation", "channel": {"uuid": "c", "name": "C"}}}`, "", ""},
		{"campaign", `{"type": "campaign", ` + flow + `, "event": {"uuid": "e", "campaign": {"uuid": "c", "name": "Reminders"}}}`, "", ""},
		{"flow_action", `{"type": "flow_action", ` + flow + `, "run_summary": {"uuid": "r", "flow": {"uuid": "f", "name": "P"}, "status": "active"}}`, "", ""},
		{"ticket", `{"type": "ticket", ` + flow + `, "ticket": {"uuid": "t"}}`, "", ""},
		{"optin", `{"type": "optin", ` + flow + `, "optin": {"uuid": "o", "name": "News"}}`, "", ""},
		{"unknown type", `{"type": "magic", ` + flow + `}`, `trigger: 1:10: /type: "magic" is not one of manual, msg, flow_action, channel, campaign, ticket, optin`, ""},
		{"msg without event", `{"type": "msg", ` + flow + `}`, "trigger: 1:1: /event: a msg trigger needs a msg_received event", ""},
		{"not json", `{"type": `, "trigger: 1:10: invalid JSON: unexpected end of input: expected a JSON value", ""},
		{"wrong kind", `{"type": "manual", "flow": {"uuid": 5}}`, "trigger: 1:37: /flow/uuid: expected a string, got the number 5", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tr, err := ReadTrigger([]byte(tc.src))
			if tc.wantErr != "" {
				if err == nil || err.Error() != tc.wantErr {
					t.Fatalf("got %v, want %s", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if tr.Msg != nil {
				got = tr.Msg.Msg.Text
			}
			if got != tc.wantMsg || tr.Flow.Name != "Survey" {
				t.Errorf("msg %q flow %q", got, tr.Flow.Name)
			}
		})
	}
}

func TestReadResume(t *testing.T) {
	tests := []struct {
		name, src, wantErr string
	}{
		{"msg", `{"type": "msg", "resumed_on": "2025-01-01T00:00:00Z", "event": {"type": "msg_received", "uuid": "u", "created_on": "2025-01-01T00:00:00Z", "msg": {"text": "42"}}}`, ""},
		{"timeout", `{"type": "wait_timeout", "resumed_on": "2025-01-01T00:00:00Z", "event": {"type": "wait_timed_out"}}`, ""},
		{"expiration", `{"type": "wait_expiration", "resumed_on": "2025-01-01T00:00:00Z", "event": {"type": "wait_expired"}}`, ""},
		{"expiration without event", `{"type": "wait_expiration", "resumed_on": "2025-01-01T00:00:00Z"}`, "resume: 1:1: /event: a wait_expiration resume needs a wait_expired event"},
		{"timeout without event", `{"type": "wait_timeout", "resumed_on": "2025-01-01T00:00:00Z", "event": null}`, "resume: 1:73: /event: a wait_timeout resume needs a wait_timed_out event"},
		{"run_expiration is gone", `{"type": "run_expiration", "resumed_on": "2025-01-01T00:00:00Z"}`, `resume: 1:10: /type: "run_expiration" is not one of msg, wait_timeout, wait_expiration, dial (the engine no longer has run_expiration: a wait_expiration resume expires the waiting run)`},
		{"misspelt", `{"type": "wait_timout"}`, `resume: 1:10: /type: "wait_timout" is not one of msg, wait_timeout, wait_expiration, dial (did you mean "wait_timeout"?)`},
		{"dial", `{"type": "dial", "event": {"type": "dial_ended", "dial": {"status": "answered", "duration": 5}}}`, ""},
		{"dial without event", `{"type": "dial"}`, "resume: 1:1: /event: a dial resume needs a dial_ended event"},
		{"msg without event", `{"type": "msg"}`, "resume: 1:1: /event: a msg resume needs a msg_received event"},
		{"unknown", `{"type": "nudge"}`, `resume: 1:10: /type: "nudge" is not one of msg, wait_timeout, wait_expiration, dial`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadResume([]byte(tc.src))
			if (err == nil) != (tc.wantErr == "") || err != nil && err.Error() != tc.wantErr {
				t.Errorf("got %v, want %q", err, tc.wantErr)
			}
		})
	}
}

func TestRealHTTPClient(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/big":
			w.Write([]byte(strings.Repeat("x", 2048)))
		case "/slow":
			time.Sleep(300 * time.Millisecond)
		default:
			w.Header().Set("X-Seen", r.Header.Get("X-Token"))
			w.WriteHeader(201)
			w.Write([]byte(r.Method + " ok"))
		}
	}))
	defer srv.Close()
	mocks := NewMocks(map[string][]MockResponse{srv.URL + "/mocked": {{Status: 200, Body: "from mock"}}})
	c := NewRealHTTPClient(mocks, 100*time.Millisecond, 1024)
	tests := []struct {
		path       string
		wantStatus int
		wantBody   string
		wantErr    string
	}{
		{"/echo", 201, "POST ok", ""},
		{"/mocked", 200, "from mock", ""},
		{"/big", 0, "", "exceeds the limit of 1024 bytes"},
		{"/slow", 0, "", "Client.Timeout"},
	}
	for _, tc := range tests {
		status, header, body, err := c.Do(&runtime.HTTPRequest{Method: "POST", URL: srv.URL + tc.path, Headers: [][2]string{{"X-Token", "abc"}}})
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%s: got %v, want an error with %q", tc.path, err, tc.wantErr)
			}
			continue
		}
		if err != nil || status != tc.wantStatus || string(body) != tc.wantBody {
			t.Errorf("%s: %d %q %v", tc.path, status, body, err)
		}
		if tc.path == "/echo" && header.Get("X-Seen") != "abc" {
			t.Errorf("headers not sent: %v", header)
		}
	}
}
