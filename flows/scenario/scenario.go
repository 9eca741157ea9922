// Package scenario reads scenario files (a flow, a contact, a trigger, the replies, and the events
// the engine is expected to produce), runs them through a Runner, compares what happened with what
// the file expects, rewrites the expectations on request, measures flow coverage and reports.
//
// It knows nothing of how a flow is executed: the command line hands it a Runner backed by the
// engine, and tests hand it a fake one.
package scenario

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/flowctl/flowctl/internal/readfile"
)

// The values expect_status may take: the state the session must be in after the last sprint.
var sessionStatuses = []string{"waiting", "completed", "failed", "interrupted"}

// Sprint is one sprint of events, in the layout of a scenario's outputs.
type Sprint struct {
	Events []json.RawMessage `json:"events"`
}

// Scenario is one scenario file. Raw keeps the file's bytes so that --update can replace the
// outputs value and leave everything else exactly as it was.
type Scenario struct {
	// Path is the file's path as it was given (used in reports).
	Path string
	// Raw is the file's content.
	Raw []byte

	// FlowPath is the "flow" key: the flow or assets file, relative to the scenario's folder.
	FlowPath string
	// Workflow is the "workflow" key of a routing scenario, which simulates a TaskRouter
	// workflow instead of running a flow; its runner reads the rest of the file itself.
	Workflow string
	// AssetPaths are the "assets" key: more assets files (one path or a list), relative to the
	// scenario's folder. Their flows count for coverage and their UUIDs are inputs.
	AssetPaths []string
	// HookPaths are the "hooks" key: hook files (JavaScript, one path or a list), relative to
	// the scenario's folder, loaded before the flows are read.
	HookPaths []string
	// FlowUUID is the flow to start ("flow_uuid"), empty for the document's first flow.
	FlowUUID string
	// Inputs are the "inputs" shorthand replies.
	Inputs []string

	// HasOutputs reports whether the file has an "outputs" key; only then are events compared.
	HasOutputs bool
	// Outputs are the expected sprints.
	Outputs []Sprint
	// Expect holds partial events that must match, in order, a subset of the events.
	Expect []json.RawMessage
	// ExpectStatus is the session status required after the last sprint, or empty.
	ExpectStatus string

	// members holds the byte spans of the top-level keys.
	members []member
	// positions speeds up Position, which a diff calls once per difference: without it each call
	// decodes the file again, and a large failing scenario takes minutes.
	positions positionIndex
}

// ReadError says that a scenario file can't be used at all, as opposed to a scenario that runs and
// fails. It carries the position of the problem.
type ReadError struct {
	Path      string
	Line, Col int
	Msg       string
}

// Error says where the problem is, as path:line:col: message.
func (e *ReadError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.Path, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Line, e.Col, e.Msg)
}

// ReadFile reads and parses a scenario file, refusing anything but a regular file of at most
// maxSize bytes (0: readfile.DefaultMaxSize).
func ReadFile(path string, maxSize int64) (*Scenario, error) {
	data, err := readfile.Read(path, maxSize)
	if err != nil {
		return nil, &ReadError{Path: path, Msg: fmt.Sprintf("can't read scenario: %v", unwrapPathError(err))}
	}
	return Parse(path, data)
}

// unwrapPathError drops the path from an *os.PathError, which the ReadError already names.
func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// Parse parses the content of a scenario file. path is used in errors and to resolve the flow.
func Parse(path string, data []byte) (*Scenario, error) {
	sc := &Scenario{Path: path, Raw: data}
	fail := func(offset int, format string, args ...any) error {
		line, col := lineCol(data, offset)
		return &ReadError{Path: path, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
	}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return nil, &ReadError{Path: path, Msg: "empty file, expected a JSON object"}
	}
	if trimmed[0] != '{' {
		return nil, fail(bytes.IndexByte(data, trimmed[0]), "expected a JSON object at the top level")
	}
	var ms []member
	var err error
	if json.Valid(data) {
		if split, ok := splitValid(data); ok {
			ms = split
		}
	}
	if ms == nil {
		ms, err = members(data)
	}
	if err != nil {
		// Unmarshal's syntax errors carry offsets from the start of the file, which the token
		// reader's don't: ask it where the fault is (a good file needs only the one pass).
		if uerr := json.Unmarshal(data, new(json.RawMessage)); uerr != nil {
			err = uerr
		}
		line, col, msg := SyntaxPosition(data, err)
		return nil, &ReadError{Path: path, Line: line, Col: col, Msg: msg}
	}
	sc.members = ms
	seen := map[string]bool{}
	for _, m := range ms {
		if seen[m.Key] {
			return nil, fail(m.Start, "duplicate key %q", m.Key)
		}
		seen[m.Key] = true
		var err error
		switch m.Key {
		case "flow":
			err = json.Unmarshal(m.Value, &sc.FlowPath)
			if err == nil && sc.FlowPath == "" {
				return nil, fail(m.Start, `"flow" must name the flow file, relative to the scenario`)
			}
		case "assets", "hooks":
			var paths []string
			var one string
			switch {
			case string(m.Value) == "null":
			case json.Unmarshal(m.Value, &one) == nil:
				paths = []string{one}
			case json.Unmarshal(m.Value, &paths) != nil:
				return nil, fail(m.Start, `%q must be a path or a list of paths, relative to the scenario`, m.Key)
			}
			what := map[string]string{"assets": "an assets file", "hooks": "a hooks file (JavaScript)"}[m.Key]
			for i, p := range paths {
				if p == "" {
					return nil, fail(m.Start+locate(m.Value, []string{fmt.Sprint(i)}), `empty path in %q, expected %s relative to the scenario`, m.Key, what)
				}
			}
			if m.Key == "assets" {
				sc.AssetPaths = paths
			} else {
				sc.HookPaths = paths
			}
		case "workflow":
			err = json.Unmarshal(m.Value, &sc.Workflow)
			if err == nil && sc.Workflow == "" {
				return nil, fail(m.Start, `"workflow" must name the workflow file, relative to the scenario`)
			}
		case "flow_uuid":
			if string(m.Value) != "null" {
				err = json.Unmarshal(m.Value, &sc.FlowUUID)
			}
		case "inputs":
			err = json.Unmarshal(m.Value, &sc.Inputs)
		case "outputs":
			sc.HasOutputs = true
			var ok bool
			if sc.Outputs, ok = splitSprints(m.Value); !ok {
				err = json.Unmarshal(m.Value, &sc.Outputs)
			}
		case "expect":
			err = json.Unmarshal(m.Value, &sc.Expect)
			for i, e := range sc.Expect {
				if t := bytes.TrimSpace(e); len(t) == 0 || t[0] != '{' {
					return nil, fail(m.Start+locate(m.Value, []string{fmt.Sprint(i)}), `each "expect" item must be an object (a partial event)`)
				}
			}
		case "expect_status":
			err = json.Unmarshal(m.Value, &sc.ExpectStatus)
			if err == nil && !contains(sessionStatuses, sc.ExpectStatus) {
				return nil, fail(m.Start, `"expect_status" must be one of %s, got %q`, strings.Join(sessionStatuses, ", "), sc.ExpectStatus)
			}
		}
		if err != nil {
			return nil, fail(m.Start, "%q has the wrong shape: %s", m.Key, describeTypeError(err))
		}
	}
	if sc.FlowPath == "" && sc.Workflow == "" {
		return nil, &ReadError{Path: path, Line: 1, Col: 1, Msg: `missing "flow": the flow file, relative to the scenario (or "workflow" for a routing scenario)`}
	}
	return sc, nil
}

// describeTypeError phrases a json type error without Go type names where it can.
func describeTypeError(err error) string {
	if te, ok := err.(*json.UnmarshalTypeError); ok {
		want := te.Type.String()
		switch {
		case want == "string":
			want = "a string"
		case strings.HasPrefix(want, "[]"):
			want = "a list"
		case strings.Contains(want, "Sprint"):
			want = `an object {"events": [...]}`
		}
		if te.Field != "" {
			return fmt.Sprintf("%s at %s, expected %s", te.Value, te.Field, want)
		}
		return fmt.Sprintf("got %s, expected %s", te.Value, want)
	}
	return err.Error()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// FlowFile is the path of the scenario's flow file, resolved against the scenario's folder.
func (sc *Scenario) FlowFile() string {
	return sc.resolve(sc.FlowPath)
}

// AssetFiles are the paths of the scenario's "assets" files, resolved against its folder.
func (sc *Scenario) AssetFiles() []string { return sc.resolveAll(sc.AssetPaths) }

// HookFiles are the paths of the scenario's "hooks" files, resolved against its folder.
func (sc *Scenario) HookFiles() []string { return sc.resolveAll(sc.HookPaths) }

func (sc *Scenario) resolveAll(paths []string) []string {
	files := make([]string, len(paths))
	for i, p := range paths {
		files[i] = sc.resolve(p)
	}
	return files
}

func (sc *Scenario) resolve(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(filepath.Dir(sc.Path), p)
}

// Position returns the line and column in the scenario file of the value at a JSON pointer (given
// as its tokens), or of its deepest existing ancestor.
func (sc *Scenario) Position(path ...string) (line, col int) {
	return sc.positions.lineCol(sc.Raw, sc.positions.locate(sc.Raw, path))
}

// inputText is the scenario's own content without its expectations: the UUIDs in it are inputs,
// which the comparison keeps, rather than generated ones, which it masks.
func (sc *Scenario) inputText() []byte {
	var buf bytes.Buffer
	for _, m := range sc.members {
		switch m.Key {
		case "outputs", "expect", "expect_status", "action_events":
			continue
		}
		buf.Write(m.Value)
		buf.WriteByte('\n')
	}
	return buf.Bytes()
}
