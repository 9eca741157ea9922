package actions

import (
	"github.com/flowctl/flowctl/flows"
)

// TypeAddContactGroups is the type name of the add_contact_groups action.
const TypeAddContactGroups = "add_contact_groups"

func init() {
	RegisterType(TypeAddContactGroups, func() flows.Action { return &AddContactGroups{base: newBase(TypeAddContactGroups)} })
}

// AddContactGroups adds the contact to static groups, named by UUID or by a name template matched at
// run time. Adding to a smart (query) group is refused by the engine, not here: the reader can't know.
type AddContactGroups struct {
	base
	Groups []*flows.GroupRef `json:"groups" validate:"required,min=1,dive,required"`
}

// AllowedFlowTypes lists the flow types add_contact_groups may appear in.
func (a *AddContactGroups) AllowedFlowTypes() []flows.FlowType { return flows.AllFlowTypes }
