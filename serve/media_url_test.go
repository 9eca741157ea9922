package serve

import (
	"slices"
	"strings"
	"testing"
)

// TestMediaURL checks that the simulator reads legacy flows with Options.MediaURL: the
// attachment a legacy message stores relative to RapidPro's media server is joined to it, and
// to the reference engine's base without it.
func TestMediaURL(t *testing.T) {
	const flow = `{"version": "11.12", "flows": [{"base_language": "eng", "flow_type": "M", "entry": "a0000000-0000-4000-8000-000000000001", "rule_sets": [],
	"action_sets": [{"uuid": "a0000000-0000-4000-8000-000000000001", "x": 0, "y": 0, "destination": null, "exit_uuid": "e0000000-0000-4000-8000-000000000001",
	 "actions": [{"type": "reply", "uuid": "b0000000-0000-4000-8000-000000000001", "msg": {"eng": "Look"}, "media": {"eng": "image/jpeg:attachments/cat.jpg"}}]}],
	"metadata": {"uuid": "f0000000-0000-4000-8000-000000000001", "name": "Media", "revision": 1, "expires": 60}}]}`
	for _, tt := range []struct{ base, want string }{
		{"", "image/jpeg:http://temba.io/attachments/cat.jpg"},
		{"https://rapidpro.example.org/media/", "image/jpeg:https://rapidpro.example.org/media/attachments/cat.jpg"},
	} {
		t.Run(tt.want, func(t *testing.T) {
			st := startOn(t, "legacy.json", flow, "Media", Options{MediaURL: tt.base})
			var got []string
			for _, e := range st.Transcript {
				got = append(got, e.Attachments...)
			}
			if !slices.Contains(got, tt.want) {
				t.Errorf("attachments = [%s], want %s", strings.Join(got, ", "), tt.want)
			}
		})
	}
}
