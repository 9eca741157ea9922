package actions

import (
	"github.com/flowctl/flowctl/flows"
)

// TypeSetContactField is the type name of the set_contact_field action.
const TypeSetContactField = "set_contact_field"

func init() {
	RegisterType(TypeSetContactField, func() flows.Action { return &SetContactField{base: newBase(TypeSetContactField)} })
}

// SetContactField sets a contact field to the evaluated value; an empty value clears it.
type SetContactField struct {
	base
	Field *flows.FieldRef `json:"field" validate:"required"`
	Value string          `json:"value" flow:"template"`
}

// AllowedFlowTypes lists the flow types set_contact_field may appear in.
func (a *SetContactField) AllowedFlowTypes() []flows.FlowType { return flows.AllFlowTypes }
