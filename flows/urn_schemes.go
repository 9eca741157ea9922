package flows

import "slices"

// URNSchemes are the URN schemes the reference engine knows, in byte order: a flow naming any
// other (add_contact_urn's scheme) doesn't read, and a contact can't have a URN of another.
var URNSchemes = []string{
	"bsuid", "ext", "facebook", "fcm", "freshchat", "instagram", "jiochat", "line", "mailto",
	"rocketchat", "slack", "tel", "telegram", "twitter", "twitterid", "viber", "vk", "webchat",
	"wechat", "whatsapp",
}

// IsURNScheme reports whether s is one of URNSchemes.
func IsURNScheme(s string) bool {
	_, ok := slices.BinarySearch(URNSchemes, s)
	return ok
}
