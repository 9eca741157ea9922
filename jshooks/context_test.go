package jshooks

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/flowctl/flowctl/flows/check"
	"github.com/flowctl/flowctl/flows/read"
	"github.com/flowctl/flowctl/flows/runtime"
)

// TestContext: what ctx tells and does.
func TestContext(t *testing.T) {
	h, _ := loadJS(t, Options{}, `
const say = (ctx, text) => ctx.log({type: "warning", text});
flowctl.addListener("beforeCallWebhook", (a, abort, ctx) => {
  say(ctx, "contact " + ctx.contact.name + " " + ctx.contact.urns.join());
  say(ctx, "results " + Object.keys(ctx.results).join() + "=" + ctx.results.name.value + " " + ctx.results.name.category);
  say(ctx, "flow " + ctx.flow.name + " " + ctx.flow.type);
  say(ctx, "input " + ctx.input.text);
  say(ctx, "evaluate " + ctx.evaluate("Hi @contact.first_name, @(upper(results.name.value))"));
  say(ctx, "now " + ctx.now().toISOString() + " " + (Date.now() === ctx.now().getTime()));
  ctx.error("checked the webhook");
});
flowctl.addListener("afterCallWebhook", (a, events, ctx) => {
  ctx.invokeAction({type: "set_run_result", name: "Checked", value: "yes", category: "Yes"});
});`)
	_, sprints := simulate(t, readFlows(t, "survey.json", h), surveyUUID, h, []string{"Bob Smith"}, nil)
	got := describeEvents(sprints[1:])
	want := []string{
		"run_result_changed: Name=Bob Smith (Name)", "contact_name_changed",
		"warning: contact Bob Smith tel:+12065551212",
		"warning: results name=Bob Smith Name",
		"warning: flow Survey messaging",
		"warning: input Bob Smith",
		"warning: evaluate Hi Bob, BOB SMITH",
		"warning: now 2025-05-04T12:31:20.000Z true",
		"error: checked the webhook",
		"webhook_called", "run_result_changed: Check=0 (Failure)",
		"run_result_changed: Checked=yes (Yes)",
		"run_started", "msg_created: How old are you?", "msg_wait",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("events\n got %q\nwant %q", got, want)
	}
}

// TestDeterminism: Math.random comes from the seed and Date from the simulation's clock, so the
// same inputs give the same output.
func TestDeterminism(t *testing.T) {
	const js = `
flowctl.addListener("beforeSendMsg", (a, abort, ctx) => ctx.log({type: "warning", text: Math.random() + " " + new Date().toISOString()}));`
	run := func(seed uint64) []string {
		h, _ := loadJS(t, Options{Seed: seed}, js)
		_, sprints := simulate(t, readFlows(t, "survey.json", h), surveyUUID, h, nil, nil)
		return describeEvents(sprints)
	}
	a, b, c := run(1), run(1), run(2)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("the same seed gave\n%q\n%q", a, b)
	}
	if reflect.DeepEqual(a, c) {
		t.Errorf("different seeds gave the same random numbers: %q", a)
	}
	if !strings.HasSuffix(a[1], " 2025-05-04T12:30:52.000Z") {
		t.Errorf("Date is not the simulation's clock: %q", a[1])
	}
	// outside a run, Date is the configured start
	_, _, err := tryLoad(Options{Now: time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)}, `if (new Date().toISOString() !== "2030-01-02T03:04:05.000Z") throw new Error(new Date().toISOString());`)
	if err != nil {
		t.Error(err)
	}
}

// TestBudgets: hooks that run too long, nest too deep or allocate too much are stopped with an
// error, reported like any listener failure.
func TestBudgets(t *testing.T) {
	tests := []struct {
		name, js, want string
		opts           Options
	}{
		{"endless loop", `for (;;) {}`, "stopped after running longer than its time budget of 100ms of CPU time (an endless loop?)", Options{Timeout: 100 * time.Millisecond}},
		{"memory", `const a = []; for (;;) a.push("x".repeat(100000) + Math.random());`, "stopped after allocating more than its memory budget of 32 MiB", Options{Timeout: time.Minute, MaxMemory: 32 << 20}},
		{"one big string", `"x".repeat(1e9);`, "RangeError: repeat would make a value of 1000000000 items, more than a hook's memory budget allows", Options{}},
		{"recursion", `const f = (n) => f(n + 1); f(0);`, "RangeError: maximum call stack size exceeded", Options{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h, _ := loadJS(t, tc.opts, `flowctl.addListener("beforeSendMsg", () => { `+tc.js+` });`)
			_, sprints := simulate(t, readFlows(t, "survey.json", h), surveyUUID, h, nil, nil)
			got := describeEvents(sprints)
			if len(got) != 4 || !strings.Contains(got[1], tc.want) || got[2] != "msg_created: What is your name?" {
				t.Errorf("events %q\nwant the listener's failure (%s), then the message", got, tc.want)
			}
		})
	}
}

// TestReadOnlyActions: listeners can't change an action in place; the error says what to do.
func TestReadOnlyActions(t *testing.T) {
	h, _ := loadJS(t, Options{}, `flowctl.addListener("beforeSendMsg", (a) => { a.text = "changed"; });`)
	_, sprints := simulate(t, readFlows(t, "survey.json", h), surveyUUID, h, nil, nil)
	got := describeEvents(sprints)
	if !strings.Contains(got[1], "TypeError: this object is read-only") || !strings.Contains(got[1], "replace it (replaceAction)") || got[2] != "msg_created: What is your name?" {
		t.Errorf("events %q", got)
	}
}

// TestWebhookFixture: a replacement of call_webhook answers its request from JavaScript through
// the built-in behaviour, which logs the call and saves the result as a real answer would.
func TestWebhookFixture(t *testing.T) {
	h, _ := loadJS(t, Options{}, `
flowctl.replaceAction("call_webhook", (action, original) => original(action, {
  http: (req) => ({status: 200, headers: {"Content-Type": "application/json"},
                   body: {method: req.method, name: decodeURIComponent(req.url.split("name=")[1])}}),
}));`)
	s, sprints := simulate(t, readFlows(t, "survey.json", h), surveyUUID, h, []string{"Bob Smith"}, nil)
	var called *runtime.WebhookCalled
	for _, e := range sprints[1].Events {
		if w, ok := e.(*runtime.WebhookCalled); ok {
			called = w
		}
	}
	if called == nil || called.Status != "success" || !strings.HasSuffix(called.Response, `{"method":"GET","name":"Bob Smith"}`) {
		t.Fatalf("webhook_called %+v", called)
	}
	if r := s.Runs[0].Results["check"]; r == nil || r.Category != "Success" {
		t.Errorf("result %+v, want the Success category", r)
	}

	// a fixture that throws fails the replacement, with the fixture's position
	h, _ = loadJS(t, Options{}, `flowctl.replaceAction("call_webhook", (action, original) => original(action, {http: (req) => req.nothing.here}));`)
	_, sprints = simulate(t, readFlows(t, "survey.json", h), surveyUUID, h, []string{"Bob Smith"}, nil)
	got := describeEvents(sprints[1:])
	want := "failure: replacement of call_webhook at t.js:1:22 failed: the http fixture given to original failed: t.js:1:106: TypeError: Cannot read property 'here' of undefined"
	if !contains(got, want) {
		t.Errorf("events %q\nwant %q", got, want)
	}
}

// glificDialect declares a custom type the way testdata/hooks does, smaller.
const greetDialect = `
flowctl.registerAction("x_greet", {
  schema: {type: "object", required: ["greeting"], properties: {greeting: {type: "string"}, times: {type: "integer", minimum: 1}}},
  events: ["greeted"],
  execute(action, ctx) {
    const text = ctx.evaluate(action.greeting + " @contact.first_name");
    return [{type: "msg_created", msg: {text: text.repeat(action.times || 1)}}, {type: "greeted", greeting: action.greeting}];
  },
});`

const greetFlow = `{"uuid": "a5000000-0000-4000-8000-000000000001", "name": "Greet", "spec_version": "14.1.0", "language": "eng", "type": "messaging",
	"nodes": [{"uuid": "95000000-0000-4000-8000-000000000001",
	"actions": [{"uuid": "b5000000-0000-4000-8000-000000000001", "type": "x_greet", "greeting": "Hello"},
	            {"uuid": "b5000000-0000-4000-8000-000000000002", "type": "x_greet", "greeting": "Bye", "times": 2}],
	"exits": [{"uuid": "e5000000-0000-4000-8000-000000000001"}]}]}`

// TestRegisterAction: a custom type declared in JavaScript is read, validated against its schema,
// run by its execute and heard by listeners.
func TestRegisterAction(t *testing.T) {
	h, _ := loadJS(t, Options{}, greetDialect, `
flowctl.addListener("beforeXGreet", (a, abort, ctx) => { if (a.times > 1) abort("no repeats"); });
flowctl.addListener("after_x_greet", (a, events, ctx) => ctx.log({type: "warning", text: events.map(e => e.type).join()}));`)
	_, sprints := simulate(t, readSource(t, "greet.json", []byte(greetFlow), h), "a5000000-0000-4000-8000-000000000001", h, nil, nil)
	got := describeEvents(sprints)
	want := []string{
		"run_started", "msg_created: Hello Ben", `greeted: {"greeting":"Hello"}`, "warning: msg_created,greeted",
		"error: x_greet action b5000000-0000-4000-8000-000000000002 was aborted by beforeXGreet listener of u.js:2:20: no repeats",
		"run_ended",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("events\n got %q\nwant %q", got, want)
	}

	// the schema is validate's
	bad := strings.Replace(greetFlow, `"times": 2`, `"times": 0`, 1)
	doc := read.ReadWith("greet.json", []byte(bad), read.Options{Dialect: h.Dialect()})
	var findings []string
	for _, f := range check.Check(doc, nil) {
		if f.Severity == "error" {
			findings = append(findings, f.Code+" "+f.Pointer+": "+f.Message)
		}
	}
	wantF := []string{"schema/invalid-value /nodes/0/actions/1/times: x_greet action (schema declared at t.js:2:23): invalid value at '/nodes/0/actions/1/times': must be >= 1 but found 0"}
	if !reflect.DeepEqual(findings, wantF) {
		t.Errorf("findings\n got %q\nwant %q", findings, wantF)
	}
}

// TestBadEvents: events hook code logs are checked.
func TestBadEvents(t *testing.T) {
	tests := []struct{ event, want string }{
		{`{type: "msg_creatd", msg: {text: "x"}}`, "unknown event type 'msg_creatd': did you mean 'msg_created'?"},
		{`{type: "msg_created", msg: {txt: "x"}}`, `the msg_created event doesn't read: unknown field "txt"`},
		{`{type: "contact_name_changed", name: "x"}`, "contact_name_changed events can't be logged by hooks: logging one wouldn't make the change it records; invoke set_contact_name with ctx.invokeAction instead"},
		{`"hello"`, "an event must be an object with a type, got string hello"},
	}
	for _, tc := range tests {
		h, _ := loadJS(t, Options{}, `flowctl.addListener("beforeSendMsg", (a, abort, ctx) => ctx.log(`+tc.event+`));`)
		_, sprints := simulate(t, readFlows(t, "survey.json", h), surveyUUID, h, nil, nil)
		if got := describeEvents(sprints); !strings.Contains(got[1], "TypeError: ctx.log(event): "+tc.want) {
			t.Errorf("%s: got %q\nwant %q", tc.event, got[1], tc.want)
		}
	}
}

// TestSandbox: hook code has nothing of the outside world.
func TestSandbox(t *testing.T) {
	_, _, err := tryLoad(Options{}, `
for (const name of ["require", "fetch", "XMLHttpRequest", "process", "setTimeout", "setInterval", "console", "module", "Deno", "Bun"]) {
  if (typeof globalThis[name] !== "undefined") throw new Error(name + " is defined");
}
// strict mode: an undeclared variable is an error, not a global
let threw = false;
try { undeclared = 1; } catch (e) { threw = e instanceof ReferenceError; }
if (!threw) throw new Error("hook code is not strict");
`)
	if err != nil {
		t.Error(err)
	}
}
