package runtime

import (
	"strings"
	"sync"

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

// NormalizeURN tidies a URN as goflow stores it: phone numbers in E.164 when they parse (using
// the default country for local numbers), schemes lower case, surrounding space trimmed.
func NormalizeURN(u URN, defaultCountry string) URN {
	scheme, path, query, display := u.Parts()
	scheme = strings.ToLower(strings.TrimSpace(scheme))
	path = strings.TrimSpace(path)
	switch scheme {
	case "tel":
		path = normalizePhone(path, defaultCountry)
	case "mailto", "twitter":
		path = strings.ToLower(path)
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

// normalizePhone writes a number in E.164 when it reads as a valid number, locally (with the
// default country) or, failing that, as an international number missing its '+'.
func normalizePhone(path, country string) string {
	if n, err := phonenumbers.Parse(path, country); err == nil && phonenumbers.IsValidNumber(n) {
		return phonenumbers.Format(n, phonenumbers.E164)
	}
	if !strings.HasPrefix(path, "+") {
		if n, err := phonenumbers.Parse("+"+path, ""); err == nil && phonenumbers.IsValidNumber(n) {
			return phonenumbers.Format(n, phonenumbers.E164)
		}
	}
	if n, err := phonenumbers.Parse(path, country); err == nil && phonenumbers.IsPossibleNumber(n) {
		return phonenumbers.Format(n, phonenumbers.E164)
	}
	return path
}
