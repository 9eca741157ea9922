package actions

import (
	"maps"
	"slices"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
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
	Attachments       []string            `json:"attachments,omitempty" validate:"max=10,dive,max=8192,attachment" flow:"template,localized"`
	QuickReplies      []string            `json:"quick_replies,omitempty" validate:"max=10,dive,max=1000" flow:"template,localized"`
	Template          *flows.TemplateRef  `json:"template,omitempty"`
	TemplateVariables []string            `json:"template_variables,omitempty" validate:"max=100,dive,max=10000" flow:"template,localized"`
	URNs              []string            `json:"urns,omitempty" validate:"max=100"`
	Groups            []*flows.GroupRef   `json:"groups,omitempty" validate:"max=100,dive,required"`
	Contacts          []*flows.ContactRef `json:"contacts,omitempty" validate:"max=100,dive,required"`
	ContactQuery      string              `json:"contact_query,omitempty" validate:"max=10000" flow:"template"`
	LegacyVars        []string            `json:"legacy_vars,omitempty" validate:"max=100,dive,max=1000" flow:"template"`
}

// AllowedFlowTypes lists the flow types send_broadcast may appear in.
func (a *SendBroadcast) AllowedFlowTypes() []flows.FlowType { return flows.OnlineFlowTypes }

// Execute sends a message to other contacts: the text in every language the flow translates it
// to, for the broadcast's recipients. Without recipients it logs no broadcast, but still
// evaluates the text in each language first, logging their errors, as the reference does.
func (a *SendBroadcast) Execute(run runtime.Run, log runtime.Logger) error {
	r := resolveRecipients(run, a.URNs, a.Groups, a.Contacts, a.ContactQuery, a.LegacyVars, log)
	base := run.Flow().Language
	if base == "" || base == "base" {
		base = "und"
	}
	ev := runtime.NewBroadcastCreated()
	ev.BaseLanguage = base
	ev.Translations = map[string]*runtime.BroadcastTranslation{}
	// the base language, then every language the flow has translations in, each evaluated (as
	// in the reference, a localization of the base language itself is evaluated again, logging
	// its errors twice); in byte order, where the reference takes its map's order
	langs := append([]string{base}, slices.Sorted(maps.Keys(run.Flow().Localization))...)
	for _, l := range langs {
		pick := func(prop string, native []string) []string {
			if tr := run.Flow().Localization.Translation(l, a.UUID(), prop); tr != nil && l != base {
				return tr
			}
			return native
		}
		text := pick("text", []string{a.Text})
		t := &runtime.BroadcastTranslation{}
		if len(text) > 0 {
			t.Text, _ = run.EvaluateTemplate(text[0], log)
		}
		t.Attachments = evalAttachments(run, pick("attachments", a.Attachments), log)
		t.QuickReplies = evalQuickReplies(run, pick("quick_replies", a.QuickReplies), log)
		ev.Translations[l] = t
	}
	if r.empty() {
		return nil
	}
	if a.Template != nil {
		if tpl := run.Assets().Get(flows.AssetTemplate, a.Template.UUID); tpl != nil {
			ev.Template = &runtime.Ref{UUID: tpl.Identity, Name: tpl.Name}
			ev.TemplateVariables = evalList(run, a.TemplateVariables, log)
		}
	}
	ev.Groups, ev.Contacts, ev.ContactQuery, ev.URNs = r.groups, r.contacts, r.query, r.urns
	log(ev)
	return nil
}
