package scenario

import (
	"encoding/json"
	"fmt"
	"testing"
)

// TestSplitValidAgreesWithMembers: the fast splitter finds the members the token reader finds,
// at the same places.
func TestSplitValidAgreesWithMembers(t *testing.T) {
	for _, doc := range []string{
		`{"flow": "a.json", "inputs": ["x", "y\"z"], "outputs": [{"events": [{"type": "a", "n": -1.5e3}]}], "n": null, "t": true}`,
		"{\n  \"a\" : { \"b\": [1, {\"c\": \"}]\"}] },\n  \"d\":\"\\\\\"\n}",
		`[1, "two", {"three": [3]}, [], {}]`,
		`{"k\u00e9y": 1}`,
	} {
		want, err := members([]byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		got, ok := splitValid([]byte(doc))
		if !ok || show(got) != show(want) {
			t.Errorf("%s:\nsplit   %s\nmembers %s", doc, show(got), show(want))
		}
	}
}

func TestSplitSprints(t *testing.T) {
	for _, v := range []string{`[]`, `[{"events": []}]`, `[{"events": [{"type": "x"}, {"type": "y", "s": "]"}]}, {"events": null}, {}]`} {
		var want []Sprint
		json.Unmarshal([]byte(v), &want)
		got, ok := splitSprints([]byte(v))
		if !ok || fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) {
			t.Errorf("%s: %q, want %q", v, got, want)
		}
	}
	for _, v := range []string{`{}`, `[1]`, `[{"events": {}}]`} {
		if _, ok := splitSprints([]byte(v)); ok {
			t.Errorf("%s: split, want it left to json.Unmarshal", v)
		}
	}
}

func show(ms []member) string {
	var out string
	for _, m := range ms {
		out += fmt.Sprintf("%q@%d-%d=%s ", m.Key, m.Start, m.End, m.Value)
	}
	return out
}
