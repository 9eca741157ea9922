package actions

import (
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
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

// Execute changes the contact's status. A contact that isn't active leaves all its groups: the
// engine's re-evaluation after the change takes care of that.
func (a *SetContactStatus) Execute(run runtime.Run, log runtime.Logger) error {
	c := run.Contact()
	if c.Status == a.Status {
		return nil
	}
	c.Status = a.Status
	log(runtime.NewContactStatusChanged(a.Status))
	run.ContactChanged(log)
	return nil
}
