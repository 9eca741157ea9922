package jshooks

import (
	"encoding/json"

	"github.com/dop251/goja"

	"github.com/flowctl/flowctl/flows/engine"
	"github.com/flowctl/flowctl/flows/runtime"
)

// newContext makes ctx, the object every hook gets last: what it may know of the run and do in
// it, and nothing else. One object serves every call; it reads the call in progress.
func (r *Runtime) newContext() *goja.Object {
	vm := r.vm
	ctx := vm.NewObject()
	getter := func(name string, get func(fr *frame) any) {
		fn := vm.ToValue(func(goja.FunctionCall) goja.Value {
			return r.toJS(get(r.current("ctx." + name)))
		})
		_ = ctx.DefineAccessorProperty(name, fn, nil, goja.FLAG_FALSE, goja.FLAG_TRUE)
	}
	method := func(name string, fn func(fr *frame, call goja.FunctionCall) goja.Value) {
		_ = ctx.Set(name, func(call goja.FunctionCall) goja.Value {
			return fn(r.current("ctx."+name+"()"), call)
		})
	}

	getter("contact", func(fr *frame) any { return fr.run.Contact() })
	getter("results", func(fr *frame) any {
		out := map[string]any{}
		for key, res := range fr.run.Info().Results {
			out[key] = map[string]any{"name": res.Name, "value": res.Value, "category": res.Category,
				"node_uuid": res.NodeUUID, "created_on": res.CreatedOn}
		}
		return out
	})
	getter("flow", func(fr *frame) any {
		f := fr.run.Flow()
		return map[string]any{"uuid": f.UUID, "name": f.Name, "type": f.Type, "revision": f.Revision}
	})
	getter("input", func(fr *frame) any {
		if in := fr.run.Input(); in != nil {
			return in.Msg
		}
		return nil
	})

	method("evaluate", func(fr *frame, call goja.FunctionCall) goja.Value {
		tpl, ok := call.Argument(0).Export().(string)
		if !ok {
			r.throw("ctx.evaluate(template): the template must be a string, got %s", typeName(call.Argument(0)))
		}
		text, _ := fr.run.EvaluateTemplate(tpl, fr.log)
		return vm.ToValue(text)
	})
	method("log", func(fr *frame, call goja.FunctionCall) goja.Value {
		e, err := r.decodeEvent(call.Argument(0))
		if err != nil {
			r.throw("ctx.log(event): %v", err)
		}
		fr.log(e)
		return goja.Undefined()
	})
	method("error", func(fr *frame, call goja.FunctionCall) goja.Value {
		fr.log(runtime.NewCodedError("hook:error", call.Argument(0).String(), map[string]string{"hook": fr.owner}))
		return goja.Undefined()
	})
	method("now", func(fr *frame, _ goja.FunctionCall) goja.Value {
		d, err := vm.New(vm.Get("Date"), vm.ToValue(fr.run.Now().UnixMilli()))
		if err != nil {
			panic(err)
		}
		return d
	})
	method("invokeAction", func(fr *frame, call goja.FunctionCall) goja.Value {
		a := r.decodeAction(call.Argument(0), "", "ctx.invokeAction")
		if err := engine.InvokeAction(fr.run, a); err != nil {
			panic(vm.NewGoError(&passedError{err}))
		}
		return goja.Undefined()
	})
	// frozen, not deep-frozen: that would read the getters
	if _, err := r.freeze(goja.Undefined(), ctx); err != nil {
		panic(err)
	}
	return ctx
}

// current is the call ctx serves; using ctx outside one (kept from an earlier call, or at a
// file's top level) is an error.
func (r *Runtime) current(what string) *frame {
	fr := r.top()
	if fr == nil || fr.run == nil {
		r.throw("%s can only be used while a hook runs (ctx is the last argument of listeners, replacements and execute)", what)
	}
	return fr
}

// toJS gives hook code a Go value as its JSON, read-only: hooks read the run, they don't edit it.
func (r *Runtime) toJS(v any) goja.Value {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	out, err := r.lazyValue(data)
	if err != nil {
		panic(err)
	}
	return out
}
