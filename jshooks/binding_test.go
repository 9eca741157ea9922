package jshooks

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/flowctl/flowctl/flows/engine"
)

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

// TestRules pins the order and error rules as hook files see them. Each case runs the survey
// flow (send_msg, a wait, then set_contact_name, call_webhook and enter_flow, and the child's
// send_msg) with one reply and compares the events.
func TestRules(t *testing.T) {
	tests := []struct {
		name string
		js   string
		want []string
	}{
		{
			name: "before-listeners in registration order, typed, snake and Any interleaved; after with events",
			js: `
flowctl.addListener("beforeSendMsg", (a, abort, ctx) => ctx.log({type: "warning", text: "1 " + a.type}));
flowctl.addListener("beforeAny", (a, abort, ctx) => { if (a.type === "send_msg") ctx.log({type: "warning", text: "2 any"}); });
flowctl.addListener("before_send_msg", (a, abort, ctx) => ctx.log({type: "warning", text: "3 snake"}));
flowctl.addListener("afterSendMsg", (a, events, ctx) => ctx.log({type: "warning", text: "after " + events.map(e => e.type + ":" + e.msg.text).join()}));`,
			want: []string{
				"run_started", "warning: 1 send_msg", "warning: 2 any", "warning: 3 snake",
				"msg_created: What is your name?", "warning: after msg_created:What is your name?", "msg_wait",
				"run_result_changed: Name=Bob (Name)", "contact_name_changed", "webhook_called", "run_result_changed: Check=0 (Failure)",
				"run_started", "warning: 1 send_msg", "warning: 2 any", "warning: 3 snake",
				"msg_created: How old are you?", "warning: after msg_created:How old are you?", "msg_wait",
			},
		},
		{
			name: "abort cancels the action, names the hook, skips later before-listeners and after-listeners",
			js: `
flowctl.addListener("beforeSetContactName", (a, abort) => abort("names are managed elsewhere"));
flowctl.addListener("beforeSetContactName", (a, abort, ctx) => ctx.log({type: "warning", text: "never"}));
flowctl.addListener("afterSetContactName", (a, events, ctx) => ctx.log({type: "warning", text: "never"}));`,
			want: []string{
				"run_started", "msg_created: What is your name?", "msg_wait", "run_result_changed: Name=Bob (Name)",
				"error: set_contact_name action b0000000-0000-4000-8000-000000000002 was aborted by beforeSetContactName listener of t.js:2:20: names are managed elsewhere",
				"webhook_called", "run_result_changed: Check=0 (Failure)", "run_started", "msg_created: How old are you?", "msg_wait",
			},
		},
		{
			name: "a listener that throws is reported with its position and cancels nothing",
			js: `
flowctl.addListener("beforeSetContactName", (a) => {
  return a.nmae.length;
});
flowctl.addListener("afterSetContactName", (a, events) => { throw new Error("after failed: " + events.length); });
flowctl.addListener("afterSetContactName", (a, events, ctx) => ctx.log({type: "warning", text: "later after-listener ran"}));`,
			want: []string{
				"run_started", "msg_created: What is your name?", "msg_wait", "run_result_changed: Name=Bob (Name)",
				"error: beforeSetContactName listener of t.js:2:20 failed on set_contact_name action b0000000-0000-4000-8000-000000000002: t.js:3:17: TypeError: Cannot read property 'length' of undefined",
				"contact_name_changed",
				"error: afterSetContactName listener of t.js:5:20 failed on set_contact_name action b0000000-0000-4000-8000-000000000002: t.js:5:67: Error: after failed: 1",
				"warning: later after-listener ran",
				"webhook_called", "run_result_changed: Check=0 (Failure)", "run_started", "msg_created: How old are you?", "msg_wait",
			},
		},
		{
			name: "an error in the action body fails the session and stops its after-listeners",
			js: `
flowctl.replaceAction("set_contact_name", (a, original) => { throw new RangeError("no names today"); });
flowctl.addListener("afterSetContactName", (a, events, ctx) => ctx.log({type: "warning", text: "never"}));`,
			want: []string{
				"run_started", "msg_created: What is your name?", "msg_wait", "run_result_changed: Name=Bob (Name)",
				"failure: replacement of set_contact_name at t.js:2:22 failed: t.js:2:68: RangeError: no names today",
				"run_ended", "session_failed?",
			},
		},
		{
			name: "replacements: the newest runs first, next is the one before, original the built-in",
			js: `
flowctl.replaceAction("send_msg", (a, original, next) => next({...a, text: "[1]" + a.text}));
flowctl.replaceAction("SendMsg", (a, original, next) => next({...a, text: "[2]" + a.text}));
flowctl.replaceAction("send_msg", (a, original, next) => a.text.startsWith("How") ? original() : next({...a, text: "[3]" + a.text}));`,
			want: []string{
				"run_started", "msg_created: [1][2][3]What is your name?", "msg_wait",
				"run_result_changed: Name=Bob (Name)", "contact_name_changed", "webhook_called", "run_result_changed: Check=0 (Failure)",
				"run_started", "msg_created: How old are you?", "msg_wait",
			},
		},
		{
			name: "removeListener removes the latest registration of the function",
			js: `
const seen = (a, abort, ctx) => ctx.log({type: "warning", text: "seen " + a.type});
flowctl.addListener("beforeSendMsg", seen);
flowctl.addListener("beforeAny", seen);
const once = (a, events, ctx) => { ctx.log({type: "warning", text: "once"}); flowctl.removeListener("afterAny", once); };
flowctl.addListener("afterAny", once);
if (!flowctl.removeListener("beforeAny", seen)) throw new Error("not removed");
if (flowctl.removeListener("beforeAny", seen)) throw new Error("removed twice");`,
			want: []string{
				"run_started", "warning: seen send_msg", "msg_created: What is your name?", "warning: once", "msg_wait",
				"run_result_changed: Name=Bob (Name)", "contact_name_changed", "webhook_called", "run_result_changed: Check=0 (Failure)",
				"run_started", "warning: seen send_msg", "msg_created: How old are you?", "msg_wait",
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h, _ := loadJS(t, Options{}, tc.js)
			s, sprints := simulate(t, readFlows(t, "survey.json", h), surveyUUID, h, []string{"Bob"}, nil)
			got := describeEvents(sprints)
			want := tc.want
			if want[len(want)-1] == "session_failed?" {
				want = want[:len(want)-1]
				if s.Status != engine.SessionFailed {
					t.Errorf("session %s, want failed", s.Status)
				}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("events\n got %q\nwant %q", got, want)
			}
		})
	}
}

// TestLoadErrors: a hook file that can't be loaded is an error at its position.
func TestLoadErrors(t *testing.T) {
	tests := []struct{ name, js, want string }{
		{"syntax error", "flowctl.addListener(\"beforeSendMsg\", (a) => {\n  if (a.text {\n});", "hooks/t.js:2:14: syntax error: Unexpected token {"},
		{"unknown event with a near one", `flowctl.addListener("beforeSendMgs", () => {});`, `hooks/t.js:1:20: TypeError: unknown event "beforeSendMgs": no action SendMgs is registered; did you mean "beforeSendMsg"?`},
		{"snake event misspelt", `flowctl.addListener("after_set_contact_feild", () => {});`, `did you mean "afterSetContactField"?`},
		{"not before or after", `flowctl.addListener("onSendMsg", () => {});`, `unknown event "onSendMsg": an event is "before" or "after" and an action name`},
		{"listener not a function", `flowctl.addListener("beforeSendMsg", 3);`, "hooks/t.js:1:20: TypeError: the listener must be a function, got int64 3"},
		{"unknown type to replace", `flowctl.replaceAction("call_webhok", () => {});`, "hooks/t.js:1:22: TypeError: unknown action type 'call_webhok': did you mean 'call_webhook'?"},
		{"built-in type registered", `flowctl.registerAction("send_msg", {execute() {}});`, "hooks/t.js:1:23: TypeError: send_msg is a built-in action type: to change what it does, replace it (replaceAction) instead"},
		{"bad schema", `flowctl.registerAction("x_a", {schema: {type: "objekt"}});`, "hooks/t.js:1:23: TypeError: the schema of x_a doesn't compile"},
		{"unknown spec key", `flowctl.registerAction("x_a", {excute() {}});`, `unknown key "excute" in spec; did you mean "execute"? (expected schema, execute, events, flowTypes, templates)`},
		{"top-level throw", "const x = 1;\nthrow new Error(\"not ready\");", "hooks/t.js:2:7: Error: not ready"},
		{"no require, no network, no process", `require("fs");`, "hooks/t.js:1:8: ReferenceError: require is not defined"},
		{"endless top-level loop", `for (;;) {}`, "hooks/t.js: stopped after running longer than its time budget of 50ms of CPU time (an endless loop?)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := tryLoad(Options{Timeout: 50 * time.Millisecond}, tc.js)
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("error %v, want a *LoadError", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error\n got %s\nwant it to contain %s", err, tc.want)
			}
		})
	}
}
