package actions

import (
	"github.com/flowctl/flowctl/flows"
)

// TypeSetContactStatus is the type name of the set_contact_status action.
const TypeSetContactStatus = "set_contact_status"

func init() {
	RegisterType(TypeSetContactStatus, func() flows.Action { return &SetContactStatus{base: newBase(TypeSetContactStatus)} })
}

// SetContactStatus sets the contact's status (active, blocked, stopped or archived).
type SetContactStatus struct {
	base
	Status string `json:"status" validate:"required,contact_status"`
}

// AllowedFlowTypes lists the flow types set_contact_status may appear in.
func (a *SetContactStatus) AllowedFlowTypes() []flows.FlowType { return flows.AllFlowTypes }
