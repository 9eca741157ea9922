package actions

import (
	"github.com/flowctl/flowctl/flows"
)

// TypeEnterFlow is the type name of the enter_flow action.
const TypeEnterFlow = "enter_flow"

func init() {
	RegisterType(TypeEnterFlow, func() flows.Action { return &EnterFlow{base: newBase(TypeEnterFlow)} })
}

// EnterFlow starts a child run of another flow for the same contact. When Terminal is set the
// parent run ends instead of resuming after the child. Older flows call it start_flow.
type EnterFlow struct {
	base
	Flow     *flows.FlowRef `json:"flow" validate:"required"`
	Terminal bool           `json:"terminal,omitempty"`
}

// AllowedFlowTypes lists the flow types enter_flow may appear in.
func (a *EnterFlow) AllowedFlowTypes() []flows.FlowType { return flows.AllFlowTypes }
