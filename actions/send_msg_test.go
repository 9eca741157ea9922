package actions_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/flows/runtime"
)

// TestRuleUnsendableNoRouteBeforeStatus: a message is always created; one a contact can't receive says why:
// the lack of a route first, whatever the contact's status, then the status.
func TestRuleUnsendableNoRouteBeforeStatus(t *testing.T) {
	assets := `{"flows": [{"uuid": "f0000000-0000-4000-8000-000000000001", "name": "Holder", "spec_version": "14.1.0",
	  "language": "eng", "type": "messaging", "nodes": [{"uuid": "f0000000-0000-4000-8000-000000000002",
	  "actions": [{"uuid": "f0000000-0000-4000-8000-000000000004", "type": "send_msg", "text": "Hi"}],
	  "exits": [{"uuid": "f0000000-0000-4000-8000-000000000003"}]}]}],
	  "channels": [{"uuid": "c1000000-0000-4000-8000-000000000001", "name": "Phone", "schemes": ["tel"], "roles": ["send", "receive"]}]}`
	tests := []struct {
		status, urn, wantReason, wantURN string
	}{
		{"active", "tel:+12065551212", "", "tel:+12065551212"},
		{"active", "mailto:a@b.c", "no_route", ""},
		{"blocked", "tel:+12065551212", "contact_blocked", "tel:+12065551212"},
		{"stopped", "tel:+12065551212", "contact_stopped", "tel:+12065551212"},
		{"archived", "tel:+12065551212", "contact_archived", "tel:+12065551212"},
		{"archived", "mailto:a@b.c", "no_route", ""},
		{"stopped", "mailto:a@b.c", "no_route", ""},
		{"blocked", "mailto:a@b.c", "no_route", ""},
	}
	for _, tc := range tests {
		t.Run(tc.status+" "+tc.urn, func(t *testing.T) {
			contact := fmt.Sprintf(`{"uuid": "5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f", "status": %q, "created_on": "2018-06-20T11:40:30Z", "urns": [%q]}`, tc.status, tc.urn)
			events := firstSprint(t, assets, contact, "")
			for _, e := range events {
				if m, ok := e.(*runtime.MsgCreated); ok {
					if m.Msg.UnsendableReason != tc.wantReason || string(m.Msg.URN) != tc.wantURN {
						t.Errorf("unsendable %q to %q, want %q to %q", m.Msg.UnsendableReason, m.Msg.URN, tc.wantReason, tc.wantURN)
					}
					return
				}
			}
			t.Error("no msg_created")
		})
	}
}

// TestRuleTemplateTranslationMatchesLocale: of the channel's translations of a template, the one
// sent is the best BCP 47 match for the contact's locale (its language when allowed, else the
// environment's default; the channel's country), then the environment's default locale; when
// none matches, the channel's first translation.
func TestRuleTemplateTranslationMatchesLocale(t *testing.T) {
	const assets = `{"flows": [{"uuid": "f0000000-0000-4000-8000-000000000001", "name": "Holder", "spec_version": "14.1.0",
	  "language": "eng", "type": "messaging", "nodes": [{"uuid": "f0000000-0000-4000-8000-000000000002",
	  "actions": [{"uuid": "f0000000-0000-4000-8000-000000000004", "type": "send_msg", "text": "plain",
	    "template": {"uuid": "e0000000-0000-4000-8000-000000000001", "name": "greeting"}}],
	  "exits": [{"uuid": "f0000000-0000-4000-8000-000000000003"}]}]}],
	  "channels": [{"uuid": "c1000000-0000-4000-8000-000000000001", "name": "Phone", "schemes": ["tel"], "roles": ["send", "receive"], "country": "US"},
	    {"uuid": "c1000000-0000-4000-8000-000000000002", "name": "Other", "schemes": ["whatsapp"], "roles": ["send", "receive"]}],
	  "templates": [{"uuid": "e0000000-0000-4000-8000-000000000001", "name": "greeting", "translations": [%s]}]}`
	translation := func(locale string) string {
		return fmt.Sprintf(`{"channel": {"uuid": "c1000000-0000-4000-8000-000000000001", "name": "Phone"}, "locale": %q,
		  "components": [{"name": "body", "type": "body/text", "content": "in %s", "variables": {}}], "variables": []}`, locale, locale)
	}
	otherChannel := `{"channel": {"uuid": "c1000000-0000-4000-8000-000000000002", "name": "Other"}, "locale": "spa",
	  "components": [{"name": "body", "type": "body/text", "content": "elsewhere", "variables": {}}], "variables": []}`
	tests := []struct {
		name, contactLang, env string
		locales                []string
		want                   string // the text sent
	}{
		{"no language at all: the first", "", `{}`, []string{"spa", "eng-US"}, "in spa"},
		{"contact's language not allowed", "spa", `{}`, []string{"eng-US", "spa"}, "in eng-US"},
		{"contact's language allowed", "spa", `{"allowed_languages": ["eng", "spa"]}`, []string{"eng-US", "spa"}, "in spa"},
		{"the channel's country", "eng", `{"allowed_languages": ["eng"], "default_country": "GB"}`, []string{"eng-GB", "eng-US"}, "in eng-US"},
		{"else the environment's default", "fra", `{"allowed_languages": ["spa", "eng"]}`, []string{"eng-US", "spa-EC"}, "in spa-EC"},
		{"nothing close: the first", "spa", `{"allowed_languages": ["eng", "spa"]}`, []string{"fra", "kin"}, "in fra"},
		{"CLDR's fallbacks", "kin", `{"allowed_languages": ["kin", "eng"]}`, []string{"eng", "fra"}, "in fra"},
		{"no translation for the channel", "spa", `{"allowed_languages": ["eng", "spa"]}`, nil, "plain"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			trs := []string{otherChannel}
			for _, l := range tc.locales {
				trs = append(trs, translation(l))
			}
			contact := fmt.Sprintf(`{"uuid": "5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f", "language": %q, "status": "active", "created_on": "2018-06-20T11:40:30Z",
			  "urns": ["tel:+12065551212"]}`, tc.contactLang)
			events := firstSprint(t, fmt.Sprintf(assets, strings.Join(trs, ", ")), contact, tc.env)
			for _, e := range events {
				if m, ok := e.(*runtime.MsgCreated); ok {
					if m.Msg.Text != tc.want {
						t.Errorf("sent %q, want %q", m.Msg.Text, tc.want)
					}
					return
				}
			}
			t.Error("no msg_created")
		})
	}
}

// TestRuleTemplateMessageIsPreviewOnly: a message sent with a template is the template's preview
// alone: its text components joined by blank lines, its media as attachments, its quick-reply
// buttons that render to something as quick replies; the action's own attachments and quick
// replies aren't sent.
func TestRuleTemplateMessageIsPreviewOnly(t *testing.T) {
	const assets = `{"flows": [{"uuid": "f0000000-0000-4000-8000-000000000001", "name": "Holder", "spec_version": "14.1.0",
	  "language": "eng", "type": "messaging", "nodes": [{"uuid": "f0000000-0000-4000-8000-000000000002",
	  "actions": [{"uuid": "f0000000-0000-4000-8000-000000000004", "type": "send_msg", "text": "plain",
	    "attachments": ["image/jpeg:http://example.com/own.jpg"], "quick_replies": ["own"],
	    "template": {"uuid": "e0000000-0000-4000-8000-000000000001", "name": "update"}, "template_variables": %s}],
	  "exits": [{"uuid": "f0000000-0000-4000-8000-000000000003"}]}]}],
	  "channels": [{"uuid": "c1000000-0000-4000-8000-000000000001", "name": "Phone", "schemes": ["tel"], "roles": ["send", "receive"]}],
	  "templates": [{"uuid": "e0000000-0000-4000-8000-000000000001", "name": "update", "translations": [
	    {"channel": {"uuid": "c1000000-0000-4000-8000-000000000001", "name": "Phone"}, "locale": "eng", "components": %s,
	     "variables": [{"type": "text"}, {"type": "text"}, {"type": "image"}]}]}]}`
	body := `{"name": "body", "type": "body/text", "content": "Hi {{1}}", "variables": {"1": 0}}`
	header := `{"name": "header", "type": "header/text", "content": "News", "variables": {}}`
	media := `{"name": "header", "type": "header/media", "content": "", "variables": {"1": 2}}`
	button := `{"name": "button.0", "type": "button/quick_reply", "content": "{{1}}", "variables": {"1": 1}}`
	tests := []struct {
		name, components, vars string
		want                   string // text | attachments | quick replies
	}{
		{"body only", "[" + body + "]", `["Ana"]`, "Hi Ana||"},
		{"header, body and a button", "[" + header + ", " + body + ", " + button + "]", `["Ana", "Yes"]`, "News\n\nHi Ana||Yes"},
		{"a button that renders to nothing", "[" + body + ", " + button + "]", `["Ana"]`, "Hi Ana||"},
		{"media", "[" + media + ", " + body + "]", `["Ana", "", "image/png:http://example.com/t.png"]`, "Hi Ana|image/png:http://example.com/t.png|"},
		{"media that isn't an attachment", "[" + media + ", " + body + "]", `["Ana", "", "X"]`, "Hi Ana||"},
		{"a media variable in the body is an attachment, its placeholder stays",
			`[{"name": "body", "type": "body/text", "content": "Hi {{1}} {{2}}", "variables": {"1": 0, "2": 2}}]`,
			`["Ana", "", "image/png:http://example.com/t.png"]`, "Hi Ana {{2}}|image/png:http://example.com/t.png|"},
		{"every button is a quick reply; footers are text, other types nothing",
			`[{"name": "header", "type": "header/location", "content": "Loc", "variables": {}}, ` + body +
				`, {"name": "footer", "type": "footer/text", "content": "Bye", "variables": {}}` +
				`, {"name": "button.0", "type": "button/url", "content": "https://x.com/{{1}}", "variables": {"1": 1}}` +
				`, {"name": "button.1", "type": "button/phone_number", "content": "+1234", "variables": {}}]`,
			`["Ana", "abc"]`, "Hi Ana\n\nBye||https://x.com/abc,+1234"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			contact := `{"uuid": "5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f", "language": "eng", "status": "active", "created_on": "2018-06-20T11:40:30Z", "urns": ["tel:+12065551212"]}`
			events := firstSprint(t, fmt.Sprintf(assets, tc.vars, tc.components), contact, "")
			for _, e := range events {
				if m, ok := e.(*runtime.MsgCreated); ok {
					var qrs []string
					for _, q := range m.Msg.QuickReplies {
						qrs = append(qrs, q.Text)
					}
					got := m.Msg.Text + "|" + strings.Join(m.Msg.Attachments, ",") + "|" + strings.Join(qrs, ",")
					if got != tc.want {
						t.Errorf("sent %q, want %q", got, tc.want)
					}
					return
				}
			}
			t.Error("no msg_created")
		})
	}
}

// TestRuleEvaluatedAttachmentLimit: an attachment that evaluates to something that isn't
// type:url is dropped as invalid; one that evaluates past 2048 bytes is dropped as too long
// (validity is checked first); either way the message goes without it.
func TestRuleEvaluatedAttachmentLimit(t *testing.T) {
	const assets = `{"flows": [{"uuid": "f0000000-0000-4000-8000-000000000001", "name": "Holder", "spec_version": "14.1.0",
	  "language": "eng", "type": "messaging", "nodes": [{"uuid": "f0000000-0000-4000-8000-000000000002",
	  "actions": [{"uuid": "f0000000-0000-4000-8000-000000000004", "type": "send_msg", "text": "Hi", "attachments": [%q]}],
	  "exits": [{"uuid": "f0000000-0000-4000-8000-000000000003"}]}]}]}`
	tests := []struct {
		name, attachment string
		wantKept         bool
		wantError        string
	}{
		{"2048 bytes", `image/jpeg:http://x.com/@(repeat("a", 2024))`, true, ""},
		{"2049 bytes", `image/jpeg:http://x.com/@(repeat("a", 2025))`, false, "Evaluated attachment is longer than the 2048 limit and will be ignored"},
		{"bytes, not characters", `image/jpeg:http://x.com/@(repeat("é", 1100))`, false, "Evaluated attachment is longer than the 2048 limit and will be ignored"},
		{"invalid before too long", `image/jpeg:@(repeat(" ", 3000))`, false, "Attachment evaluated to invalid value and will be ignored"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			contact := `{"uuid": "5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f", "status": "active", "created_on": "2018-06-20T11:40:30Z", "urns": ["tel:+12065551212"]}`
			events := firstSprint(t, fmt.Sprintf(assets, tc.attachment), contact, "")
			var errs []string
			kept := -1
			for _, e := range events {
				switch e := e.(type) {
				case *runtime.Error:
					errs = append(errs, e.Text)
				case *runtime.MsgCreated:
					kept = len(e.Msg.Attachments)
				}
			}
			if kept != map[bool]int{true: 1, false: 0}[tc.wantKept] {
				t.Errorf("message kept %d attachments, want kept=%v", kept, tc.wantKept)
			}
			var want []string
			if tc.wantError != "" {
				want = []string{tc.wantError}
			}
			if strings.Join(errs, "|") != strings.Join(want, "|") {
				t.Errorf("errors %q, want %q", errs, want)
			}
		})
	}
}

// TestRuleTemplateVariablesNeedTheTemplate: a message's template variables are evaluated (and
// their errors logged) when the assets have the template, whether or not it has a translation
// for the channel and whether or not the message has a channel; for a template the assets lack
// they aren't evaluated at all.
func TestRuleTemplateVariablesNeedTheTemplate(t *testing.T) {
	const assets = `{"flows": [{"uuid": "f0000000-0000-4000-8000-000000000001", "name": "Holder", "spec_version": "14.1.0",
	  "language": "eng", "type": "messaging", "nodes": [{"uuid": "f0000000-0000-4000-8000-000000000002",
	  "actions": [{"uuid": "f0000000-0000-4000-8000-000000000004", "type": "send_msg", "text": "plain",
	    "template": {"uuid": "e0000000-0000-4000-8000-000000000001", "name": "greeting"}, "template_variables": ["@(1 / 0)"]}],
	  "exits": [{"uuid": "f0000000-0000-4000-8000-000000000003"}]}]}],
	  "channels": [{"uuid": "c1000000-0000-4000-8000-000000000001", "name": "Phone", "schemes": ["tel"], "roles": ["send", "receive"]}]
	  %s}`
	const template = `, "templates": [{"uuid": "e0000000-0000-4000-8000-000000000001", "name": "greeting", "translations": [
	  {"channel": {"uuid": "c1000000-0000-4000-8000-000000000009", "name": "Elsewhere"}, "locale": "eng",
	   "components": [{"name": "body", "type": "body/text", "content": "hi {{1}}", "variables": {"1": 0}}], "variables": [{"type": "text"}]}]}]`
	withURN := `{"uuid": "5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f", "status": "active", "created_on": "2018-06-20T11:40:30Z", "urns": ["tel:+12065551212"]}`
	noURN := `{"uuid": "5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f", "status": "active", "created_on": "2018-06-20T11:40:30Z"}`
	tests := []struct {
		name, extra, contact string
		want                 []string
	}{
		{"template without a translation for the channel", template, withURN, []string{"error", "msg_created"}},
		{"message without a channel", template, noURN, []string{"error", "msg_created"}},
		{"template missing", "", withURN, []string{"msg_created"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, e := range firstSprint(t, fmt.Sprintf(assets, tc.extra), tc.contact, `{}`) {
				if typ := e.Type(); typ == "error" || typ == "msg_created" {
					got = append(got, typ)
				}
			}
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("events %v, want %v", got, tc.want)
			}
		})
	}
}

// TestRuleTemplateVariablesAreNotTranslated: a template's variables are sent as the action has
// them, though the flow translates them into the contact's language and the template's
// translation is in that language; the text the message would have had is translated.
func TestRuleTemplateVariablesAreNotTranslated(t *testing.T) {
	const assets = `{"flows": [{"uuid": "f0000000-0000-4000-8000-000000000001", "name": "Holder", "spec_version": "14.3.0",
	  "language": "eng", "type": "messaging", "localization": {"fra": {"f0000000-0000-4000-8000-000000000004": {
	    "text": ["[fra] plain"], "template_variables": ["Anne"]}}},
	  "nodes": [{"uuid": "f0000000-0000-4000-8000-000000000002",
	  "actions": [{"uuid": "f0000000-0000-4000-8000-000000000004", "type": "send_msg", "text": "plain",
	    "template": {"uuid": "e0000000-0000-4000-8000-000000000001", "name": "greeting"}, "template_variables": ["Ann"]}],
	  "exits": [{"uuid": "f0000000-0000-4000-8000-000000000003"}]}]}],
	  "channels": [{"uuid": "c1000000-0000-4000-8000-000000000001", "name": "Phone", "schemes": ["tel"], "roles": ["send", "receive"]}],
	  "templates": [{"uuid": "e0000000-0000-4000-8000-000000000001", "name": "greeting", "translations": [
	    {"channel": {"uuid": "c1000000-0000-4000-8000-000000000001", "name": "Phone"}, "locale": "%s",
	     "components": [{"name": "body", "type": "body/text", "content": "Bonjour {{1}}", "variables": {"1": 0}}], "variables": [{"type": "text"}]}]}]}`
	tests := []struct {
		name, locale, want string
	}{
		{"template in the contact's language", "fra", "Bonjour Ann"},
		{"no translation of the template for the channel", "", "[fra] plain"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := fmt.Sprintf(assets, tc.locale)
			if tc.locale == "" {
				src = strings.Replace(src, `"c1000000-0000-4000-8000-000000000001", "name": "Phone"}, "locale"`, `"c1000000-0000-4000-8000-000000000009", "name": "Other"}, "locale"`, 1)
			}
			contact := `{"uuid": "5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f", "language": "fra", "status": "active", "created_on": "2018-06-20T11:40:30Z", "urns": ["tel:+12065551212"]}`
			for _, e := range firstSprint(t, src, contact, `{"allowed_languages": ["eng", "fra"]}`) {
				if m, ok := e.(*runtime.MsgCreated); ok {
					if m.Msg.Text != tc.want {
						t.Errorf("sent %q, want %q", m.Msg.Text, tc.want)
					}
					return
				}
			}
			t.Error("no msg_created")
		})
	}
}
