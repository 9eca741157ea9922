package engine

import (
	"strings"
	"testing"
	"time"

	"github.com/flowctl/flowctl/flows/runtime"
)

// A run reads and formats dates in the contact's time zone, but the clock (now(), today(), the
// time of day has_date fills in) keeps the session environment's zone, as in the reference.
func TestRuleClockKeepsTheEnvironmentsZone(t *testing.T) {
	contact := `{"uuid": "5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f", "name": "Bob", "status": "active", "timezone": "Europe/London",
		"created_on": "2024-01-01T00:00:00Z", "urns": ["tel:+12065551212"]}`
	env := `{"timezone": "America/New_York"}`
	flows := []*ruleFlow{{Nodes: []map[string]any{
		actionNode(sendMsg(`@(now())`), sendMsg(`@(format_datetime(now(), "tt"))`), sendMsg(`@(tz(now()))`),
			sendMsg(`@(format_datetime("2025-05-04T12:00:00Z", "tt"))`)),
		switchNode("@input.text", true, "Date", ruleCase{Test: "has_date"}),
	}}}
	_, sprints := ruleRun{Flows: flows, Contact: contact, Env: env, Inputs: []string{"2025-06-01"}}.run(t)
	got := sentTexts(sprints)
	if len(got) != 4 {
		t.Fatalf("sent %q", got)
	}
	tests := []struct{ what, got, want string }{
		{"now() is in the environment's zone", got[0][len(got[0])-6:], "-04:00"},
		{"formatting is in the contact's zone", got[1], "13"},
		{"tz(now()) names the environment's zone", got[2], "America/New_York"},
		{"a UTC time formats in the contact's zone", got[3], "13"},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.what, tc.got, tc.want)
		}
	}
	res := eventsOf(t, sprints, "run_result_changed")
	if len(res) != 1 {
		t.Fatalf("results %v", res)
	}
	v, err := time.Parse(time.RFC3339Nano, res[0]["value"].(string))
	if err != nil {
		t.Fatal(err)
	}
	// the date read in the contact's zone, with the environment's wall-clock time of day
	if _, off := v.Zone(); off != 3600 || v.Hour() != 8 || v.Day() != 1 {
		t.Errorf("has_date value %s: want June 1st, 08:xx (New York's time of day) at +01:00 (London)", v)
	}
}

// Each reading of the clock the reference makes in a template is one reading: now() and today()
// read it once per call, so a message's UUID and time come after it.
func TestRuleTemplatesReadTheClock(t *testing.T) {
	tests := []struct {
		tpl      string
		readings int
	}{
		{"plain", 0},
		{"@(now())", 1},
		{"@(today()) @(today())", 2},
		{`@(datetime("2025-05-04T10:00:00Z"))`, 0},
		{`@(datetime("2025-05-04"))`, 0},
		{`@(datetime("2025/5/4"))`, 1},
		{`@(date("2025-05-04 hi"))`, 0},
		{`@(has_date("2025-05-04"))`, 1},
		{`@(has_date("4/5/2025"))`, 1},
		{`@(has_date("2025-05-04 10:00"))`, 0},
	}
	for _, tc := range tests {
		t.Run(tc.tpl, func(t *testing.T) {
			flows := []*ruleFlow{{Nodes: []map[string]any{actionNode(sendMsg("first"), sendMsg(tc.tpl))}}}
			_, sprints := ruleRun{Flows: flows}.run(t)
			var times []time.Time
			for _, e := range allEvents(sprints) {
				if m, ok := e.(*runtime.MsgCreated); ok {
					times = append(times, m.CreatedOn)
				}
			}
			// each message is two readings (its UUID, its time) after what came before
			if got := int(times[1].Sub(times[0])/time.Second) - 2; got != tc.readings {
				t.Errorf("%d readings, want %d", got, tc.readings)
			}
		})
	}
}

// A contact field set to a date without a time takes the clock's time of day, as the reference
// reads field values; text that is no date has no datetime.
func TestRuleFieldDatetimeTakesTheTimeOfDay(t *testing.T) {
	set := func(v string) map[string]any {
		return act("set_contact_field", map[string]any{"field": map[string]any{"key": "when", "name": "When"}, "value": v})
	}
	flows := []*ruleFlow{{Nodes: []map[string]any{actionNode(set("2025-06-01"), set("hello"))}}}
	assets := map[string]any{"fields": []any{map[string]any{"key": "when", "name": "When", "type": "datetime"}}}
	_, sprints := ruleRun{Flows: flows, Assets: assets}.run(t)
	evs := eventsOf(t, sprints, "contact_field_changed")
	if len(evs) != 2 {
		t.Fatalf("events %v", evs)
	}
	dt, _ := evs[0]["value"].(map[string]any)["datetime"].(string)
	if !strings.HasPrefix(dt, "2025-06-01T12:") {
		t.Errorf("datetime %q, want June 1st at the clock's time of day (12:xx UTC)", dt)
	}
	if _, has := evs[1]["value"].(map[string]any)["datetime"]; has {
		t.Errorf("hello has a datetime: %v", evs[1])
	}
}
