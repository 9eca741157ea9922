package actions

import (
	"encoding/json"
	"fmt"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
	"strings"
)

// TypeCallLLM is the type name of the call_llm action.
const TypeCallLLM = "call_llm"

func init() {
	RegisterType(TypeCallLLM, func() flows.Action { return &CallLLM{base: newBase(TypeCallLLM)} })
}

// CallLLM sends input and instructions to a large language model and stores the answer in a run
// local, from where a router usually reads it.
type CallLLM struct {
	base
	LLM          *flows.LLMRef `json:"llm" validate:"required"`
	Instructions string        `json:"instructions" validate:"required,max=10000" flow:"template"`
	Input        string        `json:"input" validate:"max=10000" flow:"template"`
	OutputLocal  string        `json:"output_local" validate:"required,local_name"`
}

// AllowedFlowTypes lists the flow types call_llm may appear in.
func (a *CallLLM) AllowedFlowTypes() []flows.FlowType { return flows.OnlineFlowTypes }

// Execute prompts a language model. The call goes, like every outside call, through the
// session's HTTP client: in simulation the mock for llm://<llm uuid> answers, its body being the
// output text or JSON {"output": ..., "tokens": {...}}. The output is saved in the output local;
// a failed call leaves "<ERROR>" there, as the reference does.
func (a *CallLLM) Execute(run runtime.Run, log runtime.Logger) error {
	if a.LLM == nil {
		return nil
	}
	llm := run.Assets().Get(flows.AssetLLM, a.LLM.UUID)
	if llm == nil {
		missingDependency(log, "llm", "uuid", a.LLM.UUID, a.LLM.Name)
		run.Locals()[a.OutputLocal] = "<ERROR>"
		return nil
	}
	instructions, _ := run.EvaluateTemplate(a.Instructions, log)
	input, _ := run.EvaluateTemplate(a.Input, log)
	body := marshalNoEscape(map[string]string{"instructions": instructions, "input": input})
	resp := run.HTTP(&runtime.HTTPRequest{Method: "POST", URL: "llm://" + llm.Identity, Body: string(body),
		Headers: [][2]string{{"Content-Type", "application/json"}}})
	if resp.Log.Status != "success" {
		log(runtime.NewCodedError("llm:failed", fmt.Sprintf("LLM call failed: %s", describeFailure(resp)), map[string]string{"llm": llm.Name}))
		run.Locals()[a.OutputLocal] = "<ERROR>"
		return nil
	}
	output := strings.TrimSpace(string(resp.Body))
	var tokens json.RawMessage
	var answer struct {
		Output *string         `json:"output"`
		Tokens json.RawMessage `json:"tokens"`
	}
	if json.Unmarshal(resp.Body, &answer) == nil && answer.Output != nil {
		output, tokens = *answer.Output, answer.Tokens
	}
	ev := runtime.NewLLMCalled()
	ev.LLM = runtime.Ref{UUID: llm.Identity, Name: llm.Name}
	ev.Instructions, ev.Input, ev.Output, ev.Tokens, ev.ElapsedMS = instructions, input, output, tokens, resp.Log.ElapsedMS
	log(ev)
	run.Locals()[a.OutputLocal] = output
	return nil
}
