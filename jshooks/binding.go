package jshooks

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/dop251/goja"

	"github.com/flowctl/flowctl/actions"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/engine"
	"github.com/flowctl/flowctl/flows/runtime"
)

// frame is one call into hook code in progress.
type frame struct {
	run    runtime.Run
	action flows.Action
	log    runtime.Logger
	// owner names the registration being run (event and position), for the events it logs
	owner string
	// before-listeners only: abort was called, with this reason
	canAbort, aborted bool
	reason            string
}

// install sets up the global flowctl object, the shared ctx and abort, and the limits on
// built-ins that allocate in one go.
func (r *Runtime) install() error {
	vm := r.vm
	r.freeze, _ = goja.AssertFunction(vm.Get("Object").ToObject(vm).Get("freeze"))
	jsonObj := vm.Get("JSON").ToObject(vm)
	r.stringify, _ = goja.AssertFunction(jsonObj.Get("stringify"))
	r.limitBuiltins()

	fc := vm.NewObject()
	set := func(name string, fn func(goja.FunctionCall) goja.Value) {
		_ = fc.Set(name, fn)
	}
	set("addListener", r.jsAddListener)
	set("removeListener", r.jsRemoveListener)
	set("replaceAction", r.jsReplaceAction)
	set("registerAction", r.jsRegisterAction)
	if _, err := r.freeze(goja.Undefined(), fc); err != nil {
		return err
	}
	if err := vm.Set("flowctl", fc); err != nil {
		return err
	}
	r.abort = vm.ToValue(r.jsAbort)
	r.ctx = r.newContext()
	return nil
}

// throw raises a TypeError in hook code.
func (r *Runtime) throw(format string, args ...any) {
	panic(r.vm.NewTypeError(fmt.Sprintf(format, args...)))
}

// guard runs hook code under the budget.
func (r *Runtime) guard(fn func() (goja.Value, error)) (goja.Value, error) {
	r.b.enter()
	defer r.b.leave()
	return fn()
}

// invoke calls a hook function in a frame and turns what it throws into a Go error: an engine
// error it passed on unchanged, anything else placed where it was thrown.
func (r *Runtime) invoke(fr *frame, fn goja.Callable, args ...goja.Value) (goja.Value, error) {
	r.frames = append(r.frames, fr)
	r.b.enter()
	defer func() {
		r.b.leave()
		r.frames = r.frames[:len(r.frames)-1]
	}()
	v, err := fn(goja.Undefined(), args...)
	if err != nil {
		if inner, ok := goErrorOf(err); ok {
			return nil, inner
		}
		pos, msg := r.describe(err)
		return nil, &hookError{pos, msg}
	}
	return v, nil
}

// listenerFrame is the frame of a listener's call. Nothing keeps a listener's frame after its call
// (a replacement's may be kept by the original and next it was given), so they are reused, one
// per depth of calls.
func (r *Runtime) listenerFrame(f frame) *frame {
	d := len(r.frames)
	for len(r.framePool) <= d {
		r.framePool = append(r.framePool, &frame{})
	}
	fr := r.framePool[d]
	*fr = f
	return fr
}

// top is the innermost call in progress, or nil outside any.
func (r *Runtime) top() *frame {
	if len(r.frames) == 0 {
		return nil
	}
	return r.frames[len(r.frames)-1]
}

// function reads a function argument.
func (r *Runtime) function(call goja.FunctionCall, i int, what string) (goja.Callable, *goja.Object) {
	v := call.Argument(i)
	fn, ok := goja.AssertFunction(v)
	if !ok {
		r.throw("%s must be a function, got %s", what, typeName(v))
	}
	return fn, v.ToObject(r.vm)
}

func typeName(v goja.Value) string {
	switch {
	case v == nil || goja.IsUndefined(v):
		return "undefined"
	case goja.IsNull(v):
		return "null"
	}
	if _, ok := goja.AssertFunction(v); ok {
		return "a function"
	}
	if _, ok := v.(*goja.Object); ok {
		return "an object"
	}
	return fmt.Sprintf("%s %s", v.ExportType().Kind(), v.String())
}

// eventName reads a listener's event name: Flex's form (beforeSendMsg, afterAny) or the
// snake form (before_send_msg, after_any).
func (r *Runtime) eventName(call goja.FunctionCall) (string, bool, string) {
	v := call.Argument(0)
	name, ok := v.Export().(string)
	if !ok {
		r.throw("the event name must be a string like \"beforeSendMsg\", got %s", typeName(v))
	}
	for _, phase := range []string{"before", "after"} {
		if rest, snake := strings.CutPrefix(name, phase+"_"); snake {
			name = phase + engine.FlexName(rest)
		}
	}
	before, typ, err := r.hooks.ParseEvent(name)
	if err != nil {
		r.throw("%s", strings.TrimPrefix(err.Error(), "actionhooks: "))
	}
	return name, before, typ
}

// jsAddListener is flowctl.addListener(event, fn): fn(action, abort, ctx) before the action,
// fn(action, events, ctx) after it.
func (r *Runtime) jsAddListener(call goja.FunctionCall) goja.Value {
	event, before, typ := r.eventName(call)
	fn, fnObj := r.function(call, 1, "the listener")
	owner := r.callerPosition().String()
	label := event + " listener of " + owner
	var l *engine.Listener
	var err error
	if before {
		l, err = r.hooks.Before(typ, func(run runtime.Run, a flows.Action, log runtime.Logger) error {
			fr := r.listenerFrame(frame{run: run, action: a, log: log, owner: label, canAbort: true})
			if _, err := r.invoke(fr, fn, r.actionValue(a), r.abort, r.ctx); err != nil {
				if fr.aborted {
					return engine.Abort(fr.reason)
				}
				return err
			}
			if fr.aborted {
				return engine.Abort(fr.reason)
			}
			return nil
		}, engine.Owner(owner))
	} else {
		l, err = r.hooks.After(typ, func(run runtime.Run, a flows.Action, events []runtime.Event, log runtime.Logger) error {
			fr := r.listenerFrame(frame{run: run, action: a, log: log, owner: label})
			_, err := r.invoke(fr, fn, r.actionValue(a), r.eventsValue(events), r.ctx)
			return err
		}, engine.Owner(owner))
	}
	if err != nil {
		r.throw("%v", err)
	}
	key := listenerKey{event, fnObj}
	r.listeners[key] = append(r.listeners[key], l)
	return goja.Undefined()
}

// jsRemoveListener is flowctl.removeListener(event, fn): it removes the latest registration of
// fn on event and says whether there was one.
func (r *Runtime) jsRemoveListener(call goja.FunctionCall) goja.Value {
	event, _, _ := r.eventName(call)
	_, fnObj := r.function(call, 1, "the listener")
	key := listenerKey{event, fnObj}
	list := r.listeners[key]
	if len(list) == 0 {
		return r.vm.ToValue(false)
	}
	last := list[len(list)-1]
	r.listeners[key] = list[:len(list)-1]
	return r.vm.ToValue(r.hooks.Remove(last))
}

// actionType reads an action type: as flow files write it (call_webhook) or in Flex's casing
// (CallWebhook).
func (r *Runtime) actionType(v goja.Value) string {
	name, ok := v.Export().(string)
	if !ok || name == "" {
		r.throw("the action type must be a string like \"send_msg\", got %s", typeName(v))
	}
	if name[0] >= 'A' && name[0] <= 'Z' {
		if _, typ, err := r.hooks.ParseEvent("before" + name); err == nil {
			return typ
		}
	}
	if _, _, err := r.hooks.ParseEvent("before" + engine.FlexName(name)); err != nil {
		if near := actions.Closest(name, 3, r.hooks.Dialect().Names()...); len(near) > 0 {
			r.throw("unknown action type '%s': did you mean '%s'?", name, strings.Join(near, "' or '"))
		}
		r.throw("unknown action type '%s': expected a built-in type (send_msg, call_webhook, ...) or one registered with registerAction before", name)
	}
	return name
}

// jsReplaceAction is flowctl.replaceAction(type, fn): fn(action, original, next, ctx) runs the
// action's type instead of its own behaviour.
func (r *Runtime) jsReplaceAction(call goja.FunctionCall) goja.Value {
	typ := r.actionType(call.Argument(0))
	fn, _ := r.function(call, 1, "the replacement")
	owner := r.callerPosition().String()
	label := "replacement of " + typ + " at " + owner
	_, err := r.hooks.Replace(typ, func(run runtime.Run, a flows.Action, log runtime.Logger, original, next engine.ExecuteFunc) error {
		fr := &frame{run: run, action: a, log: log, owner: label}
		orig := r.passOn(fr, original, "original")
		nxt := r.passOn(fr, next, "next")
		_, err := r.invoke(fr, fn, r.actionValue(a), orig, nxt, r.ctx)
		return r.bodyError(label, err)
	}, engine.Owner(owner))
	if err != nil {
		r.throw("%v", err)
	}
	return goja.Undefined()
}

// bodyError says which hook an execution error of hook code comes from; the engine fails the
// session with its text.
func (r *Runtime) bodyError(label string, err error) error {
	if he, ok := err.(*hookError); ok {
		return fmt.Errorf("%s failed: %v", label, he)
	}
	return err
}

// passOn makes the original and next functions a replacement gets: fn(action?, options?) runs
// the action (or a changed copy of it, of the same type) through what the name says; options.http
// is a function answering the HTTP calls it makes, from the request.
func (r *Runtime) passOn(fr *frame, exec engine.ExecuteFunc, name string) goja.Value {
	return r.vm.ToValue(func(call goja.FunctionCall) goja.Value {
		a := fr.action
		if arg := call.Argument(0); !goja.IsUndefined(arg) && !goja.IsNull(arg) {
			a = r.decodeAction(arg, fr.action.Type(), name)
		}
		run := fr.run
		var fixture *jsHTTP
		if opts, ok := call.Argument(1).(*goja.Object); ok {
			if h := opts.Get("http"); h != nil && !goja.IsUndefined(h) {
				fn, ok := goja.AssertFunction(h)
				if !ok {
					r.throw("%s's options.http must be a function answering a request, got %s", name, typeName(h))
				}
				fixture = &jsHTTP{r: r, fn: fn, fr: fr}
				run = engine.WithHTTP(run, fixture)
			}
		}
		err := exec(run, a, fr.log)
		if fixture != nil && fixture.err != nil {
			// the fixture threw: the replacement gets its error (and can catch it)
			err = &hookError{msg: fmt.Sprintf("the http fixture given to %s failed: %v", name, fixture.err)}
		}
		if err != nil {
			panic(r.vm.NewGoError(&passedError{err}))
		}
		return goja.Undefined()
	})
}

// jsRegisterAction is flowctl.registerAction(type, {schema, execute, events, flowTypes}).
func (r *Runtime) jsRegisterAction(call goja.FunctionCall) goja.Value {
	nameV := call.Argument(0)
	name, ok := nameV.Export().(string)
	if !ok {
		r.throw("the action type must be a string like \"send_interactive_msg\", got %s", typeName(nameV))
	}
	spec, ok := call.Argument(1).(*goja.Object)
	if !ok {
		r.throw("registerAction(%q, spec): spec must be an object {schema, execute, events, flowTypes}, got %s", name, typeName(call.Argument(1)))
	}
	for _, k := range spec.Keys() {
		switch k {
		case "schema", "execute", "events", "flowTypes", "templates":
		default:
			hint := ""
			if near, ok := flows.Closest(k, specKeys); ok {
				hint = fmt.Sprintf("; did you mean %q?", near)
			}
			r.throw("registerAction(%q, spec): unknown key %q in spec%s (expected %s)", name, k, hint, strings.Join(specKeys, ", "))
		}
	}
	owner := r.callerPosition().String()
	var schema json.RawMessage
	if s := spec.Get("schema"); s != nil && !goja.IsUndefined(s) {
		schema = json.RawMessage(r.jsonOf(s))
	}
	def, err := actions.NewCustomType(name, schema, owner)
	if err != nil {
		r.throw("%v", err)
	}
	if ev := spec.Get("events"); ev != nil && !goja.IsUndefined(ev) {
		var names []string
		if err := r.vm.ExportTo(ev, &names); err != nil {
			r.throw("registerAction(%q): events must be a list of event type names, got %s", name, typeName(ev))
		}
		for _, e := range names {
			if _, builtin, _ := runtime.DecodeEvent(e, []byte("{}")); builtin || runtime.StateEventAction(e) != "" {
				r.throw("registerAction(%q): %s is a built-in event type: list only the custom ones the action logs", name, e)
			}
			if !validEventName(e) {
				r.throw("registerAction(%q): event type %q must be lower-case letters, digits and underscores (like profile_updated)", name, e)
			}
			def.Events = append(def.Events, e)
			r.events[e] = true
		}
	}
	if ft := spec.Get("flowTypes"); ft != nil && !goja.IsUndefined(ft) {
		var names []string
		if err := r.vm.ExportTo(ft, &names); err != nil {
			r.throw("registerAction(%q): flowTypes must be a list of flow types, got %s", name, typeName(ft))
		}
		for _, n := range names {
			if !isFlowType(n) {
				r.throw("registerAction(%q): unknown flow type %q: expected messaging, messaging_background, messaging_offline or voice", name, n)
			}
			def.FlowTypes = append(def.FlowTypes, flows.FlowType(n))
		}
	}
	if tp := spec.Get("templates"); tp != nil && !goja.IsUndefined(tp) {
		if err := r.vm.ExportTo(tp, &def.Templates); err != nil {
			r.throw("registerAction(%q): templates must be a list of field paths such as \"text\" or \"value.name\", got %s", name, typeName(tp))
		}
		for _, p := range def.Templates {
			if p == "" || strings.HasPrefix(p, ".") || strings.HasSuffix(p, ".") || strings.Contains(p, "..") {
				r.throw("registerAction(%q): template path %q: expected member names separated by dots, such as \"value.name\"", name, p)
			}
		}
	}
	var execute engine.ExecuteFunc
	if ex := spec.Get("execute"); ex != nil && !goja.IsUndefined(ex) {
		fn, ok := goja.AssertFunction(ex)
		if !ok {
			r.throw("registerAction(%q): execute must be a function (action, ctx), got %s", name, typeName(ex))
		}
		label := "execute of " + name + " at " + owner
		execute = func(run runtime.Run, a flows.Action, log runtime.Logger) error {
			fr := &frame{run: run, action: a, log: log, owner: label}
			out, err := r.invoke(fr, fn, r.actionValue(a), r.ctx)
			if err != nil {
				return r.bodyError(label, err)
			}
			return r.logReturned(fr, out, label)
		}
	}
	if err := r.hooks.RegisterAction(def, execute); err != nil {
		r.throw("%v", err)
	}
	return goja.Undefined()
}

// specKeys are the keys of registerAction's spec.
var specKeys = []string{"schema", "execute", "events", "flowTypes", "templates"}

func isFlowType(s string) bool {
	for _, t := range flows.FlowTypes {
		if string(t) == s {
			return true
		}
	}
	return false
}

func validEventName(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// logReturned logs what an execute returned: nothing, an event, or a list of events.
func (r *Runtime) logReturned(fr *frame, out goja.Value, label string) error {
	if out == nil || goja.IsUndefined(out) || goja.IsNull(out) {
		return nil
	}
	var list []goja.Value
	if obj, ok := out.(*goja.Object); ok && obj.ClassName() == "Array" {
		_ = r.vm.ExportTo(out, &list)
	} else {
		list = []goja.Value{out}
	}
	for i, v := range list {
		e, err := r.decodeEvent(v)
		if err != nil {
			return fmt.Errorf("%s returned a bad event (#%d): %v", label, i+1, err)
		}
		fr.log(e)
	}
	return nil
}

// jsAbort is the abort function before-listeners get: abort(reason?) cancels the action.
func (r *Runtime) jsAbort(call goja.FunctionCall) goja.Value {
	fr := r.top()
	if fr == nil || !fr.canAbort {
		r.throw("abort can only be called while the before-listener it was given to runs")
	}
	fr.aborted = true
	if v := call.Argument(0); !goja.IsUndefined(v) {
		fr.reason = v.String()
	}
	return goja.Undefined()
}
