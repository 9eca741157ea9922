package runtime

import (
	"sort"

	"github.com/flowctl/flowctl/flows"
)

// Route picks the URN and channel messages to the contact go out on: the first URN that is
// tied to a known channel or whose scheme some sending channel serves. No route gives "", nil.
func Route(c *Contact, assets *flows.Assets) (URN, *flows.Asset) {
	if c == nil || assets == nil {
		return "", nil
	}
	for _, u := range c.URNs {
		if id := u.ChannelUUID(); id != "" {
			if ch := assets.Get(flows.AssetChannel, id); ch != nil {
				return u, ch
			}
		}
		if ch := ChannelForScheme(assets, u.Scheme()); ch != nil {
			return u, ch
		}
	}
	return "", nil
}

// ChannelForScheme returns a channel that sends on a scheme; among several, the same one every
// time (lowest UUID), since assets carry no order.
func ChannelForScheme(assets *flows.Assets, scheme string) *flows.Asset {
	var cands []*flows.Asset
	for _, ch := range assets.All(flows.AssetChannel) {
		if hasString(ch.Extra["schemes"], scheme) && hasString(ch.Extra["roles"], "send") {
			cands = append(cands, ch)
		}
	}
	if len(cands) == 0 {
		return nil
	}
	sort.Slice(cands, func(i, j int) bool { return cands[i].Identity < cands[j].Identity })
	return cands[0]
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
