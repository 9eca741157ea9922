package docgen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"

	"github.com/flowctl/flowctl/actions"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/engine"
	"github.com/flowctl/flowctl/flows/runtime"
)

func actionsPage(root string, ex *execution) ([]byte, error) {
	docs, err := typeDocs(filepath.Join(root, "actions"))
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString("# Actions\n\n")
	b.WriteString(generatedNote)
	b.WriteString("Every action has `uuid` (required, a UUID) and `type`. Fields marked *template* are evaluated as\n")
	b.WriteString("@-templates; *localized* ones may be translated in the flow's `localization`. Rules are\n")
	b.WriteString("go-playground/validator tags, checked by `flowctl validate`. Each example is the first action of\n")
	b.WriteString("its type that the example scenarios run, with the events the engine logged for it (without the\n")
	b.WriteString("`uuid` and `created_on` every event has).\n\n")
	b.WriteString("| type | flow types | |\n| --- | --- | --- |\n")
	types := actions.Types()
	for _, typ := range types {
		ctor, _ := actions.Lookup(typ)
		a := ctor()
		fmt.Fprintf(&b, "| [`%s`](#%s) | %s | %s |\n", typ, anchor(typ), flowTypes(a.AllowedFlowTypes()), firstSentence(typeSummary(goName(a), docs[goName(a)])))
	}
	for _, typ := range types {
		ctor, _ := actions.Lookup(typ)
		a := ctor()
		summary := typeSummary(goName(a), docs[goName(a)])
		if summary == "" {
			return nil, fmt.Errorf("action type %s: its struct %s has no doc comment", typ, goName(a))
		}
		fmt.Fprintf(&b, "\n## `%s`\n\n%s\n\nFlow types: %s.", typ, summary, flowTypes(a.AllowedFlowTypes()))
		if _, ok := a.(flows.Validator); ok {
			b.WriteString(" Has rules beyond its fields' (a `Validate` method).")
		}
		b.WriteString("\n\n| field | JSON | rules | |\n| --- | --- | --- | --- |\n")
		writeFields(&b, reflect.TypeOf(a).Elem())
		e := ex.actions[typ]
		if e == nil {
			return nil, fmt.Errorf("no example scenario under %s runs a %s action; add one", scenarioDir, typ)
		}
		fmt.Fprintf(&b, "\nExample (from `%s`):\n\n", e.Scenario)
		fence(&b, "json", e.Action)
		if len(e.Events) == 0 {
			b.WriteString("\nLogged no events.\n")
			continue
		}
		b.WriteString("\nLogged:\n\n")
		fence(&b, "json", bytes.Join(e.Events, []byte("\n")))
	}
	return b.Bytes(), nil
}

// goName is the Go type name of an action's struct.
func goName(a flows.Action) string {
	t := reflect.TypeOf(a)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.Name()
}

func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	return s
}

func flowTypes(fts []flows.FlowType) string {
	if len(fts) == len(flows.FlowTypes) {
		return "all"
	}
	s := make([]string, len(fts))
	for i, ft := range fts {
		s[i] = "`" + string(ft) + "`"
	}
	return strings.Join(s, ", ")
}

// writeFields lists an action struct's fields as they appear in flow files.
func writeFields(b *bytes.Buffer, t reflect.Type) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous { // the base: uuid and type
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		var notes []string
		for part := range strings.SplitSeq(f.Tag.Get("flow"), ",") {
			if part != "" {
				notes = append(notes, "*"+part+"*")
			}
		}
		rules := f.Tag.Get("validate")
		if rules != "" {
			rules = "`" + strings.ReplaceAll(rules, "|", `\|`) + "`"
		}
		fmt.Fprintf(b, "| `%s` | %s | %s | %s |\n", name, jsonType(f.Type), rules, strings.Join(notes, ", "))
	}
}

// jsonType says how a Go field type appears in flow files.
func jsonType(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	ref := reflect.TypeFor[flows.AssetRef]()
	switch {
	case t == reflect.TypeFor[json.RawMessage]():
		return "any" // kept as written: the engine reads any JSON value there
	case t.Implements(ref) || reflect.PointerTo(t).Implements(ref):
		kind := strings.TrimSuffix(string(reflect.New(t).Interface().(flows.AssetRef).Kind()), "s")
		if t.Kind() == reflect.String {
			return "string (" + kind + " reference)"
		}
		return "object (" + kind + " reference)"
	case t.Kind() == reflect.String:
		return "string"
	case t.Kind() == reflect.Bool:
		return "boolean"
	case t.Kind() == reflect.Slice:
		return "array of " + jsonType(t.Elem())
	case t.Kind() == reflect.Map:
		return "object of " + jsonType(t.Elem())
	case t.PkgPath() == "github.com/shopspring/decimal":
		return "number"
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Float64:
		return "number"
	case t.Kind() == reflect.Struct:
		return "object"
	}
	return t.Kind().String()
}

func eventsPage(root string, ex *execution) ([]byte, error) {
	events, err := eventTypes(filepath.Join(root, "flows", "runtime"))
	if err != nil {
		return nil, err
	}
	if len(events) == 0 {
		return nil, fmt.Errorf("no event types found in flows/runtime")
	}
	for _, es := range eventSessions {
		sprints, err := session(es.flow, manualTrigger(es.uuid, "Example"))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", es.source, err)
		}
		ex.record(sprints[0], es.source)
	}
	var b bytes.Buffer
	b.WriteString("# Events\n\n")
	b.WriteString(generatedNote)
	b.WriteString("What a session logs as it runs, in goflow's event JSON: `flowctl run` prints them and scenario\n")
	b.WriteString("outputs record them. Every event has `type`, `uuid` and `created_on`; the examples leave out\n")
	b.WriteString("the last two. Each example is the first event of its type that the engine logged running the\n")
	b.WriteString("example scenarios and the small sessions named with it, or, for events that only arrive inside\n")
	b.WriteString("resumes, the event a resume example carries as the engine read it.\n\n")
	b.WriteString("| type | |\n| --- | --- |\n")
	for _, e := range events {
		fmt.Fprintf(&b, "| [`%s`](#%s) | %s |\n", e.Name, anchor(e.Name), firstSentence(e.Doc))
	}
	for _, e := range events {
		fmt.Fprintf(&b, "\n## `%s`\n\n%s\n", e.Name, e.Doc)
		if len(e.Fields) > 0 {
			var always, optional []string
			for _, f := range e.Fields {
				if f.Optional {
					optional = append(optional, "`"+f.JSON+"`")
				} else {
					always = append(always, "`"+f.JSON+"`")
				}
			}
			if len(always) > 0 {
				fmt.Fprintf(&b, "\nFields: %s.", strings.Join(always, ", "))
			}
			if len(optional) > 0 {
				fmt.Fprintf(&b, "\nWhen set: %s.", strings.Join(optional, ", "))
			}
			b.WriteString("\n")
		}
		if example, ok := ex.events[e.Name]; ok {
			fmt.Fprintf(&b, "\nExample (from %s):\n\n", ex.source[e.Name])
			fence(&b, "json", example)
		} else {
			return nil, fmt.Errorf("event %s: no example scenario, trigger or resume example logs it; add one", e.Name)
		}
	}
	return b.Bytes(), nil
}

func triggersPage(_ string, ex *execution) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("# Triggers\n\n")
	b.WriteString(generatedNote)
	b.WriteString("A trigger starts a session: it names the flow and says why the flow starts. Scenarios give it\n")
	b.WriteString("as `trigger` (a manual trigger when left out) and templates read it as `@trigger`. Each example\n")
	b.WriteString("starts this flow and shows the events of the session:\n\n")
	fence(&b, "json", []byte(triggerFlow))
	for _, typ := range engine.TriggerTypes() {
		info, ok := triggers[typ]
		if !ok {
			return nil, fmt.Errorf("trigger type %s has no description in flows/docgen", typ)
		}
		sprints, err := session(triggerFlow, info.JSON)
		if err != nil {
			return nil, fmt.Errorf("trigger %s: %w", typ, err)
		}
		ex.record(sprints[0], fmt.Sprintf("the %s example of triggers.md", typ))
		fmt.Fprintf(&b, "\n## `%s`\n\n%s\n\n", typ, info.Summary)
		fence(&b, "json", []byte(info.JSON))
		b.WriteString("\nLogged:\n\n")
		fence(&b, "json", joinEvents(sprints[0]))
	}
	return b.Bytes(), nil
}

func resumesPage(_ string, ex *execution) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("# Resumes\n\n")
	b.WriteString(generatedNote)
	b.WriteString("A resume continues a session that waits: for a message, or for a dial on a call. Scenarios give\n")
	b.WriteString("them as `resumes` (and `inputs`, a shorthand for msg resumes). The examples resume a session of\n")
	b.WriteString("one of these flows, started by a manual trigger, and show the events of the resumed sprint.\n\n")
	b.WriteString("<details><summary>The flows</summary>\n\n")
	fence(&b, "json", []byte(waitFlow))
	b.WriteString("\n")
	fence(&b, "json", []byte(dialFlow))
	b.WriteString("\n</details>\n")
	acceptsTable(&b)
	for _, typ := range engine.ResumeTypes() {
		info, ok := resumes[typ]
		if !ok {
			return nil, fmt.Errorf("resume type %s has no description in flows/docgen", typ)
		}
		uuid, name := "d0c5e000-0000-4000-8000-000000000002", "Resume Example"
		if info.Flow == dialFlow {
			uuid, name = "d0c5e000-0000-4000-8000-000000000003", "Dial Example"
		}
		sprints, err := session(info.Flow, manualTrigger(uuid, name), info.JSON)
		if err != nil {
			return nil, fmt.Errorf("resume %s: %w", typ, err)
		}
		ex.record(sprints[0], fmt.Sprintf("the start of the %s example of resumes.md", typ))
		ex.record(sprints[1], fmt.Sprintf("the %s example of resumes.md", typ))
		carried, err := resumeEvent(info.JSON)
		if err != nil {
			return nil, fmt.Errorf("resume %s: %w", typ, err)
		}
		if carried != nil {
			ex.record([]runtime.Event{carried}, fmt.Sprintf("the event the %s resume of resumes.md carries, as the engine reads it", typ))
		}
		fmt.Fprintf(&b, "\n## `%s`\n\n%s It resumes the *%s* flow.\n\n", typ, info.Summary, name)
		fence(&b, "json", []byte(info.JSON))
		b.WriteString("\nLogged:\n\n")
		fence(&b, "json", joinEvents(sprints[1]))
	}
	return b.Bytes(), nil
}

// acceptsTable writes which wait takes which resume, from the engine's own rule.
func acceptsTable(b *bytes.Buffer) {
	b.WriteString("\n## Which wait takes which resume\n\n")
	b.WriteString("A resume its wait doesn't take is refused before anything happens (`resume of type dial not\n")
	b.WriteString("accepted by wait of type msg`): no event is logged and the session still waits, so another resume\n")
	b.WriteString("may follow. A session that no longer waits takes no resume.\n\n")
	types := engine.ResumeTypes()
	b.WriteString("| wait |")
	for _, typ := range types {
		fmt.Fprintf(b, " `%s` |", typ)
	}
	b.WriteString("\n| --- |" + strings.Repeat(" --- |", len(types)) + "\n")
	for _, w := range []struct {
		name       string
		typ        flows.WaitType
		hasTimeout bool
	}{
		{"msg, without a timeout", flows.WaitTypeMsg, false},
		{"msg, with a timeout", flows.WaitTypeMsg, true},
		{"dial", flows.WaitTypeDial, false},
	} {
		fmt.Fprintf(b, "| %s |", w.name)
		for _, typ := range types {
			mark := "refused"
			if engine.Accepts(w.typ, w.hasTimeout, typ) {
				mark = "takes"
			}
			fmt.Fprintf(b, " %s |", mark)
		}
		b.WriteString("\n")
	}
}

func joinEvents(events []runtime.Event) []byte {
	parts := make([][]byte, len(events))
	for i, e := range events {
		parts[i] = eventJSON(e)
	}
	return bytes.Join(parts, []byte("\n"))
}

// resumeEvent decodes the event a resume carries into the runtime's type for it, so that events
// which only ever arrive inside resumes (the engine reads them, it doesn't log them) get an
// example that the engine's own types produced. A resume without an event gives nil.
func resumeEvent(resumeJSON string) (runtime.Event, error) {
	r, err := engine.ReadResume([]byte(resumeJSON))
	if err != nil {
		return nil, err
	}
	var e runtime.Event
	switch {
	case r.Msg != nil:
		return r.Msg, nil
	case r.Dial != nil:
		return runtime.NewDialEnded(*r.Dial), nil
	case r.Type == "wait_timeout":
		e = runtime.NewWaitTimedOut()
	case r.Type == "wait_expiration":
		e = runtime.NewWaitExpired()
	default:
		return nil, nil
	}
	if len(r.Event) == 0 {
		return nil, nil
	}
	want := e.Type()
	if err := json.Unmarshal(r.Event, e); err != nil {
		return nil, fmt.Errorf("/event: %w", err)
	}
	if got := e.Type(); got != want {
		return nil, fmt.Errorf("/event: a %s resume carries %s events, not %s", r.Type, want, got)
	}
	return e, nil
}
