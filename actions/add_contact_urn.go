package actions

import (
	"github.com/flowctl/flowctl/flows"
)

// TypeAddContactURN is the type name of the add_contact_urn action.
const TypeAddContactURN = "add_contact_urn"

func init() {
	RegisterType(TypeAddContactURN, func() flows.Action { return &AddContactURN{base: newBase(TypeAddContactURN)} })
}

// AddContactURN gives the contact a new URN (phone number, handle, ...) built from a scheme and a
// path template.
type AddContactURN struct {
	base
	Scheme string `json:"scheme" validate:"required,urn_scheme"`
	Path   string `json:"path" validate:"required" flow:"template"`
}

// AllowedFlowTypes lists the flow types add_contact_urn may appear in.
func (a *AddContactURN) AllowedFlowTypes() []flows.FlowType { return flows.AllFlowTypes }
