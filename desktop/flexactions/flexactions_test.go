package flexactions

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/desktop"
)

const origin = "http://localhost:3000"

func newDesk(t *testing.T, script Script) *desktop.Desktop {
	t.Helper()
	d, err := desktop.New(desktop.Config{
		Status: desktop.Available,
		Plugins: []desktop.Plugin{
			{ID: "crm", URL: origin + "/crm", Kind: "flex"},
			{ID: "qa", URL: origin + "/qa", Kind: "flex"},
			{ID: "card", URL: origin + "/card", Kind: "flex", Panel: "contact"},
		},
	}, New(script))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

var nextID = 0

func request(t *testing.T, d *desktop.Desktop, plugin, method string, params map[string]any) map[string]any {
	t.Helper()
	nextID++
	b, _ := json.Marshal(map[string]any{"type": Request, "id": nextID, "method": method, "params": params})
	n := len(d.Outbox)
	ref := 0
	if plugin == "card" {
		ref = 1
	}
	d.Receive(desktop.Inbound{Plugin: plugin, ContactRef: ref, Origin: origin, Data: b})
	for _, o := range d.Outbox[n:] {
		b, _ := json.Marshal(o.Data)
		var m map[string]any
		json.Unmarshal(b, &m)
		if m["type"] == Response {
			return m
		}
	}
	t.Fatalf("%s got no response", method)
	return nil
}

func ok(t *testing.T, resp map[string]any) map[string]any {
	t.Helper()
	if e, bad := resp["error"].(map[string]any); bad {
		t.Fatalf("error: %v", e["message"])
	}
	return resp["result"].(map[string]any)
}

// calls lists the calls the desktop made to plugins, as "plugin:ref".
func calls(d *desktop.Desktop) string {
	var out []string
	for _, o := range d.Outbox {
		if m, ok := o.Data.(map[string]any); ok && m["type"] == CallMsg {
			out = append(out, o.Plugin+":"+m["ref"].(string))
		}
	}
	return strings.Join(out, " ")
}

func connected(t *testing.T, d *desktop.Desktop) *desktop.Contact {
	t.Helper()
	c, err := d.Arrive(desktop.Arrival{})
	if err != nil {
		t.Fatal(err)
	}
	if res := d.Invoke("AcceptTask", "agent", nil); !res.Done() {
		t.Fatal(res.Err)
	}
	return c
}

func TestBeforeListenerAbortsWrapupTask(t *testing.T) {
	d := newDesk(t, Script{"crm": {"L1": {Abort: "add the case notes first"}}})
	ok(t, request(t, d, "crm", "addListener", map[string]any{"event": "beforeWrapupTask", "listener": "L1"}))
	ok(t, request(t, d, "qa", "addListener", map[string]any{"event": "afterWrapupTask", "listener": "A1"}))
	c := connected(t, d)
	res := d.Invoke("WrapupTask", "agent", nil)
	if !res.Aborted || res.AbortReason != "add the case notes first" || res.AbortedBy != "beforeWrapupTask listener of crm" {
		t.Fatalf("result = %+v", res)
	}
	if c.State != desktop.Connected {
		t.Errorf("an aborted wrap-up moved the contact to %s", c.State)
	}
	if got := calls(d); got != "crm:L1" {
		t.Errorf("calls = %s (the after-listener must not run)", got)
	}
	entries := d.Log().Entries
	var verdict string
	for _, e := range entries {
		if e.Kind == "action" && e.Type == "WrapupTask" {
			verdict = e.Verdict
		}
	}
	if verdict != "aborted by beforeWrapupTask listener of crm: add the case notes first" {
		t.Errorf("logged verdict = %q", verdict)
	}
	// the answer is logged as a message in from the plugin's origin
	last := entries[len(entries)-1]
	if last.Direction != "in" || last.Plugin != "crm" || last.Origin != origin || last.Data.(map[string]any)["abort"] != true {
		t.Errorf("last entry = %+v", last)
	}
}

func TestReplacedActionCallsOriginal(t *testing.T) {
	tests := []struct {
		name   string
		script Scripted
		state  desktop.ContactState
		calls  string
	}{
		{"calls original", Scripted{Call: "original"}, desktop.ACW, "crm:R1 qa:A1"},
		{"unscripted calls original", Scripted{}, desktop.ACW, "crm:R1 qa:A1"},
		{"calls neither", Scripted{Call: "none"}, desktop.Connected, "crm:R1 qa:A1"},
		{"fails", Scripted{Call: "none", Error: "CRM is down"}, desktop.Connected, "crm:R1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			script := Script{"crm": {"R1": tt.script}}
			if tt.name == "unscripted calls original" {
				script = Script{}
			}
			d := newDesk(t, script)
			ok(t, request(t, d, "crm", "replaceAction", map[string]any{"action": "HangupCall", "replacement": "R1"}))
			ok(t, request(t, d, "qa", "addListener", map[string]any{"event": "afterHangupCall", "listener": "A1"}))
			c := connected(t, d)
			res := d.Invoke("HangupCall", "agent", nil)
			if c.State != tt.state {
				t.Errorf("contact %s, want %s", c.State, tt.state)
			}
			if (res.Err != nil) != (tt.script.Error != "") {
				t.Errorf("err = %v", res.Err)
			}
			if got := calls(d); got != tt.calls {
				t.Errorf("calls = %s, want %s", got, tt.calls)
			}
		})
	}
}

func TestReplacementsChainAcrossPlugins(t *testing.T) {
	// crm replaces first, qa second: qa's runs first, its next is crm's, whose original is the action.
	d := newDesk(t, Script{"qa": {"R2": {Call: "next", Set: map[string]any{"targetType": "queue", "target": "Escalations"}}}, "crm": {"R1": {Call: "original"}}})
	ok(t, request(t, d, "crm", "replaceAction", map[string]any{"action": "TransferTask", "replacement": "R1"}))
	ok(t, request(t, d, "qa", "replaceAction", map[string]any{"action": "TransferTask", "replacement": "R2"}))
	connected(t, d)
	res := d.Invoke("TransferTask", "agent", map[string]any{"targetType": "queue", "target": "Support"})
	if !res.Done() {
		t.Fatal(res.Err)
	}
	if got := calls(d); got != "qa:R2 crm:R1" {
		t.Errorf("calls = %s", got)
	}
	c, _ := d.Contact("#1")
	if c.Queue != "Escalations" {
		t.Errorf("the payload qa changed didn't reach the action: queue %s", c.Queue)
	}
}

func TestListenerErrorsAndRemoval(t *testing.T) {
	d := newDesk(t, Script{"crm": {"L1": {Error: "TypeError: x is undefined"}}})
	ok(t, request(t, d, "crm", "addListener", map[string]any{"event": "beforeAcceptTask", "listener": "L1"}))
	ok(t, request(t, d, "qa", "addListener", map[string]any{"event": "beforeAny", "listener": "L2"}))
	c, _ := d.Arrive(desktop.Arrival{})
	res := d.Invoke("AcceptTask", "agent", nil)
	if !res.Done() || c.State != desktop.Connected {
		t.Fatalf("a throwing listener cancelled the action: %+v", res)
	}
	if len(res.ListenerErrors) != 1 || res.ListenerErrors[0].Error() != "beforeAcceptTask listener of crm failed: TypeError: x is undefined" {
		t.Errorf("listener errors = %v", res.ListenerErrors)
	}
	if got := calls(d); got != "crm:L1 qa:L2" {
		t.Errorf("calls = %s", got)
	}
	ok(t, request(t, d, "crm", "removeListener", map[string]any{"listener": "L1"}))
	d.Invoke("HoldCall", "agent", nil)
	if got := calls(d); got != "crm:L1 qa:L2 qa:L2" {
		t.Errorf("after removal, calls = %s", got)
	}
}

func TestRequestErrors(t *testing.T) {
	d := newDesk(t, Script{})
	ok(t, request(t, d, "crm", "addListener", map[string]any{"event": "beforeHoldCall", "listener": "L1"}))
	tests := []struct {
		method string
		params map[string]any
		want   string
	}{
		{"addListener", map[string]any{"event": "beforeWrapTask", "listener": "L2"}, `unknown event "beforeWrapTask": no action WrapTask is registered; did you mean "beforeWrapupTask"?`},
		{"addListener", map[string]any{"event": "beforeHoldCall", "listener": "L1"}, `"L1" already names a listener or replacement of this window`},
		{"addListener", map[string]any{"event": "beforeHoldCall"}, "the listener has no name: give params.listener"},
		{"removeListener", map[string]any{"listener": "L9"}, `removeListener: no listener "L9" is registered by this window`},
		{"replaceAction", map[string]any{"action": "Hangup", "replacement": "R1"}, `can't replace unknown action Hangup`},
		{"registerAction", map[string]any{"action": "AcceptTask"}, "action AcceptTask is already registered"},
		{"invokeActions", nil, "unknown method \"invokeActions\": want one of " + strings.Join(Methods, ", ")},
	}
	for _, tt := range tests {
		resp := request(t, d, "crm", tt.method, tt.params)
		e, _ := resp["error"].(map[string]any)
		if e == nil || !strings.HasPrefix(e["message"].(string), tt.want) {
			t.Errorf("%s %v: %v, want %q", tt.method, tt.params, resp, tt.want)
		}
	}
	// params that aren't an object are refused before anything runs
	n, entries := len(d.Outbox), len(d.Log().Entries)
	d.Receive(desktop.Inbound{Plugin: "crm", Origin: origin, Data: json.RawMessage(`{"type":"flex:request","id":99,"method":"invokeAction","params":"AcceptTask"}`)})
	if len(d.Outbox) != n+1 || !strings.Contains(fmt.Sprint(d.Outbox[n].Data), "params must be an object") {
		t.Errorf("bad params: %v", d.Outbox[n:])
	}
	for _, e := range d.Log().Entries[entries:] {
		if e.Kind == "action" {
			t.Errorf("bad params invoked %s", e.Type)
		}
	}
	// another window's listener names are its own
	ok(t, request(t, d, "qa", "addListener", map[string]any{"event": "beforeHoldCall", "listener": "L1"}))
}

func TestRegisterAndInvokeFromPlugins(t *testing.T) {
	d := newDesk(t, Script{"crm": {"MyAction": {}}})
	ok(t, request(t, d, "crm", "registerAction", map[string]any{"action": "OpenCase"}))
	ok(t, request(t, d, "qa", "addListener", map[string]any{"event": "afterOpenCase", "listener": "A1"}))
	c, _ := d.Arrive(desktop.Arrival{})
	r := ok(t, request(t, d, "qa", "invokeAction", map[string]any{"action": "OpenCase", "payload": map[string]any{"caseId": "7"}}))
	if r["done"] != true || calls(d) != "crm:OpenCase qa:A1" {
		t.Errorf("invoke OpenCase: %v, calls %s", r, calls(d))
	}
	r = ok(t, request(t, d, "qa", "invokeAction", map[string]any{"action": "AcceptTask", "payload": map[string]any{"contactId": "#1"}}))
	if r["done"] != true || c.State != desktop.Connected {
		t.Errorf("invoke AcceptTask: %v, contact %s", r, c.State)
	}
	r = ok(t, request(t, d, "qa", "invokeAction", map[string]any{"action": "AcceptTask"}))
	if r["done"] != false || !strings.Contains(r["error"].(string), "no contact to act on") {
		t.Errorf("invoke AcceptTask again: %v", r)
	}
}

func TestClosedPanelsLoseTheirListeners(t *testing.T) {
	d := newDesk(t, Script{})
	connected(t, d)
	ok(t, request(t, d, "card", "addListener", map[string]any{"event": "beforeAny", "listener": "L1"}))
	d.Invoke("HangupCall", "agent", nil)
	d.Invoke("CompleteTask", "agent", nil) // the contact is done: its panel closes
	if got := calls(d); got != "card:L1 card:L1" {
		t.Fatalf("calls while the panel was open = %s", got)
	}
	connected(t, d)
	if got := calls(d); got != "card:L1 card:L1" {
		t.Errorf("the closed panel's listener still runs: %s", got)
	}
}
