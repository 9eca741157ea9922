package actions

import (
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
	"slices"
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

// Execute makes the channel the contact's preferred one, as the reference does: phone and
// WhatsApp URNs (which any channel of their scheme can use) are tied to it when it supports
// their scheme, as are untied URNs of a scheme it supports; the URNs tied to it move first,
// keeping their order. No channel unties every URN. A channel that can't send changes nothing
// and is an error.
func (a *SetContactChannel) Execute(run runtime.Run, log runtime.Logger) error {
	c := run.Contact()
	var urns []runtime.URN
	if a.Channel == nil {
		for _, u := range c.URNs {
			urns = append(urns, u.WithChannel(""))
		}
	} else {
		ch := run.Assets().Get(flows.AssetChannel, a.Channel.UUID)
		if ch == nil {
			missingDependency(log, "channel", "uuid", a.Channel.UUID, a.Channel.Name)
			return nil
		}
		if !hasString(ch.Extra["roles"], "send") {
			errorf(log, "Can't set channel that can't send as the preferred channel")
			return nil
		}
		var tied, others []runtime.URN
		for _, u := range c.URNs {
			supported := hasString(ch.Extra["schemes"], u.Scheme())
			if supported && (portableSchemes[u.Scheme()] || u.ChannelUUID() == "") {
				u = u.WithChannel(ch.Identity)
			}
			if u.ChannelUUID() == ch.Identity {
				tied = append(tied, u)
			} else {
				others = append(others, u)
			}
		}
		urns = append(tied, others...)
	}
	if slices.Equal(urns, c.URNs) {
		return nil
	}
	c.URNs = urns
	log(runtime.NewContactURNsChanged(append([]runtime.URN(nil), urns...)))
	run.ContactChanged(log)
	return nil
}

// portableSchemes are the URN schemes not bound to one channel: any channel of the scheme can
// take them over.
var portableSchemes = map[string]bool{"tel": true, "whatsapp": true}
