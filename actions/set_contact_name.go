package actions

import (
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
	"strings"
)

// TypeSetContactName is the type name of the set_contact_name action.
const TypeSetContactName = "set_contact_name"

func init() {
	RegisterType(TypeSetContactName, func() flows.Action { return &SetContactName{base: newBase(TypeSetContactName)} })
}

// SetContactName sets the contact's name to the evaluated template.
type SetContactName struct {
	base
	Name string `json:"name" validate:"max=1000" flow:"template"`
}

// AllowedFlowTypes lists the flow types set_contact_name may appear in.
func (a *SetContactName) AllowedFlowTypes() []flows.FlowType { return flows.AllFlowTypes }

// Execute changes the contact's name (cut to 128 characters).
func (a *SetContactName) Execute(run runtime.Run, log runtime.Logger) error {
	name, ok := run.EvaluateTemplate(a.Name, log)
	if !ok {
		return nil
	}
	name = truncate(strings.TrimSpace(name), MaxContactName)
	c := run.Contact()
	if c.Name == name {
		return nil
	}
	c.Name = name
	log(runtime.NewContactNameChanged(name))
	run.ContactChanged(log)
	return nil
}
