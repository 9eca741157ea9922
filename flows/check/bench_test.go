package check

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/flowctl/flowctl/flows/read"
)

// bigFlow generates a valid messaging flow of n nodes: every third node waits for a reply and
// routes on it, the others send a templated message, all chained one after the other.
func bigFlow(n int) []byte {
	id := func(kind string, i int) string { return fmt.Sprintf("%s-0000-4000-8000-%012d", kind, i) }
	var b strings.Builder
	fmt.Fprintf(&b, `{"uuid": %q, "name": "Big", "spec_version": "14.3.0", "language": "eng", "type": "messaging", "localization": {}, "nodes": [`, id("f0000000", 0))
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",\n")
		}
		dest := ""
		if i+1 < n {
			dest = fmt.Sprintf(`, "destination_uuid": %q`, id("d0000000", i+1))
		}
		if i%3 == 2 {
			fmt.Fprintf(&b, `{"uuid": %q, "router": {"type": "switch", "wait": {"type": "msg"}, "operand": "@input.text", "result_name": "Answer %d",
  "cases": [{"uuid": %q, "type": "has_any_word", "arguments": ["yes %s"], "category_uuid": %q}],
  "categories": [{"uuid": %q, "name": "Yes", "exit_uuid": %q}, {"uuid": %q, "name": "Other", "exit_uuid": %q}],
  "default_category_uuid": %q},
  "exits": [{"uuid": %q%s}, {"uuid": %q%s}]}`,
				id("d0000000", i), i, id("b0000000", i), prevResult(i), id("c0000000", 2*i), id("c0000000", 2*i), id("e0000000", 2*i),
				id("c0000000", 2*i+1), id("e0000000", 2*i+1), id("c0000000", 2*i+1), id("e0000000", 2*i), dest, id("e0000000", 2*i+1), dest)
			continue
		}
		fmt.Fprintf(&b, `{"uuid": %q, "actions": [{"uuid": %q, "type": "send_msg", "text": "Step %d for @contact.name: @(upper(input.text))", "quick_replies": ["yes", "no"]}],
  "exits": [{"uuid": %q%s}]}`, id("d0000000", i), id("a0000000", i), i, id("e0000000", 2*i), dest)
	}
	b.WriteString("]}")
	return []byte(b.String())
}

// prevResult reads the result of the previous waiting node, if any.
func prevResult(i int) string {
	if i < 5 {
		return ""
	}
	return fmt.Sprintf("@results.answer_%d", i-3)
}

func TestBigFlowIsClean(t *testing.T) {
	src := bigFlow(1000)
	doc := read.Read("big.json", src)
	for _, f := range Check(doc, nil) {
		t.Errorf("%s %s: %s", f.Code, f.Pointer, f.Message)
	}
	if len(doc.Flows) != 1 || len(doc.Flows[0].Nodes) != 1000 {
		t.Fatalf("read %d flows", len(doc.Flows))
	}
}

// BenchmarkValidate reads and checks a 1,000-node flow; compare with BenchmarkDecodeMap, a plain
// encoding/json decode of the same bytes (the budget is 3x that).
func BenchmarkValidate(b *testing.B) {
	src := bigFlow(1000)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		Check(read.Read("big.json", src), nil)
	}
}

func BenchmarkDecodeMap(b *testing.B) {
	src := bigFlow(1000)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		var m map[string]any
		if err := json.Unmarshal(src, &m); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkValidateVsDecode times validation and a plain encoding/json decode of the same
// 1,000-node flow in alternating blocks and reports their ratio ("x-decode"), the budget
// being 3x. Alternating keeps the ratio steady on a shared, noisy machine, where two benchmarks
// run one after the other see different loads; blocks (rather than single calls) let each side
// run in its own steady state of garbage collection, so neither pays for the other's garbage.
func BenchmarkValidateVsDecode(b *testing.B) {
	const block = 10
	src := bigFlow(1000)
	b.SetBytes(int64(2 * block * len(src)))
	var validating, decoding time.Duration
	for b.Loop() {
		start := time.Now()
		for range block {
			var m map[string]any
			if err := json.Unmarshal(src, &m); err != nil {
				b.Fatal(err)
			}
		}
		mid := time.Now()
		for range block {
			Check(read.Read("big.json", src), nil)
		}
		validating += time.Since(mid)
		decoding += mid.Sub(start)
	}
	b.ReportMetric(float64(validating)/float64(decoding), "x-decode")
}

// BenchmarkCondense measures the node-shape grouping the schema layer does before validating.
func BenchmarkCondense(b *testing.B) {
	doc := read.Read("big.json", bigFlow(1000))
	b.ReportAllocs()
	for b.Loop() {
		condense(doc.Generic)
	}
}

// missingAssetsExport generates an export declaring groups groups and fields fields, with flows
// of 40 nodes whose every node adds the contact to a group that isn't declared (each with its own
// UUID and name) and sets a field that isn't either: every reference asks for a suggestion.
func missingAssetsExport(groups, fields, flowCount int) []byte {
	id := func(kind, i int) string { return fmt.Sprintf("%08x-0000-4000-8000-%012x", kind, i) }
	var b strings.Builder
	b.WriteString(`{"version": "13", "site": "https://app.rapidpro.io", "campaigns": [], "triggers": [], "groups": [`)
	for i := range groups {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"uuid": %q, "name": "Group number %d of the org", "query": null}`, id(0x6000000, i), i)
	}
	b.WriteString(`], "fields": [`)
	for i := range fields {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"key": "field_key_%d", "name": "Field %d", "type": "text"}`, i, i)
	}
	b.WriteString(`], "flows": [`)
	ref := 0
	for f := range flowCount {
		if f > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"uuid": %q, "name": "Flow %d", "spec_version": "13.1.0", "language": "eng", "type": "messaging", "localization": {}, "nodes": [`, id(0xf000000, f), f)
		for n := range 40 {
			if n > 0 {
				b.WriteString(",")
			}
			dest := "null"
			if n < 39 {
				dest = fmt.Sprintf("%q", id(0xd000000, f*40+n+1))
			}
			ref++
			fmt.Fprintf(&b, `{"uuid": %q, "actions": [
  {"uuid": %q, "type": "add_contact_groups", "groups": [{"uuid": %q, "name": "Missing group %d"}]},
  {"uuid": %q, "type": "set_contact_field", "field": {"key": "missing_field_%d", "name": "Missing %d"}, "value": "x"}],
  "exits": [{"uuid": %q, "destination_uuid": %s}]}`,
				id(0xd000000, f*40+n), id(0xa000000, 2*ref), id(0x7000000, ref), ref, id(0xa000000, 2*ref+1), ref, ref, id(0xe000000, f*40+n), dest)
		}
		b.WriteString("]}")
	}
	b.WriteString("]}")
	return []byte(b.String())
}

// BenchmarkCheckMissingAssets checks an export with 20,000 groups and fields and 4,000
// references to missing ones, each of which asks for the nearest declared name. Comparing each
// with every name took minutes on exports of a few megabytes.
func BenchmarkCheckMissingAssets(b *testing.B) {
	src := missingAssetsExport(20000, 20000, 50)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		Check(read.Read("export.json", src), nil)
	}
}
