package legacy

import (
	"encoding/json"
	"testing"
)

// decode parses test JSON.
func decode(t *testing.T, s string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatalf("bad test JSON %s: %v", s, err)
	}
	return m
}

// canonical re-encodes a value so that maps compare by content in a readable form.
func canonical(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// actionFlow is a legacy flow in English with Spanish translations whose only action set holds
// one action.
func actionFlow(action string) string {
	return `{"base_language": "eng", "flow_type": "M", "metadata": {"uuid": "f0000000-0000-4000-8000-000000000001", "name": "T"},
	"action_sets": [{"uuid": "a0000000-0000-4000-8000-000000000001", "exit_uuid": "e0000000-0000-4000-8000-000000000001", "actions": [` + action + `]}]}`
}

func TestActions(t *testing.T) {
	tests := []struct {
		name, action, want, wantLoc string
	}{
		{"reply", `{"type": "reply", "uuid": "u1", "msg": {"eng": "Hi @contact.first_name", "spa": "Hola @contact.first_name"}, "media": {}, "quick_replies": [], "send_all": false}`,
			`{"text":"Hi @contact.first_name","type":"send_msg","uuid":"u1"}`,
			`{"spa":{"u1":{"text":["Hola @contact.first_name"]}}}`},
		{"reply as a plain string has no text in the base language", `{"type": "reply", "uuid": "u1", "msg": "plain"}`,
			`{"text":"","type":"send_msg","uuid":"u1"}`, `{}`},
		{"reply under base has no text in the base language", `{"type": "reply", "uuid": "u1", "msg": {"base": "plain", "spa": "llano"}}`,
			`{"text":"","type":"send_msg","uuid":"u1"}`, `{"spa":{"u1":{"text":["llano"]}}}`},
		{"quick replies under base are no base quick replies", `{"type": "reply", "uuid": "u1", "msg": {"eng": "Hi"}, "quick_replies": ["Yes", {"base": "No"}]}`,
			`{"text":"Hi","type":"send_msg","uuid":"u1"}`, `{}`},
		{"reply to all URNs with media and quick replies", `{"type": "reply", "uuid": "u1", "msg": {"eng": "plain"}, "media": {"eng": "image/jpeg:http://x/a.jpg", "spa": "b.jpg"}, "quick_replies": [{"eng": "Yes", "spa": "Sí"}, {"eng": "No"}], "send_all": true}`,
			`{"all_urns":true,"attachments":["image/jpeg:http://x/a.jpg"],"quick_replies":["Yes","No"],"text":"plain","type":"send_msg","uuid":"u1"}`,
			`{"spa":{"u1":{"attachments":["image:http://temba.io/b.jpg"],"quick_replies":["Sí",""]}}}`},
		{"send", `{"type": "send", "uuid": "u1", "msg": {"eng": "News"}, "contacts": [{"uuid": "c1", "name": "Bob"}], "groups": [{"uuid": "g1", "name": "Staff"}, "@flow.team"], "variables": [{"id": "@flow.phone"}]}`,
			`{"contacts":[{"name":"Bob","uuid":"c1"}],"groups":[{"name":"Staff","uuid":"g1"},{"name_match":"@results.team"}],"legacy_vars":["@results.phone"],"text":"News","type":"send_broadcast","uuid":"u1"}`, `{}`},
		{"say", `{"type": "say", "uuid": "u1", "msg": {"eng": "Hello"}, "recording": {"eng": "http://x/a.mp3", "spa": "http://x/b.mp3"}}`,
			`{"audio_url":"http://x/a.mp3","text":"Hello","type":"say_msg","uuid":"u1"}`, `{"spa":{"u1":{"audio_url":["http://x/b.mp3"]}}}`},
		{"play", `{"type": "play", "uuid": "u1", "url": "@flow.recording"}`, `{"audio_url":"@results.recording","type":"play_audio","uuid":"u1"}`, `{}`},
		{"email", `{"type": "email", "uuid": "u1", "emails": ["@contact.email", "a@b.com"], "subject": "Hi @contact.name", "msg": "Body @step.value"}`,
			`{"addresses":["@fields.email","a@b.com"],"body":"Body @input","subject":"Hi @contact.name","type":"send_email","uuid":"u1"}`, `{}`},
		{"add group", `{"type": "add_group", "uuid": "u1", "groups": [{"uuid": "g1", "name": "A"}, {"name": "B"}]}`,
			`{"groups":[{"name":"A","uuid":"g1"},{"name_match":"B"}],"type":"add_contact_groups","uuid":"u1"}`, `{}`},
		{"remove from groups", `{"type": "del_group", "uuid": "u1", "groups": [{"uuid": "g1", "name": "A"}]}`,
			`{"groups":[{"name":"A","uuid":"g1"}],"type":"remove_contact_groups","uuid":"u1"}`, `{}`},
		{"remove from all groups", `{"type": "del_group", "uuid": "u1", "groups": []}`, `{"all_groups":true,"type":"remove_contact_groups","uuid":"u1"}`, `{}`},
		{"add label", `{"type": "add_label", "uuid": "u1", "labels": [{"uuid": "l1", "name": "Hot"}, "@flow.tag"]}`,
			`{"labels":[{"name":"Hot","uuid":"l1"},{"name_match":"@results.tag"}],"type":"add_input_labels","uuid":"u1"}`, `{}`},
		{"language", `{"type": "lang", "uuid": "u1", "lang": "fra", "name": "French"}`, `{"language":"fra","type":"set_contact_language","uuid":"u1"}`, `{}`},
		{"channel", `{"type": "channel", "uuid": "u1", "channel": "ch1", "name": "Android"}`, `{"channel":{"name":"Android","uuid":"ch1"},"type":"set_contact_channel","uuid":"u1"}`, `{}`},
		{"flow", `{"type": "flow", "uuid": "u1", "flow": {"uuid": "f2", "name": "Other"}}`, `{"flow":{"name":"Other","uuid":"f2"},"terminal":true,"type":"enter_flow","uuid":"u1"}`, `{}`},
		{"trigger flow", `{"type": "trigger-flow", "uuid": "u1", "flow": {"uuid": "f2", "name": "Other"}, "contacts": [], "groups": [], "variables": [{"id": "@new_contact"}, {"id": "@contact.tel"}]}`,
			`{"create_contact":true,"flow":{"name":"Other","uuid":"f2"},"legacy_vars":["@(format_urn(urns.tel))"],"type":"start_session","uuid":"u1"}`, `{}`},
		{"save field", `{"type": "save", "uuid": "u1", "field": "age", "label": "Age", "value": "@step.value"}`,
			`{"field":{"key":"age","name":"Age"},"type":"set_contact_field","uuid":"u1","value":"@input"}`, `{}`},
		{"save name", `{"type": "save", "uuid": "u1", "field": "name", "label": "Name", "value": "@step.value"}`, `{"name":"@input","type":"set_contact_name","uuid":"u1"}`, `{}`},
		{"save first name", `{"type": "save", "uuid": "u1", "field": "first_name", "label": "First Name", "value": " @step.value "}`,
			`{"name":"@input @(word_slice(contact.name, 1, -1))","type":"set_contact_name","uuid":"u1"}`, `{}`},
		{"save URN", `{"type": "save", "uuid": "u1", "field": "twitter", "label": "Twitter", "value": "@step.value"}`,
			`{"path":"@input","scheme":"twitter","type":"add_contact_urn","uuid":"u1"}`, `{}`},
		{"save tel_e164", `{"type": "save", "uuid": "u1", "field": "tel_e164", "value": "@step.value"}`,
			`{"path":"@input","scheme":"tel","type":"add_contact_urn","uuid":"u1"}`, `{}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			flow, _, problems := Migrate(decode(t, actionFlow(tt.action)), Options{})
			if len(problems) > 0 {
				t.Fatalf("problems: %v", problems)
			}
			node := flow["nodes"].([]any)[0].(map[string]any)
			if got := canonical(t, node["actions"].([]any)[0]); got != tt.want {
				t.Errorf("action\n got %s\nwant %s", got, tt.want)
			}
			if got := canonical(t, flow["localization"]); got != tt.wantLoc {
				t.Errorf("localization\n got %s\nwant %s", got, tt.wantLoc)
			}
		})
	}
}

func TestUnknownAction(t *testing.T) {
	flow, _, problems := Migrate(decode(t, actionFlow(`{"type": "api", "uuid": "u1"}, {"type": "lang", "uuid": "u2", "lang": "eng"}, {"uuid": "u3"}`)), Options{})
	want := `[{"Pointer":"/action_sets/0/actions/0/type","Message":"legacy action type 'api' can't be migrated: expected reply, send, email, add_group, del_group, add_label, save, lang, channel, flow, trigger-flow, say or play"},` +
		`{"Pointer":"/action_sets/0/actions/2/type","Message":"legacy action has no type: expected reply, send, email, add_group, del_group, add_label, save, lang, channel, flow, trigger-flow, say or play"}]`
	if got := canonical(t, problems); got != want {
		t.Errorf("problems\n got %s\nwant %s", got, want)
	}
	// the action that can be migrated still is
	acts := flow["nodes"].([]any)[0].(map[string]any)["actions"].([]any)
	if len(acts) != 1 || acts[0].(map[string]any)["uuid"] != "u2" {
		t.Errorf("actions = %v, want only u2", acts)
	}
}

// TestMediaURLs pins how legacy attachments and say recordings, stored relative to RapidPro's
// media server, are made absolute: joined to the base URL with one slash, unless already absolute
// or (for attachments) a template. Translations are joined the same way.
func TestMediaURLs(t *testing.T) {
	tests := []struct {
		name, base, media, want string
		say                     bool // the value is a say action's recording, not a reply's media
	}{
		{"relative path joined to the default base", "", "image/jpeg:attachments/a.jpg", "image/jpeg:http://temba.io/attachments/a.jpg", false},
		{"leading slash dropped", "", "image/jpeg:/attachments/a.jpg", "image/jpeg:http://temba.io/attachments/a.jpg", false},
		{"only one leading slash dropped", "", "image/jpeg://x/a.jpg", "image/jpeg:http://temba.io//x/a.jpg", false},
		{"no type is an image", "", "a.jpg", "image:http://temba.io/a.jpg", false},
		{"empty attachment is the server's root", "", "", "image:http://temba.io/", false},
		{"empty URL is the server's root", "", "video/mp4:", "video/mp4:http://temba.io/", false},
		{"absolute http URL kept", "", "image/jpeg:http://x/a.jpg", "image/jpeg:http://x/a.jpg", false},
		{"absolute https URL kept", "", "audio/mp3:https://x/a.mp3", "audio/mp3:https://x/a.mp3", false},
		{"scheme check is case-sensitive", "", "image/jpeg:HTTP://x/a.jpg", "image/jpeg:http://temba.io/HTTP://x/a.jpg", false},
		{"template kept as written", "", "image/jpeg:@contact.photo", "image/jpeg:@fields.photo", false},
		{"template without a type gets none", "", "@contact.photo", "@fields.photo", false},
		{"custom base without trailing slash", "https://media.example.org", "image/png:a/b.png", "image/png:https://media.example.org/a/b.png", false},
		{"custom base with path and trailing slash", "https://cdn.example.org/media/", "/a.png", "image:https://cdn.example.org/media/a.png", false},
		{"recording joined to the default base", "", "recordings/a.mp3", "http://temba.io/recordings/a.mp3", true},
		{"recording's leading slash dropped", "https://media.example.org/", "/a.mp3", "https://media.example.org/a.mp3", true},
		{"absolute recording kept", "", "https://x/a.mp3", "https://x/a.mp3", true},
		{"recording template joined too", "", "@contact.greeting", "http://temba.io/@fields.greeting", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			action := `{"type": "reply", "uuid": "u1", "msg": {"eng": "Hi", "fra": "Salut"}, "media": {"eng": ` + quote(t, tt.media) + `, "fra": ` + quote(t, tt.media) + `}}`
			property, want := "attachments", canonical(t, []any{tt.want})
			if tt.say {
				action = `{"type": "say", "uuid": "u1", "msg": {"eng": "Hi", "fra": "Salut"}, "recording": {"eng": ` + quote(t, tt.media) + `, "fra": ` + quote(t, tt.media) + `}}`
				property, want = "audio_url", quote(t, tt.want)
			}
			flow, _, problems := Migrate(decode(t, actionFlow(action)), Options{MediaURL: tt.base})
			if len(problems) > 0 {
				t.Fatalf("problems: %v", problems)
			}
			act := flow["nodes"].([]any)[0].(map[string]any)["actions"].([]any)[0].(map[string]any)
			if got := canonical(t, act[property]); got != want {
				t.Errorf("%s = %s, want %s", property, got, want)
			}
			loc := flow["localization"].(map[string]any)["fra"].(map[string]any)["u1"].(map[string]any)[property]
			if got := canonical(t, loc); got != canonical(t, []any{tt.want}) {
				t.Errorf("fra %s = %s, want [%q]", property, got, tt.want)
			}
		})
	}
}

func quote(t *testing.T, s string) string {
	t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
