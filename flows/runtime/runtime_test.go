package runtime

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestURNParts(t *testing.T) {
	tests := []struct {
		urn                            URN
		scheme, path, channel, display string
		identity                       URN
	}{
		{"tel:+12065551212?channel=57f1078f-88aa-46f4-a59a-948a5739c03d", "tel", "+12065551212", "57f1078f-88aa-46f4-a59a-948a5739c03d", "", "tel:+12065551212"},
		{"twitterid:54784326227#nyaruka", "twitterid", "54784326227", "", "nyaruka", "twitterid:54784326227"},
		{"mailto:bob@example.com", "mailto", "bob@example.com", "", "", "mailto:bob@example.com"},
		{"nonsense", "", "nonsense", "", "", "nonsense"},
	}
	for _, tc := range tests {
		if s, p := tc.urn.Scheme(), tc.urn.Path(); s != tc.scheme || p != tc.path {
			t.Errorf("%s: scheme %q path %q", tc.urn, s, p)
		}
		if c := tc.urn.ChannelUUID(); c != tc.channel {
			t.Errorf("%s: channel %q", tc.urn, c)
		}
		if d := tc.urn.Display(); d != tc.display {
			t.Errorf("%s: display %q", tc.urn, d)
		}
		if id := tc.urn.Identity(); id != tc.identity {
			t.Errorf("%s: identity %q", tc.urn, id)
		}
	}
	if got := URN("twitterid:54784326227#nyaruka").WithChannel("abc"); got != "twitterid:54784326227?channel=abc#nyaruka" {
		t.Errorf("WithChannel: %s", got)
	}
}

// TestNormalizeAndValidateURN: URNs are normalized as the reference stores them, without a
// default country: international numbers (with or without '+') in E.164, anything else on tel
// reduced to its letters and digits; validity as the reference judges it.
func TestNormalizeAndValidateURN(t *testing.T) {
	tests := []struct {
		in    URN
		want  URN
		valid bool
	}{
		{"tel:12065551212", "tel:+12065551212", true},
		{"tel:+1 (206) 555-1313", "tel:+12065551313", true},
		{"tel:1-206-555-1414", "tel:+12065551414", true},
		{"tel: 0788 123 123 ", "tel:0788123123", true},
		{"tel:2065551313", "tel:2065551313", true},
		{"tel:not a number", "tel:notanumber", true},
		{"tel:ABC-123", "tel:abc123", true},
		{"tel:+1206555", "tel:+1206555", true},
		{"tel:+250788", "tel:+250788", false},
		{"tel:+250788123123456789", "tel:+250788123123456789", false},
		{"tel:+abc", "tel:+abc", false},
		{"MAILTO:Bob@Example.com", "mailto:bob@example.com", true},
		{"twitter:@Bob", "twitter:bob", true},
		{"whatsapp:+250 788 123 123", "whatsapp:+250 788 123 123", false},
		{"telegram:qwerty", "telegram:qwerty", false},
		{"xmpp:bob", "xmpp:bob", false},
		{"tel:", "tel:", false},
	}
	for _, tc := range tests {
		got := NormalizeURN(tc.in, "")
		if got != tc.want || got.Validate() != tc.valid {
			t.Errorf("NormalizeURN(%q) = %q valid %v, want %q valid %v", tc.in, got, got.Validate(), tc.want, tc.valid)
		}
	}
}

// A tel path that isn't a phone number is tidied into a sender id (letters and digits, lower
// case) only when that leaves 3 to 64 of them and no '+'; otherwise it is kept as written, and a
// tel path with capitals, punctuation or other characters isn't valid.
func TestRuleTelPathKeptUnlessSenderID(t *testing.T) {
	tests := []struct {
		in    URN
		want  URN
		valid bool
	}{
		{"tel:Hi", "tel:Hi", false},
		{"tel:hi", "tel:hi", true},
		{"tel:x", "tel:x", true},
		{"tel:Q", "tel:Q", false},
		{"tel:FLO", "tel:flo", true},
		{"tel:Help-Desk", "tel:helpdesk", true},
		{"tel:A-B", "tel:A-B", false},
		{"tel:hi!", "tel:hi!", false},
		{"tel: Ab ", "tel:Ab", false},
		{"tel:a b", "tel:a b", false},
		{"tel:1-2", "tel:1-2", false},
		{"tel:1-23", "tel:123", true},
		{"tel:12", "tel:12", true},
		{"tel:École", "tel:cole", true},
		{"tel:é1", "tel:é1", false},
		{"tel:👋", "tel:👋", false},
		{"tel:+ABC", "tel:+ABC", false},
		{"tel:+12 34", "tel:+12 34", false},
		{"tel:+1 (234) 567", "tel:+1 (234) 567", false},
		{URN("tel:" + strings.Repeat("A", 64)), URN("tel:" + strings.Repeat("a", 64)), true},
		{URN("tel:" + strings.Repeat("A", 65)), URN("tel:" + strings.Repeat("A", 65)), false},
	}
	for _, tc := range tests {
		got := NormalizeURN(tc.in, "")
		if got != tc.want || got.Validate() != tc.valid {
			t.Errorf("NormalizeURN(%q) = %q valid %v, want %q valid %v", tc.in, got, got.Validate(), tc.want, tc.valid)
		}
	}
}

func TestContactCountry(t *testing.T) {
	tests := []struct {
		urns []URN
		def  string
		want string
	}{
		{[]URN{"tel:+12065551212"}, "RW", "US"},
		{[]URN{"twitterid:1", "tel:+250788123123"}, "", "RW"},
		{[]URN{"mailto:a@b.c"}, "EC", "EC"},
		{nil, "", ""},
	}
	for _, tc := range tests {
		if got := ContactCountry(&Contact{URNs: tc.urns}, tc.def); got != tc.want {
			t.Errorf("%v (default %q): %q, want %q", tc.urns, tc.def, got, tc.want)
		}
	}
	if got := ContactCountry(nil, "KE"); got != "KE" {
		t.Errorf("no contact: %q", got)
	}
}

// TestEventJSON pins the goflow shapes of a few events: empty optional fields left out,
// required ones always written.
func TestEventJSON(t *testing.T) {
	at := time.Date(2025, 5, 4, 12, 30, 45, 0, time.UTC)
	stamp := func(e Event) Event {
		e.Base().UUID = "01969b47-0000-7000-8000-000000000001"
		e.Base().CreatedOn = at
		return e
	}
	started := NewRunStarted()
	started.Flow = FlowRef{UUID: "f", Name: "Flow"}
	started.RunUUID = "r"
	wait := NewMsgWait()
	wait.ExpiresOn = &at
	tests := []struct {
		e    Event
		want string
	}{
		{started, `{"type":"run_started","uuid":"01969b47-0000-7000-8000-000000000001","created_on":"2025-05-04T12:30:45Z","flow":{"uuid":"f","name":"Flow"},"run_uuid":"r"}`},
		{NewMsgCreated(MsgOut{Text: "Hi", Locale: "eng-US", UnsendableReason: "no_route"}), `{"type":"msg_created","uuid":"01969b47-0000-7000-8000-000000000001","created_on":"2025-05-04T12:30:45Z","msg":{"text":"Hi","locale":"eng-US","unsendable_reason":"no_route"}}`},
		{NewContactFieldChanged(FieldRef{Key: "age", Name: "Age"}, nil), `{"type":"contact_field_changed","uuid":"01969b47-0000-7000-8000-000000000001","created_on":"2025-05-04T12:30:45Z","field":{"key":"age","name":"Age"},"value":null}`},
		{wait, `{"type":"msg_wait","uuid":"01969b47-0000-7000-8000-000000000001","created_on":"2025-05-04T12:30:45Z","expires_on":"2025-05-04T12:30:45Z"}`},
		{NewCodedError("expression", "Error evaluating expression: division by zero", map[string]string{"expression": "@(1 / 0)"}),
			`{"type":"error","uuid":"01969b47-0000-7000-8000-000000000001","created_on":"2025-05-04T12:30:45Z","text":"Error evaluating expression: division by zero","code":"expression","extra":{"expression":"@(1 / 0)"}}`},
		{NewWebhookCalled(&HTTPLog{URL: "http://x/", Status: "connection_error", Request: "GET / HTTP/1.1\r\n\r\n", Sizes: HTTPSizes{Request: 18}}),
			`{"type":"webhook_called","uuid":"01969b47-0000-7000-8000-000000000001","created_on":"2025-05-04T12:30:45Z","url":"http://x/","status":"connection_error","request":"GET / HTTP/1.1\r\n\r\n","elapsed_ms":0,"retries":0,"sizes":{"request":18,"response":0}}`},
	}
	for _, tc := range tests {
		b, err := json.Marshal(stamp(tc.e))
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.e.Type(), b, tc.want)
		}
	}
}

func TestContactJSONRoundTrip(t *testing.T) {
	src := `{"uuid":"ba96bf7f-bc2a-4873-a7c7-254d1927c4e3","id":1234567,"name":"Ben Haggerty","language":"eng","timezone":"America/Guayaquil","status":"active","created_on":"2018-06-20T11:40:30.123456789Z","urns":["tel:+12065551212?channel=57f1078f-88aa-46f4-a59a-948a5739c03d"],"groups":[{"uuid":"b7cf0d83-f1c9-411c-96fd-c511a4cfa86d","name":"Testers"}],"fields":{"age":{"text":"23","number":23},"state":{"text":"Azuay","state":"Ecuador > Azuay"}}}`
	var c Contact
	if err := json.Unmarshal([]byte(src), &c); err != nil {
		t.Fatal(err)
	}
	var buf strings.Builder
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // as flowctl prints: "Ecuador > Azuay", not "\u003e"
	if err := enc.Encode(&c); err != nil {
		t.Fatal(err)
	}
	if out := strings.TrimSpace(buf.String()); out != src {
		t.Errorf("round trip changed the contact:\n got %s\nwant %s", out, src)
	}
	cp := c.Clone()
	cp.Fields["age"].Text = "24"
	cp.Groups[0].Name = "Changed"
	if c.Fields["age"].Text != "23" || c.Groups[0].Name != "Testers" {
		t.Error("Clone shares state with the original")
	}
}
