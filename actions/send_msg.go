package actions

import (
	"encoding/json"
	"fmt"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
	"strings"
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
	// Topic is read and checked, but the reference no longer puts it in msg_created.
	Topic string `json:"topic,omitempty" validate:"omitempty,msg_topic"`
	// AllURNs was dropped in spec 14.4; it is still read so that older flows keep their meaning.
	AllURNs bool `json:"all_urns,omitempty"`
}

// AllowedFlowTypes lists the flow types send_msg may appear in.
func (a *SendMsg) AllowedFlowTypes() []flows.FlowType { return flows.AllFlowTypes }

// Execute sends the message (in the contact's language when the flow translates it). With a
// template the channel has a translation of, the template's text and variables are sent.
func (a *SendMsg) Execute(run runtime.Run, log runtime.Logger) error {
	textTpl, lang := localizedOne(run, a, "text", a.Text)
	atts, _ := localized(run, a, "attachments", a.Attachments)
	qrs, _ := localized(run, a, "quick_replies", a.QuickReplies)
	text, _ := run.EvaluateTemplate(textTpl, log)
	attachments := evalAttachments(run, atts, log)
	replies := evalQuickReplies(run, qrs, log)
	// the reference sends the text as it evaluates, surrounding whitespace included
	msg := newMsgOut(run, text, attachments, replies, lang)
	// a contact who can't be messaged still gets the message created, marked unsendable, as
	// in the reference; without a route that is the reason, whatever the contact's status
	if reason := statusUnsendable[run.Contact().Status]; reason != "" && msg.UnsendableReason == "" {
		msg.UnsendableReason = reason
	}
	if a.Template != nil && msg.Channel != nil {
		vars, _ := localized(run, a, "template_variables", a.TemplateVariables)
		applyTemplate(run, a.Template, evalList(run, vars, log), &msg, run.Language())
	}
	log(runtime.NewMsgCreated(msg))
	return nil
}

// statusUnsendable is why a message can't go to a contact of each status.
var statusUnsendable = map[string]string{
	runtime.StatusBlocked:  "contact_blocked",
	runtime.StatusStopped:  "contact_stopped",
	runtime.StatusArchived: "contact_archived",
}

// applyTemplate replaces a message's content by the translation of a template for its channel,
// in the message's language or else the environment's default language.
func applyTemplate(run runtime.Run, ref *flows.TemplateRef, values []string, msg *runtime.MsgOut, lang string) {
	tpl := run.Assets().Get(flows.AssetTemplate, ref.UUID)
	if tpl == nil {
		return
	}
	trs, _ := tpl.Extra["translations"].([]any)
	find := func(l string) map[string]any {
		for _, t := range trs {
			tr, _ := t.(map[string]any)
			ch, _ := tr["channel"].(map[string]any)
			loc, _ := tr["locale"].(string)
			if ch == nil || ch["uuid"] != msg.Channel.UUID {
				continue
			}
			if loc == l || strings.HasPrefix(loc, l+"-") {
				return tr
			}
		}
		return nil
	}
	tr := find(lang)
	if allowed := run.Env().AllowedLanguages; tr == nil && len(allowed) > 0 {
		// the environment's own default language, not the contact's
		tr = find(allowed[0])
	}
	if tr == nil {
		return
	}
	locale, _ := tr["locale"].(string)
	varTypes, _ := tr["variables"].([]any)
	type variable struct {
		Type  string `json:"type"`
		Value string `json:"value"`
	}
	vars := make([]variable, 0, len(varTypes))
	for i, vt := range varTypes {
		m, _ := vt.(map[string]any)
		t, _ := m["type"].(string)
		v := ""
		if i < len(values) {
			v = values[i]
		}
		vars = append(vars, variable{Type: t, Value: v})
	}
	type component struct {
		Name      string         `json:"name"`
		Type      string         `json:"type"`
		Variables map[string]int `json:"variables"`
	}
	var comps []component
	var texts, attachments []string
	replies := append([]runtime.QuickReply(nil), msg.QuickReplies...)
	comList, _ := tr["components"].([]any)
	for _, c := range comList {
		m, _ := c.(map[string]any)
		name, _ := m["name"].(string)
		typ, _ := m["type"].(string)
		content, _ := m["content"].(string)
		vm := map[string]int{}
		if raw, ok := m["variables"].(map[string]any); ok {
			for k, v := range raw {
				if n, ok := v.(float64); ok {
					vm[k] = int(n)
				}
			}
		}
		if len(vm) > 0 {
			comps = append(comps, component{Name: name, Type: typ, Variables: vm})
		}
		rendered := content
		for k, idx := range vm {
			val := ""
			if idx < len(vars) {
				val = vars[idx].Value
			}
			rendered = strings.ReplaceAll(rendered, "{{"+k+"}}", val)
		}
		switch {
		case strings.HasSuffix(typ, "/media"):
			for _, idx := range vm {
				if idx < len(vars) && vars[idx].Value != "" {
					attachments = append(attachments, vars[idx].Value)
				}
			}
		case strings.HasPrefix(typ, "button/quick_reply"):
			var n int
			if _, err := fmt.Sscanf(name, "button.%d", &n); err == nil && n < len(replies) {
				replies[n].Text = rendered
			}
		case strings.HasPrefix(typ, "button/"):
		default:
			if rendered != "" {
				texts = append(texts, rendered)
			}
		}
	}
	msg.Text = strings.Join(texts, "\n\n")
	if len(attachments) > 0 {
		msg.Attachments = attachments
	}
	msg.QuickReplies = replies
	msg.Locale = locale
	templating := map[string]any{"template": runtime.Ref{UUID: tpl.Identity, Name: tpl.Name}}
	if len(comps) > 0 {
		templating["components"] = comps
	}
	if len(vars) > 0 {
		templating["variables"] = vars
	}
	msg.Templating, _ = json.Marshal(templating)
}
