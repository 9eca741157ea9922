package handoff

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/routing"
	"github.com/flowctl/flowctl/routing/sim"
)

const workflow = `{"task_routing": {"filters": [
	{"filter_friendly_name": "Spanish billing", "expression": "topic == 'Billing' AND language == 'spa'", "targets": [{"queue": "Spanish"}]},
	{"filter_friendly_name": "VIP", "expression": "fields.tier == 'gold' OR results.plan == 'pro'", "targets": [{"queue": "Support", "priority": 10}]}],
	"default_filter": {"queue": "Support"}}}`

const workspace = `{"task_queues": [{"friendly_name": "Support"}, {"friendly_name": "Spanish", "target_workers": "languages HAS 'es'"}],
	"workers": [{"friendly_name": "Ana", "activity_name": "Available", "attributes": {"languages": ["es"]}},
	{"friendly_name": "Ben", "activity_name": "Available", "attributes": {"languages": ["en"]}}]}`

func router(t *testing.T, contact string) *Router {
	t.Helper()
	wf := routing.Read("wf.json", []byte(workflow)).Workflow()
	ws := routing.Read("ws.json", []byte(workspace)).Workspace
	r, err := New(wf, ws, []byte(contact))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func raws(events ...string) []json.RawMessage {
	out := make([]json.RawMessage, len(events))
	for i, e := range events {
		out[i] = json.RawMessage(e)
	}
	return out
}

const contactJSON = `{"uuid": "c1", "name": "Ana García", "language": "eng", "urns": ["whatsapp:34600000000"],
	"groups": [{"uuid": "g1", "name": "Customers"}], "fields": {"tier": {"text": "silver"}}}`

func TestTicketBecomesTask(t *testing.T) {
	r := router(t, contactJSON)
	evs, err := r.Sprint(raws(
		`{"type": "msg_created", "created_on": "2025-05-05T09:00:00Z"}`,
		`{"type": "contact_language_changed", "created_on": "2025-05-05T09:00:01Z", "language": "spa"}`,
		`{"type": "run_result_changed", "created_on": "2025-05-05T09:00:02Z", "name": "Plan", "value": "basic", "category": "Basic"}`,
		`{"type": "ticket_opened", "created_on": "2025-05-05T09:00:03Z", "ticket": {"uuid": "t1", "status": "open", "topic": {"uuid": "tp1", "name": "Billing"}, "assignee": {"email": "ana@example.com", "name": "Ana"}}}`,
		`{"type": "ticket_note_added", "created_on": "2025-05-05T09:00:03Z", "ticket_uuid": "t1", "note": "Wants a refund"}`,
	))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Tasks) != 1 {
		t.Fatalf("%d tasks", len(r.Tasks))
	}
	a := r.Tasks[0].Attributes
	want := map[string]any{"topic": "Billing", "body": "Wants a refund", "assignee": "ana@example.com", "assignee_name": "Ana",
		"language": "spa", "name": "Ana García", "channel": "whatsapp", "contact_uuid": "c1", "ticket_uuid": "t1"}
	for k, v := range want {
		if a[k] != v {
			t.Errorf("%s = %v, want %v", k, a[k], v)
		}
	}
	if a["fields"].(map[string]any)["tier"] != "silver" || a["results"].(map[string]any)["plan"] != "basic" ||
		a["result_categories"].(map[string]any)["plan"] != "Basic" || a["groups"].([]any)[0] != "Customers" || a["urns"].([]any)[0] != "whatsapp:34600000000" {
		t.Errorf("attributes %v", a)
	}
	var types []string
	for _, e := range evs {
		types = append(types, e.EventType+" "+e.TaskQueueName+" "+e.WorkerName)
	}
	got := strings.Join(types, "\n")
	for _, w := range []string{"task.created", "workflow.target-matched Spanish", "reservation.created Spanish Ana"} {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q in\n%s", w, got)
		}
	}
	if evs[0].At != 0 || evs[0].Timestamp != 1746435603 {
		t.Errorf("the task is created when the ticket is opened: %+v", evs[0])
	}
}

// Tickets of later sprints are routed at their time, with the fields and results as the
// events changed them by then.
func TestLaterSprints(t *testing.T) {
	r := router(t, contactJSON)
	if _, err := r.Sprint(raws(`{"type": "ticket_opened", "created_on": "2025-05-05T09:00:00Z", "ticket": {"uuid": "t1", "topic": {"name": "Other"}}}`)); err != nil {
		t.Fatal(err)
	}
	evs, err := r.Sprint(raws(
		`{"type": "contact_field_changed", "created_on": "2025-05-05T09:01:00Z", "field": {"key": "tier", "name": "Tier"}, "value": {"text": "gold"}}`,
		`{"type": "ticket_opened", "created_on": "2025-05-05T09:01:30Z", "ticket": {"uuid": "t2", "topic": {"name": "Other"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	var created *sim.Event
	for i := range evs {
		if evs[i].EventType == sim.WorkflowTargetMatch {
			created = &evs[i]
		}
	}
	if created == nil || created.WorkflowFilterName != "VIP" || created.At != 90000 || *created.TaskPriority != 10 {
		t.Errorf("second ticket: %+v", created)
	}
	if r.Tasks[0].Attributes["fields"].(map[string]any)["tier"] != "silver" {
		t.Error("the first task's attributes changed afterwards")
	}
	if rest := r.Finish(); len(rest) != 0 {
		t.Errorf("accepted at once: nothing left, got %d events", len(rest))
	}
}

func TestNoContactAndBadEvents(t *testing.T) {
	r := router(t, "null")
	if _, err := r.Sprint(raws(`{"type": "ticket_opened", "created_on": "2025-05-05T09:00:00Z", "ticket": {"uuid": "t1"}}`)); err != nil {
		t.Fatal(err)
	}
	if a := r.Tasks[0].Attributes; a["ticket_uuid"] != "t1" || len(a["urns"].([]any)) != 0 {
		t.Errorf("%v", a)
	}
	if _, err := r.Sprint(raws(`{"type": 3}`)); err == nil {
		t.Error("a malformed event is an error")
	}
	if _, err := New(nil, nil, []byte(`[1]`)); err == nil {
		t.Error("a malformed contact is an error")
	}
}

// Tickets alone (without a workflow, as flowctl serve's desktop uses it) gives the same
// attributes as the router, sprint after sprint.
func TestTicketsAlone(t *testing.T) {
	tk, err := NewTickets([]byte(contactJSON))
	if err != nil {
		t.Fatal(err)
	}
	sprint := raws(
		`{"type": "run_result_changed", "created_on": "2025-05-05T09:00:02Z", "name": "Plan", "value": "pro", "category": "Pro"}`,
		`{"type": "ticket_opened", "created_on": "2025-05-05T09:00:03Z", "ticket": {"uuid": "t1", "topic": {"uuid": "tp1", "name": "Billing"}}}`,
		`{"type": "ticket_note_added", "created_on": "2025-05-05T09:00:03Z", "ticket_uuid": "t1", "note": "Wants a refund"}`,
	)
	opened, err := tk.Read(sprint)
	if err != nil {
		t.Fatal(err)
	}
	r := router(t, contactJSON)
	if _, err := r.Sprint(sprint); err != nil {
		t.Fatal(err)
	}
	if len(opened) != 1 || opened[0].UUID != "t1" || opened[0].OpenedOn.Format("15:04:05") != "09:00:03" {
		t.Fatalf("opened = %+v", opened)
	}
	got, _ := json.Marshal(opened[0].Attributes)
	want, _ := json.Marshal(r.Tasks[0].Attributes)
	if string(got) != string(want) {
		t.Errorf("Tickets and Router map the ticket differently:\n%s\n%s", got, want)
	}
	if !strings.Contains(string(got), `"body":"Wants a refund"`) || !strings.Contains(string(got), `"results":{"plan":"pro"}`) {
		t.Errorf("attributes %s", got)
	}
	if again, _ := tk.Read(raws(`{"type": "msg_created", "created_on": "2025-05-05T09:01:00Z"}`)); len(again) != 0 {
		t.Errorf("a sprint without tickets opened %v", again)
	}
}
