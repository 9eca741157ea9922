package serve

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"
)

// browserSkips counts the browser tests skipped for want of Chromium.
var browserSkips atomic.Int32

// TestMain says so, once, when browser tests were skipped. `go test ./...` shows a passing
// package's output only with -v, so the note also goes to the terminal itself (/dev/tty) when
// there is one: a developer without Chromium can't miss that the page went untested. (With CI
// set, a missing Chromium fails the tests instead.)
func TestMain(m *testing.M) {
	code := m.Run()
	if n := browserSkips.Load(); n > 0 {
		note := fmt.Sprintf("serve: %d browser %s SKIPPED: %s\n", n, plural(int(n), "test was", "tests were"), noChromium)
		fmt.Fprint(os.Stderr, note)
		// (not from TestWithoutChromium's copy, whose note is for the test to read)
		if os.Getenv("FLOWCTL_TEST_NO_CHROMIUM") == "" {
			if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
				fmt.Fprint(tty, note)
				tty.Close()
			}
		}
	}
	os.Exit(code)
}

// TestWithoutChromium runs a browser test in a copy of this test binary that can't find
// Chromium: locally it skips, and the package's note names the skip and how to install
// Chromium; with CI set it fails.
func TestWithoutChromium(t *testing.T) {
	if os.Getenv("FLOWCTL_TEST_NO_CHROMIUM") != "" {
		t.Skip("the copy doesn't run this test again")
	}
	run := func(ci string) (string, error) {
		cmd := exec.Command(os.Args[0], "-test.run=^TestBrowserPhone$", "-test.count=1")
		cmd.Env = []string{"PATH=" + t.TempDir(), "FLOWCTL_TEST_NO_CHROMIUM=1", "HOME=" + os.Getenv("HOME")}
		if ci != "" {
			cmd.Env = append(cmd.Env, "CI="+ci)
		}
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	out, err := run("")
	if err != nil || !strings.Contains(out, "serve: 1 browser test was SKIPPED: browser tests need Chromium: install it with `sudo apt-get install -y chromium`") {
		t.Errorf("without Chromium and CI, the browser test should skip with a note (err %v):\n%s", err, out)
	}
	out, err = run("true")
	if err == nil || !strings.Contains(out, "CI must run them") || strings.Contains(out, "SKIPPED") {
		t.Errorf("without Chromium in CI, the browser test should fail (err %v):\n%s", err, out)
	}
}
