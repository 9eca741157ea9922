package actions

import (
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
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
	Groups []*flows.GroupRef `json:"groups" validate:"required,max=100,dive,required"`
}

// AllowedFlowTypes lists the flow types add_contact_groups may appear in.
func (a *AddContactGroups) AllowedFlowTypes() []flows.FlowType { return flows.AllFlowTypes }

// Execute adds the contact to each group it isn't in yet: every reference is resolved first
// (missing groups logged), then a blocked or stopped contact is refused, then query-based
// groups are refused one by one.
func (a *AddContactGroups) Execute(run runtime.Run, log runtime.Logger) error {
	c := run.Contact()
	groups := resolveGroups(run, a.Groups, log)
	if !canChangeGroups(c, log) {
		return nil
	}
	var added []runtime.Ref
	for _, g := range groups {
		if isQueryGroup(g) {
			errorf(log, "Can't add contacts to the query based group '%s'", g.Name)
			continue
		}
		if c.InGroup(g.Identity) {
			continue
		}
		r := runtime.Ref{UUID: g.Identity, Name: g.Name}
		c.Groups = append(c.Groups, r)
		added = append(added, r)
	}
	logGroupsChanged(log, added, nil)
	if len(added) > 0 {
		run.ContactChanged(log)
	}
	return nil
}
