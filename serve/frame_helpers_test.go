package serve

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/dom"
	cdpage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Plugins run in iframes from another origin: the page's scripts can't look into them, but the
// DevTools protocol can. These helpers read a plugin's page and run code in it, to check what a
// plugin shows and to make it act as its author's code would.

// frameID is the frame of the iframe a CSS selector finds in the page.
func (p *tab) frameID(sel string) cdp.FrameID {
	p.t.Helper()
	ctx, cancel := p.bounded()
	defer cancel()
	obj, err := chromedp.Run(ctx, chromedp.Evaluate[*runtime.RemoteObject](fmt.Sprintf(`document.querySelector(%q)`, sel)))
	if err != nil || obj == nil || obj.ObjectID == "" {
		p.fail("no iframe %s in the page (%v)", sel, err)
	}
	res, err := chromedp.Call(ctx, dom.DescribeNode, dom.DescribeNodeParams{ObjectID: obj.ObjectID})
	if err != nil || res.Node == nil || res.Node.FrameID == "" {
		p.fail("%s is not a frame (%v)", sel, err)
	}
	return res.Node.FrameID
}

// inFrame evaluates an expression in the iframe a CSS selector finds, in a world of its own: it
// sees the plugin's page (its DOM), not the plugin's variables. A promise is awaited. The value
// is decoded into out when out isn't nil.
func (p *tab) inFrame(sel, expr string, out any) {
	p.t.Helper()
	if err := p.tryInFrame(sel, expr, out); err != nil {
		p.fail("in %s: %v", sel, err)
	}
}

func (p *tab) tryInFrame(sel, expr string, out any) error {
	p.t.Helper()
	ctx, cancel := p.bounded()
	defer cancel()
	world, err := chromedp.Call(ctx, cdpage.CreateIsolatedWorld, cdpage.CreateIsolatedWorldParams{FrameID: p.frameID(sel), WorldName: "flowctl-test"})
	if err != nil {
		return fmt.Errorf("can't reach the frame: %v", err)
	}
	yes := true
	res, err := chromedp.Call(ctx, runtime.Evaluate, runtime.EvaluateParams{Expression: expr, ContextID: world.ExecutionContextID, ReturnByValue: &yes, AwaitPromise: &yes})
	if err != nil {
		return fmt.Errorf("evaluating %s: %v", expr, err)
	}
	if res.ExceptionDetails != nil {
		msg := res.ExceptionDetails.Text
		if res.ExceptionDetails.Exception != nil {
			msg += " " + res.ExceptionDetails.Exception.Description
		}
		return fmt.Errorf("evaluating %s: %s", expr, msg)
	}
	if out != nil && res.Result != nil {
		if err := json.Unmarshal(res.Result.Value, out); err != nil {
			return fmt.Errorf("evaluating %s: %v (%s)", expr, err, res.Result.Value)
		}
	}
	return nil
}

// frameText is the text a plugin's page shows.
func (p *tab) frameText(sel string) string {
	p.t.Helper()
	var s string
	p.inFrame(sel, `document.body ? document.body.innerText : ""`, &s)
	return s
}

// waitFrame waits until an expression is true in the plugin's page (in its own world, as
// inFrame); what says what is awaited.
func (p *tab) waitFrame(sel, expr, what string) {
	p.t.Helper()
	var last error
	if p.poll(func() bool {
		var ok bool
		last = p.tryInFrame(sel, "!!("+expr+")", &ok)
		return last == nil && ok
	}) {
		return
	}
	text := ""
	_ = p.tryInFrame(sel, `document.body ? document.body.innerText : ""`, &text)
	p.fail("waiting in %s for %s (%s): %v; the plugin shows:\n%s", sel, what, expr, last, text)
}

// waitPlugin waits until the page has the iframe and the plugin's page in it is loaded.
func (p *tab) waitPlugin(sel string) {
	p.t.Helper()
	p.waitJS(fmt.Sprintf(`!!document.querySelector(%q)`, sel), "the plugin's iframe "+sel)
	p.waitFrame(sel, `location.protocol.startsWith("http") && document.readyState === "complete"`, "the plugin's page to load")
}

// waitFrameText waits until the plugin's page shows a text.
func (p *tab) waitFrameText(sel, text string) {
	p.t.Helper()
	p.waitFrame(sel, fmt.Sprintf(`document.body && document.body.innerText.includes(%q)`, text), fmt.Sprintf("%q", text))
}

// runInFrame runs code as the plugin's own script (an async function body: it may await and
// return), so it uses the plugin's variables and the SDK the plugin loaded. It returns what the
// function returned, as JSON, or the error it threw: its message and, for SDK errors, its code.
func (p *tab) runInFrame(sel, code string) (json.RawMessage, *pluginError) {
	p.t.Helper()
	// A script element added to the page runs in the page's own world; it answers with an
	// event whose detail (a string) crosses back to ours.
	expr := fmt.Sprintf(`new Promise((resolve) => {
  const id = "flowctl-test-" + Math.random().toString(36).slice(2);
  document.addEventListener(id, (e) => resolve(e.detail), { once: true });
  const s = document.createElement("script");
  s.textContent = "(async () => {" + %s + "\n})().then((v) => JSON.stringify({ value: v === undefined ? null : v }), (e) => JSON.stringify({ error: { message: String(e && e.message || e), code: e && e.code } }))" +
    ".then((r) => document.dispatchEvent(new CustomEvent(" + JSON.stringify(id) + ", { detail: r })));";
  document.documentElement.append(s);
  s.remove();
})`, jsString(code))
	var out string
	p.inFrame(sel, expr, &out)
	var r struct {
		Value json.RawMessage `json:"value"`
		Error *pluginError    `json:"error"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		p.fail("running %s in %s: %v (%s)", code, sel, err, out)
	}
	return r.Value, r.Error
}

// must runs code in a plugin's page that must not throw, and decodes what it returns into out.
func (p *tab) must(sel, code string, out any) {
	p.t.Helper()
	v, perr := p.runInFrame(sel, code)
	if perr != nil {
		p.fail("in %s, %s threw %s: %s", sel, code, perr.Code, perr.Message)
	}
	if out != nil {
		if err := json.Unmarshal(v, out); err != nil {
			p.fail("in %s, %s returned %s: %v", sel, code, v, err)
		}
	}
}

// pluginError is an error a plugin's code threw (an SDK's errors have a code).
type pluginError struct {
	Message string `json:"message"`
	Code    string `json:"code"`
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return strings.ReplaceAll(string(b), "</", `<\/`)
}
