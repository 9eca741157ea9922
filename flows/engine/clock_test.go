package engine

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/read"
)

// clockFlowUUID is the flow of testdata/run/clock.json: a question, a wait routed by has_date
// into a result, then a field change (with a query-based group about) and a webhook.
const clockFlowUUID = "a9000000-0000-4000-8000-000000000001"

// tick gives a reading of the stepping clock as its number: the clock starts at testStart and
// moves on by a second at every reading.
func tick(t testing.TB, tm time.Time) int {
	t.Helper()
	d := tm.Sub(testStart)
	if d%time.Second != 0 {
		t.Fatalf("%s is not a reading of the clock", tm)
	}
	return int(d / time.Second)
}

// uuidTick decodes the millisecond timestamp of a version-7 UUID as a reading of the clock.
func uuidTick(t testing.TB, uuid string) int {
	t.Helper()
	if len(uuid) != 36 || uuid[14] != '7' {
		t.Fatalf("%q is not a version-7 UUID", uuid)
	}
	ms, err := strconv.ParseInt(uuid[0:8]+uuid[9:13], 16, 64)
	if err != nil {
		t.Fatal(err)
	}
	return tick(t, time.UnixMilli(ms).UTC())
}

// TestClockModel pins which operations read the clock, how often and in which order, so that
// times and UUID timestamps follow the reference engine's test clock. Each event is written
// type@n: its created_on is reading n and its UUID was made at reading n-1.
func TestClockModel(t *testing.T) {
	assets := loadFlows(t, "clock.json")
	mocks := map[string][]MockResponse{"http://example.com/hook": {{Status: 200, Body: "{}"}}}
	msgTrigger := `{"type": "msg", "flow": {"uuid": "` + clockFlowUUID + `", "name": "Clock"}, "triggered_on": "2025-01-01T00:00:00Z",
		"event": {"type": "msg_received", "uuid": "0197b335-6ded-79a4-95a6-3af85b57f108", "created_on": "2025-01-01T00:00:00Z",
		"msg": {"uuid": "9bf91c2b-ce58-4cef-aacc-281e03f69ab5", "urn": "tel:+12065551212", "text": "1977-06-23"}}}`
	// the corpus' triggers come with their time: they read nothing
	manualTrigger := `{"type": "manual", "flow": {"uuid": "` + clockFlowUUID + `", "name": "Clock"}, "triggered_on": "2025-01-01T00:00:00Z"}`
	expire := `{"type": "wait_expiration", "resumed_on": "2025-05-04T12:40:00Z",
		"event": {"type": "wait_expired", "uuid": "0197b335-6ded-79a4-95a6-3af85b57f108", "created_on": "2025-05-04T12:40:00Z"}}`

	// every sprint of a manual start begins the same way: session UUID (0), the start (1), the
	// run's time (2) and UUID (3), run_started (4, 5), the first step (6), msg_created (7, 8),
	// leaving for the wait node (9), its step (10), the wait's expiry (11) and msg_wait (12, 13)
	start := []string{"run_started@5", "msg_created@8", "msg_wait@13"}
	tests := []struct {
		name    string
		trigger string
		inputs  []string
		resumes []json.RawMessage
		want    [][]string
		// runCreated, arrivals and exited are the readings of the run's times
		runCreated int
		arrivals   []int
		exited     int
	}{
		{
			// a resume reads twice (14, 15), the run's first message once (16), has_date once
			// (17), the result twice (18, 19); then leave (22), step (23), expiry (24)
			name:       "a reply that is no date loops back to the wait",
			inputs:     []string{"I am a cat"},
			want:       [][]string{start, {"run_result_changed@21", "msg_wait@26"}},
			runCreated: 2, arrivals: []int{6, 10, 23}, exited: -1,
		},
		{
			// after the result (20, 21): leave (22), step (23), the field change (24, 25; its
			// value is a whole datetime, so reading it needs no clock, and re-evaluating the
			// query-based group reads none either), the group change (26, 27), the webhook's
			// start and end (28, 29), the webhook's result (32, 33) and the run's end (36)
			name:   "a date, a field change and a webhook",
			inputs: []string{"1977-06-23"},
			want: [][]string{start, {"run_result_changed@21", "contact_field_changed@25", "contact_groups_changed@27",
				"webhook_called@31", "run_result_changed@35", "run_ended@38"}},
			runCreated: 2, arrivals: []int{6, 10, 23}, exited: 36,
		},
		{
			// the trigger's message reaches the run after its first step (7); the wait is on the
			// second node, so it waits: everything after the message is one reading later
			name:       "a msg trigger's message read at the first step",
			trigger:    msgTrigger,
			want:       [][]string{{"run_started@5", "msg_created@9", "msg_wait@14"}},
			runCreated: 2, arrivals: []int{6, 11}, exited: -1,
		},
		{
			// an expiration reads the clock once (14) and doesn't route: the run ends (15)
			name:       "an expiration",
			resumes:    []json.RawMessage{json.RawMessage(expire)},
			want:       [][]string{start, {"run_ended@17"}},
			runCreated: 2, arrivals: []int{6, 10}, exited: 15,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := SimulationInput{Assets: assets, Flow: assets.Flows[0], Inputs: tc.inputs, Resumes: tc.resumes,
				Options: Options{Now: testStart, Seed: 7, HTTP: NewMocks(mocks)}}
			in.Trigger = json.RawMessage(manualTrigger)
			if tc.trigger != "" {
				in.Trigger = json.RawMessage(tc.trigger)
			}
			s, sprints := runSim(t, in)
			var got [][]string
			for _, sp := range sprints {
				var evs []string
				for _, e := range sp.Events {
					b := e.Base()
					n := tick(t, b.CreatedOn)
					if u := uuidTick(t, b.UUID); u != n-1 {
						t.Errorf("%s@%d: UUID made at reading %d, want %d", e.Type(), n, u, n-1)
					}
					evs = append(evs, fmt.Sprintf("%s@%d", e.Type(), n))
				}
				got = append(got, evs)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("events\n got %v\nwant %v", got, tc.want)
			}
			if uuidTick(t, s.UUID) != 0 {
				t.Errorf("session UUID made at reading %d, want 0", uuidTick(t, s.UUID))
			}
			run := s.Runs[0]
			if c, u := tick(t, run.CreatedOn), uuidTick(t, run.UUID); c != tc.runCreated || u != tc.runCreated+1 {
				t.Errorf("run created at %d with a UUID of %d, want %d and %d", c, u, tc.runCreated, tc.runCreated+1)
			}
			var arrivals []int
			for _, st := range run.Path {
				arrivals = append(arrivals, tick(t, st.ArrivedOn))
			}
			if !reflect.DeepEqual(arrivals, tc.arrivals) {
				t.Errorf("steps arrived at %v, want %v", arrivals, tc.arrivals)
			}
			exited := -1
			if run.ExitedOn != nil {
				exited = tick(t, *run.ExitedOn)
			}
			if exited != tc.exited {
				t.Errorf("run exited at %d, want %d", exited, tc.exited)
			}
		})
	}
}

// TestBuiltTrigger checks that a trigger the simulation builds itself (no trigger given) reads
// the clock for its time, as the reference's trigger builder does, before the session starts.
func TestBuiltTrigger(t *testing.T) {
	assets := loadFlows(t, "clock.json")
	s, sprints := simulate(t, assets, clockFlowUUID, nil, nil, nil)
	var trig struct {
		TriggeredOn time.Time `json:"triggered_on"`
	}
	if err := json.Unmarshal(s.Trigger, &trig); err != nil {
		t.Fatal(err)
	}
	if got := tick(t, trig.TriggeredOn); got != 0 {
		t.Errorf("triggered at reading %d, want 0", got)
	}
	if got := uuidTick(t, s.UUID); got != 1 {
		t.Errorf("session UUID made at reading %d, want 1", got)
	}
	if got := tick(t, sprints[0].Events[0].Base().CreatedOn); got != 6 {
		t.Errorf("run_started at reading %d, want 6", got)
	}
}

// TestWaitExpiry pins when waits expire: three days after the wait began for a messaging flow
// that sets no expiry, the flow's own minutes when set, at once for an offline flow, and the dial
// and call limits plus 30 seconds for a dial wait.
func TestWaitExpiry(t *testing.T) {
	tests := []struct {
		name       string
		flowType   string
		minutes    int
		wait       string
		wantExpiry time.Duration
	}{
		{"messaging default", "messaging", 0, `{"type": "msg"}`, 72 * time.Hour},
		{"messaging explicit", "messaging", 10080, `{"type": "msg"}`, 7 * 24 * time.Hour},
		{"offline", "messaging_offline", 0, `{"type": "msg"}`, 0},
		{"dial defaults", "voice", 0, `{"type": "dial", "phone": "+12065550000"}`, (60 + 7200 + 30) * time.Second},
		{"dial limits", "voice", 0, `{"type": "dial", "phone": "+12065550000", "dial_limit_seconds": 20, "call_limit_seconds": 100}`, 150 * time.Second},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := fmt.Sprintf(`{"flows": [{"uuid": "a9000000-0000-4000-8000-000000000002", "name": "Wait", "spec_version": "14.1.0",
				"language": "eng", "type": %q, "expire_after_minutes": %d, "nodes": [{"uuid": "99000000-0000-4000-8000-000000000009",
				"router": {"type": "switch", "wait": %s, "categories": [{"uuid": "c9000000-0000-4000-8000-000000000009", "name": "All",
				"exit_uuid": "e9000000-0000-4000-8000-000000000009"}], "default_category_uuid": "c9000000-0000-4000-8000-000000000009"},
				"exits": [{"uuid": "e9000000-0000-4000-8000-000000000009"}]}]}]}`, tc.flowType, tc.minutes, tc.wait)
			doc := read.Read("wait.json", []byte(src))
			for _, f := range doc.Findings {
				if f.Severity == flows.SeverityError {
					t.Fatal(f.Message)
				}
			}
			assets := read.LoadAssets(doc)
			s, _ := simulate(t, assets, "a9000000-0000-4000-8000-000000000002", nil, nil, nil)
			if s.Wait == nil || s.Wait.ExpiresOn == nil {
				t.Fatalf("the session doesn't wait: %s", s.Status)
			}
			// the trigger the simulation builds (0), start (1, 2), run (3, 4), run_started (5, 6),
			// step (7): the wait begins at 8
			began := testStart.Add(8 * time.Second)
			if got := s.Wait.ExpiresOn.Sub(began); got != tc.wantExpiry {
				t.Errorf("expires %s after the wait began, want %s", got, tc.wantExpiry)
			}
		})
	}
}

// TestContactTimeZone checks that runs evaluate in the contact's time zone when it has one (as
// the reference's run environment does), else in the environment's.
func TestContactTimeZone(t *testing.T) {
	assets := loadFlows(t, "clock.json")
	tests := []struct {
		name, zone, envJSON, want string
	}{
		{"contact zone", "America/Guayaquil", "", "1977-06-23T15:34:00.000000-05:00"},
		{"contact zone wins over the environment's", "America/Guayaquil", `{"timezone": "Africa/Kigali"}`, "1977-06-23T15:34:00.000000-05:00"},
		{"environment zone", "", `{"timezone": "Africa/Kigali"}`, "1977-06-23T15:34:00.000000+02:00"},
		{"no zone", "", "", "1977-06-23T15:34:00.000000Z"},
		{"unknown contact zone keeps the environment's", "Mars/Olympus", "", "1977-06-23T15:34:00.000000Z"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			contact := `{"uuid": "ba96bf7f-bc2a-4873-a7c7-254d1927c4e3", "name": "Ben", "status": "active",
				"created_on": "2018-01-01T12:00:00Z", "urns": ["tel:+12065551212"], "timezone": "` + tc.zone + `"}`
			in := SimulationInput{Assets: assets, Flow: assets.Flows[0], Contact: json.RawMessage(contact),
				Inputs: []string{"born 1977-06-23 at 15:34"}, Options: Options{Now: testStart}}
			if tc.envJSON != "" {
				in.Environment = json.RawMessage(tc.envJSON)
			}
			s, _ := runSim(t, in)
			if r := s.Runs[0].Results["born"]; r == nil || r.Value != tc.want {
				t.Errorf("result %+v, want value %s", r, tc.want)
			}
		})
	}
}
