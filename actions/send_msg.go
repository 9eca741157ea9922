package actions

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
	"golang.org/x/text/language"
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
	Attachments       []string           `json:"attachments,omitempty" validate:"max=10,dive,max=8192,attachment" flow:"template,localized"`
	QuickReplies      []string           `json:"quick_replies,omitempty" validate:"max=10,dive,max=1000" flow:"template,localized"`
	Template          *flows.TemplateRef `json:"template,omitempty"`
	TemplateVariables []string           `json:"template_variables,omitempty" validate:"max=100,dive,max=10000" flow:"template,localized"`
	// Topic is read but neither checked nor used: the reference no longer reads it.
	Topic string `json:"topic,omitempty"`
	// AllURNs was dropped in spec 14.4 and the reference reads no flow's any more, whatever it
	// holds (the 14.4 migration deletes it); it is kept as written.
	AllURNs json.RawMessage `json:"all_urns,omitempty"`
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
	// the variables are evaluated for a template the assets have, even when the message has
	// no channel or the template no translation for it; they are used only with a channel
	if a.Template != nil && run.Assets().Get(flows.AssetTemplate, a.Template.UUID) != nil {
		// as written: the reference doesn't take the variables from the flow's translations
		values := evalList(run, a.TemplateVariables, log)
		if msg.Channel != nil {
			applyTemplate(run, a.Template, values, &msg)
		}
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

// applyTemplate replaces a message's content by the translation of a template for its channel
// (see templateTranslation).
func applyTemplate(run runtime.Run, ref *flows.TemplateRef, values []string, msg *runtime.MsgOut) {
	tpl := run.Assets().Get(flows.AssetTemplate, ref.UUID)
	if tpl == nil {
		return
	}
	tr := templateTranslation(run, tpl, msg.Channel.UUID)
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
	// the message is the template's preview alone: the action's own attachments and quick
	// replies aren't sent with it, as in the reference
	var texts, attachments []string
	var replies []runtime.QuickReply
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
		// text variables fill their placeholders; a media variable holding a valid attachment
		// is sent as one, whatever component it belongs to
		rendered := content
		keys := slices.Sorted(maps.Keys(vm))
		for _, k := range keys {
			idx := vm[k]
			if idx >= len(vars) {
				continue
			}
			switch v := vars[idx]; v.Type {
			case "text":
				rendered = strings.ReplaceAll(rendered, "{{"+k+"}}", v.Value)
			case "image", "video", "document":
				if validAttachment(v.Value) {
					attachments = append(attachments, v.Value)
				}
			}
		}
		if rendered == "" {
			continue
		}
		switch {
		case typ == "header/text" || typ == "body/text" || typ == "footer/text":
			texts = append(texts, rendered)
		case strings.HasPrefix(typ, "button/"):
			replies = append(replies, runtime.QuickReply{Text: runtime.Ellipsize(rendered, MaxQuickReplyText), Type: "text"})
		}
	}
	msg.Text = strings.Join(texts, "\n\n")
	msg.Attachments = attachments
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

// templateTranslation picks the translation of a template a message on a channel is sent with,
// as the reference does: among the channel's translations, the best BCP 47 match for the
// contact's locale (its language when the environment allows it, else the environment's
// default language; the country of the run), then the environment's default locale; when
// nothing matches, the channel's first translation. Matching follows CLDR, so Kinyarwanda
// falls back to French and Portuguese without a country prefers Brazil's.
func templateTranslation(run runtime.Run, tpl *flows.Asset, channel string) map[string]any {
	trs, _ := tpl.Extra["translations"].([]any)
	var cands []map[string]any
	var tags []language.Tag
	for _, t := range trs {
		tr, _ := t.(map[string]any)
		ch, _ := tr["channel"].(map[string]any)
		if ch == nil || ch["uuid"] != channel {
			continue
		}
		loc, _ := tr["locale"].(string)
		cands = append(cands, tr)
		tags = append(tags, bcp47(loc))
	}
	if len(cands) == 0 {
		return nil
	}
	env := run.Env()
	envLang := ""
	if len(env.AllowedLanguages) > 0 {
		envLang = env.AllowedLanguages[0]
	}
	contactLang := envLang
	if c := run.Contact(); c != nil && c.Language != "" && slices.Contains(env.AllowedLanguages, c.Language) {
		contactLang = c.Language
	}
	country := runtime.RunCountry(run.Contact(), run.Assets(), env.DefaultCountry)
	_, i, _ := language.NewMatcher(tags).Match(bcp47(joinLocale(contactLang, country)), bcp47(joinLocale(envLang, env.DefaultCountry)))
	return cands[i]
}

// joinLocale is a goflow locale: the language and the country ("eng-US"), the language alone
// without a country, nothing without a language.
func joinLocale(lang, country string) string {
	if lang == "" || country == "" {
		return lang
	}
	return lang + "-" + country
}

// bcp47 reads a goflow locale as a language tag; no locale, or one that isn't a tag, is
// undetermined.
func bcp47(locale string) language.Tag {
	t, err := language.Parse(locale)
	if err != nil {
		return language.Und
	}
	return t
}
