package actions

import (
	"github.com/flowctl/flowctl/flows"
)

// TypeSetContactLanguage is the type name of the set_contact_language action.
const TypeSetContactLanguage = "set_contact_language"

func init() {
	RegisterType(TypeSetContactLanguage, func() flows.Action { return &SetContactLanguage{base: newBase(TypeSetContactLanguage)} })
}

// SetContactLanguage sets the contact's language to the evaluated ISO 639-3 code (empty clears it).
type SetContactLanguage struct {
	base
	Language string `json:"language" flow:"template"`
}

// AllowedFlowTypes lists the flow types set_contact_language may appear in.
func (a *SetContactLanguage) AllowedFlowTypes() []flows.FlowType { return flows.AllFlowTypes }
