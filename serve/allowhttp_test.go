package serve

import (
	"net"
	"strings"
	"testing"
)

// TestAllowHTTPTranscript: a webhook nothing answers advises mocking it or passing --allow-http,
// unless the server makes real calls, where the call failed for real.
func TestAllowHTTPTranscript(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String() + "/x" // nothing listens once it is closed
	l.Close()
	flow := `{"uuid": "a9000000-0000-4000-8000-000000000001", "name": "Hook", "spec_version": "14.3.0", "language": "eng", "type": "messaging",
 "nodes": [{"uuid": "d9000000-0000-4000-8000-000000000001",
  "actions": [{"uuid": "b9000000-0000-4000-8000-000000000001", "type": "call_webhook", "method": "GET", "url": "` + closed + `", "headers": {}, "body": "", "result_name": "R"}],
  "exits": [{"uuid": "e9000000-0000-4000-8000-000000000001"}]}]}`
	for _, tc := range []struct {
		allow bool
		want  string
	}{
		{false, "connection error, nothing answered (mock this URL with --http-mocks, or pass --allow-http)"},
		{true, "connection error, nothing answered (the real call failed)"},
	} {
		st := startOn(t, "hook.json", flow, "Hook", Options{AllowHTTP: tc.allow})
		var lines []string
		for _, e := range st.Transcript {
			lines = append(lines, e.Entry.Lines()...)
		}
		if got := strings.Join(lines, "\n"); !strings.Contains(got, tc.want) {
			t.Errorf("--allow-http %v: the transcript lacks %q:\n%s", tc.allow, tc.want, got)
		}
	}
}
