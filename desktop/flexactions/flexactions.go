// Package flexactions lets Flex plugins use Twilio Flex's Actions Framework on the desktop's
// actions: registerAction, invokeAction, addListener("before<Name>" / "after<Name>") with abort,
// replaceAction with original, and removeListener, with the ordering and error rules of package
// actionhooks (the same rules flow hook files follow).
//
// A plugin's listeners run in the plugin's window, so the desktop calls them: the protocol
// registers a stand-in for each in the desktop's actions registry, and the stand-in asks the
// window through a Remote and waits for its answer. A web server's Remote posts the call and
// waits for the page's reply; a test's Remote answers from a script.
//
// The wire format (all JSON objects):
//
//	plugin → desktop  {"type": "flex:request", "id": 3, "method": "addListener", "params": {"event": "beforeWrapupTask", "listener": "L1"}}
//	desktop → plugin  {"type": "flex:response", "id": 3, "result": {...}}  or  {..., "error": {"message": "..."}}
//	desktop → plugin  {"type": "flex:call", "call": 1, "kind": "listener", "ref": "L1", "event": "beforeWrapupTask", "action": "WrapupTask", "payload": {...}}
//	plugin → desktop  {"type": "flex:result", "call": 1, "abort": true, "reason": "...", "error": "...", "payload": {...}}
//
// Methods and their params: registerAction {action, ref} (the action's body is the plugin's
// ref), invokeAction {action, payload}, addListener {event, listener}, removeListener {listener},
// replaceAction {action, replacement}. Listener, replacement and action refs are names the
// plugin's script picks, unique within its window.
package flexactions

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/flowctl/flowctl/actionhooks"
	"github.com/flowctl/flowctl/desktop"
)

// The message types of the wire format.
const (
	Request  = "flex:request"
	Response = "flex:response"
	CallMsg  = "flex:call"
	Result   = "flex:result"
)

// Methods are the Actions Framework's methods a plugin can call.
var Methods = []string{"registerAction", "invokeAction", "addListener", "removeListener", "replaceAction"}

// Call is the desktop asking a plugin window to run one of its functions.
type Call struct {
	Seq int
	// Kind is "listener", "replacement" or "action" (the body of an action the plugin registered).
	Kind   string
	Ref    string
	Event  string // for listeners: "beforeWrapupTask", ...
	Action string
	// Payload is the action's payload as the function sees it.
	Payload map[string]any
	// Original and Next are a replacement's original (the registered action) and next (the
	// replacement before it); they run on the payload given.
	Original func(payload map[string]any) error
	Next     func(payload map[string]any) error
}

// Answer is what the plugin's function did.
type Answer struct {
	// Abort, from a before-listener, cancels the action, with Reason.
	Abort  bool   `json:"abort,omitempty"`
	Reason string `json:"reason,omitempty"`
	Error  string `json:"error,omitempty"`
	// Payload, when set, is the payload as the function left it (Flex listeners change payloads).
	Payload map[string]any `json:"payload,omitempty"`
}

// Remote runs a call in a plugin window and returns its answer.
type Remote interface {
	Call(w *desktop.Window, c *Call) Answer
}

// Protocol is the desktop's side of Flex plugins' Actions Framework.
type Protocol struct {
	remote Remote
	seq    int
	refs   map[string]map[string]actionhooks.ID // window → plugin ref → registration
	gone   map[string]bool                      // windows closed
}

// New returns the protocol; remote runs the plugins' functions.
func New(remote Remote) *Protocol {
	return &Protocol{remote: remote, refs: map[string]map[string]actionhooks.ID{}, gone: map[string]bool{}}
}

// Kind is "flex".
func (p *Protocol) Kind() string { return "flex" }

// Notify does nothing: Flex plugins learn what happens through after-listeners, as in Flex.
func (p *Protocol) Notify(*desktop.Desktop, desktop.Event) {}

// Closed removes a closed window's listeners and replacements.
func (p *Protocol) Closed(d *desktop.Desktop, w *desktop.Window) {
	d.Actions().RemoveOwner(w.ID)
	delete(p.refs, w.ID)
	p.gone[w.ID] = true
}

// Receive handles a request from a Flex plugin window.
func (p *Protocol) Receive(d *desktop.Desktop, w *desktop.Window, msg map[string]any) desktop.Verdict {
	req, v, ok := desktop.ParseRequest(msg, Request, "Flex")
	if !ok {
		return v
	}
	id, method, params := req.ID, req.Method, req.Params
	var result any
	err := errors.New("params must be an object")
	if !req.BadParams {
		result, err = p.call(d, w, method, params)
	}
	resp := map[string]any{"type": Response, "id": id}
	if err != nil {
		resp["error"] = map[string]any{"message": err.Error()}
		d.Send(w, resp)
		return desktop.Reject(method, "%v", err)
	}
	resp["result"] = result
	d.Send(w, resp)
	return desktop.Accept(method)
}

func str(params map[string]any, key string) string { s, _ := params[key].(string); return s }

func (p *Protocol) call(d *desktop.Desktop, w *desktop.Window, method string, params map[string]any) (any, error) {
	reg := d.Actions()
	switch method {
	case "addListener":
		event, ref := str(params, "event"), str(params, "listener")
		if err := p.freeRef(w, ref, "listener"); err != nil {
			return nil, err
		}
		id, err := reg.AddListener(event, w.ID, p.listener(d, w, ref, event))
		if err != nil {
			return nil, err
		}
		p.keep(w, ref, id)
		return map[string]any{"listener": ref}, nil
	case "removeListener":
		ref := str(params, "listener")
		id, ok := p.refs[w.ID][ref]
		if !ok || !reg.Remove(id) {
			return nil, fmt.Errorf("removeListener: no listener %q is registered by this window", ref)
		}
		delete(p.refs[w.ID], ref)
		return map[string]any{"removed": ref}, nil
	case "replaceAction":
		action, ref := str(params, "action"), str(params, "replacement")
		if err := p.freeRef(w, ref, "replacement"); err != nil {
			return nil, err
		}
		id, err := reg.Replace(action, w.ID, p.replacement(d, w, ref, action))
		if err != nil {
			return nil, err
		}
		p.keep(w, ref, id)
		return map[string]any{"replacement": ref}, nil
	case "registerAction":
		action, ref := str(params, "action"), str(params, "ref")
		if ref == "" {
			ref = action
		}
		if err := reg.Register(action, p.action(d, w, ref, action)); err != nil {
			return nil, err
		}
		return map[string]any{"action": action}, nil
	case "invokeAction":
		action := str(params, "action")
		payload, _ := params["payload"].(map[string]any)
		if payload == nil {
			payload = map[string]any{}
		}
		res := d.Invoke(action, w.Plugin.ID, payload)
		out := map[string]any{"done": res.Done(), "aborted": res.Aborted, "payload": payload}
		if res.Aborted {
			out["abortedBy"], out["reason"] = res.AbortedBy, res.AbortReason
		}
		if res.Err != nil {
			out["error"] = res.Err.Error()
		}
		if lerrs := res.ListenerErrorTexts(); lerrs != nil {
			out["listenerErrors"] = lerrs
		}
		return out, nil
	}
	return nil, fmt.Errorf("unknown method %q: want one of %s", method, strings.Join(Methods, ", "))
}

func (p *Protocol) freeRef(w *desktop.Window, ref, what string) error {
	if ref == "" {
		return fmt.Errorf("the %s has no name: give params.%s", what, what)
	}
	if _, used := p.refs[w.ID][ref]; used {
		return fmt.Errorf("%q already names a listener or replacement of this window", ref)
	}
	return nil
}

func (p *Protocol) keep(w *desktop.Window, ref string, id actionhooks.ID) {
	if p.refs[w.ID] == nil {
		p.refs[w.ID] = map[string]actionhooks.ID{}
	}
	p.refs[w.ID][ref] = id
}

// ask makes a call to a window, logging the call out and the answer in, and applies the
// payload the function left.
func (p *Protocol) ask(d *desktop.Desktop, w *desktop.Window, c *Call, payload *desktop.Payload) Answer {
	if p.gone[w.ID] {
		return Answer{Error: fmt.Sprintf("the window %s that registered %s is closed", w.ID, c.Ref)}
	}
	p.seq++
	c.Seq, c.Payload = p.seq, maps.Clone(payload.Data)
	msg := map[string]any{"type": CallMsg, "call": c.Seq, "kind": c.Kind, "ref": c.Ref, "action": c.Action, "payload": c.Payload}
	if c.Event != "" {
		msg["event"] = c.Event
	}
	d.Send(w, msg)
	a := p.remote.Call(w, c)
	in := map[string]any{"type": Result, "call": c.Seq}
	if a.Abort {
		in["abort"], in["reason"] = true, a.Reason
	}
	if a.Error != "" {
		in["error"] = a.Error
	}
	if a.Payload != nil {
		in["payload"] = a.Payload
		payload.Data = a.Payload
	}
	d.Received(w, in, desktop.Accept("result"))
	return a
}

func (p *Protocol) listener(d *desktop.Desktop, w *desktop.Window, ref, event string) actionhooks.Listener[*desktop.Payload] {
	return func(pl *desktop.Payload, abort func(string)) error {
		a := p.ask(d, w, &Call{Kind: "listener", Ref: ref, Event: event, Action: pl.Name}, pl)
		if a.Abort {
			abort(a.Reason)
		}
		if a.Error != "" {
			return errors.New(a.Error)
		}
		return nil
	}
}

func (p *Protocol) replacement(d *desktop.Desktop, w *desktop.Window, ref, action string) actionhooks.Replacement[*desktop.Payload] {
	return func(pl *desktop.Payload, original, next actionhooks.Action[*desktop.Payload]) error {
		with := func(run actionhooks.Action[*desktop.Payload]) func(map[string]any) error {
			return func(data map[string]any) error {
				if data != nil {
					pl.Data = data
				}
				return run(pl)
			}
		}
		a := p.ask(d, w, &Call{Kind: "replacement", Ref: ref, Action: action, Original: with(original), Next: with(next)}, pl)
		if a.Error != "" {
			return errors.New(a.Error)
		}
		return nil
	}
}

func (p *Protocol) action(d *desktop.Desktop, w *desktop.Window, ref, action string) actionhooks.Action[*desktop.Payload] {
	return func(pl *desktop.Payload) error {
		a := p.ask(d, w, &Call{Kind: "action", Ref: ref, Action: action}, pl)
		if a.Error != "" {
			return errors.New(a.Error)
		}
		return nil
	}
}

// Script is a Remote for tests and timelines: each plugin's functions answer as written, by the
// plugin's id and the function's ref. A ref with no entry does nothing (a replacement calls
// original). A replacement's step "original" or "next" runs that, on the payload with Set applied.
type Script map[string]map[string]Scripted

// Scripted is how one plugin function behaves.
type Scripted struct {
	Abort  string         `json:"abort,omitempty"`  // abort with this reason (before-listeners)
	Error  string         `json:"error,omitempty"`  // fail with this error
	Set    map[string]any `json:"set,omitempty"`    // keys to set on the payload first
	Call   string         `json:"call,omitempty"`   // replacements: "original", "next" or "none"
	Aborts bool           `json:"aborts,omitempty"` // abort with no reason
}

// Call runs the scripted behaviour of a call.
func (s Script) Call(w *desktop.Window, c *Call) Answer {
	sc, ok := s[w.Plugin.ID][c.Ref]
	payload := c.Payload
	if len(sc.Set) > 0 {
		payload = maps.Clone(c.Payload)
		keys := slices.Sorted(maps.Keys(sc.Set))
		for _, k := range keys {
			payload[k] = sc.Set[k]
		}
	}
	a := Answer{Abort: sc.Abort != "" || sc.Aborts, Reason: sc.Abort, Error: sc.Error}
	if len(sc.Set) > 0 {
		a.Payload = payload
	}
	if c.Kind == "replacement" {
		step := sc.Call
		if !ok || step == "" {
			step = "original"
		}
		var err error
		switch step {
		case "original":
			err = c.Original(payload)
		case "next":
			err = c.Next(payload)
		}
		if err != nil && a.Error == "" {
			a.Error = err.Error()
		}
		a.Payload = nil // the payload went to original/next already
	}
	return a
}
