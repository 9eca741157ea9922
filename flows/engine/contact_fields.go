package engine

import "github.com/flowctl/flowctl/flows/runtime"

// SetContactField sets a field of the session's contact from outside the flow (nil clears it):
// an agent desktop's plugin changing a contact attribute while the contact talks to an agent.
// The session's runs read the new value from then on.
func (s *Session) SetContactField(key string, v *runtime.FieldValue) {
	if s.Contact == nil {
		return
	}
	if v == nil {
		delete(s.Contact.Fields, key)
	} else {
		if s.Contact.Fields == nil {
			s.Contact.Fields = map[string]*runtime.FieldValue{}
		}
		s.Contact.Fields[key] = v
	}
	s.contactChanged()
}

// dropEmptyFields forgets the values a contact comes in with whose text is empty: the reference
// reads such a value as no value at all (whatever number or date it carries), so it is null in
// expressions, unset for queries and absent from the contact's JSON.
func dropEmptyFields(c *runtime.Contact) {
	if c == nil {
		return
	}
	for k, v := range c.Fields {
		if v == nil || v.Text == "" {
			delete(c.Fields, k)
		}
	}
}
