package actions

import (
	"fmt"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
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

// Execute starts the child run once the node's actions are done. A missing flow, or one of a
// type this flow can't enter, fails the session.
func (a *EnterFlow) Execute(run runtime.Run, log runtime.Logger) error {
	if a.Flow == nil {
		return &runtime.FailError{Text: "Unable to find flow ''"}
	}
	var flow *flows.Flow
	for _, f := range run.Assets().Flows {
		if f != nil && f.UUID == a.Flow.UUID {
			flow = f
		}
	}
	if flow == nil {
		return &runtime.FailError{Text: fmt.Sprintf("Unable to find flow '%s'", a.Flow.Name)}
	}
	from := run.Flow().Type
	if flow.Type != from && flow.Type != flows.FlowTypeMessagingBackground {
		return &runtime.FailError{Text: fmt.Sprintf("Can't enter flow[uuid=%s,name=%s] of type %s from type %s", flow.UUID, flow.Name, flow.Type, from)}
	}
	run.EnterFlow(flow, a.Terminal)
	return nil
}
