package expressions

import "strings"

// prompt(name, args...) is goflow's way of writing the standard LLM instructions a call_llm
// action sends (e.g. the categorisation an LLM split uses). The prompts themselves are given to
// the engine, not written in flows, so they come from Environment.LLMPrompts.

func init() {
	RegisterFunction("prompt", fnPrompt, FunctionDoc{
		Signature: "prompt(name [, args...])",
		Summary:   "Returns the LLM prompt called `name` that the engine was given, with `args` as text in place of its `%s` markers, in order.",
		MinArgs:   1, MaxArgs: -1,
		Examples: []Example{
			{Template: `@(prompt("xx"))`, Error: true},
		},
	})
}

func fnPrompt(ctx *EvalContext, args []Value) Value {
	texts, err := textArgs(ctx, args)
	if err != nil {
		return err
	}
	name := strings.ToLower(texts[0])
	prompt, ok := ctx.Env.LLMPrompts[name]
	if !ok {
		return NewError("no LLM prompt called %q was given to the engine", texts[0])
	}
	markers := strings.Count(prompt, "%s")
	if markers != len(texts)-1 {
		return NewError("prompt %q takes %d argument%s after its name, got %d", name, markers, plural(markers), len(texts)-1)
	}
	var b strings.Builder
	for _, arg := range texts[1:] {
		i := strings.Index(prompt, "%s")
		b.WriteString(prompt[:i])
		b.WriteString(arg)
		prompt = prompt[i+2:]
	}
	b.WriteString(prompt)
	if err := ctx.CheckOutput(b.Len()); err != nil {
		return err
	}
	return Text(b.String())
}
