package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// watchWith runs flowctl with --watch, calling change after the first round, and stops after the
// second; it fails the test if the second round never comes.
func watchWith(t *testing.T, change func(), args ...string) string {
	t.Helper()
	watchHook = func(round int) bool {
		if round == 1 {
			change()
			return true
		}
		return false
	}
	t.Cleanup(func() { watchHook = nil })
	done := make(chan string, 1)
	go func() {
		_, out, errOut := runMain(args...)
		done <- out + errOut
	}()
	select {
	case out := <-done:
		return out
	case <-time.After(20 * time.Second):
		t.Fatalf("flowctl %s didn't run again after the change", strings.Join(args, " "))
		return ""
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestRunWatch: run --watch runs again when the flow file changes (replaced, as editors save)
// and says what changed in the transcript.
func TestRunWatch(t *testing.T) {
	dir := t.TempDir()
	flow := filepath.Join(dir, "survey.json")
	copyFile(t, filepath.Join(runData, "survey.json"), flow)
	out := watchWith(t, func() {
		data, _ := os.ReadFile(flow)
		tmp := flow + ".tmp"
		os.WriteFile(tmp, []byte(strings.Replace(string(data), "How old are you?", "What is your age?", 1)), 0o644)
		os.Rename(tmp, flow)
	}, "run", "--watch", flow, "--input", "Bob")
	inOrder(t, out, "💬 How old are you?", "survey.json changed; run 2",
		"💬 What is your age?", "since the last run:", "  - 💬 How old are you?", "  + 💬 What is your age?",
		"flowctl: watching 1 file for changes (Ctrl-C stops)")
}

// TestTestWatch: test --watch runs the suite again when a scenario changes or a new one appears.
func TestTestWatch(t *testing.T) {
	dir := fixtureDir(t)
	withFakeRun(t)
	out := watchWith(t, func() {
		copyFile(t, filepath.Join(dir, "ok.scenario.json"), filepath.Join(dir, "new.scenario.json"))
	}, "test", "--watch", "--color", "never", dir)
	inOrder(t, out, "1 passed, 1 failed", "new.scenario.json changed; run 2", "2 passed, 1 failed",
		"since the last run:", "  - 1 passed, 1 failed", "  + 2 passed, 1 failed")
	if code, _, errOut := runMain("test", "--watch", "--new", filepath.Join(dir, "ask.flow.json")); code != exitUsage || !strings.Contains(errOut, "doesn't apply to --new") {
		t.Errorf("--watch --new: exit %d %s", code, errOut)
	}
}
