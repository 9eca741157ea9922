package runtime

import (
	"testing"

	"github.com/flowctl/flowctl/flows"
)

func TestRoute(t *testing.T) {
	channel := func(uuid, name string, extra map[string]any) *flows.Asset {
		if extra["roles"] == nil {
			extra["roles"] = []any{"send", "receive"}
		}
		return &flows.Asset{Kind: flows.AssetChannel, Identity: uuid, Name: name, Extra: extra}
	}
	tel := []any{"tel"}
	tests := []struct {
		name     string
		channels []*flows.Asset
		urns     []URN
		wantURN  URN
		wantName string
	}{
		{"tied to a channel that sends", []*flows.Asset{
			channel("c1", "A", map[string]any{"schemes": tel}), channel("c2", "B", map[string]any{"schemes": tel})},
			[]URN{"tel:+12065551212?channel=c1"}, "tel:+12065551212?channel=c1", "A"},
		{"tied to a channel that only receives", []*flows.Asset{
			channel("c1", "A", map[string]any{"schemes": tel, "roles": []any{"receive"}}), channel("c2", "B", map[string]any{"schemes": tel})},
			[]URN{"tel:+12065551212?channel=c1"}, "tel:+12065551212?channel=c1", "B"},
		{"phone: the longest shared prefix", []*flows.Asset{
			channel("c1", "Rwanda", map[string]any{"schemes": tel, "address": "+250788000001"}),
			channel("c2", "Seattle", map[string]any{"schemes": tel, "address": "+12065550000"}),
			channel("c3", "Virginia", map[string]any{"schemes": tel, "address": "+17036975131"})},
			[]URN{"tel:+12065551212"}, "tel:+12065551212", "Seattle"},
		{"phone: match prefixes before the address", []*flows.Asset{
			channel("c1", "Prefixed", map[string]any{"schemes": tel, "address": "+19990000000", "match_prefixes": []any{"1206"}}),
			channel("c2", "Other", map[string]any{"schemes": tel, "address": "+12000000000"})},
			[]URN{"tel:+12065551212"}, "tel:+12065551212", "Prefixed"},
		{"phone: a tie goes to the later channel", []*flows.Asset{
			channel("c1", "First", map[string]any{"schemes": tel, "address": "+17036975131"}),
			channel("c2", "Second", map[string]any{"schemes": tel, "address": "+16055742523"})},
			[]URN{"tel:+12065551212"}, "tel:+12065551212", "Second"},
		{"phone: another country's channel is skipped", []*flows.Asset{
			channel("c1", "US", map[string]any{"schemes": tel, "country": "US", "address": "+12065550000"}),
			channel("c2", "Rwanda", map[string]any{"schemes": tel, "country": "RW", "address": "+250788000001"})},
			[]URN{"tel:+250788123123"}, "tel:+250788123123", "Rwanda"},
		{"phone: unless it allows international", []*flows.Asset{
			channel("c1", "Rwanda", map[string]any{"schemes": tel, "country": "RW", "address": "+250788000001"}),
			channel("c2", "US", map[string]any{"schemes": tel, "country": "US", "allow_international": true, "address": "+12065550000"})},
			[]URN{"tel:+12065551212"}, "tel:+12065551212", "US"},
		{"other schemes: the first channel in the assets' order", []*flows.Asset{
			channel("c9", "Bot 1", map[string]any{"schemes": []any{"telegram"}}), channel("c1", "Bot 2", map[string]any{"schemes": []any{"telegram"}})},
			[]URN{"telegram:1"}, "telegram:1", "Bot 1"},
		{"the first URN with a channel", []*flows.Asset{channel("c1", "Bot", map[string]any{"schemes": []any{"telegram"}})},
			[]URN{"mailto:a@b.c", "telegram:1"}, "telegram:1", "Bot"},
		{"no route", []*flows.Asset{channel("c1", "Bot", map[string]any{"schemes": []any{"telegram"}})},
			[]URN{"tel:+12065551212"}, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assets := flows.NewAssets()
			for _, ch := range tc.channels {
				assets.Add(ch)
			}
			u, ch := Route(&Contact{URNs: tc.urns}, assets)
			name := ""
			if ch != nil {
				name = ch.Name
			}
			if u != tc.wantURN || name != tc.wantName {
				t.Errorf("routed to %q on %q, want %q on %q", u, name, tc.wantURN, tc.wantName)
			}
		})
	}
}

// TestRunCountry: the country runs read local numbers in is the sending channel's when it has
// one, else that of the contact's phone numbers, else the environment's.
func TestRunCountry(t *testing.T) {
	assets := flows.NewAssets()
	for _, ch := range []*flows.Asset{
		{Kind: flows.AssetChannel, Identity: "us", Name: "US", Extra: map[string]any{"schemes": []any{"tel"}, "roles": []any{"send"}, "country": "us", "allow_international": true}},
		{Kind: flows.AssetChannel, Identity: "any", Name: "Any", Extra: map[string]any{"schemes": []any{"tel"}, "roles": []any{"send"}}},
		{Kind: flows.AssetChannel, Identity: "bot", Name: "Bot", Extra: map[string]any{"schemes": []any{"telegram"}, "roles": []any{"send"}}},
	} {
		assets.Add(ch)
	}
	tests := []struct {
		name string
		urns []URN
		def  string
		want string
	}{
		{"the sending channel's country", []URN{"tel:+250788123123?channel=us"}, "KE", "US"},
		{"a channel without one: the number's", []URN{"tel:+250788123123?channel=any"}, "KE", "RW"},
		{"sent elsewhere: a later phone number's", []URN{"telegram:1?channel=bot", "tel:+12065551212"}, "KE", "US"},
		{"a local number: the default", []URN{"tel:0788123123"}, "KE", "KE"},
		{"no phone number: the default", []URN{"telegram:1"}, "EC", "EC"},
		{"no URNs: the default", nil, "EC", "EC"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := RunCountry(&Contact{URNs: tc.urns}, assets, tc.def); got != tc.want {
				t.Errorf("RunCountry(%v, %q) = %q, want %q", tc.urns, tc.def, got, tc.want)
			}
		})
	}
	if got := RunCountry(nil, assets, "KE"); got != "KE" {
		t.Errorf("no contact: %q", got)
	}
}
