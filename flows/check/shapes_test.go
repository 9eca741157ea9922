package check

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/read"
	"github.com/flowctl/flowctl/internal/exportgen"
)

// schemaOnly runs the schema layer on a document, condensed by node shape or in full.
func schemaOnly(t *testing.T, generic any, full bool) []string {
	t.Helper()
	c := &checker{src: &source{generic: generic}, unversioned: map[string]bool{}}
	if full {
		s, _ := compiledSchema()
		if err := safeSchemaValidate(s, generic); err != nil {
			c.reportSchemaError(err, nodeGroups{})
		}
	} else {
		c.checkSchema()
	}
	var out []string
	for _, f := range c.findings {
		out = append(out, f.Code+" "+f.Pointer+" "+f.Message)
	}
	slices.Sort(out)
	return out
}

// TestCondensedSchemaMatchesFull: validating one node per shape finds exactly what validating
// every node finds, on flows with many alike nodes, some of them broken the same way.
func TestCondensedSchemaMatchesFull(t *testing.T) {
	inputs := map[string][]byte{"big": bigFlow(60)}
	broken := mutate(t, string(bigFlow(30)),
		"nodes/3/exits", "none", "nodes/6/exits", "none", "nodes/5/router/type", "switchy",
		"nodes/8/router/type", "switchy", "nodes/4/actions/0/uuid", nil, "nodes/7/actions/0/uuid", nil,
		"nodes/11/router/wait/timeout", `{"seconds": 1.5}`)
	b, _ := json.Marshal(broken)
	inputs["broken"] = b
	// An export whose flows share node shapes, some nodes broken alike in different flows.
	o := exportgen.RealisticNoisy(5)
	o.Flows = 6
	var export map[string]any
	if err := json.Unmarshal(exportgen.Noisy(o), &export); err != nil {
		t.Fatal(err)
	}
	nodesOf := func(f int) []any { return export["flows"].([]any)[f].(map[string]any)["nodes"].([]any) }
	nodesOf(1)[2].(map[string]any)["exits"] = "none"
	nodesOf(4)[2].(map[string]any)["exits"] = "none"
	delete(nodesOf(5)[0].(map[string]any), "uuid")
	nodesOf(3)[3].(map[string]any)["router"].(map[string]any)["type"] = "switchy"
	b, _ = json.Marshal(export)
	inputs["export"] = b
	// Translations and layouts of every type, inside and out: all the schema can fault there
	// must survive condensing, in a bare flow and in an export's flows.
	const oddLocalization = `{"spa": {"u1": {"text": ["hola"], "quick_replies": 5, "_ui": 1, "x": {"a": 1}, "y": null, "z": true},
		"u2": "oops", "u3": 7, "u4": null, "u5": ["a"], "u6": {}}, "fra": "nope", "por": null, "deu": [], "ita": {}}`
	b, _ = json.Marshal(mutate(t, string(bigFlow(10)), "localization", oddLocalization, "_ui", `{"nodes": {"n": {"position": 1}}}`))
	inputs["translations"] = b
	b, _ = json.Marshal(mutate(t, string(bigFlow(10)), "localization", `[{"spa": 1}]`, "_ui", `["x"]`))
	inputs["translations not objects"] = b
	export["flows"].([]any)[2].(map[string]any)["localization"] = mutate(t, `{"l": `+oddLocalization+`}`)["l"]
	export["flows"].([]any)[3].(map[string]any)["_ui"] = "layout"
	export["flows"].([]any)[4].(map[string]any)["localization"] = 5.0
	b, _ = json.Marshal(export)
	inputs["export with translations"] = b
	files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "validate", "*", "*.json"))
	for _, p := range files {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		inputs[p] = src
	}
	for name, src := range inputs {
		doc := read.Read(name, src)
		if doc.Generic == nil {
			continue
		}
		full, condensed := schemaOnly(t, doc.Generic, true), schemaOnly(t, doc.Generic, false)
		if !slices.Equal(full, condensed) {
			t.Errorf("%s: condensed schema findings differ\nfull:      %q\ncondensed: %q", name, full, condensed)
		}
		if name == "broken" && len(full) < 7 || name == "export" && len(full) < 4 || name == "translations" && len(full) < 5 ||
			name == "translations not objects" && len(full) < 1 || name == "export with translations" && len(full) < 10 {
			t.Errorf("%s: expected findings for every broken node, got %q", name, full)
		}
	}
}

func TestNodeShapes(t *testing.T) {
	doc := map[string]any{"flows": []any{map[string]any{"uuid": "x", "nodes": []any{
		map[string]any{"uuid": "a", "exits": []any{map[string]any{"uuid": "e"}}},
		map[string]any{"uuid": "b", "exits": []any{map[string]any{"uuid": "f"}}},
		map[string]any{"uuid": "c", "exits": []any{map[string]any{"uuid": 1.0}}},
		map[string]any{"uuid": "d", "router": map[string]any{"type": "switch"}, "exits": []any{}},
		map[string]any{"uuid": "e", "router": map[string]any{"type": "random"}, "exits": []any{}},
	}}}}
	cond, g := condense(doc)
	nodes := cond.(map[string]any)["flows"].([]any)[0].(map[string]any)["nodes"].([]any)
	if len(nodes) != 4 {
		t.Fatalf("got %d shapes, want 4 (a=b, c, d, e)", len(nodes))
	}
	if got := g.expand("/flows/0/nodes/0/exits/0/uuid"); !slices.Equal(got, []string{"/flows/0/nodes/0/exits/0/uuid", "/flows/0/nodes/1/exits/0/uuid"}) {
		t.Errorf("expand = %q", got)
	}
	if got := g.expand("/flows/0/uuid"); !slices.Equal(got, []string{"/flows/0/uuid"}) {
		t.Errorf("expand outside nodes = %q", got)
	}
	// Nodes of the shapes of an earlier flow's are represented there.
	doc["flows"] = append(doc["flows"].([]any), map[string]any{"uuid": "y", "nodes": []any{
		map[string]any{"uuid": "f", "exits": []any{map[string]any{"uuid": "g"}}},
		map[string]any{"uuid": "g", "actions": []any{}, "exits": []any{}},
	}})
	cond, g = condense(doc)
	second := cond.(map[string]any)["flows"].([]any)[1].(map[string]any)["nodes"].([]any)
	if len(second) != 1 {
		t.Fatalf("second flow keeps %d nodes, want 1 (its first is of a shape of the first flow's)", len(second))
	}
	if got := g.expand("/flows/0/nodes/0/exits/0/uuid"); !slices.Equal(got, []string{"/flows/0/nodes/0/exits/0/uuid", "/flows/0/nodes/1/exits/0/uuid", "/flows/1/nodes/0/exits/0/uuid"}) {
		t.Errorf("expand across flows = %q", got)
	}
	if got := g.expand("/flows/1/nodes/0/uuid"); !slices.Equal(got, []string{"/flows/1/nodes/1/uuid"}) {
		t.Errorf("expand in the second flow = %q", got)
	}
	// The original document is left as it was.
	if n := len(doc["flows"].([]any)[0].(map[string]any)["nodes"].([]any)); n != 5 {
		t.Errorf("original changed: %d nodes", n)
	}
}

// TestUnversionedFlowIsRefused: the reference refuses a flow without spec_version ("field
// 'spec_version' is required"), so validate does too, and checks the rest of it in full.
func TestUnversionedFlowIsRefused(t *testing.T) {
	m := mutate(t, baseFlow,
		"spec_version", nil,
		"nodes/0/exits/0/destination_uuid", "30000000-0000-4000-8000-00000000dead",
	)
	got := runFlow(t, m, flows.NewAssets())
	want := map[string]bool{
		"field/required /spec_version":                                false,
		"graph/unknown-destination /nodes/0/exits/0/destination_uuid": false,
	}
	for _, f := range got {
		if _, ok := want[f.Code+" "+f.Pointer]; ok && f.Severity == flows.SeverityError {
			want[f.Code+" "+f.Pointer] = true
		}
	}
	for k, seen := range want {
		if !seen {
			t.Errorf("no error %q among %v", k, summary(got))
		}
	}
}

// TestLanguageRequiredFrom132: flows of spec 13.2 and later must name their language, as the
// reference requires; older ones get "und".
func TestLanguageRequiredFrom132(t *testing.T) {
	for _, tc := range []struct {
		version string
		refused bool
	}{{"13.0.0", false}, {"13.1.5", false}, {"13.2.0", true}, {"14.3.0", true}} {
		m := mutate(t, baseFlow, "spec_version", tc.version, "language", nil)
		src, _ := json.Marshal(m)
		refused := false
		for _, f := range Check(read.Read("flow.json", src), nil) { // read migrates older flows
			if f.Severity == flows.SeverityError && f.Code == "field/required" && f.Pointer == "/language" {
				refused = true
			}
		}
		if refused != tc.refused {
			t.Errorf("spec %s without a language: refused %v, want %v", tc.version, refused, tc.refused)
		}
	}
}

// TestWrappedFlowsOneError: a document whose flows are wrapped in "definition" (Glific's export)
// gets the reader's one error, not a schema error for each wrapper.
func TestWrappedFlowsOneError(t *testing.T) {
	def, _ := json.Marshal(mutate(t, baseFlow))
	src := `{"flows": [{"keywords": ["a"], "definition": ` + string(def) + `}, {"definition": ` + string(def) + `}]}`
	fs := Check(read.Read("glific.json", []byte(src)), nil)
	if len(fs) != 1 || fs[0].Code != read.CodeWrappedFlow || fs[0].Pointer != "/flows/0" {
		t.Errorf("findings %v, want one %s at /flows/0", summary(fs), read.CodeWrappedFlow)
	}
}
