package actions_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/flowctl/flowctl/actions"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/engine"
	"github.com/flowctl/flowctl/flows/read"
	"github.com/flowctl/flowctl/flows/runtime"
)

// holderAssets are the assets the Execute tests run against: one messaging flow whose only
// node holds the action under test, and a few assets it may refer to.
const holderAssets = `{
  "flows": [{"uuid": "f0000000-0000-4000-8000-000000000001", "name": "Holder", "spec_version": "14.1.0",
    "language": "eng", "type": "messaging", "nodes": [{"uuid": "f0000000-0000-4000-8000-000000000002",
    "actions": [%s], "exits": [{"uuid": "f0000000-0000-4000-8000-000000000003"}]}]}],
  "groups": [
    {"uuid": "90000000-0000-4000-8000-000000000001", "name": "Testers"},
    {"uuid": "90000000-0000-4000-8000-000000000002", "name": "Customers"},
    {"uuid": "90000000-0000-4000-8000-000000000003", "name": "Adults", "query": "age >= 18"}
  ],
  "fields": [{"key": "age", "name": "Age", "type": "number"}, {"key": "nick", "name": "Nick", "type": "text"}],
  "labels": [{"uuid": "91000000-0000-4000-8000-000000000001", "name": "Spam"}],
  "channels": [{"uuid": "92000000-0000-4000-8000-000000000001", "name": "Phone", "schemes": ["tel"], "roles": ["send", "receive"]},
    {"uuid": "92000000-0000-4000-8000-000000000002", "name": "Messenger", "schemes": ["facebook"], "roles": ["send", "receive"], "features": ["optins"]}],
  "optins": [{"uuid": "94000000-0000-4000-8000-000000000001", "name": "Jokes"}],
  "llms": [{"uuid": "96000000-0000-4000-8000-000000000001", "name": "Claude", "type": "anthropic", "roles": ["engine"]}],
  "classifiers": [{"uuid": "97000000-0000-4000-8000-000000000001", "name": "Booking", "type": "wit", "intents": ["book_flight"]},
    {"uuid": "97000000-0000-4000-8000-000000000002", "name": "Bothub", "type": "bothub", "intents": ["book_flight"]}]
}`

const holderContact = `{"uuid": "5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f", "name": "Ryan Lewis", "language": "eng", "status": "active",
  "created_on": "2018-06-20T11:40:30Z", "urns": ["tel:+12065551212"], "groups": [{"uuid": "90000000-0000-4000-8000-000000000001", "name": "Testers"}],
  "fields": {"age": {"text": "17", "number": 17}}}`

// execute runs one action in the holder flow and returns its events as JSON objects, leaving
// out run_started and run_ended and the generated uuid and created_on.
func execute(t *testing.T, action string) []map[string]any {
	t.Helper()
	return executeWith(t, action, nil)
}

// executeWith is execute with HTTP mocks.
func executeWith(t *testing.T, action string, mocks map[string][]engine.MockResponse) []map[string]any {
	t.Helper()
	return executeAs(t, holderContact, action, mocks)
}

// executeAs is executeWith for another contact.
func executeAs(t *testing.T, contact, action string, mocks map[string][]engine.MockResponse) []map[string]any {
	t.Helper()
	doc := read.Read("holder.json", []byte(fmt.Sprintf(holderAssets, action)))
	for _, f := range doc.Findings {
		if f.Severity == "error" {
			t.Fatalf("holder flow: %s", f.Message)
		}
	}
	assets := read.LoadAssets(doc)
	sim, err := engine.NewSimulation(engine.SimulationInput{Assets: assets, Flow: assets.Flows[0], Contact: []byte(contact),
		Options: engine.Options{Now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), HTTP: engine.NewMocks(mocks)}})
	if err != nil {
		t.Fatal(err)
	}
	_, sprints, err := sim.Run()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	for _, e := range sprints[0].Events {
		if e.Type() == "run_started" || e.Type() == "run_ended" {
			continue
		}
		b, _ := json.Marshal(e)
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		delete(m, "uuid")
		delete(m, "created_on")
		out = append(out, m)
	}
	return out
}

// firstSprint starts the first flow of an assets document, optionally with a contact and an
// environment (JSON, "" for none), and returns the events of its first sprint.
func firstSprint(t *testing.T, assets, contact, env string) []runtime.Event {
	t.Helper()
	a := read.LoadAssets(read.Read("holder.json", []byte(assets)))
	in := engine.SimulationInput{Assets: a, Flow: a.Flows[0]}
	if contact != "" {
		in.Contact = []byte(contact)
	}
	if env != "" {
		in.Environment = []byte(env)
	}
	sim, err := engine.NewSimulation(in)
	if err != nil {
		t.Fatal(err)
	}
	_, sprints, err := sim.Run()
	if err != nil {
		t.Fatal(err)
	}
	return sprints[0].Events
}

func TestExecute(t *testing.T) {
	tests := []struct {
		name   string
		action string
		want   string // the events, as JSON
	}{
		{"join a group", `{"uuid": "a1000000-0000-4000-8000-000000000001", "type": "add_contact_groups", "groups": [{"uuid": "90000000-0000-4000-8000-000000000002", "name": "Customers"}]}`,
			`[{"type": "contact_groups_changed", "groups_added": [{"uuid": "90000000-0000-4000-8000-000000000002", "name": "Customers"}]}]`},
		{"already in the group", `{"uuid": "a1000000-0000-4000-8000-000000000001", "type": "add_contact_groups", "groups": [{"uuid": "90000000-0000-4000-8000-000000000001", "name": "Testers"}]}`,
			`null`},
		{"query group can't be joined", `{"uuid": "a1000000-0000-4000-8000-000000000001", "type": "add_contact_groups", "groups": [{"uuid": "90000000-0000-4000-8000-000000000003", "name": "Adults"}]}`,
			`[{"type": "error", "text": "Can't add contacts to the query based group 'Adults'"}]`},
		{"group by name", `{"uuid": "a1000000-0000-4000-8000-000000000001", "type": "add_contact_groups", "groups": [{"name_match": "@(upper(\"customers\"))"}]}`,
			`[{"type": "contact_groups_changed", "groups_added": [{"uuid": "90000000-0000-4000-8000-000000000002", "name": "Customers"}]}]`},
		{"field set, query group joined", `{"uuid": "a1000000-0000-4000-8000-000000000001", "type": "set_contact_field", "field": {"key": "age", "name": "Age"}, "value": "@(fields.age + 1)"}`,
			`[{"type": "contact_field_changed", "field": {"key": "age", "name": "Age"}, "value": {"text": "18", "number": 18}},
			  {"type": "contact_groups_changed", "groups_added": [{"uuid": "90000000-0000-4000-8000-000000000003", "name": "Adults"}]}]`},
		{"missing field", `{"uuid": "a1000000-0000-4000-8000-000000000001", "type": "set_contact_field", "field": {"key": "score", "name": "Score"}, "value": "1"}`,
			`[{"type": "error", "code": "dependency:missing", "text": "Missing dependency: field[key=score,name=Score]", "extra": {"identity": "score", "type": "field"}}]`},
		{"missing field, value in error: only the expression error", `{"uuid": "a1000000-0000-4000-8000-000000000001", "type": "set_contact_field", "field": {"key": "score", "name": "Score"}, "value": "@results.quiz.value"}`,
			`[{"type": "error", "code": "expression", "text": "Error evaluating expression: object has no property 'quiz'", "extra": {"expression": "@results.quiz.value"}}]`},
		{"missing field, value partly in error", `{"uuid": "a1000000-0000-4000-8000-000000000001", "type": "set_contact_field", "field": {"key": "score", "name": "Score"}, "value": "@(10 / 0) points"}`,
			`[{"type": "error", "code": "expression", "text": "Error evaluating expression: division by zero", "extra": {"expression": "@(10 / 0)"}}]`},
		{"expression error skips", `{"uuid": "a1000000-0000-4000-8000-000000000001", "type": "set_contact_name", "name": "@(1 / 0)"}`,
			`[{"type": "error", "code": "expression", "text": "Error evaluating expression: division by zero", "extra": {"expression": "@(1 / 0)"}}]`},
		{"language of the wrong length", `{"uuid": "a1000000-0000-4000-8000-000000000001", "type": "set_contact_language", "language": "french"}`,
			`[{"type": "error", "text": "iso-639-3 codes must be 3 characters, got: french"}]`},
		{"unknown language", `{"uuid": "a1000000-0000-4000-8000-000000000001", "type": "set_contact_language", "language": "xyz"}`,
			`[{"type": "error", "text": "unrecognized language code: xyz"}]`},
		{"language in capitals", `{"uuid": "a1000000-0000-4000-8000-000000000001", "type": "set_contact_language", "language": " FRA "}`,
			`[{"type": "contact_language_changed", "language": "fra"}]`},
		{"unknown timezone", `{"uuid": "a1000000-0000-4000-8000-000000000001", "type": "set_contact_timezone", "timezone": "africa/kigali"}`,
			`[{"type": "error", "code": "timezone:invalid", "text": "Unrecognized timezone: 'africa/kigali'", "extra": {"timezone": "africa/kigali"}}]`},
		{"URN normalized without a default country", `{"uuid": "a1000000-0000-4000-8000-000000000001", "type": "add_contact_urn", "scheme": "tel", "path": "0788 123-123"}`,
			`[{"type": "contact_urns_changed", "urns": ["tel:+12065551212", "tel:0788123123"]}]`},
		{"groups left in the action's order", `{"uuid": "a1000000-0000-4000-8000-000000000001", "type": "add_contact_groups", "groups": [{"uuid": "90000000-0000-4000-8000-000000000002", "name": "Customers"}]},
			{"uuid": "a1000000-0000-4000-8000-000000000002", "type": "remove_contact_groups", "groups": [{"uuid": "90000000-0000-4000-8000-000000000002", "name": "Customers"}, {"uuid": "90000000-0000-4000-8000-000000000001", "name": "Testers"}]}`,
			`[{"type": "contact_groups_changed", "groups_added": [{"uuid": "90000000-0000-4000-8000-000000000002", "name": "Customers"}]},
			  {"type": "contact_groups_changed", "groups_removed": [{"uuid": "90000000-0000-4000-8000-000000000002", "name": "Customers"}, {"uuid": "90000000-0000-4000-8000-000000000001", "name": "Testers"}]}]`},
		{"field value errors end the action before a missing field", `{"uuid": "a1000000-0000-4000-8000-000000000001", "type": "set_contact_field", "field": {"key": "gone", "name": "Gone"}, "value": "@fields.nope"}`,
			`[{"type": "error", "code": "expression", "text": "Error evaluating expression: object has no property 'nope'", "extra": {"expression": "@fields.nope"}}]`},
		{"labels without an input", `{"uuid": "a1000000-0000-4000-8000-000000000001", "type": "add_input_labels", "labels": [{"uuid": "91000000-0000-4000-8000-000000000001", "name": "Spam"}]}`,
			`[{"type": "error", "text": "No input to add labels to"}]`},
		{"URN with empty path", `{"uuid": "a1000000-0000-4000-8000-000000000001", "type": "add_contact_urn", "scheme": "tel", "path": "@(\"\")"}`,
			`[{"type": "error", "text": "Can't add URN with empty path"}]`},
		{"email to mailto address", `{"uuid": "a1000000-0000-4000-8000-000000000001", "type": "send_email", "addresses": ["mailto:bob@example.com"], "subject": "Hi @contact.first_name", "body": "Age @fields.age"}`,
			`[{"type": "email_sent", "to": ["bob@example.com"], "subject": "Hi Ryan", "body": "Age 17"}]`},
		{"broadcast to URNs", `{"uuid": "a1000000-0000-4000-8000-000000000001", "type": "send_broadcast", "text": "Hi @contact.first_name", "urns": ["tel:+1 206 555 0000"]}`,
			`[{"type": "broadcast_created", "base_language": "eng", "translations": {"eng": {"text": "Hi Ryan"}}, "urns": ["tel:+1 206 555 0000"]}]`},
		{"broadcast to a query", `{"uuid": "a1000000-0000-4000-8000-000000000001", "type": "send_broadcast", "text": "Hi", "contact_query": "age > 20 OR name = @contact.name"}`,
			`[{"type": "broadcast_created", "base_language": "eng", "translations": {"eng": {"text": "Hi"}}, "contact_query": "age > 20 OR name = \"Ryan Lewis\""}]`},
		{"query with an unset value", `{"uuid": "a1000000-0000-4000-8000-000000000001", "type": "send_broadcast", "text": "Hi", "contact_query": "nick = @fields.nick"}`,
			`[{"type": "broadcast_created", "base_language": "eng", "translations": {"eng": {"text": "Hi"}}, "contact_query": "nick = \"\""}]`},
		{"session with no recipients", `{"uuid": "a1000000-0000-4000-8000-000000000001", "type": "start_session", "flow": {"uuid": "f0000000-0000-4000-8000-000000000001", "name": "Holder"}}`,
			`null`},
		{"session recipients are resolved before the flow is looked up", `{"uuid": "a1000000-0000-4000-8000-000000000001", "type": "start_session", "flow": {"uuid": "f0000000-0000-4000-8000-00000000dead", "name": "Gone"}, "legacy_vars": ["@fields.nope"]}`,
			`[{"type": "error", "code": "expression", "text": "Error evaluating expression: object has no property 'nope'", "extra": {"expression": "@fields.nope"}},
			  {"type": "error", "text": "'' couldn't be resolved to a contact, group or URN"},
			  {"type": "error", "code": "dependency:missing", "text": "Missing dependency: flow[uuid=f0000000-0000-4000-8000-00000000dead,name=Gone]", "extra": {"identity": "f0000000-0000-4000-8000-00000000dead", "type": "flow"}}]`},
		{"message routed to the phone channel", `{"uuid": "a1000000-0000-4000-8000-000000000001", "type": "send_msg", "text": "Hi", "quick_replies": ["Yes", "@(\"\")"]}`,
			`[{"type": "error", "text": "Quick reply evaluated to empty string and will be ignored"},
			  {"type": "msg_created", "msg": {"urn": "tel:+12065551212", "channel": {"uuid": "92000000-0000-4000-8000-000000000001", "name": "Phone"}, "text": "Hi", "quick_replies": [{"text": "Yes", "type": "text"}], "locale": "eng-US"}}]`},
		{"status stopped leaves groups", `{"uuid": "a1000000-0000-4000-8000-000000000001", "type": "set_contact_status", "status": "stopped"}`,
			`[{"type": "contact_status_changed", "status": "stopped"}, {"type": "contact_groups_changed", "groups_removed": [{"uuid": "90000000-0000-4000-8000-000000000001", "name": "Testers"}]}]`},
		{"optin requests are no longer supported", `{"uuid": "a1000000-0000-4000-8000-000000000001", "type": "request_optin", "optin": {"uuid": "94000000-0000-4000-8000-000000000001", "name": "Jokes"}}`,
			`[{"type": "error", "code": "action:unsupported", "text": "opt-in requests are no longer supported"}]`},
		{"classifiers are no longer supported", `{"uuid": "a1000000-0000-4000-8000-000000000001", "type": "call_classifier", "classifier": {"uuid": "97000000-0000-4000-8000-000000000001", "name": "Booking"}, "input": "hi", "result_name": "Intent"}`,
			`[{"type": "warning", "text": "NLU classifiers are no longer supported"},
			  {"type": "run_result_changed", "name": "Intent", "value": "0", "category": "Failure"}]`},
		{"a missing classifier only warns", `{"uuid": "a1000000-0000-4000-8000-000000000001", "type": "call_classifier", "classifier": {"uuid": "93000000-0000-4000-8000-000000000001", "name": "Gone"}, "input": "@fields.nope"}`,
			`[{"type": "error", "code": "expression", "text": "Error evaluating expression: object has no property 'nope'", "extra": {"expression": "@fields.nope"}},
			  {"type": "warning", "text": "NLU classifiers are no longer supported"}]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := execute(t, tc.action)
			var want []map[string]any
			if err := json.Unmarshal([]byte(tc.want), &want); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				g, _ := json.Marshal(got)
				t.Errorf("events\n got %s\nwant %s", g, tc.want)
			}
		})
	}
}

// TestExecuteZeroActions runs every action type with all its fields empty, as a flow built in
// code (not read and validated) could hold it: none may panic, and the run must end.
func TestExecuteZeroActions(t *testing.T) {
	for _, typ := range actions.Types() {
		t.Run(typ, func(t *testing.T) {
			doc := read.Read("holder.json", []byte(fmt.Sprintf(holderAssets, "")))
			assets := read.LoadAssets(doc)
			ctor, _ := actions.Lookup(typ)
			node := assets.Flows[0].Nodes[0]
			node.Actions = []flows.Action{ctor()}
			for _, ft := range flows.FlowTypes {
				assets.Flows[0].Type = ft
				var call json.RawMessage
				if ft == flows.FlowTypeVoice {
					call = json.RawMessage(`{"uuid": "0197b335-6ded-79a4-95a6-3af85b57f1ca", "urn": "tel:+12065551212"}`)
				}
				sim, err := engine.NewSimulation(engine.SimulationInput{Assets: assets, Flow: assets.Flows[0], Contact: []byte(holderContact),
					Call: call, Options: engine.Options{Now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}})
				if err != nil {
					t.Fatal(err)
				}
				s, sprints, err := sim.Run()
				if err != nil {
					t.Fatal(err)
				}
				if s.Status == engine.SessionActive {
					t.Errorf("%s: session still active", ft)
				}
				for _, e := range sprints[0].Events {
					if f, ok := e.(*runtime.Failure); ok && strings.HasPrefix(f.Text, "action ") {
						t.Errorf("%s: the action panicked: %s", ft, f.Text)
					}
				}
			}
		})
	}
}

func TestStartSessionHistory(t *testing.T) {
	events := execute(t, `{"uuid": "a1000000-0000-4000-8000-000000000001", "type": "start_session", "flow": {"uuid": "f0000000-0000-4000-8000-000000000001", "name": "Holder"},
		"contacts": [{"uuid": "95000000-0000-4000-8000-000000000001", "name": "Bob"}], "exclusions": {"in_a_flow": true}}`)
	if len(events) != 1 || events[0]["type"] != "session_triggered" {
		t.Fatalf("events %v", events)
	}
	e := events[0]
	h := e["history"].(map[string]any)
	if h["ancestors"] != 1.0 || h["ancestors_since_input"] != 1.0 || h["parent_uuid"] == "" {
		t.Errorf("history %v: a manual session without input has 1 ancestor, 1 since input", h)
	}
	if ex := e["exclusions"].(map[string]any); ex["in_a_flow"] != true {
		t.Errorf("exclusions %v", ex)
	}
	sum := e["run_summary"].(map[string]any)
	if sum["flow"].(map[string]any)["name"] != "Holder" || sum["contact"].(map[string]any)["name"] != "Ryan Lewis" || sum["status"] != "active" {
		t.Errorf("run summary %v", sum)
	}
	if c := e["contacts"].([]any); len(c) != 1 || c[0].(map[string]any)["name"] != "Bob" {
		t.Errorf("contacts %v", c)
	}
}

// TestExecuteServices runs the actions that call outside services against HTTP mocks.
func TestExecuteServices(t *testing.T) {
	llm := `{"uuid": "a1000000-0000-4000-8000-000000000001", "type": "call_llm", "llm": {"uuid": "96000000-0000-4000-8000-000000000001", "name": "Claude"},
		"instructions": "Translate to French", "input": "@contact.first_name", "output_local": "_llm_output"}`
	airtime := `{"uuid": "a1000000-0000-4000-8000-000000000001", "type": "transfer_airtime", "amounts": {"USD": 0.5, "RWF": 500}, "result_name": "Airtime"}`
	tests := []struct {
		name   string
		action string
		mocks  map[string][]engine.MockResponse
		want   []string // event type and, after a colon, a field to check
	}{
		{"llm answers", llm, map[string][]engine.MockResponse{"llm://96000000-0000-4000-8000-000000000001": {{Status: 200, Body: `{"output": "Ryan", "tokens": {"input": 3, "output": 1}}`}}},
			[]string{"llm_called:output=Ryan"}},
		{"llm unreachable", llm, map[string][]engine.MockResponse{"llm://96000000-0000-4000-8000-000000000001": {{Status: 0}}},
			[]string{"error:text=LLM call failed: connection error"}},
		// without a mock, the default service answers as the reference's test service
		{"llm default service translates to leetspeak", llm, nil, []string{"llm_called:output=Ry4n"}},
		{"airtime in the contact's currency", airtime, map[string][]engine.MockResponse{"airtime://USD": {{Status: 200, Body: `{"external_id": "X1"}`}}},
			[]string{"airtime_created:currency=USD"}},
		{"airtime refused", airtime, map[string][]engine.MockResponse{"airtime://USD": {{Status: 500, Body: "no"}}},
			[]string{"airtime_created:amount=0", "error:text=airtime transfer failed: status 500"}},
		{"airtime default service sends RWF", airtime, nil, []string{"airtime_created:currency=RWF"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := executeWith(t, tc.action, tc.mocks)
			if len(got) != len(tc.want) {
				t.Fatalf("events %v, want %v", got, tc.want)
			}
			for i, w := range tc.want {
				typ, check, _ := strings.Cut(w, ":")
				key, val, _ := strings.Cut(check, "=")
				if got[i]["type"] != typ || fmt.Sprint(got[i][key]) != val {
					t.Errorf("event %d: %v, want %s with %s=%s", i, got[i], typ, key, val)
				}
			}
		})
	}
}
