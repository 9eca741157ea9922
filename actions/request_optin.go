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

// RequestOptIn asks the contact to opt in to a category of messages (on channels that support it).
type RequestOptIn struct {
	base
	OptIn *flows.OptInRef `json:"optin" validate:"required"`
}

// AllowedFlowTypes lists the flow types request_optin may appear in.
func (a *RequestOptIn) AllowedFlowTypes() []flows.FlowType { return flows.OnlineFlowTypes }

// Execute asks the contact to opt in, on the channel messages to them go out on.
func (a *RequestOptIn) Execute(run runtime.Run, log runtime.Logger) error {
	if a.OptIn == nil {
		return nil
	}
	o := run.Assets().Get(flows.AssetOptIn, a.OptIn.UUID)
	if o == nil {
		missingDependency(log, "optin", "uuid", a.OptIn.UUID, a.OptIn.Name)
		return nil
	}
	// only channels with the optins feature can ask; elsewhere it does nothing
	urn, ch := runtime.Route(run.Contact(), run.Assets())
	if ch == nil || !hasString(ch.Extra["features"], "optins") {
		return nil
	}
	e := runtime.NewOptInRequested()
	e.OptIn = runtime.Ref{UUID: o.Identity, Name: o.Name}
	e.Channel = &runtime.Ref{UUID: ch.Identity, Name: ch.Name}
	e.URN = urn.Identity()
	log(e)
	return nil
}
