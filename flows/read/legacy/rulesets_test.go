package legacy

import (
	"strings"
	"testing"
)

// ruleSetFlow is a legacy flow whose only node is one ruleset; the rules' destinations point at
// the action set a1 or nowhere.
func ruleSetFlow(ruleset string) string {
	return `{"base_language": "eng", "flow_type": "M", "entry": "r0000000-0000-4000-8000-000000000001", "metadata": {"uuid": "f1", "name": "T"},
	"action_sets": [{"uuid": "a1", "exit_uuid": "e1", "actions": [], "y": 500}],
	"rule_sets": [` + ruleset + `]}`
}

func migrateRuleSet(t *testing.T, ruleset string) (node, ui map[string]any, problems []Problem) {
	t.Helper()
	flow, _, problems := Migrate(decode(t, ruleSetFlow(ruleset)), Options{})
	nodes := flow["nodes"].([]any)
	if len(nodes) == 1 {
		return nil, nil, problems
	}
	node = nodes[0].(map[string]any)
	ui = flow["_ui"].(map[string]any)["nodes"].(map[string]any)[node["uuid"].(string)].(map[string]any)
	return node, ui, problems
}

// expand replaces the {category:RULE} and {case:RULE} placeholders of an expected value with
// the UUIDs derived from that rule UUID.
func expandUUIDs(s string) string {
	for _, rule := range []string{"x1", "x2", "x3", "x4"} {
		s = strings.ReplaceAll(s, "{category:"+rule+"}", derive(rule, "category"))
		s = strings.ReplaceAll(s, "{case:"+rule+"}", derive(rule, "case"))
	}
	for _, role := range []string{"call_webhook", "call_resthook", "enter_flow", "transfer_airtime"} {
		s = strings.ReplaceAll(s, "{"+role+"}", derive("r1", role))
	}
	return s
}

const otherRule = `{"uuid": "x2", "category": {"eng": "Other"}, "destination": "a1", "test": {"type": "true"}}`

func TestRuleSets(t *testing.T) {
	tests := []struct {
		name, ruleset, wantNode, wantUIType string
	}{
		{"wait for a message",
			`{"uuid": "r1", "ruleset_type": "wait_message", "label": "Number", "operand": "@step.value", "rules": [{"uuid": "x1", "category": {"eng": "Numeric"}, "test": {"type": "number"}}, ` + otherRule + `]}`,
			`{"exits":[{"uuid":"x1"},{"destination_uuid":"a1","uuid":"x2"}],"router":{"cases":[{"category_uuid":"{category:x1}","type":"has_number","uuid":"{case:x1}"}],"categories":[{"exit_uuid":"x1","name":"Numeric","uuid":"{category:x1}"},{"exit_uuid":"x2","name":"Other","uuid":"{category:x2}"}],"default_category_uuid":"{category:x2}","operand":"@input","result_name":"Number","type":"switch","wait":{"type":"msg"}},"uuid":"r1"}`,
			"wait_for_response"},
		{"no type is a message wait, with a timeout",
			`{"uuid": "r1", "label": "Reply", "rules": [{"uuid": "x1", "category": {"eng": "Answered"}, "test": {"type": "not_empty"}}, {"uuid": "x3", "category": {"eng": "No Response"}, "test": {"type": "timeout", "minutes": 5}}]}`,
			`{"exits":[{"uuid":"x1"},{"uuid":"x3"}],"router":{"cases":[{"category_uuid":"{category:x1}","type":"has_text","uuid":"{case:x1}"}],"categories":[{"exit_uuid":"x1","name":"Answered","uuid":"{category:x1}"},{"exit_uuid":"x3","name":"No Response","uuid":"{category:x3}"}],"operand":"@input","result_name":"Reply","type":"switch","wait":{"timeout":{"category_uuid":"{category:x3}","seconds":300},"type":"msg"}},"uuid":"r1"}`,
			"wait_for_response"},
		{"wait for a photo",
			`{"uuid": "r1", "ruleset_type": "wait_photo", "label": "Photo", "rules": [` + otherRule + `]}`,
			`{"exits":[{"destination_uuid":"a1","uuid":"x2"}],"router":{"cases":[],"categories":[{"exit_uuid":"x2","name":"Other","uuid":"{category:x2}"}],"default_category_uuid":"{category:x2}","operand":"@input","result_name":"Photo","type":"switch","wait":{"hint":{"type":"image"},"type":"msg"}},"uuid":"r1"}`,
			"wait_for_response"},
		{"wait for digits",
			`{"uuid": "r1", "ruleset_type": "wait_digits", "label": "Code", "finished_key": "#", "rules": [` + otherRule + `]}`,
			`{"exits":[{"destination_uuid":"a1","uuid":"x2"}],"router":{"cases":[],"categories":[{"exit_uuid":"x2","name":"Other","uuid":"{category:x2}"}],"default_category_uuid":"{category:x2}","operand":"@input.text","result_name":"Code","type":"switch","wait":{"hint":{"terminated_by":"#","type":"digits"},"type":"msg"}},"uuid":"r1"}`,
			"wait_for_response"},
		{"subflow",
			`{"uuid": "r1", "ruleset_type": "subflow", "label": "Sub", "config": {"flow": {"uuid": "f2", "name": "Child"}}, "rules": [{"uuid": "x1", "category": {"eng": "Completed"}, "destination": "a1", "test": {"type": "subflow", "exit_type": "completed"}}, {"uuid": "x2", "category": {"eng": "Expired"}, "test": {"type": "subflow", "exit_type": "expired"}}]}`,
			`{"actions":[{"flow":{"name":"Child","uuid":"f2"},"type":"enter_flow","uuid":"{enter_flow}"}],"exits":[{"destination_uuid":"a1","uuid":"x1"},{"uuid":"x2"}],"router":{"cases":[{"arguments":["completed"],"category_uuid":"{category:x1}","type":"has_only_text","uuid":"{case:x1}"},{"arguments":["expired"],"category_uuid":"{category:x2}","type":"has_only_text","uuid":"{case:x2}"}],"categories":[{"exit_uuid":"x1","name":"Completed","uuid":"{category:x1}"},{"exit_uuid":"x2","name":"Expired","uuid":"{category:x2}"}],"operand":"@child.status","result_name":"Sub","type":"switch"},"uuid":"r1"}`,
			"split_by_subflow"},
		{"webhook posting the legacy payload",
			`{"uuid": "r1", "ruleset_type": "webhook", "label": "Webhook Result", "config": {"webhook": "http://x.com/?id=@contact.uuid", "webhook_action": "post", "webhook_headers": [{"name": "Authorization", "value": "Token @extra.token"}, {"name": "", "value": "x"}]}, "rules": [{"uuid": "x1", "category": {"eng": "Success"}, "test": {"type": "webhook_status", "status": "success"}}, {"uuid": "x2", "category": {"eng": "Failure"}, "test": {"type": "webhook_status", "status": "failure"}}]}`,
			`{"actions":[{"body":` + jsonString(legacyWebhookBody) + `,"headers":{"Authorization":"Token @legacy_extra.token","Content-Type":"application/json"},"method":"POST","result_name":"Webhook Result","type":"call_webhook","url":"http://x.com/?id=@(url_encode(contact.uuid))","uuid":"{call_webhook}"}],"exits":[{"uuid":"x1"},{"uuid":"x2"}],"router":{"cases":[{"arguments":["Success"],"category_uuid":"{category:x1}","type":"has_only_text","uuid":"{case:x1}"},{"arguments":["Failure"],"category_uuid":"{category:x2}","type":"has_only_text","uuid":"{case:x2}"}],"categories":[{"exit_uuid":"x1","name":"Success","uuid":"{category:x1}"},{"exit_uuid":"x2","name":"Failure","uuid":"{category:x2}"}],"default_category_uuid":"{category:x2}","operand":"@results.webhook_result.category","type":"switch"},"uuid":"r1"}`,
			"split_by_webhook"},
		{"webhook GET has no body",
			`{"uuid": "r1", "ruleset_type": "webhook", "label": "Lookup", "config": {"webhook": "http://x.com", "webhook_action": "GET"}, "rules": []}`,
			`{"actions":[{"method":"GET","result_name":"Lookup","type":"call_webhook","url":"http://x.com","uuid":"{call_webhook}"}],"exits":[],"router":{"cases":[],"categories":[],"operand":"@results.lookup.category","type":"switch"},"uuid":"r1"}`,
			"split_by_webhook"},
		{"resthook",
			`{"uuid": "r1", "ruleset_type": "resthook", "label": "Hook", "config": {"resthook": "new-order"}, "rules": [{"uuid": "x1", "category": {"eng": "Success"}, "test": {"type": "webhook_status", "status": "success"}}]}`,
			`{"actions":[{"resthook":"new-order","result_name":"Hook","type":"call_resthook","uuid":"{call_resthook}"}],"exits":[{"uuid":"x1"}],"router":{"cases":[{"arguments":["Success"],"category_uuid":"{category:x1}","type":"has_only_text","uuid":"{case:x1}"}],"categories":[{"exit_uuid":"x1","name":"Success","uuid":"{category:x1}"}],"default_category_uuid":"{category:x1}","operand":"@results.hook.category","type":"switch"},"uuid":"r1"}`,
			"split_by_resthook"},
		{"airtime",
			`{"uuid": "r1", "ruleset_type": "airtime", "label": "Airtime", "config": {"RW": {"currency_code": "RWF", "amount": 500}, "UG": {"currency_code": "UGX", "amount": "1000"}}, "rules": [{"uuid": "x1", "category": {"eng": "Success"}, "test": {"type": "airtime_status", "exit_status": "success"}}, {"uuid": "x2", "category": {"eng": "Failure"}, "test": {"type": "airtime_status", "exit_status": "failed"}}]}`,
			`{"actions":[{"amounts":{"RWF":500,"UGX":1000},"result_name":"Airtime","type":"transfer_airtime","uuid":"{transfer_airtime}"}],"exits":[{"uuid":"x1"},{"uuid":"x2"}],"router":{"cases":[{"arguments":["Success"],"category_uuid":"{category:x1}","type":"has_category","uuid":"{case:x1}"}],"categories":[{"exit_uuid":"x1","name":"Success","uuid":"{category:x1}"},{"exit_uuid":"x2","name":"Failure","uuid":"{category:x2}"}],"default_category_uuid":"{category:x2}","operand":"@results.airtime","type":"switch"},"uuid":"r1"}`,
			"split_by_airtime"},
		{"expression defaults to itself",
			`{"uuid": "r1", "ruleset_type": "expression", "label": "Sum", "operand": "@(flow.a + 1)", "rules": [` + otherRule + `]}`,
			`{"exits":[{"destination_uuid":"a1","uuid":"x2"}],"router":{"cases":[],"categories":[{"exit_uuid":"x2","name":"Other","uuid":"{category:x2}"}],"default_category_uuid":"{category:x2}","operand":"@(if(is_error(legacy_add(results.a, 1)), \"@(flow.a + 1)\", legacy_add(results.a, 1)))","result_name":"Sum","type":"switch"},"uuid":"r1"}`,
			"split_by_expression"},
		{"contact field",
			`{"uuid": "r1", "ruleset_type": "contact_field", "label": "District", "operand": "@contact.district", "rules": [` + otherRule + `]}`,
			`{"exits":[{"destination_uuid":"a1","uuid":"x2"}],"router":{"cases":[],"categories":[{"exit_uuid":"x2","name":"Other","uuid":"{category:x2}"}],"default_category_uuid":"{category:x2}","operand":"@fields.district","result_name":"District","type":"switch"},"uuid":"r1"}`,
			"split_by_contact_field"},
		{"flow field",
			`{"uuid": "r1", "ruleset_type": "flow_field", "label": "Again", "operand": "@flow.color", "rules": [` + otherRule + `]}`,
			`{"exits":[{"destination_uuid":"a1","uuid":"x2"}],"router":{"cases":[],"categories":[{"exit_uuid":"x2","name":"Other","uuid":"{category:x2}"}],"default_category_uuid":"{category:x2}","operand":"@results.color","result_name":"Again","type":"switch"},"uuid":"r1"}`,
			"split_by_run_result"},
		{"form field",
			`{"uuid": "r1", "ruleset_type": "form_field", "label": "Second", "operand": "@flow.form", "config": {"field_index": 1, "field_delimiter": "+"}, "rules": [` + otherRule + `]}`,
			`{"exits":[{"destination_uuid":"a1","uuid":"x2"}],"router":{"cases":[],"categories":[{"exit_uuid":"x2","name":"Other","uuid":"{category:x2}"}],"default_category_uuid":"{category:x2}","operand":"@(field(results.form, 1, \"+\"))","result_name":"Second","type":"switch"},"uuid":"r1"}`,
			"split_by_run_result_delimited"},
		{"group",
			`{"uuid": "r1", "ruleset_type": "group", "label": "Group", "operand": "@step.value", "rules": [{"uuid": "x1", "category": {"eng": "Staff"}, "test": {"type": "in_group", "test": {"uuid": "g1", "name": "Staff"}}}, ` + otherRule + `]}`,
			`{"exits":[{"uuid":"x1"},{"destination_uuid":"a1","uuid":"x2"}],"router":{"cases":[{"arguments":["g1","Staff"],"category_uuid":"{category:x1}","type":"has_group","uuid":"{case:x1}"}],"categories":[{"exit_uuid":"x1","name":"Staff","uuid":"{category:x1}"},{"exit_uuid":"x2","name":"Other","uuid":"{category:x2}"}],"default_category_uuid":"{category:x2}","operand":"@contact.groups","result_name":"Group","type":"switch"},"uuid":"r1"}`,
			"split_by_groups"},
		{"random",
			`{"uuid": "r1", "ruleset_type": "random", "label": "Bucket", "rules": [{"uuid": "x1", "category": {"eng": "A"}, "test": {"type": "true"}}, {"uuid": "x2", "category": {"eng": "B"}, "test": {"type": "true"}}]}`,
			`{"exits":[{"uuid":"x1"},{"uuid":"x2"}],"router":{"categories":[{"exit_uuid":"x1","name":"A","uuid":"{category:x1}"},{"exit_uuid":"x2","name":"B","uuid":"{category:x2}"}],"result_name":"Bucket","type":"random"},"uuid":"r1"}`,
			"split_by_random"},
		{"rules sharing a category share its exit; dangling destinations dropped",
			`{"uuid": "r1", "ruleset_type": "wait_message", "label": "Answer", "rules": [{"uuid": "x1", "category": {"eng": "Yes"}, "destination": "gone", "test": {"type": "contains_any", "test": {"eng": "yes"}}}, {"uuid": "x3", "category": {"eng": "Yes"}, "test": {"type": "contains_any", "test": {"eng": "ok"}}}, ` + otherRule + `]}`,
			`{"exits":[{"uuid":"x1"},{"destination_uuid":"a1","uuid":"x2"}],"router":{"cases":[{"arguments":["yes"],"category_uuid":"{category:x1}","type":"has_any_word","uuid":"{case:x1}"},{"arguments":["ok"],"category_uuid":"{category:x1}","type":"has_any_word","uuid":"{case:x3}"}],"categories":[{"exit_uuid":"x1","name":"Yes","uuid":"{category:x1}"},{"exit_uuid":"x2","name":"Other","uuid":"{category:x2}"}],"default_category_uuid":"{category:x2}","operand":"@input","result_name":"Answer","type":"switch","wait":{"type":"msg"}},"uuid":"r1"}`,
			"wait_for_response"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := strings.ReplaceAll(tt.ruleset, `"uuid": "r1"`, `"uuid": "r1", "x": 10, "y": 20`)
			node, ui, problems := migrateRuleSet(t, rs)
			if len(problems) > 0 {
				t.Fatalf("problems: %v", problems)
			}
			want := expandUUIDs(tt.wantNode)
			if got := canonical(t, node); got != want {
				t.Errorf("node\n got %s\nwant %s", got, want)
			}
			if ui["type"] != tt.wantUIType {
				t.Errorf("editor type = %v, want %s", ui["type"], tt.wantUIType)
			}
			if got := canonical(t, ui["position"]); got != `{"left":10,"top":20}` {
				t.Errorf("editor position = %s", got)
			}
		})
	}
}

func jsonString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func TestRuleTests(t *testing.T) {
	tests := []struct {
		name, test, wantType, wantArgs string
	}{
		{"contains", `{"type": "contains", "test": {"eng": "red blue"}}`, "has_all_words", `["red blue"]`},
		{"contains any", `{"type": "contains_any", "test": {"eng": "red"}}`, "has_any_word", `["red"]`},
		{"contains phrase", `{"type": "contains_phrase", "test": {"eng": "a b"}}`, "has_phrase", `["a b"]`},
		{"contains only phrase", `{"type": "contains_only_phrase", "test": {"eng": "a b"}}`, "has_only_phrase", `["a b"]`},
		{"starts with a template", `{"type": "starts", "test": {"eng": "@flow.prefix"}}`, "has_beginning", `["@results.prefix"]`},
		{"regex is no template", `{"type": "regex", "test": {"eng": "^@flow\\d+$"}}`, "has_pattern", `["^@flow\\d+$"]`},
		{"plain string test", `{"type": "contains_any", "test": "red"}`, "has_any_word", `["red"]`},
		{"number", `{"type": "number"}`, "has_number", `null`},
		{"not empty", `{"type": "not_empty"}`, "has_text", `null`},
		{"date", `{"type": "date"}`, "has_date", `null`},
		{"phone", `{"type": "phone"}`, "has_phone", `null`},
		{"email", `{"type": "has_email"}`, "has_email", `null`},
		{"state", `{"type": "state"}`, "has_state", `null`},
		{"eq with a number", `{"type": "eq", "test": 5}`, "has_number_eq", `["5"]`},
		{"gt", `{"type": "gt", "test": "5"}`, "has_number_gt", `["5"]`},
		{"gte", `{"type": "gte", "test": "@flow.min"}`, "has_number_gte", `["@results.min"]`},
		{"lt", `{"type": "lt", "test": "5"}`, "has_number_lt", `["5"]`},
		{"lte", `{"type": "lte", "test": "5.5"}`, "has_number_lte", `["5.5"]`},
		{"between", `{"type": "between", "min": "1", "max": "@flow.max"}`, "has_number_between", `["1","@results.max"]`},
		{"date before", `{"type": "date_before", "test": "@(date.today + 1)"}`, "has_date_lt", `["@(datetime_add(today(), 1, \"D\"))"]`},
		{"date after", `{"type": "date_after", "test": "@date.today"}`, "has_date_gt", `["@(today())"]`},
		{"date equal", `{"type": "date_equal", "test": "2020-01-01"}`, "has_date_eq", `["2020-01-01"]`},
		{"district", `{"type": "district", "test": "@flow.state"}`, "has_district", `["@results.state"]`},
		{"ward", `{"type": "ward", "district": "@flow.district", "state": "Kigali"}`, "has_ward", `["@results.district","Kigali"]`},
		{"in group by name", `{"type": "in_group", "test": "Staff"}`, "has_group", `["","Staff"]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := `{"uuid": "r1", "ruleset_type": "wait_message", "label": "R", "rules": [{"uuid": "x1", "category": {"eng": "Match"}, "test": ` + tt.test + `}]}`
			node, _, problems := migrateRuleSet(t, rs)
			if len(problems) > 0 {
				t.Fatalf("problems: %v", problems)
			}
			c := node["router"].(map[string]any)["cases"].([]any)[0].(map[string]any)
			if c["type"] != tt.wantType {
				t.Errorf("type = %v, want %s", c["type"], tt.wantType)
			}
			if got := canonical(t, c["arguments"]); got != tt.wantArgs {
				t.Errorf("arguments = %s, want %s", got, tt.wantArgs)
			}
		})
	}
}

func TestRuleProblems(t *testing.T) {
	tests := []struct {
		name, ruleset, want string
	}{
		{"unknown ruleset type", `{"uuid": "r1", "ruleset_type": "magic", "rules": []}`,
			`[{"Pointer":"/rule_sets/0/ruleset_type","Message":"legacy ruleset type 'magic' can't be migrated: expected wait_message, expression, flow_field, contact_field, form_field, group, random, subflow, webhook, resthook, airtime or a wait_ type"}]`},
		{"unknown test type", `{"uuid": "r1", "ruleset_type": "wait_message", "rules": [{"uuid": "x1", "category": {"eng": "Odd"}, "test": {"type": "is_odd"}}]}`,
			`[{"Pointer":"/rule_sets/0/rules/0/test/type","Message":"legacy rule test type 'is_odd' can't be migrated, so no case leads to its category: expected a type such as contains_any, number, between, date_before, regex, subflow or webhook_status"}]`},
		{"airtime amounts that differ in one currency", `{"uuid": "r1", "ruleset_type": "airtime", "label": "A", "config": {"RW": {"currency_code": "USD", "amount": 1}, "UG": {"currency_code": "USD", "amount": 2}}, "rules": []}`,
			`[{"Pointer":"/rule_sets/0/config/UG","Message":"airtime amounts differ for currency USD: the new format has one amount per currency"}]`},
		{"rules not an array", `{"uuid": "r1", "ruleset_type": "wait_message", "rules": {}}`,
			`[{"Pointer":"/rule_sets/0/rules","Message":"expected an array"}]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, problems := migrateRuleSet(t, tt.ruleset)
			if got := canonical(t, problems); got != tt.want {
				t.Errorf("problems\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}
