package simulation

import (
	"github.com/flowctl/flowctl/flows/engine"
)

// Outcome is a finished run: the conversation, and the replies it didn't need because the
// session ended first.
type Outcome struct {
	*Conversation
	Unused int
}

// Run starts the session (or takes up saved, when not nil) and applies the resume files, then
// the replies, while the session waits; replies left when it ends are counted as unused, as a
// real session ignores late replies. A reply the wait can't take stops the run with a
// *RejectedError; the outcome then holds the steps so far.
func (s *Simulation) Run(saved *engine.Session) (*Outcome, error) {
	var c *Conversation
	if saved != nil {
		c = s.Continue(saved)
	} else {
		var err error
		if c, err = s.Start(); err != nil {
			return nil, err
		}
	}
	out := &Outcome{Conversation: c}
	for i, res := range s.Simulation.Resumes {
		if !c.Waiting() {
			out.Unused = len(s.Simulation.Resumes) - i + len(s.Replies)
			return out, nil
		}
		if _, err := c.Apply(res); err != nil {
			return out, err
		}
	}
	for i, r := range s.Replies {
		if !c.Waiting() {
			out.Unused = len(s.Replies) - i
			return out, nil
		}
		if _, err := c.Reply(r); err != nil {
			return out, err
		}
	}
	return out, nil
}

// Start starts the session as Start does, with the contact's replies coming through its channel
// when its URN names one.
func (s *Simulation) Start() (*Conversation, error) {
	c, err := Start(s.Simulation)
	if err == nil {
		c.channel = s.channel
	}
	return c, err
}

// Continue takes up a saved session as Continue does, with the contact's channel.
func (s *Simulation) Continue(saved *engine.Session) *Conversation {
	c := Continue(s.Simulation, saved)
	c.channel = s.channel
	return c
}
