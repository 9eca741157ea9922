package engine

import (
	"encoding/json"
	"errors"
	mathrand "math/rand/v2"
	"time"

	"github.com/flowctl/flowctl/expressions"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
)

// actionRun is the view of a run that actions get (runtime.Run). It is a separate type because
// the Run struct's exported fields would clash with the interface's method names.
type actionRun struct {
	r  *Run
	sp *Sprint
	// http answers the run's HTTP calls instead of the engine's client (see WithHTTP)
	http HTTPClient
	// depth counts actions invoking actions (see InvokeAction)
	depth int
}

var _ runtime.Run = (*actionRun)(nil)

func (a *actionRun) UUID() string                  { return a.r.UUID }
func (a *actionRun) Flow() *flows.Flow             { return a.r.flow }
func (a *actionRun) Contact() *runtime.Contact     { return a.r.session.Contact }
func (a *actionRun) Env() *expressions.Environment { return a.r.session.env() }
func (a *actionRun) Assets() *flows.Assets         { return a.r.session.eng.assets }
func (a *actionRun) Locations() expressions.LocationResolver {
	return a.r.session.eng.locationIndex()
}
func (a *actionRun) Now() time.Time         { return a.r.session.eng.peek() }
func (a *actionRun) ReadClock() time.Time   { return a.r.session.eng.now() }
func (a *actionRun) Random() *mathrand.Rand { return a.r.session.eng.rnd }
func (a *actionRun) ReadDateTime(text string) (time.Time, bool) {
	dt, ok := expressions.ReadDateTime(a.r.evalContext(), text, true)
	return dt.Time, ok
}
func (a *actionRun) NewUUID() string             { return a.r.session.eng.newUUID() }
func (a *actionRun) Input() *runtime.MsgReceived { return a.r.session.Input }
func (a *actionRun) Session() runtime.Session    { return a.r.session }
func (a *actionRun) Language() string            { return a.r.language() }

func (a *actionRun) Info() runtime.RunInfo {
	info := runtime.RunInfo{CreatedOn: a.r.CreatedOn, Results: map[string]runtime.ResultInfo{}}
	for _, st := range a.r.Path {
		info.Path = append(info.Path, runtime.StepInfo{NodeUUID: st.NodeUUID, ArrivedOn: st.ArrivedOn})
	}
	for k, r := range a.r.Results {
		info.Results[k] = runtime.ResultInfo{Name: r.Name, Value: r.Value, Category: r.Category, NodeUUID: r.NodeUUID,
			CategoryLocalized: r.CategoryLocalized, Input: r.Input, CreatedOn: r.CreatedOn}
	}
	return info
}

func (a *actionRun) EvaluateTemplate(tpl string, log runtime.Logger) (string, bool) {
	return a.r.EvaluateTemplate(tpl, log)
}

func (a *actionRun) EvaluateTemplateEscaped(tpl string, escape func(string) string, log runtime.Logger) (string, bool) {
	if expressions.IsLiteral(tpl) {
		return tpl, true
	}
	t, _ := expressions.ParseTemplate(tpl)
	ctx := a.r.evalContext()
	out, errs := t.RenderEscaped(ctx, escape)
	logEvalErrors(errs, log)
	logWarnings(ctx, log)
	return out, len(errs) == 0
}

func (a *actionRun) EvaluateTemplateValue(tpl string, log runtime.Logger) (expressions.Value, bool) {
	return a.r.evaluateValue(tpl, log)
}

func (a *actionRun) Localize(uuid, prop string, native []string) ([]string, string) {
	return a.r.localize(uuid, prop, native)
}

func (a *actionRun) SaveResult(name, value, category, categoryLocalized, input string, extra json.RawMessage, log runtime.Logger) {
	node := ""
	if st := a.r.lastStep(); st != nil {
		node = st.NodeUUID
	}
	a.r.saveResult(a.sp, name, value, category, categoryLocalized, node, input, extra)
}

func (a *actionRun) Locals() map[string]string {
	if a.r.LocalVars == nil {
		a.r.LocalVars = map[string]string{}
	}
	a.r.invalidate()
	return a.r.LocalVars
}

func (a *actionRun) SetWebhook(call *runtime.WebhookCall) {
	a.r.Webhook = call
	a.r.invalidate()
}

func (a *actionRun) HTTP(req *runtime.HTTPRequest) *runtime.HTTPResponse {
	return a.r.session.doHTTP(withDefaultServices(a.client(), req), req)
}

func (a *actionRun) client() HTTPClient {
	if a.http != nil {
		return a.http
	}
	return a.r.session.eng.http
}

func (a *actionRun) Mocked(url string) bool { return mocked(a.client(), url) }

func (a *actionRun) EnterFlow(flow *flows.Flow, terminal bool) {
	a.r.session.pushed = &pushedFlow{flow: flow, terminal: terminal}
}

func (a *actionRun) ContactChanged(log runtime.Logger) {
	a.r.session.contactChanged()
	a.r.session.refreshGroups(log, true)
	a.r.session.invalidateAll()
}

// EvaluateTemplate renders a template in the run's context, logging each evaluation error as
// an error event, then the warnings of the deprecated context paths it read.
func (r *Run) EvaluateTemplate(tpl string, log runtime.Logger) (string, bool) {
	if expressions.IsLiteral(tpl) {
		return tpl, true
	}
	ctx := r.evalContext()
	out, errs := expressions.EvaluateTemplate(ctx, tpl)
	logEvalErrors(errs, log)
	logWarnings(ctx, log)
	return out, len(errs) == 0
}

// evaluateValue evaluates a template keeping the type of a single expression.
func (r *Run) evaluateValue(tpl string, log runtime.Logger) (expressions.Value, bool) {
	if expressions.IsLiteral(tpl) {
		return expressions.NewText(tpl), true
	}
	t, _ := expressions.ParseTemplate(tpl)
	ctx := r.evalContext()
	v, errs := t.RenderValue(ctx)
	logEvalErrors(errs, log)
	logWarnings(ctx, log)
	if len(errs) > 0 {
		return nil, false
	}
	return v, true
}

// evaluateOperand evaluates a router's operand. When the operand is a single expression whose
// value is an error, the error value is returned with its errors unlogged, for the caller to log
// only if it reads the operand as text; any other errors are logged at once. Warnings are logged
// at once either way, as the reference does.
func (r *Run) evaluateOperand(tpl string, log runtime.Logger) (expressions.Value, []error) {
	if expressions.IsLiteral(tpl) {
		return expressions.NewText(tpl), nil
	}
	t, _ := expressions.ParseTemplate(tpl)
	ctx := r.evalContext()
	v, errs := t.RenderValue(ctx)
	if _, isErr := v.(*expressions.Error); isErr {
		logWarnings(ctx, log)
		return v, errs
	}
	logEvalErrors(errs, log)
	logWarnings(ctx, log)
	return v, nil
}

// logWarnings logs the warnings of the evaluation just made in ctx: reading deprecated context
// paths (@contact.id, @legacy_extra, @child.run.status, ...), each once per expression, after the
// evaluation's errors, as the reference logs them.
func logWarnings(ctx *expressions.EvalContext, log runtime.Logger) {
	for _, w := range ctx.TakeWarnings() {
		if log != nil {
			log(runtime.NewWarning("context:deprecated", w))
		}
	}
}

func logEvalErrors(errs []error, log runtime.Logger) {
	for _, err := range errs {
		expr := ""
		var ee *expressions.EvalError
		if errors.As(err, &ee) {
			expr = ee.Expression
		}
		if log != nil {
			log(runtime.NewCodedError("expression", "Error evaluating expression: "+evalErrorReason(err), map[string]string{"expression": expr}))
		}
	}
}

// evalErrorReason is what went wrong in an evaluation, without the expression it was in.
func evalErrorReason(err error) string {
	var ee *expressions.EvalError
	if errors.As(err, &ee) {
		return ee.Reason()
	}
	return err.Error()
}

// language is the language the run talks in: the contact's when the environment allows it,
// else the flow's own.
func (r *Run) language() string {
	c := r.session.Contact
	env := r.session.eng.env
	if c != nil && c.Language != "" && contains(env.AllowedLanguages, c.Language) {
		return c.Language
	}
	return flowLanguage(r.flow)
}

func flowLanguage(f *flows.Flow) string {
	if f.Language == "" || f.Language == "base" {
		return "und"
	}
	return f.Language
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// languages are the languages the run looks for translations in, in order: the contact's (when
// allowed), the environment's default, then the flow's own, which needs no translation.
func (r *Run) languages() []string {
	langs := make([]string, 0, 3)
	if c := r.session.Contact; c != nil && c.Language != "" && contains(r.session.eng.env.AllowedLanguages, c.Language) {
		langs = append(langs, c.Language)
	}
	if def := r.session.eng.env.Language(); def != "" && !contains(langs, def) {
		langs = append(langs, def)
	}
	return append(langs, flowLanguage(r.flow))
}

// localize returns an item's property in the first of the run's languages that translates it,
// as translated, or native (in the flow's language), and the language used. A translation is
// taken whole, as the reference takes it: it isn't merged with the flow's own texts.
func (r *Run) localize(uuid, prop string, native []string) ([]string, string) {
	flowLang := flowLanguage(r.flow)
	for _, lang := range r.languages() {
		if lang == flowLang {
			break
		}
		if tr := r.flow.Localization.Translation(lang, uuid, prop); tr != nil {
			return tr, lang
		}
	}
	return native, flowLang
}

// saveResult saves a result and logs run_result_changed, with the previous value when the
// result was set before, unless neither the value nor the category changed. Saving reads the clock twice before the event (the result's time,
// then the run's), as the reference does.
func (r *Run) saveResult(sp *Sprint, name, value, category, categoryLocalized, node, input string, extra json.RawMessage) {
	key := flows.ResultKey(name)
	if r.Results == nil {
		r.Results = map[string]*Result{}
	}
	prev := r.Results[key]
	if !r.legacyGathered {
		r.gatherLegacyExtra() // from the results before this one, which is then added
	}
	now := r.session.eng.now()
	r.session.eng.now()
	r.Results[key] = &Result{Name: name, Value: value, Category: category, CategoryLocalized: categoryLocalized,
		NodeUUID: node, Input: input, Extra: extra, CreatedOn: now}
	r.addLegacyResult(name, extra)
	// as in the reference, the result is saved anew but only a change of value or category is
	// an event
	if prev != nil && prev.Value == value && prev.Category == category {
		r.invalidate()
		return
	}
	ev := runtime.NewRunResultChanged()
	ev.Name, ev.Value, ev.Category, ev.Extra = name, value, category, extra
	if prev != nil {
		ev.Previous = &runtime.PreviousResult{Value: prev.Value, Category: prev.Category}
	}
	r.session.log(sp, r, ev)
}

// contactChannel is the channel messages to the contact go out on, or nil.
func (s *Session) contactChannel() *flows.Asset {
	_, ch := runtime.Route(s.Contact, s.eng.assets)
	return ch
}

// takeInput notes that a message reached the run. The first message a run gets reads the
// clock once, as in the reference (a trigger's message once the first run stands at its first
// node; a reply when it resumes the run).
func (r *Run) takeInput() {
	if !r.HadInput {
		r.HadInput = true
		r.session.eng.now()
	}
}
