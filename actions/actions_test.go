package actions_test

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/actions"
	"github.com/flowctl/flowctl/flows"
)

// examples holds one canonical action of every type, written as flow files write them. Each must
// decode into its registered struct and encode back to the same JSON.
var examples = map[string]string{
	"add_contact_groups":    `{"uuid":"a0000000-0000-4000-8000-000000000001","type":"add_contact_groups","groups":[{"uuid":"b0000000-0000-4000-8000-000000000001","name":"Testers"},{"name_match":"@fields.district"}]}`,
	"add_contact_urn":       `{"uuid":"a0000000-0000-4000-8000-000000000002","type":"add_contact_urn","scheme":"tel","path":"@results.phone"}`,
	"add_input_labels":      `{"uuid":"a0000000-0000-4000-8000-000000000003","type":"add_input_labels","labels":[{"uuid":"b0000000-0000-4000-8000-000000000002","name":"Spam"}]}`,
	"call_classifier":       `{"uuid":"a0000000-0000-4000-8000-000000000004","type":"call_classifier","classifier":{"uuid":"b0000000-0000-4000-8000-000000000003","name":"Booking"},"input":"@input.text","result_name":"Intent"}`,
	"call_llm":              `{"uuid":"a0000000-0000-4000-8000-000000000005","type":"call_llm","llm":{"uuid":"b0000000-0000-4000-8000-000000000004","name":"GPT"},"instructions":"Translate to French","input":"@input.text","output_local":"_llm_output"}`,
	"call_resthook":         `{"uuid":"a0000000-0000-4000-8000-000000000006","type":"call_resthook","resthook":"new-registration","result_name":"Hook"}`,
	"call_webhook":          `{"uuid":"a0000000-0000-4000-8000-000000000007","type":"call_webhook","method":"POST","url":"http://example.com/?q=@contact.uuid","headers":{"Content-Type":"application/json"},"body":"@(json(contact))","result_name":"Webhook"}`,
	"enter_flow":            `{"uuid":"a0000000-0000-4000-8000-000000000008","type":"enter_flow","flow":{"uuid":"b0000000-0000-4000-8000-000000000005","name":"Child"},"terminal":true}`,
	"open_ticket":           `{"uuid":"a0000000-0000-4000-8000-000000000009","type":"open_ticket","topic":{"uuid":"b0000000-0000-4000-8000-000000000006","name":"Weather"},"note":"Said @input.text","assignee":{"uuid":"b0000000-0000-4000-8000-000000000007","email":"bob@example.com","name":"Bob"}}`,
	"play_audio":            `{"uuid":"a0000000-0000-4000-8000-000000000010","type":"play_audio","audio_url":"http://example.com/hello.mp3"}`,
	"remove_contact_groups": `{"uuid":"a0000000-0000-4000-8000-000000000011","type":"remove_contact_groups","all_groups":true}`,
	"request_optin":         `{"uuid":"a0000000-0000-4000-8000-000000000012","type":"request_optin","optin":{"uuid":"b0000000-0000-4000-8000-000000000008","name":"Cat Facts"}}`,
	"say_msg":               `{"uuid":"a0000000-0000-4000-8000-000000000013","type":"say_msg","text":"Hello @contact.name","audio_url":"http://example.com/hello.mp3"}`,
	"send_broadcast":        `{"uuid":"a0000000-0000-4000-8000-000000000014","type":"send_broadcast","text":"Hi","attachments":["image/jpeg:http://example.com/a.jpg"],"quick_replies":["Yes","No"],"template":{"uuid":"b0000000-0000-4000-8000-000000000009","name":"greeting"},"template_variables":["@contact.name"],"urns":["tel:+12065551212"],"groups":[{"uuid":"b0000000-0000-4000-8000-000000000010","name":"Everyone"}],"contacts":[{"uuid":"b0000000-0000-4000-8000-000000000011","name":"Bob"}],"contact_query":"age > 18","legacy_vars":["@fields.supervisor"]}`,
	"send_email":            `{"uuid":"a0000000-0000-4000-8000-000000000015","type":"send_email","addresses":["bob@example.com"],"subject":"Hi","body":"Hello @contact.name"}`,
	"send_msg":              `{"uuid":"a0000000-0000-4000-8000-000000000016","type":"send_msg","text":"Hi @contact.name","attachments":["image:@fields.photo"],"quick_replies":["Yes","No"],"template":{"uuid":"b0000000-0000-4000-8000-000000000012","name":"revive"},"template_variables":["@contact.name"],"topic":"account"}`,
	"set_contact_channel":   `{"uuid":"a0000000-0000-4000-8000-000000000017","type":"set_contact_channel","channel":{"uuid":"b0000000-0000-4000-8000-000000000013","name":"Android"}}`,
	"set_contact_field":     `{"uuid":"a0000000-0000-4000-8000-000000000018","type":"set_contact_field","field":{"key":"age","name":"Age"},"value":"@results.age"}`,
	"set_contact_language":  `{"uuid":"a0000000-0000-4000-8000-000000000019","type":"set_contact_language","language":"eng"}`,
	"set_contact_name":      `{"uuid":"a0000000-0000-4000-8000-000000000020","type":"set_contact_name","name":"@input.text"}`,
	"set_contact_status":    `{"uuid":"a0000000-0000-4000-8000-000000000021","type":"set_contact_status","status":"blocked"}`,
	"set_contact_timezone":  `{"uuid":"a0000000-0000-4000-8000-000000000022","type":"set_contact_timezone","timezone":"Africa/Kigali"}`,
	"set_run_local":         `{"uuid":"a0000000-0000-4000-8000-000000000023","type":"set_run_local","local":"counter","operation":"increment","value":"1"}`,
	"set_run_result":        `{"uuid":"a0000000-0000-4000-8000-000000000024","type":"set_run_result","name":"Gender","value":"m","category":"Male"}`,
	"start_session":         `{"uuid":"a0000000-0000-4000-8000-000000000025","type":"start_session","flow":{"uuid":"b0000000-0000-4000-8000-000000000014","name":"Survey"},"urns":["tel:+250788123123"],"groups":[{"uuid":"b0000000-0000-4000-8000-000000000015","name":"Staff"}],"contacts":[{"uuid":"b0000000-0000-4000-8000-000000000016","name":"Ann"}],"legacy_vars":["@fields.friend"],"create_contact":true,"exclusions":{"in_a_flow":true}}`,
	"transfer_airtime":      `{"uuid":"a0000000-0000-4000-8000-000000000026","type":"transfer_airtime","amounts":{"RWF":500,"USD":0.5},"result_name":"Reward"}`,
}

func decode(t *testing.T, src string) flows.Action {
	t.Helper()
	var head struct{ Type string }
	if err := json.Unmarshal([]byte(src), &head); err != nil {
		t.Fatalf("bad example: %v", err)
	}
	ctor, ok := actions.Lookup(head.Type)
	if !ok {
		t.Fatalf("type %q not registered", head.Type)
	}
	a := ctor()
	if err := json.Unmarshal([]byte(src), a); err != nil {
		t.Fatalf("decoding %s: %v", head.Type, err)
	}
	return a
}

func TestEveryTypeHasAnExample(t *testing.T) {
	types := actions.Types()
	if len(types) != 26 {
		t.Errorf("registered %d types, want the 26 of the spec: %v", len(types), types)
	}
	for _, typ := range types {
		if _, ok := examples[typ]; !ok {
			t.Errorf("no round-trip example for %s", typ)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	for typ, src := range examples {
		t.Run(typ, func(t *testing.T) {
			a := decode(t, src)
			if a.Type() != typ {
				t.Errorf("Type() = %q, want %q", a.Type(), typ)
			}
			var want map[string]any
			_ = json.Unmarshal([]byte(src), &want)
			if a.UUID() != want["uuid"] {
				t.Errorf("UUID() = %q, want %q", a.UUID(), want["uuid"])
			}
			out, err := json.Marshal(a)
			if err != nil {
				t.Fatalf("encoding: %v", err)
			}
			var got map[string]any
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatalf("re-decoding %s: %v", out, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("round trip changed the action\n got: %s\nwant: %s", out, src)
			}
		})
	}
}

func TestConstructorsSetType(t *testing.T) {
	for _, typ := range actions.Types() {
		ctor, _ := actions.Lookup(typ)
		if got := ctor().Type(); got != typ {
			t.Errorf("new %s action has Type() %q", typ, got)
		}
	}
}

func TestAllowedFlowTypes(t *testing.T) {
	tests := []struct {
		typ     string
		allowed []flows.FlowType
		refused []flows.FlowType
	}{
		{"say_msg", []flows.FlowType{flows.FlowTypeVoice}, []flows.FlowType{flows.FlowTypeMessaging, flows.FlowTypeMessagingBackground}},
		{"play_audio", []flows.FlowType{flows.FlowTypeVoice}, []flows.FlowType{flows.FlowTypeMessagingOffline}},
		{"send_msg", flows.FlowTypes, nil},
		{"call_webhook", []flows.FlowType{flows.FlowTypeMessaging, flows.FlowTypeVoice, flows.FlowTypeMessagingBackground}, []flows.FlowType{flows.FlowTypeMessagingOffline}},
		{"transfer_airtime", []flows.FlowType{flows.FlowTypeMessaging}, []flows.FlowType{flows.FlowTypeMessagingOffline}},
		{"set_run_result", flows.FlowTypes, nil},
		{"add_input_labels", flows.InteractiveFlowTypes, []flows.FlowType{flows.FlowTypeMessagingBackground}},
	}
	for _, tt := range tests {
		ctor, _ := actions.Lookup(tt.typ)
		got := ctor().AllowedFlowTypes()
		for _, ft := range tt.allowed {
			if !slices.Contains(got, ft) {
				t.Errorf("%s should be allowed in %s flows", tt.typ, ft)
			}
		}
		for _, ft := range tt.refused {
			if slices.Contains(got, ft) {
				t.Errorf("%s should not be allowed in %s flows", tt.typ, ft)
			}
		}
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		src     string
		wantErr string // "" for valid
	}{
		{`{"type":"remove_contact_groups","all_groups":true}`, ""},
		{`{"type":"remove_contact_groups","groups":[{"uuid":"b0000000-0000-4000-8000-000000000001","name":"A"}]}`, ""},
		{`{"type":"remove_contact_groups","all_groups":true,"groups":[{"uuid":"b0000000-0000-4000-8000-000000000001","name":"A"}]}`, "can't specify specific groups when all_groups=true"},
		{`{"type":"transfer_airtime","amounts":{"USD":0.5,"RWF":500}}`, ""},
		{`{"type":"transfer_airtime","amounts":{"USD":1e16}}`, "amount for 'USD' is out of range"},
		{`{"type":"transfer_airtime","amounts":{"USD":1.7976931348623157e+308}}`, "amount for 'USD' is out of range"},
		{`{"type":"transfer_airtime","amounts":{"RWF":0}}`, ""},
		{`{"type":"transfer_airtime","amounts":{}}`, ""},
		{`{"type":"transfer_airtime","amounts":{"EUR":-3,"AAA":-1}}`, "amount for 'AAA' is out of range"},
	}
	for _, tt := range tests {
		a := decode(t, tt.src)
		v, ok := a.(flows.Validator)
		if !ok {
			t.Fatalf("%s has no Validate method", a.Type())
		}
		err := v.Validate()
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("%s: unexpected error %v", tt.src, err)
		case tt.wantErr != "" && (err == nil || !strings.HasPrefix(err.Error(), tt.wantErr)):
			t.Errorf("%s: got error %v, want one starting %q", tt.src, err, tt.wantErr)
		}
	}
}

func TestAssetRefs(t *testing.T) {
	a := decode(t, examples["call_resthook"]).(*actions.CallResthook)
	var ref flows.AssetRef = a.Resthook
	if ref.Kind() != flows.AssetResthook || ref.Identity() != "new-registration" {
		t.Errorf("resthook reference = %s %q", ref.Kind(), ref.Identity())
	}
}

func TestCanonical(t *testing.T) {
	tests := []struct {
		in, want string
		renamed  bool
	}{
		{"start_flow", "enter_flow", true},
		{"add_to_group", "add_contact_groups", true},
		{"send_msg", "send_msg", false},
		{"nonsense", "nonsense", false},
	}
	for _, tt := range tests {
		got, renamed := actions.Canonical(tt.in)
		if got != tt.want || renamed != tt.renamed {
			t.Errorf("Canonical(%q) = %q, %v; want %q, %v", tt.in, got, renamed, tt.want, tt.renamed)
		}
	}
}

func TestClosest(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"send_mgs", []string{"send_msg"}},
		{"set_contact_nam", []string{"set_contact_name"}},
		{"call_webhok", []string{"call_webhook"}},
		{"set_run_rsult", []string{"set_run_result"}},
		{"xyzzy", []string{}},
	}
	for _, tt := range tests {
		got := actions.Closest(tt.in, 1)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Closest(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	got := actions.Closest("set_contact_xxxx", 3)
	if len(got) < 2 || len(got) > 3 {
		t.Errorf("Closest(set_contact_xxxx, 3) = %v, want two or three suggestions", got)
	}
	for _, g := range got {
		if !strings.HasPrefix(g, "set_contact_") {
			t.Errorf("Closest(set_contact_xxxx, 3) suggests %s", g)
		}
	}
	if got := actions.Closest("send_mgs", 3); !reflect.DeepEqual(got, []string{"send_msg"}) {
		t.Errorf("Closest(send_mgs, 3) = %v, want only send_msg (the others are much further)", got)
	}
}
