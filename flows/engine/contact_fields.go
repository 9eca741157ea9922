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
