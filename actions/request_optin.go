package actions

import (
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
)

// TypeRequestOptIn is the type name of the request_optin action.
const TypeRequestOptIn = "request_optin"

func init() {
	RegisterType(TypeRequestOptIn, func() flows.Action { return &RequestOptIn{base: newBase(TypeRequestOptIn)} })
}

// RequestOptIn asked the contact to opt in to a category of messages. The reference engine still
// reads the action but no longer runs it: it logs an unsupported-action error.
type RequestOptIn struct {
	base
	OptIn *flows.OptInRef `json:"optin" validate:"required"`
}

// AllowedFlowTypes lists the flow types request_optin may appear in.
func (a *RequestOptIn) AllowedFlowTypes() []flows.FlowType { return flows.OnlineFlowTypes }

// Execute logs that opt-in requests are no longer supported, as the reference does, whatever
// the opt-in and the contact's channel.
func (a *RequestOptIn) Execute(run runtime.Run, log runtime.Logger) error {
	log(runtime.NewCodedError("action:unsupported", "opt-in requests are no longer supported", nil))
	return nil
}
