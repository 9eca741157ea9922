package smartagent

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/flowctl/flowctl/desktop"
)

// A message's payload is checked against its documented shape before anything happens: unknown
// keys, missing keys and wrong types are errors that name the message and the key.

type kind int

const (
	kString kind = iota
	kObject
	kArray
	kStringMap
)

func (k kind) String() string {
	return [...]string{"a string", "an object", "an array", "an object of strings"}[k]
}

type field struct {
	name     string
	kind     kind
	required bool
}

type messageSpec struct {
	fields []field
	// check runs after the fields are checked, for rules across fields.
	check func(payload map[string]any) error
	run   func(p *Protocol, d *desktop.Desktop, w *desktop.Window, payload map[string]any) (any, *failure)
}

var e164 = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)

// Messages are the message types sendMessage takes, with their payloads.
var Messages = []string{"update_contact", "update_customer", "transfer_call", "end_conference_call", "quick_connect",
	"update_quick_connects", "show_notification", "show_popup_message"}

var specs = map[string]messageSpec{
	"update_contact": {
		fields: []field{{"contactId", kString, false}, {"attributes", kStringMap, true}},
		check: func(p map[string]any) error {
			if len(p["attributes"].(map[string]any)) == 0 {
				return fmt.Errorf("attributes is empty: give at least one attribute to set")
			}
			return nil
		},
		run: func(p *Protocol, d *desktop.Desktop, w *desktop.Window, payload map[string]any) (any, *failure) {
			return p.invoke(d, w, "UpdateContact", payload, map[string]any{"attributes": payload["attributes"]})
		},
	},
	"update_customer": {
		fields: []field{{"contactId", kString, false}, {"name", kString, false}, {"phoneNumber", kString, false}, {"email", kString, false}},
		check: func(p map[string]any) error {
			if p["name"] == nil && p["phoneNumber"] == nil && p["email"] == nil {
				return fmt.Errorf("give at least one of name, phoneNumber, email")
			}
			if n, ok := p["phoneNumber"].(string); ok && !e164.MatchString(n) {
				return fmt.Errorf("phoneNumber %q is not in E.164 form (+ and 7 to 15 digits, e.g. +14155550123)", n)
			}
			if e, ok := p["email"].(string); ok && !strings.Contains(strings.TrimPrefix(e, "@"), "@") {
				return fmt.Errorf("email %q is not an email address", e)
			}
			return nil
		},
		run: func(p *Protocol, d *desktop.Desktop, w *desktop.Window, payload map[string]any) (any, *failure) {
			customer := map[string]any{}
			for from, to := range map[string]string{"name": "name", "phoneNumber": "phone", "email": "email"} {
				if v, ok := payload[from]; ok {
					customer[to] = v
				}
			}
			return p.invoke(d, w, "UpdateContact", payload, map[string]any{"customer": customer})
		},
	},
	"transfer_call": {
		fields: []field{{"contactId", kString, false}, {"endpoint", kObject, true}},
		check: func(p map[string]any) error {
			_, err := endpointTarget(p["endpoint"].(map[string]any), "endpoint")
			return err
		},
		run: func(p *Protocol, d *desktop.Desktop, w *desktop.Window, payload map[string]any) (any, *failure) {
			t, _ := endpointTarget(payload["endpoint"].(map[string]any), "endpoint")
			return p.invoke(d, w, "TransferTask", payload, map[string]any{"targetType": t.Type, "target": t.Value})
		},
	},
	"end_conference_call": {
		fields: []field{{"contactId", kString, false}},
		run: func(p *Protocol, d *desktop.Desktop, w *desktop.Window, payload map[string]any) (any, *failure) {
			return p.invoke(d, w, "EndConferenceCall", payload, map[string]any{})
		},
	},
	"quick_connect": {
		fields: []field{{"contactId", kString, false}, {"name", kString, true}},
		run: func(p *Protocol, d *desktop.Desktop, w *desktop.Window, payload map[string]any) (any, *failure) {
			return p.invoke(d, w, "TransferTask", payload, map[string]any{"targetType": "quick_connect", "target": payload["name"]})
		},
	},
	"update_quick_connects": {
		fields: []field{{"quickConnects", kArray, true}},
		check:  func(p map[string]any) error { _, err := quickConnects(p["quickConnects"].([]any)); return err },
		run: func(p *Protocol, d *desktop.Desktop, w *desktop.Window, payload map[string]any) (any, *failure) {
			qs, _ := quickConnects(payload["quickConnects"].([]any))
			d.SetQuickConnects(qs)
			return map[string]any{"quickConnects": len(qs)}, nil
		},
	},
	"show_notification": {
		fields: []field{{"title", kString, false}, {"message", kString, true}, {"level", kString, false}},
		check: func(p map[string]any) error {
			levels := []string{"info", "success", "warning", "error"}
			if l, ok := p["level"].(string); ok && !slices.Contains(levels, l) {
				return fmt.Errorf("level %q: want one of %s%s", l, strings.Join(levels, ", "), suggest(l, levels))
			}
			return nil
		},
		run: shown("notification"),
	},
	"show_popup_message": {
		fields: []field{{"title", kString, false}, {"message", kString, true}},
		run:    shown("popup"),
	},
}

// shown keeps a notification or pop-up for the desktop to show.
func shown(kind string) func(*Protocol, *desktop.Desktop, *desktop.Window, map[string]any) (any, *failure) {
	return func(p *Protocol, d *desktop.Desktop, w *desktop.Window, payload map[string]any) (any, *failure) {
		p.noteSeq++
		n := Note{Seq: p.noteSeq, Plugin: w.Plugin.ID, Window: w.ID, Kind: kind, Time: d.Now().Format(desktop.TimeFormat)}
		n.Title, _ = payload["title"].(string)
		n.Message, _ = payload["message"].(string)
		if kind == "notification" {
			n.Level = "info"
			if l, ok := payload["level"].(string); ok {
				n.Level = l
			}
		}
		p.notes = append(p.notes, n)
		if len(p.notes) > maxNotes {
			p.notes = slices.Delete(p.notes, 0, len(p.notes)-maxNotes)
		}
		return map[string]any{"shown": true}, nil
	}
}

// message checks a message's payload and carries it out.
func (p *Protocol) message(d *desktop.Desktop, w *desktop.Window, typ string, payload map[string]any) (any, *failure) {
	spec, ok := specs[typ]
	if !ok {
		return nil, fail(codeInvalidPayload, "unknown message type %q: want one of %s%s", typ, strings.Join(Messages, ", "), suggest(typ, Messages))
	}
	if err := checkFields(payload, spec.fields); err != nil {
		return nil, fail(codeInvalidPayload, "%s: %v", typ, err)
	}
	if spec.check != nil {
		if err := spec.check(payload); err != nil {
			return nil, fail(codeInvalidPayload, "%s: %v", typ, err)
		}
	}
	return spec.run(p, d, w, payload)
}

func checkFields(payload map[string]any, fields []field) error {
	var names []string
	for _, f := range fields {
		names = append(names, f.name)
	}
	keys := make([]string, 0, len(payload))
	for k := range payload {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !slices.Contains(names, k) {
			return fmt.Errorf("unknown key %q: the payload takes %s%s", k, strings.Join(names, ", "), suggest(k, names))
		}
	}
	for _, f := range fields {
		v, ok := payload[f.name]
		if !ok || v == nil {
			if f.required {
				return fmt.Errorf("%s is missing: it is required (%s)", f.name, f.kind)
			}
			continue
		}
		if !hasKind(v, f.kind) {
			return fmt.Errorf("%s must be %s, not %s", f.name, f.kind, encodeJSON(v))
		}
	}
	return nil
}

func hasKind(v any, k kind) bool {
	switch k {
	case kString:
		_, ok := v.(string)
		return ok
	case kObject:
		_, ok := v.(map[string]any)
		return ok
	case kArray:
		_, ok := v.([]any)
		return ok
	}
	m, ok := v.(map[string]any)
	if !ok {
		return false
	}
	for _, x := range m {
		if _, ok := x.(string); !ok {
			return false
		}
	}
	return true
}

// endpointTarget reads an endpoint ({"type": "phone_number", "phoneNumber": "+1..."}, {"type":
// "agent", "agentLogin": "bob"}, {"type": "queue", "queue": "Billing"}) as a transfer target.
func endpointTarget(ep map[string]any, where string) (desktop.Target, error) {
	types := []string{"phone_number", "agent", "queue"}
	typ, _ := ep["type"].(string)
	key := map[string]string{"phone_number": "phoneNumber", "agent": "agentLogin", "queue": "queue"}[typ]
	if key == "" {
		return desktop.Target{}, fmt.Errorf("%s.type must be one of %s (got %s)%s", where, strings.Join(types, ", "), encodeJSON(ep["type"]), suggest(typ, types))
	}
	if err := checkFields(ep, []field{{"type", kString, true}, {key, kString, true}, {"name", kString, false}}); err != nil {
		return desktop.Target{}, fmt.Errorf("%s (%s): %v", where, typ, err)
	}
	value := ep[key].(string)
	if typ == "phone_number" && !e164.MatchString(value) {
		return desktop.Target{}, fmt.Errorf("%s.phoneNumber %q is not in E.164 form (+ and 7 to 15 digits, e.g. +14155550123)", where, value)
	}
	return desktop.Target{Type: typ, Value: value}, nil
}

func quickConnects(items []any) ([]desktop.QuickConnect, error) {
	var out []desktop.QuickConnect
	for i, item := range items {
		m, ok := item.(map[string]any)
		where := fmt.Sprintf("quickConnects[%d]", i)
		if !ok {
			return nil, fmt.Errorf("%s must be an object with name and endpoint", where)
		}
		if err := checkFields(m, []field{{"name", kString, true}, {"endpoint", kObject, true}}); err != nil {
			return nil, fmt.Errorf("%s: %v", where, err)
		}
		t, err := endpointTarget(m["endpoint"].(map[string]any), where+".endpoint")
		if err != nil {
			return nil, err
		}
		out = append(out, desktop.QuickConnect{Name: m["name"].(string), Target: t})
	}
	return out, nil
}

// invoke runs a desktop action for a message, on the payload's contactId or the window's contact.
func (p *Protocol) invoke(d *desktop.Desktop, w *desktop.Window, action string, payload, data map[string]any) (any, *failure) {
	if id, ok := payload["contactId"].(string); ok {
		data["contactId"] = id
	} else if w.ContactRef > 0 {
		data["contactId"] = fmt.Sprintf("#%d", w.ContactRef)
	}
	res := d.Invoke(action, w.Plugin.ID, data)
	switch {
	case res.Aborted:
		return nil, fail(codeNotAllowed, "%s was aborted by %s", action, res.AbortedBy)
	case res.Err != nil && desktop.IsStateError(res.Err):
		return nil, fail(codeNotAllowed, "%v", res.Err)
	case res.Err != nil:
		return nil, fail(codeFailed, "%v", res.Err)
	}
	out := map[string]any{"ok": true}
	if ref, ok := data["contactId"].(string); ok {
		if c, err := d.Contact(ref); err == nil {
			out["contactId"] = c.ContactID
		}
	}
	return out, nil
}
