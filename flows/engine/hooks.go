package engine

import (
	"fmt"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
)

// AllActions registers a listener for every action type.
const AllActions = "*"

// BeforeFunc runs before an action executes. Returning true aborts the action: it emits
// nothing, its after-listeners don't run, and the run goes on with the next action.
type BeforeFunc func(run runtime.Run, action flows.Action) (abort bool)

// AfterFunc runs after an action executed, with the events it emitted.
type AfterFunc func(run runtime.Run, action flows.Action, events []runtime.Event)

// ExecuteFunc executes an action, logging its events.
type ExecuteFunc func(run runtime.Run, action flows.Action, log runtime.Logger) error

// ReplaceFunc executes an action in place of its own behaviour; original is what would have
// run otherwise (the action's Execute, or an earlier replacement) and may be called.
type ReplaceFunc func(run runtime.Run, action flows.Action, log runtime.Logger, original ExecuteFunc) error

type beforeHook struct {
	typ string
	fn  BeforeFunc
}

type afterHook struct {
	typ string
	fn  AfterFunc
}

// Hooks are the listeners and replacements an embedding program registers on action types.
// Listeners run in registration order, whether registered for one type or AllActions.
type Hooks struct {
	before  []beforeHook
	after   []afterHook
	replace map[string][]ReplaceFunc
}

// NewHooks returns an empty set of hooks.
func NewHooks() *Hooks { return &Hooks{replace: map[string][]ReplaceFunc{}} }

// Before registers a listener run before each action of the type (or AllActions).
func (h *Hooks) Before(actionType string, fn BeforeFunc) {
	h.before = append(h.before, beforeHook{actionType, fn})
}

// After registers a listener run after each action of the type (or AllActions).
func (h *Hooks) After(actionType string, fn AfterFunc) {
	h.after = append(h.after, afterHook{actionType, fn})
}

// Replace makes fn execute actions of the type. Replacing twice stacks: the later
// replacement's original is the earlier one.
func (h *Hooks) Replace(actionType string, fn ReplaceFunc) {
	h.replace[actionType] = append(h.replace[actionType], fn)
}

// needsContact are the action types that act on the contact, which a session without one
// skips with an error, as the reference does.
var needsContact = map[string]bool{
	"add_contact_groups": true, "add_contact_urn": true, "remove_contact_groups": true,
	"set_contact_channel": true, "set_contact_field": true, "set_contact_language": true,
	"set_contact_name": true, "set_contact_status": true, "set_contact_timezone": true,
	"send_msg": true, "say_msg": true, "play_audio": true, "open_ticket": true,
	"request_optin": true, "transfer_airtime": true, "call_resthook": true,
}

// executeBase runs an action's own Execute.
func executeBase(run runtime.Run, action flows.Action, log runtime.Logger) error {
	ex, ok := action.(runtime.Executor)
	if !ok {
		return fmt.Errorf("action type %q can't be executed: it has no Execute method and no replacement", action.Type())
	}
	return ex.Execute(run, log)
}

// execute runs one action through the hooks: before-listeners, the (replaced) execution, then
// after-listeners with the events it logged.
func (s *Session) execute(sp *Sprint, run *Run, action flows.Action) (err error) {
	// an action (a custom one, or one built in code with missing fields) must not take the
	// process down: a panic fails the session instead
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("action %s of type %s failed: %v", action.UUID(), action.Type(), r)
		}
	}()
	if s.Contact == nil && needsContact[action.Type()] {
		s.log(sp, run, runtime.NewError("can't execute action in session without a contact"))
		return nil
	}
	ar := &actionRun{r: run, sp: sp}
	h := s.eng.hooks
	for _, b := range h.before {
		if (b.typ == AllActions || b.typ == action.Type()) && b.fn(ar, action) {
			return nil
		}
	}
	exec := ExecuteFunc(executeBase)
	for _, rep := range h.replace[action.Type()] {
		orig, rep := exec, rep
		exec = func(r runtime.Run, a flows.Action, log runtime.Logger) error { return rep(r, a, log, orig) }
	}
	first := len(sp.Events)
	if err = exec(ar, action, func(e runtime.Event) { s.log(sp, run, e) }); err != nil {
		return err
	}
	if len(h.after) > 0 {
		events := append([]runtime.Event(nil), sp.Events[first:]...)
		for _, a := range h.after {
			if a.typ == AllActions || a.typ == action.Type() {
				a.fn(ar, action, events)
			}
		}
	}
	return nil
}
