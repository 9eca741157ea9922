package read_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/flows/read"
)

// bigFlow generates a messaging flow of n nodes: each sends a message, saves a field and waits
// for a reply routed by two cases, like the question nodes of a real survey.
func bigFlow(n int) []byte {
	var b strings.Builder
	uuid := func(kind, i int) string { return fmt.Sprintf("%08x-0000-4000-8000-%012x", kind, i) }
	b.WriteString(`{"uuid":"` + uuid(0, 0) + `","name":"Big","spec_version":"14.1.0","language":"eng","type":"messaging","revision":1,"expire_after_minutes":10080,"localization":{},"nodes":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		dest := ""
		if i+1 < n {
			dest = `,"destination_uuid":"` + uuid(1, i+1) + `"`
		}
		fmt.Fprintf(&b, `
  {"uuid":"%s","actions":[
    {"uuid":"%s","type":"send_msg","text":"Question %d, @contact.name: how many @fields.things?","quick_replies":["Yes","No"]},
    {"uuid":"%s","type":"set_contact_field","field":{"key":"answer_%d","name":"Answer %d"},"value":"@results.q%d"}],
   "router":{"type":"switch","operand":"@input.text","result_name":"Q%d",
     "wait":{"type":"msg","timeout":{"seconds":600,"category_uuid":"%s"}},
     "cases":[{"uuid":"%s","type":"has_any_word","arguments":["yes y"],"category_uuid":"%s"},
              {"uuid":"%s","type":"has_number_between","arguments":["1","10"],"category_uuid":"%s"}],
     "categories":[{"uuid":"%s","name":"Yes","exit_uuid":"%s"},{"uuid":"%s","name":"Number","exit_uuid":"%s"},
                   {"uuid":"%s","name":"Other","exit_uuid":"%s"}],
     "default_category_uuid":"%s"},
   "exits":[{"uuid":"%s"%s},{"uuid":"%s"%s},{"uuid":"%s"}]}`,
			uuid(1, i), uuid(2, i), i, uuid(3, i), i, i, i, i,
			uuid(6, i), uuid(4, i), uuid(5, i), uuid(7, i), uuid(6, i),
			uuid(5, i), uuid(8, i), uuid(6, i), uuid(9, i), uuid(10, i), uuid(11, i),
			uuid(10, i), uuid(8, i), dest, uuid(9, i), dest, uuid(11, i))
	}
	b.WriteString("\n],\n\"_ui\": {\"nodes\": {")
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `"%s": {"position": {"left": %d, "top": %d}, "type": "wait_for_response"}`, uuid(1, i), i%7*220, i*180)
	}
	b.WriteString("}}}")
	return []byte(b.String())
}

func TestBigFlowReads(t *testing.T) {
	doc := read.Read("big.json", bigFlow(20))
	if len(doc.Findings) > 0 {
		t.Fatalf("generated flow has findings: %+v", doc.Findings[0])
	}
	if f := doc.Flows[0]; len(f.Nodes) != 20 || len(f.Nodes[19].Actions) != 2 || len(f.Nodes[5].Router.Cases) != 2 {
		t.Fatalf("generated flow decoded wrongly")
	}
}

func BenchmarkRead1000Nodes(b *testing.B) {
	src := bigFlow(1000)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if doc := read.Read("big.json", src); len(doc.Flows) != 1 {
			b.Fatal("not read")
		}
	}
}

func BenchmarkStdlibDecode(b *testing.B) {
	src := bigFlow(1000)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		var v map[string]any
		if err := json.Unmarshal(src, &v); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPosition(b *testing.B) {
	doc := read.Read("big.json", bigFlow(1000))
	b.ReportAllocs()
	for b.Loop() {
		doc.Position("/nodes/999/router/cases/1/arguments/0")
	}
}
