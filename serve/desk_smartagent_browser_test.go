package serve

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/desktop"
)

// TestBrowserSmartAgentSDK drives the SmartAgent SDK drop-in from a plugin page in the desktop:
// every method, events with on and off, how the desktop shows hidePlugin, showPlugin,
// setTitleTag, notifications and pop-ups, and each message type's payload error coming back to
// the plugin as a SmartAgentError (and into the log).
func TestBrowserSmartAgentSDK(t *testing.T) {
	ps := newPluginServer(t)
	tl := writeTimeline(t, `{"agent": {"id": "a-7", "name": "Ada", "username": "ada", "status": "Available"}, "company_id": "acme",
		"directory": [{"id": "a-2", "name": "Bob", "username": "bob"}]}`)
	s := deskServer(t, DesktopOptions{Timeline: tl, Plugins: []desktop.Plugin{{ID: "sa", URL: ps.URL + "/probe.html?sdk=smartagent", Kind: "smartagent"}}})
	p := openPage(t, s, 1280, 1000, "/desktop")
	const sa = `iframe[data-window="sa"]`
	p.waitPlugin(sa)
	p.must(sa, `await ready`, nil)

	// every call before init is refused
	if _, err := p.runInFrame(sa, `return await SmartAgent.getUser()`); err == nil || err.Code != "not_initialised" {
		p.fail("getUser before init: %+v", err)
	}
	var init struct {
		User      map[string]string `json:"user"`
		CompanyID string            `json:"companyId"`
	}
	p.must(sa, `return await SmartAgent.init()`, &init)
	if init.CompanyID != "acme" || init.User["id"] != "a-7" || init.User["name"] != "Ada" || init.User["username"] != "ada" || init.User["status"] != "Available" {
		p.fail("init = %+v", init)
	}
	var user map[string]string
	p.must(sa, `return await SmartAgent.getUser()`, &user)
	if fmt.Sprint(user) != fmt.Sprint(init.User) {
		p.fail("getUser = %v, want init's user %v", user, init.User)
	}
	var company map[string]string
	p.must(sa, `return await SmartAgent.getCompanyID()`, &company)
	if company["companyId"] != "acme" {
		p.fail("getCompanyID = %v", company)
	}

	// on and off: two handlers of one event; off with one keeps the other; off with the last
	// unsubscribes the window
	p.must(sa, `window.got = []; window.a = (d) => got.push("a " + d.contact.contactId); window.b = (d) => got.push("b " + d.contact.contactId);
		await SmartAgent.on("incoming_call", a); await SmartAgent.on("incoming_call", b)`, nil)
	arrive := func() desktop.Contact {
		var c desktop.Contact
		if code := s.call(t, "POST", "/api/desktop/arrivals", desktop.Arrival{Channel: desktop.Chat, Queue: "Support", Message: "hi"}, &c); code != 201 {
			t.Fatalf("arrival = %d", code)
		}
		return c
	}
	got := func() string {
		var g []string
		p.must(sa, `return got`, &g)
		return strings.Join(g, ", ")
	}
	c1 := arrive()
	waitFor(p, "both handlers", func() bool { return got() == "a "+c1.ContactID+", b "+c1.ContactID })
	p.must(sa, `await SmartAgent.off("incoming_call", a)`, nil)
	c2 := arrive()
	waitFor(p, "handler b alone", func() bool { return strings.HasSuffix(got(), ", b "+c2.ContactID) })
	if g := got(); strings.Contains(g, "a "+c2.ContactID) {
		p.fail("a handler taken off with off still ran: %s", g)
	}
	p.must(sa, `await SmartAgent.off("incoming_call", b)`, nil)
	s.call(t, "POST", "/api/desktop/actions", ActionRequest{Action: "RejectTask", Payload: map[string]any{"contactId": "#1"}}, nil)
	c3 := arrive()
	waitFor(p, "the third contact to ring", func() bool {
		for _, c := range s.desk(t).Contacts {
			if c.ContactID == c3.ContactID {
				return c.State == desktop.Incoming
			}
		}
		return false
	})
	// the desktop no longer sends the window incoming_call: its outbox says so
	var out struct{ Outbox []desktop.Outbound }
	s.call(t, "GET", "/api/desktop/outbox", nil, &out)
	for _, o := range out.Outbox {
		if strings.Contains(string(mustJSON(t, o.Data)), `"event":"incoming_call"`) && strings.Contains(string(mustJSON(t, o.Data)), c3.ContactID) {
			p.fail("after off, the desktop still sent incoming_call: %s", mustJSON(t, o.Data))
		}
	}
	if _, err := p.runInFrame(sa, `return await SmartAgent.on("incoming_cal", () => {})`); err == nil || err.Code != "unknown_event" || !strings.Contains(err.Message, `did you mean "incoming_call"?`) {
		p.fail("on with a misspelt event: %+v", err)
	}

	// hidePlugin and showPlugin hide and show the plugin's panel; setTitleTag titles it
	figure := `document.querySelector('figure[data-window="sa"]')`
	var vis map[string]bool
	p.must(sa, `return await SmartAgent.hidePlugin()`, &vis)
	if vis["visible"] {
		p.fail("hidePlugin = %v", vis)
	}
	p.waitJS(figure+`.hidden && getComputedStyle(`+figure+`).display === "none"`, "the plugin to be hidden")
	p.must(sa, `return await SmartAgent.showPlugin()`, &vis)
	p.waitJS(`!`+figure+`.hidden`, "the plugin to be shown again")
	p.must(sa, `return await SmartAgent.setTitleTag("Case 42")`, nil)
	p.waitJS(figure+`.querySelector("figcaption").textContent === "smartagent plugin sa: Case 42"`, "the title tag in the caption")
	if title := p.str(figure + `.querySelector("iframe").title`); title != "smartagent plugin sa: Case 42" {
		p.fail("the iframe's accessible title = %q", title)
	}
	for code, want := range map[string]string{
		`return await SmartAgent.setTitleTag("x".repeat(65))`: "setTitleTag: title is 65 characters; at most 64 fit the tab",
		`return await SmartAgent.setTitleTag(42)`:             "setTitleTag: title must be a string",
	} {
		if _, err := p.runInFrame(sa, code); err == nil || err.Code != "invalid_payload" || err.Message != want {
			p.fail("%s threw %+v, want invalid_payload: %s", code, err, want)
		}
	}

	// updateContact sets attributes of the window's contact, or the one named
	var res map[string]any
	p.must(sa, `return await SmartAgent.updateContact({tier: "gold"}, `+jsString(c2.ContactID)+`)`, &res)
	if res["ok"] != true || res["contactId"] != c2.ContactID {
		p.fail("updateContact = %v", res)
	}
	waitFor(p, "the attribute", func() bool {
		for _, c := range s.desk(t).Contacts {
			if c.ContactID == c2.ContactID {
				return c.Attributes["tier"] == "gold"
			}
		}
		return false
	})

	// each message type's payload is checked: the error comes back to the plugin, with its code
	bad := []struct{ call, want string }{
		{`SmartAgent.updateContact({tier: 1})`, `update_contact: attributes must be an object of strings, not {"tier":1}`},
		{`SmartAgent.sendMessage("update_contact", {attributes: {}})`, `update_contact: attributes is empty: give at least one attribute to set`},
		{`SmartAgent.sendMessage("update_contact", {attributes: {a: "b"}, contact: "x"})`, `update_contact: unknown key "contact": the payload takes contactId, attributes; did you mean "contactId"?`},
		{`SmartAgent.sendMessage("update_customer", {})`, `update_customer: give at least one of name, phoneNumber, email`},
		{`SmartAgent.sendMessage("update_customer", {phoneNumber: "555-0123"})`, `update_customer: phoneNumber "555-0123" is not in E.164 form`},
		{`SmartAgent.sendMessage("transfer_call", {endpoint: {type: "fax"}})`, `transfer_call: endpoint.type must be one of phone_number, agent, queue (got "fax")`},
		{`SmartAgent.sendMessage("transfer_call", {endpoint: {type: "agent", agent: "bob"}})`, `transfer_call: endpoint (agent): unknown key "agent"`},
		{`SmartAgent.sendMessage("end_conference_call", {contactId: 7})`, `end_conference_call: contactId must be a string, not 7`},
		{`SmartAgent.sendMessage("quick_connect", {})`, `quick_connect: name is missing: it is required (a string)`},
		{`SmartAgent.sendMessage("update_quick_connects", {quickConnects: [{name: "Tier 2"}]})`, `update_quick_connects: quickConnects[0]: endpoint is missing`},
		{`SmartAgent.sendMessage("show_notification", {message: "x", level: "loud"})`, `show_notification: level "loud": want one of info, success, warning, error`},
		{`SmartAgent.sendMessage("show_popup_message", {title: "x"})`, `show_popup_message: message is missing: it is required (a string)`},
		{`SmartAgent.sendMessage("update_contacts", {attributes: {a: "b"}})`, `unknown message type "update_contacts"`},
	}
	for _, b := range bad {
		_, err := p.runInFrame(sa, "return await "+b.call)
		if err == nil || err.Code != "invalid_payload" || !strings.Contains(err.Message, b.want) {
			p.fail("%s threw %+v\nwant invalid_payload: %s", b.call, err, b.want)
		}
		// the log has the request, refused with the same message
		found := false
		for _, e := range s.log(t) {
			if e.Plugin == "sa" && e.Direction == "in" && strings.HasPrefix(e.Verdict, "rejected: ") && strings.Contains(e.Verdict, b.want) {
				found = true
			}
		}
		if !found {
			p.fail("the log has no refusal of %s", b.call)
		}
	}
	// the same messages with good payloads go through
	p.must(sa, `await SmartAgent.sendMessage("update_quick_connects", {quickConnects: [{name: "Tier 2", endpoint: {type: "queue", queue: "Billing"}}]})`, nil)
	if d := s.desk(t); len(d.Quick) != 1 || d.Quick[0].Name != "Tier 2" {
		p.fail("update_quick_connects: %+v", d.Quick)
	}

	// notifications show as notices, pop-ups in a dialog the agent closes
	p.must(sa, `await SmartAgent.sendMessage("show_notification", {title: "CRM", message: "Customer saved", level: "success"})`, nil)
	p.waitJS(`document.getElementById("notices").innerText.includes("sa: CRM: Customer saved")`, "the notification")
	if cls := p.str(`[...document.querySelectorAll("#notices p")].find((e) => e.textContent.includes("Customer saved")).className`); cls != "level-success" {
		p.fail("the notification's level class = %q", cls)
	}
	p.must(sa, `await SmartAgent.sendMessage("show_popup_message", {title: "Fraud alert", message: "Check the caller's ID"})`, nil)
	p.waitJS(`document.getElementById("popup").open`, "the pop-up")
	var popup []string
	p.js(`["popup-title", "popup-message", "popup-from"].map((id) => document.getElementById(id).textContent)`, &popup)
	if b, _ := json.Marshal(popup); string(b) != `["Fraud alert","Check the caller's ID","from plugin sa"]` {
		p.fail("the pop-up shows %s", b)
	}
	p.click("#popup-ok")
	p.waitJS(`!document.getElementById("popup").open`, "the pop-up to close")
}
