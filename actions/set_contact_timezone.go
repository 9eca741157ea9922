package actions

import (
	"github.com/flowctl/flowctl/flows"
)

// TypeSetContactTimezone is the type name of the set_contact_timezone action.
const TypeSetContactTimezone = "set_contact_timezone"

func init() {
	RegisterType(TypeSetContactTimezone, func() flows.Action { return &SetContactTimezone{base: newBase(TypeSetContactTimezone)} })
}

// SetContactTimezone sets the contact's timezone to the evaluated IANA name (empty clears it).
type SetContactTimezone struct {
	base
	Timezone string `json:"timezone" flow:"template"`
}

// AllowedFlowTypes lists the flow types set_contact_timezone may appear in.
func (a *SetContactTimezone) AllowedFlowTypes() []flows.FlowType { return flows.AllFlowTypes }
