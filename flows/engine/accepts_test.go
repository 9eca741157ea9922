package engine

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/read"
)

// acceptsFlows: one flow per kind of wait, each ending with a message once resumed.
const acceptsFlows = `{"flows": [
 {"uuid": "aa000000-0000-4000-8000-000000000001", "name": "Plain", "spec_version": "13.0.0", "language": "eng", "type": "messaging",
  "nodes": [{"uuid": "ab000000-0000-4000-8000-000000000001", "exits": [{"uuid": "ac000000-0000-4000-8000-000000000001", "destination_uuid": "ab000000-0000-4000-8000-000000000002"}],
    "router": {"type": "switch", "operand": "@input.text", "result_name": "Answer", "cases": [],
     "categories": [{"uuid": "ad000000-0000-4000-8000-000000000001", "name": "All Responses", "exit_uuid": "ac000000-0000-4000-8000-000000000001"}],
     "default_category_uuid": "ad000000-0000-4000-8000-000000000001", "wait": {"type": "msg"}}},
   {"uuid": "ab000000-0000-4000-8000-000000000002", "actions": [{"uuid": "ae000000-0000-4000-8000-000000000001", "type": "send_msg", "text": "thanks"}], "exits": [{"uuid": "ac000000-0000-4000-8000-000000000002"}]}]},
 {"uuid": "aa000000-0000-4000-8000-000000000002", "name": "Timed", "spec_version": "13.0.0", "language": "eng", "type": "messaging",
  "nodes": [{"uuid": "ab000000-0000-4000-8000-000000000003", "exits": [{"uuid": "ac000000-0000-4000-8000-000000000003", "destination_uuid": "ab000000-0000-4000-8000-000000000004"}, {"uuid": "ac000000-0000-4000-8000-000000000004", "destination_uuid": "ab000000-0000-4000-8000-000000000004"}],
    "router": {"type": "switch", "operand": "@input.text", "result_name": "Answer", "cases": [],
     "categories": [{"uuid": "ad000000-0000-4000-8000-000000000002", "name": "All Responses", "exit_uuid": "ac000000-0000-4000-8000-000000000003"},
                    {"uuid": "ad000000-0000-4000-8000-000000000003", "name": "No Response", "exit_uuid": "ac000000-0000-4000-8000-000000000004"}],
     "default_category_uuid": "ad000000-0000-4000-8000-000000000002", "wait": {"type": "msg", "timeout": {"seconds": 300, "category_uuid": "ad000000-0000-4000-8000-000000000003"}}}},
   {"uuid": "ab000000-0000-4000-8000-000000000004", "actions": [{"uuid": "ae000000-0000-4000-8000-000000000002", "type": "send_msg", "text": "thanks"}], "exits": [{"uuid": "ac000000-0000-4000-8000-000000000005"}]}]},
 {"uuid": "aa000000-0000-4000-8000-000000000003", "name": "Dial", "spec_version": "13.0.0", "language": "eng", "type": "voice",
  "nodes": [{"uuid": "ab000000-0000-4000-8000-000000000005", "exits": [{"uuid": "ac000000-0000-4000-8000-000000000006"}],
    "router": {"type": "switch", "operand": "@resume.dial.status", "result_name": "Call", "cases": [],
     "categories": [{"uuid": "ad000000-0000-4000-8000-000000000004", "name": "Any", "exit_uuid": "ac000000-0000-4000-8000-000000000006"}],
     "default_category_uuid": "ad000000-0000-4000-8000-000000000004", "wait": {"type": "dial", "phone": "+12065550000"}}}]}
]}`

// acceptsResumes: one resume of each type goflow reads.
var acceptsResumes = map[string]string{
	"msg": `{"type": "msg", "resumed_on": "2025-01-01T00:00:00Z", "event": {"type": "msg_received", "uuid": "0197b335-6ded-79a4-95a6-3af85b57f101",
		"created_on": "2025-01-01T00:00:00Z", "msg": {"text": "hello", "urn": "tel:+12065551212"}}}`,
	"dial": `{"type": "dial", "resumed_on": "2025-01-01T00:00:00Z", "event": {"type": "dial_ended", "uuid": "0197b335-6ded-79a4-95a6-3af85b57f102",
		"created_on": "2025-01-01T00:00:00Z", "dial": {"status": "busy", "duration": 10}}}`,
	"wait_timeout": `{"type": "wait_timeout", "resumed_on": "2025-01-01T00:00:00Z", "event": {"type": "wait_timed_out", "uuid": "0197b335-6ded-79a4-95a6-3af85b57f103",
		"created_on": "2025-01-01T00:00:00Z"}}`,
	"wait_expiration": `{"type": "wait_expiration", "resumed_on": "2025-01-01T00:00:00Z", "event": {"type": "wait_expired", "uuid": "0197b335-6ded-79a4-95a6-3af85b57f104",
		"created_on": "2025-01-01T00:00:00Z"}}`,
}

// TestResumeAccepted sends every resume type to every kind of wait, by the reference's rule: a
// msg wait takes a message, an expiration and (with a timeout) a timeout; a dial wait takes only
// a dial. A refused resume changes nothing: the session still waits, and the resume it does
// take afterwards makes the very sprint it makes without the refused one before it.
func TestResumeAccepted(t *testing.T) {
	doc := read.Read("accepts.json", []byte(acceptsFlows))
	for _, f := range doc.Findings {
		if f.Severity == flows.SeverityError {
			t.Fatalf("accepts.json: %s", f.Message)
		}
	}
	assets := read.LoadAssets(doc)
	waits := []struct {
		name, flow, taken string
		accepts           map[string]string // resume type -> the events of its sprint; absent: refused
		refusal           string
	}{
		{"msg wait without timeout", "aa000000-0000-4000-8000-000000000001", "msg", map[string]string{
			"msg":             "run_result_changed msg_created run_ended",
			"wait_expiration": "run_ended",
		}, "resume: resume of type %s not accepted by wait of type msg"},
		{"msg wait with timeout", "aa000000-0000-4000-8000-000000000002", "msg", map[string]string{
			"msg":             "run_result_changed msg_created run_ended",
			"wait_timeout":    "run_result_changed msg_created run_ended",
			"wait_expiration": "run_ended",
		}, "resume: resume of type %s not accepted by wait of type msg"},
		{"dial wait", "aa000000-0000-4000-8000-000000000003", "dial", map[string]string{
			"dial": "run_result_changed run_ended",
		}, "resume: resume of type %s not accepted by wait of type dial"},
	}
	start := func(t *testing.T, flowUUID string) *Session {
		var flow *flows.Flow
		for _, f := range assets.Flows {
			if f.UUID == flowUUID {
				flow = f
			}
		}
		s, _ := runSim(t, SimulationInput{Assets: assets, Flow: flow, Options: Options{Now: testStart, Seed: 7}})
		if s.Status != SessionWaiting {
			t.Fatalf("the session is %s, want waiting", s.Status)
		}
		return s
	}
	resume := func(t *testing.T, s *Session, typ string) (*Sprint, error) {
		r, err := ReadResume([]byte(acceptsResumes[typ]))
		if err != nil {
			t.Fatal(err)
		}
		return s.Resume(r)
	}
	for _, w := range waits {
		for _, typ := range ResumeTypes() {
			t.Run(w.name+"/"+typ, func(t *testing.T) {
				wantEvents, accepted := w.accepts[typ]
				s := start(t, w.flow)
				wait := *s.Wait
				sp, err := resume(t, s, typ)
				if accepted {
					if err != nil {
						t.Fatalf("refused: %v", err)
					}
					if got := strings.Join(eventTypes(sp), " "); got != wantEvents {
						t.Errorf("events %s, want %s", got, wantEvents)
					}
					if s.Status != SessionCompleted {
						t.Errorf("the session is %s, want completed", s.Status)
					}
					return
				}
				var rej *RejectedResumeError
				if !errors.As(err, &rej) || sp != nil {
					t.Fatalf("got sprint %v, error %v; want a *RejectedResumeError", sp, err)
				}
				wantMsg := strings.Replace(w.refusal, "%s", typ, 1)
				if typ == "wait_timeout" && w.taken == "msg" {
					wantMsg += " (the wait has no timeout)"
				}
				if err.Error() != wantMsg {
					t.Errorf("error %q, want %q", err, wantMsg)
				}
				if s.Status != SessionWaiting || s.Wait == nil || !reflect.DeepEqual(*s.Wait, wait) {
					t.Fatalf("after the refusal the session is %s at %+v, want waiting at %+v", s.Status, s.Wait, wait)
				}
				// the refused resume read no clock and took no UUID: what follows is as if it never came
				after, err := resume(t, s, w.taken)
				if err != nil {
					t.Fatal(err)
				}
				direct, err := resume(t, start(t, w.flow), w.taken)
				if err != nil {
					t.Fatal(err)
				}
				if a, d := mustJSON(t, after.Events), mustJSON(t, direct.Events); a != d {
					t.Errorf("after a refused resume:\n%s\nwant, as without it:\n%s", a, d)
				}
			})
		}
	}
}

// TestResumeNotWaiting: a session that no longer waits (completed, or its run expired) takes no
// resume at all.
func TestResumeNotWaiting(t *testing.T) {
	doc := read.Read("accepts.json", []byte(acceptsFlows))
	assets := read.LoadAssets(doc)
	s, _ := runSim(t, SimulationInput{Assets: assets, Flow: assets.Flows[0],
		Resumes: []json.RawMessage{json.RawMessage(acceptsResumes["wait_expiration"])}, Options: Options{Now: testStart}})
	if s.Status != SessionCompleted || s.Runs[0].Status != RunExpired {
		t.Fatalf("session %s, run %s; want completed with its run expired", s.Status, s.Runs[0].Status)
	}
	for _, typ := range ResumeTypes() {
		r, err := ReadResume([]byte(acceptsResumes[typ]))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Resume(r); err == nil || !strings.Contains(err.Error(), "not waiting") {
			t.Errorf("%s resume of a completed session: error %v, want one saying it is not waiting", typ, err)
		}
	}
}
