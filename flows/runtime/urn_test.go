package runtime

import (
	"strings"
	"testing"
)

// TestURNValidate: a URN is valid when the reference knows its scheme and the scheme accepts its
// path, as the reference's add_contact_urn answers (after normalizing, as it does).
func TestURNValidate(t *testing.T) {
	tests := []struct {
		urn   string
		valid bool
	}{
		{"twitter:abc_123", true}, {"twitter:@Bob", true}, {"twitter:maría_josé", false}, {"twitter:" + strings.Repeat("a", 16), false}, {"twitter:a-b", false},
		{"viber:abc=/+_", true}, {"viber:" + strings.Repeat("y", 24), true}, {"viber:a b", false}, {"viber:" + strings.Repeat("x", 25), false},
		{"line:abc_1", true}, {"line:a-b", false}, {"line:" + strings.Repeat("x", 37), false},
		{"webchat:" + strings.Repeat("a", 24), true}, {"webchat:" + strings.Repeat("c", 24) + ":bob@x.com", true}, {"webchat:" + strings.Repeat("b", 23), false},
		{"freshchat:0d9a2c56-6fc2-4f27-93c5-a6322e26b740/0d9a2c56-6fc2-4f27-93c5-a6322e26b741", true}, {"freshchat:abc", false},
		{"mailto:bob@x.com", true}, {"mailto:a@b@c", false}, {"mailto:bob", false}, {"mailto:bo b@x.com", false},
		{"whatsapp:123", true}, {"whatsapp:US.abc", true}, {"whatsapp:us.abd", true}, {"whatsapp:abc", false},
		{"bsuid:US.abe", true}, {"bsuid:abc", false},
		{"jiochat:123", true}, {"jiochat:abc", false}, {"instagram:456", true}, {"instagram:abc", false},
		{"telegram:12a", false}, {"twitterid:99", true}, {"twitterid:9a", false},
		{"tel:+1234", false}, {"tel:abc123", true}, {"tel:ABCD", true}, {"tel:a-b", false},
		{"facebook:ref:xyz", true}, {"facebook:789", true}, {"facebook:abc", false},
		{"ext:any thing", true}, {"fcm:x:y", true}, {"slack:U1", true}, {"rocketchat:r!", true}, {"vk:v", true}, {"wechat:w w", true},
		{"discord:123", false}, {"unknown:x", false}, {"tel:", false},
	}
	for _, tc := range tests {
		if got := NormalizeURN(URN(tc.urn), "").Validate(); got != tc.valid {
			t.Errorf("%s: valid %v, want %v", tc.urn, got, tc.valid)
		}
	}
	if got := NormalizeURN("whatsapp:us.abd", ""); got != "whatsapp:US.abd" {
		t.Errorf("whatsapp:us.abd normalizes to %s, want the country code upper case", got)
	}
}
