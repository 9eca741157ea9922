// Package exportgen writes realistic RapidPro/TextIt exports of any size for benchmarks and
// tests: many flows of question nodes (messages translated into two languages, waits with
// timeouts, cases and categories), contact fields, groups, webhooks and subflows, with the
// editor's _ui positions. Real exports of deployed chatbots reach 3 MB and 180 flows; this makes
// files of that shape without shipping one.
package exportgen

import (
	"fmt"
	"strings"
)

// Options size an export.
type Options struct {
	// Flows is the number of flows; NodesPerFlow the question nodes in each.
	Flows        int
	NodesPerFlow int
	// Fields and Groups are the contact fields and groups the export declares.
	Fields int
	Groups int
}

// UUID is the generator's UUID of the i-th thing of a kind, stable across runs.
func UUID(kind, i int) string {
	return fmt.Sprintf("%08x-0000-4000-8000-%012x", kind, i)
}

// The kinds of UUIDs the generator makes: flow f's things are numbered f*10000 + n.
const (
	kindFlow = iota + 1
	kindNode
	kindAction
	kindCase
	kindCategory
	kindExit
	kindGroup
)

// FlowUUID is the UUID of flow i; FlowName its name.
func FlowUUID(i int) string { return UUID(kindFlow, i) }

// FlowName is the name of flow i.
func FlowName(i int) string { return fmt.Sprintf("Survey %03d", i) }

// Generate writes an export. Flow i ends by entering flow i+1 as a subflow when i is even (so
// chains of two flows run), and every flow's first node calls a webhook.
func Generate(o Options) []byte {
	var b strings.Builder
	b.WriteString(`{"version": "13", "site": "https://textit.com", "flows": [`)
	for f := 0; f < o.Flows; f++ {
		if f > 0 {
			b.WriteString(",")
		}
		writeFlow(&b, f, o)
	}
	b.WriteString("\n],\n\"campaigns\": [],\n\"triggers\": [],\n\"fields\": [")
	for i := 0; i < o.Fields; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		typ := "text"
		if i%3 == 0 {
			typ = "number"
		}
		fmt.Fprintf(&b, "\n{\"key\": \"answer_%d\", \"name\": \"Answer %d\", \"type\": %q}", i, i, typ)
	}
	b.WriteString("],\n\"groups\": [")
	for i := 0; i < o.Groups; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, "\n{\"uuid\": %q, \"name\": \"Group %d\", \"query\": null}", UUID(kindGroup, i), i)
	}
	b.WriteString("]\n}\n")
	return []byte(b.String())
}

func writeFlow(b *strings.Builder, f int, o Options) {
	id := func(kind, n int) string { return UUID(kind, f*10000+n) }
	fmt.Fprintf(b, "\n{\"uuid\": %q, \"name\": %q, \"spec_version\": \"13.1.0\", \"language\": \"eng\", \"type\": \"messaging\", \"revision\": 12, \"expire_after_minutes\": 10080, \"nodes\": [",
		FlowUUID(f), FlowName(f))
	var loc strings.Builder
	n := o.NodesPerFlow
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		next := "null"
		if i+1 < n {
			next = fmt.Sprintf("%q", id(kindNode, i+1))
		} else if f%2 == 0 && f+1 < o.Flows {
			next = fmt.Sprintf("%q", id(kindNode, n))
		}
		field := (f*n + i) % max(o.Fields, 1)
		// each node saves the answer to the question before it
		value := "@contact.name"
		if i > 0 {
			value = fmt.Sprintf("@results.q%d_%d", f, i-1)
		}
		webhook := ""
		if i == 0 {
			webhook = fmt.Sprintf(`,
      {"uuid": %q, "type": "call_webhook", "method": "GET", "url": "https://api.example.com/surveys/%d?contact=@contact.uuid", "headers": {"Accept": "application/json"}, "body": "", "result_name": "Lookup %d"}`,
				id(kindAction, i*10+3), f, f)
		}
		fmt.Fprintf(b, `
  {"uuid": %q, "actions": [
      {"uuid": %q, "type": "send_msg", "text": "Question %d of %d, @contact.first_name: how many times did you visit the clinic this month? Reply with a number.", "quick_replies": ["1", "2", "3+"], "attachments": []},
      {"uuid": %q, "type": "set_contact_field", "field": {"key": "answer_%d", "name": "Answer %d"}, "value": "%s"}%s],
    "router": {"type": "switch", "operand": "@input.text", "result_name": "Q%d %d",
      "wait": {"type": "msg", "timeout": {"seconds": 3600, "category_uuid": %q}},
      "cases": [{"uuid": %q, "type": "has_number_between", "arguments": ["0", "100"], "category_uuid": %q},
                {"uuid": %q, "type": "has_any_word", "arguments": ["never none zero"], "category_uuid": %q}],
      "categories": [{"uuid": %q, "name": "Number", "exit_uuid": %q}, {"uuid": %q, "name": "Never", "exit_uuid": %q},
                     {"uuid": %q, "name": "Other", "exit_uuid": %q}, {"uuid": %q, "name": "No Response", "exit_uuid": %q}],
      "default_category_uuid": %q},
    "exits": [{"uuid": %q, "destination_uuid": %s}, {"uuid": %q, "destination_uuid": %s}, {"uuid": %q, "destination_uuid": %q}, {"uuid": %q, "destination_uuid": null}]}`,
			id(kindNode, i), id(kindAction, i*10), i+1, n, id(kindAction, i*10+1), field, field, value, webhook, f, i,
			id(kindCategory, i*10+3),
			id(kindCase, i*10), id(kindCategory, i*10), id(kindCase, i*10+1), id(kindCategory, i*10+1),
			id(kindCategory, i*10), id(kindExit, i*10), id(kindCategory, i*10+1), id(kindExit, i*10+1),
			id(kindCategory, i*10+2), id(kindExit, i*10+2), id(kindCategory, i*10+3), id(kindExit, i*10+3),
			id(kindCategory, i*10+2),
			id(kindExit, i*10), next, id(kindExit, i*10+1), next, id(kindExit, i*10+2), id(kindNode, i), id(kindExit, i*10+3))
		if i > 0 {
			loc.WriteString(",")
		}
		fmt.Fprintf(&loc, "\n    %q: {\"text\": [\"Pregunta %d de %d, @contact.first_name: ¿cuántas veces visitó la clínica este mes? Responda con un número.\"], \"quick_replies\": [\"1\", \"2\", \"3+\"]}, %q: {\"name\": [\"Número\"]}, %q: {\"name\": [\"Nunca\"]}, %q: {\"arguments\": [\"nunca ninguna cero\"]}",
			id(kindAction, i*10), i+1, n, id(kindCategory, i*10), id(kindCategory, i*10+1), id(kindCase, i*10+1))
	}
	if f%2 == 0 && f+1 < o.Flows {
		// the subflow node: enter the next flow, then go on when it completes or expires
		fmt.Fprintf(b, `,
  {"uuid": %q, "actions": [{"uuid": %q, "type": "enter_flow", "flow": {"uuid": %q, "name": %q}}],
    "router": {"type": "switch", "operand": "@child.status",
      "cases": [{"uuid": %q, "type": "has_only_text", "arguments": ["completed"], "category_uuid": %q},
                {"uuid": %q, "type": "has_only_text", "arguments": ["expired"], "category_uuid": %q}],
      "categories": [{"uuid": %q, "name": "Complete", "exit_uuid": %q}, {"uuid": %q, "name": "Expired", "exit_uuid": %q}],
      "default_category_uuid": %q},
    "exits": [{"uuid": %q, "destination_uuid": null}, {"uuid": %q, "destination_uuid": null}]}`,
			id(kindNode, n), id(kindAction, n*10), FlowUUID(f+1), FlowName(f+1),
			id(kindCase, n*10), id(kindCategory, n*10), id(kindCase, n*10+1), id(kindCategory, n*10+1),
			id(kindCategory, n*10), id(kindExit, n*10), id(kindCategory, n*10+1), id(kindExit, n*10+1),
			id(kindCategory, n*10+1), id(kindExit, n*10), id(kindExit, n*10+1))
	}
	fmt.Fprintf(b, "],\n  \"localization\": {\"spa\": {%s}},\n  \"_ui\": {\"nodes\": {", loc.String())
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(b, "%q: {\"position\": {\"left\": %d, \"top\": %d}, \"type\": \"wait_for_response\"}", id(kindNode, i), i%5*260, i*200)
	}
	b.WriteString("}, \"stickies\": {}}}")
}
