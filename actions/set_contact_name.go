package actions

import (
	"github.com/flowctl/flowctl/flows"
)

// TypeSetContactName is the type name of the set_contact_name action.
const TypeSetContactName = "set_contact_name"

func init() {
	RegisterType(TypeSetContactName, func() flows.Action { return &SetContactName{base: newBase(TypeSetContactName)} })
}

// SetContactName sets the contact's name to the evaluated template.
type SetContactName struct {
	base
	Name string `json:"name" flow:"template"`
}

// AllowedFlowTypes lists the flow types set_contact_name may appear in.
func (a *SetContactName) AllowedFlowTypes() []flows.FlowType { return flows.AllFlowTypes }
