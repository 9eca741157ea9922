package actions

import (
	"fmt"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
	"strings"
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
	Note       string          `json:"note,omitempty" validate:"max=10000" flow:"template"`
	Assignee   *flows.UserRef  `json:"assignee,omitempty"`
	ResultName string          `json:"result_name,omitempty"` // ignored, unchecked, as by the reference
}

// AllowedFlowTypes lists the flow types open_ticket may appear in.
func (a *OpenTicket) AllowedFlowTypes() []flows.FlowType { return flows.OnlineFlowTypes }

// ticketLocal is the run local open_ticket sets: the ticket's UUID, or "" when none was opened.
// Routers after it (spec 14.3 on) test it; result_name is ignored, as in the reference.
const ticketLocal = "_new_ticket"

// Execute opens a ticket for the contact, with its note, and puts its UUID in @locals._new_ticket.
// As in the reference, an assignee missing from the assets is reported but the ticket still
// opens, a topic missing from them is reported and opens nothing, and a contact who already has
// an open ticket gets no other: that is checked last, so the assignee, the note and the topic
// are evaluated and their errors logged all the same.
func (a *OpenTicket) Execute(run runtime.Run, log runtime.Logger) error {
	run.Locals()[ticketLocal] = ""
	var assignee *runtime.Ref
	if a.Assignee != nil {
		if a.Assignee.UUID != "" {
			if u := run.Assets().Get(flows.AssetUser, a.Assignee.UUID); u != nil {
				assignee = &runtime.Ref{UUID: u.Identity, Name: u.Name}
			} else {
				missingDependency(log, "user", "uuid", a.Assignee.UUID, a.Assignee.Name)
			}
		} else if a.Assignee.Email != "" {
			email, _ := run.EvaluateTemplate(a.Assignee.Email, log)
			var found *flows.Asset
			for _, u := range run.Assets().All(flows.AssetUser) {
				if e, _ := u.Extra["email"].(string); found == nil && (strings.EqualFold(e, email) || strings.EqualFold(u.Identity, email)) {
					found = u
				}
			}
			if found == nil {
				log(runtime.NewCodedError("user:missing", fmt.Sprintf("No such user with email '%s'", email), map[string]string{"email": email}))
			} else {
				// users are listed under their UUID and their email: the ticket names the UUID
				uuid, _ := found.Extra["uuid"].(string)
				if uuid == "" {
					uuid = found.Identity
				}
				assignee = &runtime.Ref{UUID: uuid, Name: found.Name}
			}
		}
	}
	// in the reference's order: the assignee, the note (trimmed), then the topic
	note, _ := run.EvaluateTemplate(a.Note, log)
	note = strings.TrimSpace(note)
	var topic *runtime.Ref
	if a.Topic != nil {
		t := run.Assets().Get(flows.AssetTopic, a.Topic.UUID)
		if t == nil {
			missingDependency(log, "topic", "uuid", a.Topic.UUID, a.Topic.Name)
			return nil
		} else {
			topic = &runtime.Ref{UUID: t.Identity, Name: t.Name}
		}
	}
	if len(run.Contact().Tickets) > 0 {
		return nil
	}
	if topic == nil {
		for _, t := range run.Assets().All(flows.AssetTopic) {
			if strings.EqualFold(t.Name, "General") {
				topic = &runtime.Ref{UUID: t.Identity, Name: t.Name}
			}
		}
	}
	t := runtime.Ticket{UUID: run.NewUUID(), Status: "open", Topic: topic, Assignee: assignee}
	log(runtime.NewTicketOpened(t))
	if note != "" {
		log(runtime.NewTicketNoteAdded(t.UUID, note))
	}
	c := run.Contact()
	tc := t
	c.Tickets = append(c.Tickets, &tc)
	run.ContactChanged(log)
	run.Locals()[ticketLocal] = t.UUID
	return nil
}
