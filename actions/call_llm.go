package actions

import (
	"github.com/flowctl/flowctl/flows"
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
