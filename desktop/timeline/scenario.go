package timeline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/flowctl/flowctl/flows/scenario"
	"github.com/flowctl/flowctl/internal/writefile"
)

// A desktop scenario is a timeline file with an "expect" key: the messages and console warnings
// each plugin's windows must get, in order ({"expect": {"plugins": {"crm": [{"window": "crm",
// "data": {...}}, ...]}}}). Running it compares what the plugins got with what it expects;
// updating it writes what they got into its "expect", leaving the rest of the file as written.

// Difference is one way a run differs from its scenario.
type Difference struct {
	// Kind is "changed", "missing" (expected, not sent) or "unexpected" (sent, not expected).
	Kind   string `json:"kind"`
	Plugin string `json:"plugin"`
	// Item is the 1-based position of the message among the plugin's.
	Item int `json:"item"`
	// Field is the path inside the message (data.events[0].Status), empty for a whole message.
	Field string `json:"field,omitempty"`
	// Pointer is where the expected value is (or would go) in the scenario file.
	Pointer  string `json:"pointer"`
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Message  string `json:"message"`
	Expected string `json:"expected,omitempty"`
	Actual   string `json:"actual,omitempty"`
}

// IsScenarioFile reports whether a file name is a desktop scenario's: *.desktop.json.
func IsScenarioFile(name string) bool { return strings.HasSuffix(name, ".desktop.json") }

// Outcome is the result of running one scenario file.
type Outcome struct {
	Path        string       `json:"path"`
	Differences []Difference `json:"differences"`
	// Updated is set when the file's expect was rewritten (update mode).
	Updated bool    `json:"updated,omitempty"`
	Result  *Result `json:"-"`
}

// Passed reports whether the run matched its scenario.
func (o *Outcome) Passed() bool { return len(o.Differences) == 0 }

// RunFile runs a desktop scenario file and compares, or with update rewrites its expect. This is
// what `flowctl test` calls for desktop scenarios. The error is for files that can't be read or
// run; a run that differs from its scenario is an Outcome with Differences.
func RunFile(path string, update bool) (*Outcome, error) {
	tl, err := ReadFile(path)
	if err != nil {
		return nil, err
	}
	return RunScenario(tl, update)
}

// RunScenario runs a parsed scenario.
func RunScenario(tl *Timeline, update bool) (*Outcome, error) {
	if !tl.HasExpect && !update {
		return nil, &Error{Path: tl.Path, Line: 1, Col: 1, Msg: `this timeline has no "expect": it is not a scenario (run with update to record one)`}
	}
	res, err := Run(tl)
	if err != nil {
		return nil, err
	}
	o := &Outcome{Path: tl.Path, Result: res}
	if update {
		data, err := withExpect(tl.Raw, res.Plugins)
		if err != nil {
			return nil, err
		}
		if !bytes.Equal(data, tl.Raw) {
			if err := writefile.Replace(tl.Path, data, writefile.Options{}); err != nil {
				return nil, err
			}
			o.Updated = true
		}
		return o, nil
	}
	o.Differences = Compare(tl, res.Plugins)
	return o, nil
}

// Compare lists how the plugin-visible events differ from the scenario's expect.
func Compare(tl *Timeline, actual map[string][]Item) []Difference {
	var out []Difference
	ids := map[string]bool{}
	for id := range tl.Expect {
		ids[id] = true
	}
	for id, items := range actual {
		if len(items) > 0 {
			ids[id] = true
		}
	}
	sorted := make([]string, 0, len(ids))
	for id := range ids {
		sorted = append(sorted, id)
	}
	sort.Strings(sorted)
	for _, id := range sorted {
		exp, act := tl.Expect[id], actual[id]
		base := "/expect/plugins/" + escape(id)
		for i := 0; i < len(exp) || i < len(act); i++ {
			ptr := base + "/" + strconv.Itoa(i)
			switch {
			case i >= len(act):
				out = append(out, Difference{Kind: "missing", Plugin: id, Item: i + 1, Pointer: ptr, Expected: compact(exp[i]),
					Message: fmt.Sprintf("missing: plugin %s got %d message(s), the scenario expects %d", id, len(act), len(exp))})
			case i >= len(exp):
				out = append(out, Difference{Kind: "unexpected", Plugin: id, Item: i + 1, Pointer: base, Actual: compact(act[i]),
					Message: fmt.Sprintf("unexpected: plugin %s got message %d, the scenario expects %d", id, i+1, len(exp))})
			default:
				var e, a any
				json.Unmarshal([]byte(compact(exp[i])), &e)
				json.Unmarshal([]byte(compact(act[i])), &a)
				for _, d := range diff(e, a, "") {
					d.Field = displayPath(d.Pointer)
					if d.Field == "the message" {
						d.Field = ""
					}
					d.Plugin, d.Item, d.Pointer = id, i+1, ptr+d.Pointer
					out = append(out, d)
				}
			}
		}
	}
	for i := range out {
		out[i].Line, out[i].Col = scenario.PointerPosition(tl.Raw, out[i].Pointer)
	}
	return out
}

func escape(token string) string {
	return strings.ReplaceAll(strings.ReplaceAll(token, "~", "~0"), "/", "~1")
}

func compact(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// diff lists the differences between two JSON values, at the leaves, with the pointer of each
// below the values compared.
func diff(e, a any, ptr string) []Difference {
	em, eok := e.(map[string]any)
	am, aok := a.(map[string]any)
	if eok && aok {
		keys := map[string]bool{}
		for k := range em {
			keys[k] = true
		}
		for k := range am {
			keys[k] = true
		}
		sorted := make([]string, 0, len(keys))
		for k := range keys {
			sorted = append(sorted, k)
		}
		sort.Strings(sorted)
		var out []Difference
		for _, k := range sorted {
			p := ptr + "/" + escape(k)
			ev, ein := em[k]
			av, ain := am[k]
			switch {
			case !ain:
				out = append(out, Difference{Kind: "missing", Pointer: p, Expected: compact(ev), Message: "missing: " + displayPath(p) + " is not in what the plugin got"})
			case !ein:
				out = append(out, Difference{Kind: "unexpected", Pointer: ptr, Actual: compact(av), Message: "unexpected: the plugin got " + displayPath(p) + ", which the scenario doesn't have"})
			default:
				out = append(out, diff(ev, av, p)...)
			}
		}
		return out
	}
	el, eok := e.([]any)
	al, aok := a.([]any)
	if eok && aok && len(el) == len(al) {
		var out []Difference
		for i := range el {
			out = append(out, diff(el[i], al[i], ptr+"/"+strconv.Itoa(i))...)
		}
		return out
	}
	if reflect.DeepEqual(e, a) {
		return nil
	}
	return []Difference{{Kind: "changed", Pointer: ptr, Expected: compact(e), Actual: compact(a), Message: "changed: " + displayPath(ptr)}}
}

// displayPath writes a pointer inside a message the way people read it: data.events[0].Status.
func displayPath(ptr string) string {
	var b strings.Builder
	for _, tok := range scenario.PointerTokens(ptr) {
		if _, err := strconv.Atoi(tok); err == nil {
			b.WriteString("[" + tok + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(tok)
	}
	if b.Len() == 0 {
		return "the message"
	}
	return b.String()
}

// withExpect returns the file with its expect set to the plugins' messages, keeping everything
// else as written.
func withExpect(raw []byte, plugins map[string][]Item) ([]byte, error) {
	ids := make([]string, 0, len(plugins))
	for id := range plugins {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var b bytes.Buffer
	b.WriteString("{\n    \"plugins\": {")
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		key, _ := json.Marshal(id)
		items, err := json.MarshalIndent(plugins[id], "      ", "  ")
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&b, "\n      %s: %s", key, items)
	}
	if len(ids) > 0 {
		b.WriteString("\n    ")
	}
	b.WriteString("}\n  }")
	value := b.Bytes()
	if start, end, ok := scenario.ValueSpan(raw, "/expect"); ok {
		return append(append(append([]byte{}, raw[:start]...), value...), raw[end:]...), nil
	}
	trimmed := bytes.TrimRight(raw, " \t\r\n")
	if len(trimmed) == 0 || trimmed[len(trimmed)-1] != '}' {
		return nil, fmt.Errorf("can't add expect: the file is not a JSON object")
	}
	body := bytes.TrimRight(trimmed[:len(trimmed)-1], " \t\r\n")
	sep := ","
	if bytes.HasSuffix(body, []byte("{")) {
		sep = ""
	}
	out := append(append([]byte{}, body...), []byte(sep+"\n  \"expect\": ")...)
	out = append(out, value...)
	return append(out, []byte("\n}\n")...), nil
}

// WriteText writes an outcome the way `flowctl test` reports a failing scenario: one line per
// difference, file:line:col first.
func WriteText(w io.Writer, o *Outcome) error {
	if o.Passed() {
		status := "ok"
		if o.Updated {
			status = "updated"
		}
		_, err := fmt.Fprintf(w, "%s: %s\n", o.Path, status)
		return err
	}
	for _, d := range o.Differences {
		line := fmt.Sprintf("%s:%d:%d: plugin %s, message %d: %s", o.Path, d.Line, d.Col, d.Plugin, d.Item, d.Message)
		if d.Expected != "" {
			line += "; expected " + d.Expected
		}
		if d.Actual != "" {
			line += "; got " + d.Actual
		}
		if _, err := fmt.Fprintln(w, line); err != nil {
			return err
		}
	}
	return nil
}
