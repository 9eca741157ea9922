package actions

import (
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
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
	Instructions string        `json:"instructions" validate:"required" flow:"template"`
	Input        string        `json:"input" flow:"template"`
	OutputLocal  string        `json:"output_local" validate:"required,local_name"`
}

// AllowedFlowTypes lists the flow types call_llm may appear in.
func (a *CallLLM) AllowedFlowTypes() []flows.FlowType { return flows.OnlineFlowTypes }

// Execute would prompt a language model. LLM services are not simulated: the call is reported
// as an error and the output local is set to "<ERROR>", as a failed call leaves it.
func (a *CallLLM) Execute(run runtime.Run, log runtime.Logger) error {
	if a.LLM == nil {
		return nil
	}
	if run.Assets().Get(flows.AssetLLM, a.LLM.UUID) == nil {
		missingDependency(log, "llm", "uuid", a.LLM.UUID, a.LLM.Name)
	} else {
		log(runtime.NewCodedError("service:unavailable", "LLM services are not simulated", nil))
	}
	run.Locals()[a.OutputLocal] = "<ERROR>"
	return nil
}
