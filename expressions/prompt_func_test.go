package expressions

import "testing"

// prompt() fills the named prompt's {{ .argN }} markers with its arguments as text; names are
// case-sensitive, and without prompts of its own the environment has the reference's.
func TestPromptFunction(t *testing.T) {
	env := DefaultEnvironment()
	env.LLMPrompts = map[string]string{
		"sort":  "Sort into: {{ .arg1 }}. Reply with one.",
		"greet": "Say hello.",
		"pair":  "Compare {{ .arg1 }} with {{ .arg2 }}.",
	}
	ctx := NewEvalContext(env, NewObject())
	tests := []struct{ template, want, wantErr string }{
		{`@(prompt("sort", join(array("Up", "Down"), ", ")))`, "Sort into: Up, Down. Reply with one.", ""},
		{`@(prompt("sort", array("Up", "Down")))`, "Sort into: [Up, Down]. Reply with one.", ""},
		{`@(prompt("greet"))`, "Say hello.", ""},
		{`@(prompt("greet", "ignored"))`, "Say hello.", ""},
		{`@(prompt("pair", 1, "x"))`, "Compare 1 with x.", ""},
		{`@(prompt("pair", 1))`, "Compare 1 with <no value>.", ""},
		{`@(prompt("Greet"))`, "", "error calling prompt(...): unknown LLM prompt Greet"},
		{`@(prompt("xx"))`, "", "error calling prompt(...): unknown LLM prompt xx"},
		{`@(prompt())`, "", "error calling prompt(...): need 1 to 11 argument(s), got 0"},
		{`@(prompt("pair", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11))`, "", "error calling prompt(...): need 1 to 11 argument(s), got 12"},
		{`@(prompt("sort", 1 / 0))`, "Sort into: division by zero. Reply with one.", ""}, // an error arg is written as its message
		{`@(prompt("xx", 1 / 0))`, "", "error calling prompt(...): unknown LLM prompt xx"},
		{`@(prompt(1 / 0, "x"))`, "", "error calling prompt(...): division by zero"},
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
	// without prompts of its own, an environment has the reference's categorisation prompt
	got, errs := EvaluateTemplate(NewEvalContext(nil, NewObject()), `@(prompt("categorize", "a, b"))`)
	if want := DefaultLLMPrompts["categorize"][:40]; len(errs) > 0 || len(got) < 40 || got[:40] != want || got[len(got)-4:] != "a, b" {
		t.Errorf("default categorize prompt = %q %v", got, errs)
	}
}
