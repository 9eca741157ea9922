package engine

import (
	"encoding/json"
	"testing"
)

// The default LLM service answers as the reference's test service: "Categorize…" instructions get
// their last word, "Translate…" ones the input in leetspeak, anything else an echo.
func TestRuleDefaultLLMAnswers(t *testing.T) {
	tests := []struct{ instructions, input, want string }{
		{"Categorize the following text as positive or negative", "I love it", "negative"},
		{"Categorize into: red, green", "x", "green"},
		{"Categorize as yes or no.", "x", "no."},
		{"Translate to French", "Hello world", "H3110 w0r1d"},
		{"Translate", "Bob bags a toast", "808 8495 4 70457"},
		{"translate", "hello", "You asked:\n\ntranslate\n\nhello"},
		{"  Categorize as a or b", "x", "You asked:\n\n  Categorize as a or b\n\nx"},
		{"Summarize", "some text", "You asked:\n\nSummarize\n\nsome text"},
	}
	for _, tc := range tests {
		if got := TestLLMOutput(tc.instructions, tc.input); got != tc.want {
			t.Errorf("%q on %q: got %q, want %q", tc.instructions, tc.input, got, tc.want)
		}
	}
}

func llmFlow(instructions string) []*ruleFlow {
	return []*ruleFlow{{Nodes: []map[string]any{actionNode(
		act("call_llm", map[string]any{"llm": map[string]any{"uuid": "51ade705-8338-40a9-8a77-37657a936966", "name": "Claude"},
			"instructions": instructions, "input": "@input.text", "output_local": "answer"}),
		sendMsg("[@locals.answer]"),
	)}}}
}

var llmAssets = map[string]any{"llms": []any{map[string]any{"uuid": "51ade705-8338-40a9-8a77-37657a936966", "name": "Claude", "type": "anthropic", "roles": []any{"engine"}}}}

// Without a mock the default service answers (with its token counts); a mock for llm://<uuid>
// replaces it, and a mocked connection error fails the call.
func TestRuleLLMServiceDefaultAndMocks(t *testing.T) {
	tests := []struct {
		name       string
		mocks      map[string][]MockResponse
		wantOutput string
		wantTokens string
		wantSent   string
	}{
		{"default service", nil, "negative", `{"input":45,"output":78}`, "[negative]"},
		{"mocked text", map[string][]MockResponse{"llm://51ade705-8338-40a9-8a77-37657a936966": {{Status: 200, Body: "positive"}}},
			"positive", "", "[positive]"},
		{"mocked failure", map[string][]MockResponse{"llm://51ade705-8338-40a9-8a77-37657a936966": {{Status: 0}}},
			"", "", "[<ERROR>]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, sprints := ruleRun{Flows: llmFlow("Categorize as positive or negative"), Assets: llmAssets, Trigger: "msg:I love it", Mocks: tc.mocks}.run(t)
			calls := eventsOf(t, sprints, "llm_called")
			if tc.wantOutput == "" {
				if len(calls) != 0 {
					t.Fatalf("llm_called %v on a failed call", calls)
				}
			} else {
				if len(calls) != 1 || calls[0]["output"] != tc.wantOutput {
					t.Fatalf("llm_called %v, want output %q", calls, tc.wantOutput)
				}
				tokens, _ := json.Marshal(calls[0]["tokens"])
				if tc.wantTokens != "" && string(tokens) != tc.wantTokens {
					t.Errorf("tokens %s, want %s", tokens, tc.wantTokens)
				}
			}
			if got := sentTexts(sprints); len(got) != 1 || got[0] != tc.wantSent {
				t.Errorf("sent %q, want %q", got, tc.wantSent)
			}
		})
	}
}

// The default airtime service is the reference's test service: it sends RWF, whatever the
// contact's country, and sets _new_transfer to the airtime_created event's UUID ("" when nothing
// was sent); result_name is ignored. A mock for airtime://<currency> replaces it.
func TestRuleAirtimeService(t *testing.T) {
	contact := func(urn string) string {
		return `{"uuid": "5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f", "name": "Bob", "status": "active", "created_on": "2024-01-01T00:00:00Z", "urns": ["` + urn + `"]}`
	}
	tests := []struct {
		name         string
		amounts      map[string]any
		urn          string
		mocks        map[string][]MockResponse
		wantCurrency string
		wantExternal string
		wantError    string
	}{
		// the external ID is drawn from the session's random source: these are the first draws of
		// the reference's default seed
		{"default sends RWF", map[string]any{"RWF": 500, "USD": 1}, "tel:+12065551212", nil, "RWF", "4ZJR8BT9MF", ""},
		{"default without RWF", map[string]any{"USD": 1}, "tel:+12065551212", nil, "", "", "no amount configured for transfers in RWF"},
		{"no phone", map[string]any{"RWF": 500}, "whatsapp:250788123123", nil, "", "", "can't transfer airtime to contact without a phone number"},
		{"mocked currency of the contact's country", map[string]any{"RWF": 500, "USD": 1}, "tel:+12065551212",
			map[string][]MockResponse{"airtime://USD": {{Status: 200, Body: `{"external_id": "X9"}`}}}, "USD", "X9", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			flows := []*ruleFlow{{Nodes: []map[string]any{actionNode(
				act("transfer_airtime", map[string]any{"amounts": tc.amounts, "result_name": "Airtime"}),
				sendMsg("[@locals._new_transfer]"),
			)}}}
			_, sprints := ruleRun{Flows: flows, Contact: contact(tc.urn), Mocks: tc.mocks, Seed: 123456}.run(t)
			if res := eventsOf(t, sprints, "run_result_changed"); len(res) != 0 {
				t.Errorf("result_name saved a result: %v", res)
			}
			created := eventsOf(t, sprints, "airtime_created")
			sent := sentTexts(sprints)
			if tc.wantError != "" {
				errs := eventsOf(t, sprints, "error")
				if len(errs) != 1 || errs[0]["text"] != tc.wantError || len(created) != 0 {
					t.Fatalf("errors %v, transfers %v; want only %q", errs, created, tc.wantError)
				}
				if sent[0] != "[]" {
					t.Errorf("_new_transfer %q, want empty", sent[0])
				}
				return
			}
			if len(created) != 1 || created[0]["currency"] != tc.wantCurrency || created[0]["external_id"] != tc.wantExternal {
				t.Fatalf("airtime_created %v, want %s with external id %s", created, tc.wantCurrency, tc.wantExternal)
			}
			if sent[0] != "["+created[0]["uuid"].(string)+"]" {
				t.Errorf("_new_transfer %q, want the event's UUID %s", sent[0], created[0]["uuid"])
			}
		})
	}
}

// The default airtime service's external ID comes from the session's random source, so draws
// made before it (here rand_between's) move it along, as in the reference.
func TestRuleAirtimeExternalIDSharesTheRandomSource(t *testing.T) {
	flows := []*ruleFlow{{Nodes: []map[string]any{actionNode(
		sendMsg("@(rand_between(1, 5))"),
		act("transfer_airtime", map[string]any{"amounts": map[string]any{"RWF": 500}}),
	)}}}
	_, sprints := ruleRun{Flows: flows, Seed: 123456}.run(t)
	created := eventsOf(t, sprints, "airtime_created")
	if len(created) != 1 || created[0]["external_id"] != "ZJR8BT9MFY" {
		t.Errorf("airtime_created %v, want external ID ZJR8BT9MFY (one draw after 4ZJR8BT9MF's first)", created)
	}
}
