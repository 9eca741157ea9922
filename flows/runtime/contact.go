package runtime

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/flowctl/flowctl/flows"
)

// Ref names an asset in events and in the contact: a UUID and the name it had.
type Ref struct {
	UUID string `json:"uuid"`
	Name string `json:"name"`
}

// Contact statuses.
const (
	StatusActive   = "active"
	StatusBlocked  = "blocked"
	StatusStopped  = "stopped"
	StatusArchived = "archived"
)

// Contact is the person a session talks to, in goflow's contact JSON.
type Contact struct {
	UUID       string                 `json:"uuid"`
	ID         int64                  `json:"id,omitempty"`
	Name       string                 `json:"name,omitempty"`
	Language   string                 `json:"language,omitempty"`
	Timezone   string                 `json:"timezone,omitempty"`
	Status     string                 `json:"status,omitempty"`
	CreatedOn  time.Time              `json:"created_on"`
	LastSeenOn *time.Time             `json:"last_seen_on,omitempty"`
	URNs       []URN                  `json:"urns,omitempty"`
	Groups     []Ref                  `json:"groups,omitempty"`
	Fields     map[string]*FieldValue `json:"fields,omitempty"`
	Tickets    []*Ticket              `json:"tickets,omitempty"`
}

// FieldValue is a contact field's value: the text as set plus the typed forms it parsed as. A
// field's type (from its asset) decides which form expressions see.
type FieldValue struct {
	Text     string      `json:"text"`
	Number   json.Number `json:"number,omitempty"`
	Datetime string      `json:"datetime,omitempty"`
	State    string      `json:"state,omitempty"`
	District string      `json:"district,omitempty"`
	Ward     string      `json:"ward,omitempty"`
}

// Ticket is a support ticket opened for the contact.
type Ticket struct {
	UUID     string `json:"uuid"`
	Status   string `json:"status"`
	Topic    *Ref   `json:"topic"`
	Assignee *Ref   `json:"assignee,omitempty"`
}

// Clone returns a deep copy, so a session can keep the contact it started with.
func (c *Contact) Clone() *Contact {
	if c == nil {
		return nil
	}
	out := *c
	out.URNs = append([]URN(nil), c.URNs...)
	out.Groups = append([]Ref(nil), c.Groups...)
	if c.Fields != nil {
		out.Fields = make(map[string]*FieldValue, len(c.Fields))
		for k, v := range c.Fields {
			if v != nil {
				cp := *v
				out.Fields[k] = &cp
			}
		}
	}
	out.Tickets = append([]*Ticket(nil), c.Tickets...)
	return &out
}

// InGroup reports whether the contact belongs to the group with this UUID.
func (c *Contact) InGroup(uuid string) bool {
	for _, g := range c.Groups {
		if g.UUID == uuid {
			return true
		}
	}
	return false
}

// PreferredURN is the first URN, which goflow treats as the preferred one, or "".
func (c *Contact) PreferredURN() URN {
	if len(c.URNs) == 0 {
		return ""
	}
	return c.URNs[0]
}

// URNWithScheme returns the first URN with a scheme, or "".
func (c *Contact) URNWithScheme(scheme string) URN {
	for _, u := range c.URNs {
		if u.Scheme() == scheme {
			return u
		}
	}
	return ""
}

// ContactCountry is the country of the contact's first phone number, else the default.
func ContactCountry(c *Contact, def string) string {
	if c != nil {
		for _, u := range c.URNs {
			if u.Scheme() == "tel" {
				if cc := phoneCountry(u.Path()); cc != "" {
					return cc
				}
			}
		}
	}
	return def
}

// RunCountry is the country a run reads local phone numbers in, as the reference's run
// environment has it: the country of the channel messages to the contact go out on (see Route)
// when that channel has one, else the contact's (ContactCountry), else def.
func RunCountry(c *Contact, assets *flows.Assets, def string) string {
	if c == nil || len(c.URNs) == 0 {
		return def
	}
	if _, ch := Route(c, assets); ch != nil {
		if cc, _ := ch.Extra["country"].(string); cc != "" {
			return strings.ToUpper(cc)
		}
	}
	return ContactCountry(c, def)
}
