// Package actionhooks is the one specification of Twilio Flex's Actions Framework that flowctl
// hosts twice: for flow actions (hook files, issue 13) and for agent desktop actions (the desktop
// and its Flex plugins). It knows nothing of either: an action is a name and a function of a
// payload, and listeners and replacements are registered on names.
//
// The rules, which every host follows and the tests pin:
//   - before-listeners ("before<Name>", and "beforeAny" for every action) run in registration
//     order, whichever of the two names they were registered on;
//   - a before-listener that calls abort cancels the action: the listeners after it, the action
//     and its after-listeners don't run, and the result names the listener and its reason;
//   - a listener that fails (returns an error or panics) is reported and does not cancel the action;
//   - the action runs through its replacements, newest first: each gets original (the registered
//     action itself) and next (the replacement registered before it, or original when none);
//   - an error from the action (or a replacement) is the invocation's error and stops its
//     after-listeners;
//   - after-listeners ("after<Name>", "afterAny") run in registration order and their errors are
//     reported only;
//   - listeners and replacements registered or removed while an action runs take effect from the
//     next invocation: an invocation works on the registrations it started with.
package actionhooks

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/flowctl/flowctl/flows"
)

// Any is the action name that before/after listeners use to hear every action ("beforeAny").
const Any = "Any"

// Action runs an action on its payload.
type Action[P any] func(payload P) error

// Listener runs before or after an action. abort cancels the action when called by a
// before-listener; an after-listener's abort is reported as an error, since the action has run.
type Listener[P any] func(payload P, abort func(reason string)) error

// Replacement runs in place of an action. original is the registered action; next is the
// replacement registered before this one (original when there is none). Either may be called,
// any number of times, or neither.
type Replacement[P any] func(payload P, original, next Action[P]) error

// Phase says whether a listener runs before or after its action.
type Phase int

// The two phases of a listener.
const (
	Before Phase = iota
	After
)

func (p Phase) String() string {
	if p == Before {
		return "before"
	}
	return "after"
}

// ID identifies a registered listener or replacement, to remove it.
type ID int

// Registry holds named actions with their listeners and replacements.
type Registry[P any] struct {
	// OnListenerError, when set, is told of each listener failure as it happens, with the
	// invocation's payload, before the invocation goes on: a host that logs what happens in
	// order (a flow run's events) reports it there rather than from the Result afterwards.
	OnListenerError func(payload P, e ListenerError)

	actions      map[string]Action[P]
	names        []string
	listeners    []listener[P]
	replacements []replacement[P]
	nextID       ID
}

type listener[P any] struct {
	id     ID
	phase  Phase
	action string // an action name or Any
	owner  string
	fn     Listener[P]
}

type replacement[P any] struct {
	id     ID
	action string
	owner  string
	fn     Replacement[P]
}

// New returns an empty registry.
func New[P any]() *Registry[P] { return &Registry[P]{actions: map[string]Action[P]{}} }

// Register adds a named action. Names are case-sensitive, as in Flex; registering a name twice
// is an error, since the second registration would silently drop the first's behaviour.
func (r *Registry[P]) Register(name string, fn Action[P]) error {
	if name == "" || name == Any {
		return fmt.Errorf("can't register an action named %q", name)
	}
	if fn == nil {
		return fmt.Errorf("action %s has no function", name)
	}
	if _, ok := r.actions[name]; ok {
		return fmt.Errorf("action %s is already registered", name)
	}
	r.actions[name] = fn
	r.names = append(r.names, name)
	return nil
}

// Has reports whether an action of that name is registered.
func (r *Registry[P]) Has(name string) bool { _, ok := r.actions[name]; return ok }

// Names lists the registered actions in registration order.
func (r *Registry[P]) Names() []string { return slices.Clone(r.names) }

// ParseEvent splits a listener event name such as "beforeAcceptTask" or "afterAny" into its phase
// and action. The action must be registered (or Any); otherwise the error suggests the nearest
// event name.
func (r *Registry[P]) ParseEvent(event string) (Phase, string, error) {
	var phase Phase
	var name string
	switch {
	case strings.HasPrefix(event, "before"):
		phase, name = Before, strings.TrimPrefix(event, "before")
	case strings.HasPrefix(event, "after"):
		phase, name = After, strings.TrimPrefix(event, "after")
	default:
		return 0, "", fmt.Errorf("unknown event %q: an event is \"before\" or \"after\" and an action name%s", event, r.suggestEvent(event))
	}
	if name != Any && !r.Has(name) {
		return 0, "", fmt.Errorf("unknown event %q: no action %s is registered%s", event, name, r.suggestEvent(event))
	}
	return phase, name, nil
}

// suggestEvent returns "; did you mean ...?" for the event name nearest to event.
func (r *Registry[P]) suggestEvent(event string) string {
	candidates := []string{"before" + Any, "after" + Any}
	for _, n := range r.names {
		candidates = append(candidates, "before"+n, "after"+n)
	}
	if best, ok := flows.Closest(event, candidates); ok {
		return fmt.Sprintf("; did you mean %q?", best)
	}
	return ""
}

// suggestAction returns "; did you mean ...?" for the action name nearest to name.
func (r *Registry[P]) suggestAction(name string) string {
	if best, ok := flows.Closest(name, r.names); ok {
		return fmt.Sprintf("; did you mean %q?", best)
	}
	return ""
}

// AddListener registers fn on an event name ("before<Name>", "after<Name>", "beforeAny",
// "afterAny"). owner names who registered it (a plugin, a hook file's line) in results.
func (r *Registry[P]) AddListener(event, owner string, fn Listener[P]) (ID, error) {
	if fn == nil {
		return 0, fmt.Errorf("listener for %s has no function", event)
	}
	phase, name, err := r.ParseEvent(event)
	if err != nil {
		return 0, err
	}
	r.nextID++
	r.listeners = append(r.listeners, listener[P]{id: r.nextID, phase: phase, action: name, owner: owner, fn: fn})
	return r.nextID, nil
}

// Replace makes fn run in place of the named action.
func (r *Registry[P]) Replace(name, owner string, fn Replacement[P]) (ID, error) {
	if fn == nil {
		return 0, fmt.Errorf("replacement for %s has no function", name)
	}
	if !r.Has(name) {
		return 0, fmt.Errorf("can't replace unknown action %s%s", name, r.suggestAction(name))
	}
	r.nextID++
	r.replacements = append(r.replacements, replacement[P]{id: r.nextID, action: name, owner: owner, fn: fn})
	return r.nextID, nil
}

// Remove removes a listener or a replacement. It reports whether id was registered.
func (r *Registry[P]) Remove(id ID) bool {
	if i := slices.IndexFunc(r.listeners, func(l listener[P]) bool { return l.id == id }); i >= 0 {
		r.listeners = slices.Delete(slices.Clone(r.listeners), i, i+1)
		return true
	}
	if i := slices.IndexFunc(r.replacements, func(x replacement[P]) bool { return x.id == id }); i >= 0 {
		r.replacements = slices.Delete(slices.Clone(r.replacements), i, i+1)
		return true
	}
	return false
}

// RemoveOwner removes every listener and replacement of an owner (a plugin that goes away) and
// returns how many it removed.
func (r *Registry[P]) RemoveOwner(owner string) int {
	n := len(r.listeners) + len(r.replacements)
	r.listeners = slices.DeleteFunc(slices.Clone(r.listeners), func(l listener[P]) bool { return l.owner == owner })
	r.replacements = slices.DeleteFunc(slices.Clone(r.replacements), func(x replacement[P]) bool { return x.owner == owner })
	return n - len(r.listeners) - len(r.replacements)
}

// ListenerError is a failure of a listener, reported without cancelling its action.
type ListenerError struct {
	Event string // e.g. "beforeWrapupTask"
	Owner string
	Err   error
}

func (e ListenerError) Error() string {
	if e.Owner == "" {
		return fmt.Sprintf("%s listener failed: %v", e.Event, e.Err)
	}
	return fmt.Sprintf("%s listener of %s failed: %v", e.Event, e.Owner, e.Err)
}

// Result is what an invocation did.
type Result struct {
	// Aborted is set when a before-listener cancelled the action; AbortedBy names it (its event
	// and owner) and AbortReason is the reason it gave.
	Aborted     bool
	AbortedBy   string
	AbortReason string
	// Err is the error of the action (or of a replacement), or why it couldn't be invoked.
	Err error
	// ListenerErrors are the listeners that failed, in the order they ran.
	ListenerErrors []ListenerError
}

// Done reports whether the action ran to the end without error.
func (res Result) Done() bool { return !res.Aborted && res.Err == nil }

// ListenerErrorTexts are the failed listeners' errors as text, nil when none failed.
func (res Result) ListenerErrorTexts() []string {
	var out []string
	for _, le := range res.ListenerErrors {
		out = append(out, le.Error())
	}
	return out
}

// Invoke runs the named action on payload with its listeners and replacements, following the
// package's rules.
func (r *Registry[P]) Invoke(name string, payload P) (res Result) {
	base, ok := r.actions[name]
	if !ok {
		res.Err = fmt.Errorf("unknown action %s%s", name, r.suggestAction(name))
		return res
	}
	// The registrations this invocation works with, whatever its listeners register or remove.
	listeners, replacements := r.listeners, r.replacements

	// One abort serves every listener of the invocation: it records the call for the listener
	// running, which is all a listener's abort can mean.
	var called struct {
		yes    bool
		reason string
	}
	var abort func(string) // made for the first listener: most actions have none
	listening := func() func(string) {
		if abort == nil {
			abort = func(why string) { called.yes, called.reason = true, why }
		}
		called.yes = false
		return abort
	}

	for _, l := range listeners {
		if l.phase != Before || (l.action != name && l.action != Any) {
			continue
		}
		if err := safeListener(l.fn, payload, listening()); err != nil {
			r.listenerFailed(&res, payload, ListenerError{Event: "before" + l.action, Owner: l.owner, Err: err})
		}
		if called.yes {
			res.Aborted, res.AbortReason = true, called.reason
			res.AbortedBy = "before" + l.action
			if l.owner != "" {
				res.AbortedBy += " listener of " + l.owner
			}
			return res
		}
	}

	if hasReplacement(replacements, name) {
		original := Action[P](func(p P) error { return safeAction(base, p) })
		exec := original
		for _, rep := range replacements {
			if rep.action != name {
				continue
			}
			next, rep := exec, rep
			exec = func(p P) error { return safeReplacement(rep.fn, p, original, next) }
		}
		res.Err = exec(payload)
	} else {
		res.Err = safeAction(base, payload)
	}
	if res.Err != nil {
		return res
	}

	for _, l := range listeners {
		if l.phase != After || (l.action != name && l.action != Any) {
			continue
		}
		err := safeListener(l.fn, payload, listening())
		if err == nil && called.yes {
			err = errors.New("abort has no effect after the action ran")
		}
		if err != nil {
			r.listenerFailed(&res, payload, ListenerError{Event: "after" + l.action, Owner: l.owner, Err: err})
		}
	}
	return res
}

func hasReplacement[P any](reps []replacement[P], name string) bool {
	for _, rep := range reps {
		if rep.action == name {
			return true
		}
	}
	return false
}

func (r *Registry[P]) listenerFailed(res *Result, payload P, e ListenerError) {
	res.ListenerErrors = append(res.ListenerErrors, e)
	if r.OnListenerError != nil {
		r.OnListenerError(payload, e)
	}
}

// The safe* functions turn a panic in code the registry calls into an error: a listener or an
// action must not take its host down.

func safeListener[P any](fn Listener[P], p P, abort func(string)) (err error) {
	defer recoverInto(&err)
	return fn(p, abort)
}

func safeAction[P any](fn Action[P], p P) (err error) {
	defer recoverInto(&err)
	return fn(p)
}

func safeReplacement[P any](fn Replacement[P], p P, original, next Action[P]) (err error) {
	defer recoverInto(&err)
	return fn(p, original, next)
}

func recoverInto(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("panic: %v", r)
	}
}
