package sim

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/flowctl/flowctl/findings"
	"github.com/flowctl/flowctl/internal/jsontree"
	"github.com/flowctl/flowctl/internal/suggest"
	"github.com/flowctl/flowctl/routing"
)

// Scenario is a routing scenario file: a workflow and a workspace, tasks arriving at given
// times, how workers answer their reservations and when they change activity. The expected
// events ("outputs", "expect") are read by flowctl test, as for flow scenarios.
//
//	{
//	  "workflow": "support.workflow.json",
//	  "workspace": "workspace.json",
//	  "now": "2025-05-05T09:00:00Z",
//	  "tasks": [{"at": 0, "attributes": {"type": "support"}}],
//	  "workers": {"Alice": {"answers": [{"reject": 5}, {"accept": 2, "complete": 300}]}},
//	  "activity": [{"at": 60, "worker": "Bob", "activity": "Available"}],
//	  "until": 3600
//	}
type Scenario struct {
	Path      string
	Workflow  string
	Workspace string
	Now       time.Time
	// Until stops the simulation this many seconds after the start (nil: when nothing is left
	// to happen).
	Until    *float64
	Tasks    []TaskSpec
	Workers  []WorkerScript
	Activity []ActivityChange
}

// WorkerScript is how one worker answers reservations.
type WorkerScript struct {
	Worker  string
	Answers []Answer
	Default *Answer
}

// ActivityChange is a worker's scripted change of activity.
type ActivityChange struct {
	At       float64
	Worker   string
	Activity string
	line     int
	col      int
}

// Error is a problem with a scenario file, at a place in it.
type Error struct {
	Path      string
	Line, Col int
	Msg       string
}

func (e *Error) Error() string {
	if e.Line == 0 {
		return e.Path + ": " + e.Msg
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Line, e.Col, e.Msg)
}

// IsScenario says whether a scenario file's content is a routing scenario (it names a
// workflow) rather than a flow scenario.
func IsScenario(src []byte) bool {
	n, err := jsontree.Parse(src)
	return err == nil && n.Kind == jsontree.Object && n.Get("workflow") != nil
}

var scenarioKeys = []string{"workflow", "workspace", "now", "until", "tasks", "workers", "activity", "outputs", "expect", "description"}

// ParseScenario reads a routing scenario.
func ParseScenario(path string, src []byte) (*Scenario, error) {
	root, serr := jsontree.Parse(src)
	lines := findings.NewLines(src)
	fail := func(off int, format string, args ...any) error {
		l, c := lines.Position(off)
		return &Error{Path: path, Line: l, Col: c, Msg: fmt.Sprintf(format, args...)}
	}
	if serr != nil {
		return nil, fail(serr.Offset, "%s", serr.Msg)
	}
	if root.Kind != jsontree.Object {
		return nil, fail(root.Start, "a routing scenario is a JSON object, not %s", root.Kind)
	}
	sc := &Scenario{Path: path, Now: DefaultStart}
	for _, m := range root.Members {
		if !contains(scenarioKeys, m.Key) {
			return nil, fail(m.KeyStart, "unknown key %q in a routing scenario%s", m.Key, hint(m.Key, scenarioKeys))
		}
	}
	str := func(n *jsontree.Node, what string) (string, error) {
		if n.Kind != jsontree.String || n.Text == "" {
			return "", fail(n.Start, "%s must be a non-empty string", what)
		}
		return n.Text, nil
	}
	num := func(n *jsontree.Node, what string) (float64, error) {
		if n.Kind != jsontree.Number || n.Num < 0 || math.IsInf(n.Num, 0) {
			return 0, fail(n.Start, "%s must be a number of seconds, 0 or more", what)
		}
		return n.Num, nil
	}
	var err error
	w := root.Get("workflow")
	if w == nil {
		return nil, fail(root.Start, `a routing scenario needs "workflow": the workflow file, relative to the scenario`)
	}
	if sc.Workflow, err = str(w, `"workflow"`); err != nil {
		return nil, err
	}
	if n := root.Get("workspace"); n != nil {
		if sc.Workspace, err = str(n, `"workspace"`); err != nil {
			return nil, err
		}
	}
	if n := root.Get("now"); n != nil {
		s, err := str(n, `"now"`)
		if err != nil {
			return nil, err
		}
		t, perr := time.Parse(time.RFC3339Nano, s)
		if perr != nil {
			return nil, fail(n.Start, `"now" must be an RFC 3339 time such as 2025-05-05T09:00:00Z, not %q`, s)
		}
		sc.Now = t.UTC()
	}
	if n := root.Get("until"); n != nil {
		u, err := num(n, `"until"`)
		if err != nil {
			return nil, err
		}
		sc.Until = &u
	}
	if n := root.Get("tasks"); n != nil {
		if n.Kind != jsontree.Array {
			return nil, fail(n.Start, `"tasks" must be a list of tasks`)
		}
		for _, it := range n.Items {
			t, err := parseTask(it, fail, num)
			if err != nil {
				return nil, err
			}
			sc.Tasks = append(sc.Tasks, t)
		}
	}
	if n := root.Get("workers"); n != nil {
		if n.Kind != jsontree.Object {
			return nil, fail(n.Start, `"workers" must be an object of scripts by worker name: {"Alice": {"answers": [...]}}`)
		}
		for _, m := range n.Members {
			ws := WorkerScript{Worker: m.Key}
			v := m.Value
			if v.Kind == jsontree.Array { // a bare list of answers
				v = &jsontree.Node{Kind: jsontree.Object, Members: []jsontree.Member{{Key: "answers", Value: v}}, Start: v.Start}
			}
			if v.Kind != jsontree.Object {
				return nil, fail(v.Start, `the script of %q must be {"answers": [...], "default": {...}} or a list of answers`, m.Key)
			}
			for _, k := range v.Members {
				switch k.Key {
				case "answers":
					if k.Value.Kind != jsontree.Array {
						return nil, fail(k.Value.Start, `"answers" must be a list`)
					}
					for _, a := range k.Value.Items {
						ans, err := parseAnswer(a, fail, num)
						if err != nil {
							return nil, err
						}
						ws.Answers = append(ws.Answers, ans)
					}
				case "default":
					ans, err := parseAnswer(k.Value, fail, num)
					if err != nil {
						return nil, err
					}
					ws.Default = &ans
				default:
					return nil, fail(k.KeyStart, "unknown key %q in the script of %q: expected answers or default%s", k.Key, m.Key, hint(k.Key, []string{"answers", "default"}))
				}
			}
			sc.Workers = append(sc.Workers, ws)
		}
	}
	if n := root.Get("activity"); n != nil {
		if n.Kind != jsontree.Array {
			return nil, fail(n.Start, `"activity" must be a list of {"at": seconds, "worker": name, "activity": name}`)
		}
		for _, it := range n.Items {
			if it.Kind != jsontree.Object {
				return nil, fail(it.Start, `an activity change is {"at": seconds, "worker": name, "activity": name}`)
			}
			var ac ActivityChange
			ac.line, ac.col = lines.Position(it.Start)
			for _, k := range it.Members {
				switch k.Key {
				case "at":
					if ac.At, err = num(k.Value, `"at"`); err != nil {
						return nil, err
					}
				case "worker":
					if ac.Worker, err = str(k.Value, `"worker"`); err != nil {
						return nil, err
					}
				case "activity":
					if ac.Activity, err = str(k.Value, `"activity"`); err != nil {
						return nil, err
					}
				default:
					return nil, fail(k.KeyStart, "unknown key %q in an activity change%s", k.Key, hint(k.Key, []string{"at", "worker", "activity"}))
				}
			}
			if ac.Worker == "" || ac.Activity == "" {
				return nil, fail(it.Start, `an activity change needs "worker" and "activity"`)
			}
			sc.Activity = append(sc.Activity, ac)
		}
	}
	return sc, nil
}

func parseTask(n *jsontree.Node, fail func(int, string, ...any) error, num func(*jsontree.Node, string) (float64, error)) (TaskSpec, error) {
	var t TaskSpec
	if n.Kind != jsontree.Object {
		return t, fail(n.Start, `a task is {"at": seconds, "attributes": {...}}`)
	}
	keys := []string{"at", "attributes", "priority", "timeout", "channel", "sid"}
	for _, m := range n.Members {
		v := m.Value
		var err error
		switch m.Key {
		case "at":
			t.At, err = num(v, `"at"`)
		case "attributes":
			if v.Kind != jsontree.Object {
				return t, fail(v.Start, `"attributes" must be an object`)
			}
			t.Attributes = v.Interface().(map[string]any)
		case "priority":
			if v.Kind != jsontree.Number || v.Num != math.Trunc(v.Num) || v.Num < 0 || v.Num > routing.MaxPriority {
				return t, fail(v.Start, `"priority" must be a whole number from 0 to 2,147,483,647`)
			}
			t.Priority = int(v.Num)
		case "timeout":
			if v.Kind != jsontree.Number || v.Num != math.Trunc(v.Num) || v.Num < 1 || v.Num > routing.MaxTaskTTL {
				return t, fail(v.Start, `"timeout" (the task's TTL) must be a whole number of seconds from 1 to 1,209,600`)
			}
			t.TTL = int(v.Num)
		case "channel":
			if v.Kind != jsontree.String || v.Text == "" {
				return t, fail(v.Start, `"channel" must be a task channel's unique name, such as "chat"`)
			}
			t.Channel = v.Text
		case "sid":
			if v.Kind != jsontree.String || v.Text == "" {
				return t, fail(v.Start, `"sid" must be a string`)
			}
			t.SID = v.Text
		default:
			return t, fail(m.KeyStart, "unknown key %q in a task%s", m.Key, hint(m.Key, keys))
		}
		if err != nil {
			return t, err
		}
	}
	return t, nil
}

// parseAnswer reads "accept" | "reject" | "timeout" or {"accept": s, "complete": s, "then":
// activity} | {"reject": s, "then": activity} | {"timeout": true}.
func parseAnswer(n *jsontree.Node, fail func(int, string, ...any) error, num func(*jsontree.Node, string) (float64, error)) (Answer, error) {
	const shape = `an answer is "accept", "reject", "timeout", {"accept": seconds, "complete": seconds}, {"reject": seconds} or {"timeout": true}`
	if n.Kind == jsontree.String {
		switch n.Text {
		case "accept", "reject", "timeout":
			return Answer{Kind: n.Text}, nil
		}
		return Answer{}, fail(n.Start, "%s, not %q", shape, n.Text)
	}
	if n.Kind != jsontree.Object {
		return Answer{}, fail(n.Start, "%s", shape)
	}
	var a Answer
	for _, m := range n.Members {
		var err error
		switch m.Key {
		case "accept", "reject":
			if a.Kind != "" {
				return a, fail(m.KeyStart, "an answer is one of accept, reject or timeout, not both %s and %s", a.Kind, m.Key)
			}
			a.Kind = m.Key
			a.After, err = num(m.Value, `"`+m.Key+`"`)
		case "timeout":
			if a.Kind != "" {
				return a, fail(m.KeyStart, "an answer is one of accept, reject or timeout, not both %s and timeout", a.Kind)
			}
			if m.Value.Kind != jsontree.Bool || !m.Value.Bool {
				return a, fail(m.Value.Start, `"timeout" must be true: the worker doesn't answer and the reservation times out`)
			}
			a.Kind = "timeout"
		case "complete":
			var c float64
			c, err = num(m.Value, `"complete"`)
			a.Complete = &c
		case "then":
			if m.Value.Kind != jsontree.String || m.Value.Text == "" {
				return a, fail(m.Value.Start, `"then" must name an activity`)
			}
			a.Then = m.Value.Text
		default:
			return a, fail(m.KeyStart, "unknown key %q in an answer%s", m.Key, hint(m.Key, []string{"accept", "reject", "timeout", "complete", "then"}))
		}
		if err != nil {
			return a, err
		}
	}
	if a.Kind == "" {
		return a, fail(n.Start, "%s", shape)
	}
	if a.Complete != nil && a.Kind != "accept" {
		return a, fail(n.Start, `"complete" goes with "accept": only an accepted task is completed`)
	}
	return a, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func hint(got string, names []string) string {
	if best := suggest.Nearest(got, names); best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return " (expected " + strings.Join(names, ", ") + ")"
}

// Files are a scenario's workflow and workspace documents, read.
type Files struct {
	Workflow      *routing.Workflow
	WorkflowDoc   *routing.Document
	Workspace     *routing.Workspace
	WorkspaceDoc  *routing.Document
	WorkflowPath  string
	WorkspacePath string
}

// LoadError is a scenario whose workflow or workspace can't be read or has errors.
type LoadError struct {
	Msg string
}

func (e *LoadError) Error() string { return e.Msg }

// Load reads the scenario's workflow and workspace (relative to the scenario's folder) with
// read, which returns a file's bytes (nil: os.ReadFile). A file with errors is a LoadError
// listing them.
func (sc *Scenario) Load(read func(string) ([]byte, error)) (*Files, error) {
	if read == nil {
		read = os.ReadFile
	}
	f := &Files{WorkflowPath: sc.resolve(sc.Workflow)}
	doc, err := ReadDocument(f.WorkflowPath, read)
	if err != nil {
		return nil, err
	}
	f.WorkflowDoc = doc
	if f.Workflow = doc.Workflow(); f.Workflow == nil {
		return nil, &LoadError{Msg: fmt.Sprintf("%s holds no workflow (it is a %s)", f.WorkflowPath, doc.Kind)}
	}
	if doc.Workspace != nil && (doc.Workspace.Declared.Queues || doc.Workspace.Declared.Workers) {
		f.Workspace = doc.Workspace
	}
	if sc.Workspace != "" {
		f.WorkspacePath = sc.resolve(sc.Workspace)
		wd, err := ReadDocument(f.WorkspacePath, read)
		if err != nil {
			return nil, err
		}
		if wd.Workspace == nil {
			return nil, &LoadError{Msg: fmt.Sprintf("%s is not a workspace (it is a %s)", f.WorkspacePath, wd.Kind)}
		}
		f.WorkspaceDoc, f.Workspace = wd, wd.Workspace
	}
	return f, nil
}

// ReadDocument reads a routing document and refuses one with errors, listing them.
func ReadDocument(path string, read func(string) ([]byte, error)) (*routing.Document, error) {
	if read == nil {
		read = os.ReadFile
	}
	src, err := read(path)
	if err != nil {
		return nil, &LoadError{Msg: fmt.Sprintf("can't read %s: %v", path, unwrap(err))}
	}
	d := routing.Read(path, src)
	var errs []string
	for _, f := range d.Findings {
		if f.Severity == routing.SeverityError {
			errs = append(errs, fmt.Sprintf("%s:%d:%d: %s [%s]", path, f.Line, f.Column, f.Message, f.Code))
		}
	}
	if len(errs) > 0 {
		return nil, &LoadError{Msg: strings.Join(errs, "\n")}
	}
	return d, nil
}

func unwrap(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

func (sc *Scenario) resolve(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(filepath.Dir(sc.Path), p)
}

// Simulate runs a scenario on its loaded files and returns the finished simulation.
func (sc *Scenario) Simulate(f *Files) (*Sim, error) {
	s := New(f.Workflow, f.Workspace, sc.Now)
	for _, w := range sc.Workers {
		if err := s.Script(w.Worker, w.Answers, w.Default); err != nil {
			return nil, &Error{Path: sc.Path, Msg: "workers: " + err.Error()}
		}
	}
	for _, a := range sc.Activity {
		if err := s.SetActivity(a.At, a.Worker, a.Activity); err != nil {
			return nil, &Error{Path: sc.Path, Line: a.line, Col: a.col, Msg: err.Error()}
		}
	}
	for _, t := range sc.Tasks {
		s.AddTask(t)
	}
	limit := int64(-1)
	if sc.Until != nil {
		limit = ms(*sc.Until)
	}
	s.Run(limit)
	return s, nil
}
