package runtime

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestDecodeEvent(t *testing.T) {
	for _, tc := range []struct {
		typ, src string
		ok       bool
		err      string
	}{
		{"msg_created", `{"msg": {"text": "hi", "quick_replies": [{"text": "yes", "type": "text"}]}}`, true, ""},
		{"warning", `{"text": "careful", "code": "x"}`, true, ""},
		{"msg_created", `{"msg": {"txt": "hi"}}`, true, `unknown field "txt"`},
		{"contact_name_changed", `{"name": "Ann"}`, false, ""},
		{"run_started", `{}`, false, ""},
	} {
		e, ok, err := DecodeEvent(tc.typ, []byte(tc.src))
		if ok != tc.ok {
			t.Errorf("%s: ok %v, want %v", tc.typ, ok, tc.ok)
			continue
		}
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s %s: error %v, want %q", tc.typ, tc.src, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.typ, err)
			continue
		}
		if ok && e.Type() != tc.typ {
			t.Errorf("decoded type %q, want %q", e.Type(), tc.typ)
		}
	}
	e, _, _ := DecodeEvent("msg_created", []byte(`{"msg": {"text": "hi"}}`))
	if m, isMsg := e.(*MsgCreated); !isMsg || m.Msg.Text != "hi" {
		t.Errorf("decoded %+v", e)
	}
	if StateEventAction("contact_name_changed") != "set_contact_name" || StateEventAction("msg_created") != "" {
		t.Error("StateEventAction")
	}
}

func TestCustomEventJSON(t *testing.T) {
	e := NewCustomEvent("profile_set", map[string]any{"type": "ignored", "profile": "<Ann>", "index": 1})
	e.UUID = "u1"
	// written as the commands write JSON: without HTML escaping
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(e); err != nil {
		t.Fatal(err)
	}
	out := bytes.TrimSpace(b.Bytes())
	want := `{"type":"profile_set","uuid":"u1","created_on":"0001-01-01T00:00:00Z","index":1,"profile":"<Ann>"}`
	if string(out) != want {
		t.Errorf("JSON\n got %s\nwant %s", out, want)
	}
}
