package serve

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// pickFlow clicks a flow in the list and waits for the session to start.
func (p *tab) pickFlow(name, firstText string) {
	p.t.Helper()
	p.clickFlow(name)
	p.waitChat(firstText)
}

// clickFlow clicks a flow of the list by name.
func (p *tab) clickFlow(name string) {
	p.t.Helper()
	var ok bool
	p.js(fmt.Sprintf(`(() => { const b = [...document.querySelectorAll("#flows button")].find((b) => b.firstChild.textContent === %q);
		if (!b) return false; b.click(); return true; })()`, name), &ok)
	if !ok {
		p.fail("no flow %q in the list", name)
	}
}

// sessionState is the state of the session the page shows, from the API.
func (p *tab) sessionState() *State {
	p.t.Helper()
	id := p.str(`document.body.dataset.session || ""`)
	if id == "" {
		p.fail("the page shows no session")
	}
	var st State
	if code := p.srv.call(p.t, "GET", "/api/sessions/"+id, nil, &st); code != 200 {
		p.fail("GET /api/sessions/%s = %d", id, code)
	}
	return &st
}

// currentNode is the node the graph highlights.
func (p *tab) currentNode() string {
	return p.str(`(document.querySelector("#graph .box.current") || {dataset: {}}).dataset.node || ""`)
}

// waitGraphAtWait waits until the graph highlights the node the session waits at (by the API).
// The chat shows a step's lines as soon as the session's stream brings them, a moment before the
// page takes the new state (graph, controls) from the reply's answer: wait for that.
func (p *tab) waitGraphAtWait(where string) *State {
	p.t.Helper()
	var st *State
	var got string
	if p.poll(func() bool {
		st, got = p.sessionState(), p.currentNode()
		return st.Waiting != nil && got == st.Waiting.NodeUUID
	}) {
		return st
	}
	want := "(none: the session is " + st.Status + ")"
	if st.Waiting != nil {
		want = st.Waiting.NodeUUID
	}
	p.fail("%s the graph highlights node %q, the session waits at %q", where, got, want)
	return nil
}

// TestBrowserConversation is a user's session on a desktop-sized window: pick the bundled
// flow, let the first wait time out, reset, type replies (a wrong one, then right ones), press
// a quick reply, and check the chat, the highlighted node, the path, the results and the
// events; then save the conversation as a scenario and run it with flowctl test.
func TestBrowserConversation(t *testing.T) {
	srv := startServer(t, Options{})
	p := openPage(t, srv, 1280, 900, "/")
	p.pickFlow("Registration", "What is your name?")

	p.waitGraphAtWait("at the start")

	// no reply: the name wait times out
	p.click("#timeout")
	p.waitChat("wait_timeout")
	p.waitJS(`document.getElementById("status").textContent === "completed"`, "the session to complete")
	if !strings.Contains(p.chatText(), "session completed") {
		p.fail("the chat should end with the session's status:\n%s", p.chatText())
	}
	if p.str(`String(document.getElementById("reply-text").disabled)`) != "true" {
		p.fail("the reply box should be disabled once the session ended")
	}

	// reset and talk
	p.click("#reset")
	p.waitJS(`!document.getElementById("messages").innerText.includes("wait_timeout")`, "a fresh chat")
	p.waitChat("What is your name?")
	p.typeReply("Bob")
	p.waitChat("How old are you?")
	p.waitGraphAtWait("after the name")
	p.waitJS(`document.getElementById("timeout").disabled`, "No reply to be disabled: the age wait has no timeout")
	p.typeReply("thirty")
	p.waitChat(`doesn't look like an age`)
	p.typeReply("32")
	p.waitJS(`document.querySelectorAll("#quick-replies button").length === 5`, "the survey's five quick replies")
	// the contact is in the subflow now: the graph shows it, with the waiting node highlighted
	p.waitJS(`document.getElementById("graph-name").textContent === "Satisfaction Survey (subflow)"`, "the subflow's graph")
	p.waitGraphAtWait("in the subflow")
	p.clickText("#quick-replies", "4")
	p.waitJS(`document.getElementById("status").textContent === "completed"`, "the session to complete")

	chat := p.chatText()
	for _, want := range []string{"Bob", "Thanks Bob! How old are you?", "thirty", "You're registered, Bob", "How would you rate us, from 1 to 5?", "result Rating = \"4\" (Rated)", "↗ POST https://api.example.com/register → success 200"} {
		if !strings.Contains(chat, want) {
			p.fail("the chat lacks %q:\n%s", want, chat)
		}
	}
	if n := p.str(`String(document.querySelectorAll("#graph .box.visited").length)`); n == "0" {
		p.fail("no box of the graph is marked as visited")
	}
	if n := p.str(`String(document.querySelectorAll("#graph .edge.taken").length)`); n == "0" {
		p.fail("no edge of the graph is marked as taken")
	}

	// the results tab
	p.click("#tab-results")
	p.waitJS(`!document.getElementById("pane-results").hidden`, "the results pane")
	results := p.str(`document.getElementById("pane-results").innerText`)
	for _, want := range []string{"Name\tBob\tHas Name", "Age\t32\tValid", "Rating\t4\tRated"} {
		if !strings.Contains(results, want) {
			p.fail("the results pane lacks %q:\n%s", want, results)
		}
	}
	// the events tab: every event, each expandable to its JSON
	st := p.sessionState()
	p.click("#tab-events")
	p.waitJS(fmt.Sprintf(`document.querySelectorAll("#pane-events details").length === %d`, st.Events), fmt.Sprintf("%d events", st.Events))
	p.click("#pane-events details:first-child summary")
	p.waitText(`(document.querySelector("#pane-events details[open] pre") || {}).innerText || ""`, `"type": "run_started"`, "the first event, expanded to its JSON")
	// the contact pane shows the field the flow set (innerText has the table's tabs once the
	// pane shows)
	p.click("#tab-contact")
	p.waitText(`document.getElementById("pane-contact").hidden ? "" : document.getElementById("pane-contact").innerText`, "fields.age\t32", "the contact pane")

	// save as scenario, into the served folder, and replay it
	downloads := t.TempDir()
	p.allowDownloads(downloads)
	p.click("#save")
	saved := filepath.Join(downloads, "registration.scenario.json")
	waitFor(p, "the scenario's download to "+saved, func() bool {
		data, err := os.ReadFile(saved)
		return err == nil && len(data) > 0 && strings.HasSuffix(string(data), "\n")
	})
	dest := filepath.Join(srv.opts.Root, "registration.scenario.json")
	copyFile(t, saved, dest)
	out := flowctlTest(t, dest)
	if !strings.Contains(out, "1 passed") {
		t.Errorf("flowctl test should pass the saved scenario:\n%s", out)
	}
}

// TestBrowserPhone checks the page at a phone's width: one column, nothing wider than the
// screen, and the chat usable.
func TestBrowserPhone(t *testing.T) {
	srv := startServer(t, Options{})
	p := openPage(t, srv, 390, 844, "/")
	p.pickFlow("Registration", "What is your name?")
	var widths struct{ Doc, View, Chat, Graph float64 }
	p.js(`(() => ({doc: document.documentElement.scrollWidth, view: window.innerWidth,
		chat: document.querySelector(".chat").getBoundingClientRect().width,
		graph: document.querySelector(".graph").getBoundingClientRect().width}))()`, &widths)
	if widths.Doc > widths.View {
		p.fail("the page is %v px wide on a %v px screen: it scrolls sideways", widths.Doc, widths.View)
	}
	if widths.Chat < widths.View*0.85 || widths.Graph < widths.View*0.85 {
		p.fail("on a phone the chat (%v px) and graph (%v px) should take the screen's width (%v px)", widths.Chat, widths.Graph, widths.View)
	}
	var order []string
	p.js(`[".side", ".chat", ".graph", ".panes"].map((s) => String(Math.round(document.querySelector(s).getBoundingClientRect().top)))`, &order)
	for i := 1; i < len(order); i++ {
		if len(order[i]) < len(order[i-1]) || len(order[i]) == len(order[i-1]) && order[i] <= order[i-1] {
			p.fail("on a phone the sections should stack: tops %v", order)
		}
	}
	p.typeReply("Bob")
	p.waitChat("How old are you?")
}

// TestBrowserKeyboard uses the page with the keyboard alone: Tab reaches the controls in
// reading order, Enter picks a flow and sends a reply.
func TestBrowserKeyboard(t *testing.T) {
	srv := startServer(t, Options{})
	p := openPage(t, srv, 1280, 900, "/")
	var seen []string
	focused := func() string {
		return p.str(`(() => { const e = document.activeElement; if (!e || e === document.body) return "body";
			return e.id || e.dataset.flow && "flow:" + e.firstChild.textContent || e.tagName.toLowerCase() + ":" + e.textContent.trim().slice(0, 20); })()`)
	}
	for range 40 {
		p.do(chromedp.KeyEvent(kb.Tab))
		f := focused()
		if len(seen) > 0 && f == seen[0] {
			break
		}
		seen = append(seen, f)
	}
	want := []string{"save", "reset", "flow:Registration", "flow:Satisfaction Survey", "summary:Contact options"}
	if !isSubsequence(want, seen) {
		p.fail("Tab order = %v\nwant these in order: %v", seen, want)
	}
	// Enter on the first flow starts it; then Tab on to the reply box and answer with Enter.
	p.js(`document.querySelector("#flows button").focus()`, nil)
	p.do(chromedp.KeyEvent(kb.Enter))
	p.waitChat("What is your name?")
	for range 20 {
		if focused() == "reply-text" {
			break
		}
		p.do(chromedp.KeyEvent(kb.Tab))
	}
	if focused() != "reply-text" {
		p.fail("Tab never reached the reply box (tab order: %v)", seen)
	}
	p.do(chromedp.KeyEvent("Bob"), chromedp.KeyEvent(kb.Enter))
	p.waitChat("How old are you?")
	p.waitJS(`document.getElementById("timeout").disabled`, "No reply to be disabled at the age question")
	// the next Tabs: Send, No reply, Expire (disabled buttons are skipped)
	var after []string
	for range 3 {
		p.do(chromedp.KeyEvent(kb.Tab))
		after = append(after, focused())
	}
	if !slices.Contains(after, "send") || !slices.Contains(after, "expire") || slices.Contains(after, "timeout") {
		p.fail("after the reply box Tab goes to %v; want send and expire, and not the disabled No reply", after)
	}
}

// isSubsequence reports whether want appears in got in order.
func isSubsequence(want, got []string) bool {
	i := 0
	for _, g := range got {
		if i < len(want) && g == want[i] {
			i++
		}
	}
	return i == len(want)
}

// TestBrowserAccessibleNames checks every control in Chromium's accessibility tree has a name,
// with a session running (quick replies, tabs, events) and the contact options open.
func TestBrowserAccessibleNames(t *testing.T) {
	srv := startServer(t, Options{})
	p := openPage(t, srv, 1280, 900, "/")
	p.pickFlow("Registration", "What is your name?")
	p.typeReply("Bob")
	p.waitChat("How old are you?")
	p.typeReply("32")
	p.waitJS(`document.querySelectorAll("#quick-replies button").length === 5`, "the quick replies")
	p.click("#contact-options summary")
	p.click("#tab-events")
	if bad := p.unnamedControls(); len(bad) > 0 {
		p.fail("controls without an accessible name: %v", bad)
	}
	// the names a screen reader says for the main controls
	var names []string
	p.js(`["reply-text", "send", "timeout", "expire", "reset", "save"].map((id) => {
		const e = document.getElementById(id);
		return id + "=" + (e.labels && e.labels.length ? e.labels[0].textContent : e.textContent).trim(); })`, &names)
	want := "reply-text=Reply send=Send timeout=No reply expire=Expire reset=Reset save=Save as scenario"
	if strings.Join(names, " ") != want {
		p.fail("control names = %v, want %s", names, want)
	}
}

// TestBrowserBrokenFlowAndReload checks a flow that can't run shows its findings with their
// positions instead of a chat, and that fixing the file reloads the page's flow by itself.
func TestBrowserBrokenFlowAndReload(t *testing.T) {
	root, assets, mocks := workspace(t, true)
	srv := startServer(t, Options{Root: root, Assets: []string{assets}, MocksFile: mocks})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = srv.Watch(ctx) }()
	<-srv.watching
	p := openPage(t, srv, 1280, 900, "/")
	p.clickFlow("Test")
	p.waitJS(`!document.getElementById("findings").hidden`, "the findings")
	findings := p.str(`document.getElementById("findings").innerText`)
	if !strings.Contains(findings, "can't run") || !strings.Contains(findings, "broken.json:") || !strings.Contains(findings, "[graph/") {
		p.fail("the findings should say the flow can't run, with positions and codes:\n%s", findings)
	}
	if p.str(`String(document.getElementById("reply-text").disabled)`) != "true" || p.str(`String(document.querySelectorAll("#messages li").length)`) != "0" {
		p.fail("a broken flow must not run")
	}

	// the registration flow, changed on disk while the page shows it
	p.pickFlow("Registration", "What is your name?")
	p.typeReply("Bob")
	p.waitChat("How old are you?")
	path := filepath.Join(root, "registration.json")
	data, _ := os.ReadFile(path)
	if err := os.WriteFile(path, []byte(strings.Replace(string(data), "How old are you?", "What is your age?", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	p.waitChat("What is your age?")
	p.waitJS(`document.getElementById("notices").innerText.includes("registration.json changed")`, "a notice of the reload")
	if !strings.Contains(p.chatText(), "Bob") {
		p.fail("the reload should replay the conversation:\n%s", p.chatText())
	}
}

// TestBrowserScreenshot writes the screenshot docs/serve.md shows (with -update), after a
// conversation with the bundled flow; without -update it checks the file is there.
func TestBrowserScreenshot(t *testing.T) {
	const doc = "../docs/serve.png"
	if !*update {
		if info, err := os.Stat(doc); err != nil || info.Size() == 0 {
			t.Fatalf("%s is missing: go test ./serve -run TestBrowserScreenshot -update writes it", doc)
		}
		return
	}
	srv := startServer(t, Options{})
	p := openPage(t, srv, 1280, 800, "/")
	p.pickFlow("Registration", "What is your name?")
	p.typeReply("Bob")
	p.waitChat("How old are you?")
	p.typeReply("32")
	p.waitJS(`document.querySelectorAll("#quick-replies button").length === 5`, "the quick replies")
	p.click("#tab-results")
	if err := os.WriteFile(doc, p.screenshot(), 0o644); err != nil {
		t.Fatal(err)
	}
}
