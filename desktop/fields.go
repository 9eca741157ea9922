package desktop

import (
	"slices"
	"sort"
	"strings"
)

// MaxFieldKeyLength is the longest contact field key RapidPro and TextIt accept.
const MaxFieldKeyLength = 36

// reservedFieldKeys are names a contact field key can't take because flows read them as
// properties of the contact (@contact.name, @contact.urns, ...), not as fields.
var reservedFieldKeys = []string{
	"channel", "created_by", "created_on", "first_name", "fields", "groups", "id", "is", "has",
	"language", "last_seen_on", "modified_by", "modified_on", "name", "status", "tickets", "timezone",
	"urn", "urns", "uuid",
}

// FieldKey maps a contact attribute name (as plugins write them: "Customer Tier", "orderId")
// to the contact field key the flow side sees (customer_tier, orderid): lower case, each run of
// characters other than a-z and 0-9 becomes one "_", leading and trailing "_" go, a key that would
// start with a digit or be one of the contact's own properties gets the prefix "attr_", and the
// key is cut to 36 characters. It reports false when nothing is left (an attribute "--").
func FieldKey(attr string) (string, bool) {
	var b strings.Builder
	sep := false
	for _, r := range strings.ToLower(attr) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if sep && b.Len() > 0 {
				b.WriteByte('_')
			}
			sep = false
			b.WriteRune(r)
			continue
		}
		sep = true
	}
	key := b.String()
	if key == "" {
		return "", false
	}
	if key[0] >= '0' && key[0] <= '9' || slices.Contains(reservedFieldKeys, key) {
		key = "attr_" + key
	}
	if len(key) > MaxFieldKeyLength {
		key = strings.TrimRight(key[:MaxFieldKeyLength], "_")
	}
	return key, true
}

// ContactFields returns the contact fields a contact's attributes become on the flow side. When
// two attributes map to the same key, the one whose name sorts last wins, so the result does not
// depend on map order.
func ContactFields(attrs map[string]string) map[string]string {
	names := make([]string, 0, len(attrs))
	for k := range attrs {
		names = append(names, k)
	}
	sort.Strings(names)
	out := map[string]string{}
	for _, name := range names {
		if key, ok := FieldKey(name); ok {
			out[key] = attrs[name]
		}
	}
	return out
}
