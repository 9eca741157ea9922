package actionhooks

import (
	"errors"
	"strings"
	"testing"
)

// payload is a pointer so that listeners can change what the action sees, as in Flex.
type payload struct{ trace []string }

func (p *payload) log(s string) { p.trace = append(p.trace, s) }

func newRegistry(t *testing.T) *Registry[*payload] {
	t.Helper()
	r := New[*payload]()
	for _, name := range []string{"WrapupTask", "AcceptTask"} {
		name := name
		if err := r.Register(name, func(p *payload) error { p.log("body " + name); return nil }); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

func mustListen(t *testing.T, r *Registry[*payload], event, owner string, fn Listener[*payload]) ID {
	t.Helper()
	id, err := r.AddListener(event, owner, fn)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func logs(s string) Listener[*payload] {
	return func(p *payload, _ func(string)) error { p.log(s); return nil }
}

func TestOrderAndRules(t *testing.T) {
	boom := errors.New("boom")
	tests := []struct {
		name       string
		setup      func(t *testing.T, r *Registry[*payload])
		invoke     string
		wantTrace  string
		wantAbort  string // AbortedBy
		wantReason string
		wantErr    string
		wantLErrs  []string
	}{
		{
			name: "before-listeners in registration order across specific and Any",
			setup: func(t *testing.T, r *Registry[*payload]) {
				mustListen(t, r, "beforeWrapupTask", "a", logs("a"))
				mustListen(t, r, "beforeAny", "b", logs("b"))
				mustListen(t, r, "beforeWrapupTask", "c", logs("c"))
				mustListen(t, r, "afterAny", "d", logs("d"))
				mustListen(t, r, "afterWrapupTask", "e", logs("e"))
				mustListen(t, r, "beforeAcceptTask", "x", logs("x"))
			},
			invoke:    "WrapupTask",
			wantTrace: "a b c body WrapupTask d e",
		},
		{
			name: "abort cancels the action, later before-listeners and after-listeners",
			setup: func(t *testing.T, r *Registry[*payload]) {
				mustListen(t, r, "beforeWrapupTask", "first", logs("first"))
				mustListen(t, r, "beforeWrapupTask", "crm", func(p *payload, abort func(string)) error {
					p.log("crm")
					abort("notes missing")
					return nil
				})
				mustListen(t, r, "beforeWrapupTask", "later", logs("later"))
				mustListen(t, r, "afterWrapupTask", "after", logs("after"))
			},
			invoke:     "WrapupTask",
			wantTrace:  "first crm",
			wantAbort:  "beforeWrapupTask listener of crm",
			wantReason: "notes missing",
		},
		{
			name: "a failing before-listener is reported and does not cancel",
			setup: func(t *testing.T, r *Registry[*payload]) {
				mustListen(t, r, "beforeWrapupTask", "bad", func(p *payload, _ func(string)) error { p.log("bad"); return boom })
				mustListen(t, r, "beforeWrapupTask", "panics", func(p *payload, _ func(string)) error { p.log("panics"); panic("oops") })
				mustListen(t, r, "afterWrapupTask", "after", logs("after"))
			},
			invoke:    "WrapupTask",
			wantTrace: "bad panics body WrapupTask after",
			wantLErrs: []string{"beforeWrapupTask listener of bad failed: boom", "beforeWrapupTask listener of panics failed: panic: oops"},
		},
		{
			name: "a listener that fails and aborts still aborts",
			setup: func(t *testing.T, r *Registry[*payload]) {
				mustListen(t, r, "beforeWrapupTask", "both", func(p *payload, abort func(string)) error { abort("no"); return boom })
			},
			invoke:     "WrapupTask",
			wantTrace:  "",
			wantAbort:  "beforeWrapupTask listener of both",
			wantReason: "no",
			wantLErrs:  []string{"beforeWrapupTask listener of both failed: boom"},
		},
		{
			name: "an error in the action body stops after-listeners",
			setup: func(t *testing.T, r *Registry[*payload]) {
				mustListen(t, r, "afterWrapupTask", "after", logs("after"))
				if _, err := r.Replace("WrapupTask", "p", func(p *payload, _, _ Action[*payload]) error { p.log("replacement"); return boom }); err != nil {
					t.Fatal(err)
				}
			},
			invoke:    "WrapupTask",
			wantTrace: "replacement",
			wantErr:   "boom",
		},
		{
			name: "after-listener errors are reported only and all after-listeners run",
			setup: func(t *testing.T, r *Registry[*payload]) {
				mustListen(t, r, "afterWrapupTask", "bad", func(p *payload, _ func(string)) error { p.log("bad"); return boom })
				mustListen(t, r, "afterWrapupTask", "aborts", func(p *payload, abort func(string)) error { p.log("aborts"); abort("late"); return nil })
				mustListen(t, r, "afterWrapupTask", "good", logs("good"))
			},
			invoke:    "WrapupTask",
			wantTrace: "body WrapupTask bad aborts good",
			wantLErrs: []string{"afterWrapupTask listener of bad failed: boom", "afterWrapupTask listener of aborts failed: abort has no effect after the action ran"},
		},
		{
			name: "a replacement calling original runs the registered action",
			setup: func(t *testing.T, r *Registry[*payload]) {
				if _, err := r.Replace("WrapupTask", "p", func(p *payload, original, _ Action[*payload]) error {
					p.log("before original")
					err := original(p)
					p.log("after original")
					return err
				}); err != nil {
					t.Fatal(err)
				}
				mustListen(t, r, "afterWrapupTask", "after", logs("after"))
			},
			invoke:    "WrapupTask",
			wantTrace: "before original body WrapupTask after original after",
		},
		{
			name: "replacements run newest first; next is the earlier one, original the action",
			setup: func(t *testing.T, r *Registry[*payload]) {
				for _, n := range []string{"r1", "r2", "r3"} {
					n := n
					if _, err := r.Replace("WrapupTask", n, func(p *payload, original, next Action[*payload]) error {
						p.log(n)
						if n == "r2" {
							return original(p) // skips r1
						}
						return next(p)
					}); err != nil {
						t.Fatal(err)
					}
				}
			},
			invoke:    "WrapupTask",
			wantTrace: "r3 r2 body WrapupTask",
		},
		{
			name: "a replacement that calls neither skips the action",
			setup: func(t *testing.T, r *Registry[*payload]) {
				if _, err := r.Replace("WrapupTask", "p", func(p *payload, _, _ Action[*payload]) error { p.log("stub"); return nil }); err != nil {
					t.Fatal(err)
				}
			},
			invoke:    "WrapupTask",
			wantTrace: "stub",
		},
		{
			name: "removed listeners don't run",
			setup: func(t *testing.T, r *Registry[*payload]) {
				id := mustListen(t, r, "beforeWrapupTask", "gone", logs("gone"))
				mustListen(t, r, "beforeWrapupTask", "kept", logs("kept"))
				if !r.Remove(id) {
					t.Fatal("Remove reported the listener missing")
				}
				if r.Remove(id) {
					t.Fatal("Remove of an already removed listener reported true")
				}
			},
			invoke:    "WrapupTask",
			wantTrace: "kept body WrapupTask",
		},
		{
			name: "listeners added during an invocation wait for the next one",
			setup: func(t *testing.T, r *Registry[*payload]) {
				mustListen(t, r, "beforeWrapupTask", "adder", func(p *payload, _ func(string)) error {
					p.log("adder")
					_, err := r.AddListener("afterWrapupTask", "late", logs("late"))
					return err
				})
			},
			invoke:    "WrapupTask",
			wantTrace: "adder body WrapupTask",
		},
		{
			name:    "unknown action",
			setup:   func(t *testing.T, r *Registry[*payload]) {},
			invoke:  "WrapTask",
			wantErr: `unknown action WrapTask; did you mean "WrapupTask"?`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRegistry(t)
			tt.setup(t, r)
			p := &payload{}
			res := r.Invoke(tt.invoke, p)
			if got := strings.Join(p.trace, " "); got != tt.wantTrace {
				t.Errorf("trace = %q, want %q", got, tt.wantTrace)
			}
			if res.AbortedBy != tt.wantAbort || res.Aborted != (tt.wantAbort != "") || res.AbortReason != tt.wantReason {
				t.Errorf("aborted = %v by %q (%q), want by %q (%q)", res.Aborted, res.AbortedBy, res.AbortReason, tt.wantAbort, tt.wantReason)
			}
			gotErr := ""
			if res.Err != nil {
				gotErr = res.Err.Error()
			}
			if gotErr != tt.wantErr {
				t.Errorf("err = %q, want %q", gotErr, tt.wantErr)
			}
			var lerrs []string
			for _, le := range res.ListenerErrors {
				lerrs = append(lerrs, le.Error())
			}
			if strings.Join(lerrs, "|") != strings.Join(tt.wantLErrs, "|") {
				t.Errorf("listener errors = %q, want %q", lerrs, tt.wantLErrs)
			}
			if res.Done() != (tt.wantAbort == "" && tt.wantErr == "") {
				t.Errorf("Done() = %v", res.Done())
			}
		})
	}
}

func TestSecondInvocationSeesLateListener(t *testing.T) {
	r := newRegistry(t)
	added := false
	mustListen(t, r, "beforeWrapupTask", "adder", func(p *payload, _ func(string)) error {
		if !added {
			added = true
			_, err := r.AddListener("afterWrapupTask", "late", logs("late"))
			return err
		}
		return nil
	})
	r.Invoke("WrapupTask", &payload{})
	p := &payload{}
	r.Invoke("WrapupTask", p)
	if got := strings.Join(p.trace, " "); got != "body WrapupTask late" {
		t.Errorf("second invocation trace = %q", got)
	}
}

func TestRegistrationErrors(t *testing.T) {
	r := newRegistry(t)
	noop := func(*payload) error { return nil }
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"duplicate action", r.Register("WrapupTask", noop), "action WrapupTask is already registered"},
		{"Any is reserved", r.Register("Any", noop), `can't register an action named "Any"`},
		{"nil action", r.Register("X", nil), "action X has no function"},
		{"event without phase", second(r.AddListener("beforWrapupTask", "p", logs(""))), `unknown event "beforWrapupTask": an event is "before" or "after" and an action name; did you mean "beforeWrapupTask"?`},
		{"misspelt action", second(r.AddListener("beforeWrapupTsk", "p", logs(""))), `unknown event "beforeWrapupTsk": no action WrapupTsk is registered; did you mean "beforeWrapupTask"?`},
		{"nothing near", second(r.AddListener("beforeZzzzzzzzzzz", "p", logs(""))), `unknown event "beforeZzzzzzzzzzz": no action Zzzzzzzzzzz is registered`},
		{"replace unknown", second(r.Replace("AcceptTsk", "p", func(*payload, Action[*payload], Action[*payload]) error { return nil })), `can't replace unknown action AcceptTsk; did you mean "AcceptTask"?`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.err == nil || tt.err.Error() != tt.want {
				t.Errorf("error = %v, want %q", tt.err, tt.want)
			}
		})
	}
}

func second(_ ID, err error) error { return err }

func TestRemoveOwner(t *testing.T) {
	r := newRegistry(t)
	mustListen(t, r, "beforeWrapupTask", "plugin", logs("p1"))
	mustListen(t, r, "afterAny", "plugin", logs("p2"))
	mustListen(t, r, "afterAny", "other", logs("o"))
	if _, err := r.Replace("WrapupTask", "plugin", func(p *payload, o, _ Action[*payload]) error { p.log("rep"); return o(p) }); err != nil {
		t.Fatal(err)
	}
	if n := r.RemoveOwner("plugin"); n != 3 {
		t.Errorf("RemoveOwner removed %d, want 3", n)
	}
	p := &payload{}
	r.Invoke("WrapupTask", p)
	if got := strings.Join(p.trace, " "); got != "body WrapupTask o" {
		t.Errorf("trace = %q", got)
	}
}

func TestActionPanicIsAnError(t *testing.T) {
	r := New[*payload]()
	if err := r.Register("Crash", func(*payload) error { panic("bad state") }); err != nil {
		t.Fatal(err)
	}
	res := r.Invoke("Crash", &payload{})
	if res.Err == nil || res.Err.Error() != "panic: bad state" {
		t.Errorf("err = %v", res.Err)
	}
}

func TestPayloadChangesReachTheAction(t *testing.T) {
	r := New[map[string]any]()
	var seen any
	if err := r.Register("SendMessage", func(p map[string]any) error { seen = p["body"]; return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := r.AddListener("beforeSendMessage", "redact", func(p map[string]any, _ func(string)) error {
		p["body"] = strings.ReplaceAll(p["body"].(string), "1234", "****")
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	r.Invoke("SendMessage", map[string]any{"body": "card 1234"})
	if seen != "card ****" {
		t.Errorf("action saw %v", seen)
	}
}

// TestOnListenerErrorInOrder: a host told of failures as they happen can place them among what
// the action does: the before-listener's failure comes before the body, the after-listener's after.
func TestOnListenerErrorInOrder(t *testing.T) {
	r := newRegistry(t)
	r.OnListenerError = func(p *payload, e ListenerError) { p.log("failed " + e.Error()) }
	mustListen(t, r, "beforeAcceptTask", "a.js:1:1", func(*payload, func(string)) error { return errors.New("boom") })
	mustListen(t, r, "afterAny", "b.js:2:2", func(*payload, func(string)) error { panic("bang") })
	p := &payload{}
	res := r.Invoke("AcceptTask", p)
	want := "failed beforeAcceptTask listener of a.js:1:1 failed: boom|body AcceptTask|failed afterAny listener of b.js:2:2 failed: panic: bang"
	if got := strings.Join(p.trace, "|"); got != want {
		t.Errorf("trace\n got %s\nwant %s", got, want)
	}
	if len(res.ListenerErrors) != 2 {
		t.Errorf("the Result still lists the failures: %+v", res.ListenerErrors)
	}
}
