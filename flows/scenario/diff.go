package scenario

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
)

// DiffKind says what a Difference is about.
type DiffKind string

// The kinds of difference.
const (
	// DiffChanged: a value exists on both sides and differs.
	DiffChanged DiffKind = "changed"
	// DiffMissing: the scenario expects a sprint, event, field or element the run did not produce.
	DiffMissing DiffKind = "missing"
	// DiffUnexpected: the run produced a sprint, event, field or element the scenario does not have.
	DiffUnexpected DiffKind = "unexpected"
	// DiffExpect: an item of "expect" matched no event.
	DiffExpect DiffKind = "expect"
	// DiffStatus: the session ended in another status than "expect_status".
	DiffStatus DiffKind = "status"
)

// Difference is one way in which a run differs from its scenario. Sprint and Event are 1-based
// (0 when the difference is not about one); Event counts the scenario's events, except for an
// unexpected event, which is only in the run and so is counted among the run's events. Field is
// a path inside the event such as msg.quick_replies[1]. Expected and Actual are compact JSON.
type Difference struct {
	Kind      DiffKind `json:"kind"`
	Sprint    int      `json:"sprint,omitempty"`
	Event     int      `json:"event,omitempty"`
	EventType string   `json:"event_type,omitempty"`
	Field     string   `json:"field,omitempty"`
	Expected  string   `json:"expected,omitempty"`
	Actual    string   `json:"actual,omitempty"`
	Message   string   `json:"message,omitempty"`
	// Line is where in the scenario file the expected side is (or would go).
	Line int `json:"line"`
}

// comparison compares one scenario's expectations with one run.
type comparison struct {
	sc   *Scenario
	norm normalizer
	out  []Difference
	// decoded caches the normalized actual events per sprint, shared by outputs and expect.
	decoded [][]any
}

// actualEvents returns the normalized events of each actual sprint, decoding them once.
func (c *comparison) actualEvents(actual []Sprint) [][]any {
	if c.decoded == nil {
		c.decoded = make([][]any, len(actual))
		for s, sp := range actual {
			c.decoded[s] = c.decodeAll(sp.Events)
		}
	}
	return c.decoded
}

// compareOutputs compares the expected sprints with the actual ones.
func (c *comparison) compareOutputs(actual []Sprint) {
	expected := c.sc.Outputs
	for s := 0; s < len(expected) || s < len(actual); s++ {
		switch {
		case s >= len(actual):
			c.add(Difference{Kind: DiffMissing, Sprint: s + 1,
				Message:  fmt.Sprintf("the run produced %d sprint(s), the scenario expects sprint %d", len(actual), s+1),
				Expected: summarizeTypes(c.decodeAll(expected[s].Events))},
				"outputs", strconv.Itoa(s))
		case s >= len(expected):
			c.add(Difference{Kind: DiffUnexpected, Sprint: s + 1,
				Message: fmt.Sprintf("the run produced sprint %d, the scenario expects %d sprint(s)", s+1, len(expected)),
				Actual:  summarizeTypes(c.actualEvents(actual)[s])},
				"outputs")
		case c.sameSprint(expected[s].Events, actual[s].Events):
		default:
			c.compareSprint(s, c.decodeAll(expected[s].Events), c.actualEvents(actual)[s])
		}
	}
}

// sameSprint reports whether a sprint's events are what the scenario expects, byte for byte but
// for spacing and masked values: the common case, checked without decoding.
func (c *comparison) sameSprint(expected, actual []json.RawMessage) bool {
	if len(expected) != len(actual) {
		return false
	}
	for i := range expected {
		if !c.norm.sameJSON(expected[i], actual[i]) {
			return false
		}
	}
	return true
}

func (c *comparison) decodeAll(raws []json.RawMessage) []any {
	out := make([]any, len(raws))
	for i, r := range raws {
		out[i] = c.norm.decode(r)
	}
	return out
}

// compareSprint pairs expected and actual events by the longest common sequence of event types,
// so that one missing or extra event shows as just that rather than as every later event
// differing, then compares paired events field by field.
func (c *comparison) compareSprint(s int, exp, act []any) {
	et, at := make([]string, len(exp)), make([]string, len(act))
	for i, e := range exp {
		et[i] = eventType(e)
	}
	for i, a := range act {
		at[i] = eventType(a)
	}
	pairs := lcsPairs(et, at)
	i, j := 0, 0
	flushTo := func(pi, pj int) {
		for ; i < pi; i++ {
			c.add(Difference{Kind: DiffMissing, Sprint: s + 1, Event: i + 1, EventType: et[i],
				Message: "event missing from the run", Expected: render(exp[i])},
				"outputs", strconv.Itoa(s), "events", strconv.Itoa(i))
		}
		for ; j < pj; j++ {
			// Point at the expected event it would come before.
			ptr := []string{"outputs", strconv.Itoa(s), "events"}
			if i < len(exp) {
				ptr = append(ptr, strconv.Itoa(i))
			}
			c.add(Difference{Kind: DiffUnexpected, Sprint: s + 1, Event: j + 1, EventType: at[j],
				Message: "event not in the scenario", Actual: render(act[j])}, ptr...)
		}
	}
	for _, p := range pairs {
		flushTo(p[0], p[1])
		var fds []fieldDiff
		diffValues(nil, exp[i], act[j], false, &fds)
		first := len(c.out)
		for _, fd := range fds {
			ptr := append([]string{"outputs", strconv.Itoa(s), "events", strconv.Itoa(i)}, fd.path...)
			c.add(Difference{Kind: fd.kind, Sprint: s + 1, Event: i + 1, EventType: et[i],
				Field: fieldPath(fd.path), Expected: fd.expected, Actual: fd.actual}, ptr...)
		}
		// Within an event, list fields in the order the file has them.
		sort.SliceStable(c.out[first:], func(a, b int) bool { return c.out[first+a].Line < c.out[first+b].Line })
		i, j = i+1, j+1
	}
	flushTo(len(exp), len(act))
}

// add records a difference located at a JSON pointer into the scenario file.
func (c *comparison) add(d Difference, pointer ...string) {
	d.Line, _ = c.sc.Position(pointer...)
	c.out = append(c.out, d)
}

func eventType(e any) string {
	if m, ok := e.(map[string]any); ok {
		if t, ok := m["type"].(string); ok {
			return t
		}
	}
	return ""
}

// summarizeTypes lists the event types of a sprint, which says more in one line than the events.
func summarizeTypes(events []any) string {
	types := make([]any, len(events))
	for i, e := range events {
		types[i] = eventType(e)
	}
	return render(types)
}

// lcsPairs returns the index pairs (i in a, j in b) of a longest common subsequence of a and b.
// The common prefix and suffix are paired first: they are most of a sprint that changed a
// little, and the table below costs len(a)×len(b).
func lcsPairs(a, b []string) [][2]int {
	var pairs [][2]int
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pairs = append(pairs, [2]int{pre, pre})
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	for _, p := range lcsTable(a[pre:len(a)-suf], b[pre:len(b)-suf]) {
		pairs = append(pairs, [2]int{pre + p[0], pre + p[1]})
	}
	for k := suf; k > 0; k-- {
		pairs = append(pairs, [2]int{len(a) - k, len(b) - k})
	}
	return pairs
}

// lcsTable finds a longest common subsequence by the classic table.
func lcsTable(a, b []string) [][2]int {
	n, m := len(a), len(b)
	// l[i][j] is the LCS length of a[i:] and b[j:].
	l := make([][]int, n+1)
	for i := range l {
		l[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				l[i][j] = l[i+1][j+1] + 1
			} else {
				l[i][j] = max(l[i+1][j], l[i][j+1])
			}
		}
	}
	var pairs [][2]int
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case a[i] == b[j]:
			pairs = append(pairs, [2]int{i, j})
			i, j = i+1, j+1
		case l[i+1][j] >= l[i][j+1]:
			i++
		default:
			j++
		}
	}
	return pairs
}

// fieldDiff is one differing leaf of two JSON values.
type fieldDiff struct {
	path             []string
	kind             DiffKind
	expected, actual string
}

// diffValues appends the differences between two normalized JSON values, descending into objects
// and arrays so that each difference names the innermost field that differs. partial compares as
// an "expect" item does: keys the expected object leaves out are not differences, and lists of
// another length differ as a whole.
func diffValues(path []string, exp, act any, partial bool, out *[]fieldDiff) {
	at := func(k string) []string { return append(append([]string(nil), path...), k) }
	switch e := exp.(type) {
	case map[string]any:
		a, ok := act.(map[string]any)
		if !ok {
			break
		}
		keys := unionKeys(e, a)
		if partial {
			keys = unionKeys(e, nil)
		}
		for _, k := range keys {
			ev, inE := e[k]
			av, inA := a[k]
			switch {
			case !inA:
				*out = append(*out, fieldDiff{path: at(k), kind: DiffMissing, expected: render(ev)})
			case !inE:
				*out = append(*out, fieldDiff{path: at(k), kind: DiffUnexpected, actual: render(av)})
			default:
				diffValues(at(k), ev, av, partial, out)
			}
		}
		return
	case []any:
		a, ok := act.([]any)
		if !ok || partial && len(a) != len(e) {
			break
		}
		for i := 0; i < len(e) || i < len(a); i++ {
			k := strconv.Itoa(i)
			switch {
			case i >= len(a):
				*out = append(*out, fieldDiff{path: at(k), kind: DiffMissing, expected: render(e[i])})
			case i >= len(e):
				*out = append(*out, fieldDiff{path: at(k), kind: DiffUnexpected, actual: render(a[i])})
			default:
				diffValues(at(k), e[i], a[i], partial, out)
			}
		}
		return
	}
	if !equalJSON(exp, act) {
		*out = append(*out, fieldDiff{path: path, kind: DiffChanged, expected: render(exp), actual: render(act)})
	}
}

func unionKeys(a, b map[string]any) []string {
	keys := make([]string, 0, len(a)+len(b))
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

// equalJSON compares two normalized values; numbers compare by their literal text.
func equalJSON(a, b any) bool {
	return render(a) == render(b)
}

// render writes a normalized value as compact JSON with sorted keys and without HTML escaping,
// which is how values appear in diffs.
func render(v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return string(bytes.TrimRight(buf.Bytes(), "\n"))
}

var plainKey = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// fieldPath writes pointer tokens as a path a reader knows from JavaScript: a.b[2]["odd key"].
func fieldPath(tokens []string) string {
	var buf bytes.Buffer
	for _, t := range tokens {
		switch {
		case isIndex(t):
			buf.WriteString("[" + t + "]")
		case plainKey.MatchString(t):
			if buf.Len() > 0 {
				buf.WriteByte('.')
			}
			buf.WriteString(t)
		default:
			buf.WriteString("[" + strconv.Quote(t) + "]")
		}
	}
	return buf.String()
}

func isIndex(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
