package docgen

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/engine"
)

const root = "../.."

// TestReferenceUpToDate is CI's check that docs/reference is what the code generates: the pages
// are generated afresh (running every example) and compared with the committed ones.
func TestReferenceUpToDate(t *testing.T) {
	pages, err := Generate(root)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "docs", "reference")
	for name, want := range pages {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || string(got) != string(want) {
			t.Errorf("docs/reference/%s is out of date: run go generate ./flows/docgen", name)
		}
	}
	committed, _ := filepath.Glob(filepath.Join(dir, "*.md"))
	for _, p := range committed {
		if _, ok := pages[filepath.Base(p)]; !ok {
			t.Errorf("docs/reference/%s is no longer generated: run go generate ./flows/docgen", filepath.Base(p))
		}
	}
}

// TestWrite: generating into a directory writes every page and removes pages that are no
// longer generated.
func TestWrite(t *testing.T) {
	dir := t.TempDir()
	stale := filepath.Join(dir, "old-page.md")
	if err := os.WriteFile(stale, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Write(root, dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Error("stale page kept")
	}
	written, _ := filepath.Glob(filepath.Join(dir, "*.md"))
	if len(written) != 9 {
		t.Errorf("%d pages written: %v", len(written), written)
	}
}

// TestEveryTypeDescribed: each trigger and resume type the engine reads has a description and an
// example here, and nothing is described that the engine doesn't read.
func TestEveryTypeDescribed(t *testing.T) {
	for _, c := range []struct {
		kind      string
		engine    []string
		described []string
	}{
		{"trigger", engine.TriggerTypes(), keys(triggers)},
		{"resume", engine.ResumeTypes(), keys(resumes)},
	} {
		if len(c.engine) == 0 {
			t.Errorf("the engine lists no %s types", c.kind)
		}
		for _, typ := range c.engine {
			if !slices.Contains(c.described, typ) {
				t.Errorf("%s type %s is not described", c.kind, typ)
			}
		}
		for _, typ := range c.described {
			if !slices.Contains(c.engine, typ) {
				t.Errorf("%s type %s is described but the engine doesn't read it", c.kind, typ)
			}
		}
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestEventTypes(t *testing.T) {
	events, err := eventTypes(filepath.Join(root, "flows", "runtime"))
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]eventType{}
	for _, e := range events {
		byName[e.Name] = e
		if e.Doc == "" || !strings.HasSuffix(e.Doc, ".") {
			t.Errorf("%s: doc %q", e.Name, e.Doc)
		}
	}
	for name, goType := range map[string]string{"msg_created": "MsgCreated", "run_started": "RunStarted", "contact_field_changed": "ContactFieldChanged", "error": "Error"} {
		if byName[name].GoType != goType {
			t.Errorf("%s: Go type %q, want %s", name, byName[name].GoType, goType)
		}
	}
	if rs := byName["run_started"]; !slices.Contains(rs.Fields, eventField{"flow", false}) || !slices.Contains(rs.Fields, eventField{"parent_uuid", true}) {
		t.Errorf("run_started fields: %+v", rs.Fields)
	}
}

func TestSummaries(t *testing.T) {
	tests := []struct{ got, want string }{
		{eventSummary("RunStarted", "RunStarted: a run of a flow started (for a subflow,\n ParentUUID is the parent run)."), "A run of a flow started (for a subflow, ParentUUID is the parent run)."},
		{eventSummary("Error", "Error is an error the engine logged"), "An error the engine logged."},
		{eventSummary("AirtimeTransferred", "AirtimeTransferred (type airtime_created): airtime was sent."), "Airtime was sent."},
		{eventSummary("Hint", "hints are odd"), "Hints are odd."},
		{typeSummary("SendMsg", "SendMsg replies to the contact. With a template, more."), "Replies to the contact. With a template, more."},
		{firstSentence("One thing. Another."), "One thing."},
		{flows.Sentence("  lower case"), "Lower case."},
		{anchor("schema/wrong-type"), "schemawrong-type"},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

// TestBrokenExamplesFail: an example that doesn't run stops the generation rather than
// documenting nothing.
func TestBrokenExamplesFail(t *testing.T) {
	if _, err := session(`{"nodes": 5}`, manualTrigger("x", "y")); err == nil {
		t.Error("a flow that can't be read ran")
	}
	if _, err := session(triggerFlow, `{"type": "bogus"}`); err == nil {
		t.Error("a trigger the engine can't read ran")
	}
	if _, err := session(triggerFlow, manualTrigger("d0c5e000-0000-4000-8000-000000000001", "x"), `{"type": "wait_timeout"}`); err == nil {
		t.Error("a resume of a session that doesn't wait was taken")
	}
}

// TestFindingExamples: the broken flows show every code that a file can cause, each with its
// source line, and the rest say why they can't be shown.
func TestFindingExamples(t *testing.T) {
	examples, err := findingExamples(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range findingCodes() {
		_, shown := examples[c.Code]
		_, unshown := unshowable[c.Code]
		if shown == unshown {
			t.Errorf("%s: has an example: %v; listed as unshowable: %v (want exactly one)", c.Code, shown, unshown)
		}
	}
	if ex := examples["graph/too-many-nodes"]; !strings.HasPrefix(ex, generatedFlowName+":") || !strings.Contains(ex, "(has 1001)") {
		t.Errorf("graph/too-many-nodes example %q, want it from the built flow", ex)
	}
	for code, ex := range examples {
		if !strings.Contains(ex, "["+code+"]") {
			t.Errorf("%s: example %q", code, ex)
		}
	}
}

// TestCarriedEvents: the events that only arrive inside resumes get their examples from the
// resume examples, decoded by the runtime's own types.
func TestCarriedEvents(t *testing.T) {
	for typ, want := range map[string]string{"msg": "msg_received", "dial": "dial_ended", "wait_timeout": "wait_timed_out", "wait_expiration": "wait_expired"} {
		e, err := resumeEvent(resumes[typ].JSON)
		if err != nil || e == nil || e.Type() != want {
			t.Errorf("%s resume: event %v, error %v; want a %s event", typ, e, err, want)
		}
	}
	bad := `{"type": "wait_timeout", "resumed_on": "2025-01-01T09:10:00Z", "event": {"type": "wait_expired"}}`
	if _, err := resumeEvent(bad); err == nil || !strings.Contains(err.Error(), "wait_timed_out") {
		t.Errorf("a wait_timeout resume carrying a wait_expired event: error %v", err)
	}
}
