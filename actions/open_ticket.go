package actions

import (
	"github.com/flowctl/flowctl/flows"
)

// TypeOpenTicket is the type name of the open_ticket action.
const TypeOpenTicket = "open_ticket"

func init() {
	RegisterType(TypeOpenTicket, func() flows.Action { return &OpenTicket{base: newBase(TypeOpenTicket)} })
}

// OpenTicket opens a ticket for the contact, optionally on a topic and assigned to a user. Before
// spec 14.2 the note was called body; the reader migrates it.
type OpenTicket struct {
	base
	Topic      *flows.TopicRef `json:"topic,omitempty"`
	Note       string          `json:"note,omitempty" flow:"template"`
	Assignee   *flows.UserRef  `json:"assignee,omitempty"`
	ResultName string          `json:"result_name,omitempty" validate:"omitempty,result_name"`
}

// AllowedFlowTypes lists the flow types open_ticket may appear in.
func (a *OpenTicket) AllowedFlowTypes() []flows.FlowType { return flows.OnlineFlowTypes }
