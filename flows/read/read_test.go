package read_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/actions"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/read"
)

// finding renders a finding compactly for comparisons: "line:col code pointer: message".
func finding(f flows.Finding) string {
	return fmt.Sprintf("%d:%d %s %s: %s", f.Line, f.Column, f.Code, f.Pointer, f.Message)
}

func findings(doc *read.Document) []string {
	out := []string{}
	for _, f := range doc.Findings {
		out = append(out, finding(f))
	}
	return out
}

func TestSyntaxErrors(t *testing.T) {
	tests := []struct {
		src  string
		want string
	}{
		{``, "1:1 syntax/invalid-json : empty document: expected a JSON value"},
		{"  \n ", "1:1 syntax/invalid-json : empty document: expected a JSON value"},
		{"\xef\xbb\xbf{}", "1:1 syntax/invalid-json : the file starts with a UTF-8 byte order mark (BOM), which JSON doesn't allow: expected a JSON value; save the file as UTF-8 without BOM"},
		{`{"a": 1,}`, "1:9 syntax/invalid-json : unexpected '}' after ',': expected a string key"},
		{"{\n  \"a\": 1\n  \"b\": 2\n}", "3:3 syntax/invalid-json : unexpected '\"' after the value of \"a\": expected ',' or '}'"},
		{`{"a" 1}`, "1:6 syntax/invalid-json : unexpected '1' after key \"a\": expected ':'"},
		{`[1, 2`, "1:6 syntax/invalid-json : unexpected end of file in an array: expected ',' or ']'"},
		{`{"a": tru}`, "1:7 syntax/invalid-json : unexpected 't': expected a value (object, array, string, number, true, false or null)"},
		{`{"a": "x`, "1:9 syntax/invalid-json : unexpected end of file in a string: expected '\"'"},
		{"{\"a\": \"x\ty\"}", "1:9 syntax/invalid-json : control character byte 0x09 in a string: expected it escaped"},
		{`{"a": "\q"}`, "1:8 syntax/invalid-json : invalid escape '\\q' in a string: expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX"},
		{`{"a": "\u12"}`, "1:8 syntax/invalid-json : invalid escape in a string: expected \\u followed by 4 hex digits"},
		{`{"a": 01}`, "1:8 syntax/invalid-json : unexpected '1' after the value of \"a\": expected ',' or '}'"},
		{`{"a": 1.}`, "1:9 syntax/invalid-json : unexpected '}' in a number: expected a digit after '.'"},
		{`{"a": -}`, "1:8 syntax/invalid-json : unexpected '}' in a number: expected a digit"},
		{`{"a": 1e}`, "1:9 syntax/invalid-json : unexpected '}' in a number: expected a digit in the exponent"},
		{`{"a": 1e999}`, "1:7 syntax/invalid-json : number 1e999 is out of the range of 64-bit floating point"},
		{`{} x`, "1:4 syntax/invalid-json : unexpected 'x' after the top-level value: expected end of file"},
		{`{"é": ü}`, "1:8 syntax/invalid-json : unexpected 'ü': expected a value (object, array, string, number, true, false or null)"},
		{strings.Repeat("[", 10001), "1:10001 syntax/invalid-json : nesting deeper than 10000 levels"},
	}
	for _, tt := range tests {
		doc := read.Read("x.json", []byte(tt.src))
		got := findings(doc)
		if len(got) != 1 || got[0] != tt.want {
			t.Errorf("Read(%.30q):\n got %q\nwant %q", tt.src, got, tt.want)
		}
		if doc.Generic != nil || len(doc.Flows) != 0 {
			t.Errorf("Read(%.30q): a document with a syntax error has values", tt.src)
		}
	}
}

func TestGenericMatchesEncodingJSON(t *testing.T) {
	srcs := []string{
		`{"a": [1, 2.5, -3e2, true, false, null, "x\"y\\z\/\b\f\n\r\t\u00e9\ud83d\ude00"], "b": {}, "c": [], "d": {"e": {"f": [[]]}}}`,
		`"just a string"`, `[]`, `0`, `-0.5`, `{"dup": 1, "dup": 2}`,
		"{\"bad utf8\": \"a\xffb\", \"lone surrogate\": \"\\ud800x\", \"\xfe\": 1}",
	}
	for _, src := range srcs {
		var want any
		if err := json.Unmarshal([]byte(src), &want); err != nil {
			t.Fatalf("bad test input %s: %v", src, err)
		}
		doc := read.Read("x.json", []byte(src))
		if !reflect.DeepEqual(doc.Generic, want) {
			t.Errorf("Generic of %s:\n got %#v\nwant %#v", src, doc.Generic, want)
		}
	}
}

const flowHead = `"uuid": "f0000000-0000-4000-8000-000000000001", "name": "Test", "spec_version": "14.1.0", "language": "eng", "type": "messaging"`

func TestPosition(t *testing.T) {
	src := "{\n  \"flows\": [\n    {" + flowHead + ",\n     \"nodes\": [{\"uuid\": \"n1\", \"actions\": [],\n       \"exits\": [{\"uuid\": \"e1\"}]}]}\n  ],\n  \"a/b\": {\"c~d\": 1}\n}"
	doc := read.Read("x.json", []byte(src))
	tests := []struct {
		pointer   string
		line, col int
	}{
		{"", 1, 1},
		{"/flows", 2, 12},
		{"/flows/0", 3, 5},
		{"/flows/0/nodes/0/exits/0/uuid", 5, 27},
		{"/flows/0/nodes/0/exits/0/nope", 5, 18},   // nearest ancestor: the exit
		{"/flows/0/nodes/7", 4, 15},                // the nodes array
		{"/a~1b/c~0d", 7, 18},                      // escaped tokens
		{"/flows/0/nodes/0/actions/0/text", 4, 42}, // into an empty array
		{"no slash", 1, 1},
	}
	for _, tt := range tests {
		line, col := doc.Position(tt.pointer)
		if line != tt.line || col != tt.col {
			t.Errorf("Position(%q) = %d:%d, want %d:%d", tt.pointer, line, col, tt.line, tt.col)
		}
	}
	empty := read.Read("x.json", nil)
	if l, c := empty.Position("/x"); l != 1 || c != 1 {
		t.Errorf("Position in an empty document = %d:%d, want 1:1", l, c)
	}
}

// TestPositionMembers covers how pointer tokens pick an object's member or an array's element:
// the later of two equal keys (its value is the one read), numeric keys of objects, and objects
// too large to search member by member.
func TestPositionMembers(t *testing.T) {
	var b strings.Builder
	b.WriteString("{\"dup\": 1, \"dup\": 2, \"0\": 3, \"list\": [10, 20],\n\"big\": {")
	for i := range 100 {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "\"k%d\": %d", i, i)
	}
	b.WriteString(", \"k5\": \"again\"}}")
	src := b.String()
	doc := read.Read("x.json", []byte(src))
	offset := func(line, col int) int {
		lines := strings.SplitAfter(src, "\n")
		off := col - 1
		for _, l := range lines[:line-1] {
			off += len(l)
		}
		return off
	}
	tests := []struct {
		pointer string
		want    string // the source text where the value starts
	}{
		{"/dup", "2,"},
		{"/0", "3,"},
		{"/list/1", "20]"},
		{"/list/2", "[10"},  // past the end: the array
		{"/list/-1", "[10"}, // not an index
		{"/big/k0", "0,"},
		{"/big/k99", "99,"},
		{"/big/k5", "\"again\""},
		{"/big/nope", "{\"k0"},
	}
	for _, tt := range tests {
		line, col := doc.Position(tt.pointer)
		if got := src[offset(line, col):]; !strings.HasPrefix(got, tt.want) {
			t.Errorf("Position(%q) = %d:%d, at %.12q, want the value starting %q", tt.pointer, line, col, got, tt.want)
		}
	}
}

func TestShapes(t *testing.T) {
	tests := []struct {
		name         string
		src          string
		wantFlows    int
		wantPointers []string
		wantFindings []string
	}{
		{"bare flow", `{` + flowHead + `, "nodes": []}`, 1, []string{""}, []string{}},
		{"assets document", `{"flows": [{` + flowHead + `, "nodes": []}], "groups": [], "fields": []}`, 1, []string{"/flows/0"}, []string{}},
		{"export", `{"version": "13", "site": "https://app.rapidpro.io", "flows": [{` + flowHead + `, "nodes": []}, {` + flowHead + `, "nodes": []}], "campaigns": [], "triggers": []}`, 2, []string{"/flows/0", "/flows/1"}, []string{}},
		{"empty export", `{"version": "13", "site": "x", "flows": []}`, 0, nil, []string{}},
		{"only assets", `{"channels": [], "users": []}`, 0, nil, []string{}},
		{"editor results", `{"results": [{"uuid": "x", "definition": {` + flowHead + `, "nodes": []}}]}`, 1, []string{"/results/0/definition"}, []string{}},
		{"glific export", `{"flows": [{"uuid": "x", "keywords": ["hi"], "definition": {` + flowHead + `, "nodes": []}}, {"definition": {` + flowHead + `, "nodes": []}}]}`, 0, nil,
			[]string{"1:12 schema/wrapped-flow /flows/0: 2 of the 2 items of flows wrap their flow in a \"definition\", as Glific exports flows: the engine takes each item for a flow definition and refuses these; put each definition itself in the flows array"}},
		{"glific item beside a flow", `{"flows": [{` + flowHead + `, "nodes": []}, {"definition": {` + flowHead + `, "nodes": []}}]}`, 1, []string{"/flows/0"},
			[]string{"1:157 schema/wrapped-flow /flows/1: 1 of the 2 items of flows wrap their flow in a \"definition\", as Glific exports flows: the engine takes each item for a flow definition and refuses these; put each definition itself in the flows array"}},
		{"array", `[1]`, 0, nil, []string{"1:1 schema/unknown-document : expected an object (a flow definition or a document with a flows array), found an array"}},
		{"unknown object", `{"hello": 1}`, 0, nil, []string{"1:1 schema/unknown-document : expected a flow definition (an object with nodes) or a document with a flows array or assets (channels, fields, groups, ...)"}},
		{"flows not an array", `{"flows": {}}`, 0, nil, []string{"1:11 schema/wrong-type /flows: expected an array of flows, found an object"}},
		{"flow not an object", `{"flows": [{` + flowHead + `, "nodes": []}, 3]}`, 1, []string{"/flows/0"}, []string{"1:157 schema/wrong-type /flows/1: expected an object (a flow definition), found a number"}},
		{"legacy bare flow", `{"base_language": "eng", "action_sets": [], "rule_sets": [], "metadata": {}}`, 1, []string{""}, []string{"1:1 lint/legacy-migrated : legacy v11 flow (action_sets, rule_sets) read by migrating it to spec 13.0.0, as the reference engine does; findings inside it are shown at the legacy parts they came from; re-export it from a current RapidPro/TextIt to get the current format"}},
		{"legacy flow with a flow type only", `{"flow_type": "F", "metadata": {"name": "x"}}`, 1, []string{""}, []string{"1:1 lint/legacy-migrated : legacy v11 flow (action_sets, rule_sets) read by migrating it to spec 13.0.0, as the reference engine does; findings inside it are shown at the legacy parts they came from; re-export it from a current RapidPro/TextIt to get the current format"}},
		{"a base language alone is no legacy flow", `{"base_language": "eng", "metadata": {"name": "x"}}`, 1, []string{""}, []string{}},
		{"the current header wins over action sets", `{` + flowHead + `, "action_sets": []}`, 1, []string{""}, []string{}},
		{"oldest export wrapping its flow beside flow_type", `{"version": 3, "flows": [{"flow_type": "F", "name": "Old", "id": 2, "definition": {"base_language": "eng", "action_sets": []}}]}`, 1, []string{"/flows/0"}, []string{"1:26 lint/wrapped-legacy-flow /flows/0: this item wraps its flow in a \"definition\" beside flow_type, as RapidPro's oldest exports did: the engine reads the item itself as a legacy flow with no action sets or rule sets and ignores the definition, so the flow does nothing; put the definition itself in the flows array", "1:26 lint/legacy-migrated /flows/0: legacy v11 flow (action_sets, rule_sets) read by migrating it to spec 13.0.0, as the reference engine does; findings inside it are shown at the legacy parts they came from; re-export it from a current RapidPro/TextIt to get the current format"}},
		{"legacy export", `{"version": "11.12", "flows": [{"base_language": "eng", "action_sets": [], "rule_sets": []}]}`, 1, []string{"/flows/0"}, []string{"1:32 lint/legacy-migrated /flows/0: legacy v11 flow (action_sets, rule_sets) read by migrating it to spec 13.0.0, as the reference engine does; findings inside it are shown at the legacy parts they came from; re-export it from a current RapidPro/TextIt to get the current format"}},
		{"legacy flow with an unknown action", `{"base_language": "eng", "action_sets": [{"uuid": "a", "exit_uuid": "e", "actions": [{"type": "zap"}]}]}`, 1, []string{""}, []string{"1:1 lint/legacy-migrated : legacy v11 flow (action_sets, rule_sets) read by migrating it to spec 13.0.0, as the reference engine does; findings inside it are shown at the legacy parts they came from; re-export it from a current RapidPro/TextIt to get the current format", "1:95 schema/legacy-format /action_sets/0/actions/0/type: legacy action type 'zap' can't be migrated: expected reply, send, email, add_group, del_group, add_label, save, lang, channel, flow, trigger-flow, say or play"}},
		{"v11 export of a new flow", `{"version": "11.12", "flows": [{` + flowHead + `, "nodes": []}]}`, 1, []string{"/flows/0"}, []string{}},
		{"bad version", `{"uuid": "u", "spec_version": "fourteen", "nodes": []}`, 1, []string{""}, []string{"1:31 schema/invalid-spec-version /spec_version: spec_version \"fourteen\" is not a version: expected major.minor.patch, e.g. 14.4.2"}},
		{"version not a string", `{"uuid": "u", "spec_version": 14, "nodes": []}`, 1, []string{""}, []string{"1:31 schema/wrong-type /spec_version: expected a string, found a number"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := read.Read("x.json", []byte(tt.src))
			if got := findings(doc); !reflect.DeepEqual(got, tt.wantFindings) {
				t.Errorf("findings:\n got %q\nwant %q", got, tt.wantFindings)
			}
			if len(doc.Flows) != tt.wantFlows {
				t.Errorf("read %d flows, want %d", len(doc.Flows), tt.wantFlows)
			}
			if !reflect.DeepEqual(doc.FlowPointers, tt.wantPointers) {
				t.Errorf("FlowPointers = %q, want %q", doc.FlowPointers, tt.wantPointers)
			}
			for i, f := range doc.Flows {
				if p, _ := doc.PointerOf(f); p != doc.FlowPointers[i] {
					t.Errorf("PointerOf(flow %d) = %q, want %q", i, p, doc.FlowPointers[i])
				}
			}
		})
	}
}

// node wraps actions in a one-node flow at spec version ver.
func node(ver, actionsJSON string) string {
	return `{"uuid": "f0000000-0000-4000-8000-000000000001", "name": "T", "spec_version": "` + ver + `", "language": "eng", "type": "messaging",
"nodes": [{"uuid": "n0000000-0000-4000-8000-000000000001", "actions": [` + actionsJSON + `], "exits": [{"uuid": "e0000000-0000-4000-8000-000000000001"}]}]}`
}

func TestActionFindings(t *testing.T) {
	tests := []struct {
		name        string
		actions     string
		wantTypes   []string
		wantFinding []string // "code pointer: message"
	}{
		{"fine", `{"uuid": "a1", "type": "send_msg", "text": "hi"}`, []string{"send_msg"}, nil},
		{"typo", `{"uuid": "a1", "type": "send_mgs", "text": "hi"}, {"uuid": "a2", "type": "set_run_result", "name": "x", "value": "y"}`,
			[]string{"set_run_result"}, []string{"schema/unknown-action-type /nodes/0/actions/0/type: unknown action type 'send_mgs': did you mean 'send_msg'?"}},
		{"far off", `{"uuid": "a1", "type": "explode"}`, []string{},
			[]string{"schema/unknown-action-type /nodes/0/actions/0/type: unknown action type 'explode': expected one of " + strings.Join(actions.Types(), ", ") + "; if your platform defines it, declare it in a hooks file with registerAction and pass --hooks (see docs/hooks.md)"}},
		{"no type", `{"uuid": "a1", "text": "hi"}`, []string{},
			[]string{"schema/missing-action-type /nodes/0/actions/0: action has no type: expected one of " + strings.Join(actions.Types(), ", ")}},
		{"type not a string", `{"uuid": "a1", "type": 7}`, []string{}, []string{"schema/wrong-type /nodes/0/actions/0/type: expected a string (an action type), found a number"}},
		{"action not an object", `"send_msg"`, []string{}, []string{"schema/wrong-type /nodes/0/actions/0: expected an object (an action), found a string"}},
		{"wrong field types, all reported", `{"uuid": "a1", "type": "send_msg", "text": 5, "quick_replies": ["a", 2, null], "attachments": "x"}`, []string{"send_msg"},
			[]string{
				"schema/wrong-type /nodes/0/actions/0/text: expected a string, found a number",
				"schema/wrong-type /nodes/0/actions/0/attachments: expected an array, found a string",
				"schema/wrong-type /nodes/0/actions/0/quick_replies/1: expected a string, found a number",
			}},
		{"nested ref", `{"uuid": "a1", "type": "add_contact_groups", "groups": [{"uuid": 1, "name": "x"}]}`, []string{"add_contact_groups"},
			[]string{"schema/wrong-type /nodes/0/actions/0/groups/0/uuid: expected a string, found a number"}},
		{"bool", `{"uuid": "a1", "type": "enter_flow", "flow": {"uuid": "x", "name": "y"}, "terminal": "yes"}`, []string{"enter_flow"},
			[]string{"schema/wrong-type /nodes/0/actions/0/terminal: expected a boolean, found a string"}},
		{"headers map", `{"uuid": "a1", "type": "call_webhook", "method": "GET", "url": "http://x", "headers": {"A/B": 1}}`, []string{"call_webhook"},
			[]string{"schema/wrong-type /nodes/0/actions/0/headers/A~1B: expected a string, found a number"}},
		// the engine's decimals read text holding a number too, as shopspring's decimal does
		{"airtime amount", `{"uuid": "a1", "type": "transfer_airtime", "amounts": {"USD": "lots"}}`, []string{"transfer_airtime"},
			[]string{"schema/invalid-value /nodes/0/actions/0/amounts/USD: invalid value \"lots\": error decoding string 'lots': can't convert lots to decimal"}},
		{"airtime amount as text", `{"uuid": "a1", "type": "transfer_airtime", "amounts": {"USD": "3.5", "EUR": "1e3", "RWF": ".5"}}`, []string{"transfer_airtime"}, nil},
		{"airtime amount as a boolean", `{"uuid": "a1", "type": "transfer_airtime", "amounts": {"USD": true}}`, []string{"transfer_airtime"},
			[]string{"schema/wrong-type /nodes/0/actions/0/amounts/USD: expected a number, found a boolean"}},
		{"old name", `{"uuid": "a1", "type": "start_flow", "flow": {"uuid": "x", "name": "y"}}`, []string{"enter_flow"},
			[]string{"schema/renamed-action-type /nodes/0/actions/0/type: action type 'start_flow' is the old name of 'enter_flow', which the engine doesn't read; write 'enter_flow'"}},
		{"set_contact_property", `{"uuid": "a1", "type": "set_contact_property", "property": "name", "value": "@input"}`, []string{"set_contact_name"},
			[]string{"schema/renamed-action-type /nodes/0/actions/0/type: action type 'set_contact_property' is the old name of 'set_contact_name', which the engine doesn't read; write 'set_contact_name'"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := read.Read("x.json", []byte(node("14.1.0", tt.actions)))
			var got []string
			for _, f := range doc.Findings {
				got = append(got, f.Code+" "+f.Pointer+": "+f.Message)
				wantAction := "a1"
				if !strings.HasPrefix(tt.actions, "{") {
					wantAction = "" // not an object, so no UUID to name
				}
				if f.FlowUUID != "f0000000-0000-4000-8000-000000000001" || f.NodeUUID != "n0000000-0000-4000-8000-000000000001" || f.ActionUUID != wantAction {
					t.Errorf("finding %q lacks its UUIDs: %q %q %q", f.Message, f.FlowUUID, f.NodeUUID, f.ActionUUID)
				}
				if l, c := doc.Position(f.Pointer); f.Line != l || f.Column != c {
					t.Errorf("finding at %d:%d, its pointer at %d:%d", f.Line, f.Column, l, c)
				}
			}
			if !reflect.DeepEqual(got, tt.wantFinding) {
				t.Errorf("findings:\n got %q\nwant %q", got, tt.wantFinding)
			}
			if len(doc.Flows) != 1 {
				t.Fatalf("flow not read")
			}
			types := []string{}
			for _, a := range doc.Flows[0].Nodes[0].Actions {
				types = append(types, a.Type())
				p, ok := doc.PointerOf(a)
				if !ok || !strings.HasPrefix(p, "/nodes/0/actions/") {
					t.Errorf("PointerOf(%s) = %q, %v", a.Type(), p, ok)
				}
			}
			if !reflect.DeepEqual(types, tt.wantTypes) {
				t.Errorf("decoded actions %v, want %v", types, tt.wantTypes)
			}
		})
	}
}

func TestModelDecoding(t *testing.T) {
	src := `{"uuid": "f1", "name": "Full", "spec_version": "14.1.0", "language": "eng", "type": "voice", "revision": 3, "expire_after_minutes": 5,
"localization": {"spa": {"a1": {"text": ["hola"], "_ui": {"auto_translated": ["text"]}}}},
"_ui": {"nodes": {"n1": {"position": {"left": 0, "top": 0}}}},
"nodes": [
 {"uuid": "n1", "actions": [{"uuid": "a1", "type": "say_msg", "text": "hello"}], "exits": [{"uuid": "e1", "destination_uuid": "n2"}]},
 null,
 {"uuid": "n2", "router": {"type": "switch", "operand": "@input", "result_name": "R",
   "wait": {"type": "msg", "timeout": {"seconds": 30, "category_uuid": "c2"}, "hint": {"type": "digits", "count": 1}},
   "cases": [{"uuid": "k1", "type": "has_number", "arguments": [], "category_uuid": "c1"}],
   "categories": [{"uuid": "c1", "name": "Num", "exit_uuid": "e2"}, {"uuid": "c2", "name": "Other", "exit_uuid": "e3"}],
   "default_category_uuid": "c2"}, "exits": [{"uuid": "e2"}, {"uuid": "e3"}]}
]}`
	doc := read.Read("x.json", []byte(src))
	if len(doc.Findings) > 0 {
		t.Fatalf("findings: %q", findings(doc))
	}
	f := doc.Flows[0]
	if f.Type != flows.FlowTypeVoice || f.Revision != 3 || f.ExpireAfterMinutes != 5 || len(f.Nodes) != 3 || f.Nodes[1] != nil {
		t.Errorf("flow header or nodes decoded wrongly: %+v", f)
	}
	if got := f.Localization["spa"]["a1"]; !reflect.DeepEqual(got, map[string][]string{"text": {"hola"}}) {
		t.Errorf("localization = %v", got)
	}
	if string(f.UI) != `{"nodes": {"n1": {"position": {"left": 0, "top": 0}}}}` {
		t.Errorf("UI kept as %s", f.UI)
	}
	r := f.Nodes[2].Router
	if r.Wait.Timeout.Seconds != 30 || *r.Wait.Hint.Count != 1 || r.Cases[0].CategoryUUID != "c1" || r.DefaultCategoryUUID != "c2" {
		t.Errorf("router decoded wrongly: %+v", r)
	}
	if say := f.Nodes[0].Actions[0].(*actions.SayMsg); say.Text != "hello" {
		t.Errorf("say_msg text = %q", say.Text)
	}
	if p, _ := doc.PointerOf(f.Nodes[2]); p != "/nodes/2" {
		t.Errorf("PointerOf(node) = %q", p)
	}
	if doc.Assets.Get(flows.AssetFlow, "f1") == nil || doc.Assets.Declared(flows.AssetFlow) {
		t.Errorf("a bare flow must provide itself as a flow asset without declaring the kind")
	}
}

func TestFindingContext(t *testing.T) {
	src := `{"uuid": "f1", "spec_version": "14.0.0", "nodes": [{"uuid": "n1", "exits": [{"uuid": 5}], "actions": []}], "revision": "x"}`
	doc := read.Read("x.json", []byte(src))
	want := []flows.Finding{
		{Severity: "error", Code: "schema/wrong-type", Message: "expected an integer, found a string", Line: 1, Column: 120, Pointer: "/revision", FlowUUID: "f1"},
		{Severity: "error", Code: "schema/wrong-type", Message: "expected a string, found a number", Line: 1, Column: 86, Pointer: "/nodes/0/exits/0/uuid", FlowUUID: "f1", NodeUUID: "n1"},
	}
	if !reflect.DeepEqual(doc.Findings, want) {
		t.Errorf("findings:\n got %+v\nwant %+v", doc.Findings, want)
	}
}

func TestNumbers(t *testing.T) {
	tests := []struct{ json, want string }{
		{`2.5`, "schema/invalid-value /revision: expected an integer, found 2.5"},
		{`"3"`, "schema/wrong-type /revision: expected an integer, found a string"},
		{`1e300`, "schema/invalid-value /revision: expected an integer, found 1e+300"},
		{`null`, ""},
		{`-7`, ""},
	}
	for _, tt := range tests {
		doc := read.Read("x.json", []byte(`{"uuid": "u", "spec_version": "14.0.0", "revision": `+tt.json+`, "nodes": []}`))
		var got string
		if len(doc.Findings) > 0 {
			got = doc.Findings[0].Code + " " + doc.Findings[0].Pointer + ": " + doc.Findings[0].Message
		}
		if got != tt.want {
			t.Errorf("revision %s: got %q, want %q", tt.json, got, tt.want)
		}
	}
}

func TestPositionInString(t *testing.T) {
	src := "{\"a\": \"x\\\"y @(1 +)\",\n \"b\": \"\\u00e9\\ud83d\\ude00 @z\", \"n\": 5}"
	doc := read.Read("x.json", []byte(src))
	tests := []struct {
		pointer   string
		offset    int
		line, col int
	}{
		{"/a", 0, 1, 8},   // x
		{"/a", 1, 1, 9},   // the escaped quote \"
		{"/a", 2, 1, 11},  // y
		{"/a", 4, 1, 13},  // @
		{"/a", 99, 1, 19}, // past the end: the closing quote
		{"/b", 2, 2, 14},  // é is 2 bytes decoded, 6 in the source
		{"/b", 6, 2, 26},  // after the emoji: 4 bytes decoded, a surrogate pair of 12 in the source
		{"/b", 7, 2, 27},  // @
		{"/n", 3, 2, 37},  // not a string: the value itself
		{"/missing", 1, 1, 1},
	}
	for _, tt := range tests {
		if line, col := doc.PositionInString(tt.pointer, tt.offset); line != tt.line || col != tt.col {
			t.Errorf("PositionInString(%q, %d) = %d:%d, want %d:%d", tt.pointer, tt.offset, line, col, tt.line, tt.col)
		}
	}
}

// TestConcurrentReads reads files from several goroutines, as validating a directory may; run
// with -race it checks the per-type caches.
func TestConcurrentReads(t *testing.T) {
	srcs := [][]byte{bigFlow(5), []byte(node("13.0.0", `{"uuid": "a1", "type": "send_msg", "text": "x"}`)), []byte(`{"groups": [{"uuid": "0e1b5c5e-7c1d-4a8e-9d1e-1f2a3b4c5d01"}]}`)}
	done := make(chan bool)
	for i := 0; i < 6; i++ {
		go func() {
			doc := read.Read("x.json", srcs[i%len(srcs)])
			doc.Position("/nodes/0")
			done <- len(doc.Findings) == 0
		}()
	}
	for i := 0; i < 6; i++ {
		if !<-done {
			t.Error("a concurrent read had findings")
		}
	}
}

// The engine reads no old action type names, whatever the spec_version: an old name is an error
// in a flow that states its version, and a warning only in one that states none (the editor's
// flows from before spec versions). Either way the action is read as the current type.
func TestRenamedActionTypeByVersion(t *testing.T) {
	const action = `{"uuid": "a1", "type": "add_to_group", "groups": [{"uuid": "g1", "name": "G"}]}`
	tests := []struct {
		name, flow string
		want       flows.Severity
	}{
		{"13.0.0", node("13.0.0", action), flows.SeverityError},
		{"12.0.0", node("12.0.0", action), flows.SeverityError},
		{"14.3.0", node("14.3.0", action), flows.SeverityError},
		{"null", strings.Replace(node("x", action), `"x"`, `null`, 1), flows.SeverityWarning},
		{"none", strings.Replace(node("x", action), `"spec_version": "x", `, ``, 1), flows.SeverityWarning},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := read.Read("x.json", []byte(tc.flow))
			var got []flows.Severity
			for _, f := range doc.Findings {
				if f.Code == read.CodeRenamedActionType {
					got = append(got, f.Severity)
				}
			}
			if !reflect.DeepEqual(got, []flows.Severity{tc.want}) {
				t.Errorf("renamed-action-type findings %v, want one %s", got, tc.want)
			}
			if len(doc.Flows) != 1 || len(doc.Flows[0].Nodes[0].Actions) != 1 || doc.Flows[0].Nodes[0].Actions[0].Type() != "add_contact_groups" {
				t.Errorf("the action isn't read as add_contact_groups")
			}
		})
	}
}
