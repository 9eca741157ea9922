package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Routing documents are validated next to flows, with the same output and exit statuses.
func TestValidateRoutingDocuments(t *testing.T) {
	code, out, stderr := runMain("validate", "../../testdata/routing", "../../testdata/flows")
	if code != 0 {
		t.Fatalf("the bundled examples should be clean: exit %d\n%s%s", code, out, stderr)
	}
	code, out, _ = runMain("validate", "--format", "json", "../../routing/testdata/err/targets.json")
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	var rep struct {
		Files []struct {
			Findings []struct {
				Code   string
				Line   int
				Column int
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range rep.Files[0].Findings {
		if f.Code == "routing/default-filter-timeout" && f.Line == 18 && f.Column == 51 {
			found = true
		}
	}
	if !found {
		t.Errorf("routing/default-filter-timeout at 18:51 not reported:\n%s", out)
	}
	// Warnings alone don't fail.
	if code, out, _ := runMain("validate", "../../routing/testdata/warn"); code != 0 || !strings.Contains(out, "warning[routing/odd-operator]") {
		t.Errorf("exit %d\n%s", code, out)
	}
	// SARIF lists routing rules.
	code, out, _ = runMain("validate", "--format", "sarif", "../../routing/testdata/err/limits.json")
	if code != 1 || !strings.Contains(out, `"id": "routing/out-of-range"`) {
		t.Errorf("exit %d\n%s", code, out)
	}
	// Codes can be disabled like any other.
	if code, out, _ := runMain("validate", "--disable", "routing/out-of-range,routing/missing-queue,routing/priority", "../../routing/testdata/err/limits.json"); code != 0 {
		t.Errorf("exit %d\n%s", code, out)
	}
}

func TestValidateWorkspaceFlag(t *testing.T) {
	dir := t.TempDir()
	wf := filepath.Join(dir, "wf.json")
	os.WriteFile(wf, []byte(`{"task_routing": {"filters": [{"expression": "1==1", "targets": [{"queue": "Suport"}]}], "default_filter": {"queue": "Support"}}}`), 0o644)
	if code, out, _ := runMain("validate", wf); code != 0 {
		t.Errorf("without a workspace queues aren't checked: exit %d\n%s", code, out)
	}
	code, out, _ := runMain("validate", wf, "--workspace", "../../routing/testdata/ok/queue_list.json")
	if code != 1 || !strings.Contains(out, `queue "Suport" is not a queue of the workspace`) {
		t.Errorf("exit %d\n%s", code, out)
	}
	code, out, _ = runMain("validate", wf, "--workspace", "../../testdata/routing/workspace.json")
	if code != 1 || !strings.Contains(out, `(did you mean "Support"?)`) {
		t.Errorf("exit %d\n%s", code, out)
	}
	code, _, stderr := runMain("validate", wf, "--workspace", filepath.Join(dir, "missing.json"))
	if code != 2 || !strings.Contains(stderr, "can't read workspace") {
		t.Errorf("exit %d: %s", code, stderr)
	}
	code, _, stderr = runMain("validate", wf, "--workspace", wf)
	if code != 2 || !strings.Contains(stderr, "is not a routing workspace") {
		t.Errorf("exit %d: %s", code, stderr)
	}
	// The workspace's own errors are reported.
	code, out, _ = runMain("validate", wf, "--workspace", "../../routing/testdata/err/workspace_errors.json")
	if code != 1 || !strings.Contains(out, "max_reserved_workers 51 is out of range") {
		t.Errorf("exit %d\n%s", code, out)
	}
}
