package serve

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/flowctl/flowctl/desktop"
)

// The desktop page's own controls, used as an agent uses them: clicks, typing, the keyboard
// alone, a phone's screen.

// controlsTimeline sets up an agent who serves Support, another agent to transfer to, and a
// quick connect.
const controlsTimeline = `{
  "agent": {"id": "a-1", "name": "Ada", "username": "ada", "status": "Available"},
  "queues": ["Support"],
  "directory": [{"id": "a-2", "name": "Bob", "username": "bob"}],
  "quick_connects": [{"name": "Escalations", "type": "queue", "value": "Tier 2"}]
}`

// card is the CSS selector of a contact's card on the desktop page.
func card(ref int) string { return fmt.Sprintf(`#contacts li[data-ref="%d"]`, ref) }

// waitCard waits until a contact's card shows a text.
func (p *tab) waitCard(ref int, text string) {
	p.t.Helper()
	p.waitJS(fmt.Sprintf(`(() => { const c = document.querySelector(%q); return !!c && c.innerText.includes(%q); })()`, card(ref), text),
		fmt.Sprintf("contact #%d's card to show %q", ref, text))
}

// leg is the agent's leg of an arrival (by its number), nil when the desktop shows none.
func (s *testServer) leg(t *testing.T, ref int) *desktop.Contact {
	t.Helper()
	for _, c := range s.desk(t).Contacts {
		if c.Ref == ref {
			return c
		}
	}
	return nil
}

// waitLeg waits until the agent's leg of an arrival is in a state ("" for none).
func (p *tab) waitLeg(ref int, state desktop.ContactState) *desktop.Contact {
	p.t.Helper()
	var c *desktop.Contact
	waitFor(p, fmt.Sprintf("contact #%d to be %q", ref, state), func() bool {
		c = p.srv.leg(p.t, ref)
		return c == nil && state == "" || c != nil && c.State == state
	})
	return c
}

func (s *testServer) arrive(t *testing.T, a desktop.Arrival) desktop.Contact {
	t.Helper()
	var c desktop.Contact
	if code := s.call(t, "POST", "/api/desktop/arrivals", a, &c); code != 201 {
		t.Fatalf("arrival = %d", code)
	}
	return c
}

// actionLogged finds the logged invocation of an action whose payload has a key's value.
func (s *testServer) actionLogged(t *testing.T, action, key, value string) *desktop.Entry {
	t.Helper()
	for _, e := range s.log(t) {
		if e.Kind == "action" && e.Type == action && strings.Contains(string(mustJSON(t, e.Data)), fmt.Sprintf("%q:%q", key, value)) {
			return &e
		}
	}
	return nil
}

// TestBrowserDesktopControls uses every agent control of the desktop page with the mouse and
// the keyboard's typing: a new contact from the form, reject, accept, hold and unhold, mute,
// mask, record, hang up, complete, transfers to an agent, a queue and a quick connect, and a
// chat handed over by a flow, where the agent's reply reaches the contact's side of the
// simulator (another tab), the contact's answer reaches the agent, and wrap up and complete end it.
func TestBrowserDesktopControls(t *testing.T) {
	s := deskServer(t, DesktopOptions{Timeline: writeTimeline(t, controlsTimeline)})
	p := openPage(t, s, 1280, 1000, "/desktop")

	// a call from the New contact form; the agent rejects it
	p.click(".agent details summary")
	p.waitJS(`document.querySelector(".agent details").open`, "the New contact form to open")
	p.do(chromedp.SendKeys(chromedp.CSS("#arrive-queue"), "Support"), chromedp.SendKeys(chromedp.CSS("#arrive-name"), "Bea"),
		chromedp.SendKeys(chromedp.CSS("#arrive-phone"), "+14155550123"))
	p.clickText("#arrive-form", "Arrive")
	p.waitCard(1, "#1 · voice · incoming · Support")
	p.waitCard(1, "Bea +14155550123")
	p.clickText(card(1), "Reject")
	p.waitJS(`document.getElementById("contacts").innerText.includes("No contacts.")`, "the rejected call to leave")
	if e := s.actionLogged(t, "RejectTask", "by", "agent"); e == nil || e.Verdict != "done" {
		p.fail("the rejection should be logged as the agent's, done: %+v", e)
	}

	// a call the agent takes: hold, unhold, mute, mask, record, hang up, complete
	s.arrive(t, desktop.Arrival{Channel: desktop.Voice, Queue: "Support"})
	p.waitCard(2, "incoming")
	p.clickText(card(2), "Accept")
	p.waitLeg(2, desktop.Connected)
	p.waitCard(2, "connected")
	p.clickText(card(2), "Hold")
	p.waitLeg(2, desktop.OnHold)
	p.waitCard(2, "on hold")
	p.clickText(card(2), "Unhold")
	p.waitLeg(2, desktop.Connected)
	p.waitJS(`[...document.querySelectorAll('`+card(2)+` button')].some((b) => b.textContent === "Hold")`, "Hold again")

	p.click("#mute")
	waitFor(p, "the agent to be muted", func() bool { return s.desk(t).Agent.Muted })
	p.waitJS(`document.getElementById("mute").textContent === "Unmute" && document.getElementById("mute").getAttribute("aria-pressed") === "true"`, "the Unmute button")
	p.waitJS(`document.getElementById("agent-line").textContent.includes("muted")`, "the agent line to say muted")
	p.click("#mute")
	waitFor(p, "the agent to be unmuted", func() bool { return !s.desk(t).Agent.Muted })

	p.clickText(card(2), "Mask")
	waitFor(p, "the call to be masked", func() bool { return s.leg(t, 2).Masked })
	p.waitCard(2, "masked")
	p.clickText(card(2), "Unmask")
	waitFor(p, "the call to be unmasked", func() bool { return !s.leg(t, 2).Masked })
	p.clickText(card(2), "Record")
	waitFor(p, "the call to be recorded", func() bool { return s.leg(t, 2).Recording })
	p.waitCard(2, "recording")
	p.clickText(card(2), "Stop recording")
	waitFor(p, "the recording to stop", func() bool { return !s.leg(t, 2).Recording })

	p.clickText(card(2), "Hang up")
	p.waitLeg(2, desktop.ACW)
	p.waitJS(`document.body.dataset.status === "AfterCallWork"`, "the agent's after-call work")
	p.clickText(card(2), "Complete")
	p.waitLeg(2, "")
	p.waitJS(`document.body.dataset.status === "Available"`, "the agent to be available again")

	// transfers: to an agent, a queue and a quick connect, typed into the transfer form
	transfer := func(ref int, typ, target string) {
		s.arrive(t, desktop.Arrival{Channel: desktop.Voice, Queue: "Support"})
		p.waitCard(ref, "incoming")
		p.clickText(card(ref), "Accept")
		p.waitCard(ref, "connected")
		p.do(chromedp.SetValue(chromedp.CSS(card(ref)+` form.transfer select`), typ))
		p.js(`document.querySelector('`+card(ref)+` form.transfer select').dispatchEvent(new Event("change"))`, nil)
		// the target box suggests the desktop's own targets of that type
		var options []string
		p.js(`[...document.querySelectorAll('`+card(ref)+` datalist option')].map((o) => o.value)`, &options)
		if !slices.Contains(options, target) && typ != "queue" {
			p.fail("the %s transfer suggests %v, not %s", typ, options, target)
		}
		p.do(chromedp.SendKeys(chromedp.CSS(card(ref)+` form.transfer input`), target))
		p.clickText(card(ref), "Transfer")
		old := p.waitLeg(ref, desktop.ACW)
		if e := s.actionLogged(t, "TransferTask", "target", target); e == nil || e.Verdict != "done" || !strings.Contains(string(mustJSON(t, e.Data)), `"targetType":"`+typ+`"`) {
			p.fail("the transfer to %s %s should be logged, done: %+v", typ, target, e)
		}
		// the old leg is wrapping up, under its ContactId; the card still names the first
		p.waitCard(ref, "after call work")
		p.waitCard(ref, "ContactId "+old.ContactID)
		p.clickText(card(ref), "Complete")
		p.waitLeg(ref, "")
	}
	transfer(3, "agent", "bob")
	transfer(4, "queue", "Billing")
	transfer(5, "quick_connect", "Escalations")
	var queues []string
	for _, e := range s.log(t) {
		if e.Type == "contact_transferred" {
			d := e.Data.(map[string]any)
			queues = append(queues, fmt.Sprintf("%v %v", d["state"], d["queue"]))
		}
	}
	if got := strings.Join(queues, ", "); got != "transferred Support, queued Billing, queued Tier 2" {
		p.fail("the new legs: %s", got)
	}

	// a chat handed over by a flow: the simulator in another tab is the contact's side
	sim := p.newTab("/")
	sim.pickFlow("Handoff", "How can we help?")
	sim.typeReply("my order is late")
	sim.waitChat("An agent will be with you shortly.")
	p.waitCard(6, "#6 · chat · incoming")
	p.waitCard(6, "my order is late")
	p.clickText(card(6), "Accept")
	p.waitCard(6, "connected")
	p.do(chromedp.SendKeys(chromedp.CSS(card(6)+` form.reply input`), "Hi, I'm Ada. Let me look.\r"))
	sim.waitJS(`[...document.querySelectorAll("#messages li[data-kind=agent]")].some((li) => li.innerText.includes("Hi, I'm Ada. Let me look."))`,
		"the agent's reply in the contact's chat")
	p.waitCard(6, "Hi, I'm Ada. Let me look.")
	if v := p.str(`document.querySelector('` + card(6) + ` form.reply input').value`); v != "" {
		p.fail("the reply box should be empty after sending, not %q", v)
	}
	sim.typeReply("order 1234")
	p.waitCard(6, "order 1234")
	p.clickText(card(6), "Wrap up")
	p.waitLeg(6, desktop.ACW)
	sim.waitChat("the agent's conversation ended")
	p.clickText(card(6), "Complete")
	p.waitLeg(6, "")
}

// newTab opens another tab of the same browser on the server.
func (p *tab) newTab(path string) *tab {
	p.t.Helper()
	ctx, cancel := chromedp.NewContext(p.ctx)
	p.t.Cleanup(cancel)
	q := &tab{t: p.t, ctx: ctx, srv: p.srv}
	q.start(1280, 900, path)
	return q
}

// focusedAX is the role and accessible name of the focused element, from Chromium's
// accessibility tree.
func (p *tab) focusedAX() string {
	p.t.Helper()
	ctx, cancel := p.bounded()
	defer cancel()
	res, err := chromedp.Call(ctx, accessibility.GetFullAXTree, accessibility.GetFullAXTreeParams{})
	if err != nil {
		p.fail("reading the accessibility tree: %v", err)
	}
	// the document is focused too: the control is the focused node that isn't the document
	for _, n := range res.Nodes {
		if n.Ignored || n.Role == nil || strings.Trim(string(n.Role.Value), `"`) == "RootWebArea" {
			continue
		}
		for _, prop := range n.Properties {
			if prop.Name == accessibility.PropertyNameFocused && string(prop.Value.Value) == "true" {
				name := ""
				if n.Name != nil {
					name = strings.Trim(string(n.Name.Value), `"`)
				}
				return strings.Trim(string(n.Role.Value), `"`) + " " + name
			}
		}
	}
	return "page"
}

// tabTo presses Tab until the focused control is want, at most n times; it returns the
// controls passed.
func (p *tab) tabTo(want string, n int) []string {
	p.t.Helper()
	var seen []string
	for range n {
		p.do(chromedp.KeyEvent(kb.Tab))
		f := p.focusedAX()
		seen = append(seen, f)
		if f == want {
			return seen
		}
	}
	p.fail("Tab never reached %q; it went through %v", want, seen)
	return nil
}

// TestBrowserDesktopKeyboard works the desktop with the keyboard alone: Tab reaches the agent's
// controls and then the contact's in reading order, each with its accessible name from
// Chromium's accessibility tree; Enter accepts a chat; focus stays on the contact's controls as
// the page redraws, so the agent types one reply after the other without the mouse.
func TestBrowserDesktopKeyboard(t *testing.T) {
	s := deskServer(t, DesktopOptions{Timeline: writeTimeline(t, controlsTimeline)})
	p := openPage(t, s, 1280, 1000, "/desktop")
	s.arrive(t, desktop.Arrival{Channel: desktop.Chat, Queue: "Support", Customer: desktop.Customer{Name: "Bea"}, Message: "hello?"})
	p.waitCard(1, "incoming")
	seen := p.tabTo("button Accept", 30)
	want := []string{"link Simulator", "link Download log", "combobox Status", "textbox Reason", "button Set status", "button Mute",
		"textbox Advance the clock by", "button Advance", "DisclosureTriangle New contact", "button Accept"}
	if !isSubsequence(want, seen) {
		p.fail("Tab order = %v\nwant these in order: %v", seen, want)
	}
	p.do(chromedp.KeyEvent(kb.Enter))
	p.waitLeg(1, desktop.Connected)
	// the Accept button is gone: focus moves to the contact's first control, not the page's top
	p.waitJS(`document.activeElement.textContent === "Wrap up"`, "focus on the contact's first control")
	if f := p.focusedAX(); f != "button Wrap up" {
		p.fail("after Accept, focus is on %q", f)
	}
	p.tabTo("textbox Reply to contact #1", 5)
	p.do(chromedp.KeyEvent("Hi Bea"), chromedp.KeyEvent(kb.Enter))
	waitFor(p, "the first reply", func() bool { m := s.leg(t, 1).Messages; return m[len(m)-1].Text == "Hi Bea" })
	// the page redrew the card; focus is still in the reply box, so typing goes on
	p.waitCard(1, "Hi Bea")
	p.do(chromedp.KeyEvent("One moment"), chromedp.KeyEvent(kb.Enter))
	waitFor(p, "the second reply", func() bool { m := s.leg(t, 1).Messages; return m[len(m)-1].Text == "One moment" })
	// a redraw while the agent is typing keeps what they typed
	p.do(chromedp.KeyEvent("half a reply"))
	s.call(t, "POST", "/api/desktop/customer", CustomerRequest{Contact: "#1", Says: "ok"}, nil)
	p.waitCard(1, "ok")
	if v, f := p.str(`document.activeElement.value`), p.focusedAX(); v != "half a reply" || f != "textbox Reply to contact #1" {
		p.fail("after a redraw the reply box holds %q and focus is on %q", v, f)
	}
	// Tab on: Send, then the transfer form
	seen = p.tabTo("button Transfer", 6)
	if !isSubsequence([]string{"button Send", "combobox Transfer type for contact #1", "combobox Transfer target for contact #1", "button Transfer"}, seen) {
		p.fail("after the reply box, Tab goes through %v", seen)
	}
}

// TestBrowserDesktopPhone uses the desktop at a phone's width: one column, nothing wider than
// the screen, the plugin as wide as the screen, and a chat taken and answered by tapping.
func TestBrowserDesktopPhone(t *testing.T) {
	ps := newPluginServer(t)
	s := deskServer(t, DesktopOptions{Plugins: []desktop.Plugin{{ID: "ws", URL: ps.URL + "/probe.html", Kind: "max"}}})
	p := openPage(t, s, 390, 844, "/desktop")
	s.arrive(t, desktop.Arrival{Channel: desktop.Chat, Queue: "Support", Message: "hello?"})
	p.waitCard(1, "incoming")
	var w struct{ Doc, View, Frame float64 }
	p.js(`({doc: document.documentElement.scrollWidth, view: window.innerWidth,
		frame: document.querySelector(".plugin-frame").getBoundingClientRect().width})`, &w)
	if w.Doc > w.View {
		p.fail("the desktop is %v px wide on a %v px screen: it scrolls sideways", w.Doc, w.View)
	}
	if w.Frame < w.View*0.8 {
		p.fail("on a phone the plugin (%v px) should take the screen's width (%v px)", w.Frame, w.View)
	}
	var tops []float64
	p.js(`[".agent", ".contacts", ".plugins", ".log"].map((s) => document.querySelector(s).getBoundingClientRect().top)`, &tops)
	for i := 1; i < len(tops); i++ {
		if tops[i] <= tops[i-1] {
			p.fail("on a phone the sections should stack: tops %v", tops)
		}
	}
	p.clickText(card(1), "Accept")
	p.waitCard(1, "connected")
	var fits bool
	p.js(`(() => { const r = document.querySelector('`+card(1)+` form.reply').getBoundingClientRect(); return r.right <= window.innerWidth && r.width > 200; })()`, &fits)
	if !fits {
		p.fail("the reply form doesn't fit the phone's screen")
	}
	p.do(chromedp.SendKeys(chromedp.CSS(card(1)+` form.reply input`), "Hi there\r"))
	waitFor(p, "the reply", func() bool { m := s.leg(t, 1).Messages; return m[len(m)-1].Text == "Hi there" })
	if w2 := p.str(`String(document.documentElement.scrollWidth <= window.innerWidth)`); w2 != "true" {
		p.fail("with a conversation the desktop scrolls sideways on a phone")
	}
}

// TestBrowserDesktopAccessibleNames checks every control of the desktop has an accessible name
// in Chromium's accessibility tree, with contacts in each state (ringing, a call, a chat, after-
// call work), plugins, the New contact form open and a pop-up; and that plugin frames are named.
func TestBrowserDesktopAccessibleNames(t *testing.T) {
	ps := newPluginServer(t)
	s := deskServer(t, DesktopOptions{Timeline: writeTimeline(t, controlsTimeline), Plugins: []desktop.Plugin{
		{ID: "ws", URL: ps.URL + "/probe.html?sdk=smartagent", Kind: "smartagent"},
		{ID: "panel", URL: ps.URL + "/probe.html", Kind: "max", Panel: "contact"},
	}})
	p := openPage(t, s, 1280, 1000, "/desktop")
	s.arrive(t, desktop.Arrival{Channel: desktop.Voice, Queue: "Support"})
	s.arrive(t, desktop.Arrival{Channel: desktop.Chat, Queue: "Support", Message: "hi"})
	p.waitCard(2, "incoming")
	p.clickText(card(1), "Accept")
	p.clickText(card(2), "Accept")
	p.waitCard(2, "connected")
	s.arrive(t, desktop.Arrival{Channel: desktop.Chat, Queue: "Support", Message: "me too"})
	p.waitCard(3, "incoming")
	p.clickText(card(2), "Wrap up")
	p.waitCard(2, "after call work")
	p.js(`document.querySelector("details").open = true`, nil)
	p.waitPlugin(`iframe[data-window="ws"]`)
	p.must(`iframe[data-window="ws"]`, `await ready; await SmartAgent.init(); await SmartAgent.sendMessage("show_popup_message", {message: "Hello"})`, nil)
	p.waitJS(`document.getElementById("popup").open`, "the pop-up")
	if bad := p.unnamedControls(); len(bad) > 0 {
		p.fail("desktop controls without an accessible name: %v", bad)
	}
	var frames []string
	p.js(`[...document.querySelectorAll("iframe")].map((f) => f.title)`, &frames)
	if len(frames) != 4 || slices.Contains(frames, "") {
		p.fail("plugin frames and their titles: %q", frames)
	}
	// the names a screen reader says for the contact's controls
	var names []string
	p.js(`[...document.querySelectorAll('`+card(1)+` button, `+card(1)+` input, `+card(1)+` select')].map((e) =>
		e.getAttribute("aria-label") || e.textContent.trim())`, &names)
	want := "Hold Mask Record Hang up Wrap up Transfer type for contact #1 Transfer target for contact #1 Transfer"
	if strings.Join(names, " ") != want {
		p.fail("contact #1's controls = %q\nwant %q", strings.Join(names, " "), want)
	}
}
