package flows_test

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/flowctl/flowctl/actions"
	"github.com/flowctl/flowctl/flows"
)

type visit struct {
	Pointer, Value string
	Localized      bool
}

func collect(walk func(flows.Visitor)) (tpls []visit, refs []string) {
	walk(flows.Visitor{
		Template: func(p, t string, l bool) { tpls = append(tpls, visit{p, t, l}) },
		AssetRef: func(p string, r flows.AssetRef) {
			refs = append(refs, fmt.Sprintf("%s %s:%s", p, r.Kind(), r.Identity()))
		},
	})
	return
}

// nested exercises what actions don't: embedded structs, pointers to structs, maps of
// structs, keys needing pointer escapes and a nil reference.
type nested struct {
	inner
	Deep    *nested                    `json:"deep,omitempty"`
	ByKey   map[string]*flows.GroupRef `json:"by_key"`
	Nothing *flows.FlowRef             `json:"nothing"`
	Plain   string                     `json:"plain"`
	NoJSON  string                     `flow:"template"`
	skipped string                     `flow:"template"`
}

type inner struct {
	Text string `json:"text" flow:"template,localized"`
}

func TestWalk(t *testing.T) {
	tests := []struct {
		name     string
		value    any
		wantTpls []visit
		wantRefs []string
	}{
		{
			name: "send_msg",
			value: &actions.SendMsg{Text: "Hi @contact.name", Attachments: []string{"image:@fields.pic", ""},
				QuickReplies: []string{"Yes", "No", "@fields.x"}, Template: &flows.TemplateRef{UUID: "t1", Name: "tpl"},
				TemplateVariables: []string{"@contact.name"}, Topic: "@not.a.template"},
			wantTpls: []visit{
				{"/text", "Hi @contact.name", true}, {"/attachments/0", "image:@fields.pic", true},
				{"/quick_replies/0", "Yes", true}, {"/quick_replies/1", "No", true}, {"/quick_replies/2", "@fields.x", true},
				{"/template_variables/0", "@contact.name", true},
			},
			wantRefs: []string{"/template templates:t1"},
		},
		{
			name: "call_webhook headers in key order with escapes",
			value: &actions.CallWebhook{Method: "GET", URL: "http://x/@contact.uuid",
				Headers: map[string]string{"X-B": "@fields.b", "A/b~c": "v"}, Body: ""},
			wantTpls: []visit{{"/url", "http://x/@contact.uuid", false}, {"/headers/A~1b~0c", "v", false}, {"/headers/X-B", "@fields.b", false}},
		},
		{
			name: "groups with uuid and name_match",
			value: &actions.AddContactGroups{Groups: []*flows.GroupRef{
				{UUID: "g1", Name: "A"}, nil, {NameMatch: "@fields.district"},
			}},
			wantTpls: []visit{{"/groups/2/name_match", "@fields.district", false}},
			wantRefs: []string{"/groups/0 groups:g1", "/groups/2 groups:"},
		},
		{
			name:     "resthook slug is a reference",
			value:    &actions.CallResthook{Resthook: "new-reg"},
			wantRefs: []string{"/resthook resthooks:new-reg"},
		},
		{
			name: "every reference type of start_session",
			value: &actions.StartSession{Flow: &flows.FlowRef{UUID: "f1"}, Groups: []*flows.GroupRef{{UUID: "g1"}},
				Contacts: []*flows.ContactRef{{UUID: "c1"}}, ContactQuery: "age > @fields.age", LegacyVars: []string{"@x"}},
			wantTpls: []visit{{"/contact_query", "age > @fields.age", false}, {"/legacy_vars/0", "@x", false}},
			wantRefs: []string{"/flow flows:f1", "/groups/0 groups:g1"},
		},
		{
			name: "open_ticket user by email",
			value: &actions.OpenTicket{Topic: &flows.TopicRef{UUID: "t1"}, Note: "@input",
				Assignee: &flows.UserRef{Email: "bob@x.com"}},
			wantTpls: []visit{{"/note", "@input", false}},
			wantRefs: []string{"/topic topics:t1", "/assignee users:bob@x.com"},
		},
		{
			name: "embedded, nested, maps and nils",
			value: &nested{inner: inner{Text: "a"}, Plain: "@not", NoJSON: "b", skipped: "c",
				Deep:  &nested{inner: inner{Text: "deep"}},
				ByKey: map[string]*flows.GroupRef{"z/1": {UUID: "g2", NameMatch: "@m"}, "a": nil}},
			wantTpls: []visit{{"/text", "a", true}, {"/deep/text", "deep", true}, {"/by_key/z~11/name_match", "@m", false}, {"/NoJSON", "b", false}},
			wantRefs: []string{"/by_key/z~11 groups:g2"},
		},
		{name: "nil", value: nil},
		{name: "typed nil", value: (*actions.SendMsg)(nil)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tpls, refs := collect(func(v flows.Visitor) { flows.Walk(tt.value, v) })
			if !reflect.DeepEqual(tpls, tt.wantTpls) {
				t.Errorf("templates:\n got %v\nwant %v", tpls, tt.wantTpls)
			}
			if !reflect.DeepEqual(refs, tt.wantRefs) {
				t.Errorf("refs:\n got %v\nwant %v", refs, tt.wantRefs)
			}
		})
	}
}

func TestWalkFlow(t *testing.T) {
	f := &flows.Flow{Nodes: []*flows.Node{
		{Actions: []flows.Action{&actions.SetContactField{Field: &flows.FieldRef{Key: "age"}, Value: "@input"}}},
		nil,
		{Router: &flows.Router{Operand: "@input.text", Cases: []*flows.Case{{Arguments: []string{"yes", ""}}},
			Categories: []*flows.Category{{Name: "Yes"}},
			Wait:       &flows.Wait{Type: flows.WaitTypeDial, Phone: "@fields.phone"}}},
	}}
	tpls, refs := collect(func(v flows.Visitor) { flows.WalkFlow(f, v) })
	wantTpls := []visit{
		{"/nodes/0/actions/0/value", "@input", false},
		{"/nodes/2/router/wait/phone", "@fields.phone", false},
		{"/nodes/2/router/operand", "@input.text", false},
		{"/nodes/2/router/cases/0/arguments/0", "yes", true},
	}
	if !reflect.DeepEqual(tpls, wantTpls) {
		t.Errorf("templates:\n got %v\nwant %v", tpls, wantTpls)
	}
	if want := []string{"/nodes/0/actions/0/field fields:age"}; !reflect.DeepEqual(refs, want) {
		t.Errorf("refs = %v, want %v", refs, want)
	}
	// nil-safe entry points
	flows.WalkFlow(nil, flows.Visitor{})
	flows.WalkNode(nil, flows.Visitor{})
}

func TestLocalizedProperties(t *testing.T) {
	tests := []struct {
		value any
		want  []string
	}{
		{&actions.SendMsg{}, []string{"text", "attachments", "quick_replies", "template_variables"}},
		{&actions.SayMsg{}, []string{"text", "audio_url"}},
		{&actions.SetRunResult{}, []string{"category"}},
		{&actions.CallWebhook{}, nil},
		{&flows.Category{}, []string{"name"}},
		{&flows.Case{}, []string{"arguments"}},
		{"not a struct", nil},
		{nil, nil},
	}
	for _, tt := range tests {
		if got := flows.LocalizedProperties(tt.value); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("LocalizedProperties(%T) = %v, want %v", tt.value, got, tt.want)
		}
	}
}

func TestEscapePointerToken(t *testing.T) {
	for in, want := range map[string]string{"a": "a", "a/b": "a~1b", "~": "~0", "~/": "~0~1", "": ""} {
		if got := flows.EscapePointerToken(in); got != want {
			t.Errorf("EscapePointerToken(%q) = %q, want %q", in, got, want)
		}
	}
}

func BenchmarkWalkAction(b *testing.B) {
	a := &actions.SendMsg{Text: "Hi @contact.name", QuickReplies: []string{"a", "b"}, Template: &flows.TemplateRef{UUID: "x"}}
	n := 0
	vis := flows.Visitor{Template: func(string, string, bool) { n++ }, AssetRef: func(string, flows.AssetRef) { n++ }}
	b.ReportAllocs()
	for b.Loop() {
		flows.Walk(a, vis)
	}
}

func ExampleWalk() {
	a := &actions.SendMsg{Text: "Hi @contact.name", QuickReplies: []string{"Yes", "@fields.other"},
		Template: &flows.TemplateRef{UUID: "5722e1fd-fe32-4e74-ac78-3cf41a6adb7c", Name: "greeting"}}
	flows.Walk(a, flows.Visitor{
		Template: func(pointer, tpl string, localized bool) { fmt.Println(pointer, tpl, localized) },
		AssetRef: func(pointer string, ref flows.AssetRef) { fmt.Println(pointer, ref.Kind(), ref.Identity()) },
	})
	// Output:
	// /text Hi @contact.name true
	// /quick_replies/0 Yes true
	// /quick_replies/1 @fields.other true
	// /template templates 5722e1fd-fe32-4e74-ac78-3cf41a6adb7c
}

// TestRewriteTemplates: every template Walk reports is rewritten, and nothing else.
func TestRewriteTemplates(t *testing.T) {
	up := func(s string) string { return "<" + s + ">" }
	tests := []struct {
		name  string
		value any
		want  any
	}{
		{"send_msg", &actions.SendMsg{Text: "hi", QuickReplies: []string{"a", ""}, Template: &flows.TemplateRef{UUID: "x", Name: "n"}},
			&actions.SendMsg{Text: "<hi>", QuickReplies: []string{"<a>", ""}, Template: &flows.TemplateRef{UUID: "x", Name: "n"}}},
		{"webhook headers", &actions.CallWebhook{Method: "GET", URL: "u", Headers: map[string]string{"A": "1", "B": ""}},
			&actions.CallWebhook{Method: "GET", URL: "<u>", Headers: map[string]string{"A": "<1>", "B": ""}}},
		{"node router", &flows.Node{UUID: "n", Router: &flows.Router{Type: "switch", Operand: "op", ResultName: "r",
			Cases: []*flows.Case{{UUID: "c", Type: "has_text", Arguments: []string{"x"}}}, Categories: []*flows.Category{{Name: "cat"}}}},
			&flows.Node{UUID: "n", Router: &flows.Router{Type: "switch", Operand: "<op>", ResultName: "r",
				Cases: []*flows.Case{{UUID: "c", Type: "has_text", Arguments: []string{"<x>"}}}, Categories: []*flows.Category{{Name: "cat"}}}}},
	}
	for _, tt := range tests {
		flows.RewriteTemplates(tt.value, up)
		if !reflect.DeepEqual(tt.value, tt.want) {
			t.Errorf("%s: got %+v, want %+v", tt.name, tt.value, tt.want)
		}
	}
	flows.RewriteTemplates(nil, up) // nil-safe
}

func TestLocalizedTemplates(t *testing.T) {
	tests := []struct {
		value any
		want  []string
	}{
		{&actions.SendMsg{}, []string{"text", "attachments", "quick_replies", "template_variables"}},
		{&actions.SetRunResult{}, nil}, // category is translated but not a template
		{&flows.Category{}, nil},
		{&flows.Case{}, []string{"arguments"}},
		{nil, nil},
	}
	for _, tt := range tests {
		if got := flows.LocalizedTemplates(tt.value); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("LocalizedTemplates(%T) = %v, want %v", tt.value, got, tt.want)
		}
	}
}
