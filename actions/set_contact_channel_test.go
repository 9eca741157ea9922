package actions_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/flows/engine"
	"github.com/flowctl/flowctl/flows/read"
	"github.com/flowctl/flowctl/flows/runtime"
)

// TestSetContactChannel pins how the preferred channel is set: which URNs get tied to it and
// in which order they end up.
func TestSetContactChannel(t *testing.T) {
	const (
		phone2  = "c2000000-0000-4000-8000-000000000002"
		tg      = "c3000000-0000-4000-8000-000000000003"
		inbound = "c4000000-0000-4000-8000-000000000004"
	)
	assets := `{"flows": [{"uuid": "f0000000-0000-4000-8000-000000000001", "name": "Holder", "spec_version": "14.1.0",
	  "language": "eng", "type": "messaging", "nodes": [{"uuid": "f0000000-0000-4000-8000-000000000002",
	  "actions": [{"uuid": "f0000000-0000-4000-8000-000000000004", "type": "set_contact_channel", "channel": %s}],
	  "exits": [{"uuid": "f0000000-0000-4000-8000-000000000003"}]}]}],
	  "channels": [{"uuid": "c1000000-0000-4000-8000-000000000001", "name": "Phone 1", "schemes": ["tel"], "roles": ["send", "receive"]},
	    {"uuid": "` + phone2 + `", "name": "Phone 2", "schemes": ["tel", "whatsapp"], "roles": ["send", "receive"]},
	    {"uuid": "` + tg + `", "name": "Telegram", "schemes": ["telegram"], "roles": ["send", "receive"]},
	    {"uuid": "` + inbound + `", "name": "Inbound", "schemes": ["tel"], "roles": ["receive"]}]}`
	ref := func(uuid string) string { return fmt.Sprintf(`{"uuid": %q, "name": "x"}`, uuid) }
	tests := []struct {
		name    string
		channel string
		urns    []string
		want    []string // nil: no change, no event
	}{
		{"phones are portable", ref(phone2), []string{"tel:+12065551111", "tel:+12065552222?channel=c1000000-0000-4000-8000-000000000001"},
			[]string{"tel:+12065551111?channel=" + phone2, "tel:+12065552222?channel=" + phone2}},
		{"whatsapp is portable, telegram isn't", ref(phone2), []string{"telegram:1?channel=" + tg, "whatsapp:1234?channel=" + tg},
			[]string{"whatsapp:1234?channel=" + phone2, "telegram:1?channel=" + tg}},
		{"untied URNs of a supported scheme are tied and move first", ref(tg), []string{"tel:+12065551111", "telegram:1"},
			[]string{"telegram:1?channel=" + tg, "tel:+12065551111"}},
		{"a URN tied to another channel of its own scheme stays", ref(tg), []string{"tel:+12065551111", "telegram:1?channel=c9000000-0000-4000-8000-000000000009"}, nil},
		{"already preferred", ref(phone2), []string{"tel:+12065551111?channel=" + phone2}, nil},
		{"a channel that can't send", ref(inbound), []string{"tel:+12065551111"}, nil},
		{"no channel unties every URN", "null", []string{"telegram:1?channel=" + tg, "tel:+12065551111?channel=" + phone2},
			[]string{"telegram:1", "tel:+12065551111"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := read.Read("holder.json", []byte(fmt.Sprintf(assets, tc.channel)))
			a := read.LoadAssets(doc)
			contact := fmt.Sprintf(`{"uuid": "5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f", "created_on": "2018-06-20T11:40:30Z", "urns": ["%s"]}`,
				strings.Join(tc.urns, `", "`))
			sim, err := engine.NewSimulation(engine.SimulationInput{Assets: a, Flow: a.Flows[0], Contact: []byte(contact)})
			if err != nil {
				t.Fatal(err)
			}
			s, sprints, err := sim.Run()
			if err != nil {
				t.Fatal(err)
			}
			var got, errs []string
			for _, e := range sprints[0].Events {
				switch ev := e.(type) {
				case *runtime.ContactURNsChanged:
					for _, u := range ev.URNs {
						got = append(got, string(u))
					}
				case *runtime.Error:
					errs = append(errs, ev.Text)
				}
			}
			if wantErr := tc.channel == ref(inbound); (len(errs) == 1 && errs[0] == "Can't set channel that can't send as the preferred channel") != wantErr || !wantErr && len(errs) > 0 {
				t.Errorf("errors %q, want the can't-send error only for a channel that can't send", errs)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("contact_urns_changed %q, want %q", got, tc.want)
			}
			if tc.want != nil && fmt.Sprint(s.Contact.URNs) != fmt.Sprint(tc.want) {
				t.Errorf("contact's URNs %v, want %v", s.Contact.URNs, tc.want)
			}
		})
	}
}
