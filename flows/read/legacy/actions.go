package legacy

import (
	"strconv"
	"strings"
)

// actionSet migrates an action set to a node with its actions and one exit, which keeps the
// legacy exit_uuid (run paths recorded by RapidPro name it).
func (mg *migrator) actionSet(s map[string]any) (map[string]any, Origins) {
	node := map[string]any{"uuid": str(s["uuid"])}
	origins := Origins{"": "", "/exits/0": "/exit_uuid"}
	var acts []any
	mg.push("actions")
	for i, a := range mg.objects(s, "actions") {
		if a == nil {
			continue
		}
		mg.pushIndex(i)
		if m := mg.action(a); m != nil {
			origins["/actions/"+strconv.Itoa(len(acts))] = "/actions/" + strconv.Itoa(i)
			acts = append(acts, m)
		}
		mg.pop()
	}
	mg.pop()
	if len(acts) > 0 {
		node["actions"] = acts
	}
	node["exits"] = []any{mg.exit(str(s["exit_uuid"]), s["destination"])}
	return node, origins
}

// exit is an exit to dest, left without a destination when dest is no node of the flow (as the
// reference does with dangling legacy destinations).
func (mg *migrator) exit(uuid string, dest any) map[string]any {
	e := map[string]any{"uuid": uuid}
	if d := str(dest); d != "" && mg.dests[d] {
		e["destination_uuid"] = d
	}
	return e
}

// action migrates one legacy action; nil (and a problem) when its type has no counterpart.
func (mg *migrator) action(a map[string]any) map[string]any {
	uuid := str(a["uuid"])
	typ := str(a["type"])
	out := map[string]any{"uuid": uuid}
	switch typ {
	case "reply", "send":
		out["text"] = mg.translate(a["msg"], uuid, "text", migrateOptions{})
		if att := mg.translate(mg.media(a["media"]), uuid, "attachments", migrateOptions{}); att != "" {
			out["attachments"] = []any{att}
		}
		if qr := mg.quickReplies(a["quick_replies"], uuid); len(qr) > 0 {
			out["quick_replies"] = qr
		}
		if typ == "reply" {
			out["type"] = "send_msg"
			if b, _ := a["send_all"].(bool); b {
				out["all_urns"] = true
			}
			return out
		}
		out["type"] = "send_broadcast"
		mg.recipients(a, out, false)
	case "say":
		out["type"] = "say_msg"
		out["text"] = mg.translate(a["msg"], uuid, "text", migrateOptions{})
		if audio := mg.translate(mg.recordings(a["recording"]), uuid, "audio_url", migrateOptions{}); audio != "" {
			out["audio_url"] = audio
		}
	case "play":
		out["type"] = "play_audio"
		out["audio_url"] = MigrateTemplate(str(a["url"]), migrateOptions{})
	case "email":
		out["type"] = "send_email"
		var addrs []any
		if arr, ok := a["emails"].([]any); ok {
			for _, e := range arr {
				addrs = append(addrs, MigrateTemplate(str(e), migrateOptions{}))
			}
		}
		out["addresses"] = addrs
		out["subject"] = MigrateTemplate(str(a["subject"]), migrateOptions{})
		out["body"] = MigrateTemplate(mg.baseText(a["msg"]), migrateOptions{})
	case "add_group":
		out["type"] = "add_contact_groups"
		out["groups"] = refs(a["groups"])
	case "del_group":
		out["type"] = "remove_contact_groups"
		if g := refs(a["groups"]); len(g) > 0 {
			out["groups"] = g
		} else {
			out["all_groups"] = true
		}
	case "add_label":
		out["type"] = "add_input_labels"
		out["labels"] = refs(a["labels"])
	case "lang":
		out["type"] = "set_contact_language"
		out["language"] = str(a["lang"])
	case "channel":
		out["type"] = "set_contact_channel"
		out["channel"] = map[string]any{"uuid": str(a["channel"]), "name": str(a["name"])}
	case "flow":
		out["type"] = "enter_flow"
		out["flow"] = flowRef(a["flow"])
		// a legacy flow action ends the parent: the child takes over the contact
		out["terminal"] = true
	case "trigger-flow":
		out["type"] = "start_session"
		out["flow"] = flowRef(a["flow"])
		mg.recipients(a, out, true)
	case "save":
		return saveAction(a, out)
	default:
		if typ == "" {
			mg.problem("legacy action has no type: expected reply, send, email, add_group, del_group, add_label, save, lang, channel, flow, trigger-flow, say or play", "type")
		} else {
			mg.problem("legacy action type '"+typ+"' can't be migrated: expected reply, send, email, add_group, del_group, add_label, save, lang, channel, flow, trigger-flow, say or play", "type")
		}
		return nil
	}
	return out
}

// saveAction migrates save, which set a contact field, the name, or added a URN.
func saveAction(a, out map[string]any) map[string]any {
	field := str(a["field"])
	value := MigrateTemplate(str(a["value"]), migrateOptions{})
	switch {
	case field == "name" || field == "first_name":
		if field == "first_name" {
			// keep the other names: only the first word changes
			value = strings.TrimSpace(value) + " @(word_slice(contact.name, 1, -1))"
		}
		out["type"] = "set_contact_name"
		out["name"] = value
	case urnSchemes[field] || field == "tel_e164":
		scheme := field
		if field == "tel_e164" {
			scheme = "tel"
		}
		out["type"] = "add_contact_urn"
		out["scheme"] = scheme
		out["path"] = value
	default:
		out["type"] = "set_contact_field"
		out["field"] = map[string]any{"key": field, "name": str(a["label"])}
		out["value"] = value
	}
	return out
}

// recipients migrates the contacts, groups and variables of send and trigger-flow. A variable
// @new_contact (trigger-flow only) meant "create a contact".
func (mg *migrator) recipients(a, out map[string]any, session bool) {
	var contacts []any
	if arr, ok := a["contacts"].([]any); ok {
		for _, c := range arr {
			if c, ok := c.(map[string]any); ok {
				contacts = append(contacts, map[string]any{"uuid": str(c["uuid"]), "name": str(c["name"])})
			}
		}
	}
	if len(contacts) > 0 {
		out["contacts"] = contacts
	}
	if g := refs(a["groups"]); len(g) > 0 {
		out["groups"] = g
	}
	var vars []any
	if arr, ok := a["variables"].([]any); ok {
		for _, v := range arr {
			id := ""
			if v, ok := v.(map[string]any); ok {
				id = str(v["id"])
			}
			if session && id == "@new_contact" {
				out["create_contact"] = true
				continue
			}
			vars = append(vars, MigrateTemplate(id, migrateOptions{}))
		}
	}
	if len(vars) > 0 {
		out["legacy_vars"] = vars
	}
}

// quickReplies turns legacy quick replies, a list of translations, into a list in the base
// language and one list per other language; replies written as plain strings (under "base") are
// in no language a contact speaks, so a flow whose base language isn't "base" loses them.
func (mg *migrator) quickReplies(v any, item string) []any {
	arr, ok := v.([]any)
	if !ok || len(arr) == 0 {
		return nil
	}
	perLang := map[string][]any{}
	for i, qr := range arr {
		for lang, text := range translations(qr) {
			if perLang[lang] == nil {
				perLang[lang] = make([]any, len(arr))
				for j := range perLang[lang] {
					perLang[lang][j] = ""
				}
			}
			perLang[lang][i] = MigrateTemplate(text, migrateOptions{})
		}
	}
	var base []any
	for _, lang := range sortedKeys(perLang) {
		if lang == mg.base {
			base = perLang[lang]
		} else if lang != "base" {
			mg.addTranslation(lang, item, "quick_replies", perLang[lang])
		}
	}
	return base
}

// refs migrates group or label references: an object with uuid and name, or a name (an
// expression when it starts with @), which becomes a name_match.
func refs(v any) []any {
	arr, _ := v.([]any)
	out := make([]any, 0, len(arr))
	for _, r := range arr {
		switch t := r.(type) {
		case string:
			name := t
			if strings.HasPrefix(name, "@") {
				name = MigrateTemplate(name, migrateOptions{})
			}
			out = append(out, map[string]any{"name_match": name})
		case map[string]any:
			if u := str(t["uuid"]); u != "" {
				out = append(out, map[string]any{"uuid": u, "name": str(t["name"])})
			} else {
				out = append(out, map[string]any{"name_match": str(t["name"])})
			}
		}
	}
	return out
}

// media migrates each translation of a legacy attachment: "type:URL", an attachment without a
// colon being an image, with a URL not yet absolute joined to the media server's (an empty one
// too, which makes the server's root the attachment). An attachment whose URL holds an '@' is a
// template and kept as written, with no type added.
func (mg *migrator) media(v any) any {
	tr := translations(v)
	out := make(map[string]any, len(tr))
	for lang, att := range tr {
		typ, u, ok := strings.Cut(att, ":")
		if !ok {
			typ, u = "image", att
		}
		if !strings.Contains(u, "@") {
			att = typ + ":" + joinURL(mg.mediaURL, u)
		}
		out[lang] = att
	}
	return out
}

// recordings migrates each translation of a say action's recording: a URL not yet absolute is
// joined to the media server's (templates included: RapidPro only uploaded recordings).
func (mg *migrator) recordings(v any) any {
	tr := translations(v)
	out := make(map[string]any, len(tr))
	for lang, u := range tr {
		if u != "" {
			u = joinURL(mg.mediaURL, u)
		}
		out[lang] = u
	}
	return out
}

// joinURL joins a relative URL to a base with one slash between them; a URL that is already
// absolute (http:// or https://, as written: the check is case-sensitive) is kept.
func joinURL(base, rel string) string {
	if strings.HasPrefix(rel, "http://") || strings.HasPrefix(rel, "https://") {
		return rel
	}
	return strings.TrimSuffix(base, "/") + "/" + strings.TrimPrefix(rel, "/")
}

func flowRef(v any) map[string]any {
	m, _ := v.(map[string]any)
	return map[string]any{"uuid": str(m["uuid"]), "name": str(m["name"])}
}

// urnSchemes are the URN schemes a save action may add a URN of.
var urnSchemes = map[string]bool{
	"discord": true, "ext": true, "facebook": true, "fcm": true, "freshchat": true, "instagram": true,
	"jiochat": true, "line": true, "mailto": true, "rocketchat": true, "slack": true, "tel": true,
	"telegram": true, "twitter": true, "twitterid": true, "viber": true, "vk": true, "webchat": true,
	"wechat": true, "whatsapp": true,
}
