package transcript

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/flowctl/flowctl/flows/engine"
	"github.com/flowctl/flowctl/flows/runtime"
)

func TestEventEntries(t *testing.T) {
	timeout := 300
	msg := runtime.NewMsgCreated(runtime.MsgOut{Text: "Pick one", Attachments: []string{"image/png:https://x.example/a.png"},
		QuickReplies: []runtime.QuickReply{{Text: "Yes"}, {Text: "No"}}})
	msg.UUID = "e1"
	wait := runtime.NewMsgWait()
	wait.TimeoutSeconds = &timeout
	groups := runtime.NewContactGroupsChanged()
	groups.GroupsAdded = []runtime.Ref{{Name: "Testers"}, {Name: "Clients"}}
	groups.GroupsRemoved = []runtime.Ref{{Name: "Leads"}}
	webhook := runtime.NewWebhookCalled(&runtime.HTTPLog{URL: "http://x.example/a", Request: "GET /a HTTP/1.1", Status: "connection_error"})
	tests := []struct {
		name  string
		event runtime.Event
		kind  Kind
		lines []string
	}{
		{"message", msg, KindMessage, []string{"💬 Pick one", "   📎 image/png:https://x.example/a.png", "   [Yes] [No]"}},
		{"wait", wait, KindWaiting, []string{"… waiting for a reply (timeout 300s)"}},
		{"error", runtime.NewCodedError("dependency:missing", "missing group", nil), KindError, []string{"⚠ error: missing group (defined in another file? load it with --assets)"}},
		{"unmocked webhook", webhook, KindDetail, []string{"   ↗ GET http://x.example/a → connection error, nothing answered (mock this URL with --http-mocks, or pass --allow-http)"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Event(tc.event)
			if len(got) != 1 || got[0].Kind != tc.kind || strings.Join(got[0].Lines(), "\n") != strings.Join(tc.lines, "\n") {
				t.Errorf("got %+v, lines %q; want kind %s, lines %q", got, got[0].Lines(), tc.kind, tc.lines)
			}
		})
	}
	if got := Event(msg)[0]; got.Text != "Pick one" || got.EventUUID != "e1" || len(got.QuickReplies) != 2 {
		t.Errorf("message entry %+v lacks its text, UUID or quick replies", got)
	}
	var lines []string
	for _, e := range Event(groups) {
		lines = append(lines, e.Line)
	}
	if want := "   + group Testers|   + group Clients|   - group Leads"; strings.Join(lines, "|") != want {
		t.Errorf("group entries %q, want one per group %q", lines, want)
	}
}

func TestPrinterColour(t *testing.T) {
	webhook := Event(runtime.NewWebhookCalled(&runtime.HTTPLog{URL: "http://x.example/a", Request: "GET /a", Status: "connection_error"}))[0]
	failure := Event(runtime.NewFailure("too many steps"))[0]
	var plain, coloured bytes.Buffer
	(&Printer{W: &plain}).Print(webhook, failure)
	(&Printer{W: &coloured, Color: true}).Print(webhook, failure)
	if strings.Contains(plain.String(), "\x1b") {
		t.Errorf("colour without Color: %q", plain.String())
	}
	want := "   ↗ GET http://x.example/a → \x1b[33mconnection error"
	if !strings.HasPrefix(coloured.String(), want) || !strings.Contains(coloured.String(), "\x1b[1;31m✖ failure: too many steps\x1b[0m\n") {
		t.Errorf("coloured output %q: the webhook's outcome should be yellow from the arrow on, the failure bold red", coloured.String())
	}
}

func TestResumeEntries(t *testing.T) {
	at := time.Date(2025, 5, 4, 12, 0, 0, 0, time.UTC)
	msg := engine.MsgResume("hello", "tel:+1", "u1", at)
	if e := Resume(msg); e.Kind != KindReply || e.Line != "👤 hello" || e.Text != "hello" {
		t.Errorf("msg resume entry %+v", e)
	}
	if e := Resume(engine.TimeoutResume("u2", at)); e.Kind != KindNoReply || e.Line != "⏱  wait_timeout" {
		t.Errorf("timeout resume entry %+v", e)
	}
	if e := Resume(engine.ExpirationResume("u3", at)); e.Line != "⏱  wait_expiration" {
		t.Errorf("expiration resume entry %+v", e)
	}
	if got := Continuing("Survey").Line + "|" + Continuing("").Line + "|" + End("waiting").Line + "|" + Notice("no").Line; got != "↻ continuing the saved session, waiting in Survey|↻ continuing the saved session, waiting|session waiting|! no" {
		t.Errorf("session lines %q", got)
	}
}

// TestWebhookLines: a call nothing answered advises mocking it or passing --allow-http, except
// in a run that made real calls; a redirect says where it led, as it isn't followed.
func TestWebhookLines(t *testing.T) {
	refused := &runtime.WebhookCalled{URL: "http://x/a", Status: "connection_error", Request: "GET /a HTTP/1.1\r\n\r\n"}
	moved := &runtime.WebhookCalled{URL: "http://x/b", Status: "response_error", StatusCode: 302, Request: "GET /b HTTP/1.1\r\n\r\n",
		Response: "HTTP/1.1 302 Found\r\nContent-Length: 0\r\nlocation: https://other.example/c\r\n\r\n"}
	tests := []struct {
		name     string
		ev       *runtime.WebhookCalled
		realHTTP bool
		want     string
	}{
		{"nothing answered a mock-only run", refused, false, "   ↗ GET http://x/a → connection error, nothing answered (mock this URL with --http-mocks, or pass --allow-http)\n"},
		{"nothing answered a real call", refused, true, "   ↗ GET http://x/a → connection error, nothing answered (the real call failed)\n"},
		{"a redirect", moved, true, "   ↗ GET http://x/b → response_error 302 (a redirect to https://other.example/c, not followed)\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			p := &Printer{W: &b, RealHTTP: tc.realHTTP}
			if err := p.Print(Event(tc.ev)...); err != nil {
				t.Fatal(err)
			}
			if b.String() != tc.want {
				t.Errorf("%q\nwant %q", b.String(), tc.want)
			}
		})
	}
}
