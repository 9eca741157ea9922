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

// Execute changes the contact's name (cut to 128 characters) when it differs from the new one.
func (a *SetContactName) Execute(run runtime.Run, log runtime.Logger) error {
	name, ok := run.EvaluateTemplate(a.Name, log)
	if !ok {
		return nil
	}
	name = strings.TrimSpace(name)
	c := run.Contact()
	// the reference compares the name before cutting it: a name too long to keep changes the
	// contact (and is logged) every time, even when its first characters are the contact's name
	if c.Name == name {
		return nil
	}
	name = truncate(name, MaxContactName)
	c.Name = name
	log(runtime.NewContactNameChanged(name))
	run.ContactChanged(log)
	return nil
}
