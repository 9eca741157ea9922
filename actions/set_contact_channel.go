package actions

import (
	"github.com/flowctl/flowctl/flows"
)

// TypeSetContactChannel is the type name of the set_contact_channel action.
const TypeSetContactChannel = "set_contact_channel"

func init() {
	RegisterType(TypeSetContactChannel, func() flows.Action { return &SetContactChannel{base: newBase(TypeSetContactChannel)} })
}

// SetContactChannel makes a channel the contact's preferred one.
type SetContactChannel struct {
	base
	Channel *flows.ChannelRef `json:"channel,omitempty"`
}

// AllowedFlowTypes lists the flow types set_contact_channel may appear in.
func (a *SetContactChannel) AllowedFlowTypes() []flows.FlowType { return flows.OnlineFlowTypes }
