package engine

import (
	"strings"
	"testing"
)

// @legacy_extra gathers the extras of the run's results, oldest first: each adds its extra's JSON
// text (a webhook's body as received) under the result's key, then the extra's keys (an
// array's indexes) in lower case; a later key replaces an earlier one. Results without extra
// (a webhook whose body isn't JSON, set_run_result) add nothing, and without any it is {}. A
// webhook without a result doesn't count, however the body reads.
func TestRuleLegacyExtraGathersResultExtras(t *testing.T) {
	hook := func(path, result string) map[string]any {
		fields := map[string]any{"method": "GET", "url": "http://api.example.com/" + path}
		if result != "" {
			fields["result_name"] = result
		}
		return act("call_webhook", fields)
	}
	mocks := map[string][]MockResponse{
		"http://api.example.com/obj":  {{Status: 200, Body: `{"A": 1, "Nested": {"X": 2}, "my key": "v"}`}},
		"http://api.example.com/more": {{Status: 500, Body: `{"a": 9, "b": 2}`}},
		"http://api.example.com/arr":  {{Status: 200, Body: `[7, 8]`}},
		"http://api.example.com/text": {{Status: 200, Body: `hello`}},
	}
	tests := []struct {
		name    string
		actions []map[string]any
		want    string
	}{
		{"nothing yet", nil, `{}`},
		{"a webhook without result", []map[string]any{hook("obj", "")}, `{}`},
		{"a body that isn't JSON", []map[string]any{hook("text", "Words")}, `{}`},
		{"an object", []map[string]any{hook("obj", "First Call")},
			`{"a":1,"first_call":"{\"A\": 1, \"Nested\": {\"X\": 2}, \"my key\": \"v\"}","my_key":"v","nested":{"X":2}}`},
		{"a later key wins", []map[string]any{hook("obj", "R1"), hook("more", "R2")},
			`{"a":9,"b":2,"my_key":"v","nested":{"X":2},"r1":"{\"A\": 1, \"Nested\": {\"X\": 2}, \"my key\": \"v\"}","r2":"{\"a\": 9, \"b\": 2}"}`},
		{"an array", []map[string]any{hook("arr", "List")}, `{"0":7,"1":8,"list":"[7, 8]"}`},
		{"a result without extra", []map[string]any{act("set_run_result", map[string]any{"name": "Plain", "value": "x", "category": "C"})}, `{}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			actions := append(tc.actions, sendMsg(`@(json(legacy_extra))`))
			flows := []*ruleFlow{{Extra: map[string]any{"spec_version": "14.1.0"}, Nodes: []map[string]any{actionNode(actions...)}}}
			_, sprints := ruleRun{Flows: flows, Mocks: mocks}.run(t)
			got := sentTexts(sprints)
			if len(got) != 1 || got[0] != tc.want {
				t.Errorf("sent %q, want %s", got, tc.want)
			}
		})
	}
}

// A result saved over within a sprint leaves the keys its first extra brought, as the reference
// adds results to @legacy_extra as they come; after a wait (the reference reads the session back)
// it is gathered afresh from the results the run holds, so they are gone.
func TestRuleLegacyExtraGatheredAfreshEachSprint(t *testing.T) {
	mocks := map[string][]MockResponse{"http://api.example.com/x": {{Status: 200, Body: `{"first": 1}`}, {Status: 200, Body: `{"second": 2}`}}}
	hook := func() map[string]any {
		return act("call_webhook", map[string]any{"method": "GET", "url": "http://api.example.com/x", "result_name": "Call"})
	}
	flows := []*ruleFlow{{Extra: map[string]any{"spec_version": "14.1.0"}, Nodes: []map[string]any{
		actionNode(hook(), hook(), sendMsg(`@(legacy_extra.first)|@(legacy_extra.second)`)),
		switchNode("@input.text", true, ""),
		actionNode(sendMsg(`@(legacy_extra.first)|@(legacy_extra.second)`)),
	}}}
	_, sprints := ruleRun{Flows: flows, Mocks: mocks, Inputs: []string{"go on"}}.run(t)
	got := strings.Join(sentTexts(sprints), " / ")
	if want := "1|2 / |2"; got != want {
		t.Errorf("sent %q, want %q", got, want)
	}
}

// A trigger's params that are a JSON object start @legacy_extra, their keys in lower case.
func TestRuleLegacyExtraStartsWithTriggerParams(t *testing.T) {
	flows := []*ruleFlow{{UUID: "00000000-0000-4000-8000-0000000000e7", Name: "Params", Nodes: []map[string]any{actionNode(sendMsg(`@(json(legacy_extra))`))}}}
	trigger := `{"type": "manual", "flow": {"uuid": "00000000-0000-4000-8000-0000000000e7", "name": "Params"}, "triggered_on": "2025-05-04T12:00:00Z",
		"params": {"Foo Bar": 1, "Obj": {"K": "v"}}}`
	_, sprints := ruleRun{Flows: flows, Trigger: trigger}.run(t)
	if got, want := sentTexts(sprints), `{"foo_bar":1,"obj":{"K":"v"}}`; len(got) != 1 || got[0] != want {
		t.Errorf("sent %q, want %s", got, want)
	}
}

// A result's extra keeps the webhook's body as received within the sprint it was saved in; the
// reference saves the session to JSON between sprints, which writes it compact (HTML characters,
// escapes and number spellings untouched), so after a wait @legacy_extra holds that text.
func TestRuleLegacyExtraIsCompactAfterAWait(t *testing.T) {
	tests := []struct {
		name, body, before, after string
	}{
		{"spaced object", `{ "a" : 1 ,` + "\n" + ` "b": [ 1 , 2 ] }`, `{ "a" : 1 ,` + "\n" + ` "b": [ 1 , 2 ] }`, `{"a":1,"b":[1,2]}`},
		{"html and escapes kept", `{"t": "<b>&amp;\u00e9\/", "n": 1.50}`, `{"t": "<b>&amp;\u00e9\/", "n": 1.50}`, `{"t":"<b>&amp;\u00e9\/","n":1.50}`},
		{"array", "[ 7,\t8 ]", "[ 7,\t8 ]", "[7,8]"},
		{"already compact", `{"x":true}`, `{"x":true}`, `{"x":true}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mocks := map[string][]MockResponse{"http://api.example.com/x": {{Status: 200, Body: tc.body}}}
			hook := act("call_webhook", map[string]any{"method": "GET", "url": "http://api.example.com/x", "result_name": "Call"})
			flows := []*ruleFlow{{Extra: map[string]any{"spec_version": "14.1.0"}, Nodes: []map[string]any{
				actionNode(hook, sendMsg(`@legacy_extra.call`)),
				switchNode("@input.text", true, ""),
				actionNode(sendMsg(`@legacy_extra.call`)),
			}}}
			_, sprints := ruleRun{Flows: flows, Mocks: mocks, Inputs: []string{"go on"}}.run(t)
			got := sentTexts(sprints)
			if len(got) != 2 || got[0] != tc.before || got[1] != tc.after {
				t.Errorf("sent %q, want %q then %q", got, tc.before, tc.after)
			}
		})
	}
}
