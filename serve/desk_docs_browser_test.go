package serve

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/desktop"
)

// docAddr is the desktop's address the minimal plugins in docs/desktop.md are written for:
// flowctl serve's default --addr.
const docAddr = "http://127.0.0.1:8787"

// docPlugins are the minimal plugins of docs/desktop.md (```html max-plugin and so on), by kind,
// written for the desktop at base instead of docAddr.
func docPlugins(t *testing.T, base string) map[string]string {
	t.Helper()
	doc, err := os.ReadFile("../docs/desktop.md")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, m := range regexp.MustCompile("(?s)```html (\\w+)-plugin\n(.*?)\n```").FindAllStringSubmatch(string(doc), -1) {
		if !strings.Contains(m[2], docAddr) {
			t.Fatalf("the %s plugin in docs/desktop.md doesn't name the desktop at %s, flowctl serve's default address", m[1], docAddr)
		}
		out[m[1]] = strings.ReplaceAll(m[2], docAddr, base)
	}
	for _, kind := range []string{"max", "smartagent", "flex"} {
		if out[kind] == "" {
			t.Fatalf("docs/desktop.md has no ```html %s-plugin block", kind)
		}
	}
	return out
}

// writeTimeline writes a timeline file (the desktop's set-up) into a temp folder.
func writeTimeline(t *testing.T, json string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "desk.json")
	if err := os.WriteFile(path, []byte(json), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestBrowserDocPlugins runs the minimal plugin of each protocol in docs/desktop.md in the
// desktop page, served from another origin, and checks what each shows and what it does: the
// MAX plugin shows the agent's state and the ringing call and answers it; the SmartAgent plugin
// shows the agent and the contact and sets an attribute; the Flex plugin's listener refuses the
// desktop's Wrap up until case notes are written.
func TestBrowserDocPlugins(t *testing.T) {
	var pages map[string]string
	plugins := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		kind := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/"), ".html")
		if pages[kind] == "" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, pages[kind])
	}))
	t.Cleanup(plugins.Close)
	tl := writeTimeline(t, `{"agent": {"id": "a-1", "name": "Ada", "username": "ada", "status": "Available"}, "company_id": "acme"}`)
	s := deskServer(t, DesktopOptions{Timeline: tl, Plugins: []desktop.Plugin{
		{ID: "calls", URL: plugins.URL + "/max.html", Kind: "max"},
		{ID: "customer", URL: plugins.URL + "/smartagent.html", Kind: "smartagent"},
		{ID: "notes", URL: plugins.URL + "/flex.html", Kind: "flex"},
	}})
	pages = docPlugins(t, s.base)
	const maxF, saF, flexF = `iframe[data-window="calls"]`, `iframe[data-window="customer"]`, `iframe[data-window="notes"]`
	p := openPage(t, s, 1280, 1000, "/desktop")

	p.waitFrameText(maxF, "Agent: Available")
	p.waitFrameText(saF, "Signed in as Ada at acme")
	p.waitFrameText(flexF, "No task yet.")
	// the plugins listen once the desktop accepted their requests: the Flex plugin's three
	// listeners, and the SmartAgent plugin's three subscriptions, which it makes after init (its
	// "Signed in" line): a call that arrives before them is news it never hears
	waitFor(p, "the Flex plugin's listeners", func() bool { return accepted(t, s, "notes", "addListener") >= 3 })
	waitFor(p, "the SmartAgent plugin's subscriptions", func() bool { return accepted(t, s, "customer", "on") >= 3 })

	var c desktop.Contact
	if code := s.call(t, "POST", "/api/desktop/arrivals", desktop.Arrival{Channel: desktop.Voice, Queue: "Support", Customer: desktop.Customer{Name: "Bea", Phone: "+14155550123"}}, &c); code != 201 {
		t.Fatalf("arrival = %d", code)
	}
	p.waitFrameText(maxF, "+14155550123 · Incoming · Support")
	p.waitFrameText(saF, "Bea · incoming · no tier")

	// MAX: the plugin's Answer button answers the call
	p.inFrame(maxF, `document.querySelector("#calls button").click()`, nil)
	waitFor(p, "the call to be answered", func() bool { return s.desk(t).Contacts[0].State == desktop.Connected })
	p.waitFrameText(maxF, "+14155550123 · Active · Support")
	p.waitFrameText(maxF, "Agent: InboundContact")
	p.waitFrameText(saF, "Bea · connected · no tier")
	p.waitFrameText(flexF, "Working on "+c.ContactID+".")

	// SmartAgent: Mark as VIP sets the attribute, and the plugin hears of it
	p.waitFrame(saF, `!document.getElementById("vip").disabled`, "the VIP button")
	p.inFrame(saF, `document.getElementById("vip").click()`, nil)
	waitFor(p, "the attribute tier=vip", func() bool { return s.desk(t).Contacts[0].Attributes["tier"] == "vip" })
	p.waitFrameText(saF, "Bea · connected · vip")
	if text := p.frameText(saF); strings.Contains(text, "invalid") || strings.Contains(text, "not_") {
		p.fail("the SmartAgent plugin shows an error:\n%s", text)
	}

	// Flex: Wrap up is refused while the notes are empty, then goes through
	card := `#contacts li[data-ref="1"]`
	p.clickText(card, "Wrap up")
	p.waitJS(`document.getElementById("notices").innerText.includes("WrapupTask was stopped by beforeWrapupTask listener of notes: write the case notes first")`, "the notice of the aborted wrap-up")
	if st := s.desk(t).Contacts[0].State; st != desktop.Connected {
		p.fail("an aborted wrap-up must leave the call connected, not %s", st)
	}
	p.inFrame(flexF, `document.getElementById("notes").value = "Refund agreed"`, nil)
	p.clickText(card, "Wrap up")
	waitFor(p, "after-call work", func() bool { return s.desk(t).Contacts[0].State == desktop.ACW })
	p.waitFrameText(flexF, "Wrapped up "+c.ContactID+".")
}

// waitFor polls a condition (on the server, or of several reads of the page) for at most
// waitLimit.
func waitFor(p *tab, what string, ok func() bool) {
	p.t.Helper()
	if !p.poll(ok) {
		p.fail("waiting for %s", what)
	}
}

// accepted counts the requests of a type from a plugin that the desktop's log shows accepted.
func accepted(t *testing.T, s *testServer, plugin, typ string) int {
	t.Helper()
	n := 0
	for _, e := range s.log(t) {
		if e.Plugin == plugin && e.Direction == "in" && e.Type == "message "+typ && e.Verdict == "accepted" {
			n++
		}
	}
	return n
}

func logText(t *testing.T, s *testServer) string {
	t.Helper()
	return string(mustJSON(t, s.log(t)))
}
