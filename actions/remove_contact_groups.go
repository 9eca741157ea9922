package actions

import (
	"errors"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
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

// Execute removes the contact from the groups named, or from every group it can leave. As for
// adding, references are resolved first and a blocked or stopped contact is then refused.
func (a *RemoveContactGroups) Execute(run runtime.Run, log runtime.Logger) error {
	c := run.Contact()
	remove := map[string]bool{}
	// named groups are reported in the action's order, as the reference does
	var order []string
	var groups []*flows.Asset
	if !a.AllGroups {
		groups = resolveGroups(run, a.Groups, log)
	}
	if !canChangeGroups(c, log) {
		return nil
	}
	if a.AllGroups {
		// every group is left in the assets' order (groups the assets don't know last)
		for _, as := range run.Assets().All(flows.AssetGroup) {
			if !isQueryGroup(as) {
				order = append(order, as.Identity)
			}
		}
		for _, g := range c.Groups {
			if as := run.Assets().Get(flows.AssetGroup, g.UUID); as == nil || !isQueryGroup(as) {
				remove[g.UUID] = true
				if as == nil {
					order = append(order, g.UUID)
				}
			}
		}
	}
	for _, g := range groups {
		if isQueryGroup(g) {
			errorf(log, "Can't remove contacts from the query based group '%s'", g.Name)
			continue
		}
		if !remove[g.Identity] {
			order = append(order, g.Identity)
		}
		remove[g.Identity] = true
	}
	var kept, removed []runtime.Ref
	member := map[string]runtime.Ref{}
	for _, g := range c.Groups {
		if remove[g.UUID] {
			removed = append(removed, g)
			member[g.UUID] = g
		} else {
			kept = append(kept, g)
		}
	}
	removed = removed[:0]
	for _, id := range order {
		if g, ok := member[id]; ok {
			removed = append(removed, g)
			delete(member, id)
		}
	}
	c.Groups = kept
	logGroupsChanged(log, nil, removed)
	if len(removed) > 0 {
		run.ContactChanged(log)
	}
	return nil
}
