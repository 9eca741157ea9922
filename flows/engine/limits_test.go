package engine

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/flowctl/flowctl/flows/read"
	"github.com/flowctl/flowctl/flows/runtime"
)

const (
	spinUUID = "a2000000-0000-4000-8000-000000000001"
	pingUUID = "a2000000-0000-4000-8000-000000000002"
	coinUUID = "a2000000-0000-4000-8000-000000000004"
)

func TestStepLimit(t *testing.T) {
	s, sprints := simulate(t, loadFlows(t, "loops.json"), spinUUID, nil, nil, nil)
	evs := sprints[0].Events
	if s.Status != SessionFailed {
		t.Fatalf("status %s, want failed", s.Status)
	}
	fail, ok := evs[len(evs)-2].(*runtime.Failure)
	if !ok || fail.Text != "Reached maximum number of steps per sprint (100)" {
		t.Fatalf("second last event %+v, want the step limit failure", evs[len(evs)-2])
	}
	if end := evs[len(evs)-1].(*runtime.RunEnded); end.Status != RunFailed {
		t.Errorf("run ended %s, want failed", end.Status)
	}
	// two nodes per loop: the messages show the 50th visit of the second node and the local
	// counted by the first
	msgs := texts(sprints[0])
	if len(msgs) != 50 || msgs[49] != "visit 50, local 50" {
		t.Errorf("%d messages, last %q", len(msgs), msgs[len(msgs)-1])
	}
}

// TestSubflowLoopStopped: flows entering each other are stopped by the step limit, as in the
// reference: each run's first node is a step, the 101st run fails before entering its node and
// every run ends failed, innermost first.
func TestSubflowLoopStopped(t *testing.T) {
	s, sprints := simulate(t, loadFlows(t, "loops.json"), pingUUID, nil, nil, nil)
	types := eventTypes(sprints[0])
	started, ended := 0, 0
	for _, typ := range types {
		switch typ {
		case "run_started":
			started++
		case "run_ended":
			ended++
		}
	}
	if started != 101 || ended != 101 {
		t.Errorf("%d runs started and %d ended, want 101 of each", started, ended)
	}
	if f, ok := sprints[0].Events[101].(*runtime.Failure); !ok || f.Text != "Reached maximum number of steps per sprint (100)" {
		t.Errorf("event 101 %+v, want the step limit failure", sprints[0].Events[101])
	}
	if last := s.Runs[len(s.Runs)-1]; len(last.Path) != 0 || last.Status != RunFailed {
		t.Errorf("last run has %d steps and status %s, want none and failed", len(last.Path), last.Status)
	}
	if s.Status != SessionFailed {
		t.Errorf("status %s", s.Status)
	}
}

func TestRandomRouterIsSeeded(t *testing.T) {
	assets := loadFlows(t, "loops.json")
	seen := map[string]bool{}
	for seed := uint64(0); seed < 20; seed++ {
		pick := func() string {
			_, sprints := runSim(t, SimulationInput{Assets: assets, Flow: assets.Flows[3], Options: Options{Now: testStart, Seed: seed}})
			return sprints[0].Events[1].(*runtime.RunResultChanged).Category
		}
		a, b := pick(), pick()
		if a != b {
			t.Fatalf("seed %d gave %s then %s", seed, a, b)
		}
		seen[a] = true
	}
	if !seen["Heads"] || !seen["Tails"] {
		t.Errorf("20 seeds only ever picked %v", seen)
	}
}

// TestTerminalSubflowEndsEveryRun: a terminal enter_flow ends every run still going, oldest
// first, as the reference does, so nothing resumes once the new run ends: Main, which waited for
// Middle, ends with it and never routes again.
func TestTerminalSubflowEndsEveryRun(t *testing.T) {
	s, sprints := simulate(t, loadFlows(t, "terminal.json"), "a5000000-0000-4000-8000-000000000001", nil, nil, nil)
	want := []string{"run_started", "run_started", "run_ended", "run_ended", "run_started", "msg_created", "run_ended"}
	if got := eventTypes(sprints[0]); !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v\nwant %v", got, want)
	}
	var ended []string
	for _, e := range sprints[0].Events {
		if r, ok := e.(*runtime.RunEnded); ok {
			ended = append(ended, r.Flow.Name)
		}
	}
	if !reflect.DeepEqual(ended, []string{"Main", "Middle", "Last"}) {
		t.Errorf("runs ended %v, want the oldest first, then the terminal run", ended)
	}
	if got := texts(sprints[0]); !reflect.DeepEqual(got, []string{"In the last flow"}) {
		t.Errorf("texts %q", got)
	}
	if s.Status != SessionCompleted {
		t.Errorf("status %s", s.Status)
	}
}

// TestRandomDrawsAsTheReference: random routers, rand() and rand_between() share one source, a
// PCG seeded with the seed twice as the reference's test harness seeds it (123456), so the first
// draws are 0.7748568868…, 0.5342568785… and 0.6567797565…: a router picks category
// floor(draw × count) and saves its index.
func TestRandomDrawsAsTheReference(t *testing.T) {
	assets := loadFlows(t, "loops.json")
	s, sprints := runSim(t, SimulationInput{Assets: assets, Flow: assets.Flows[3], Options: Options{Now: testStart, Seed: 123456}})
	res := sprints[0].Events[1].(*runtime.RunResultChanged)
	if res.Value != "1" || res.Category != "Tails" {
		t.Errorf("first draw saved %s (%s), want 1 (Tails: floor(0.77… × 2))", res.Value, res.Category)
	}
	got, _ := s.Runs[0].EvaluateTemplate("@(rand()) @(rand_between(1, 10))", nil)
	if got != "0.5342568785221806 7" {
		t.Errorf("rand() after the router: %q, want the second and third draws (0.5342568785221806, then 1 + floor(0.65…×10) = 7)", got)
	}
}

// TestDeadline: past the deadline set with SetDeadline, Start and Resume stop the sprint where
// it is and return ErrTimeLimit, the session failed; before it, nothing changes (the deadline
// reads the wall clock, never the simulation's).
func TestDeadline(t *testing.T) {
	assets := loadFlows(t, "survey.json")
	newSim := func() *Simulation {
		sim, err := NewSimulation(SimulationInput{Assets: assets, Flow: assets.Flows[0], Options: Options{Now: testStart, Seed: 42}})
		if err != nil {
			t.Fatal(err)
		}
		return sim
	}
	// no deadline and a far one give the same events
	free := newSim()
	_, want, err := free.Engine.Start(free.Contact, free.Trigger, nil)
	if err != nil {
		t.Fatal(err)
	}
	far := newSim()
	far.Engine.SetDeadline(time.Now().Add(time.Hour))
	_, got, err := far.Engine.Start(far.Contact, far.Trigger, nil)
	if err != nil || mustJSON(t, got) != mustJSON(t, want) {
		t.Fatalf("a far deadline changed the sprint: %v\n%s\n%s", err, mustJSON(t, got), mustJSON(t, want))
	}

	past := newSim()
	past.Engine.SetDeadline(time.Now().Add(-time.Second))
	s, _, err := past.Engine.Start(past.Contact, past.Trigger, nil)
	if !errors.Is(err, ErrTimeLimit) || s.Status != SessionFailed {
		t.Fatalf("start past the deadline: %v, status %v; want ErrTimeLimit and failed", err, s.Status)
	}

	// a resume past the deadline stops too
	late := newSim()
	s, _, err = late.Engine.Start(late.Contact, late.Trigger, nil)
	if err != nil || s.Status != SessionWaiting {
		t.Fatalf("start: %v %s", err, s.Status)
	}
	late.Engine.SetDeadline(time.Now().Add(-time.Second))
	if _, err := s.Resume(late.InputResume("Bob")); !errors.Is(err, ErrTimeLimit) || s.Status != SessionFailed {
		t.Errorf("resume past the deadline: %v, status %s", err, s.Status)
	}
}

// TestBodyRepeatCheckedBeforeExpansion: a mock repeating its body past any memory is a too-large
// response at once, with the size it would have, and is never built.
func TestBodyRepeatCheckedBeforeExpansion(t *testing.T) {
	const repeat = 1 << 40 // an 8 TB body
	for _, tc := range []struct {
		name   string
		repeat int
		size   int64
	}{
		{"8 TB", repeat, 8 * repeat},
		// sizes an int64 can't count were once negative, and the body was sent once
		{"past what int64 counts", 1 << 62, math.MaxInt64},
		{"the largest count", math.MaxInt, math.MaxInt64},
	} {
		m := NewMocks(map[string][]MockResponse{checkURL: {{Status: 200, Body: "XXXXXXXX", BodyRepeat: RepeatCount(tc.repeat)}}})
		_, _, body, err := m.Do(&runtime.HTTPRequest{Method: "GET", URL: checkURL})
		var tl *TooLargeError
		if !errors.As(err, &tl) || tl.Size != tc.size || tl.Status != 200 || body != nil {
			t.Errorf("%s: got %d bytes, %v; want a TooLargeError of %d bytes", tc.name, len(body), err, tc.size)
		}
	}
	assets := loadFlows(t, "survey.json")
	mocks := map[string][]MockResponse{checkURL: {{Status: 200, Body: "XXXXXXXX", BodyRepeat: repeat}}}
	_, sprints := simulate(t, assets, surveyUUID, []string{"Bob Smith"}, mocks, nil)
	call := sprints[1].Events[3].(*runtime.WebhookCalled)
	if call.Status != "connection_error" || call.Response != "HTTP/1.0 200 OK\r\nContent-Length: 8796093022208\r\n\r\n" {
		t.Errorf("webhook_called %s %q", call.Status, call.Response)
	}
}

// TestBodyRepeatRead: body_repeat is a whole number, 0 or more; anything else is an error at its
// place, rather than a body sent once.
func TestBodyRepeatRead(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{`{"http://x/a": [{"status": 200, "body": "x", "body_repeat": 3}]}`, ""},
		{`{"http://x/a": [{"status": 200, "body": "x", "body_repeat": 0}]}`, ""},
		{`{"http://x/a": [{"status": 200, "body": "x", "body_repeat": -5}]}`,
			"http mocks: 1:61: /http:~1~1x~1a/0/body_repeat: expected how many times the body is repeated, 0 or more, got -5"},
		{`{"http://x/a": [{"status": 200, "body": "x", "body_repeat": 1.5}]}`,
			"http mocks: 1:61: /http:~1~1x~1a/0/body_repeat: expected a whole number, got the number 1.5"},
		{`{"http://x/a": [{"status": 200, "body": "x", "body_repeat": "many"}]}`,
			`http mocks: 1:61: /http:~1~1x~1a/0/body_repeat: expected a whole number, got "many"`},
	} {
		_, err := ReadMocks([]byte(tc.src))
		if got := fmt.Sprint(err); (tc.want == "" && err != nil) || (tc.want != "" && got != tc.want) {
			t.Errorf("%s:\n got %s\nwant %s", tc.src, got, tc.want)
		}
	}
}

// heavyLoop is a node sending a template that costs some 200 units, looping back to itself.
const heavyLoop = `{"version": "13", "flows": [{"uuid": "a2000000-0000-4000-8000-000000000009", "name": "Heavy",
  "spec_version": "13.1.0", "language": "eng", "type": "messaging", "nodes": [
  {"uuid": "92000000-0000-4000-8000-000000000009", "actions": [
    {"uuid": "b2000000-0000-4000-8000-000000000009", "type": "send_msg", "text": "@(upper(repeat(\"ab\", 50)))"}],
   "exits": [{"uuid": "e2000000-0000-4000-8000-000000000009", "destination_uuid": "92000000-0000-4000-8000-000000000009"}]}]}]}`

// TestSprintWorkLimit: the templates of one sprint share one allowance of work, so that a node
// looping through costly templates ends when that runs out rather than after the 100 steps; the
// default is far above what such a loop takes, which meets the step limit.
func TestSprintWorkLimit(t *testing.T) {
	for _, tc := range []struct {
		name     string
		work     int
		wantFail string
		wantMsgs int
	}{
		{"default", 0, "Reached maximum number of steps per sprint (100)", 100},
		{"ample", 1_000_000, "Reached maximum number of steps per sprint (100)", 100},
		// each message costs a little over 200 units: the tenth evaluation runs out
		{"small", 2000, "Reached maximum evaluation work per sprint (2000 units)", 9},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := read.Read("heavy.json", []byte(heavyLoop))
			assets := read.LoadAssets(doc)
			s, sprints := runSim(t, SimulationInput{Assets: assets, Flow: assets.Flows[0],
				Options: Options{Now: testStart, Seed: 42, SprintWork: tc.work}})
			evs := sprints[0].Events
			fail, ok := evs[len(evs)-2].(*runtime.Failure)
			if s.Status != SessionFailed || !ok || fail.Text != tc.wantFail {
				t.Fatalf("status %s, second last event %+v, want a failed session: %s", s.Status, evs[len(evs)-2], tc.wantFail)
			}
			full := 0
			for _, m := range texts(sprints[0]) {
				if m == strings.Repeat("AB", 50) {
					full++
				}
			}
			if full != tc.wantMsgs {
				t.Errorf("%d messages sent in full, want %d", full, tc.wantMsgs)
			}
		})
	}
}
