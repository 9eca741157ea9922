package actions

import (
	"encoding/json"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
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
	URNs          []string            `json:"urns,omitempty" validate:"max=100"`
	Groups        []*flows.GroupRef   `json:"groups,omitempty" validate:"max=100,dive,required"`
	Contacts      []*flows.ContactRef `json:"contacts,omitempty" validate:"max=100,dive,required"`
	ContactQuery  string              `json:"contact_query,omitempty" validate:"max=10000" flow:"template"`
	LegacyVars    []string            `json:"legacy_vars,omitempty" validate:"max=100,dive,max=1000" flow:"template"`
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

// Execute starts the flow for other contacts in new sessions, recording who and from where.
func (a *StartSession) Execute(run runtime.Run, log runtime.Logger) error {
	if a.Flow == nil {
		return nil
	}
	// as in the reference, the recipients are resolved (and their errors logged) before a flow
	// missing from the assets is reported, which it is even when there is no one to start
	r := resolveRecipients(run, a.URNs, a.Groups, a.Contacts, a.ContactQuery, a.LegacyVars, log)
	var flow *flows.Flow
	for _, f := range run.Assets().Flows {
		if f != nil && f.UUID == a.Flow.UUID {
			flow = f
		}
	}
	if flow == nil {
		missingDependency(log, "flow", "uuid", a.Flow.UUID, a.Flow.Name)
		return nil
	}
	if r.empty() && !a.CreateContact {
		return nil
	}
	ev := runtime.NewSessionTriggered()
	ev.Flow = runtime.Ref{UUID: flow.UUID, Name: flow.Name}
	ev.Groups, ev.Contacts, ev.ContactQuery, ev.URNs = r.groups, r.contacts, r.query, r.urns
	ev.CreateContact = a.CreateContact
	excl := map[string]any{}
	if a.Exclusions != nil && a.Exclusions.InAFlow {
		excl["in_a_flow"] = true
	}
	ev.Exclusions, _ = json.Marshal(excl)
	sess := run.Session()
	ev.RunSummary = sess.RunSummary(run)
	// a session that handled a message from the contact (in any of its runs, at any time before
	// now: a reply followed by a timeout still counts) resets the count since input, which is how
	// the platform stops sessions from triggering each other forever
	ancestors, sinceInput := sess.History()
	if sess.ReceivedInput() {
		sinceInput = 0
	} else {
		sinceInput++
	}
	ev.History, _ = json.Marshal(map[string]any{
		"parent_uuid":           sess.SessionUUID(),
		"ancestors":             ancestors + 1,
		"ancestors_since_input": sinceInput,
	})
	log(ev)
	return nil
}
