package actions

import (
	"errors"
	"github.com/flowctl/flowctl/flows"
)

// TypeRemoveContactGroups is the type name of the remove_contact_groups action.
const TypeRemoveContactGroups = "remove_contact_groups"

func init() {
	RegisterType(TypeRemoveContactGroups, func() flows.Action { return &RemoveContactGroups{base: newBase(TypeRemoveContactGroups)} })
}

// RemoveContactGroups removes the contact from the listed groups, or from every static group when
// AllGroups is set.
type RemoveContactGroups struct {
	base
	Groups    []*flows.GroupRef `json:"groups,omitempty" validate:"dive,required"`
	AllGroups bool              `json:"all_groups,omitempty"`
}

// AllowedFlowTypes lists the flow types remove_contact_groups may appear in.
func (a *RemoveContactGroups) AllowedFlowTypes() []flows.FlowType { return flows.AllFlowTypes }

// Validate refuses a list of groups alongside all_groups, which would make the list meaningless.
func (a *RemoveContactGroups) Validate() error {
	if a.AllGroups && len(a.Groups) > 0 {
		return errors.New("can't specify specific groups when all_groups=true")
	}
	return nil
}
