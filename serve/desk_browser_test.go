package serve

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/flowctl/flowctl/desktop"
)

// pluginServer serves the test plugins of testdata/plugins from an origin other than the
// desktop's, and keeps what each plugin reports (what it received, what it did).
type pluginServer struct {
	*httptest.Server
	mu      sync.Mutex
	reports map[string][]string
}

func newPluginServer(t *testing.T) *pluginServer {
	ps := &pluginServer{reports: map[string][]string{}}
	files := http.FileServer(http.Dir("testdata/plugins"))
	ps.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/report" {
			body, _ := io.ReadAll(r.Body)
			ps.mu.Lock()
			name := r.URL.Query().Get("plugin")
			ps.reports[name] = append(ps.reports[name], string(body))
			ps.mu.Unlock()
			return
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(ps.Close)
	return ps
}

// wait waits until a plugin reported something containing all of want, and returns it.
func (ps *pluginServer) wait(p *tab, plugin string, want ...string) string {
	p.t.Helper()
	var found string
	if p.poll(func() bool {
		ps.mu.Lock()
		defer ps.mu.Unlock()
		for _, r := range ps.reports[plugin] {
			ok := true
			for _, w := range want {
				ok = ok && strings.Contains(r, w)
			}
			if ok {
				found = r
				return true
			}
		}
		return false
	}) {
		return found
	}
	ps.mu.Lock()
	got := strings.Join(ps.reports[plugin], "\n")
	ps.mu.Unlock()
	p.fail("plugin %s never reported %v; it reported:\n%s", plugin, want, got)
	return ""
}

// TestBrowserDesktopPlugins loads a test plugin of each protocol in the desktop page, from
// another origin, and checks what they receive and what their commands do: MAX's registration
// error, acknowledgement and snapshot, and the duplicate registration's console warning;
// SmartAgent's init through the served SDK, its subscribed event and a payload error; a Flex
// before-listener aborting WrapupTask and a replaced action calling original; a transfer
// changing ContactId but not InitialContactId.
func TestBrowserDesktopPlugins(t *testing.T) {
	ps := newPluginServer(t)
	plugins := []desktop.Plugin{
		{ID: "max", URL: ps.URL + "/max.html", Kind: "max"},
		{ID: "smartagent", URL: ps.URL + "/smartagent.html", Kind: "smartagent"},
		{ID: "flex", URL: ps.URL + "/flex.html", Kind: "flex"},
	}
	s := deskServer(t, DesktopOptions{Plugins: plugins})
	for i := range plugins {
		plugins[i].URL += "?desktop=" + s.base
	}
	// the plugins load the SDK scripts from the desktop: tell them its address in their URLs
	// (the origins stay the same)
	for _, p := range plugins {
		s.Server.desk.d.Plugin(p.ID).URL = p.URL
	}
	p := openPage(t, s, 1280, 900, "/desktop")

	// MAX: an empty list is refused, a good one acknowledged with the agent snapshot first
	ps.wait(p, "max", `"status":"ERROR"`, "Invalid Subscription Types.")
	ps.wait(p, "max", `"messageType":"ClientEventSubscriptionAcknowledge"`, `"status":"OK"`, `"Type":"AgentSessionStart"`, `"issuer":"MAX"`)
	// SmartAgent: init through the served SDK; a bad payload is an error with its code
	ps.wait(p, "smartagent", `"init"`, `"companyId"`)
	ps.wait(p, "smartagent", `"error":"invalid_payload"`)
	ps.wait(p, "smartagent", `"ready":true`)
	ps.wait(p, "flex", `"ready":true`)

	var verdicts []string
	for _, e := range s.log(t) {
		if e.Kind == "plugin" && e.Direction == "in" {
			verdicts = append(verdicts, e.Plugin+" "+e.Verdict)
		}
		if e.Plugin != "" && e.Direction == "in" && e.Origin != ps.URL {
			t.Errorf("a plugin message was logged from %q, not the plugin server's origin %s", e.Origin, ps.URL)
		}
	}
	// the duplicate registration (sent 600 ms after load) gets a console warning, no reply
	consoles := 0
	p.poll(func() bool {
		consoles = 0
		for _, e := range s.log(t) {
			if e.Type == "console" && e.Plugin == "max" {
				consoles++
			}
		}
		return consoles > 0
	})
	if consoles != 1 {
		t.Errorf("the duplicate registration should get one console warning, got %d (verdicts %v)", consoles, verdicts)
	}

	// a voice contact arrives: SmartAgent's subscribed event reaches the plugin
	var c desktop.Contact
	if code := s.call(t, "POST", "/api/desktop/arrivals", desktop.Arrival{Channel: desktop.Voice, Queue: "Support", Customer: desktop.Customer{Phone: "+14155550123"}}, &c); code != 201 {
		t.Fatalf("arrival = %d", code)
	}
	ps.wait(p, "smartagent", `"event":"incoming_call"`, c.ContactID)
	ps.wait(p, "max", `"Type":"CallContactEvent"`, `"Status":"Incoming"`)
	act := func(action string, payload map[string]any) map[string]any {
		var out map[string]any
		s.call(t, "POST", "/api/desktop/actions", ActionRequest{Action: action, Payload: payload}, &out)
		return out
	}
	if r := act("AcceptTask", map[string]any{"contactId": "#1"}); r["done"] != true {
		p.fail("accept = %v", r)
	}
	// Flex: the replaced HoldCall runs the plugin's function, which calls original
	if r := act("HoldCall", map[string]any{"contactId": "#1"}); r["done"] != true {
		p.fail("hold through the replacement = %v", r)
	}
	ps.wait(p, "flex", `"replaced":"HoldCall"`)
	ps.wait(p, "flex", `"originalDone":true`)
	if d := s.desk(t); d.Contacts[0].State != desktop.OnHold {
		p.fail("original should have put the call on hold: %s", d.Contacts[0].State)
	}
	// Flex: the before-listener aborts WrapupTask
	r := act("WrapupTask", map[string]any{"contactId": "#1"})
	if r["aborted"] != true || r["reason"] != "write the case notes first" {
		p.fail("wrap-up should be aborted by the plugin's listener: %v", r)
	}
	if d := s.desk(t); d.Contacts[0].State != desktop.OnHold {
		p.fail("an aborted wrap-up must change nothing: %s", d.Contacts[0].State)
	}
	// a transfer: ContactId changes, InitialContactId stays
	act("UnholdCall", map[string]any{"contactId": "#1"})
	if r := act("TransferTask", map[string]any{"contactId": "#1", "targetType": "queue", "target": "Billing"}); r["done"] != true {
		p.fail("transfer = %v", r)
	}
	got := ps.wait(p, "smartagent", `"event":"transfer_call"`)
	var rep struct {
		Contact struct {
			ContactID        string `json:"contactId"`
			InitialContactID string `json:"initialContactId"`
		}
		Previous string
	}
	_ = json.Unmarshal([]byte(got), &rep)
	if rep.Contact.ContactID == c.ContactID || rep.Contact.InitialContactID != c.ContactID {
		p.fail("after the transfer the plugin sees ContactId %s, InitialContactId %s; the first leg was %s", rep.Contact.ContactID, rep.Contact.InitialContactID, c.ContactID)
	}
	// every message to a plugin went to its origin only
	var out struct{ Outbox []desktop.Outbound }
	s.call(t, "GET", "/api/desktop/outbox", nil, &out)
	for _, o := range out.Outbox {
		if o.TargetOrigin != ps.URL {
			p.fail("a message to %s targets %q", o.Plugin, o.TargetOrigin)
		}
	}
	// the page's controls show the contact (the after-call-work card, with its ids)
	p.waitJS(`document.getElementById("contacts").innerText.includes("InitialContactId `+c.ContactID+`")`, "the contact's card with its InitialContactId")
	if bad := p.unnamedControls(); len(bad) > 0 {
		p.fail("desktop controls without an accessible name: %v", bad)
	}
}
