package runtime

import (
	"regexp"

	"github.com/flowctl/flowctl/flows"
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

// The paths the reference's URN schemes accept; a scheme not listed accepts any path.
var (
	allDigitsPath = regexp.MustCompile(`^[0-9]+$`)
	emailPath     = regexp.MustCompile(`^[^\s@]+@[^\s@]+$`)
	freshchatPath = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	linePath      = regexp.MustCompile(`^[a-zA-Z0-9_]{1,36}$`)
	phonePath     = regexp.MustCompile(`^(\+[0-9]{7,15}|[a-z0-9]{1,64})$`) // E.164, a short code or a sender id
	twitterPath   = regexp.MustCompile(`^[a-zA-Z0-9_]{1,15}$`)
	viberPath     = regexp.MustCompile(`^[a-zA-Z0-9_=/+]{1,24}$`)
	webchatPath   = regexp.MustCompile(`^[a-zA-Z0-9]{24}(:[^\s@]+@[^\s@]+)?$`)
	bsuidPath     = regexp.MustCompile(`^[A-Z]{2}\.[a-zA-Z0-9]{1,128}$`) // a business-scoped user id: CC.ALPHANUMERIC
	schemePaths   = map[string]func(string) bool{
		"mailto":    emailPath.MatchString,
		"freshchat": freshchatPath.MatchString,
		"instagram": allDigitsPath.MatchString,
		"jiochat":   allDigitsPath.MatchString,
		"telegram":  allDigitsPath.MatchString,
		"twitterid": allDigitsPath.MatchString,
		"line":      linePath.MatchString,
		"tel":       phonePath.MatchString,
		"twitter":   twitterPath.MatchString,
		"viber":     viberPath.MatchString,
		"webchat":   webchatPath.MatchString,
		"bsuid":     bsuidPath.MatchString,
		"whatsapp":  func(p string) bool { return allDigitsPath.MatchString(p) || bsuidPath.MatchString(p) },
		// referral ids come from outside and aren't checked
		"facebook": func(p string) bool { return strings.HasPrefix(p, "ref:") || allDigitsPath.MatchString(p) },
	}
)

// Validate reports whether the URN has a scheme the reference knows and a path that scheme
// accepts.
func (u URN) Validate() bool {
	s, p, _, _ := u.Parts()
	if !flows.IsURNScheme(s) || p == "" {
		return false
	}
	if valid := schemePaths[s]; valid != nil {
		return valid(p)
	}
	return true
}
