package read_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/flowctl/flowctl/flows/read"
	"github.com/flowctl/flowctl/internal/exportgen"
)

func TestOutline(t *testing.T) {
	src := exportgen.Generate(exportgen.Options{Flows: 6, NodesPerFlow: 3, Fields: 4, Groups: 2})
	o, ok := read.OutlineOf(src)
	if !ok || len(o.Flows) != 6 {
		t.Fatalf("outline %v %+v", ok, o)
	}
	for i, f := range o.Flows {
		if f.UUID != exportgen.FlowUUID(i) || f.Name != exportgen.FlowName(i) {
			t.Errorf("flow %d: %s %q", i, f.UUID, f.Name)
		}
		// even flows end in a subflow of the next one
		if want := i%2 == 0 && i+1 < 6; (len(f.Refs) == 1 && f.Refs[0] == exportgen.FlowUUID(i+1)) != want {
			t.Errorf("flow %d refers to %v", i, f.Refs)
		}
	}
	if got := o.Reach(exportgen.FlowUUID(2)); !slices.Equal(got, []int{2, 3}) {
		t.Errorf("flow 2 reaches %v, want [2 3]", got)
	}
	if got := o.Reach(exportgen.FlowUUID(3), "nope"); !slices.Equal(got, []int{3}) {
		t.Errorf("flow 3 reaches %v, want [3]", got)
	}

	// The flows read from the outline are the flows Read decodes, with the document's assets.
	part := o.ReadOutlined("x.json", src, []int{2, 3})
	whole := read.Read("x.json", src)
	if len(part.Findings) > 0 || len(part.Flows) != 2 {
		t.Fatalf("part: %d flows, findings %+v", len(part.Flows), part.Findings)
	}
	for k, i := range []int{2, 3} {
		a, _ := json.Marshal(part.Flows[k])
		b, _ := json.Marshal(whole.Flows[i])
		if string(a) != string(b) {
			t.Errorf("flow %d differs when read from the outline", i)
		}
	}
	if n := len(part.Assets.All("fields")); n != 4 {
		t.Errorf("part declares %d fields, want the document's 4", n)
	}
}

func TestOutlineRefusesWhatItCantOutline(t *testing.T) {
	for name, src := range map[string]string{
		"bare flow":       `{"uuid": "a", "name": "A", "nodes": []}`,
		"editor listing":  `{"results": [{"uuid": "a", "definition": {}}]}`,
		"not an object":   `[1, 2]`,
		"no flows":        `{"fields": []}`,
		"legacy metadata": `{"flows": [{"metadata": {"uuid": "a"}, "action_sets": []}]}`,
		"cut short":       `{"flows": [{"uuid": "a", "nodes": [`,
	} {
		if _, ok := read.OutlineOf([]byte(src)); ok {
			t.Errorf("%s: outlined", name)
		}
	}
}

func TestFlowRefs(t *testing.T) {
	src := `{"a": {"flow": {"name": "X", "uuid": "u1"}}, "b": "say \"flow\": {\"uuid\": \"no\"}", "c": [{"type": "enter_flow", "flow" : {"uuid":"u2"}}], "flow": "u3"}`
	if got := read.FlowRefs([]byte(src)); fmt.Sprint(got) != "[u1 u2]" {
		t.Errorf("refs %v, want [u1 u2] (a string holding \"flow\" is no reference)", got)
	}
}

// BenchmarkOutline3MB outlines a 3 MB export of 180 flows: the pass `run` makes over an export
// before it decodes the flows it runs.
func BenchmarkOutline3MB(b *testing.B) {
	src := exportgen.Generate(exportgen.Options{Flows: 180, NodesPerFlow: 6, Fields: 120, Groups: 30})
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, ok := read.OutlineOf(src); !ok {
			b.Fatal("not outlined")
		}
	}
}
