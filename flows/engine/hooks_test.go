package engine

import (
	"errors"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/flowctl/flowctl/actions"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/read"
	"github.com/flowctl/flowctl/flows/runtime"
)

// must fails the test when a registration fails.
func must(t testing.TB) func(*Listener, error) *Listener {
	return func(l *Listener, err error) *Listener {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
}

// tracer records what hooks did, in order.
type tracer struct{ trace []string }

func (tr *tracer) add(s string) { tr.trace = append(tr.trace, s) }

func (tr *tracer) before(name string, err error) BeforeFunc {
	return func(_ runtime.Run, a flows.Action, _ runtime.Logger) error {
		tr.add(name + " " + a.Type())
		return err
	}
}

func (tr *tracer) after(name string, err error) AfterFunc {
	return func(_ runtime.Run, a flows.Action, evs []runtime.Event, _ runtime.Logger) error {
		tr.add(name + " " + a.Type() + " " + typesOf(evs))
		return err
	}
}

func typesOf(evs []runtime.Event) string {
	var out []string
	for _, e := range evs {
		out = append(out, e.Type())
	}
	return strings.Join(out, ",")
}

// errorTexts are the texts of a sprint's error events.
func errorTexts(sp *Sprint) []string {
	var out []string
	for _, e := range sp.Events {
		if ev, ok := e.(*runtime.Error); ok {
			out = append(out, ev.Text)
		}
	}
	return out
}

// TestHookOrder checks the documented order: before-listeners in registration order (typed and
// AllActions interleaved as registered), then the execution (the newest replacement first), then
// after-listeners in registration order with the action's events.
func TestHookOrder(t *testing.T) {
	tr := &tracer{}
	h := NewHooks()
	must(t)(h.Before("send_msg", tr.before("before1", nil)))
	must(t)(h.Before(AllActions, tr.before("before*", nil)))
	must(t)(h.After(AllActions, tr.after("after*", nil)))
	must(t)(h.Replace("send_msg", func(r runtime.Run, a flows.Action, log runtime.Logger, orig, next ExecuteFunc) error {
		tr.add("replace1")
		return next(r, a, log)
	}))
	must(t)(h.Replace("send_msg", func(r runtime.Run, a flows.Action, log runtime.Logger, orig, next ExecuteFunc) error {
		tr.add("replace2")
		log(runtime.NewWarning("test", "added by a replacement"))
		return next(r, a, log)
	}))
	must(t)(h.After("send_msg", tr.after("after1", nil)))
	simulate(t, loadFlows(t, "survey.json"), surveyUUID, nil, nil, h)
	want := []string{
		"before1 send_msg", "before* send_msg", "replace2", "replace1",
		"after* send_msg warning,msg_created", "after1 send_msg warning,msg_created",
	}
	if !reflect.DeepEqual(tr.trace, want) {
		t.Errorf("trace\n got %q\nwant %q", tr.trace, want)
	}
}

// TestHookAbort: an abort logs an error event naming the hook; later before-listeners, the
// action and its after-listeners don't run; the run goes on.
func TestHookAbort(t *testing.T) {
	tr := &tracer{}
	h := NewHooks()
	must(t)(h.Before("send_msg", tr.before("abort", Abort("too long for SMS")), Owner("policing.js:3:1")))
	must(t)(h.Before("send_msg", tr.before("never", nil)))
	must(t)(h.After("send_msg", tr.after("after", nil)))
	s, sprints := simulate(t, loadFlows(t, "survey.json"), surveyUUID, nil, nil, h)
	if !reflect.DeepEqual(tr.trace, []string{"abort send_msg"}) {
		t.Errorf("trace %q: an abort skips later before-listeners, the action and its after-listeners", tr.trace)
	}
	if got, want := eventTypes(sprints[0]), []string{"run_started", "error", "msg_wait"}; !reflect.DeepEqual(got, want) {
		t.Errorf("events %v, want %v", got, want)
	}
	ev := sprints[0].Events[1].(*runtime.Error)
	want := "send_msg action b0000000-0000-4000-8000-000000000001 was aborted by beforeSendMsg listener of policing.js:3:1: too long for SMS"
	if ev.Text != want || ev.Code != "hook:aborted" || ev.Extra["hook"] != "policing.js:3:1" {
		t.Errorf("abort event %+v\nwant text %q, code hook:aborted", ev, want)
	}
	if s.Status != SessionWaiting {
		t.Errorf("status %s", s.Status)
	}
}

// TestHookAbortKeepsNode: an abort skips one action only; the node's later actions run.
func TestHookAbortKeepsNode(t *testing.T) {
	h := NewHooks()
	var after []string
	must(t)(h.Before("set_contact_name", func(runtime.Run, flows.Action, runtime.Logger) error { return Abort("") }))
	must(t)(h.After(AllActions, func(_ runtime.Run, a flows.Action, _ []runtime.Event, _ runtime.Logger) error {
		after = append(after, a.Type())
		return nil
	}))
	s, sprints := simulate(t, loadFlows(t, "survey.json"), surveyUUID, []string{"Bob Smith"}, nil, h)
	for _, e := range sprints[1].Events {
		if e.Type() == "contact_name_changed" {
			t.Errorf("the aborted set_contact_name logged %s", e.Type())
		}
	}
	if s.Contact.Name == "Bob Smith" {
		t.Error("the aborted action changed the contact's name")
	}
	if strings.Contains(strings.Join(after, ","), "set_contact_name") || !strings.Contains(strings.Join(after, ","), "enter_flow") {
		t.Errorf("after-listeners ran for %v: want the node's later actions (enter_flow) and not the aborted one", after)
	}
	if len(s.Runs) != 2 {
		t.Errorf("%d runs: the enter_flow after the aborted action should have started the child", len(s.Runs))
	}
}

// TestListenerErrors: a listener's error is reported as an error event and cancels nothing: the
// action runs, later listeners run.
func TestListenerErrors(t *testing.T) {
	tr := &tracer{}
	h := NewHooks()
	must(t)(h.Before("send_msg", tr.before("before-fails", errors.New("boom")), Owner("b.js:1:1")))
	must(t)(h.Before("send_msg", tr.before("before-ok", nil)))
	must(t)(h.After("send_msg", tr.after("after-fails", errors.New("bang")), Owner("a.js:2:2")))
	must(t)(h.After("send_msg", tr.after("after-ok", nil)))
	_, sprints := simulate(t, loadFlows(t, "survey.json"), surveyUUID, nil, nil, h)
	want := []string{"before-fails send_msg", "before-ok send_msg", "after-fails send_msg msg_created", "after-ok send_msg msg_created"}
	if !reflect.DeepEqual(tr.trace, want) {
		t.Errorf("trace\n got %q\nwant %q", tr.trace, want)
	}
	if got, want := eventTypes(sprints[0]), []string{"run_started", "error", "msg_created", "error", "msg_wait"}; !reflect.DeepEqual(got, want) {
		t.Errorf("events %v, want %v: the before error, the message, the after error", got, want)
	}
	wantErrs := []string{
		"beforeSendMsg listener of b.js:1:1 failed on send_msg action b0000000-0000-4000-8000-000000000001: boom",
		"afterSendMsg listener of a.js:2:2 failed on send_msg action b0000000-0000-4000-8000-000000000001: bang",
	}
	if got := errorTexts(sprints[0]); !reflect.DeepEqual(got, wantErrs) {
		t.Errorf("errors\n got %q\nwant %q", got, wantErrs)
	}
}

// TestBodyErrorStopsAfterListeners: an error from the execution fails the session and its
// after-listeners don't run.
func TestBodyErrorStopsAfterListeners(t *testing.T) {
	tr := &tracer{}
	h := NewHooks()
	must(t)(h.Replace("send_msg", func(runtime.Run, flows.Action, runtime.Logger, ExecuteFunc, ExecuteFunc) error {
		return errors.New("gateway refused the message")
	}))
	must(t)(h.After("send_msg", tr.after("after", nil)))
	s, sprints := simulate(t, loadFlows(t, "survey.json"), surveyUUID, nil, nil, h)
	if s.Status != SessionFailed {
		t.Fatalf("status %s", s.Status)
	}
	if len(tr.trace) != 0 {
		t.Errorf("after-listeners ran after a failed execution: %q", tr.trace)
	}
	f, ok := sprints[0].Events[1].(*runtime.Failure)
	if !ok || f.Text != "gateway refused the message" {
		t.Errorf("event %+v, want the replacement's error as a failure", sprints[0].Events[1])
	}
}

// TestReplacementChain: the newest replacement runs first; next is the one registered before it
// (the oldest's next is the built-in); original is always the built-in.
func TestReplacementChain(t *testing.T) {
	for _, tc := range []struct {
		name string
		// how the newest replacement goes on: "next" or "original"
		newest string
		want   []string
		texts  []string
	}{
		{"next walks the chain", "next", []string{"r3", "r2", "r1"}, []string{"[r1][r2]What is your name?"}},
		{"original skips the chain", "original", []string{"r3"}, []string{"What is your name?"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var trace []string
			h := NewHooks()
			// each replacement prefixes the message through the action it passes on
			prefixing := func(name string) ReplaceFunc {
				return func(r runtime.Run, a flows.Action, log runtime.Logger, orig, next ExecuteFunc) error {
					trace = append(trace, name)
					m := *a.(*actions.SendMsg)
					m.Text = "[" + name + "]" + m.Text
					return next(r, &m, log)
				}
			}
			must(t)(h.Replace("send_msg", prefixing("r1")))
			must(t)(h.Replace("send_msg", prefixing("r2")))
			must(t)(h.Replace("send_msg", func(r runtime.Run, a flows.Action, log runtime.Logger, orig, next ExecuteFunc) error {
				trace = append(trace, "r3")
				if tc.newest == "original" {
					return orig(r, a, log)
				}
				return next(r, a, log)
			}))
			_, sprints := simulate(t, loadFlows(t, "survey.json"), surveyUUID, nil, nil, h)
			if !reflect.DeepEqual(trace, tc.want) {
				t.Errorf("trace %q, want %q", trace, tc.want)
			}
			if got := texts(sprints[0]); !reflect.DeepEqual(got, tc.texts) {
				t.Errorf("texts %q, want %q", got, tc.texts)
			}
		})
	}
}

// TestRemoveListener: a removed listener or replacement no longer runs; removal during an action
// takes effect from the next one.
func TestRemoveListener(t *testing.T) {
	tr := &tracer{}
	h := NewHooks()
	gone := must(t)(h.Before(AllActions, tr.before("gone", nil)))
	must(t)(h.Before(AllActions, tr.before("kept", nil)))
	var self *Listener
	self = must(t)(h.After(AllActions, func(_ runtime.Run, a flows.Action, _ []runtime.Event, _ runtime.Logger) error {
		tr.add("once " + a.Type())
		h.Remove(self)
		return nil
	}))
	must(t)(h.After(AllActions, tr.after("after", nil)))
	rep := must(t)(h.Replace("send_msg", func(runtime.Run, flows.Action, runtime.Logger, ExecuteFunc, ExecuteFunc) error {
		t.Error("a removed replacement ran")
		return nil
	}))
	if !h.Remove(gone) || !h.Remove(rep) {
		t.Fatal("Remove reported a registered listener as unknown")
	}
	if h.Remove(gone) {
		t.Error("Remove reported a listener removed twice as registered")
	}
	_, sprints := simulate(t, loadFlows(t, "survey.json"), surveyUUID, []string{"Bob Smith"}, nil, h)
	want := []string{
		"kept send_msg", "once send_msg", "after send_msg msg_created",
		"kept set_contact_name", "after set_contact_name contact_name_changed",
	}
	if len(tr.trace) < len(want) || !reflect.DeepEqual(tr.trace[:len(want)], want) {
		t.Errorf("trace\n got %q\nwant it to start %q", tr.trace, want)
	}
	if got := texts(sprints[0]); !reflect.DeepEqual(got, []string{"What is your name?"}) {
		t.Errorf("texts %q: the removed replacement must not replace send_msg", got)
	}
}

// TestListenerLogs: listeners log events in the run through their logger.
func TestListenerLogs(t *testing.T) {
	h := NewHooks()
	must(t)(h.Before("send_msg", func(_ runtime.Run, _ flows.Action, log runtime.Logger) error {
		log(runtime.NewWarning("policy", "checked"))
		return nil
	}))
	_, sprints := simulate(t, loadFlows(t, "survey.json"), surveyUUID, nil, nil, h)
	if got, want := eventTypes(sprints[0]), []string{"run_started", "warning", "msg_created", "msg_wait"}; !reflect.DeepEqual(got, want) {
		t.Errorf("events %v, want %v", got, want)
	}
}

func TestPanickingActionFailsSession(t *testing.T) {
	h := NewHooks()
	must(t)(h.Replace("send_msg", func(runtime.Run, flows.Action, runtime.Logger, ExecuteFunc, ExecuteFunc) error {
		panic("a bug in embedding code")
	}))
	s, sprints := simulate(t, loadFlows(t, "survey.json"), surveyUUID, nil, nil, h)
	if s.Status != SessionFailed {
		t.Fatalf("status %s, want failed", s.Status)
	}
	f, ok := sprints[0].Events[1].(*runtime.Failure)
	if !ok || !strings.HasPrefix(f.Text, "action b0000000-0000-4000-8000-000000000001 of type send_msg failed: ") {
		t.Errorf("event %+v", sprints[0].Events[1])
	}
}

// shout is a custom action type written in Go: it runs without any Execute of the actions
// package.
type shout struct {
	Type_ string `json:"type"`
	UUID_ string `json:"uuid"`
	Text  string `json:"text"`
}

func (s *shout) Type() string                       { return s.Type_ }
func (s *shout) UUID() string                       { return s.UUID_ }
func (s *shout) AllowedFlowTypes() []flows.FlowType { return flows.AllFlowTypes }
func (s *shout) Execute(run runtime.Run, log runtime.Logger) error {
	text, _ := run.EvaluateTemplate(s.Text, log)
	log(runtime.NewMsgCreated(runtime.MsgOut{Text: strings.ToUpper(text)}))
	return nil
}

func TestCustomActionType(t *testing.T) {
	assets := loadFlows(t, "survey.json")
	// put a custom action at the start of the first node
	node := assets.Flows[0].Nodes[0]
	saved := node.Actions
	defer func() { node.Actions = saved }()
	node.Actions = append([]flows.Action{&shout{Type_: "shout", UUID_: "5e000000-0000-4000-8000-000000000001", Text: "hi @contact.first_name"}}, saved...)
	_, sprints := simulate(t, assets, surveyUUID, nil, nil, nil)
	if got := texts(sprints[0]); !reflect.DeepEqual(got, []string{"HI BEN", "What is your name?"}) {
		t.Errorf("texts %q", got)
	}
}

var registerShout sync.Once

// TestCustomActionTypeFromFile registers a custom action type by name, so that the reader
// decodes it from a flow file and the engine runs it.
func TestCustomActionTypeFromFile(t *testing.T) {
	registerShout.Do(func() {
		actions.RegisterType("x_shout", func() flows.Action { return &shout{Type_: "x_shout"} })
	})
	src := `{"flows": [{"uuid": "a4000000-0000-4000-8000-000000000001", "name": "Loud", "spec_version": "14.1.0", "language": "eng",
		"type": "messaging", "nodes": [{"uuid": "94000000-0000-4000-8000-000000000001",
		"actions": [{"uuid": "b4000000-0000-4000-8000-000000000001", "type": "x_shout", "text": "hello @contact.first_name"}],
		"exits": [{"uuid": "e4000000-0000-4000-8000-000000000001"}]}]}]}`
	doc := read.Read("loud.json", []byte(src))
	assets := read.LoadAssets(doc)
	if len(doc.Flows) != 1 || len(doc.Flows[0].Nodes[0].Actions) != 1 {
		t.Fatalf("the reader didn't decode the custom action: %+v", doc.Findings)
	}
	_, sprints := simulate(t, assets, "a4000000-0000-4000-8000-000000000001", nil, nil, nil)
	if got := texts(sprints[0]); !reflect.DeepEqual(got, []string{"HELLO BEN"}) {
		t.Errorf("texts %q", got)
	}
}

// customFlow is a flow with one action of type x_greet, which a dialect declares.
const customFlow = `{"flows": [{"uuid": "a5000000-0000-4000-8000-000000000001", "name": "Greet", "spec_version": "14.1.0", "language": "eng",
	"type": "messaging", "nodes": [{"uuid": "95000000-0000-4000-8000-000000000001",
	"actions": [{"uuid": "b5000000-0000-4000-8000-000000000001", "type": "x_greet", "greeting": "Hello"},
	            {"uuid": "b5000000-0000-4000-8000-000000000002", "type": "send_msg", "text": "after"}],
	"exits": [{"uuid": "e5000000-0000-4000-8000-000000000001"}]}]}]}`

// TestRegisterAction: a custom type registered on the hooks is decoded by the reader given the
// hooks' dialect, runs its registered execution, and goes through listeners like any action.
func TestRegisterAction(t *testing.T) {
	def, err := actions.NewCustomType("x_greet", []byte(`{"type": "object", "required": ["greeting"]}`), "greet.js:1:1")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		execute ExecuteFunc
		texts   []string
		errors  []string
	}{
		{"with execute", func(r runtime.Run, a flows.Action, log runtime.Logger) error {
			c := a.(*actions.Custom)
			log(runtime.NewMsgCreated(runtime.MsgOut{Text: c.Fields["greeting"].(string) + " " + r.Contact().Name}))
			return nil
		}, []string{"Hello Ben Haggerty", "after"}, nil},
		{"validation only", nil, []string{"after"}, []string{
			"action b5000000-0000-4000-8000-000000000001 of custom type x_greet was skipped: it was registered without an execute (at greet.js:1:1)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := NewHooks()
			if err := h.RegisterAction(def, tc.execute); err != nil {
				t.Fatal(err)
			}
			var seen []string
			must(t)(h.Before("x_greet", func(_ runtime.Run, a flows.Action, _ runtime.Logger) error {
				seen = append(seen, a.Type())
				return nil
			}))
			doc := read.ReadWith("greet.json", []byte(customFlow), read.Options{Dialect: h.Dialect()})
			for _, f := range doc.Findings {
				t.Errorf("finding %s: %s", f.Code, f.Message)
			}
			_, sprints := simulate(t, read.LoadAssets(doc), "a5000000-0000-4000-8000-000000000001", nil, nil, h)
			if got := texts(sprints[0]); !reflect.DeepEqual(got, tc.texts) {
				t.Errorf("texts %q, want %q", got, tc.texts)
			}
			if got := errorTexts(sprints[0]); !reflect.DeepEqual(got, tc.errors) {
				t.Errorf("errors %q, want %q", got, tc.errors)
			}
			if !reflect.DeepEqual(seen, []string{"x_greet"}) {
				t.Errorf("before-listeners of the custom type saw %q", seen)
			}
		})
	}
	if err := NewHooks().RegisterAction(def, nil); err != nil {
		t.Fatal(err)
	}
	h := NewHooks()
	_ = h.RegisterAction(def, nil)
	if err := h.RegisterAction(def, nil); err == nil || !strings.Contains(err.Error(), "already registered at greet.js:1:1") {
		t.Errorf("registering twice: %v", err)
	}
}

// TestInvokeAction: an action invoked from a replacement runs through the listeners and logs in
// the run; invoking without end is stopped.
func TestInvokeAction(t *testing.T) {
	h := NewHooks()
	var seen []string
	must(t)(h.Before(AllActions, func(_ runtime.Run, a flows.Action, _ runtime.Logger) error {
		seen = append(seen, a.Type())
		return nil
	}))
	name := mustDecode(t, `{"type": "set_contact_name", "uuid": "b6000000-0000-4000-8000-000000000001", "name": "Ann"}`)
	must(t)(h.Replace("send_msg", func(r runtime.Run, a flows.Action, log runtime.Logger, orig, next ExecuteFunc) error {
		if err := orig(r, a, log); err != nil {
			return err
		}
		return InvokeAction(r, name)
	}))
	s, sprints := simulate(t, loadFlows(t, "survey.json"), surveyUUID, nil, nil, h)
	if got, want := eventTypes(sprints[0]), []string{"run_started", "msg_created", "contact_name_changed", "msg_wait"}; !reflect.DeepEqual(got, want) {
		t.Errorf("events %v, want %v", got, want)
	}
	if s.Contact.Name != "Ann" {
		t.Errorf("contact name %q: the invoked action should have changed it", s.Contact.Name)
	}
	if !reflect.DeepEqual(seen, []string{"send_msg", "set_contact_name"}) {
		t.Errorf("before-listeners saw %q, want the invoked action too", seen)
	}

	loop := NewHooks()
	must(t)(loop.Replace("send_msg", func(r runtime.Run, a flows.Action, log runtime.Logger, orig, next ExecuteFunc) error {
		return InvokeAction(r, a)
	}))
	s, sprints = simulate(t, loadFlows(t, "survey.json"), surveyUUID, nil, nil, loop)
	f, ok := sprints[0].Events[len(sprints[0].Events)-2].(*runtime.Failure)
	if s.Status != SessionFailed || !ok || !strings.Contains(f.Text, "actions invoking actions went 20 deep") {
		t.Errorf("status %s, events %v: an endless invocation should fail the session", s.Status, eventTypes(sprints[0]))
	}
}

func mustDecode(t *testing.T, src string) flows.Action {
	t.Helper()
	doc := read.Read("a.json", []byte(`{"uuid": "a7000000-0000-4000-8000-000000000001", "name": "x", "spec_version": "14.1.0", "nodes": [{"uuid": "97000000-0000-4000-8000-000000000001", "actions": [`+src+`], "exits": [{"uuid": "e7000000-0000-4000-8000-000000000001"}]}]}`))
	if len(doc.Flows) != 1 || len(doc.Flows[0].Nodes[0].Actions) != 1 {
		t.Fatalf("can't decode %s: %+v", src, doc.Findings)
	}
	return doc.Flows[0].Nodes[0].Actions[0]
}

// fixture answers every request with a body computed from it.
type fixture struct{ seen []string }

func (f *fixture) Do(req *runtime.HTTPRequest) (int, http.Header, []byte, error) {
	f.seen = append(f.seen, req.Method+" "+req.URL)
	return 200, http.Header{"Content-Type": {"application/json"}}, []byte(`{"echo": "` + req.URL + `"}`), nil
}

// TestWithHTTP: a replacement answers call_webhook's request from Go code through the built-in
// behaviour, which logs the call and saves the result as with a real answer.
func TestWithHTTP(t *testing.T) {
	h := NewHooks()
	fx := &fixture{}
	must(t)(h.Replace("call_webhook", func(r runtime.Run, a flows.Action, log runtime.Logger, orig, next ExecuteFunc) error {
		return orig(WithHTTP(r, fx), a, log)
	}))
	s, sprints := simulate(t, loadFlows(t, "survey.json"), surveyUUID, []string{"Bob Smith"}, nil, h)
	if !reflect.DeepEqual(fx.seen, []string{"GET http://example.com/check?name=Bob%20Smith"}) {
		t.Errorf("fixture saw %q", fx.seen)
	}
	var called *runtime.WebhookCalled
	for _, e := range sprints[1].Events {
		if w, ok := e.(*runtime.WebhookCalled); ok {
			called = w
		}
	}
	if called == nil || called.Status != "success" || called.StatusCode != 200 || !strings.Contains(called.Response, `"echo": "http://example.com/check?name=Bob%20Smith"`) {
		t.Fatalf("webhook_called %+v", called)
	}
	if r := s.Runs[0].Results["check"]; r == nil || r.Category != "Success" {
		t.Errorf("result %+v, want the Success category", r)
	}
}

// TestRegistrationNames: listeners are registered on Flex's names of action types; an unknown
// type or event is refused with the nearest known one.
func TestRegistrationNames(t *testing.T) {
	for typ, want := range map[string]string{"send_msg": "SendMsg", "call_llm": "CallLlm", "add_contact_urn": "AddContactUrn", AllActions: "Any"} {
		if got := FlexName(typ); got != want {
			t.Errorf("FlexName(%s) = %s, want %s", typ, got, want)
		}
	}
	h := NewHooks()
	_, err := h.Before("send_mgs", func(runtime.Run, flows.Action, runtime.Logger) error { return nil })
	if err == nil || !strings.Contains(err.Error(), `did you mean "beforeSendMsg"?`) {
		t.Errorf("unknown type: %v", err)
	}
	_, err = h.Replace("x_greet", func(runtime.Run, flows.Action, runtime.Logger, ExecuteFunc, ExecuteFunc) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "can't replace unknown action XGreet") {
		t.Errorf("replacing an unregistered custom type: %v", err)
	}
	for event, want := range map[string]string{"beforeSendMsg": "before send_msg", "afterAny": "after *", "afterSetContactField": "after set_contact_field"} {
		before, typ, err := h.ParseEvent(event)
		got := map[bool]string{true: "before", false: "after"}[before] + " " + typ
		if err != nil || got != want {
			t.Errorf("ParseEvent(%s) = %s, %v; want %s", event, got, err, want)
		}
	}
	if _, _, err := h.ParseEvent("beforeSendMgs"); err == nil || !strings.Contains(err.Error(), `did you mean "beforeSendMsg"?`) {
		t.Errorf("ParseEvent(beforeSendMgs): %v", err)
	}
	l := must(t)(h.Before("send_msg", func(runtime.Run, flows.Action, runtime.Logger) error { return nil }))
	if !strings.HasPrefix(l.Owner(), "hooks_test.go:") {
		t.Errorf("a Go listener's owner is %q, want the file and line that registered it", l.Owner())
	}
}
