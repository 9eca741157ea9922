package engine

import (
	"slices"
	"testing"
)

// How a switch router reports evaluation errors, as the reference does: an operand or argument
// that is one expression keeps its error value, which makes the test fail with "Error calling
// test ..."; an operand's error is then logged as a plain error (its own message, no code) only
// when the default category takes the operand. A template with text around its expressions logs
// their errors as expression errors and goes on with the text. An expression that doesn't parse
// is an error value like one that fails to evaluate.
func TestRuleRouterErrors(t *testing.T) {
	tests := []struct {
		name, operand, test string
		args                []string
		wantErrors          []string
		wantCategory        string
		wantValue           string
	}{
		{"single-expression operand", "@fields.missing", "has_text", nil,
			[]string{"Error calling test has_text(...): error calling has_text(...): object has no property 'missing'",
				"object has no property 'missing'"}, "Other", ""},
		{"has_error matches an error operand without logging it", "@fields.missing", "has_error", nil,
			nil, "Case 1", "object has no property 'missing'"},
		{"operand with text around it", "x @fields.missing y", "has_text", nil,
			[]string{"Error evaluating expression: object has no property 'missing'"}, "Case 1", "x  y"},
		{"single-expression argument", "@input.text", "has_any_word", []string{"@fields.missing"},
			[]string{"Error calling test has_any_word(...): error calling has_any_word(...): object has no property 'missing'"}, "Other", "hi"},
		{"argument with text around it", "@input.text", "has_any_word", []string{"x @fields.missing"},
			[]string{"Error evaluating expression: object has no property 'missing'"}, "Other", "hi"},
		{"arguments keep their types", "@input.text", "has_number_between", []string{"@(1)", "@(2 + 3)"},
			nil, "Other", "hi"},
		{"single-expression argument that doesn't parse", "@input.text", "has_number_lt", []string{`@(if(is_error(), "a", ))`},
			[]string{"Error calling test has_number_lt(...): error calling has_number_lt(...): syntax error at )"}, "Other", "hi"},
		{"argument with text around an expression that doesn't parse", "@input.text", "has_any_word", []string{"x @(1 +) y"},
			[]string{"Error evaluating expression: syntax error at "}, "Other", "hi"},
		{"single-expression operand that doesn't parse", "@(foo bar)", "has_text", nil,
			[]string{"Error calling test has_text(...): error calling has_text(...): syntax error at bar", "syntax error at bar"}, "Other", ""},
		{"has_error matches an operand that doesn't parse", "@(foo bar)", "has_error", nil,
			nil, "Case 1", "syntax error at bar"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			flows := []*ruleFlow{{Nodes: []map[string]any{
				switchNode(tc.operand, false, "R", ruleCase{Test: tc.test, Args: tc.args}),
			}}}
			_, sprints := ruleRun{Flows: flows, Trigger: "msg:hi"}.run(t)
			var errs []string
			for _, e := range eventsOf(t, sprints, "error") {
				errs = append(errs, e["text"].(string))
			}
			if !slices.Equal(errs, tc.wantErrors) {
				t.Errorf("errors %q\nwant %q", errs, tc.wantErrors)
			}
			res := eventsOf(t, sprints, "run_result_changed")
			if len(res) != 1 || res[0]["category"] != tc.wantCategory || res[0]["value"] != tc.wantValue {
				t.Errorf("result %v, want %s with %q", res, tc.wantCategory, tc.wantValue)
			}
		})
	}
}

// The plain error of an operand carries no code and no expression.
func TestRuleOperandErrorIsPlain(t *testing.T) {
	flows := []*ruleFlow{{Nodes: []map[string]any{switchNode("@(1 / 0)", false, "", ruleCase{Test: "has_number"})}}}
	_, sprints := ruleRun{Flows: flows}.run(t)
	errs := eventsOf(t, sprints, "error")
	if len(errs) != 2 {
		t.Fatalf("errors %v", errs)
	}
	last := errs[1]
	if last["text"] != "division by zero" || last["code"] != nil || last["extra"] != nil {
		t.Errorf("operand error %v, want a plain error with the error's message", last)
	}
}
