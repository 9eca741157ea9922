package engine

import (
	"cmp"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/read"
	"github.com/flowctl/flowctl/flows/runtime"
)

// The rule tests build small flows in code: a node is a JSON object, and the helpers below wire
// them into a flow, an assets document and a simulation, so that each test states only the
// shape it is about.

// ruleFlow is one flow of a rule test: its nodes in order, each exiting to the next one unless
// its exits say otherwise.
type ruleFlow struct {
	UUID, Name string
	Nodes      []map[string]any
	// Extra keys of the flow (localization, language, expire_after_minutes, ...).
	Extra map[string]any
}

var ruleUUIDs int

// ruleUUID returns a fresh, valid UUID for a test flow's parts.
func ruleUUID() string {
	ruleUUIDs++
	return fmt.Sprintf("00000000-0000-4000-8000-%012d", ruleUUIDs)
}

// actionNode is a node running the actions, then going on to the next node.
func actionNode(actions ...map[string]any) map[string]any {
	for _, a := range actions {
		if a["uuid"] == nil {
			a["uuid"] = ruleUUID()
		}
	}
	return map[string]any{"uuid": ruleUUID(), "actions": actions}
}

// act makes an action of a type with its fields.
func act(typ string, fields map[string]any) map[string]any {
	a := map[string]any{"type": typ, "uuid": ruleUUID()}
	for k, v := range fields {
		a[k] = v
	}
	return a
}

// sendMsg is a send_msg action.
func sendMsg(text string) map[string]any { return act("send_msg", map[string]any{"text": text}) }

// switchNode is a switch router on operand with one case per (test, args) and an Other
// category; wait makes it wait for a message first. Every category goes on to the next node.
func switchNode(operand string, wait bool, resultName string, cases ...ruleCase) map[string]any {
	var cats, cs []map[string]any
	for i, c := range cases {
		cat := map[string]any{"uuid": ruleUUID(), "name": fmt.Sprintf("Case %d", i+1), "exit_uuid": ruleUUID()}
		if c.Category != "" {
			cat["name"] = c.Category
		}
		cats = append(cats, cat)
		args := c.Args
		if args == nil {
			args = []string{}
		}
		cs = append(cs, map[string]any{"uuid": ruleUUID(), "type": c.Test, "arguments": args, "category_uuid": cat["uuid"]})
	}
	other := map[string]any{"uuid": ruleUUID(), "name": "Other", "exit_uuid": ruleUUID()}
	cats = append(cats, other)
	router := map[string]any{"type": "switch", "operand": operand, "cases": cs, "categories": cats,
		"default_category_uuid": other["uuid"]}
	if wait {
		router["wait"] = map[string]any{"type": "msg"}
	}
	if resultName != "" {
		router["result_name"] = resultName
	}
	return map[string]any{"uuid": ruleUUID(), "actions": []any{}, "router": router}
}

type ruleCase struct {
	Test     string
	Args     []string
	Category string
}

// wire gives every node without exits (or with router categories) exits to the next node, the
// last node's exits going nowhere.
func (f *ruleFlow) wire() {
	for i, n := range f.Nodes {
		next := any(nil)
		if i+1 < len(f.Nodes) {
			next = f.Nodes[i+1]["uuid"]
		}
		if _, ok := n["exits"]; ok {
			continue
		}
		if r, ok := n["router"].(map[string]any); ok {
			var exits []map[string]any
			for _, c := range r["categories"].([]map[string]any) {
				exits = append(exits, map[string]any{"uuid": c["exit_uuid"], "destination_uuid": next})
			}
			n["exits"] = exits
			continue
		}
		n["exits"] = []map[string]any{{"uuid": ruleUUID(), "destination_uuid": next}}
	}
}

func (f *ruleFlow) json() map[string]any {
	f.wire()
	if f.UUID == "" {
		f.UUID = ruleUUID()
	}
	if f.Name == "" {
		f.Name = "Rule Flow"
	}
	out := map[string]any{"uuid": f.UUID, "name": f.Name, "spec_version": "13.1.0", "language": "eng",
		"type": "messaging", "revision": 1, "nodes": f.Nodes}
	for k, v := range f.Extra {
		out[k] = v
	}
	return out
}

// ruleDoc builds an assets document of the flows and other assets (fields, groups, ...).
func ruleDoc(t testing.TB, flowsIn []*ruleFlow, assets map[string]any) *flows.Assets {
	t.Helper()
	doc := map[string]any{}
	for k, v := range assets {
		doc[k] = v
	}
	var fl []any
	for _, f := range flowsIn {
		fl = append(fl, f.json())
	}
	doc["flows"] = fl
	src, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	d := read.Read("rule.json", src)
	for _, f := range d.Findings {
		if f.Severity == flows.SeverityError {
			t.Fatalf("rule flow doesn't read: %s (%s)", f.Message, f.Pointer)
		}
	}
	return read.LoadAssets(d)
}

// ruleRun is one simulation of a rule test.
type ruleRun struct {
	Flows   []*ruleFlow
	Assets  map[string]any
	Contact string // contact JSON; default: a contact with a phone number
	Env     string // environment JSON; default none
	// Trigger is "manual" (default) or "msg:TEXT" for a message trigger with that text, or a
	// whole trigger JSON object.
	Trigger string
	Inputs  []string
	// Resumes are whole resume JSON objects, taken before Inputs.
	Resumes []string
	Mocks   map[string][]MockResponse
	// Seed seeds the random source (default 42)
	Seed uint64
}

// run simulates the first flow and returns the session and its sprints.
func (rr ruleRun) run(t testing.TB) (*Session, []*Sprint) {
	t.Helper()
	assets := ruleDoc(t, rr.Flows, rr.Assets)
	flow := assets.Flows[0]
	contact := rr.Contact
	if contact == "" {
		contact = `{"uuid": "5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f", "name": "Ryan Lewis", "language": "eng", "status": "active",
			"created_on": "2024-01-01T00:00:00Z", "urns": ["tel:+12065551212"]}`
	}
	var trigger json.RawMessage
	switch {
	case strings.HasPrefix(rr.Trigger, "msg:"):
		ev := runtime.NewMsgReceived(runtime.MsgIn{UUID: "1e4d3e56-1bb2-4c25-a2ff-5d2b8ad5dd0b", Text: strings.TrimPrefix(rr.Trigger, "msg:"), URN: "tel:+12065551212"})
		ev.UUID = "0a27cb26-1ac6-4b9c-9ad0-e0d5a1a3cf74"
		ev.CreatedOn = testStart
		trigger, _ = json.Marshal(map[string]any{"type": "msg", "flow": map[string]any{"uuid": flow.UUID, "name": flow.Name},
			"triggered_on": testStart, "event": ev})
	case strings.HasPrefix(rr.Trigger, "{"):
		trigger = json.RawMessage(rr.Trigger)
	}
	var env json.RawMessage
	if rr.Env != "" {
		env = json.RawMessage(rr.Env)
	}
	var resumes []json.RawMessage
	for _, r := range rr.Resumes {
		resumes = append(resumes, json.RawMessage(r))
	}
	return runSim(t, SimulationInput{
		Assets: assets, Flow: flow, Inputs: rr.Inputs, Resumes: resumes, Contact: json.RawMessage(contact), Trigger: trigger, Environment: env,
		Options: Options{Now: testStart, Seed: cmp.Or(rr.Seed, 42), HTTP: NewMocks(rr.Mocks)},
	})
}

// allEvents flattens the sprints' events.
func allEvents(sprints []*Sprint) []runtime.Event {
	var out []runtime.Event
	for _, sp := range sprints {
		out = append(out, sp.Events...)
	}
	return out
}

// eventsOf returns the events of one type, as JSON objects.
func eventsOf(t testing.TB, sprints []*Sprint, typ string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, e := range allEvents(sprints) {
		if e.Type() != typ {
			continue
		}
		b, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

// sentTexts lists the texts of all messages sent, across sprints.
func sentTexts(sprints []*Sprint) []string {
	out := []string{}
	for _, sp := range sprints {
		out = append(out, texts(sp)...)
	}
	return out
}
