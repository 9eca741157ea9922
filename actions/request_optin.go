package actions

import (
	"github.com/flowctl/flowctl/flows"
)

// TypeRequestOptIn is the type name of the request_optin action.
const TypeRequestOptIn = "request_optin"

func init() {
	RegisterType(TypeRequestOptIn, func() flows.Action { return &RequestOptIn{base: newBase(TypeRequestOptIn)} })
}

// RequestOptIn asks the contact to opt in to a category of messages (on channels that support it).
type RequestOptIn struct {
	base
	OptIn *flows.OptInRef `json:"optin" validate:"required"`
}

// AllowedFlowTypes lists the flow types request_optin may appear in.
func (a *RequestOptIn) AllowedFlowTypes() []flows.FlowType { return flows.OnlineFlowTypes }
