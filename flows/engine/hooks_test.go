package engine

import (
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/flowctl/flowctl/actions"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/read"
	"github.com/flowctl/flowctl/flows/runtime"
)

// TestHookOrder checks the documented order: before-listeners in registration order (typed
// and AllActions interleaved as registered), then the execution (the last replacement wrapping
// earlier ones), then after-listeners in registration order with the action's events.
func TestHookOrder(t *testing.T) {
	var trace []string
	h := NewHooks()
	h.Before("send_msg", func(_ runtime.Run, a flows.Action) bool { trace = append(trace, "before1 "+a.Type()); return false })
	h.Before(AllActions, func(_ runtime.Run, a flows.Action) bool { trace = append(trace, "before* "+a.Type()); return false })
	h.After(AllActions, func(_ runtime.Run, a flows.Action, evs []runtime.Event) {
		trace = append(trace, "after* "+a.Type()+" "+typesOf(evs))
	})
	h.Replace("send_msg", func(r runtime.Run, a flows.Action, log runtime.Logger, orig ExecuteFunc) error {
		trace = append(trace, "replace1")
		return orig(r, a, log)
	})
	h.Replace("send_msg", func(r runtime.Run, a flows.Action, log runtime.Logger, orig ExecuteFunc) error {
		trace = append(trace, "replace2")
		log(runtime.NewWarning("test", "added by a replacement"))
		return orig(r, a, log)
	})
	h.After("send_msg", func(_ runtime.Run, a flows.Action, evs []runtime.Event) {
		trace = append(trace, "after1 "+typesOf(evs))
	})
	simulate(t, loadFlows(t, "survey.json"), surveyUUID, nil, nil, h)
	want := []string{
		"before1 send_msg", "before* send_msg", "replace2", "replace1",
		"after* send_msg warning,msg_created", "after1 warning,msg_created",
	}
	if !reflect.DeepEqual(trace, want) {
		t.Errorf("trace\n got %q\nwant %q", trace, want)
	}
}

func typesOf(evs []runtime.Event) string {
	var out []string
	for _, e := range evs {
		out = append(out, e.Type())
	}
	return strings.Join(out, ",")
}

func TestHookAbort(t *testing.T) {
	var trace []string
	h := NewHooks()
	h.Before("send_msg", func(_ runtime.Run, _ flows.Action) bool { trace = append(trace, "abort"); return true })
	h.Before("send_msg", func(_ runtime.Run, _ flows.Action) bool { trace = append(trace, "never"); return false })
	h.After("send_msg", func(_ runtime.Run, _ flows.Action, _ []runtime.Event) { trace = append(trace, "after") })
	s, sprints := simulate(t, loadFlows(t, "survey.json"), surveyUUID, nil, nil, h)
	if !reflect.DeepEqual(trace, []string{"abort"}) {
		t.Errorf("trace %q: an abort skips later before-listeners, the action and its after-listeners", trace)
	}
	// the run goes on to the wait without the message
	if got, want := eventTypes(sprints[0]), []string{"run_started", "msg_wait"}; !reflect.DeepEqual(got, want) {
		t.Errorf("events %v, want %v", got, want)
	}
	if s.Status != SessionWaiting {
		t.Errorf("status %s", s.Status)
	}
}

func TestReplacementErrorFailsSession(t *testing.T) {
	h := NewHooks()
	h.Replace("send_msg", func(runtime.Run, flows.Action, runtime.Logger, ExecuteFunc) error {
		return errors.New("gateway refused the message")
	})
	s, sprints := simulate(t, loadFlows(t, "survey.json"), surveyUUID, nil, nil, h)
	if s.Status != SessionFailed {
		t.Fatalf("status %s", s.Status)
	}
	f, ok := sprints[0].Events[1].(*runtime.Failure)
	if !ok || f.Text != "gateway refused the message" {
		t.Errorf("event %+v, want the replacement's error as a failure", sprints[0].Events[1])
	}
}

// shout is a custom action type: it runs without any Execute of the actions package.
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

func TestPanickingActionFailsSession(t *testing.T) {
	h := NewHooks()
	h.Replace("send_msg", func(runtime.Run, flows.Action, runtime.Logger, ExecuteFunc) error {
		panic("a bug in embedding code")
	})
	s, sprints := simulate(t, loadFlows(t, "survey.json"), surveyUUID, nil, nil, h)
	if s.Status != SessionFailed {
		t.Fatalf("status %s, want failed", s.Status)
	}
	f, ok := sprints[0].Events[1].(*runtime.Failure)
	if !ok || !strings.HasPrefix(f.Text, "action b0000000-0000-4000-8000-000000000001 of type send_msg failed: ") {
		t.Errorf("event %+v", sprints[0].Events[1])
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

// TestHookAbortKeepsNode: an abort skips one action only; the node's later actions run.
func TestHookAbortKeepsNode(t *testing.T) {
	h := NewHooks()
	var after []string
	h.Before("set_contact_name", func(_ runtime.Run, _ flows.Action) bool { return true })
	h.After(AllActions, func(_ runtime.Run, a flows.Action, _ []runtime.Event) { after = append(after, a.Type()) })
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
