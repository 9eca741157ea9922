package check

import (
	"strings"
	"testing"
)

// An action's attachment names its media type (or a bare kind) before the colon, never through a
// template, and is written up to 8192 characters; audio URLs too; at most 100 groups or labels
// are added at once. Where the engine refuses the flow, a field finding says so.
func TestRuleAttachmentsAndLimits(t *testing.T) {
	msg := func(att string) string {
		return `{"type": "send_msg", "text": "hi", "attachments": ["` + att + `"]}`
	}
	groups := func(n int) string {
		g := `{"uuid": "20000000-0000-4000-8000-00000000000a", "name": "G"}`
		return strings.Repeat(g+", ", n-1) + g
	}
	runActionFieldCases(t, []actionFieldCase{
		{"media type and URL", msg("image/jpeg:http://x.com/a.jpg"), ""},
		{"media type and template", msg("image/jpeg:@fields.photo"), ""},
		{"bare kind in any case", msg("IMAGE:http://x.com/a.jpg"), ""},
		{"geo kind", msg("geo:1.5,2.5"), ""},
		{"unknown but well-formed media type", msg("x/y:z"), ""},
		{"media type with + and -", msg("audio/x-wav+ogg:u"), ""},
		{"a space is a URL", msg("image/jpeg: "), ""},
		{"text is no bare kind", msg("text:hello"), "field/invalid-format /attachments/0"},
		{"a template for the whole attachment", msg("@fields.photo"), "field/invalid-format /attachments/0"},
		{"a template for the type", msg("@fields.kind:http://x.com"), "field/invalid-format /attachments/0"},
		{"no URL", msg("image/jpeg:"), "field/invalid-format /attachments/0"},
		{"no type", msg(":http://x.com"), "field/invalid-format /attachments/0"},
		{"empty subtype", msg("image/:u"), "field/invalid-format /attachments/0"},
		{"wildcard subtype", msg("image/*:u"), "field/invalid-format /attachments/0"},
		{"parameters", msg("image/jpeg;q=1:u"), "field/invalid-format /attachments/0"},
		{"8192 characters", msg("image/jpeg:" + strings.Repeat("a", 8192-11)), ""},
		{"8193 characters", msg("image/jpeg:" + strings.Repeat("a", 8193-11)), "field/out-of-range /attachments/0"},
		{"100 groups", `{"type": "add_contact_groups", "groups": [` + groups(100) + `]}`, ""},
		{"101 groups", `{"type": "add_contact_groups", "groups": [` + groups(101) + `]}`, "field/out-of-range /groups"},
		{"101 groups removed", `{"type": "remove_contact_groups", "groups": [` + groups(101) + `]}`, ""},
		{"101 labels", `{"type": "add_input_labels", "labels": [` + groups(101) + `]}`, "field/out-of-range /labels"},
	})
}
