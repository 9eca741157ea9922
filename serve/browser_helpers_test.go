package serve

// Browser tests drive headless Chromium (Debian's chromium package) through the DevTools
// protocol with github.com/chromedp/chromedp: what a user sees in the page is tested in a real
// browser. Without Chromium they skip, saying how to install it; in CI (CI set) they fail
// instead, since .ci/run installs it.

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

var update = flag.Bool("update", false, "rewrite docs/serve.png (and other files the tests write) from what the browser shows")

// noChromium says what a browser test needs when Chromium is missing.
const noChromium = "browser tests need Chromium: install it with `sudo apt-get install -y chromium` (Debian, Ubuntu) or point FLOWCTL_CHROMIUM at a Chrome or Chromium binary"

// chromiumPath finds Chromium: $FLOWCTL_CHROMIUM, else chromium, chromium-browser or
// google-chrome on the PATH.
func chromiumPath() string {
	if p := os.Getenv("FLOWCTL_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// waitLimit bounds one wait or browser call. What the page does takes milliseconds, but CI
// runs packages' tests side by side on two cores, where a busy machine stalls Chromium for
// seconds; a wait that ends fails the test with what it waited for, never hangs it.
const waitLimit = time.Minute

// testContext lives as long as the test may: until shortly before go test's -timeout ends the
// binary (so a stuck test fails with its own message rather than the timeout's stack dump), or
// 10 minutes when there is no timeout.
func testContext(t *testing.T) (context.Context, context.CancelFunc) {
	if d, ok := t.Deadline(); ok {
		return context.WithDeadline(context.Background(), d.Add(-30*time.Second))
	}
	return context.WithTimeout(context.Background(), 10*time.Minute)
}

// tab is one browser tab on a test server.
type tab struct {
	t    *testing.T
	ctx  context.Context
	srv  *testServer
	shot string // where failure screenshots go, made on the first failure
}

// openPage starts Chromium with a window of the size given and opens path on the server.
func openPage(t *testing.T, srv *testServer, width, height int, path string) *tab {
	t.Helper()
	bin := chromiumPath()
	if bin == "" {
		if os.Getenv("CI") != "" {
			t.Fatal(noChromium + " (CI must run them: .ci/run installs it)")
		}
		browserSkips.Add(1)
		t.Skip(noChromium)
	}
	// The flags keep Chromium off the network and quiet on a machine without one.
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("force-color-profile", "srgb"),
		// Plugin iframes come from another origin of the same host; the tests read and drive
		// them through the page's target (frame_helpers_test.go), which needs them in the page's
		// process: keep a Chromium that isolates origins by process from moving them out.
		chromedp.Flag("disable-features", "IsolateOrigins,site-per-process,OriginKeyedProcessesByDefault"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(width, height),
	}
	tctx, cancelTest := testContext(t)
	actx, cancelAlloc := chromedp.NewExecAllocator(tctx, opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelCtx(); cancelAlloc(); cancelTest() })
	p := &tab{t: t, ctx: ctx, srv: srv}
	p.start(width, height, path)
	return p
}

// start starts the tab (and, for a new browser, Chromium: their lives are bound to the context
// of the first call, so it is the tab's own, not one wait's) and opens path, waiting until the
// page says it is ready: it shows what the server has and listens to its streams.
func (p *tab) start(width, height int, path string) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx); err != nil {
		p.t.Fatalf("starting Chromium: %v", err)
	}
	p.do(chromedp.EmulateViewport(int64(width), int64(height)), chromedp.Navigate(p.srv.base+path))
	p.waitJS(`document.body.dataset.ready === "true"`, "the page to load")
}

// bounded is a context for one wait or call: the tab's, ending after waitLimit.
func (p *tab) bounded() (context.Context, context.CancelFunc) {
	return context.WithTimeout(p.ctx, waitLimit)
}

// fail takes a screenshot into a temp folder and stops the test, naming the folder.
func (p *tab) fail(format string, args ...any) {
	p.t.Helper()
	msg := fmt.Sprintf(format, args...)
	if p.shot == "" {
		dir, err := os.MkdirTemp("", "flowctl-browser-")
		if err == nil {
			p.shot = dir
		}
	}
	if p.shot != "" {
		ctx, cancel := context.WithTimeout(p.ctx, 10*time.Second)
		defer cancel()
		name := filepath.Join(p.shot, strings.NewReplacer("/", "_", " ", "_").Replace(p.t.Name())+".png")
		if buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil && os.WriteFile(name, buf, 0o644) == nil {
			msg += "\nscreenshot: " + name
		}
	}
	p.t.Fatal(msg)
}

// do runs actions.
func (p *tab) do(actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := p.bounded()
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		p.fail("browser: %v", err)
	}
}

// js evaluates an expression and decodes its value into out.
func (p *tab) js(expr string, out any) {
	p.t.Helper()
	ctx, cancel := p.bounded()
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[json.RawMessage](expr))
	if err != nil {
		p.fail("evaluating %s: %v", expr, err)
	}
	if out != nil {
		if err := json.Unmarshal(v, out); err != nil {
			p.fail("evaluating %s: %v (%s)", expr, err, v)
		}
	}
}

// str evaluates an expression to a string.
func (p *tab) str(expr string) string {
	p.t.Helper()
	var s string
	p.js(expr, &s)
	return s
}

// waitJS waits until an expression is true in the page (for at most waitLimit).
func (p *tab) waitJS(expr, what string) {
	p.t.Helper()
	ctx, cancel := p.bounded()
	defer cancel()
	// the page's own polling ends with the context, not before it
	limit := waitLimit
	if d, ok := ctx.Deadline(); ok {
		limit = time.Until(d)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(limit))); err != nil {
		p.fail("waiting for %s (%s): %v", what, expr, err)
	}
}

// waitText waits until the text an expression gives contains want; on failure it says what the
// text was.
func (p *tab) waitText(expr, want, what string) {
	p.t.Helper()
	var last string
	var err error
	if p.poll(func() bool {
		last, err = p.tryStr(expr)
		return err == nil && strings.Contains(last, want)
	}) {
		return
	}
	p.fail("waiting for %s to show %q (%s): %v; it shows:\n%s", what, want, expr, err, last)
}

// tryStr evaluates an expression to a string, for polls that may meet a page between states.
func (p *tab) tryStr(expr string) (string, error) {
	ctx, cancel := p.bounded()
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[string](expr))
}

// poll calls ok until it is true, for at most waitLimit, and says whether it was.
func (p *tab) poll(ok func() bool) bool {
	ctx, cancel := p.bounded()
	defer cancel()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		if ok() {
			return true
		}
		select {
		case <-ctx.Done():
			return ok()
		case <-tick.C:
		}
	}
}

// chatText is the chat's text, as a user reads it.
func (p *tab) chatText() string { return p.str(`document.getElementById("messages").innerText`) }

// waitChat waits until the chat shows a text.
func (p *tab) waitChat(text string) {
	p.t.Helper()
	p.waitJS(fmt.Sprintf(`document.getElementById("messages").innerText.includes(%q)`, text), fmt.Sprintf("the chat to show %q", text))
}

// click clicks the element a CSS selector finds.
func (p *tab) click(sel string) {
	p.t.Helper()
	p.do(chromedp.Click(chromedp.CSS(sel)))
}

// clickText clicks the button (or link) with the text, once the page shows it.
func (p *tab) clickText(scope, text string) {
	p.t.Helper()
	find := fmt.Sprintf(`[...document.querySelectorAll(%q)].find((e) => e.textContent.trim() === %q && !e.disabled)`, scope+" button, "+scope+" a", text)
	p.waitJS("!!"+find, fmt.Sprintf("a button %q in %s", text, scope))
	var ok bool
	p.js(fmt.Sprintf(`(() => { const b = %s; if (!b) return false; b.scrollIntoView(); b.click(); return true; })()`, find), &ok)
	if !ok {
		p.fail("no button %q in %s", text, scope)
	}
}

// typeReply types into the reply box and presses Enter.
func (p *tab) typeReply(text string) {
	p.t.Helper()
	p.do(chromedp.Focus(chromedp.CSS("#reply-text")), chromedp.SendKeys(chromedp.CSS("#reply-text"), text+"\r"))
}

// allowDownloads saves downloads in dir.
func (p *tab) allowDownloads(dir string) {
	p.t.Helper()
	ctx, cancel := p.bounded()
	defer cancel()
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir,
	}); err != nil {
		p.fail("allowing downloads: %v", err)
	}
}

// unnamedControls lists the controls (buttons, links, text boxes, tabs, ...) in Chromium's
// accessibility tree that have no accessible name.
func (p *tab) unnamedControls() []string {
	p.t.Helper()
	ctx, cancel := p.bounded()
	defer cancel()
	res, err := chromedp.Call(ctx, accessibility.GetFullAXTree, accessibility.GetFullAXTreeParams{})
	if err != nil {
		p.fail("reading the accessibility tree: %v", err)
	}
	controls := map[string]bool{"button": true, "link": true, "textbox": true, "tab": true, "combobox": true,
		"checkbox": true, "radio": true, "searchbox": true, "spinbutton": true, "menuitem": true}
	var out []string
	for _, n := range res.Nodes {
		if n.Ignored || n.Role == nil {
			continue
		}
		role := strings.Trim(string(n.Role.Value), `"`)
		if !controls[role] {
			continue
		}
		name := ""
		if n.Name != nil {
			name = strings.Trim(string(n.Name.Value), `"`)
		}
		if strings.TrimSpace(name) == "" {
			out = append(out, fmt.Sprintf("%s (node %s)", role, n.NodeID))
		}
	}
	return out
}

// screenshot takes the page as it is.
func (p *tab) screenshot() []byte {
	p.t.Helper()
	ctx, cancel := p.bounded()
	defer cancel()
	buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		p.fail("screenshot: %v", err)
	}
	return buf
}
