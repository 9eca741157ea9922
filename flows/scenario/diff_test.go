package scenario

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// scenarioWith builds a scenario whose outputs are the given sprints, each a list of events.
func scenarioWith(t *testing.T, extra string, sprints ...[]string) *Scenario {
	t.Helper()
	var parts []string
	for _, sp := range sprints {
		parts = append(parts, `{"events": [`+strings.Join(sp, ",\n")+`]}`)
	}
	src := fmt.Sprintf(`{"flow": "none.json", "contact": {"uuid": "22222222-2222-4222-8222-222222222222"}%s,
"outputs": [%s]}`, extra, strings.Join(parts, ",\n"))
	sc, err := Parse("t.scenario.json", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func resultWith(status string, sprints ...[]string) *Result {
	res := &Result{Status: status}
	for _, sp := range sprints {
		var s Sprint
		for _, e := range sp {
			s.Events = append(s.Events, json.RawMessage(e))
		}
		res.Sprints = append(res.Sprints, s)
	}
	return res
}

// brief renders differences compactly for table comparisons.
func brief(ds []Difference) []string {
	out := []string{}
	for _, d := range ds {
		out = append(out, fmt.Sprintf("%s s%d e%d %s %s|%s|%s", d.Kind, d.Sprint, d.Event, d.Field, d.Expected, d.Actual, d.Message))
	}
	return out
}

func TestCheckOutputs(t *testing.T) {
	const (
		started = `{"type": "run_started", "uuid": "01969b47-1523-76f8-92ed-42cbd11a03fd", "created_on": "2025-05-04T12:30:50.123Z"}`
		hi      = `{"type": "msg_created", "msg": {"text": "Hi", "quick_replies": ["a", "b"]}}`
		wait    = `{"type": "msg_wait", "created_on": "2025-05-04T12:30:51Z"}`
		ended   = `{"type": "run_ended", "status": "completed"}`
	)
	tests := []struct {
		name     string
		expected [][]string
		actual   [][]string
		strict   bool
		want     []string
	}{
		{name: "same", expected: [][]string{{started, hi, wait}}, actual: [][]string{{started, hi, wait}}, want: []string{}},
		{name: "generated uuids and times are masked",
			expected: [][]string{{started}},
			actual:   [][]string{{`{"type": "run_started", "uuid": "0197ffff-0000-7000-8000-000000000000", "created_on": "2030-01-01T00:00:00Z"}`}},
			want:     []string{}},
		{name: "strict compares uuids and times",
			expected: [][]string{{started}},
			actual:   [][]string{{`{"type": "run_started", "uuid": "0197ffff-0000-7000-8000-000000000000", "created_on": "2025-05-04T12:30:50.123Z"}`}},
			strict:   true,
			want:     []string{`changed s1 e1 uuid "01969b47-1523-76f8-92ed-42cbd11a03fd"|"0197ffff-0000-7000-8000-000000000000"|`}},
		{name: "known uuids are compared",
			expected: [][]string{{`{"type": "contact", "uuid": "22222222-2222-4222-8222-222222222222"}`}},
			actual:   [][]string{{`{"type": "contact", "uuid": "33333333-3333-4333-8333-333333333333"}`}},
			want:     []string{`changed s1 e1 uuid "22222222-2222-4222-8222-222222222222"|"<uuid>"|`}},
		{name: "field changed, nested",
			expected: [][]string{{started, hi}},
			actual:   [][]string{{started, `{"type": "msg_created", "msg": {"text": "Hi", "quick_replies": ["a", "c"]}}`}},
			want:     []string{`changed s1 e2 msg.quick_replies[1] "b"|"c"|`}},
		{name: "field missing and unexpected",
			expected: [][]string{{hi}},
			actual:   [][]string{{`{"type": "msg_created", "msg": {"quick_replies": ["a", "b"], "locale": "eng"}}`}},
			want:     []string{`unexpected s1 e1 msg.locale |"eng"|`, `missing s1 e1 msg.text "Hi"||`}},
		{name: "numbers compare by their text",
			expected: [][]string{{`{"type": "x", "n": 1}`}},
			actual:   [][]string{{`{"type": "x", "n": 1.0}`}},
			want:     []string{`changed s1 e1 n 1|1.0|`}},
		{name: "one event missing does not shift the rest",
			expected: [][]string{{started, hi, wait}},
			actual:   [][]string{{started, wait}},
			want:     []string{`missing s1 e2  {"msg":{"quick_replies":["a","b"],"text":"Hi"},"type":"msg_created"}||event missing from the run`}},
		{name: "one event extra",
			expected: [][]string{{started, wait}},
			actual:   [][]string{{started, hi, wait}},
			want:     []string{`unexpected s1 e2  |{"msg":{"quick_replies":["a","b"],"text":"Hi"},"type":"msg_created"}|event not in the scenario`}},
		{name: "sprint missing",
			expected: [][]string{{started, wait}, {ended}},
			actual:   [][]string{{started, wait}},
			want:     []string{`missing s2 e0  ["run_ended"]||the run produced 1 sprint(s), the scenario expects sprint 2`}},
		{name: "sprint extra",
			expected: [][]string{{started, wait}},
			actual:   [][]string{{started, wait}, {ended}},
			want:     []string{`unexpected s2 e0  |["run_ended"]|the run produced sprint 2, the scenario expects 1 sprint(s)`}},
		{name: "html characters are shown as written",
			expected: [][]string{{`{"type": "x", "t": "a<b & c"}`}},
			actual:   [][]string{{`{"type": "x", "t": "a>b"}`}},
			want:     []string{`changed s1 e1 t "a<b & c"|"a>b"|`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc := scenarioWith(t, "", tc.expected...)
			outDiffs, other := Check(sc, resultWith("", tc.actual...), tc.strict)
			if got := brief(outDiffs); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
			if len(other) != 0 {
				t.Errorf("unexpected expect/status differences: %q", brief(other))
			}
		})
	}
}

func TestCheckLines(t *testing.T) {
	sc := scenarioWith(t, "", []string{`{"type": "a"}`, `{"type": "b",
"text": "x"}`})
	outDiffs, _ := Check(sc, resultWith("", []string{`{"type": "a"}`, `{"type": "b", "text": "y"}`}), false)
	if len(outDiffs) != 1 || outDiffs[0].Line != 4 {
		t.Fatalf("want one difference on line 4 (where \"text\" is), got %+v", outDiffs)
	}

	// Fields of one event are listed in file order, not alphabetically.
	sc = scenarioWith(t, "", []string{"{\"type\": \"b\",\n\"zeta\": 1,\n\"alpha\": 2}"})
	outDiffs, _ = Check(sc, resultWith("", []string{`{"type": "b", "zeta": 3, "alpha": 4}`}), false)
	if got := brief(outDiffs); len(got) != 2 || outDiffs[0].Field != "zeta" || outDiffs[1].Field != "alpha" {
		t.Errorf("got %q, want zeta then alpha", got)
	}
}

func TestCheckExpect(t *testing.T) {
	events := [][]string{
		{`{"type": "msg_created", "msg": {"text": "Hi", "urn": "tel:1"}}`, `{"type": "msg_wait"}`},
		{`{"type": "run_result_changed", "name": "Age", "value": "32"}`, `{"type": "msg_created", "msg": {"text": "Bye"}}`},
	}
	tests := []struct {
		name   string
		expect string
		status string
		want   []string
	}{
		{"subset matches", `[{"type": "msg_created", "msg": {"text": "Hi"}}]`, "", []string{}},
		{"in order across sprints", `[{"msg": {"text": "Hi"}}, {"name": "Age"}, {"msg": {"text": "Bye"}}]`, "", []string{}},
		{"out of order", `[{"msg": {"text": "Bye"}}, {"msg": {"text": "Hi"}}]`, "",
			[]string{`expect s0 e0  {"msg":{"text":"Hi"}}||expect[1] matches no event after the previous match`}},
		{"nearest event explains", `[{"type": "msg_created", "msg": {"text": "Hello"}}]`, "",
			[]string{`expect s1 e1 msg.text "Hello"|"Hi"|expect[0] matches no event in the run; the nearest, sprint 1 event 1 (msg_created), differs at msg.text`}},
		{"nearest is the closest of its type", `[{"type": "msg_created", "msg": {"text": "By", "urn": "tel:1"}}]`, "",
			[]string{`expect s1 e1 msg.text "By"|"Hi"|expect[0] matches no event in the run; the nearest, sprint 1 event 1 (msg_created), differs at msg.text`}},
		{"lists must match in length", `[{"type": "msg_created", "msg": {"text": ["Hi"]}}]`, "",
			[]string{`expect s1 e1 msg.text ["Hi"]|"Hi"|expect[0] matches no event in the run; the nearest, sprint 1 event 1 (msg_created), differs at msg.text`}},
		{"status ok", `[]`, `"waiting"`, []string{}},
		{"status differs", `[]`, `"completed"`, []string{`status s0 e0  "completed"|"waiting"|the session ended in another status`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			extra := `, "expect": ` + tc.expect
			if tc.status != "" {
				extra += `, "expect_status": ` + tc.status
			}
			src := `{"flow": "none.json"` + extra + `}`
			sc, err := Parse("t.scenario.json", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			outDiffs, other := Check(sc, resultWith("waiting", events...), false)
			if len(outDiffs) != 0 {
				t.Errorf("a scenario without outputs must not compare events, got %q", brief(outDiffs))
			}
			if got := brief(other); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestCheckWithoutExpectations(t *testing.T) {
	run := resultWith("completed", []string{`{"type": "run_started"}`})
	sc, err := Parse("t.scenario.json", []byte(`{"flow": "none.json"}`))
	if err != nil {
		t.Fatal(err)
	}
	if outDiffs, other := Check(sc, run, false); len(outDiffs)+len(other) != 0 {
		t.Errorf("a scenario without expectations is a smoke test, got %q %q", brief(outDiffs), brief(other))
	}
	sc, err = Parse("t.scenario.json", []byte(`{"flow": "none.json", "outputs": []}`))
	if err != nil {
		t.Fatal(err)
	}
	if outDiffs, _ := Check(sc, run, false); len(outDiffs) != 1 || outDiffs[0].Kind != DiffUnexpected {
		t.Errorf("empty outputs expect no events and must fail until recorded, got %q", brief(outDiffs))
	}
}

func TestLCSPairs(t *testing.T) {
	tests := []struct {
		a, b string
		want [][2]int
	}{
		{"abcd", "acxd", [][2]int{{0, 0}, {2, 1}, {3, 3}}},
		{"", "abc", nil},
		{"abc", "abc", [][2]int{{0, 0}, {1, 1}, {2, 2}}},
		{"abxcd", "abcd", [][2]int{{0, 0}, {1, 1}, {3, 2}, {4, 3}}}, // one extra in the middle
		{"abyd", "abzd", [][2]int{{0, 0}, {1, 1}, {3, 3}}},          // one changed
		{"xab", "ab", [][2]int{{1, 0}, {2, 1}}},
		{"aa", "a", [][2]int{{0, 0}}},
	}
	for _, tc := range tests {
		got := lcsPairs(strings.Split(tc.a, ""), strings.Split(tc.b, ""))
		if tc.a == "" {
			got = lcsPairs(nil, strings.Split(tc.b, ""))
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("lcsPairs(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
	// Pairing the common ends first must not shorten the subsequence the table finds.
	seqs := []string{"abcabba", "cbabac", "aaaa", "ab", "ba", "abcde", "edcba", "aabbaabb", "babababa", ""}
	for _, a := range seqs {
		for _, b := range seqs {
			as, bs := strings.Split(a, ""), strings.Split(b, "")
			if a == "" {
				as = nil
			}
			if b == "" {
				bs = nil
			}
			if got, want := len(lcsPairs(as, bs)), len(lcsTable(as, bs)); got != want {
				t.Errorf("lcsPairs(%q, %q) pairs %d, the table %d", a, b, got, want)
			}
		}
	}
}

func TestFieldPath(t *testing.T) {
	if got := fieldPath([]string{"msg", "quick_replies", "2", "odd key"}); got != `msg.quick_replies[2]["odd key"]` {
		t.Errorf("got %s", got)
	}
}

// TestPartialMatch pins how an "expect" item matches an event: a subset of keys, recursively;
// lists element by element and of the same length.
func TestPartialMatch(t *testing.T) {
	tests := []struct {
		want, got string
		match     bool
	}{
		{`{"type": "msg_created"}`, `{"type": "msg_created", "msg": {"text": "Hi"}}`, true},
		{`{"type": "msg_created", "msg": {"text": "Hi"}}`, `{"type": "msg_created", "msg": {"text": "Hi", "urn": "tel:1"}}`, true},
		{`{"msg": {"text": "Hi"}}`, `{"msg": {"text": "Ho"}}`, false},
		{`{"msg": {"urn": "tel:1"}}`, `{"msg": {"text": "Hi"}}`, false},                   // key missing from the event
		{`{"msg": {"text": "Hi"}}`, `{"msg": "Hi"}`, false},                               // object against a string
		{`{"groups": [{"name": "A"}]}`, `{"groups": [{"name": "A", "uuid": "x"}]}`, true}, // elements match partially
		{`{"groups": [{"name": "A"}]}`, `{"groups": [{"name": "A"}, {"name": "B"}]}`, false},
		{`{"groups": []}`, `{"groups": [{"name": "A"}]}`, false},
		{`{"n": 1}`, `{"n": 1.0}`, false}, // numbers compare by their text
		{`{"n": 1}`, `{"n": 1}`, true},
	}
	// Numbers decode as json.Number, as the comparison reads events.
	decode := func(src string) any {
		dec := json.NewDecoder(strings.NewReader(src))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, tc := range tests {
		want, got := decode(tc.want), decode(tc.got)
		if m := partialMatch(want, got); m != tc.match {
			t.Errorf("partialMatch(%s, %s) = %v, want %v", tc.want, tc.got, m, tc.match)
		}
	}
}
