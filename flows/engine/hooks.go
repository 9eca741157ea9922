package engine

import (
	"errors"
	"fmt"
	"path/filepath"
	goruntime "runtime"
	"slices"
	"strings"
	"unicode"

	"github.com/flowctl/flowctl/actionhooks"
	"github.com/flowctl/flowctl/actions"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
)

// AllActions registers a listener for every action type.
const AllActions = "*"

// BeforeFunc runs before an action executes. Returning an error made by Abort cancels the action;
// any other error is reported and the action runs anyway. log logs events in the run.
type BeforeFunc func(run runtime.Run, action flows.Action, log runtime.Logger) error

// AfterFunc runs after an action executed, with the events it logged. An error is reported.
type AfterFunc func(run runtime.Run, action flows.Action, events []runtime.Event, log runtime.Logger) error

// ExecuteFunc executes an action, logging its events. An error fails the session (a
// *runtime.FailError's text is the failure's text word for word).
type ExecuteFunc func(run runtime.Run, action flows.Action, log runtime.Logger) error

// ReplaceFunc executes an action in place of its own behaviour. original is the built-in
// behaviour (a custom type's registered execution); next is the replacement registered before
// this one, or original when there is none. Either may be called, with another action of the
// same type or another run (see WithHTTP), or neither.
type ReplaceFunc func(run runtime.Run, action flows.Action, log runtime.Logger, original, next ExecuteFunc) error

// AbortError is what a before-listener returns to cancel an action.
type AbortError struct{ Reason string }

func (e *AbortError) Error() string {
	if e.Reason == "" {
		return "aborted"
	}
	return e.Reason
}

// Abort returns the error a before-listener returns to cancel the action; the reason goes into
// the error event that reports it.
func Abort(reason string) error { return &AbortError{Reason: reason} }

// Listener is one registration (a listener or a replacement), for Remove.
type Listener struct {
	id    actionhooks.ID
	owner string
}

// Owner is who registered the listener, as error events name it.
func (l *Listener) Owner() string { return l.owner }

// Option changes a registration.
type Option func(*registration)

type registration struct{ owner string }

// Owner names who registers a listener, for the error events that report it (a hooks file's
// path:line:col). By default it is the Go file and line that registered it.
func Owner(name string) Option { return func(r *registration) { r.owner = name } }

func options(opts []Option) registration {
	r := registration{}
	for _, o := range opts {
		o(&r)
	}
	if r.owner == "" {
		// the caller of Before, After or Replace
		if _, file, line, ok := goruntime.Caller(2); ok {
			r.owner = fmt.Sprintf("%s:%d", filepath.Base(file), line)
		}
	}
	return r
}

// call is what the registry passes along an action's listeners and replacements.
type call struct {
	run    runtime.Run
	action flows.Action
	log    runtime.Logger
	sp     *Sprint
	// first is where the action's events start in the sprint; events is the copy the
	// after-listeners get, made when the first of them runs
	first    int
	events   []runtime.Event
	snapshot bool
}

// actionStarts notes that what is logged from now on is the action's (and not its
// before-listeners').
func (c *call) actionStarts() {
	if !c.snapshot {
		c.first = len(c.sp.Events)
	}
}

// with is the call for another run, action and logger, for replacements passing them on.
func (c *call) with(run runtime.Run, action flows.Action, log runtime.Logger) *call {
	return &call{run: run, action: action, log: log, sp: c.sp, first: c.first}
}

// customAction is a registered custom action type.
type customAction struct {
	def     *actions.CustomType
	execute ExecuteFunc
}

// Hooks are the listeners, replacements and custom action types an embedding program
// registers. A Hooks may be shared by engines run one after another, not at once.
//
// They are the project's one implementation of Twilio Flex's Actions Framework
// (package actionhooks) applied to flow actions, each action type being an action named in
// Flex's casing (send_msg is SendMsg, so its listeners are beforeSendMsg and afterSendMsg):
//
//   - before-listeners run in registration order (typed and AllActions ones interleaved as
//     registered); one that returns Abort cancels the action: an error event names it, later
//     before-listeners, the action and its after-listeners don't run, and the run goes on
//     with the next action;
//   - a listener that returns any other error (a JavaScript one that throws) is reported as an
//     error event where it failed and changes nothing else: the action still runs;
//   - the action runs through its replacements, the newest first; each gets the built-in
//     behaviour (original) and the replacement registered before it (next);
//   - an error from the action's execution fails the session, so its after-listeners don't run;
//   - after-listeners run in registration order with the events the action logged; their
//     errors are reported only.
//
// Listeners added or removed while an action runs take effect from the next action.
type Hooks struct {
	reg     *actionhooks.Registry[*call]
	custom  map[string]*customAction
	dialect actions.Dialect
}

// FlexName is an action type's name in Flex's casing: send_msg is SendMsg.
func FlexName(actionType string) string {
	if actionType == AllActions {
		return actionhooks.Any
	}
	var b strings.Builder
	upper := true
	for _, r := range actionType {
		switch {
		case r == '_':
			upper = true
		case upper:
			b.WriteRune(unicode.ToUpper(r))
			upper = false
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// NewHooks returns a set of hooks with no listeners, knowing every built-in action type.
func NewHooks() *Hooks {
	h := &Hooks{reg: actionhooks.New[*call](), custom: map[string]*customAction{}}
	for _, t := range actions.Types() {
		h.register(t, nil)
	}
	h.reg.OnListenerError = func(c *call, e actionhooks.ListenerError) {
		c.log(runtime.NewCodedError("hook:failed", fmt.Sprintf("%s listener of %s failed on %s action %s: %v", e.Event, e.Owner, c.action.Type(), c.action.UUID(), e.Err),
			map[string]string{"hook": e.Owner, "action": c.action.Type()}))
		c.actionStarts()
	}
	return h
}

// register names an action type in the registry, with what executes it (nil: its own Execute).
func (h *Hooks) register(actionType string, execute ExecuteFunc) error {
	return h.reg.Register(FlexName(actionType), func(c *call) (err error) {
		defer recoverAction(c.action, &err)
		if execute == nil {
			return h.builtin(c.action)(c.run, c.action, c.log)
		}
		return execute(c.run, c.action, c.log)
	})
}

// recoverAction turns a panic of code running an action into an error naming the action: an
// action (a custom one, or one built in code with missing fields) must not take the process down.
func recoverAction(a flows.Action, err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("action %s of type %s failed: %v", a.UUID(), a.Type(), r)
	}
}

// ParseEvent reads a listener's event name in Flex's form ("beforeSendMsg", "afterAny"):
// whether it is a before-listener and the action type (or AllActions). An unknown name is an
// error suggesting the nearest known one.
func (h *Hooks) ParseEvent(event string) (before bool, actionType string, err error) {
	phase, name, err := h.reg.ParseEvent(event)
	if err != nil {
		return false, "", err
	}
	return phase == actionhooks.Before, h.typeOf(name), nil
}

// typeOf maps a registered Flex name back to its action type.
func (h *Hooks) typeOf(name string) string {
	if name == actionhooks.Any {
		return AllActions
	}
	for _, t := range actions.Types() {
		if FlexName(t) == name {
			return t
		}
	}
	for t := range h.custom {
		if FlexName(t) == name {
			return t
		}
	}
	return name
}

// Before registers a listener run before each action of the type (or AllActions). The type
// must be a built-in or registered one.
func (h *Hooks) Before(actionType string, fn BeforeFunc, opts ...Option) (*Listener, error) {
	o := options(opts)
	id, err := h.reg.AddListener("before"+FlexName(actionType), o.owner, func(c *call, abort func(string)) error {
		err := fn(c.run, c.action, c.log)
		c.actionStarts()
		var ab *AbortError
		if errors.As(err, &ab) {
			abort(ab.Error())
			return nil
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return &Listener{id: id, owner: o.owner}, nil
}

// After registers a listener run after each action of the type (or AllActions).
func (h *Hooks) After(actionType string, fn AfterFunc, opts ...Option) (*Listener, error) {
	o := options(opts)
	id, err := h.reg.AddListener("after"+FlexName(actionType), o.owner, func(c *call, _ func(string)) error {
		if !c.snapshot {
			c.events, c.snapshot = slices.Clone(c.sp.Events[c.first:]), true
		}
		return fn(c.run, c.action, c.events, c.log)
	})
	if err != nil {
		return nil, err
	}
	return &Listener{id: id, owner: o.owner}, nil
}

// Replace makes fn execute actions of the type. The newest replacement runs first; see
// ReplaceFunc for what it may call.
func (h *Hooks) Replace(actionType string, fn ReplaceFunc, opts ...Option) (*Listener, error) {
	o := options(opts)
	id, err := h.reg.Replace(FlexName(actionType), o.owner, func(c *call, original, next actionhooks.Action[*call]) (err error) {
		defer recoverAction(c.action, &err)
		orig := func(r runtime.Run, a flows.Action, log runtime.Logger) error { return original(c.with(r, a, log)) }
		nxt := func(r runtime.Run, a flows.Action, log runtime.Logger) error { return next(c.with(r, a, log)) }
		return fn(c.run, c.action, c.log, orig, nxt)
	})
	if err != nil {
		return nil, err
	}
	return &Listener{id: id, owner: o.owner}, nil
}

// Remove unregisters a listener or replacement; it reports whether it was registered.
func (h *Hooks) Remove(l *Listener) bool { return l != nil && h.reg.Remove(l.id) }

// RegisterAction adds a custom action type: the reader decodes actions of the type (given
// Dialect), validate checks them against the type's schema, and the engine runs them with
// execute, through listeners and replacements like any action. A nil execute declares the type
// for validation only: running such an action logs an error event and goes on.
func (h *Hooks) RegisterAction(def *actions.CustomType, execute ExecuteFunc) error {
	if err := h.dialect.Add(def); err != nil {
		return err
	}
	h.custom[def.Name] = &customAction{def: def, execute: execute}
	return h.register(def.Name, nil)
}

// Dialect is the set of custom action types registered, for reading and validating flows.
func (h *Hooks) Dialect() *actions.Dialect { return &h.dialect }

// needsContact are the action types that act on the contact, which a session without one
// skips with an error, as the reference does.
var needsContact = map[string]bool{
	"add_contact_groups": true, "add_contact_urn": true, "remove_contact_groups": true,
	"set_contact_channel": true, "set_contact_field": true, "set_contact_language": true,
	"set_contact_name": true, "set_contact_status": true, "set_contact_timezone": true,
	"send_msg": true, "say_msg": true, "play_audio": true, "open_ticket": true,
	"request_optin": true, "transfer_airtime": true, "call_resthook": true,
}

// builtin returns what executes an action when nothing replaces it: its own Execute, or its
// custom type's registered execution.
func (h *Hooks) builtin(action flows.Action) ExecuteFunc {
	if c, ok := action.(*actions.Custom); ok {
		reg := h.custom[c.Type()]
		if reg == nil || reg.execute == nil {
			return func(_ runtime.Run, a flows.Action, log runtime.Logger) error {
				where := "no hooks file given declares it"
				if reg != nil {
					where = "it was registered without an execute"
					if reg.def.Source != "" {
						where += " (at " + reg.def.Source + ")"
					}
				}
				log(runtime.NewCodedError("hook:no_execute", fmt.Sprintf("action %s of custom type %s was skipped: %s", a.UUID(), a.Type(), where),
					map[string]string{"action": a.Type()}))
				return nil
			}
		}
		return reg.execute
	}
	return executeBase
}

// executeBase runs an action's own Execute.
func executeBase(run runtime.Run, action flows.Action, log runtime.Logger) error {
	ex, ok := action.(runtime.Executor)
	if !ok {
		return fmt.Errorf("action type %q can't be executed: it has no Execute method and no replacement", action.Type())
	}
	return ex.Execute(run, log)
}

// MaxInvokeDepth bounds actions that invoke actions (InvokeAction), which could otherwise
// invoke each other for ever.
const MaxInvokeDepth = 20

// execute runs one action through the hooks: before-listeners, the (replaced) execution, then
// after-listeners with the events it logged.
func (s *Session) execute(sp *Sprint, run *Run, action flows.Action) error {
	return s.executeAs(&actionRun{r: run, sp: sp}, action)
}

func (s *Session) executeAs(ar *actionRun, action flows.Action) error {
	sp, run := ar.sp, ar.r
	if s.Contact == nil && needsContact[action.Type()] {
		s.log(sp, run, runtime.NewError("can't execute action in session without a contact"))
		return nil
	}
	h := s.eng.hooks
	name := FlexName(action.Type())
	if !h.reg.Has(name) {
		// an action type registered with the actions package after the hooks were made
		if err := h.register(action.Type(), nil); err != nil {
			return err
		}
	}
	c := &call{run: ar, action: action, sp: sp, first: len(sp.Events)}
	c.log = func(e runtime.Event) { s.log(sp, run, e) }
	res := h.reg.Invoke(name, c)
	if res.Aborted {
		c.log(runtime.NewCodedError("hook:aborted", fmt.Sprintf("%s action %s was aborted by %s: %s", action.Type(), action.UUID(), res.AbortedBy, res.AbortReason),
			map[string]string{"hook": ownerOf(res.AbortedBy), "action": action.Type()}))
		return nil
	}
	return res.Err
}

// ownerOf is the owner in the registry's "beforeX listener of OWNER".
func ownerOf(listener string) string {
	_, owner, _ := strings.Cut(listener, " listener of ")
	return owner
}

// InvokeAction runs an action in the run an action (or a listener) was given, through every
// listener and replacement, as if the flow had it next: Flex's invokeAction. Its events are
// logged in the run. An error is the action's execution error (which fails the session when
// the caller returns it).
func InvokeAction(run runtime.Run, action flows.Action) error {
	ar, ok := unwrapRun(run)
	if !ok {
		return fmt.Errorf("invoking %s: the run is not one the engine gave", action.Type())
	}
	if ar.depth >= MaxInvokeDepth {
		return fmt.Errorf("invoking %s: actions invoking actions went %d deep; do they invoke each other?", action.Type(), MaxInvokeDepth)
	}
	inner := *ar
	inner.depth++
	inner.http = nil
	return ar.r.session.executeAs(&inner, action)
}

// WithHTTP returns a view of the run whose HTTP calls are answered by client instead of the
// session's (they are logged alike): a replacement passes it to original to answer a webhook
// from a fixture computed from the request.
func WithHTTP(run runtime.Run, client HTTPClient) runtime.Run {
	ar, ok := unwrapRun(run)
	if !ok {
		return run
	}
	v := *ar
	v.http = client
	return &v
}

func unwrapRun(run runtime.Run) (*actionRun, bool) {
	ar, ok := run.(*actionRun)
	return ar, ok
}
