package runtime

import (
	"net/url"
	"strings"
)

// RedactedPath stands for a URN's path wherever the environment's redaction policy is "urns":
// in the context, and in what resthooks receive.
const RedactedPath = "********"

// URN is a contact address in goflow's URN form: scheme:path, optionally followed by
// ?query parameters (channel=UUID names the channel it is tied to) and #display.
type URN string

// Parts splits a URN into scheme, path, query and display. Malformed input gives an empty scheme.
func (u URN) Parts() (scheme, path, query, display string) {
	s := string(u)
	if i := strings.IndexByte(s, '#'); i >= 0 {
		s, display = s[:i], s[i+1:]
	}
	if i := strings.IndexByte(s, '?'); i >= 0 {
		s, query = s[:i], s[i+1:]
	}
	scheme, path, ok := strings.Cut(s, ":")
	if !ok {
		return "", s, query, display
	}
	return scheme, path, query, display
}

// Scheme is the URN's scheme, e.g. "tel".
func (u URN) Scheme() string { s, _, _, _ := u.Parts(); return s }

// Path is the address within the scheme, e.g. "+12065551212".
func (u URN) Path() string { _, p, _, _ := u.Parts(); return p }

// Display is the optional display part after '#'.
func (u URN) Display() string { _, _, _, d := u.Parts(); return d }

// ChannelUUID is the value of the channel query parameter, if any.
func (u URN) ChannelUUID() string {
	_, _, q, _ := u.Parts()
	v, err := url.ParseQuery(q)
	if err != nil {
		return ""
	}
	return v.Get("channel")
}

// Identity is the URN without query and display: what identifies the address.
func (u URN) Identity() URN {
	s, p, _, _ := u.Parts()
	if s == "" {
		return u
	}
	return URN(s + ":" + p)
}

// WithChannel returns the URN tied to a channel (or untied when uuid is empty), keeping its display.
func (u URN) WithChannel(uuid string) URN {
	out := string(u.Identity())
	if uuid != "" {
		out += "?channel=" + uuid
	}
	if d := u.Display(); d != "" {
		out += "#" + d
	}
	return URN(out)
}

// knownSchemes are the URN schemes goflow accepts.
var knownSchemes = map[string]bool{
	"bsuid": true, "discord": true, "ext": true, "facebook": true, "fcm": true, "freshchat": true, "instagram": true,
	"jiochat": true, "line": true, "mailto": true, "rocketchat": true, "slack": true, "tel": true,
	"telegram": true, "twitter": true, "twitterid": true, "viber": true, "vk": true, "webchat": true,
	"wechat": true, "whatsapp": true,
}

// Validate reports whether the URN has a known scheme and a path that scheme accepts.
func (u URN) Validate() bool {
	s, p, _, _ := u.Parts()
	if !knownSchemes[s] || p == "" {
		return false
	}
	switch s {
	case "tel":
		// an international number is 7 to 15 digits after its '+'; anything else is a local
		// number or an alphanumeric sender id: lower-case letters and digits
		if digits, intl := strings.CutPrefix(p, "+"); intl {
			return len(digits) >= 7 && len(digits) <= 15 && allDigits(digits)
		}
		return isAlphanumeric(p, 64) && strings.ToLower(p) == p
	case "whatsapp", "telegram", "twitterid", "facebook", "instagram":
		if !allDigits(p) {
			return s == "facebook" && strings.HasPrefix(p, "ref:")
		}
	case "mailto":
		return strings.Contains(p, "@")
	}
	return true
}

// isAlphanumeric reports whether p is 1 to max letters and digits.
func isAlphanumeric(p string, max int) bool {
	if p == "" || len(p) > max {
		return false
	}
	for _, r := range p {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

func allDigits(p string) bool {
	for _, r := range p {
		if r < '0' || r > '9' {
			return false
		}
	}
	return p != ""
}
