package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// slowFlow is a flow that calls a webhook, waits for a reply and goes round again: with a slow
// server, each reply costs the server's time.
func slowFlow(url string) string {
	return `{"uuid": "a9000000-0000-4000-8000-000000000001", "name": "Slow", "spec_version": "14.3.0", "language": "eng", "type": "messaging", "localization": {},
 "nodes": [
  {"uuid": "d9000000-0000-4000-8000-000000000001", "actions": [{"uuid": "b9000000-0000-4000-8000-000000000001", "type": "call_webhook", "method": "GET", "url": "` + url + `", "headers": {}, "body": "", "result_name": "R"}],
   "exits": [{"uuid": "e9000000-0000-4000-8000-000000000001", "destination_uuid": "d9000000-0000-4000-8000-000000000002"}]},
  {"uuid": "d9000000-0000-4000-8000-000000000002", "router": {"type": "switch", "wait": {"type": "msg"}, "operand": "@input.text", "cases": [],
    "categories": [{"uuid": "c9000000-0000-4000-8000-000000000001", "name": "All", "exit_uuid": "e9000000-0000-4000-8000-000000000002"}], "default_category_uuid": "c9000000-0000-4000-8000-000000000001"},
   "exits": [{"uuid": "e9000000-0000-4000-8000-000000000002", "destination_uuid": "d9000000-0000-4000-8000-000000000001"}]}
 ]}`
}

// TestTimeLimit: --timeout-run stops a run (and each scenario of a test) that goes on too long,
// with exit 1 and a message naming the limit and the flag; the transcript so far is shown.
func TestTimeLimit(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(100 * time.Millisecond)
		fmt.Fprint(w, `{"ok": true}`)
	}))
	defer srv.Close()
	dir := t.TempDir()
	flow := filepath.Join(dir, "slow.json")
	if err := os.WriteFile(flow, []byte(slowFlow(srv.URL)), 0o644); err != nil {
		t.Fatal(err)
	}
	inputs := strings.Repeat(`"x", `, 100) + `"x"`
	scenario := filepath.Join(dir, "slow.scenario.json")
	if err := os.WriteFile(scenario, []byte(`{"flow": "slow.json", "inputs": [`+inputs+`]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"run", flow, "--allow-http", "--timeout-run", "300ms"}
	for range 100 {
		args = append(args, "--input", "x")
	}
	const want = "the run took longer than 300ms and was stopped (--timeout-run sets the limit)"
	code, out, errOut := mainWithin(t, 30*time.Second, args...)
	if code != 1 || !strings.Contains(errOut, want) || !strings.Contains(out, "↗ GET") {
		t.Errorf("run: exit %d, want 1, %q and the transcript so far:\n%s%s", code, want, out, errOut)
	}
	// a test scenario is stopped the same way (its calls answered by the mock-less engine
	// would be instant, so this one only uses the limit's mechanics: a limit of 1ns)
	code, out, _ = mainWithin(t, 30*time.Second, "test", "--timeout-run", "1ns", scenario)
	if code != 1 || !strings.Contains(out, "the run took longer than 1ns and was stopped") {
		t.Errorf("test: exit %d, want 1 and the time limit:\n%s", code, out)
	}
	if code, _, errOut := runMain("run", flow, "--timeout-run", "-5s"); code != 2 || !strings.Contains(errOut, "--timeout-run must be a duration") {
		t.Errorf("a negative --timeout-run: exit %d %s", code, errOut)
	}
	// without a limit the run goes to its end
	if code, out, errOut := runMain("test", "--timeout-run", "0", scenario); code != 0 {
		t.Errorf("test --timeout-run 0: exit %d\n%s%s", code, out, errOut)
	}
}
