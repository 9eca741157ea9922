package read_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/actions"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/read"
)

func readOne(t *testing.T, src string) *flows.Flow {
	t.Helper()
	doc := read.Read("x.json", []byte(src))
	for _, f := range doc.Findings {
		t.Errorf("unexpected finding: %s", finding(f))
	}
	if len(doc.Flows) != 1 {
		t.Fatalf("read %d flows", len(doc.Flows))
	}
	return doc.Flows[0]
}

func TestActionMigrations(t *testing.T) {
	tests := []struct {
		name, ver, action string
		want              flows.Action
	}{
		{"13.0 templating with variables", "13.0.0",
			`{"uuid": "a1", "type": "send_msg", "text": "hi", "templating": {"uuid": "t0", "template": {"uuid": "t1", "name": "tpl"}, "variables": ["@contact.name"]}}`,
			&actions.SendMsg{Text: "hi", Template: &flows.TemplateRef{UUID: "t1", Name: "tpl"}, TemplateVariables: []string{"@contact.name"}}},
		{"13.4 templating with components", "13.4.0",
			`{"uuid": "a1", "type": "send_msg", "text": "hi", "templating": {"template": {"uuid": "t1", "name": "tpl"}, "components": [{"name": "body", "params": ["a", "b"]}, {"name": "button", "params": ["c"]}]}}`,
			&actions.SendMsg{Text: "hi", Template: &flows.TemplateRef{UUID: "t1", Name: "tpl"}, TemplateVariables: []string{"a", "b", "c"}}},
		{"templating left alone at 14.x", "14.1.0",
			`{"uuid": "a1", "type": "send_msg", "text": "hi", "templating": {"template": {"uuid": "t1", "name": "tpl"}}}`,
			&actions.SendMsg{Text: "hi"}},
		{"14.0 quick replies trimmed", "14.0.0",
			`{"uuid": "a1", "type": "send_msg", "text": "hi", "quick_replies": ["1","2","3","4","5","6","7","8","9","10","11","12"]}`,
			&actions.SendMsg{Text: "hi", QuickReplies: strings.Split("1 2 3 4 5 6 7 8 9 10", " ")}},
		{"14.1 quick replies kept", "14.1.0",
			`{"uuid": "a1", "type": "send_broadcast", "text": "hi", "quick_replies": ["1","2","3","4","5","6","7","8","9","10","11"]}`,
			&actions.SendBroadcast{Text: "hi", QuickReplies: strings.Split("1 2 3 4 5 6 7 8 9 10 11", " ")}},
		{"14.1 ticket body becomes note", "14.1.0",
			`{"uuid": "a1", "type": "open_ticket", "body": "help @contact.name"}`,
			&actions.OpenTicket{Note: "help @contact.name"}},
		{"14.2 ticket body stays", "14.2.0",
			`{"uuid": "a1", "type": "open_ticket", "body": "help", "note": "n"}`,
			&actions.OpenTicket{Note: "n"}},
		{"13.5 long result name truncated", "13.5.0",
			`{"uuid": "a1", "type": "set_run_result", "name": "` + strings.Repeat("n", 63) + ` xyz", "value": "v", "category": "` + strings.Repeat("c", 40) + `"}`,
			&actions.SetRunResult{Name: strings.Repeat("n", 63), Value: "v", Category: strings.Repeat("c", 36)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := readOne(t, node(tt.ver, tt.action))
			got := f.Nodes[0].Actions[0]
			// compare everything but the base (type and UUID), which the constructors fill
			gv, wv := reflect.ValueOf(got).Elem(), reflect.ValueOf(tt.want).Elem()
			for i := 1; i < gv.NumField(); i++ {
				if !reflect.DeepEqual(gv.Field(i).Interface(), wv.Field(i).Interface()) {
					t.Errorf("%s = %#v, want %#v", gv.Type().Field(i).Name, gv.Field(i).Interface(), wv.Field(i).Interface())
				}
			}
		})
	}
}

// routerNode is a flow whose only node holds one action and a switch on operand.
func routerNode(ver, action, operand string, cases string) string {
	return `{"uuid": "f1", "name": "T", "spec_version": "` + ver + `", "language": "base", "type": "messaging", "expire_after_minutes": 50000,
"localization": {"spa": {}, "base": {}, "es": {}},
"nodes": [{"uuid": "n1", "actions": [` + action + `],
 "router": {"type": "switch", "operand": "` + operand + `", "cases": [` + cases + `],
  "categories": [{"uuid": "c1", "name": "Success", "exit_uuid": "e1"}, {"uuid": "c2", "name": "", "exit_uuid": "e2"}], "default_category_uuid": "c2"},
 "exits": [{"uuid": "e1"}, {"uuid": "e2"}]}]}`
}

func TestFlowMigrations(t *testing.T) {
	webhook := `{"uuid": "a1", "type": "call_webhook", "method": "GET", "url": "http://x", "result_name": "Result"}`
	ticket := `{"uuid": "a1", "type": "open_ticket", "note": "n", "result_name": "Ticket"}`
	cases := `{"uuid": "k1", "type": "has_text", "arguments": [], "category_uuid": "c1"}, {"uuid": "k2", "type": "has_text", "arguments": [], "category_uuid": "c1"}`

	f := readOne(t, routerNode("13.0.0", webhook, "@results.result.category", cases))
	r := f.Nodes[0].Router
	if f.Language != "und" {
		t.Errorf("13.2: language = %q, want und", f.Language)
	}
	if f.ExpireAfterMinutes != 20160 {
		t.Errorf("14.0: expire_after_minutes = %d, want 20160", f.ExpireAfterMinutes)
	}
	if r.Categories[1].Name != "Match" {
		t.Errorf("14.0: unnamed category = %q, want Match", r.Categories[1].Name)
	}
	if r.Operand != "@webhook.status" || len(r.Cases) != 1 || r.Cases[0].Type != "has_number_between" ||
		!reflect.DeepEqual(r.Cases[0].Arguments, []string{"200", "299"}) {
		t.Errorf("14.1: webhook router = %q %+v", r.Operand, r.Cases)
	}
	if _, ok := f.Localization["spa"]; !ok || len(f.Localization) != 1 {
		t.Errorf("14.2: localization languages = %v, want only spa", f.Localization)
	}

	f = readOne(t, routerNode("14.2.0", ticket, "@results.ticket", cases))
	r = f.Nodes[0].Router
	if r.Operand != "@locals._new_ticket" || len(r.Cases) != 1 || r.Cases[0].Type != "has_text" || r.ResultName != "Ticket" ||
		f.Nodes[0].Actions[0].(*actions.OpenTicket).ResultName != "" {
		t.Errorf("14.3: ticket router = %q %+v result %q", r.Operand, r.Cases, r.ResultName)
	}
	if f.Language != "base" || f.ExpireAfterMinutes != 50000 || r.Categories[1].Name != "" {
		t.Errorf("migrations older than 14.2 applied to a 14.2 flow")
	}

	f = readOne(t, routerNode("14.3.0", `{"uuid": "a1", "type": "set_run_result", "name": "x", "value": "y"}`, "@input",
		`{"uuid": "k1", "type": "has_any_word", "arguments": ["yes", "yeah"], "category_uuid": "c1"}, {"uuid": "k2", "type": "has_number_between", "arguments": ["1", "2"], "category_uuid": "c1"}`))
	r = f.Nodes[0].Router
	if !reflect.DeepEqual(r.Cases[0].Arguments, []string{"yes yeah"}) || len(r.Cases[1].Arguments) != 2 {
		t.Errorf("14.3.1: case arguments = %q, %q", r.Cases[0].Arguments, r.Cases[1].Arguments)
	}

	f = readOne(t, routerNode("14.4.0", webhook, "@results.result.category", cases))
	if r := f.Nodes[0].Router; r.Operand != "@results.result.category" || len(r.Cases) != 2 {
		t.Errorf("current flows must not be migrated: %q %d cases", r.Operand, len(r.Cases))
	}
}
