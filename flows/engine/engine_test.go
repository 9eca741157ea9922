package engine

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/flows/runtime"
)

const (
	surveyUUID = "a1f2c3d4-0000-4000-8000-000000000001"
	checkURL   = "http://example.com/check?name=Bob%20Smith"
)

func TestSurveySprints(t *testing.T) {
	assets := loadFlows(t, "survey.json")
	mocks := map[string][]MockResponse{checkURL: {{Status: 200, Body: `{"ok": true}`}}}
	tests := []struct {
		name       string
		inputs     []string
		mocks      map[string][]MockResponse
		wantStatus string
		wantTypes  [][]string
		wantTexts  []string // messages of the last sprint
	}{
		{
			name:       "waits for the name",
			wantStatus: SessionWaiting,
			wantTypes:  [][]string{{"run_started", "msg_created", "msg_wait"}},
			wantTexts:  []string{"What is your name?"},
		},
		{
			name:       "enters the subflow after the webhook",
			inputs:     []string{"Bob Smith"},
			mocks:      mocks,
			wantStatus: SessionWaiting,
			wantTypes: [][]string{
				{"run_started", "msg_created", "msg_wait"},
				{"run_result_changed", "contact_name_changed", "webhook_called", "run_result_changed", "run_started", "msg_created", "msg_wait"},
			},
			wantTexts: []string{"How old are you?"},
		},
		{
			name:       "child completes and the parent goes on",
			inputs:     []string{"Bob Smith", "abc", "42"},
			mocks:      mocks,
			wantStatus: SessionCompleted,
			wantTypes: [][]string{
				{"run_started", "msg_created", "msg_wait"},
				{"run_result_changed", "contact_name_changed", "webhook_called", "run_result_changed", "run_started", "msg_created", "msg_wait"},
				{"run_result_changed", "msg_created", "msg_wait"},
				{"run_result_changed", "contact_field_changed", "run_ended", "msg_created", "run_ended"},
			},
			wantTexts: []string{"Thanks Bob, you are 42 years old (webhook said true)."},
		},
		{
			name:       "unmocked webhook fails like a connection error",
			inputs:     []string{"Bob Smith"},
			wantStatus: SessionWaiting,
			wantTypes: [][]string{
				{"run_started", "msg_created", "msg_wait"},
				{"run_result_changed", "contact_name_changed", "webhook_called", "run_result_changed", "run_started", "msg_created", "msg_wait"},
			},
			wantTexts: []string{"How old are you?"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, sprints := simulate(t, assets, surveyUUID, tc.inputs, tc.mocks, nil)
			if s.Status != tc.wantStatus {
				t.Errorf("status %s, want %s", s.Status, tc.wantStatus)
			}
			var got [][]string
			for _, sp := range sprints {
				got = append(got, eventTypes(sp))
			}
			if !reflect.DeepEqual(got, tc.wantTypes) {
				t.Errorf("event types\n got %v\nwant %v", got, tc.wantTypes)
			}
			if last := texts(sprints[len(sprints)-1]); !reflect.DeepEqual(last, tc.wantTexts) {
				t.Errorf("texts %q, want %q", last, tc.wantTexts)
			}
		})
	}
}

func TestWebhookOutcomes(t *testing.T) {
	assets := loadFlows(t, "survey.json")
	tests := []struct {
		name         string
		mocks        map[string][]MockResponse
		wantStatus   string
		wantCode     int
		wantCategory string
	}{
		{"success", map[string][]MockResponse{checkURL: {{Status: 200, Body: `{}`}}}, "success", 200, "Success"},
		{"server error", map[string][]MockResponse{checkURL: {{Status: 503, Body: "down"}}}, "response_error", 503, "Failure"},
		{"mocked connection error", map[string][]MockResponse{checkURL: {{Status: 0}}}, "connection_error", 0, "Failure"},
		{"unmocked", nil, "connection_error", 0, "Failure"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, sprints := simulate(t, assets, surveyUUID, []string{"Bob Smith"}, tc.mocks, nil)
			var call *runtime.WebhookCalled
			var result *runtime.RunResultChanged
			for _, e := range sprints[1].Events {
				switch ev := e.(type) {
				case *runtime.WebhookCalled:
					call = ev
				case *runtime.RunResultChanged:
					if ev.Name == "Check" {
						result = ev
					}
				}
			}
			if call == nil || result == nil {
				t.Fatalf("no webhook_called or no Check result: %v", eventTypes(sprints[1]))
			}
			if call.Status != tc.wantStatus || call.StatusCode != tc.wantCode {
				t.Errorf("webhook %s %d, want %s %d", call.Status, call.StatusCode, tc.wantStatus, tc.wantCode)
			}
			if result.Category != tc.wantCategory {
				t.Errorf("category %s, want %s", result.Category, tc.wantCategory)
			}
			if !strings.HasPrefix(call.Request, "GET /check?name=Bob%20Smith HTTP/1.1\r\nHost: example.com\r\n") {
				t.Errorf("request dump %q", call.Request)
			}
		})
	}
}

func TestMocksAnswerInOrder(t *testing.T) {
	answers := func(bodies ...string) []MockResponse {
		var out []MockResponse
		for _, b := range bodies {
			out = append(out, MockResponse{Status: 200, Body: b})
		}
		return out
	}
	tests := []struct {
		name  string
		mocks map[string][]MockResponse
		calls []string
		want  []string // the body of each answer, "E" for a connection error
	}{
		{"each answer once, then none", map[string][]MockResponse{"http://x/": answers("a", "b")},
			[]string{"http://x/", "http://x/", "http://x/"}, []string{"a", "b", "E"}},
		{"unmocked", map[string][]MockResponse{"http://x/": answers("a")}, []string{"http://y/"}, []string{"E"}},
		{"the exact URL, then the pattern, then the wildcard", map[string][]MockResponse{
			"*": answers("star"), "http://x/*": answers("prefix"), "http://x/a?b=1": answers("exact")},
			[]string{"http://x/a?b=1", "http://x/a?b=1", "http://x/a?b=1", "http://x/a?b=1"}, []string{"exact", "prefix", "star", "E"}},
		{"suffix and contains patterns", map[string][]MockResponse{"*.json": answers("suffix"), "*api*": answers("contains")},
			[]string{"http://x/api/v1.json", "http://x/api/v1.json", "http://y/other.json", "http://x/api/v1.json"}, []string{"suffix", "contains", "E", "E"}},
		{"a star in the middle is a plain character", map[string][]MockResponse{"http://x/*/a": answers("mid")},
			[]string{"http://x/b/a", "http://x/*/a"}, []string{"E", "mid"}},
		{"an exact URL before a pattern as long", map[string][]MockResponse{"*http://x/": answers("pattern"), "http://x/": answers("exact")},
			[]string{"http://x/", "http://x/", "http://x/"}, []string{"exact", "pattern", "E"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := NewMocks(tc.mocks)
			var got []string
			for _, u := range tc.calls {
				_, _, body, err := m.Do(&runtime.HTTPRequest{Method: "GET", URL: u})
				if err != nil {
					if !strings.Contains(err.Error(), "--allow-http") {
						t.Errorf("%s: error %q doesn't say how to make real calls", u, err)
					}
					got = append(got, "E")
					continue
				}
				got = append(got, string(body))
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	assets := loadFlows(t, "survey.json")
	run := func(seed uint64) string {
		s, sprints := runSim(t, SimulationInput{Assets: assets, Flow: assets.Flows[0], Inputs: []string{"Bob Smith", "42"},
			Options: Options{Now: testStart, Seed: seed}})
		return mustJSON(t, sprints) + mustJSON(t, s)
	}
	a, b, c := run(7), run(7), run(8)
	if a != b {
		t.Error("two runs with the same seed and clock differ")
	}
	if a == c {
		t.Error("runs with different seeds are identical: the seed is not used")
	}
}

func TestWaitTimeout(t *testing.T) {
	assets := loadFlows(t, "survey.json")
	sim, err := NewSimulation(SimulationInput{Assets: assets, Flow: assets.Flows[0], Options: Options{Now: testStart}})
	if err != nil {
		t.Fatal(err)
	}
	s, sp, err := sim.Engine.Start(sim.Contact, sim.Trigger, nil)
	if err != nil {
		t.Fatal(err)
	}
	wait := sp.Events[len(sp.Events)-1].(*runtime.MsgWait)
	if wait.TimeoutSeconds == nil || *wait.TimeoutSeconds != 300 || wait.ExpiresOn == nil {
		t.Fatalf("msg_wait %+v: want a 300s timeout and an expiry", wait)
	}
	next, err := s.Resume(sim.TimeoutResume())
	if err != nil {
		t.Fatal(err)
	}
	res := next.Events[0].(*runtime.RunResultChanged)
	if res.Category != "No Response" || res.Value != "" {
		t.Errorf("result %q/%q, want the timeout category with no value", res.Category, res.Value)
	}
	if s.Status != SessionCompleted {
		t.Errorf("status %s, want completed", s.Status)
	}
	if _, err := s.Resume(sim.InputResume("late")); err == nil {
		t.Error("resuming a completed session should fail")
	}
}

func TestLocalization(t *testing.T) {
	assets := loadFlows(t, "survey.json")
	tests := []struct {
		lang, allowed string
		wantText      string
		wantLocale    string
	}{
		{"spa", `["eng", "spa"]`, "¿Cómo te llamas?", "spa-US"},
		{"spa", `["eng"]`, "What is your name?", "eng-US"},
		{"fra", `["eng", "fra"]`, "What is your name?", "eng-US"},
	}
	for _, tc := range tests {
		t.Run(tc.lang+tc.allowed, func(t *testing.T) {
			_, sprints := runSim(t, SimulationInput{Assets: assets, Flow: assets.Flows[0],
				Environment: []byte(`{"allowed_languages": ` + tc.allowed + `}`),
				Contact:     []byte(`{"uuid": "11111111-1111-4111-8111-111111111111", "language": "` + tc.lang + `", "urns": ["tel:+12065551212"], "created_on": "2020-01-01T00:00:00Z"}`),
				Options:     Options{Now: testStart}})
			m := sprints[0].Events[1].(*runtime.MsgCreated).Msg
			if m.Text != tc.wantText || m.Locale != tc.wantLocale {
				t.Errorf("got %q %s, want %q %s", m.Text, m.Locale, tc.wantText, tc.wantLocale)
			}
			if m.URN != "tel:+12065551212" || m.Channel == nil || m.Channel.Name != "Phone" {
				t.Errorf("routed to %s %+v, want tel:+12065551212 on Phone", m.URN, m.Channel)
			}
		})
	}
}

func TestSessionRoundTrip(t *testing.T) {
	assets := loadFlows(t, "survey.json")
	mocks := map[string][]MockResponse{checkURL: {{Status: 200, Body: `{"ok": true}`}}}
	// one session resumed directly, one written out and read back before each resume
	direct, directSprints := simulate(t, assets, surveyUUID, []string{"Bob Smith", "42"}, mocks, nil)

	sim, err := NewSimulation(SimulationInput{Assets: assets, Flow: assets.Flows[0],
		Inputs: []string{"Bob Smith", "42"}, Options: Options{Now: testStart, Seed: 42, HTTP: NewMocks(mocks)}})
	if err != nil {
		t.Fatal(err)
	}
	s, sp, err := sim.Engine.Start(sim.Contact, sim.Trigger, nil)
	if err != nil {
		t.Fatal(err)
	}
	sprints := []*Sprint{sp}
	for _, r := range sim.Resumes {
		data := mustJSON(t, s)
		s, err = sim.Engine.ReadSession([]byte(data))
		if err != nil {
			t.Fatal(err)
		}
		if again := mustJSON(t, s); again != data {
			t.Fatalf("session changed on a JSON round trip:\n%s\n%s", data, again)
		}
		next, err := s.Resume(r)
		if err != nil {
			t.Fatal(err)
		}
		sprints = append(sprints, next)
	}
	if mustJSON(t, sprints) != mustJSON(t, directSprints) {
		t.Errorf("events differ after reading the session back:\n%s\n%s", mustJSON(t, sprints), mustJSON(t, directSprints))
	}
	if s.Status != direct.Status || s.Contact.Fields["age"].Text != "42" {
		t.Errorf("status %s age %+v", s.Status, s.Contact.Fields["age"])
	}
}

func TestNoContact(t *testing.T) {
	assets := loadFlows(t, "survey.json")
	s, sprints := runSim(t, SimulationInput{Assets: assets, Flow: assets.Flows[0], NoContact: true,
		Inputs: []string{"Bob"}, Options: Options{Now: testStart}})
	if s.Contact != nil {
		t.Fatal("a session run without a contact has one")
	}
	want := [][]string{
		{"run_started", "error", "msg_wait"},
		{"run_result_changed", "error", "webhook_called", "run_result_changed", "run_started", "error", "msg_wait"},
	}
	for i, sp := range sprints {
		if got := eventTypes(sp); !reflect.DeepEqual(got, want[i]) {
			t.Errorf("sprint %d: %v, want %v", i, got, want[i])
		}
	}
	if e := sprints[0].Events[1].(*runtime.Error); e.Text != "can't execute action in session without a contact" {
		t.Errorf("error %q", e.Text)
	}
}

// TestMsgTriggerInput: a session started by a message has it as input and the contact as last
// seen then; the survey asks its question before its wait, so the wait isn't the first thing to
// happen and waits (see TestRuleMsgTriggerAnswersOnlyTheFirstNodesWait).
func TestMsgTriggerInput(t *testing.T) {
	assets := loadFlows(t, "survey.json")
	trigger := `{"type": "msg", "flow": {"uuid": "` + surveyUUID + `", "name": "Survey"}, "triggered_on": "2025-01-01T00:00:00Z",
		"event": {"type": "msg_received", "uuid": "0197b335-6ded-79a4-95a6-3af85b57f108", "created_on": "2025-01-01T00:00:00Z",
		"msg": {"uuid": "9bf91c2b-ce58-4cef-aacc-281e03f69ab5", "urn": "tel:+12065551212", "text": "Bob Smith"}}}`
	s, sprints := runSim(t, SimulationInput{Assets: assets, Flow: assets.Flows[0], Trigger: []byte(trigger), Options: Options{Now: testStart}})
	want := []string{"run_started", "msg_created", "msg_wait"}
	if got := eventTypes(sprints[0]); !reflect.DeepEqual(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
	if s.Contact.LastSeenOn == nil || s.Input == nil || s.Input.Msg.Text != "Bob Smith" {
		t.Errorf("input %+v, last seen %v", s.Input, s.Contact.LastSeenOn)
	}
}

func TestDialWait(t *testing.T) {
	assets := loadFlows(t, "dial.json")
	contact := func(boss string) []byte {
		return []byte(`{"uuid": "11111111-1111-4111-8111-111111111111", "created_on": "2020-01-01T00:00:00Z",
			"urns": ["tel:+12065551212"], "fields": {"boss": {"text": "` + boss + `"}}}`)
	}
	dial := `{"type": "dial", "resumed_on": "2025-01-01T00:00:00Z", "event": {"type": "dial_ended", "uuid": "0197b335-6ded-79a4-95a6-3af85b57f108",
		"created_on": "2025-01-01T00:00:00Z", "dial": {"status": "busy", "duration": 10}}}`
	tests := []struct {
		name, boss   string
		resumes      []json.RawMessage
		wantTypes    [][]string
		wantCategory string
	}{
		{"busy", "(206) 555-0000", []json.RawMessage{json.RawMessage(dial)},
			[][]string{{"run_started", "dial_wait"}, {"run_result_changed", "run_ended"}}, "Busy"},
		{"nothing to dial", "-", nil,
			[][]string{{"run_started", "error", "run_result_changed", "run_ended"}}, "Failed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, sprints := runSim(t, SimulationInput{Assets: assets, Flow: assets.Flows[0], Contact: contact(tc.boss),
				Environment: []byte(`{"default_country": "US"}`), Resumes: tc.resumes, Options: Options{Now: testStart}})
			var got [][]string
			for _, sp := range sprints {
				got = append(got, eventTypes(sp))
			}
			if !reflect.DeepEqual(got, tc.wantTypes) {
				t.Fatalf("got %v, want %v", got, tc.wantTypes)
			}
			if tc.name == "busy" {
				if w := sprints[0].Events[1].(*runtime.DialWait); w.URN != "tel:+12065550000" || w.DialLimitSeconds != 60 || w.CallLimitSeconds != 7200 {
					t.Errorf("dial_wait %+v", w)
				}
			}
			if c := s.Runs[0].Results["call"].Category; c != tc.wantCategory {
				t.Errorf("category %s, want %s", c, tc.wantCategory)
			}
		})
	}
}

func TestWebhookResponseLimit(t *testing.T) {
	assets := loadFlows(t, "survey.json")
	mocks := map[string][]MockResponse{checkURL: {{Status: 200, Body: "X", BodyRepeat: MaxResponseBody + 10}}}
	_, sprints := simulate(t, assets, surveyUUID, []string{"Bob Smith"}, mocks, nil)
	evs := sprints[1].Events
	e, ok := evs[2].(*runtime.Error)
	if !ok || e.Text != "Webhook response body exceeds 100000 bytes limit" {
		t.Fatalf("event 2 %+v, want the size limit error", evs[2])
	}
	call := evs[3].(*runtime.WebhookCalled)
	if call.Status != "connection_error" || call.StatusCode != 200 || call.Response != "HTTP/1.0 200 OK\r\nContent-Length: 100010\r\n\r\n" {
		t.Errorf("webhook_called %s %d %q", call.Status, call.StatusCode, call.Response)
	}
	if r := evs[4].(*runtime.RunResultChanged); r.Value != "200" || r.Category != "Failure" {
		t.Errorf("result %s %s, want 200 Failure", r.Value, r.Category)
	}
}
