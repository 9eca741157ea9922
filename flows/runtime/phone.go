package runtime

import (
	"regexp"
	"strings"
	"sync"

	"github.com/flowctl/flowctl/expressions"
	"github.com/nyaruka/phonenumbers"
)

// countryCache remembers the country of numbers already parsed: parsing is costly and a session
// asks for the same number at every message.
var countryCache sync.Map

// phoneCountry is the ISO country of an international phone number, or "".
func phoneCountry(number string) string {
	if c, ok := countryCache.Load(number); ok {
		return c.(string)
	}
	country := ""
	if n, err := phonenumbers.Parse(number, ""); err == nil {
		country = phonenumbers.GetRegionCodeForNumber(n)
	}
	countryCache.Store(number, country)
	return country
}

// NormalizeURN tidies a URN as the reference stores it: schemes lower case, surrounding space
// trimmed, mailto paths lower case, twitter handles lower case without '@', the country code of
// a WhatsApp business-scoped id upper case, and phone numbers in
// E.164 when they read as a possible number (see ParseNumber; local numbers only with a
// country), else with everything but letters and digits dropped, lower case, when that leaves
// a sender id (see senderID), else as written.
func NormalizeURN(u URN, defaultCountry string) URN {
	scheme, path, query, display := u.Parts()
	scheme = strings.ToLower(strings.TrimSpace(scheme))
	path = strings.TrimSpace(path)
	switch scheme {
	case "tel":
		if n, ok := ParseNumber(path, defaultCountry); ok {
			path = n
		} else if id := telChars(path); senderID.MatchString(id) {
			path = id
		}
	case "mailto":
		path = strings.ToLower(path)
	case "twitter":
		path = strings.ToLower(strings.TrimPrefix(path, "@"))
	case "whatsapp", "bsuid":
		// a business-scoped user id's country code is upper case (us.abc is US.abc)
		if strings.IndexByte(path, '.') == 2 {
			path = strings.ToUpper(path[:2]) + path[2:]
		}
	}
	out := scheme + ":" + path
	if query != "" {
		out += "?" + query
	}
	if display != "" {
		out += "#" + display
	}
	return URN(out)
}

// senderID is what a tel path that isn't a phone number is tidied into: 3 to 64 lower-case
// letters and digits. When tidying gives anything else (too short, too long, a '+' before
// letters), the reference keeps the path as written, and it is then usually invalid ("Hi",
// "A-B", "+ABC").
var senderID = regexp.MustCompile(`^[a-z0-9]{3,64}$`)

// telChars keeps the letters (lower case) and digits of a phone number, and a leading +.
func telChars(raw string) string {
	raw = strings.ToLower(strings.TrimSpace(raw))
	var b strings.Builder
	if strings.HasPrefix(raw, "+") {
		b.WriteByte('+')
	}
	for _, r := range raw {
		if (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// ParseNumber reads a possible phone number as the reference's phone parser does, returning it
// in E.164 (see expressions.ParsePhoneNumber, which has_phone shares).
func ParseNumber(raw, country string) (string, bool) {
	return expressions.ParsePhoneNumber(raw, country)
}
