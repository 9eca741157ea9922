package actions

import (
	"github.com/flowctl/flowctl/flows"
)

// TypeCallResthook is the type name of the call_resthook action.
const TypeCallResthook = "call_resthook"

func init() {
	RegisterType(TypeCallResthook, func() flows.Action { return &CallResthook{base: newBase(TypeCallResthook)} })
}

// CallResthook posts the run's state to every subscriber of a resthook (Zapier-style REST hooks).
type CallResthook struct {
	base
	Resthook   flows.ResthookSlug `json:"resthook" validate:"required"`
	ResultName string             `json:"result_name,omitempty" validate:"omitempty,result_name"`
}

// AllowedFlowTypes lists the flow types call_resthook may appear in.
func (a *CallResthook) AllowedFlowTypes() []flows.FlowType { return flows.OnlineFlowTypes }
