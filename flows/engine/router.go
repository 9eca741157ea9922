package engine

import (
	"encoding/json"
	"fmt"
	"github.com/shopspring/decimal"
	"strconv"
	"strings"
	"time"

	"github.com/flowctl/flowctl/expressions"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
)

// Default wait limits of goflow. A flow that gives no expire_after_minutes has its messaging
// waits expire after three days, as the reference's recordings show; offline flows' waits carry
// the time they began (they never expire on their own).
const (
	defaultExpireMinutes      = 4320
	defaultVoiceExpireMinutes = 5
	// dialGraceSeconds is added to the dial and call limits for a dial wait's expiry
	dialGraceSeconds        = 30
	defaultDialLimitSeconds = 60
	defaultCallLimitSeconds = 7200
)

// route picks the exit of a node. A node with a wait that was just entered makes the session
// wait instead (waiting is true).
func (s *Session) route(sp *Sprint, run *Run, node *flows.Node, resuming bool) (*flows.Exit, bool) {
	router := node.Router
	if router == nil {
		if len(node.Exits) == 0 {
			return nil, false
		}
		return node.Exits[0], false
	}
	waitFailed := false
	if router.Wait != nil && !resuming {
		switch {
		case router.Wait.Type == flows.WaitTypeMsg && s.triggerAnswersWait(run):
		case s.startWait(sp, run, node):
			return nil, true
		default:
			waitFailed = true
		}
	}

	var category *flows.Category
	var value, input string
	var extra json.RawMessage
	timedOut := resuming && router.Wait != nil && s.resume != nil && s.resume.Type == "wait_timeout"

	switch {
	case waitFailed:
		// a wait that couldn't begin (a dial to no number) takes the default category
		category = categoryByUUID(router, router.DefaultCategoryUUID)
	case timedOut:
		category = categoryByUUID(router, router.Wait.Timeout.CategoryUUID)
	case router.Type == flows.RouterTypeRandom:
		// one draw in [0, 1) picks category floor(draw × count), whose index (from 0) is saved as
		// the result's value and the draw itself as its input, as the reference does
		if n := len(router.Categories); n > 0 {
			draw := s.eng.rnd.Float64()
			i := min(int(draw*float64(n)), n-1)
			category = router.Categories[i]
			value = strconv.Itoa(i)
			input = decimal.NewFromFloat(draw).String()
		}
	default:
		category, value, input, extra = s.switchRoute(sp, run, router)
	}
	if category == nil {
		// the reference's words: a subflow's router with no category for how the child ended
		s.fail(sp, run, "Router failed to pick a category")
		return nil, false
	}
	if router.ResultName != "" {
		// an untranslated name is saved as no localized name at all, as the reference does
		localized, _ := run.localize(category.UUID, "name", []string{""})
		loc := localized[0]
		run.saveResult(sp, router.ResultName, value, category.Name, loc, node.UUID, input, extra)
	}
	exit := exitOf(node, category.ExitUUID)
	if exit == nil {
		s.fail(sp, run, fmt.Sprintf("category %q of node %s leads to no exit", category.Name, node.UUID))
	}
	return exit, false
}

// triggerAnswersWait is the reference's rule for which wait a msg trigger's message answers: a
// msg wait is skipped (routed on the trigger's message) only when it is the very first thing to
// happen in the session, i.e. on the first node of the session's only run. Any later wait waits,
// even when no wait has read the trigger's message yet.
func (s *Session) triggerAnswersWait(run *Run) bool {
	return s.trigger != nil && s.trigger.Type == "msg" && len(s.Runs) == 1 && len(run.Path) == 1
}

func categoryByUUID(r *flows.Router, uuid string) *flows.Category {
	for _, c := range r.Categories {
		if c != nil && c.UUID == uuid {
			return c
		}
	}
	return nil
}

// switchRoute evaluates the operand and tries the cases in order; the first match picks its
// category, else the default category takes the operand as value.
func (s *Session) switchRoute(sp *Sprint, run *Run, router *flows.Router) (*flows.Category, string, string, json.RawMessage) {
	logger := func(e runtime.Event) { s.log(sp, run, e) }
	operandTpl := router.Operand
	if operandTpl == "" {
		operandTpl = "@input.text"
	}
	// As in the reference, an operand that is one expression keeps its value even when that is an
	// error, so has_error can match it; its error is only logged, as a plain error event with the
	// error's own message, if the default category has to take the operand as text.
	operand, operandErrs := run.evaluateOperand(operandTpl, logger)
	ectx := run.evalContext()
	operandText, _ := expressions.ToText(ectx, operand)

	for _, c := range router.Cases {
		if c == nil {
			continue
		}
		fn, ok := expressions.LookupFunction(c.Type)
		if !ok {
			logger(runtime.NewError(fmt.Sprintf("unknown router test %q", c.Type)))
			continue
		}
		args := make([]expressions.Value, 0, len(c.Arguments)+1)
		args = append(args, operand)
		for _, a := range c.Arguments {
			// an argument is evaluated like the operand: one expression keeps its value, an
			// error included, which then makes the test fail with that error
			v, _ := run.evaluateOperand(localizedArg(run, c, a), logger)
			args = append(args, v)
		}
		res := fn(run.evalContext(), args)
		if e, isErr := res.(*expressions.Error); isErr {
			// Called as a router test, not from an expression: the reference names it as a test
			// before the function's own error.
			logger(runtime.NewError(fmt.Sprintf("Error calling test %s(...): %s", c.Type, e.Error())))
			continue
		}
		match, extra, matched := testResult(run.evalContext(), res)
		if !matched {
			continue
		}
		cat := categoryByUUID(router, c.CategoryUUID)
		if cat == nil {
			continue
		}
		return cat, match, operandText, extra
	}
	for _, err := range operandErrs {
		logger(runtime.NewError(evalErrorReason(err)))
	}
	return categoryByUUID(router, router.DefaultCategoryUUID), operandText, operandText, nil
}

// localizedArg returns the case argument in the run's language when the flow translates it.
func localizedArg(run *Run, c *flows.Case, arg string) string {
	for i, a := range c.Arguments {
		if a == arg {
			tr, _ := run.localize(c.UUID, "arguments", c.Arguments)
			if i < len(tr) {
				return tr[i]
			}
		}
	}
	return arg
}

// testResult reads what a router test returned: an object with match (and maybe extra) when
// it matched, anything false-like when it didn't.
func testResult(ctx *expressions.EvalContext, v expressions.Value) (string, json.RawMessage, bool) {
	switch t := v.(type) {
	case nil:
		return "", nil, false
	case expressions.Boolean:
		return "", nil, bool(t)
	case *expressions.Object:
		if b, _ := expressions.ToBoolean(ctx, t); !b {
			return "", nil, false
		}
		m, _ := t.Get("match")
		text, _ := expressions.ToText(ctx, m)
		var extra json.RawMessage
		if x, ok := t.Get("extra"); ok && x != nil {
			if j, err := expressions.ToJSON(ctx, x); err == nil {
				extra = json.RawMessage(j)
			}
		}
		return text, extra, true
	default:
		b, err := expressions.ToBoolean(ctx, v)
		if err != nil || !b {
			return "", nil, false
		}
		text, _ := expressions.ToText(ctx, v)
		return text, nil, true
	}
}

// startWait logs the wait event of a node and leaves the session waiting. It reports false
// when the wait can't begin: a dial wait whose number evaluates to nothing dialable.
func (s *Session) startWait(sp *Sprint, run *Run, node *flows.Node) bool {
	w := node.Router.Wait
	now := s.eng.now()
	minutes := run.flow.ExpireAfterMinutes
	if minutes == 0 {
		switch run.flow.Type {
		case flows.FlowTypeVoice:
			minutes = defaultVoiceExpireMinutes
		case flows.FlowTypeMessagingOffline:
		default:
			minutes = defaultExpireMinutes
		}
	}
	expires := now.Add(time.Duration(minutes) * time.Minute)
	wait := &Wait{Type: w.Type, RunUUID: run.UUID, NodeUUID: node.UUID, ExpiresOn: &expires}
	switch w.Type {
	case flows.WaitTypeDial:
		ev := runtime.NewDialWait()
		phone, _ := run.EvaluateTemplate(w.Phone, func(e runtime.Event) { s.log(sp, run, e) })
		phone = dialable(phone)
		if phone == "" {
			s.log(sp, run, runtime.NewError("scheme or path cannot be empty"))
			return false
		}
		ev.URN = runtime.NormalizeURN(runtime.URN("tel:"+phone), runtime.ContactCountry(s.Contact, s.eng.env.DefaultCountry))
		ev.DialLimitSeconds = w.DialLimitSeconds
		if ev.DialLimitSeconds == 0 {
			ev.DialLimitSeconds = defaultDialLimitSeconds
		}
		ev.CallLimitSeconds = w.CallLimitSeconds
		if ev.CallLimitSeconds == 0 {
			ev.CallLimitSeconds = defaultCallLimitSeconds
		}
		// a dial wait lasts as long as the dial and the call may, and a little more
		expires = now.Add(time.Duration(ev.DialLimitSeconds+ev.CallLimitSeconds+dialGraceSeconds) * time.Second)
		ev.ExpiresOn = &expires
		s.log(sp, run, ev)
	default:
		ev := runtime.NewMsgWait()
		if w.Timeout != nil {
			secs := w.Timeout.Seconds
			ev.TimeoutSeconds = &secs
			wait.TimeoutSeconds = &secs
		}
		ev.ExpiresOn = &expires
		if w.Hint != nil {
			// only a digits hint says how many digits or what ends them
			ev.Hint = &runtime.Hint{Type: w.Hint.Type}
			if w.Hint.Type == "digits" {
				ev.Hint.Count, ev.Hint.TerminatedBy = w.Hint.Count, w.Hint.TerminatedBy
			}
		}
		s.log(sp, run, ev)
	}
	run.Status = RunWaiting
	s.Status = SessionWaiting
	s.Wait = wait
	return true
}

// dialable keeps what a phone can dial of a text: digits, with a leading + kept.
func dialable(phone string) string {
	phone = strings.TrimSpace(phone)
	var b strings.Builder
	for i, r := range phone {
		if r >= '0' && r <= '9' || r == '+' && i == 0 {
			b.WriteRune(r)
		}
	}
	if b.String() == "+" {
		return ""
	}
	return b.String()
}
