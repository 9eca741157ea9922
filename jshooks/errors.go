package jshooks

import (
	"errors"
	"fmt"
	"strings"

	"github.com/dop251/goja"
)

// position is a place in hook code: the name its file was compiled under, 1-based line and
// column.
type position struct {
	file      string
	line, col int
}

func (p position) String() string {
	if p.file == "" {
		return "(unknown)"
	}
	return fmt.Sprintf("%s:%d:%d", p.file, p.line, p.col)
}

// firstPosition is the innermost frame of a stack that is in hook code (native functions have
// none).
func firstPosition(stack []goja.StackFrame) position {
	for _, f := range stack {
		if p := f.Position(); p.Filename != "" {
			return position{p.Filename, p.Line, p.Column}
		}
	}
	return position{}
}

// callerPosition is where hook code called the native function running now.
func (r *Runtime) callerPosition() position {
	return firstPosition(r.vm.CaptureCallStack(0, nil))
}

// describe says what went wrong in hook code and where it was thrown. Budget overruns have no
// position: where a loop happens to be stopped is not worth showing, and would differ from run
// to run.
func (r *Runtime) describe(err error) (position, string) {
	var be *budgetError
	if errors.As(err, &be) {
		return position{}, be.Error()
	}
	var so *goja.StackOverflowError
	if errors.As(err, &so) {
		return firstPosition(so.Stack()), fmt.Sprintf("RangeError: maximum call stack size exceeded (hook code may nest calls %d deep)", MaxCallDepth)
	}
	var ex *goja.Exception
	if errors.As(err, &ex) {
		return firstPosition(ex.Stack()), exceptionText(ex.Value())
	}
	return position{}, err.Error()
}

// exceptionText is what a thrown value says: "TypeError: x is not a function" for an error
// object, the value itself for anything else.
func exceptionText(v goja.Value) string {
	if v == nil || goja.IsUndefined(v) {
		return "undefined was thrown"
	}
	if o, ok := v.(*goja.Object); ok {
		if msg := o.Get("message"); msg != nil && !goja.IsUndefined(msg) {
			name := "Error"
			if n := o.Get("name"); n != nil && !goja.IsUndefined(n) {
				name = n.String()
			}
			return name + ": " + msg.String()
		}
	}
	return strings.TrimSpace(v.String())
}

// hookError is an error thrown by hook code, placed where it was thrown.
type hookError struct {
	pos position
	msg string
}

func (e *hookError) Error() string {
	if e.pos.file == "" {
		return e.msg
	}
	return e.pos.String() + ": " + e.msg
}

// goErrorOf returns the Go error a native function threw into hook code, which came back out
// uncaught (an action's execution error that original() passed on, say): the engine gets it as
// it was, so a failure keeps its own text.
func goErrorOf(err error) (error, bool) {
	var ex *goja.Exception
	if !errors.As(err, &ex) {
		return nil, false
	}
	if inner := ex.Unwrap(); inner != nil {
		var passed *passedError
		if errors.As(inner, &passed) {
			return passed.err, true
		}
	}
	return nil, false
}

// passedError wraps an engine error thrown into hook code, to know it when it comes back.
type passedError struct{ err error }

func (e *passedError) Error() string { return e.err.Error() }
func (e *passedError) Unwrap() error { return e.err }
