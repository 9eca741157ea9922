// Package timeline reads desktop timeline files (a desktop's set-up and what happens on it, step
// by step, on the simulation clock: arrivals, agent actions, plugin messages, customers, waits),
// runs them headlessly with all three plugin protocols, and checks desktop scenarios: a timeline
// with the plugin-visible events it must produce.
package timeline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/flowctl/flowctl/desktop"
	"github.com/flowctl/flowctl/desktop/flexactions"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/scenario"
)

// Timeline is a desktop set-up and its steps.
type Timeline struct {
	Path string
	Raw  []byte

	Start         time.Time
	Seed          uint64
	Agent         desktop.Agent
	Status        desktop.Status
	Reason        string
	CompanyID     string
	Queues        []string
	Directory     []desktop.Agent
	QuickConnects []desktop.QuickConnect
	RingTimeout   time.Duration
	ACWTimeout    time.Duration
	ChatCapacity  int
	Plugins       []desktop.Plugin
	// Scripts are Flex plugins' scripted functions, by plugin id and function name.
	Scripts flexactions.Script
	Steps   []Step
	// Expect is a scenario's plugin-visible events by plugin id (nil in a plain timeline).
	Expect map[string][]Item
	// HasExpect is set when the file has an "expect" key, even an empty one.
	HasExpect bool
}

// Step is one thing that happens. Exactly one of its kinds is set.
type Step struct {
	Pointer string // where the step is in the file ("/steps/3")

	Wait   time.Duration
	Arrive *desktop.Arrival
	// Action is an agent control (a desktop action name) with its payload.
	Action  string
	Payload map[string]any
	// Plugin sends Send from one of its windows (its contact panel for Contact), as Origin.
	Plugin  string
	Contact int
	Window  string
	Origin  string
	Send    json.RawMessage
	// Customer is a contact ("#1") whose customer Says something or HangsUp.
	Customer string
	Says     string
	HangsUp  bool
}

// Item is one thing a plugin window was sent: a message or a console warning.
type Item struct {
	Window  string `json:"window"`
	Data    any    `json:"data,omitempty"`
	Console string `json:"console,omitempty"`
}

// Error is a problem with a timeline file, at a position.
type Error struct {
	Path      string
	Line, Col int
	Pointer   string
	Msg       string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Line, e.Col, e.Msg)
}

// ReadFile reads and checks a timeline (or desktop scenario) file.
func ReadFile(path string) (*Timeline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// reader decodes a timeline, stopping at the first problem, which it reports with its position.
type reader struct {
	path string
	data []byte
	err  *Error
}

func (r *reader) fail(pointer, format string, args ...any) {
	if r.err != nil {
		return
	}
	line, col := scenario.PointerPosition(r.data, pointer)
	r.err = &Error{Path: r.path, Line: line, Col: col, Pointer: pointer, Msg: fmt.Sprintf(format, args...)}
}

// object decodes the object at pointer and checks its keys against the allowed ones.
func (r *reader) object(raw json.RawMessage, pointer string, allowed ...string) map[string]json.RawMessage {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil || m == nil {
		r.fail(pointer, "want an object")
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !slices.Contains(allowed, k) {
			hint := ""
			if best, ok := flows.Closest(k, allowed); ok {
				hint = fmt.Sprintf("; did you mean %q?", best)
			}
			r.fail(pointer+"/"+k, "unknown key %q: want one of %s%s", k, strings.Join(allowed, ", "), hint)
		}
	}
	return m
}

func (r *reader) decode(raw json.RawMessage, pointer, want string, v any) bool {
	if raw == nil {
		return false
	}
	if err := json.Unmarshal(raw, v); err != nil {
		r.fail(pointer, "want %s", want)
		return false
	}
	return true
}

func (r *reader) duration(raw json.RawMessage, pointer string) time.Duration {
	var s string
	if !r.decode(raw, pointer, `a duration such as "30s" or "1m30s"`, &s) {
		return 0
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		r.fail(pointer, "%q is not a duration: want one such as \"30s\" or \"1m30s\"", s)
	}
	return d
}

// Parse reads a timeline from data; path is for error messages.
func Parse(path string, data []byte) (*Timeline, error) {
	r := &reader{path: path, data: data}
	var probe any
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&probe); err != nil {
		line, col, msg := scenario.SyntaxPosition(data, err)
		return nil, &Error{Path: path, Line: line, Col: col, Msg: msg}
	}
	tl := &Timeline{Path: path, Raw: data, Seed: 1, Status: desktop.Available}
	top := r.object(data, "", "start", "seed", "agent", "company_id", "queues", "directory", "quick_connects",
		"ring_timeout", "acw_timeout", "chat_capacity", "plugins", "steps", "expect", "description")
	if r.err != nil {
		return nil, r.err
	}
	if raw, ok := top["start"]; ok {
		var s string
		if r.decode(raw, "/start", "an RFC 3339 time", &s) {
			t, err := time.Parse(time.RFC3339, s)
			if err != nil {
				r.fail("/start", "%q is not an RFC 3339 time such as \"2026-03-02T09:00:00Z\"", s)
			}
			tl.Start = t
		}
	}
	r.decode(top["seed"], "/seed", "a whole number", &tl.Seed)
	r.decode(top["company_id"], "/company_id", "a string", &tl.CompanyID)
	r.decode(top["queues"], "/queues", "a list of queue names", &tl.Queues)
	r.decode(top["chat_capacity"], "/chat_capacity", "a whole number", &tl.ChatCapacity)
	if raw, ok := top["ring_timeout"]; ok {
		tl.RingTimeout = r.duration(raw, "/ring_timeout")
	}
	if raw, ok := top["acw_timeout"]; ok {
		tl.ACWTimeout = r.duration(raw, "/acw_timeout")
	}
	if raw, ok := top["agent"]; ok {
		r.agent(tl, raw)
	}
	r.list(top["directory"], "/directory", func(raw json.RawMessage, p string) {
		m := r.object(raw, p, "id", "name", "username")
		var a desktop.Agent
		r.decode(m["id"], p+"/id", "a string", &a.ID)
		r.decode(m["name"], p+"/name", "a string", &a.Name)
		r.decode(m["username"], p+"/username", "a string", &a.Username)
		if a.ID == "" && a.Username == "" {
			r.fail(p, "an agent of the directory needs an id or a username")
		}
		tl.Directory = append(tl.Directory, a)
	})
	r.list(top["quick_connects"], "/quick_connects", func(raw json.RawMessage, p string) {
		m := r.object(raw, p, "name", "type", "value")
		var q desktop.QuickConnect
		r.decode(m["name"], p+"/name", "a string", &q.Name)
		r.decode(m["type"], p+"/type", "a string", &q.Target.Type)
		r.decode(m["value"], p+"/value", "a string", &q.Target.Value)
		types := []string{"agent", "queue", "phone_number"}
		if !slices.Contains(types, q.Target.Type) {
			r.fail(p+"/type", "quick connect type %q: want one of %s", q.Target.Type, strings.Join(types, ", "))
		}
		tl.QuickConnects = append(tl.QuickConnects, q)
	})
	tl.Scripts = flexactions.Script{}
	r.list(top["plugins"], "/plugins", func(raw json.RawMessage, p string) { r.plugin(tl, raw, p) })
	r.list(top["steps"], "/steps", func(raw json.RawMessage, p string) { r.step(tl, raw, p) })
	if raw, ok := top["expect"]; ok {
		tl.HasExpect = true
		r.expect(tl, raw)
	}
	if r.err != nil {
		return nil, r.err
	}
	return tl, nil
}

func (r *reader) list(raw json.RawMessage, pointer string, each func(json.RawMessage, string)) {
	if raw == nil {
		return
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		r.fail(pointer, "want a list")
		return
	}
	for i, item := range items {
		if r.err != nil {
			return
		}
		each(item, pointer+"/"+strconv.Itoa(i))
	}
}

func (r *reader) agent(tl *Timeline, raw json.RawMessage) {
	m := r.object(raw, "/agent", "id", "name", "username", "status", "reason")
	r.decode(m["id"], "/agent/id", "a string", &tl.Agent.ID)
	r.decode(m["name"], "/agent/name", "a string", &tl.Agent.Name)
	r.decode(m["username"], "/agent/username", "a string", &tl.Agent.Username)
	var status string
	if r.decode(m["status"], "/agent/status", "a string", &status) {
		allowed := []string{"LoggedOut", "LoggedIn", "Available", "Unavailable"}
		if !slices.Contains(allowed, status) {
			hint := ""
			if best, ok := flows.Closest(status, allowed); ok {
				hint = fmt.Sprintf("; did you mean %q?", best)
			}
			r.fail("/agent/status", "unknown status %q: want one of %s%s", status, strings.Join(allowed, ", "), hint)
		}
		tl.Status = desktop.Status(status)
	}
	r.decode(m["reason"], "/agent/reason", "a string", &tl.Reason)
}

func (r *reader) plugin(tl *Timeline, raw json.RawMessage, p string) {
	m := r.object(raw, p, "id", "url", "kind", "panel", "script")
	var pl desktop.Plugin
	r.decode(m["id"], p+"/id", "a string", &pl.ID)
	r.decode(m["url"], p+"/url", "a string", &pl.URL)
	r.decode(m["kind"], p+"/kind", "a string", &pl.Kind)
	r.decode(m["panel"], p+"/panel", "a string", &pl.Panel)
	kinds := []string{"max", "smartagent", "flex"}
	switch {
	case pl.ID == "":
		r.fail(p, "a plugin needs an id")
	case !slices.Contains(kinds, pl.Kind):
		r.fail(p+"/kind", "plugin kind %q: want one of %s", pl.Kind, strings.Join(kinds, ", "))
	case pl.Panel != "" && pl.Panel != "contact" && pl.Panel != "workspace":
		r.fail(p+"/panel", "panel %q: want contact or workspace", pl.Panel)
	case slices.ContainsFunc(tl.Plugins, func(x desktop.Plugin) bool { return x.ID == pl.ID }):
		r.fail(p+"/id", "plugin id %q is used twice", pl.ID)
	}
	if o, err := desktop.OriginOf(pl.URL); err != nil {
		r.fail(p+"/url", "%v", err)
	} else {
		pl.Origin = o
	}
	if raw, ok := m["script"]; ok {
		if pl.Kind != "flex" {
			r.fail(p+"/script", "only flex plugins have a script")
		}
		var script map[string]json.RawMessage
		r.decode(raw, p+"/script", "an object of functions by name", &script)
		tl.Scripts[pl.ID] = map[string]flexactions.Scripted{}
		names := make([]string, 0, len(script))
		for name := range script {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			fraw := script[name]
			fp := p + "/script/" + name
			fm := r.object(fraw, fp, "abort", "aborts", "error", "set", "call")
			var s flexactions.Scripted
			r.decode(fm["abort"], fp+"/abort", "a string", &s.Abort)
			r.decode(fm["aborts"], fp+"/aborts", "true or false", &s.Aborts)
			r.decode(fm["error"], fp+"/error", "a string", &s.Error)
			r.decode(fm["set"], fp+"/set", "an object", &s.Set)
			r.decode(fm["call"], fp+"/call", "a string", &s.Call)
			if s.Call != "" && !slices.Contains([]string{"original", "next", "none"}, s.Call) {
				r.fail(fp+"/call", "call %q: want original, next or none", s.Call)
			}
			tl.Scripts[pl.ID][name] = s
		}
	}
	tl.Plugins = append(tl.Plugins, pl)
}

var stepKinds = []string{"wait", "arrive", "agent", "plugin", "customer"}

func (r *reader) step(tl *Timeline, raw json.RawMessage, p string) {
	m := r.object(raw, p, "wait", "arrive", "agent", "payload", "plugin", "contact", "window", "origin", "send", "customer", "says", "hangs_up", "note")
	if r.err != nil {
		return
	}
	var kinds []string
	for _, k := range stepKinds {
		if _, ok := m[k]; ok {
			kinds = append(kinds, k)
		}
	}
	if len(kinds) != 1 {
		r.fail(p, "a step does one thing: want exactly one of %s, found %d", strings.Join(stepKinds, ", "), len(kinds))
		return
	}
	s := Step{Pointer: p}
	switch kinds[0] {
	case "wait":
		s.Wait = r.duration(m["wait"], p+"/wait")
	case "arrive":
		am := r.object(m["arrive"], p+"/arrive", "channel", "queue", "customer", "attributes", "message")
		var a desktop.Arrival
		var ch string
		r.decode(am["channel"], p+"/arrive/channel", "a string", &ch)
		a.Channel = desktop.Channel(ch)
		if ch != "" && ch != "voice" && ch != "chat" {
			r.fail(p+"/arrive/channel", "channel %q: want voice or chat", ch)
		}
		r.decode(am["queue"], p+"/arrive/queue", "a string", &a.Queue)
		if raw, ok := am["customer"]; ok {
			cm := r.object(raw, p+"/arrive/customer", "name", "phone", "email")
			r.decode(cm["name"], p+"/arrive/customer/name", "a string", &a.Customer.Name)
			r.decode(cm["phone"], p+"/arrive/customer/phone", "a string", &a.Customer.Phone)
			r.decode(cm["email"], p+"/arrive/customer/email", "a string", &a.Customer.Email)
		}
		r.decode(am["attributes"], p+"/arrive/attributes", "an object of strings", &a.Attributes)
		r.decode(am["message"], p+"/arrive/message", "a string", &a.Message)
		s.Arrive = &a
	case "agent":
		// the name is checked when the step runs: Flex plugins may register actions of their own
		r.decode(m["agent"], p+"/agent", "a desktop action name", &s.Action)
		r.decode(m["payload"], p+"/payload", "an object", &s.Payload)
	case "plugin":
		r.decode(m["plugin"], p+"/plugin", "a plugin id", &s.Plugin)
		if !slices.ContainsFunc(tl.Plugins, func(x desktop.Plugin) bool { return x.ID == s.Plugin }) {
			var ids []string
			for _, x := range tl.Plugins {
				ids = append(ids, x.ID)
			}
			hint := ""
			if best, ok := flows.Closest(s.Plugin, ids); ok {
				hint = fmt.Sprintf("; did you mean %q?", best)
			}
			r.fail(p+"/plugin", "no plugin %q is configured%s", s.Plugin, hint)
		}
		s.Contact = r.ref(m["contact"], p+"/contact")
		r.decode(m["window"], p+"/window", "a string", &s.Window)
		r.decode(m["origin"], p+"/origin", "a string", &s.Origin)
		s.Send = m["send"]
		if s.Send == nil {
			r.fail(p, "a plugin step needs send: the message the plugin posts")
		}
	case "customer":
		if n := r.ref(m["customer"], p+"/customer"); n > 0 {
			s.Customer = "#" + strconv.Itoa(n)
		}
		r.decode(m["says"], p+"/says", "a string", &s.Says)
		r.decode(m["hangs_up"], p+"/hangs_up", "true or false", &s.HangsUp)
		if (s.Says == "") == !s.HangsUp {
			r.fail(p, "a customer step either says something or hangs up")
		}
	}
	if _, ok := m["payload"]; ok && kinds[0] != "agent" {
		r.fail(p+"/payload", "payload belongs to agent steps")
	}
	for _, k := range []string{"contact", "window", "origin", "send"} {
		if _, ok := m[k]; ok && kinds[0] != "plugin" {
			r.fail(p+"/"+k, "%s belongs to plugin steps", k)
		}
	}
	for _, k := range []string{"says", "hangs_up"} {
		if _, ok := m[k]; ok && kinds[0] != "customer" {
			r.fail(p+"/"+k, "%s belongs to customer steps", k)
		}
	}
	tl.Steps = append(tl.Steps, s)
}

// ref reads a contact reference "#n".
func (r *reader) ref(raw json.RawMessage, pointer string) int {
	var s string
	if !r.decode(raw, pointer, `a contact reference such as "#1"`, &s) {
		return 0
	}
	n, err := strconv.Atoi(strings.TrimPrefix(s, "#"))
	if !strings.HasPrefix(s, "#") || err != nil || n < 1 {
		r.fail(pointer, "%q is not a contact reference: want \"#1\" for the first contact that arrived", s)
		return 0
	}
	return n
}

func (r *reader) expect(tl *Timeline, raw json.RawMessage) {
	m := r.object(raw, "/expect", "plugins")
	tl.Expect = map[string][]Item{}
	if m["plugins"] == nil {
		return
	}
	var byPlugin map[string]json.RawMessage
	if !r.decode(m["plugins"], "/expect/plugins", "an object of lists by plugin id", &byPlugin) {
		return
	}
	ids := make([]string, 0, len(byPlugin))
	for id := range byPlugin {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		list := byPlugin[id]
		p := "/expect/plugins/" + id
		if !slices.ContainsFunc(tl.Plugins, func(x desktop.Plugin) bool { return x.ID == id }) {
			r.fail(p, "no plugin %q is configured", id)
		}
		tl.Expect[id] = []Item{}
		r.list(list, p, func(raw json.RawMessage, ip string) {
			im := r.object(raw, ip, "window", "data", "console")
			var it Item
			r.decode(im["window"], ip+"/window", "a string", &it.Window)
			r.decode(im["console"], ip+"/console", "a string", &it.Console)
			if d, ok := im["data"]; ok {
				var v any
				r.decode(d, ip+"/data", "JSON", &v)
				it.Data = v
			}
			tl.Expect[id] = append(tl.Expect[id], it)
		})
	}
}
