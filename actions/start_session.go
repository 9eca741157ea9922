package actions

import (
	"github.com/flowctl/flowctl/flows"
)

// TypeStartSession is the type name of the start_session action.
const TypeStartSession = "start_session"

func init() {
	RegisterType(TypeStartSession, func() flows.Action { return &StartSession{base: newBase(TypeStartSession)} })
}

// StartSession starts other contacts (URNs, groups, contacts or a contact query) in a flow, each in
// a new session. CreateContact starts a new contact when none is given.
type StartSession struct {
	base
	Flow          *flows.FlowRef      `json:"flow" validate:"required"`
	URNs          []string            `json:"urns,omitempty"`
	Groups        []*flows.GroupRef   `json:"groups,omitempty" validate:"dive,required"`
	Contacts      []*flows.ContactRef `json:"contacts,omitempty" validate:"dive,required"`
	ContactQuery  string              `json:"contact_query,omitempty" flow:"template"`
	LegacyVars    []string            `json:"legacy_vars,omitempty" flow:"template"`
	CreateContact bool                `json:"create_contact,omitempty"`
	Exclusions    *StartExclusions    `json:"exclusions,omitempty"`
}

// AllowedFlowTypes lists the flow types start_session may appear in.
func (a *StartSession) AllowedFlowTypes() []flows.FlowType { return flows.OnlineFlowTypes }

// StartExclusions says which of the selected contacts are left out of a start.
type StartExclusions struct {
	// InAFlow leaves out contacts who are waiting in some flow.
	InAFlow bool `json:"in_a_flow,omitempty"`
}
