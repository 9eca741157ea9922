package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/flowctl/flowctl/internal/jsontree"
)

// waitingSurvey is the JSON of a survey session waiting in its subflow (two runs, the second
// the child of the first), decoded generically for the tests to break.
func waitingSurvey(t *testing.T) map[string]any {
	t.Helper()
	s, _ := simulate(t, loadFlows(t, "survey.json"), surveyUUID, []string{"Bob"}, nil, nil)
	if s.Status != SessionWaiting || len(s.Runs) != 2 {
		t.Fatalf("the survey session is %s with %d runs, want waiting with 2", s.Status, len(s.Runs))
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(mustJSON(t, s)), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func runAt(m map[string]any, i int) map[string]any {
	return m["runs"].([]any)[i].(map[string]any)
}

// copyRun appends a copy of run i with another UUID and no parent, and returns it.
func copyRun(m map[string]any, i int, uuid string) map[string]any {
	data, _ := json.Marshal(runAt(m, i))
	var r map[string]any
	json.Unmarshal(data, &r)
	r["uuid"] = uuid
	delete(r, "parent_uuid")
	m["runs"] = append(m["runs"].([]any), r)
	return r
}

// BenchmarkReadNestedSession reads a hand-made session of n runs, each the child of the one
// before, and takes a reply (which ends every run): the cost should grow with n, not n².
func BenchmarkReadNestedSession(b *testing.B) {
	assets := loadFlows(b, "survey.json")
	s, _ := simulate(b, assets, surveyUUID, []string{"Bob"}, nil, nil)
	var m map[string]any
	if err := json.Unmarshal([]byte(mustJSON(b, s)), &m); err != nil {
		b.Fatal(err)
	}
	top, _ := json.Marshal(runAt(m, 0))
	child, _ := json.Marshal(runAt(m, 1))
	for _, n := range []int{1000, 4000} {
		runs := []any{}
		prev := ""
		for i := range n {
			var r map[string]any
			json.Unmarshal(top, &r)
			r["uuid"] = fmt.Sprintf("f0000000-0000-4000-8000-%012d", i)
			delete(r, "parent_uuid")
			if prev != "" {
				r["parent_uuid"] = prev
			}
			prev = r["uuid"].(string)
			runs = append(runs, r)
		}
		var last map[string]any
		json.Unmarshal(child, &last)
		last["parent_uuid"] = prev
		runs = append(runs, last)
		m["runs"] = runs
		src, _ := json.Marshal(m)
		b.Run(fmt.Sprintf("runs=%d", n), func(b *testing.B) {
			for b.Loop() {
				eng := New(assets, Options{Now: testStart})
				sess, err := eng.ReadSession(src)
				if err != nil {
					b.Fatal(err)
				}
				_, _ = sess.Resume(MsgResume("42", "tel:+12065551212", eng.NewUUID(), testStart))
			}
		})
	}
}

// TestReadSessionRefusesBrokenSessions: a hand-edited session is an error naming the value at
// fault, never a panic or a hang; each case breaks one thing of a session that reads.
func TestReadSessionRefusesBrokenSessions(t *testing.T) {
	e := New(loadFlows(t, "survey.json"), Options{})
	for _, tc := range []struct {
		name    string
		src     string                 // used instead of the session when set
		edit    func(s map[string]any) // breaks the session
		pointer string
		msg     string
	}{
		{name: "a run that is null", edit: func(s map[string]any) { s["runs"] = append(s["runs"].([]any), nil) },
			pointer: "/runs/2", msg: "expected a run object, got null"},
		{name: "a run that is its own parent", edit: func(s map[string]any) { runAt(s, 1)["parent_uuid"] = runAt(s, 1)["uuid"] },
			pointer: "/runs/1/parent_uuid", msg: "is its own ancestor: its parents go round in a circle"},
		{name: "runs that are each other's parent", edit: func(s map[string]any) { runAt(s, 0)["parent_uuid"] = runAt(s, 1)["uuid"] },
			pointer: "/runs/0/parent_uuid", msg: "is its own ancestor"},
		{name: "three runs in a circle", edit: func(s map[string]any) {
			x1, x2 := copyRun(s, 0, "f0000000-0000-4000-8000-0000000000a1"), copyRun(s, 0, "f0000000-0000-4000-8000-0000000000a2")
			runAt(s, 0)["parent_uuid"], x1["parent_uuid"], x2["parent_uuid"] = x1["uuid"], x2["uuid"], runAt(s, 0)["uuid"]
		}, pointer: "/runs/0/parent_uuid", msg: "is its own ancestor: its parents go round in a circle"},
		{name: "a run below a circle", edit: func(s map[string]any) {
			x1, x2 := copyRun(s, 0, "f0000000-0000-4000-8000-0000000000a1"), copyRun(s, 0, "f0000000-0000-4000-8000-0000000000a2")
			runAt(s, 0)["parent_uuid"], x1["parent_uuid"], x2["parent_uuid"] = x1["uuid"], x2["uuid"], x1["uuid"]
		}, pointer: "/runs/0/parent_uuid", msg: "'s ancestors go round in a circle"},
		{name: "a parent that isn't there", edit: func(s map[string]any) { runAt(s, 1)["parent_uuid"] = "nope" },
			pointer: "/runs/1/parent_uuid", msg: "no run nope in the session"},
		{name: "a result whose name is null", edit: func(s map[string]any) { runAt(s, 0)["results"].(map[string]any)["name"].(map[string]any)["name"] = nil },
			pointer: "/runs/0/results/name/name", msg: "expected the result's name, got null"},
		{name: "a result that is null", edit: func(s map[string]any) { runAt(s, 0)["results"].(map[string]any)["name"] = nil },
			pointer: "/runs/0/results/name", msg: "expected a result object, got null"},
		{name: "a result without a value", edit: func(s map[string]any) {
			delete(runAt(s, 0)["results"].(map[string]any)["name"].(map[string]any), "value")
		},
			pointer: "/runs/0/results/name/value", msg: "missing, expected the result's value (a string)"},
		{name: "a step that is null", edit: func(s map[string]any) { runAt(s, 0)["path"] = append(runAt(s, 0)["path"].([]any), nil) },
			pointer: "/runs/0/path/3", msg: "expected a step object, got null"},
		{name: "a step at a node the flow hasn't", edit: func(s map[string]any) { runAt(s, 0)["path"].([]any)[0].(map[string]any)["node_uuid"] = "gone" },
			pointer: "/runs/0/path/0/node_uuid", msg: `node gone is not in flow "Survey"`},
		{name: "a step leaving by an exit its node hasn't", edit: func(s map[string]any) { runAt(s, 0)["path"].([]any)[0].(map[string]any)["exit_uuid"] = "gone" },
			pointer: "/runs/0/path/0/exit_uuid", msg: "exit gone is not an exit of node"},
		{name: "a run of a flow that isn't loaded", edit: func(s map[string]any) { runAt(s, 1)["flow"] = map[string]any{"uuid": "nope", "name": "Gone"} },
			pointer: "/runs/1/flow", msg: `flow nope ("Gone") is not among the loaded flows`},
		{name: "a run whose flow is null", edit: func(s map[string]any) { runAt(s, 0)["flow"] = nil },
			pointer: "/runs/0/flow", msg: "expected the run's flow (an object with its UUID and name), got null"},
		{name: "the same run twice", edit: func(s map[string]any) { runAt(s, 1)["uuid"] = runAt(s, 0)["uuid"] },
			pointer: "/runs/1/uuid", msg: "is in the session twice"},
		{name: "a run status that isn't one", edit: func(s map[string]any) { runAt(s, 0)["status"] = "sleeping" },
			pointer: "/runs/0/status", msg: `expected one of active, waiting, completed, expired, interrupted, failed, got "sleeping"`},
		{name: "a time that isn't one", edit: func(s map[string]any) { runAt(s, 0)["created_on"] = "yesterday" },
			pointer: "/runs/0/created_on", msg: `expected a time like 2025-05-04T12:30:45Z, got "yesterday"`},
		{name: "a local that isn't a string", edit: func(s map[string]any) { runAt(s, 0)["locals"] = map[string]any{"n": 3} },
			pointer: "/runs/0/locals/n", msg: "expected a string, got the number 3"},
		{name: "runs that are null", edit: func(s map[string]any) { s["runs"] = nil },
			pointer: "/runs", msg: "expected the session's runs (a list), got null"},
		{name: "no contact", edit: func(s map[string]any) { delete(s, "contact") },
			pointer: "/contact", msg: "missing, expected the session's contact (an object)"},
		{name: "a contact that is null", edit: func(s map[string]any) { s["contact"] = nil },
			pointer: "/contact", msg: "expected the session's contact (an object), got null"},
		{name: "a ticket that is null", edit: func(s map[string]any) { s["contact"].(map[string]any)["tickets"] = []any{nil} },
			pointer: "/contact/tickets/0", msg: "expected a ticket object, got null"},
		{name: "a session status that isn't one", edit: func(s map[string]any) { s["status"] = "asleep" },
			pointer: "/status", msg: `got "asleep"`},
		{name: "a waiting session without its wait", edit: func(s map[string]any) { delete(s, "wait") },
			pointer: "/wait", msg: "a waiting session needs its wait"},
		{name: "a wait for a run that isn't there", edit: func(s map[string]any) { s["wait"].(map[string]any)["run_uuid"] = "nope" },
			pointer: "/wait/run_uuid", msg: "no run nope in the session"},
		{name: "a wait for a run that doesn't wait", edit: func(s map[string]any) { runAt(s, 1)["status"] = "completed" },
			pointer: "/wait/run_uuid", msg: "not waiting"},
		{name: "a wait at another node than the run's", edit: func(s map[string]any) {
			s["wait"].(map[string]any)["node_uuid"] = runAt(s, 0)["path"].([]any)[0].(map[string]any)["node_uuid"]
		}, pointer: "/wait/node_uuid", msg: "the waiting run's last step is at node"},
		{name: "not an object", src: `[1, 2]`, pointer: "", msg: "expected a session object, got an array"},
		{name: "not JSON", src: "{\n  \"uuid\": ", pointer: "", msg: "invalid JSON: unexpected end of input"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := []byte(tc.src)
			if tc.edit != nil {
				s := waitingSurvey(t)
				tc.edit(s)
				var err error
				if src, err = json.MarshalIndent(s, "", "  "); err != nil {
					t.Fatal(err)
				}
			}
			done := make(chan error, 1)
			go func() {
				_, err := e.ReadSession(src)
				done <- err
			}()
			var err error
			select {
			case err = <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("ReadSession is still running after 10s")
			}
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("got %v, want an *InputError", err)
			}
			if ie.Pointer != tc.pointer || !strings.Contains(ie.Msg, tc.msg) {
				t.Errorf("got %q: %q, want %q: ...%s...", ie.Pointer, ie.Msg, tc.pointer, tc.msg)
			}
			if tc.src != "" {
				return
			}
			// the offset is where the value at the pointer starts, or its object when missing
			if want := valueStart(t, src, tc.pointer); ie.Offset != want {
				t.Errorf("offset %d, want %d (the value at %s, or its nearest existing ancestor)", ie.Offset, want, tc.pointer)
			}
		})
	}
}

// valueStart is the offset of the value at pointer in src, or of its nearest existing ancestor.
func valueStart(t *testing.T, src []byte, pointer string) int {
	t.Helper()
	n, serr := jsontree.Parse(src)
	if serr != nil {
		t.Fatal(serr)
	}
	if pointer == "" {
		return n.Start
	}
	for _, tok := range strings.Split(pointer[1:], "/") {
		var next *jsontree.Node
		switch n.Kind {
		case jsontree.Object:
			next = n.Get(tok)
		case jsontree.Array:
			if i, err := strconv.Atoi(tok); err == nil && i < len(n.Items) {
				next = n.Items[i]
			}
		}
		if next == nil {
			return n.Start
		}
		n = next
	}
	return n.Start
}

// TestReadSessionKeepsGoodSessions: the checks pass every session the engine writes, waiting or
// finished, with subflows and results.
func TestReadSessionKeepsGoodSessions(t *testing.T) {
	assets := loadFlows(t, "survey.json")
	mocks := map[string][]MockResponse{checkURL: {{Status: 200, Body: `{"ok": true}`}}}
	for _, inputs := range [][]string{nil, {"Bob"}, {"Bob", "abc"}, {"Bob", "42"}} {
		s, _ := simulate(t, assets, surveyUUID, inputs, mocks, nil)
		data := mustJSON(t, s)
		back, err := New(assets, Options{}).ReadSession([]byte(data))
		if err != nil {
			t.Fatalf("after %q: %v", inputs, err)
		}
		if again := mustJSON(t, back); again != data {
			t.Errorf("after %q the session changed on a round trip", inputs)
		}
	}
}
