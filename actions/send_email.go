package actions

import (
	"github.com/flowctl/flowctl/flows"
)

// TypeSendEmail is the type name of the send_email action.
const TypeSendEmail = "send_email"

func init() {
	RegisterType(TypeSendEmail, func() flows.Action { return &SendEmail{base: newBase(TypeSendEmail)} })
}

// SendEmail sends an email to one or more addresses, all templates.
type SendEmail struct {
	base
	Addresses []string `json:"addresses" validate:"required,min=1,dive,required" flow:"template"`
	Subject   string   `json:"subject" validate:"required,max=1000" flow:"template,localized"`
	Body      string   `json:"body,omitempty" validate:"max=10000" flow:"template,localized"`
}

// AllowedFlowTypes lists the flow types send_email may appear in.
func (a *SendEmail) AllowedFlowTypes() []flows.FlowType { return flows.OnlineFlowTypes }
