package engine

import (
	"encoding/json"
	"fmt"
	"testing"
)

// A resthook's payload has the reference's shape: the contact with its language and the URN
// messages go out on (null without a route), the input with its event's UUID, its URN in parts
// and its attachments split, the input's channel with its address, and each result in full.
func TestRuleResthookPayload(t *testing.T) {
	trigger := `{"type": "msg", "flow": {"uuid": "00000000-0000-4000-8000-0000000000f1", "name": "Rule Flow"}, "triggered_on": "2025-05-04T12:00:00Z",
		"event": {"type": "msg_received", "uuid": "0a27cb26-1ac6-4b9c-9ad0-e0d5a1a3cf74", "created_on": "2025-05-04T12:00:00Z",
		"msg": {"uuid": "1e4d3e56-1bb2-4c25-a2ff-5d2b8ad5dd0b", "text": "hi", "urn": "tel:+12065551212",
		"channel": {"uuid": "57f1078f-88aa-46f4-a59a-948a5739c03d", "name": "Phone"}, "attachments": ["image/jpeg:http://x.com/a.jpg"]}}}`
	flows := []*ruleFlow{{UUID: "00000000-0000-4000-8000-0000000000f1", Nodes: []map[string]any{actionNode(
		act("set_run_result", map[string]any{"name": "Color", "value": "red", "category": "Red"}),
		act("call_resthook", map[string]any{"resthook": "new-registration", "result_name": "Hook"}),
	)}}}
	assets := map[string]any{
		"resthooks": []any{map[string]any{"slug": "new-registration", "subscribers": []string{"http://temba.io/"}}},
		"channels": []any{map[string]any{"uuid": "57f1078f-88aa-46f4-a59a-948a5739c03d", "name": "Phone", "address": "+17036975131",
			"schemes": []string{"whatsapp"}, "roles": []string{"send", "receive"}}},
	}
	mocks := map[string][]MockResponse{"http://temba.io/": {{Status: 200, Body: `{"ok": true}`}}}
	_, sprints := ruleRun{Flows: flows, Assets: assets, Trigger: trigger, Mocks: mocks}.run(t)
	calls := eventsOf(t, sprints, "resthook_called")
	if len(calls) != 1 {
		t.Fatalf("resthook_called %v", calls)
	}
	var payload struct {
		Contact map[string]any `json:"contact"`
		Input   struct {
			UUID        string              `json:"uuid"`
			Type        string              `json:"type"`
			URN         map[string]string   `json:"urn"`
			Attachments []map[string]string `json:"attachments"`
			Channel     map[string]string   `json:"channel"`
		} `json:"input"`
		Channel map[string]string         `json:"channel"`
		Results map[string]map[string]any `json:"results"`
	}
	b, _ := json.Marshal(calls[0]["payload"])
	if err := json.Unmarshal(b, &payload); err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		what      string
		got, want any
	}{
		{"contact language", payload.Contact["language"], "eng"},
		{"contact urn without a route", payload.Contact["urn"], nil},
		{"input uuid (the event's)", payload.Input.UUID, "0a27cb26-1ac6-4b9c-9ad0-e0d5a1a3cf74"},
		{"input type", payload.Input.Type, "msg"},
		{"input urn display", payload.Input.URN["display"], "(206) 555-1212"},
		{"input urn path", payload.Input.URN["path"], "+12065551212"},
		{"attachment type", payload.Input.Attachments[0]["content_type"], "image/jpeg"},
		{"attachment url", payload.Input.Attachments[0]["url"], "http://x.com/a.jpg"},
		{"input channel address", payload.Input.Channel["address"], "+17036975131"},
		{"channel", payload.Channel["name"], "Phone"},
		{"result name", payload.Results["color"]["name"], "Color"},
		{"result category_localized", payload.Results["color"]["category_localized"], "Red"},
		{"result input", payload.Results["color"]["input"], ""},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.what, c.got, c.want)
		}
	}
}

// A resthook that makes no call — undeclared, or declared without subscribers — leaves @webhook
// null, as in the reference, so a split on its status doesn't read an earlier webhook's.
func TestRuleResthookWithoutCallClearsWebhook(t *testing.T) {
	tests := []struct {
		name, slug string
		want       string
	}{
		{"undeclared", "nobody-declared-it", "after: |0"},
		{"no subscribers", "unpopular", "after: |0"},
		{"a subscriber", "popular", "after: 201|201"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// a flow of the current spec: older ones have @webhook migrated to @webhook.json
			flows := []*ruleFlow{{Extra: map[string]any{"spec_version": "14.1.0"}, Nodes: []map[string]any{actionNode(
				act("call_webhook", map[string]any{"method": "GET", "url": "http://api.example.com/x"}),
				sendMsg("before: @webhook.status"),
				act("call_resthook", map[string]any{"resthook": tc.slug}),
				sendMsg("after: @webhook.status|@(default(webhook.status, 0))"),
			)}}}
			assets := map[string]any{"resthooks": []any{
				map[string]any{"slug": "unpopular", "subscribers": []string{}},
				map[string]any{"slug": "popular", "subscribers": []string{"http://hooks.example.com/"}},
			}}
			mocks := map[string][]MockResponse{"http://api.example.com/x": {{Status: 200, Body: `{}`}},
				"http://hooks.example.com/": {{Status: 201, Body: `{}`}}}
			_, sprints := ruleRun{Flows: flows, Assets: assets, Mocks: mocks}.run(t)
			got := sentTexts(sprints)
			if len(got) != 2 || got[0] != "before: 200" || got[1] != tc.want {
				t.Errorf("sent %q, want [before: 200 %s]", got, tc.want)
			}
		})
	}
}

// When the environment redacts URNs, a resthook's payload hides their paths: the contact's URN
// keeps only its scheme, the input's URN its scheme, with path and display hidden.
func TestRuleResthookPayloadRedactsURNs(t *testing.T) {
	trigger := `{"type": "msg", "flow": {"uuid": "00000000-0000-4000-8000-0000000000f2", "name": "Rule Flow"}, "triggered_on": "2025-05-04T12:00:00Z",
		"event": {"type": "msg_received", "uuid": "0a27cb26-1ac6-4b9c-9ad0-e0d5a1a3cf74", "created_on": "2025-05-04T12:00:00Z",
		"msg": {"uuid": "1e4d3e56-1bb2-4c25-a2ff-5d2b8ad5dd0b", "text": "hi", "urn": "tel:+12065551212"}}}`
	assets := map[string]any{
		"resthooks": []any{map[string]any{"slug": "new-registration", "subscribers": []string{"http://temba.io/"}}},
		"channels": []any{map[string]any{"uuid": "57f1078f-88aa-46f4-a59a-948a5739c03d", "name": "Phone", "address": "+17036975131",
			"schemes": []string{"tel"}, "roles": []string{"send", "receive"}}},
	}
	mocks := map[string][]MockResponse{"http://temba.io/": {{Status: 200, Body: `{"ok": true}`}}}
	tests := []struct {
		policy                    string
		contactURN, path, display string
	}{
		{"urns", "tel:********", "********", "********"},
		{"none", "tel:+12065551212", "+12065551212", "(206) 555-1212"},
	}
	for _, tc := range tests {
		t.Run(tc.policy, func(t *testing.T) {
			flows := []*ruleFlow{{UUID: "00000000-0000-4000-8000-0000000000f2", Nodes: []map[string]any{actionNode(
				act("call_resthook", map[string]any{"resthook": "new-registration"}),
			)}}}
			_, sprints := ruleRun{Flows: flows, Assets: assets, Trigger: trigger, Mocks: mocks,
				Env: `{"redaction_policy": "` + tc.policy + `"}`}.run(t)
			calls := eventsOf(t, sprints, "resthook_called")
			if len(calls) != 1 {
				t.Fatalf("resthook_called %v", calls)
			}
			var payload struct {
				Contact struct {
					URN string `json:"urn"`
				} `json:"contact"`
				Input struct {
					URN map[string]string `json:"urn"`
				} `json:"input"`
			}
			b, _ := json.Marshal(calls[0]["payload"])
			if err := json.Unmarshal(b, &payload); err != nil {
				t.Fatal(err)
			}
			u := payload.Input.URN
			if payload.Contact.URN != tc.contactURN || u["scheme"] != "tel" || u["path"] != tc.path || u["display"] != tc.display {
				t.Errorf("contact urn %q, input urn %v; want %q and tel %q %q", payload.Contact.URN, u, tc.contactURN, tc.path, tc.display)
			}
		})
	}
}

// Of a resthook's calls, the result and @webhook come from the last that failed, else from the
// last one, as in the reference.
func TestRuleResthookPicksLastFailure(t *testing.T) {
	tests := []struct {
		name  string
		codes []int // the answers of the three subscribers, 0 for a connection error
		want  string
	}{
		{"failures around a success", []int{500, 201, 502}, "502|POST http://h2.example.com/|Failure"},
		{"a failure between successes", []int{201, 500, 202}, "500|POST http://h1.example.com/|Failure"},
		{"a connection error last", []int{201, 202, 0}, "0|POST http://h2.example.com/|Failure"},
		{"all succeed", []int{201, 202, 203}, "203|POST http://h2.example.com/|Success"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var subs []string
			mocks := map[string][]MockResponse{}
			for i, code := range tc.codes {
				u := fmt.Sprintf("http://h%d.example.com/", i)
				subs = append(subs, u)
				mocks[u] = []MockResponse{{Status: code, Body: `{}`}}
			}
			flows := []*ruleFlow{{Extra: map[string]any{"spec_version": "14.1.0"}, Nodes: []map[string]any{actionNode(
				act("call_resthook", map[string]any{"resthook": "hook", "result_name": "R"}),
				sendMsg("@(default(webhook.status, 0))|@results.r.input|@results.r.category"),
			)}}}
			assets := map[string]any{"resthooks": []any{map[string]any{"slug": "hook", "subscribers": subs}}}
			_, sprints := ruleRun{Flows: flows, Assets: assets, Mocks: mocks}.run(t)
			if got := sentTexts(sprints); len(got) != 1 || got[0] != tc.want {
				t.Errorf("sent %q, want %q", got, tc.want)
			}
		})
	}
}

// A subscriber answering 410 is gone (the REST hooks convention): its call's status is
// subscriber_gone, and the result (and @webhook) comes from the last call that failed
// otherwise, else from the last that succeeded, else from the last gone one.
func TestRuleResthookSubscriberGone(t *testing.T) {
	tests := []struct {
		statuses     []int // of each subscriber in turn; 0 is a connection error
		wantStatuses string
		wantResult   string // the result's value and the subscriber it came from
	}{
		{[]int{410}, "subscriber_gone", "410 s0"},
		{[]int{200, 410}, "success subscriber_gone", "200 s0"},
		{[]int{410, 200}, "subscriber_gone success", "200 s1"},
		{[]int{500, 410}, "response_error subscriber_gone", "500 s0"},
		{[]int{410, 410}, "subscriber_gone subscriber_gone", "410 s1"},
		{[]int{0, 410}, "connection_error subscriber_gone", "0 s0"},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprint(tc.statuses), func(t *testing.T) {
			var subs []string
			mocks := map[string][]MockResponse{}
			for i, st := range tc.statuses {
				url := fmt.Sprintf("http://s%d.example.com/", i)
				subs = append(subs, url)
				if st != 0 {
					mocks[url] = []MockResponse{{Status: st, Body: "{}"}}
				}
			}
			flows := []*ruleFlow{{Extra: map[string]any{"spec_version": "14.3.0"}, Nodes: []map[string]any{actionNode(
				act("call_resthook", map[string]any{"resthook": "new-registration", "result_name": "Hook"}),
				sendMsg("@results.hook @results.hook.input @webhook.status"),
			)}}}
			assets := map[string]any{"resthooks": []any{map[string]any{"slug": "new-registration", "subscribers": subs}}}
			_, sprints := ruleRun{Flows: flows, Assets: assets, Mocks: mocks}.run(t)
			var statuses []string
			for _, e := range eventsOf(t, sprints, "webhook_called") {
				statuses = append(statuses, e["status"].(string))
			}
			if got := fmt.Sprint(statuses); got != "["+tc.wantStatuses+"]" {
				t.Errorf("statuses %s, want [%s]", got, tc.wantStatuses)
			}
			var value, sub string
			fmt.Sscanf(tc.wantResult, "%s %s", &value, &sub)
			want := fmt.Sprintf("%s POST http://%s.example.com/ %s", value, sub, value)
			if got := sentTexts(sprints); len(got) != 1 || got[0] != want {
				t.Errorf("sent %q, want %q", got, want)
			}
		})
	}
}
