package actions

import (
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
	"strings"
)

// TypeSendEmail is the type name of the send_email action.
const TypeSendEmail = "send_email"

func init() {
	RegisterType(TypeSendEmail, func() flows.Action { return &SendEmail{base: newBase(TypeSendEmail)} })
}

// SendEmail sends an email to one or more addresses, all templates.
type SendEmail struct {
	base
	Addresses []string `json:"addresses" validate:"required,min=1,dive,max=1000" flow:"template"`
	Subject   string   `json:"subject" validate:"required,max=1000" flow:"template,localized"`
	Body      string   `json:"body" validate:"required,max=10000" flow:"template,localized"`
}

// AllowedFlowTypes lists the flow types send_email may appear in.
func (a *SendEmail) AllowedFlowTypes() []flows.FlowType { return flows.OnlineFlowTypes }

// Execute sends an email to the addresses that evaluate to something. As in the reference, the
// subject is evaluated first, then the body (either coming out empty ends the action, before the
// addresses are evaluated), then the addresses.
func (a *SendEmail) Execute(run runtime.Run, log runtime.Logger) error {
	subjectTpl, _ := localizedOne(run, a, "subject", a.Subject)
	subject, _ := run.EvaluateTemplate(subjectTpl, log)
	// a subject is one line: runs of whitespace (line breaks included) become one space
	subject = strings.Join(strings.Fields(subject), " ")
	if subject == "" {
		errorf(log, "Email subject evaluated to empty string, skipping")
		return nil
	}
	bodyTpl, _ := localizedOne(run, a, "body", a.Body)
	body, _ := run.EvaluateTemplate(bodyTpl, log)
	if body == "" { // white space is a body, unlike in the subject
		errorf(log, "Email body evaluated to empty string, skipping")
		return nil
	}
	var to []string
	for _, t := range a.Addresses {
		addr, _ := run.EvaluateTemplate(t, log)
		// only an address that evaluates to nothing is skipped; the reference keeps spaces and
		// takes a mailto: prefix off after that check
		if addr == "" {
			errorf(log, "Email address evaluated to empty string, skipping")
			continue
		}
		to = append(to, strings.TrimPrefix(addr, "mailto:"))
	}
	if len(to) == 0 {
		return nil
	}
	log(runtime.NewEmailSent(to, subject, body))
	return nil
}
