package expressions

import (
	"strconv"
	"strings"
	"sync"
	"text/template"
)

// prompt(name, args...) is goflow's way of writing the standard LLM instructions a call_llm
// action sends (e.g. the categorisation an LLM split uses). The prompts themselves are given to
// the engine, not written in flows: they come from Environment.LLMPrompts, and when the
// environment has none, from DefaultLLMPrompts.

// MaxPromptArgs is how many arguments prompt() takes after the prompt's name, as in the reference.
const MaxPromptArgs = 10

// DefaultLLMPrompts are the prompts the reference engine's own harness is given, so that a
// simulation without prompts of its own still writes the instructions an LLM split sends.
var DefaultLLMPrompts = map[string]string{
	"categorize": "Categorize the following text into one of the following categories and only return that category or <CANT> if you can't: {{ .arg1 }}",
}

func init() {
	RegisterFunction("prompt", fnPrompt, FunctionDoc{
		Signature: "prompt(name [, args...])",
		Summary:   "Returns the LLM prompt called `name` (names are case-sensitive) with `args` as text in place of its `{{ .arg1 }}`, `{{ .arg2 }}`... markers; a marker without an argument reads `<no value>`.",
		MinArgs:   1, MaxArgs: 1 + MaxPromptArgs,
		// the name is looked up before the args are read, and an error arg is written as its
		// message, as in the reference
		AcceptsErrors: true,
		Examples: []Example{
			{Template: `@(prompt("categorize", "Yes, No"))`, Output: "Categorize the following text into one of the following categories and only return that category or <CANT> if you can't: Yes, No"},
			{Template: `@(prompt("xx"))`, Error: true},
			{Template: `@(prompt("categorize", 1 / 0))`, Output: "Categorize the following text into one of the following categories and only return that category or <CANT> if you can't: division by zero"},
		},
	})
}

// promptTemplates caches each prompt's parsed template by its text.
var promptTemplates sync.Map

func fnPrompt(ctx *EvalContext, args []Value) Value {
	name, err := ToText(ctx, args[0])
	if err != nil {
		return err
	}
	prompts := ctx.Env.LLMPrompts
	if prompts == nil {
		prompts = DefaultLLMPrompts
	}
	text, ok := prompts[name]
	if !ok {
		return NewError("unknown LLM prompt %s", name)
	}
	texts := make([]string, len(args))
	texts[0] = name
	for i, a := range args[1:] {
		if e, isErr := a.(*Error); isErr {
			if e.limit {
				return e
			}
			texts[i+1] = e.msg
			continue
		}
		if texts[i+1], err = ToText(ctx, a); err != nil {
			return err
		}
	}
	var tpl *template.Template
	if cached, ok := promptTemplates.Load(text); ok {
		tpl = cached.(*template.Template)
	} else {
		parsed, parseErr := template.New("").Parse(text)
		if parseErr != nil {
			return NewError("invalid LLM prompt %s: %s", texts[0], parseErr.Error())
		}
		promptTemplates.Store(text, parsed)
		tpl = parsed
	}
	data := make(map[string]any, len(texts)-1)
	for i, arg := range texts[1:] {
		data["arg"+strconv.Itoa(i+1)] = arg
	}
	var b strings.Builder
	if execErr := tpl.Execute(&b, data); execErr != nil {
		return NewError("invalid LLM prompt %s: %s", texts[0], execErr.Error())
	}
	return textResult(ctx, b.String())
}
