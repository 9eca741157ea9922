package jshooks

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/dop251/goja"

	"github.com/flowctl/flowctl/actions"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
)

// Values cross between Go and hook code as JSON, in the shapes flow files and events have, so
// hook code sees exactly what the documentation of actions and events shows.

// maxCachedActions bounds the caches of action objects (actions made on the fly by hook code
// pass through them too).
const maxCachedActions = 10000

// jsonOf writes a value of hook code as JSON.
func (r *Runtime) jsonOf(v goja.Value) []byte {
	out, err := r.stringify(goja.Undefined(), v)
	if err != nil {
		panic(err)
	}
	if goja.IsUndefined(out) {
		return []byte("null")
	}
	return []byte(out.String())
}

// actionValue is the object hook code gets for an action: its JSON, read-only, so that
// listeners can't change what other listeners and the action see (a replacement passes a
// changed copy on instead). A runtime makes the object of an action once. An action of a plain
// struct type is read through its type's plan (see structValue), member by member as hook code
// reads them; any other (a custom type's, which writes its own JSON) is written as JSON once per
// process (a test suite's simulations share their flows).
func (r *Runtime) actionValue(a flows.Action) goja.Value {
	if v, ok := r.actions[a]; ok {
		return v
	}
	v := r.structValue(a)
	if v == nil {
		v = r.object(jsonShape(a))
	}
	if len(r.actions) >= maxCachedActions {
		clear(r.actions)
	}
	r.actions[a] = v
	return v
}

// jsonShape is the members of an action's JSON.
func jsonShape(a flows.Action) *objectShape {
	if s, ok := actionShapes.Load(a); ok {
		return s.(*objectShape)
	}
	data, err := json.Marshal(a)
	if err != nil {
		panic(fmt.Errorf("action %s can't be written as JSON: %v", a.UUID(), err))
	}
	shape, err := scanObject(data)
	if err != nil {
		panic(err)
	}
	if actionShapeCount.Add(1) > maxCachedActions {
		actionShapes.Clear()
		actionShapeCount.Store(0)
	}
	actionShapes.Store(a, shape)
	return shape
}

// actionShapes are the JSON members of the actions hook code saw, by action.
var (
	actionShapes     sync.Map // flows.Action → *objectShape
	actionShapeCount atomic.Int64
)

// eventsValue is the array of events after-listeners get; each is written as JSON when read.
func (r *Runtime) eventsValue(events []runtime.Event) goja.Value {
	return r.vm.NewDynamicArray(&lazyArray{r: r, events: events})
}

// objectOf reads a value of hook code that must be a JSON object with a string "type".
func (r *Runtime) objectOf(v goja.Value, what string) (map[string]any, string, []byte) {
	if _, ok := v.(*goja.Object); !ok || goja.IsNull(v) {
		r.throw("%s must be an object with a type, got %s", what, typeName(v))
	}
	data := r.jsonOf(v)
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil || m == nil {
		r.throw("%s must be an object with a type, got %s", what, typeName(v))
	}
	typ, _ := m["type"].(string)
	if typ == "" {
		r.throw("%s has no \"type\"", what)
	}
	return m, typ, data
}

// decodeAction makes a Go action from an action object of hook code. want, when set, is the
// type it must have.
func (r *Runtime) decodeAction(v goja.Value, want, what string) flows.Action {
	m, typ, data := r.objectOf(v, "the action given to "+what)
	if want != "" && typ != want {
		r.throw("%s runs %s actions; got one of type %s", what, want, typ)
	}
	if _, has := m["uuid"]; !has {
		if fr := r.top(); fr != nil && fr.action != nil && fr.action.Type() == typ {
			m["uuid"] = fr.action.UUID()
		} else if fr != nil && fr.run != nil {
			m["uuid"] = fr.run.NewUUID()
		}
		data, _ = json.Marshal(m)
	}
	if def, ok := r.hooks.Dialect().Lookup(typ); ok {
		return actions.NewCustom(def, m)
	}
	ctor, ok := actions.Lookup(typ)
	if !ok {
		if near := actions.Closest(typ, 3, r.hooks.Dialect().Names()...); len(near) > 0 {
			r.throw("unknown action type '%s' given to %s: did you mean '%s'?", typ, what, strings.Join(near, "' or '"))
		}
		r.throw("unknown action type '%s' given to %s", typ, what)
	}
	a := ctor()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(a); err != nil {
		r.throw("the %s action given to %s doesn't read: %s", typ, what, strings.TrimPrefix(err.Error(), "json: "))
	}
	return a
}

// decodeEvent makes an event from an event object of hook code: a built-in type that hook code
// may log, or a custom type a registered action declared.
func (r *Runtime) decodeEvent(v goja.Value) (runtime.Event, error) {
	if _, ok := v.(*goja.Object); !ok {
		return nil, fmt.Errorf("an event must be an object with a type, got %s", typeName(v))
	}
	data := r.jsonOf(v)
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil || m == nil {
		return nil, fmt.Errorf("an event must be an object with a type, got %s", typeName(v))
	}
	typ, _ := m["type"].(string)
	if typ == "" {
		return nil, fmt.Errorf("the event has no \"type\"")
	}
	if r.events[typ] {
		return runtime.NewCustomEvent(typ, m), nil
	}
	e, builtin, err := runtime.DecodeEvent(typ, data)
	switch {
	case builtin && err != nil:
		return nil, fmt.Errorf("the %s event doesn't read: %s", typ, strings.TrimPrefix(err.Error(), "json: "))
	case builtin:
		// the engine stamps events as it logs them
		*e.Base() = runtime.BaseEvent{Type_: typ}
		return e, nil
	}
	if act := runtime.StateEventAction(typ); act != "" {
		return nil, fmt.Errorf("%s events can't be logged by hooks: logging one wouldn't make the change it records; invoke %s with ctx.invokeAction instead", typ, act)
	}
	known := append(runtime.LoggableEventTypes(), keys(r.events)...)
	if near := actions.Closest(typ, 3, known...); len(near) > 0 && !contains(actions.Types(), near[0]) {
		return nil, fmt.Errorf("unknown event type '%s': did you mean '%s'?", typ, near[0])
	}
	return nil, fmt.Errorf("unknown event type '%s': expected one of %s, or a custom type declared in registerAction's events", typ, strings.Join(known, ", "))
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// jsHTTP answers a run's HTTP calls with a function of hook code: fn(request) returns
// {status, body, headers}, body a string or a value written as JSON.
type jsHTTP struct {
	r   *Runtime
	fn  goja.Callable
	fr  *frame
	err error
}

func (h *jsHTTP) Do(req *runtime.HTTPRequest) (int, http.Header, []byte, error) {
	r := h.r
	headers := map[string]string{}
	for _, kv := range req.Headers {
		headers[kv[0]] = kv[1]
	}
	reqJSON, _ := json.Marshal(map[string]any{"method": req.Method, "url": req.URL, "headers": headers, "body": req.Body})
	reqV, err := r.lazyValue(reqJSON)
	if err != nil {
		h.err = err
		return 0, nil, nil, err
	}
	out, err := r.invoke(h.fr, h.fn, reqV)
	if err != nil {
		h.err = err
		return 0, nil, nil, err
	}
	var resp struct {
		Status  int               `json:"status"`
		Body    json.RawMessage   `json:"body"`
		Headers map[string]string `json:"headers"`
	}
	if obj, ok := out.(*goja.Object); !ok || goja.IsNull(out) {
		h.err = fmt.Errorf("the http fixture must return {status, body, headers}, got %s", typeName(out))
		return 0, nil, nil, h.err
	} else if err := json.Unmarshal(r.jsonOf(obj), &resp); err != nil {
		h.err = fmt.Errorf("the http fixture must return {status, body, headers}: %v", err)
		return 0, nil, nil, h.err
	}
	if resp.Status == 0 {
		// a fixture may stand for an unreachable host
		return 0, nil, nil, fmt.Errorf("connection to %s failed (the http fixture answered status 0)", req.URL)
	}
	body := []byte(resp.Body)
	var s string
	if json.Unmarshal(resp.Body, &s) == nil {
		body = []byte(s)
	} else if len(body) == 0 || string(body) == "null" {
		body = nil
	}
	hdr := http.Header{}
	for k, v := range resp.Headers {
		hdr.Set(k, v)
	}
	return resp.Status, hdr, body, nil
}
