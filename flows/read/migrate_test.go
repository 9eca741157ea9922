package read_test

import (
	"fmt"
	"reflect"
	"strconv"
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
		{"13.3 templating's components replaced by its variables", "13.3.0",
			`{"uuid": "a1", "type": "send_msg", "text": "hi", "templating": {"template": {"uuid": "t1", "name": "tpl"}, "variables": ["v"], "components": [{"name": "body", "params": ["p"]}]}}`,
			&actions.SendMsg{Text: "hi", Template: &flows.TemplateRef{UUID: "t1", Name: "tpl"}, TemplateVariables: []string{"v"}}},
		{"13.4 templating's variables ignored", "13.4.0",
			`{"uuid": "a1", "type": "send_msg", "text": "hi", "templating": {"uuid": "t0", "template": {"uuid": "t1", "name": "tpl"}, "variables": ["@fields.x"]}}`,
			&actions.SendMsg{Text: "hi", Template: &flows.TemplateRef{UUID: "t1", Name: "tpl"}}},
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
	if r.Operand != "@(default(webhook.status, 0))" || len(r.Cases) != 1 || r.Cases[0].Type != "has_number_between" ||
		!reflect.DeepEqual(r.Cases[0].Arguments, []string{"200", "299"}) {
		t.Errorf("14.1, 14.4.2: webhook router = %q %+v", r.Operand, r.Cases)
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

	f = readOne(t, routerNode("14.4.2", webhook, "@results.result.category", cases))
	if r := f.Nodes[0].Router; r.Operand != "@results.result.category" || len(r.Cases) != 2 {
		t.Errorf("current flows must not be migrated: %q %d cases", r.Operand, len(r.Cases))
	}
}

// TestWebhookRouterMigrations: 14.4.1 gives every webhook and resthook node the canonical split
// (one has_number_between 200 299 case on @webhook.status, no translated arguments), and 14.4.2
// reads the status through default().
func TestWebhookRouterMigrations(t *testing.T) {
	webhook := `{"uuid": "a1", "type": "call_webhook", "method": "GET", "url": "http://x"}`
	resthook := `{"uuid": "a1", "type": "call_resthook", "resthook": "new-thing"}`
	cases := `{"uuid": "k1", "type": "has_text", "arguments": ["x"], "category_uuid": "c1"}, {"uuid": "k2", "type": "has_text", "arguments": [], "category_uuid": "c2"}`
	tests := []struct {
		name, ver, action, operand string
		wantOperand                string
		wantCases                  int
	}{
		{"14.4.0 webhook on @webhook.json", "14.4.0", webhook, "@webhook.json.status", "@(default(webhook.status, 0))", 1},
		{"14.4.0 resthook", "14.4.0", resthook, "@webhook.status", "@(default(webhook.status, 0))", 1},
		{"14.4.1 canonical already", "14.4.1", webhook, "@webhook.status", "@(default(webhook.status, 0))", 2},
		{"14.4.1 other operand kept", "14.4.1", webhook, "@webhook.json.status", "@webhook.json.status", 2},
		{"14.4.2 left alone", "14.4.2", webhook, "@webhook.status", "@webhook.status", 2},
		{"not a webhook node", "14.0.0", `{"uuid": "a1", "type": "set_run_result", "name": "x", "value": "y"}`, "@webhook.status", "@webhook.status", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(routerNode(tt.ver, tt.action, tt.operand, cases), `"spa": {}`, `"spa": {"k1": {"arguments": ["y"]}}`, 1)
			f := readOne(t, src)
			r := f.Nodes[0].Router
			if r.Operand != tt.wantOperand || len(r.Cases) != tt.wantCases {
				t.Fatalf("operand %q with %d cases, want %q with %d", r.Operand, len(r.Cases), tt.wantOperand, tt.wantCases)
			}
			_, translated := f.Localization["spa"]["k1"]
			if migrated := tt.wantCases == 1; migrated {
				if r.Cases[0].Type != "has_number_between" || !reflect.DeepEqual(r.Cases[0].Arguments, []string{"200", "299"}) || r.Cases[0].CategoryUUID != "c1" {
					t.Errorf("case = %+v", r.Cases[0])
				}
				if translated {
					t.Errorf("translated arguments of the old case kept")
				}
			} else if !translated {
				t.Errorf("translation dropped from a flow not migrated")
			}
		})
	}
}

// TestTemplateMigrations: 13.3 renames @webhook to @webhook.json everywhere a template is
// (actions, operands, case arguments and their translations); 13.6.1 cuts @results lookups
// longer than a result key to match the results 13.6 truncated.
func TestTemplateMigrations(t *testing.T) {
	long := strings.Repeat("a", 60) + " bcdefgh" // 68 characters: 13.6 cuts it to 64
	longKey := strings.Repeat("a", 60) + "_bcdefgh"
	tests := []struct {
		name, ver, text, operand, arg string
		want                          [3]string // text, operand, argument after reading
	}{
		{"13.2 webhook", "13.2.0", `Got @webhook and @(webhook["foo"]) and @WebHook.bar; the webhook said @@webhook`, "@webhook.foo", "@webhook.bar",
			[3]string{`Got @webhook.json and @(webhook.json["foo"]) and @WebHook.json.bar; the webhook said @@webhook`, "@webhook.json.foo", "@webhook.json.bar"}},
		{"13.2 lambda parameter untouched", "13.2.0", `@(foreach(urns, (webhook) => webhook))`, "@input", "x",
			[3]string{`@(foreach(urns, (webhook) => webhook))`, "@input", "x"}},
		{"13.3 webhook kept", "13.3.0", "@webhook.foo", "@webhook", "y", [3]string{"@webhook.foo", "@webhook", "y"}},
		{"13.6 long lookups cut", "13.6.0", "@results." + longKey + ".category", "@(upper(results." + longKey + "))", "@results.short",
			[3]string{"@results." + longKey[:64] + ".category", "@(upper(results." + longKey[:64] + "))", "@results.short"}},
		{"13.6.1 lookups kept", "13.6.1", "@results." + longKey, "@input", "x", [3]string{"@results." + longKey, "@input", "x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := `{"uuid": "f1", "name": "T", "spec_version": "` + tt.ver + `", "language": "eng", "type": "messaging",
"localization": {"spa": {"a1": {"text": [` + strconv.Quote(tt.text) + `]}, "k1": {"arguments": [` + strconv.Quote(tt.arg) + `]}}},
"nodes": [{"uuid": "n1", "actions": [{"uuid": "a1", "type": "send_msg", "text": ` + strconv.Quote(tt.text) + `},
  {"uuid": "a2", "type": "set_run_result", "name": "` + long + `", "value": "v"}],
 "router": {"type": "switch", "operand": ` + strconv.Quote(tt.operand) + `, "cases": [{"uuid": "k1", "type": "has_text", "arguments": [` + strconv.Quote(tt.arg) + `], "category_uuid": "c1"}],
  "categories": [{"uuid": "c1", "name": "Yes", "exit_uuid": "e1"}, {"uuid": "c2", "name": "Other", "exit_uuid": "e2"}], "default_category_uuid": "c2"},
 "exits": [{"uuid": "e1"}, {"uuid": "e2"}]}]}`
			f := readOne(t, src)
			n := f.Nodes[0]
			got := [3]string{n.Actions[0].(*actions.SendMsg).Text, n.Router.Operand, n.Router.Cases[0].Arguments[0]}
			if got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
			if tr := [2]string{f.Localization["spa"]["a1"]["text"][0], f.Localization["spa"]["k1"]["arguments"][0]}; tr != [2]string{tt.want[0], tt.want[2]} {
				t.Errorf("translations = %q, want %q", tr, [2]string{tt.want[0], tt.want[2]})
			}
		})
	}
}

// The template migrations rewrite only the actions their spec knew of: call_llm and
// set_run_local came with 14.0, so an older flow's templates in them stay as written.
func TestTemplateMigrationsSkipLaterActions(t *testing.T) {
	longKey := strings.Repeat("a", 60) + "_bcdefgh"
	tests := []struct {
		name, ver, value, want string
		action                 string // JSON of the action, %s replaced by the quoted value
		get                    func(flows.Action) string
	}{
		{"send_msg 13.2", "13.2.0", "@webhook.foo", "@webhook.json.foo", `{"uuid": "a1", "type": "send_msg", "text": %s}`,
			func(a flows.Action) string { return a.(*actions.SendMsg).Text }},
		{"set_run_local 13.2", "13.2.0", "@webhook.foo", "@webhook.foo", `{"uuid": "a1", "type": "set_run_local", "local": "x", "operation": "set", "value": %s}`,
			func(a flows.Action) string { return a.(*actions.SetRunLocal).Value }},
		{"call_llm 13.2", "13.2.0", "@webhook", "@webhook", `{"uuid": "a1", "type": "call_llm", "llm": {"uuid": "l1", "name": "L"}, "instructions": "x", "input": %s, "output_local": "_llm_output"}`,
			func(a flows.Action) string { return a.(*actions.CallLLM).Input }},
		{"call_llm 13.6", "13.6.0", "@results." + longKey, "@results." + longKey, `{"uuid": "a1", "type": "call_llm", "llm": {"uuid": "l1", "name": "L"}, "instructions": "x", "input": %s, "output_local": "_llm_output"}`,
			func(a flows.Action) string { return a.(*actions.CallLLM).Input }},
		{"set_run_result 13.6", "13.6.0", "@results." + longKey, "@results." + longKey[:64], `{"uuid": "a1", "type": "set_run_result", "name": "r", "value": %s}`,
			func(a flows.Action) string { return a.(*actions.SetRunResult).Value }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := `{"uuid": "f1", "name": "T", "spec_version": "` + tt.ver + `", "language": "eng", "type": "messaging",
"nodes": [{"uuid": "n1", "actions": [` + fmt.Sprintf(tt.action, strconv.Quote(tt.value)) + `], "exits": [{"uuid": "e1"}]}]}`
			f := readOne(t, src)
			if got := tt.get(f.Nodes[0].Actions[0]); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestPremigrateAddsMissingValues: the 13.2 and 14.0 migrations that set a language and a
// category's name set them where the flow has none at all too, in the flow as read and in the
// schema check's view of the file, leaving the file as written alone.
func TestPremigrateAddsMissingValues(t *testing.T) {
	doc := read.Read("x.json", []byte(`{"uuid": "f0000000-0000-4000-8000-000000000001", "name": "x", "spec_version": "13.0.0",
		"type": "messaging", "nodes": [{"uuid": "n1", "actions": [], "exits": [{"uuid": "e1"}],
		"router": {"type": "switch", "operand": "@input.text", "categories": [{"uuid": "c1", "exit_uuid": "e1"}], "default_category_uuid": "c1"}}]}`))
	if len(doc.Flows) != 1 || doc.Flows[0] == nil {
		t.Fatalf("flows: %v", doc.Flows)
	}
	f := doc.Flows[0]
	if f.Language != "und" || f.Nodes[0].Router.Categories[0].Name != "Match" {
		t.Errorf("read language %q and category name %q, want und and Match", f.Language, f.Nodes[0].Router.Categories[0].Name)
	}
	view := doc.SchemaGeneric().(map[string]any)
	cat := view["nodes"].([]any)[0].(map[string]any)["router"].(map[string]any)["categories"].([]any)[0].(map[string]any)
	if view["language"] != "und" || cat["name"] != "Match" {
		t.Errorf("the schema's view has language %v and category name %v, want und and Match", view["language"], cat["name"])
	}
	if _, set := doc.Generic.(map[string]any)["language"]; set {
		t.Error("the file as written gained a language")
	}
}
