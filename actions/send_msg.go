package actions

import (
	"github.com/flowctl/flowctl/flows"
)

// TypeSendMsg is the type name of the send_msg action.
const TypeSendMsg = "send_msg"

func init() {
	RegisterType(TypeSendMsg, func() flows.Action { return &SendMsg{base: newBase(TypeSendMsg)} })
}

// SendMsg replies to the contact. With a WhatsApp-style template, channels that support it send
// the template filled with TemplateVariables instead of Text.
type SendMsg struct {
	base
	Text              string             `json:"text" validate:"required,max=10000" flow:"template,localized"`
	Attachments       []string           `json:"attachments,omitempty" validate:"max=10,dive,max=2048" flow:"template,localized"`
	QuickReplies      []string           `json:"quick_replies,omitempty" validate:"max=10,dive,max=1000" flow:"template,localized"`
	Template          *flows.TemplateRef `json:"template,omitempty"`
	TemplateVariables []string           `json:"template_variables,omitempty" flow:"template,localized"`
	Topic             string             `json:"topic,omitempty" validate:"omitempty,msg_topic"`
	// AllURNs was dropped in spec 14.4; it is still read so that older flows keep their meaning.
	AllURNs bool `json:"all_urns,omitempty"`
}

// AllowedFlowTypes lists the flow types send_msg may appear in.
func (a *SendMsg) AllowedFlowTypes() []flows.FlowType { return flows.AllFlowTypes }
