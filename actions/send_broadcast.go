package actions

import (
	"github.com/flowctl/flowctl/flows"
)

// TypeSendBroadcast is the type name of the send_broadcast action.
const TypeSendBroadcast = "send_broadcast"

func init() {
	RegisterType(TypeSendBroadcast, func() flows.Action { return &SendBroadcast{base: newBase(TypeSendBroadcast)} })
}

// SendBroadcast sends a message to other contacts: URNs, groups, contacts or the result of a
// contact query.
type SendBroadcast struct {
	base
	Text              string              `json:"text" validate:"required,max=10000" flow:"template,localized"`
	Attachments       []string            `json:"attachments,omitempty" validate:"max=10,dive,max=2048" flow:"template,localized"`
	QuickReplies      []string            `json:"quick_replies,omitempty" validate:"max=10,dive,max=1000" flow:"template,localized"`
	Template          *flows.TemplateRef  `json:"template,omitempty"`
	TemplateVariables []string            `json:"template_variables,omitempty" flow:"template,localized"`
	URNs              []string            `json:"urns,omitempty"`
	Groups            []*flows.GroupRef   `json:"groups,omitempty" validate:"dive,required"`
	Contacts          []*flows.ContactRef `json:"contacts,omitempty" validate:"dive,required"`
	ContactQuery      string              `json:"contact_query,omitempty" flow:"template"`
	LegacyVars        []string            `json:"legacy_vars,omitempty" flow:"template"`
}

// AllowedFlowTypes lists the flow types send_broadcast may appear in.
func (a *SendBroadcast) AllowedFlowTypes() []flows.FlowType { return flows.OnlineFlowTypes }
