package actions

import (
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
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

// Execute ties the contact's first URN the channel can send on to it (and moves it first), or
// unties every URN when no channel is given.
func (a *SetContactChannel) Execute(run runtime.Run, log runtime.Logger) error {
	c := run.Contact()
	urns := append([]runtime.URN(nil), c.URNs...)
	if a.Channel == nil {
		for i, u := range urns {
			urns[i] = u.WithChannel("")
		}
	} else {
		ch := run.Assets().Get(flows.AssetChannel, a.Channel.UUID)
		if ch == nil {
			missingDependency(log, "channel", "uuid", a.Channel.UUID, a.Channel.Name)
			return nil
		}
		for i, u := range urns {
			if hasString(ch.Extra["schemes"], u.Scheme()) {
				tied := u.WithChannel(ch.Identity)
				urns = append([]runtime.URN{tied}, append(urns[:i:i], urns[i+1:]...)...)
				break
			}
		}
	}
	if equalURNs(urns, c.URNs) {
		return nil
	}
	c.URNs = urns
	log(runtime.NewContactURNsChanged(append([]runtime.URN(nil), urns...)))
	return nil
}

func equalURNs(a, b []runtime.URN) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
