package runtime

import (
	"strings"

	"github.com/flowctl/flowctl/flows"
)

// Route picks the URN and channel messages to the contact go out on, as the reference does:
// the first URN some channel can send it on. No route gives "", nil.
func Route(c *Contact, assets *flows.Assets) (URN, *flows.Asset) {
	if c == nil || assets == nil {
		return "", nil
	}
	for _, u := range c.URNs {
		if ch := channelForURN(assets, u); ch != nil {
			return u, ch
		}
	}
	return "", nil
}

// channelForURN is the channel a URN is sent on: the one it is tied to when that channel can
// send; for a phone number, the best of the phone channels allowed to reach its country (see
// phoneChannel); else the first channel (in the assets' order) sending on its scheme.
func channelForURN(assets *flows.Assets, u URN) *flows.Asset {
	if id := u.ChannelUUID(); id != "" {
		if ch := assets.Get(flows.AssetChannel, id); ch != nil && hasString(ch.Extra["roles"], "send") {
			return ch
		}
	}
	if u.Scheme() == "tel" {
		return phoneChannel(assets, u.Path())
	}
	return ChannelForScheme(assets, u.Scheme())
}

// phoneChannel picks among the sending phone channels that may reach the number's country (a
// channel with another country needs allow_international) the one whose match prefixes (or
// address) share the longest start with the number, the later one on a tie, as the reference
// does.
func phoneChannel(assets *flows.Assets, number string) *flows.Asset {
	country := phoneCountry(number)
	var cands []*flows.Asset
	for _, ch := range assets.All(flows.AssetChannel) {
		if !hasString(ch.Extra["schemes"], "tel") || !hasString(ch.Extra["roles"], "send") {
			continue
		}
		chCountry, _ := ch.Extra["country"].(string)
		intl, _ := ch.Extra["allow_international"].(bool)
		if chCountry != "" && country != "" && !strings.EqualFold(chCountry, country) && !intl {
			continue
		}
		cands = append(cands, ch)
	}
	if len(cands) <= 1 {
		if len(cands) == 1 {
			return cands[0]
		}
		return nil
	}
	digits := strings.TrimPrefix(number, "+")
	var best *flows.Asset
	most := 0
	for _, ch := range cands {
		var prefixes []string
		if list, ok := ch.Extra["match_prefixes"].([]any); ok {
			for _, p := range list {
				if p, ok := p.(string); ok {
					prefixes = append(prefixes, p)
				}
			}
		}
		if len(prefixes) == 0 {
			address, _ := ch.Extra["address"].(string)
			prefixes = []string{strings.TrimPrefix(address, "+")}
		}
		for _, p := range prefixes {
			if n := commonPrefix(p, digits); n >= most {
				most, best = n, ch
			}
		}
	}
	return best
}

// commonPrefix is how many leading bytes a and b share.
func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// ChannelForScheme returns the first channel, in the assets' order, that sends on a scheme.
func ChannelForScheme(assets *flows.Assets, scheme string) *flows.Asset {
	for _, ch := range assets.All(flows.AssetChannel) {
		if hasString(ch.Extra["schemes"], scheme) && hasString(ch.Extra["roles"], "send") {
			return ch
		}
	}
	return nil
}

func hasString(v any, s string) bool {
	switch list := v.(type) {
	case []any:
		for _, x := range list {
			if x == s {
				return true
			}
		}
	case []string:
		for _, x := range list {
			if x == s {
				return true
			}
		}
	}
	return false
}
