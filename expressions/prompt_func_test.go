package expressions

import "testing"

func TestPromptFunction(t *testing.T) {
	env := DefaultEnvironment()
	env.LLMPrompts = map[string]string{
		"categorize": "Categorize the text into one of: %s. Reply with the category only.",
		"greet":      "Say hello.",
		"pair":       "Compare %s with %s.",
	}
	ctx := NewEvalContext(env, NewObject())
	tests := []struct{ template, want, wantErr string }{
		{`@(prompt("categorize", join(array("Positive", "Negative"), ", ")))`, "Categorize the text into one of: Positive, Negative. Reply with the category only.", ""},
		{`@(prompt("categorize", array("Positive", "Negative")))`, "Categorize the text into one of: [Positive, Negative]. Reply with the category only.", ""},
		{`@(PROMPT("Greet"))`, "Say hello.", ""},
		{`@(prompt("pair", 1, "x"))`, "Compare 1 with x.", ""},
		{`@(prompt("xx"))`, "", `error calling prompt(...): no LLM prompt called "xx" was given to the engine`},
		{`@(prompt("pair", 1))`, "", `error calling prompt(...): prompt "pair" takes 2 arguments after its name, got 1`},
		{`@(prompt("greet", 1))`, "", `error calling prompt(...): prompt "greet" takes 0 arguments after its name, got 1`},
		{`@(prompt())`, "", "error calling prompt(...): need at least 1 argument(s), got 0"},
		{`@(prompt("categorize", 1 / 0))`, "", "error calling prompt(...): division by zero"},
	}
	for _, tc := range tests {
		got, errs := EvaluateTemplate(ctx, tc.template)
		switch {
		case tc.wantErr == "" && (len(errs) > 0 || got != tc.want):
			t.Errorf("%s = %q %v, want %q", tc.template, got, errs, tc.want)
		case tc.wantErr != "" && (len(errs) != 1 || errs[0].(*EvalError).Err.Error() != tc.wantErr):
			t.Errorf("%s gave errors %v, want %q", tc.template, errs, tc.wantErr)
		}
	}
	// without prompts (flowctl eval, a flow run without any) every name is unknown
	if _, errs := EvaluateTemplate(NewEvalContext(nil, NewObject()), `@(prompt("categorize", "a"))`); len(errs) != 1 {
		t.Errorf("got %v, want an error", errs)
	}
}
