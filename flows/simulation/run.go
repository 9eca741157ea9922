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
		c = Continue(s.Simulation, saved)
	} else {
		var err error
		if c, err = Start(s.Simulation); err != nil {
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
