package timeline

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the expect of testdata/*.desktop.json from what the plugins get")

// TestScenarios runs the bundled desktop scenarios; -update records what the plugins get.
func TestScenarios(t *testing.T) {
	files, err := filepath.Glob("testdata/*.desktop.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scenarios: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			o, err := RunFile(f, *update)
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			WriteText(&b, o)
			if !o.Passed() {
				t.Errorf("the plugins got something else:\n%s", b.String())
			}
			// Runs are deterministic: a second run gives the same log, byte for byte.
			again, err := RunFile(f, false)
			if err != nil {
				t.Fatal(err)
			}
			l1, _ := json.Marshal(o.Result.Desktop.Log())
			l2, _ := json.Marshal(again.Result.Desktop.Log())
			if !bytes.Equal(l1, l2) {
				t.Errorf("two runs logged differently")
			}
		})
	}
}

// The goldens are written by the code; these checks pin what they must say, so that a wrong
// recording can't pass for right.
func TestScenarioFacts(t *testing.T) {
	run := func(name string) *Result {
		t.Helper()
		tl, err := ReadFile("testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Run(tl)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	events := func(it Item) []map[string]any {
		var out []map[string]any
		if m, ok := it.Data.(map[string]any); ok {
			for _, e := range m["events"].([]any) {
				out = append(out, e.(map[string]any))
			}
		}
		return out
	}

	max := run("max.desktop.json")
	kb := max.Plugins["kb"]
	if got := events(kb[0])[0]; got["status"] != "ERROR" || got["reason"] != "Invalid Subscription Types." {
		t.Errorf("empty types: %v", got)
	}
	if got := events(kb[1])[0]; got["reason"] != "Invalid Contact Id" {
		t.Errorf("bad contact id: %v", got)
	}
	if evs := events(kb[2]); evs[0]["status"] != "OK" || len(evs) != 5 || evs[4]["messageType"] != "SessionInfo" {
		t.Errorf("agent+contacts+sessioninfo snapshot: %v", evs)
	}
	if kb[3].Console == "" || kb[3].Data != nil {
		t.Errorf("the duplicate registration got %+v, want only a console warning", kb[3])
	}
	var contactIDs, masterIDs []string
	for _, it := range max.Plugins["crm"] {
		for _, e := range events(it) {
			if e["Type"] == "CallContactEvent" {
				contactIDs = append(contactIDs, e["ContactID"].(string))
				masterIDs = append(masterIDs, e["MasterID"].(string))
			}
		}
		if it.Data != nil && it.Data.(map[string]any)["issuer"] != "MAX" {
			t.Errorf("a message without issuer MAX: %v", it.Data)
		}
	}
	if len(contactIDs) == 0 {
		t.Fatal("the contact panel got no contact events")
	}
	for i := range contactIDs {
		if contactIDs[i] != contactIDs[0] || masterIDs[i] != contactIDs[0] {
			t.Errorf("the panel of the first leg got ContactID %s MasterID %s (first %s)", contactIDs[i], masterIDs[i], contactIDs[0])
		}
	}
	var transferred []string
	for _, it := range kb {
		for _, e := range events(it) {
			if e["Type"] == "CallContactEvent" && e["ContactID"] != contactIDs[0] {
				if e["MasterID"] != contactIDs[0] {
					t.Errorf("the transferred leg has MasterID %v, want %s", e["MasterID"], contactIDs[0])
				}
				transferred = append(transferred, e["Status"].(string))
			}
		}
	}
	if strings.Join(transferred, " ") != "Incoming Active" {
		t.Errorf("the kb window saw the transferred leg as %v", transferred)
	}

	flex := run("flex.desktop.json")
	var verdicts []string
	for _, e := range flex.Desktop.Log().Entries {
		if e.Kind == "action" {
			verdicts = append(verdicts, e.Type+": "+e.Verdict)
		}
	}
	want := []string{
		"AcceptTask: done; beforeAcceptTask listener of notes failed: TypeError: crm is undefined",
		"WrapupTask: aborted by beforeWrapupTask listener of notes: write the case notes first",
		"WrapupTask: done",
		"CompleteTask: done",
		"AcceptTask: done; beforeAcceptTask listener of notes failed: TypeError: crm is undefined",
		"HangupCall: done",
	}
	if strings.Join(verdicts, "\n") != strings.Join(want, "\n") {
		t.Errorf("flex verdicts:\n%s\nwant:\n%s", strings.Join(verdicts, "\n"), strings.Join(want, "\n"))
	}
	voice, _ := flex.Desktop.Contact("#2")
	if voice.State != "after_call_work" {
		t.Errorf("the replaced HangupCall didn't run original: %s", voice.State)
	}

	sec := run("security.desktop.json")
	for _, e := range sec.Desktop.Log().Entries[:2] {
		if !strings.HasPrefix(e.Verdict, "rejected: origin") {
			t.Errorf("a message from another origin: %+v", e)
		}
	}
	for _, it := range sec.Plugins["two"] {
		for _, e := range events(it) {
			if e["Type"] == "AgentState" {
				t.Errorf("window two got the agent events of window one's subscription")
			}
		}
	}
	for _, o := range sec.Desktop.Outbox {
		if o.TargetOrigin != "https://"+o.Plugin+".example.com" {
			t.Errorf("a message for %s went to %s", o.Plugin, o.TargetOrigin)
		}
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"syntax", "{\n  \"steps\": [\n", "x.json:3:1: invalid JSON: unexpected end of file"},
		{"unknown top key", "{\n  \"step\": []\n}", `x.json:2:11: unknown key "step": want one of start, seed, agent, company_id, queues, directory, quick_connects, ring_timeout, acw_timeout, chat_capacity, plugins, steps, expect, description; did you mean "steps"?`},
		{"two kinds in a step", `{"steps": [{"wait": "1s", "agent": "AcceptTask"}]}`, "x.json:1:12: a step does one thing: want exactly one of wait, arrive, agent, plugin, customer, found 2"},
		{"bad duration", `{"steps": [{"wait": "5 seconds"}]}`, `x.json:1:21: "5 seconds" is not a duration: want one such as "30s" or "1m30s"`},
		{"unknown plugin", `{"plugins": [{"id": "crm", "url": "https://c.example", "kind": "max"}], "steps": [{"plugin": "cmr", "send": {}}]}`, `x.json:1:94: no plugin "cmr" is configured; did you mean "crm"?`},
		{"bad kind", `{"plugins": [{"id": "crm", "url": "https://c.example", "kind": "nice"}]}`, `x.json:1:64: plugin kind "nice": want one of max, smartagent, flex`},
		{"relative url", `{"plugins": [{"id": "crm", "url": "/panel", "kind": "max"}]}`, `x.json:1:35: plugin URL "/panel": want an absolute http or https URL`},
		{"bad contact ref", `{"steps": [{"customer": "1", "says": "hi"}]}`, `x.json:1:25: "1" is not a contact reference: want "#1" for the first contact that arrived`},
		{"key of another step kind", `{"steps": [{"agent": "AcceptTask", "says": "hi"}]}`, "x.json:1:44: says belongs to customer steps"},
		{"script on a max plugin", `{"plugins": [{"id": "p", "url": "https://p.example", "kind": "max", "script": {}}]}`, "x.json:1:79: only flex plugins have a script"},
		{"bad status", `{"agent": {"status": "available"}}`, `x.json:1:22: unknown status "available": want one of LoggedOut, LoggedIn, Available, Unavailable; did you mean "Available"?`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("x.json", []byte(tt.src))
			if err == nil || err.Error() != tt.want {
				t.Errorf("error = %v\nwant    %s", err, tt.want)
			}
		})
	}
}

func TestRunErrorsHavePositions(t *testing.T) {
	tl, err := Parse("x.json", []byte("{\"steps\": [\n  {\"customer\": \"#3\", \"says\": \"hi\"}\n]}"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Run(tl)
	if err == nil || err.Error() != "x.json:2:3: no contact #3: 0 contact(s) arrived so far" {
		t.Errorf("error = %v", err)
	}
}

func TestCompareAndUpdate(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "s.desktop.json")
	src := `{
  "description": "kept as written",
  "agent": {"status": "LoggedOut"},
  "plugins": [{"id": "kb", "url": "https://kb.example.com", "kind": "max"}],
  "steps": [
    {"plugin": "kb", "send": {"messageType": "RegisterForClientEvents", "subscriptionTypes": ["agent"]}},
    {"agent": "SetActivity", "payload": {"activity": "Available"}}
  ]
}
`
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := RunFile(path, false); err == nil || !strings.Contains(err.Error(), `has no "expect"`) {
		t.Fatalf("a timeline without expect ran as a scenario: %v", err)
	}
	o, err := RunFile(path, true)
	if err != nil || !o.Updated {
		t.Fatalf("update: %v %+v", err, o)
	}
	data, _ := os.ReadFile(path)
	if !bytes.HasPrefix(data, []byte(src[:strings.LastIndex(src, "\n}")])) {
		t.Errorf("update changed the rest of the file:\n%s", data)
	}
	if o, err := RunFile(path, false); err != nil || !o.Passed() {
		t.Fatalf("the recorded scenario fails: %v %+v", err, o)
	}
	if o, err := RunFile(path, true); err != nil || o.Updated {
		t.Errorf("a second update rewrote an up-to-date file: %v %+v", err, o)
	}
	// Break the expectation: the difference names the field and where it is.
	broken := bytes.Replace(data, []byte(`"CurrentState": "Available"`), []byte(`"CurrentState": "Unavailable"`), 1)
	if bytes.Equal(broken, data) {
		t.Fatalf("the recording has no Available state:\n%s", data)
	}
	os.WriteFile(path, broken, 0o644)
	o, err = RunFile(path, false)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	WriteText(&b, o)
	if len(o.Differences) != 1 || !strings.Contains(b.String(), `plugin kb, message 4: changed: data.events[0].CurrentState; expected "Unavailable"; got "Available"`) {
		t.Errorf("report:\n%s", b.String())
	}
	d := o.Differences[0]
	line := strings.Split(string(broken), "\n")[d.Line-1]
	if !strings.Contains(line[d.Col-1:], `"Unavailable"`) {
		t.Errorf("the difference points at %d:%d: %q", d.Line, d.Col, line)
	}
}
