package simulation

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/engine"
	"github.com/flowctl/flowctl/internal/exportgen"
)

var (
	registration = filepath.Join("..", "..", "testdata", "flows", "registration.json")
	orgAssets    = filepath.Join("..", "..", "testdata", "assets", "org_assets.json")
	survey       = filepath.Join("..", "..", "testdata", "run", "survey.json")
)

func TestParseReply(t *testing.T) {
	tests := []struct {
		in   string
		want Reply
		out  string
	}{
		{"/timeout", Reply{Kind: Timeout}, "/timeout"},
		{" /expire ", Reply{Kind: Expire}, "/expire"},
		{"//timeout", Reply{Text: "/timeout"}, "//timeout"},
		{"///x", Reply{Text: "//x"}, "///x"},
		{"/start", Reply{Text: "/start"}, "/start"},
		{"Bob", Reply{Text: "Bob"}, "Bob"},
	}
	for _, tc := range tests {
		got := ParseReply(tc.in)
		if got != tc.want || got.String() != tc.out || ParseReply(got.String()) != got {
			t.Errorf("ParseReply(%q) = %+v, written %q; want %+v, %q, read back the same", tc.in, got, got.String(), tc.want, tc.out)
		}
	}
}

// writeExport writes a generated export of n flows to a temporary file.
func writeExport(t testing.TB, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "export.json")
	if err := os.WriteFile(path, exportgen.Generate(exportgen.Options{Flows: n, NodesPerFlow: 3, Fields: 10, Groups: 3}), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadReadsOnlyTheReachedFlows(t *testing.T) {
	path := writeExport(t, 8)
	l := NewLoader()
	ld, err := l.Load(path, nil, exportgen.FlowName(4))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range ld.Assets.Flows {
		names = append(names, f.Name)
	}
	if ld.Flow.Name != exportgen.FlowName(4) || fmt.Sprint(names) != "[Survey 004 Survey 005]" {
		t.Errorf("started %q with flows %v, want Survey 004 and its subflow only", ld.Flow.Name, names)
	}
	if len(ld.Assets.All(flows.AssetField)) != 10 {
		t.Errorf("the export's fields are missing")
	}
	again, err := l.Load(path, nil, exportgen.FlowUUID(4))
	if err != nil || again.Assets != ld.Assets {
		t.Errorf("a second load of the same flows should reuse the first (%v)", err)
	}
}

func TestLoadErrors(t *testing.T) {
	path := writeExport(t, 3)
	// A flow that breaks the rules is placed in the file, though only part of it was read.
	src, _ := os.ReadFile(path)
	broken := strings.Replace(string(src), `"type": "has_number_between"`, `"type": "has_numbr_between"`, 1)
	brokenPath := filepath.Join(t.TempDir(), "broken.json")
	os.WriteFile(brokenPath, []byte(broken), 0o644)
	before := broken[:strings.Index(broken, "has_numbr_between")]
	line := strings.Count(before, "\n") + 1
	col := len(before) - strings.LastIndex(before, "\n") - 1
	tests := []struct {
		name, path, flow string
		check            func(error) bool
		want             string
	}{
		{"typo", path, "Survey 01", func(err error) bool { return errors.As(err, new(*flows.UnknownFlowError)) }, `did you mean "Survey 001"`},
		{"missing", filepath.Join(t.TempDir(), "nope.json"), "", func(err error) bool { return errors.As(err, new(*FileError)) }, "can't read flow file"},
		{"blocked", brokenPath, "", func(err error) bool { return errors.As(err, new(*BlockedError)) }, fmt.Sprintf("%s can't be run:\n  %d:%d: unknown case type 'has_numbr_between'", brokenPath, line, col)},
	}
	for _, tc := range tests {
		_, err := NewLoader().Load(tc.path, nil, tc.flow)
		if err == nil || !tc.check(err) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %T %v, want %q", tc.name, err, err, tc.want)
		}
	}
	// The same flow file breaks only the flows that reach the broken one.
	if _, err := NewLoader().Load(brokenPath, nil, "Survey 002"); err != nil {
		t.Errorf("flow 2 doesn't reach the broken flow 0: %v", err)
	}
}

func prepare(t *testing.T, s *Setup) *Simulation {
	t.Helper()
	ld, err := NewLoader().Load(s.FlowPath, s.AssetPaths, s.Flow)
	if err != nil {
		t.Fatal(err)
	}
	sim, err := Prepare(s, ld)
	if err != nil {
		t.Fatal(err)
	}
	return sim
}

func TestLanguageWithoutEnvironment(t *testing.T) {
	sim := prepare(t, &Setup{FlowPath: registration, AssetPaths: []string{orgAssets}, ContactOptions: ContactOptions{Language: "spa"}})
	if string(sim.Environment) != `{"allowed_languages":["eng","spa"]}` {
		t.Errorf("environment %s, want the flow's and the contact's languages allowed", sim.Environment)
	}
	out, err := sim.Run(nil)
	if err != nil {
		t.Fatal(err)
	}
	if text := firstMessage(out.Conversation); !strings.HasPrefix(text, "¡Hola!") {
		t.Errorf("first message %q, want the Spanish translation", text)
	}
	// An environment that lists languages is the user's choice: kept, with a note.
	listed := prepare(t, &Setup{FlowPath: registration, Environment: json.RawMessage(`{"allowed_languages": ["eng"]}`), ContactOptions: ContactOptions{Language: "spa"}})
	if string(listed.Environment) != `{"allowed_languages": ["eng"]}` || len(listed.Notes) != 1 || !strings.Contains(listed.Notes[0], "spa is not among the environment's allowed_languages (eng)") {
		t.Errorf("environment %s, notes %q", listed.Environment, listed.Notes)
	}
}

// TestFileContactLanguageLeftToEnvironment: a contact language that comes from a file (here a
// scenario's contact) is used only when the environment allows it, as in the reference, so that
// a scenario runs as it does there; the user is told when a translation goes unused.
func TestFileContactLanguageLeftToEnvironment(t *testing.T) {
	contact := json.RawMessage(`{"uuid": "0f9c2c67-8f43-4b1e-9a52-3a4c3f0e0b11", "name": "Inés", "language": "spa", "status": "active", "created_on": "2024-03-01T09:00:00Z", "urns": ["tel:+593987654321"]}`)
	tests := []struct {
		name      string
		env       json.RawMessage
		wantHello string
		wantNote  string
	}{
		{"no environment", nil, "Hi", "spa is not among the environment's allowed_languages (none)"},
		{"environment without languages", json.RawMessage(`{"timezone": "America/Guayaquil"}`), "Hi", "allowed_languages (none)"},
		{"language allowed", json.RawMessage(`{"allowed_languages": ["eng", "spa"]}`), "¡Hola!", ""},
		{"default_language is not consulted", json.RawMessage(`{"default_language": "spa"}`), "Hi", "allowed_languages (none)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sim := prepare(t, &Setup{FlowPath: registration, AssetPaths: []string{orgAssets}, Contact: contact, Environment: tc.env})
			if string(sim.Environment) != string(tc.env) {
				t.Errorf("environment changed to %s", sim.Environment)
			}
			out, err := sim.Run(nil)
			if err != nil {
				t.Fatal(err)
			}
			if text := firstMessage(out.Conversation); !strings.HasPrefix(text, tc.wantHello) {
				t.Errorf("first message %q, want it to start %q", text, tc.wantHello)
			}
			notes := strings.Join(sim.Notes, "\n")
			if (tc.wantNote == "") != (notes == "") || !strings.Contains(notes, tc.wantNote) {
				t.Errorf("notes %q, want %q", notes, tc.wantNote)
			}
		})
	}
}

func firstMessage(c *Conversation) string {
	for _, st := range c.Steps {
		for _, e := range st.Sprint.Events {
			if m, ok := e.(interface{ Type() string }); ok && m.Type() == "msg_created" {
				data, _ := json.Marshal(e)
				var v struct {
					Msg struct {
						Text string `json:"text"`
					} `json:"msg"`
				}
				json.Unmarshal(data, &v)
				return v.Msg.Text
			}
		}
	}
	return ""
}

func TestContactOptions(t *testing.T) {
	name := "Ana"
	sim := prepare(t, &Setup{FlowPath: registration, AssetPaths: []string{orgAssets}, Seed: 7, ContactOptions: ContactOptions{
		Name: &name, URNs: []string{"+250788123123"}, Fields: []Field{{"age", "32"}}, Groups: []string{"registered"},
	}})
	var c struct {
		UUID   string   `json:"uuid"`
		Name   string   `json:"name"`
		URNs   []string `json:"urns"`
		Groups []struct {
			Name string `json:"name"`
		} `json:"groups"`
		Fields map[string]struct {
			Text   string `json:"text"`
			Number any    `json:"number"`
		} `json:"fields"`
	}
	if err := json.Unmarshal(sim.Contact, &c); err != nil {
		t.Fatal(err)
	}
	if c.Name != "Ana" || fmt.Sprint(c.URNs) != "[tel:+250788123123]" || len(c.Groups) != 1 || c.Groups[0].Name != "Registered" ||
		c.Fields["age"].Text != "32" || fmt.Sprint(c.Fields["age"].Number) != "32" {
		t.Errorf("contact %s", sim.Contact)
	}
	// the default contact comes from the seed: the same seed, the same contact
	if again := prepare(t, &Setup{FlowPath: registration, AssetPaths: []string{orgAssets}, Seed: 7, ContactOptions: ContactOptions{Name: &name}}); !strings.Contains(string(again.Contact), c.UUID) {
		t.Errorf("the seed gave another contact UUID: %s vs %s", again.Contact, c.UUID)
	}
	if other := prepare(t, &Setup{FlowPath: registration, Seed: 8}); strings.Contains(string(other.Contact), c.UUID) {
		t.Errorf("another seed gave the same contact UUID %s", c.UUID)
	}

	bad := []struct {
		opts ContactOptions
		want string
	}{
		{ContactOptions{Groups: []string{"Registerd"}}, `--group "Registerd": no group of that name or UUID among the loaded assets; did you mean "Registered"?`},
		{ContactOptions{Fields: []Field{{"agee", "3"}}}, `--field "agee": no field of that name or key among the loaded assets; did you mean "age"?`},
		{ContactOptions{Language: "Portuguese"}, `--lang "Portuguese": expected a three-letter ISO 639-3 code`},
		{ContactOptions{URNs: []string{"fax:123"}}, `--urn "fax:123": expected scheme:path`},
		{ContactOptions{Channel: "SMS"}, `--channel "SMS": no channel of that name or UUID among the loaded assets`},
	}
	for _, tc := range bad {
		s := &Setup{FlowPath: registration, AssetPaths: []string{orgAssets}, ContactOptions: tc.opts}
		ld, err := NewLoader().Load(s.FlowPath, s.AssetPaths, "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Prepare(s, ld); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v, want %q", tc.opts, err, tc.want)
		}
	}
}

func TestMsgTrigger(t *testing.T) {
	sim := prepare(t, &Setup{FlowPath: survey, TriggerType: "msg", Replies: []Reply{{Text: "Bob"}, {Text: "42"}}})
	if len(sim.Replies) != 1 || sim.Replies[0].Text != "42" || !strings.Contains(string(sim.Trigger), `"text":"Bob"`) || !strings.Contains(string(sim.Trigger), `"type":"msg"`) {
		t.Errorf("trigger %s, replies %+v: the first reply should start the flow", sim.Trigger, sim.Replies)
	}
	s := &Setup{FlowPath: survey, TriggerType: "msg"}
	ld, _ := NewLoader().Load(survey, nil, "")
	if _, err := Prepare(s, ld); err == nil || !strings.Contains(err.Error(), "give it as the first reply") {
		t.Errorf("msg trigger without a message: %v", err)
	}
}

func TestRejectedReply(t *testing.T) {
	// the survey's name question has a timeout, the age question none
	sim := prepare(t, &Setup{FlowPath: survey, Replies: []Reply{{Text: "Bob"}, {Kind: Timeout}, {Text: "3"}}})
	out, err := sim.Run(nil)
	var re *RejectedError
	if !errors.As(err, &re) || re.N != 2 || fmt.Sprint(re.Accepts) != "[a text message /expire]" {
		t.Fatalf("%v", err)
	}
	if out == nil || len(out.Steps) != 2 || !out.Waiting() {
		t.Errorf("the run so far should be kept: %+v", out)
	}
	if want := "reply 2 (/timeout) can't be used: this wait has no timeout; it accepts a text message or /expire"; err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	// replies after the end are counted, not refused
	done := prepare(t, &Setup{FlowPath: survey, Replies: []Reply{{Kind: Expire}, {Text: "late"}}})
	if out, err := done.Run(nil); err != nil || out.Unused != 1 || out.Session.Status != engine.SessionCompleted {
		t.Errorf("%v %+v", err, out)
	}
}

func TestRecordIsReproducible(t *testing.T) {
	dir := t.TempDir()
	record := func() []byte {
		rec, err := Record(NewLoader(), &Setup{FlowPath: survey, Seed: DefaultSeed, Replies: []Reply{{Kind: Timeout}}, ContactOptions: ContactOptions{Language: "fra"}}, dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		return rec.Scenario
	}
	a, b := record(), record()
	if string(a) != string(b) {
		t.Fatalf("two recordings differ:\n%s\n%s", a, b)
	}
	for _, want := range []string{`"inputs": [` + "\n" + `    "/timeout"`, `"allowed_languages"`, `"flow": "` + mustRel(t, dir, survey) + `"`} {
		if !strings.Contains(string(a), want) {
			t.Errorf("recording lacks %q:\n%s", want, a)
		}
	}
	// the recording replays as recorded
	path := filepath.Join(dir, "x.scenario.json")
	os.WriteFile(path, a, 0o644)
	s, err := FromScenario(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	out, err := prepare(t, s).Run(nil)
	if err != nil || out.Session.Status != engine.SessionCompleted {
		t.Errorf("replay: %v %v", err, out)
	}
	// a clock and seed other than the defaults are written down
	rec, err := Record(NewLoader(), &Setup{FlowPath: survey, Seed: 9, Now: DefaultNow.Add(3600e9)}, dir, nil)
	if err != nil || !strings.Contains(string(rec.Scenario), `"now": "2025-05-04T13:30:45.123456789Z"`) || !strings.Contains(string(rec.Scenario), `"seed": 9`) {
		t.Errorf("%v:\n%s", err, rec.Scenario)
	}
}

func mustRel(t *testing.T, dir, path string) string {
	rel, err := relativeTo(dir, path)
	if err != nil {
		t.Fatal(err)
	}
	return rel
}

// TestChannel: --channel ties the contact's URN to the channel; messages go out on it and the
// contact's replies come in through it.
func TestChannel(t *testing.T) {
	sim := prepare(t, &Setup{FlowPath: registration, AssetPaths: []string{orgAssets}, Replies: []Reply{{Text: "Bob"}},
		ContactOptions: ContactOptions{Channel: "android phone"}})
	if !strings.Contains(string(sim.Contact), `"tel:+12065551212?channel=bda04a79-1b12-5ec7-85a4-8caa796abd0d"`) {
		t.Errorf("contact %s: the URN should name the channel", sim.Contact)
	}
	out, err := sim.Run(nil)
	if err != nil {
		t.Fatal(err)
	}
	in, _ := json.Marshal(out.Steps[1].Resume.Msg)
	first, _ := json.Marshal(out.Steps[0].Sprint.Events)
	if !strings.Contains(string(in), `"channel":{"uuid":"bda04a79-1b12-5ec7-85a4-8caa796abd0d","name":"Android Phone"}`) ||
		!strings.Contains(string(first), `"channel":{"uuid":"bda04a79-1b12-5ec7-85a4-8caa796abd0d","name":"Android Phone"}`) {
		t.Errorf("the reply %s or the first message %s lacks the channel", in, first)
	}
}

// A voice flow runs on a call. Started from the command line, with no scenario, it runs on a
// call from the contact's preferred URN, as if the contact called in; a scenario says which
// call it runs on, and one without a call is refused as the engine refuses it.
func TestVoiceFlowCall(t *testing.T) {
	ivr := filepath.Join("..", "..", "testdata", "run", "ivr.json")
	sim := prepare(t, &Setup{FlowPath: ivr, Seed: 1})
	out, err := sim.Run(nil)
	if err != nil {
		t.Fatalf("a voice flow run without a scenario: %v", err)
	}
	if out.Conversation.Session.Call == nil || !strings.Contains(string(out.Conversation.Session.Call), `"urn":"tel:`) {
		t.Errorf("call %s, want one from the contact's phone number", out.Conversation.Session.Call)
	}

	dir := t.TempDir()
	abs, _ := filepath.Abs(ivr)
	for _, call := range []string{`null`, `{"uuid": "0197b335-6ded-79a4-95a6-3af85b57f1ca", "urn": "tel:+12065551212"}`} {
		path := filepath.Join(dir, "ivr.scenario.json")
		if err := os.WriteFile(path, []byte(`{"flow": "`+abs+`", "call": `+call+`}`), 0o644); err != nil {
			t.Fatal(err)
		}
		s, err := FromScenario(path, 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		ld, err := NewLoader().Load(s.FlowPath, s.AssetPaths, s.Flow)
		if err != nil {
			t.Fatal(err)
		}
		psim, err := Prepare(s, ld)
		if err != nil {
			t.Fatal(err)
		}
		_, err = psim.Run(nil)
		if call == "null" && (err == nil || !strings.Contains(err.Error(), "voice flow")) {
			t.Errorf("a scenario without a call: %v, want the start refused", err)
		}
		if call != "null" && err != nil {
			t.Errorf("a scenario with a call: %v", err)
		}
	}
}

// TestDialWaitReplies: a dial wait takes only the dial's end, as in the reference, which refuses
// even an expiration there; /timeout and /expire are refused and not offered.
func TestDialWaitReplies(t *testing.T) {
	dial := filepath.Join("..", "..", "testdata", "run", "dial.json")
	contact := json.RawMessage(`{"uuid": "11111111-1111-4111-8111-111111111111", "created_on": "2020-01-01T00:00:00Z",
		"urns": ["tel:+12065551212"], "fields": {"boss": {"text": "+12065550000"}}}`)
	for _, tc := range []struct {
		reply Reply
		want  string
	}{
		{Reply{Kind: Expire}, "reply 1 (/expire) can't be used: the session waits for a dial, which ends only with the dial's end; it accepts a dial resume (--resume FILE)"},
		{Reply{Kind: Timeout}, "reply 1 (/timeout) can't be used: the session waits for a dial, which doesn't time out; it accepts a dial resume (--resume FILE)"},
		{Reply{Text: "hello"}, "reply 1 (\"hello\") can't be used: the session waits for a dial, not a message; it accepts a dial resume (--resume FILE)"},
	} {
		sim := prepare(t, &Setup{FlowPath: dial, Contact: contact, Replies: []Reply{tc.reply}})
		out, err := sim.Run(nil)
		var re *RejectedError
		if !errors.As(err, &re) || err.Error() != tc.want {
			t.Errorf("%s: error %v, want %q", tc.reply, err, tc.want)
		}
		if out == nil || !out.Waiting() {
			t.Errorf("%s: the session should still wait for the dial", tc.reply)
		}
	}
}
