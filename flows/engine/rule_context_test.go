package engine

import (
	"slices"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/flows/runtime"
)

// evalRule runs a flow whose first node sends one message per template and returns, per
// template, its text and the errors and warnings logged for it, in order.
func evalRule(t *testing.T, rr ruleRun, templates ...string) (texts []string, logs [][]string) {
	t.Helper()
	var acts []map[string]any
	for _, tpl := range templates {
		acts = append(acts, sendMsg(tpl))
	}
	rr.Flows = append([]*ruleFlow{{Nodes: []map[string]any{actionNode(acts...)}}}, rr.Flows...)
	_, sprints := rr.run(t)
	var cur []string
	for _, e := range allEvents(sprints) {
		switch ev := e.(type) {
		case *runtime.Error:
			cur = append(cur, "error: "+ev.Text)
		case *runtime.Warning:
			cur = append(cur, "warning: "+ev.Text)
		case *runtime.MsgCreated:
			texts = append(texts, ev.Msg.Text)
			logs = append(logs, cur)
			cur = nil
		}
	}
	return texts, logs
}

// Reading a deprecated context path logs a warning, as the reference does: after the template's
// errors, once per expression that reads it, whatever the syntax; serialising the object that
// holds the path gives none.
func TestRuleDeprecatedPathsWarn(t *testing.T) {
	const idWarn = "warning: @contact.id is deprecated, use @contact.ref instead"
	tests := []struct {
		tpl      string
		wantText string
		wantLogs []string
	}{
		{"@contact.id", "0", []string{idWarn}},
		{"@CONTACT.ID", "0", []string{idWarn}},
		{`@(contact["id"])`, "0", []string{idWarn}},
		{"@contact.id @contact.id", "0 0", []string{idWarn, idWarn}},
		{"@(contact.id & contact.id)", "00", []string{idWarn}},
		{`@(if(false, contact.id, 1))`, "1", []string{idWarn}},
		{"@contact.tickets", "[]", []string{"warning: @contact.tickets is deprecated, use @ticket instead"}},
		{"@legacy_extra", "{}", []string{"warning: @legacy_extra is deprecated"}},
		{"@legacy_extra.x", "", []string{"error: Error evaluating expression: object has no property 'x'", "warning: @legacy_extra is deprecated"}},
		{"@(json(contact.groups)) @(keys(contact))", "[] [channel, created_on, fields, first_name, groups, id, language, last_seen_on, name, ref, status, tickets, timezone, urn, urns, uuid]", nil},
	}
	for _, tc := range tests {
		t.Run(tc.tpl, func(t *testing.T) {
			texts, logs := evalRule(t, ruleRun{}, tc.tpl)
			if texts[0] != tc.wantText || !slices.Equal(logs[0], tc.wantLogs) {
				t.Errorf("got %q %q\nwant %q %q", texts[0], logs[0], tc.wantText, tc.wantLogs)
			}
		})
	}
}

// @parent.run and @child.run are objects with a deprecated status (the reference warns with the
// @child wording for both); a parent waiting for its child is active.
func TestRuleRelatedRunStatus(t *testing.T) {
	child := &ruleFlow{UUID: "00000000-0000-4000-8000-0000000000c2", Name: "Child", Nodes: []map[string]any{
		actionNode(sendMsg("parent @parent.run.status @parent.status [@parent]"))}}
	parent := &ruleFlow{Name: "Parent", Nodes: []map[string]any{
		actionNode(act("enter_flow", map[string]any{"flow": map[string]any{"uuid": child.UUID, "name": child.Name}})),
		actionNode(sendMsg("child @child.run @child.status [@child]"), sendMsg("@child.run.statusx")),
	}}
	_, sprints := ruleRun{Flows: []*ruleFlow{parent, child}}.run(t)
	want := []string{"parent active active [Ryan Lewis@Parent]", "child {status: completed} completed [Ryan Lewis@Child]", ""}
	if got := sentTexts(sprints); !slices.Equal(got, want) {
		t.Errorf("sent %q\nwant %q", got, want)
	}
	var warns []string
	for _, e := range eventsOf(t, sprints, "warning") {
		warns = append(warns, e["text"].(string))
	}
	if !slices.Equal(warns, []string{"@child.run.status is deprecated, use @child.status instead"}) {
		t.Errorf("warnings %q: want one, for @parent.run.status (@child.run alone and a missing key give none)", warns)
	}
}

// The context's objects read and serialise as the reference's do.
func TestRuleContextShapes(t *testing.T) {
	namelessContact := `{"uuid": "5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f", "status": "active", "created_on": "2024-01-01T00:00:00Z",
		"urns": ["tel:+12065551212"], "groups": [{"uuid": "b7cf0d83-f1c9-411c-96fd-c511a4cfa86d", "name": "Testers"}]}`
	assets := map[string]any{
		"groups":  []any{map[string]any{"uuid": "b7cf0d83-f1c9-411c-96fd-c511a4cfa86d", "name": "Testers"}},
		"globals": []any{map[string]any{"key": "org", "name": "Org Name", "value": "U-Report"}},
	}
	tests := []struct{ tpl, want string }{
		{"@contact", "(206) 555-1212"},
		{"@run", "(206) 555-1212@Rule Flow"},
		{"@contact.groups", "[{name: Testers, uuid: b7cf0d83-f1c9-411c-96fd-c511a4cfa86d}]"},
		{"@node.categories", "[]"},
		{"@trigger.params", "{}"},
		{"@globals", "Org Name: U-Report"},
		{`@(json(contact.first_name)) @(json(contact.timezone)) @(json(contact.ref))`, `null null ""`},
		{`@(keys(urns)[0])`, "bsuid"},
		{`@(json(run.locals))`, "{}"},
	}
	var tpls []string
	for _, tc := range tests {
		tpls = append(tpls, tc.tpl)
	}
	texts, _ := evalRule(t, ruleRun{Contact: namelessContact, Assets: assets}, tpls...)
	for i, tc := range tests {
		if texts[i] != tc.want {
			t.Errorf("%s: got %q, want %q", tc.tpl, texts[i], tc.want)
		}
	}
}

// A router node's categories are @node.categories, by name, while the node routes.
func TestRuleNodeCategories(t *testing.T) {
	flows := []*ruleFlow{{Nodes: []map[string]any{
		switchNode("@(json(node.categories))", false, "R", ruleCase{Test: "has_text", Category: "Some"}),
	}}}
	_, sprints := ruleRun{Flows: flows}.run(t)
	res := eventsOf(t, sprints, "run_result_changed")
	if len(res) != 1 || !strings.Contains(res[0]["value"].(string), `["Some","Other"]`) {
		t.Errorf("result %v, want the node's categories", res)
	}
}
