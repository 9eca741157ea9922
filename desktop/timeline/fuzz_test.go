package timeline

import (
	"encoding/json"
	"testing"

	"github.com/flowctl/flowctl/desktop"
)

// FuzzParse: no timeline file, however broken, panics the reader or the run.
func FuzzParse(f *testing.F) {
	// small seeds: the fuzzer minimises what it finds, which is slow on the large testdata files
	f.Add([]byte(`{"queues": ["S"], "ring_timeout": "5s", "acw_timeout": "3s", "steps": [{"arrive": {"channel": "chat", "queue": "S", "message": "hi"}}, {"agent": "AcceptTask"}, {"customer": "#1", "says": "x"}, {"wait": "10s"}]}`))
	f.Add([]byte(`{"plugins": [{"id": "m", "url": "https://m.example", "kind": "max", "panel": "contact"}], "steps": [{"arrive": {}}, {"plugin": "m", "contact": "#1", "send": {"messageType": "RegisterForClientEvents", "subscriptionTypes": ["contact"]}}]}`))
	f.Add([]byte(`{"agent": {"status": "LoggedOut"}, "directory": [{"id": "b"}], "quick_connects": [{"name": "Q", "type": "agent", "value": "b"}], "steps": [{"agent": "SetActivity", "payload": {"activity": "Available"}}, {"arrive": {}}, {"agent": "AcceptTask"}, {"agent": "TransferTask", "payload": {"targetType": "quick_connect", "target": "Q"}}]}`))
	f.Add([]byte(`{"steps": [{"wait": "9999999h"}, {"customer": "#1", "hangs_up": true}]}`))
	f.Add([]byte(`{"plugins": [{"id": "p", "url": "https://p.example", "kind": "flex", "script": {"x": {"call": "next"}}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		tl, err := Parse("fuzz.json", data)
		if err != nil {
			return
		}
		if _, err := Run(tl); err != nil {
			var e *Error
			if !asError(err, &e) {
				t.Fatalf("a run error without a position: %v", err)
			}
		}
	})
}

func asError(err error, target **Error) bool {
	e, ok := err.(*Error)
	if ok {
		*target = e
	}
	return ok
}

// FuzzPluginMessage: no message a plugin posts, of any protocol, panics the desktop, and every
// request that can be answered is answered to the plugin's own origin.
func FuzzPluginMessage(f *testing.F) {
	seeds := []string{
		`{"messageType":"RegisterForClientEvents","subscriptionTypes":["all"],"contactId":"100001"}`,
		`{"messageType":"HoldEvent","contactId":1e309}`,
		`{"messageType":"ContactCardData","contactCardData":{"name":null}}`,
		`{"type":"smartagent:request","id":1,"method":"init","params":{"embedded":true}}`,
		`{"type":"smartagent:request","id":[],"method":"sendMessage","params":{"type":"transfer_call","payload":{"endpoint":{"type":"queue","queue":7}}}}`,
		`{"type":"smartagent:request","id":2,"method":"sendMessage","params":{"type":"update_quick_connects","payload":{"quickConnects":[{"name":"x","endpoint":{"type":"phone_number","phoneNumber":"+14155550123"}}]}}}`,
		`{"type":"flex:request","id":1,"method":"registerAction","params":{"action":"X"}}`,
		`{"type":"flex:request","id":1,"method":"invokeAction","params":{"action":"TransferTask","payload":{"targetType":"quick_connect","target":"Tier 2"}}}`,
		`{"type":"flex:request","id":1,"method":"replaceAction","params":{"action":"AcceptTask","replacement":"R"}}`,
	}
	for _, s := range seeds {
		for _, plugin := range []string{"max", "sa", "flex"} {
			f.Add(plugin, []byte(s))
		}
	}
	f.Fuzz(func(t *testing.T, plugin string, msg []byte) {
		if plugin != "max" && plugin != "sa" && plugin != "flex" {
			return
		}
		tl, err := Parse("fuzz.json", []byte(`{
  "queues": ["Support"],
  "quick_connects": [{"name": "Tier 2", "type": "queue", "value": "Support"}],
  "plugins": [
    {"id": "max", "url": "https://max.example", "kind": "max", "panel": "contact"},
    {"id": "sa", "url": "https://sa.example", "kind": "smartagent"},
    {"id": "flex", "url": "https://flex.example", "kind": "flex", "script": {"R": {"call": "next"}}}
  ],
  "steps": [{"arrive": {"queue": "Support"}}, {"agent": "AcceptTask"}]
}`))
		if err != nil {
			t.Fatal(err)
		}
		res, err := Run(tl)
		if err != nil {
			t.Fatal(err)
		}
		d := res.Desktop
		origin := d.Plugin(plugin).Origin
		for i := 0; i < 2; i++ { // twice: duplicates and state left by the first
			d.Receive(desktop.Inbound{Plugin: plugin, ContactRef: 1, Origin: origin, Data: json.RawMessage(msg)})
		}
		d.Invoke("HangupCall", "agent", nil)
		d.Invoke("CompleteTask", "agent", nil)
		for _, o := range d.Outbox {
			if o.TargetOrigin != d.Plugin(o.Plugin).Origin {
				t.Fatalf("a message for %s went to %q", o.Plugin, o.TargetOrigin)
			}
		}
		if _, err := json.Marshal(d.Log()); err != nil {
			t.Fatalf("the log can't be written: %v", err)
		}
	})
}
