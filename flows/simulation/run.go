package simulation

import (
	"errors"
	"fmt"
	"time"

	"github.com/flowctl/flowctl/flows/engine"
)

// DefaultTimeLimit is how long one run (a whole conversation, or one scenario of a test) may
// take unless --timeout-run says otherwise: real flows take milliseconds; a minute is there to
// stop a flow that loops through costly templates, not to hurry one.
const DefaultTimeLimit = time.Minute

// TimeLimitError says a run was stopped at its time limit (see Setup.TimeLimit).
type TimeLimitError struct {
	Limit time.Duration
}

func (e *TimeLimitError) Error() string {
	return fmt.Sprintf("the run took longer than %s and was stopped (--timeout-run sets the limit)", e.Limit)
}

// Unwrap returns engine.ErrTimeLimit.
func (e *TimeLimitError) Unwrap() error { return engine.ErrTimeLimit }

// LimitSprint gives the next sprint the time limit, counted from now: interactive and piped
// runs, where the contact's replies take their time, limit each sprint rather than the whole run.
func (s *Simulation) LimitSprint() {
	if limit := s.timeLimit(); limit > 0 {
		s.Engine.SetDeadline(time.Now().Add(limit))
	}
}

// LimitErr words the engine's ErrTimeLimit as a *TimeLimitError with the limit that was set;
// other errors are returned as they are.
func (s *Simulation) LimitErr(err error) error { return s.limitErr(err) }

// limitErr words the engine's ErrTimeLimit with the limit that was set.
func (s *Simulation) limitErr(err error) error {
	if errors.Is(err, engine.ErrTimeLimit) {
		return &TimeLimitError{Limit: s.timeLimit()}
	}
	return err
}

// timeLimit is the setup's time limit, or the default.
func (s *Simulation) timeLimit() time.Duration {
	if s.Setup != nil && s.Setup.TimeLimit != 0 {
		return s.Setup.TimeLimit
	}
	return DefaultTimeLimit
}

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
//
// The whole run may take the setup's TimeLimit (DefaultTimeLimit when zero; negative for no
// limit); past it the run stops with a *TimeLimitError.
func (s *Simulation) Run(saved *engine.Session) (*Outcome, error) {
	if limit := s.timeLimit(); limit > 0 {
		s.Engine.SetDeadline(time.Now().Add(limit))
		defer s.Engine.SetDeadline(time.Time{})
	}
	var c *Conversation
	if saved != nil {
		c = s.Continue(saved)
	} else {
		var err error
		if c, err = s.Start(); err != nil {
			return nil, s.limitErr(err)
		}
	}
	out := &Outcome{Conversation: c}
	for i, res := range s.Simulation.Resumes {
		if !c.Waiting() {
			out.Unused = len(s.Simulation.Resumes) - i + len(s.Replies)
			return out, nil
		}
		if _, err := c.Apply(res); err != nil {
			return out, s.limitErr(err)
		}
	}
	for i, r := range s.Replies {
		if !c.Waiting() {
			out.Unused = len(s.Replies) - i
			return out, nil
		}
		if _, err := c.Reply(r); err != nil {
			return out, s.limitErr(err)
		}
	}
	return out, nil
}

// Start starts the session as Start does, with the contact's replies coming through its channel
// when its URN names one.
func (s *Simulation) Start() (*Conversation, error) {
	c, err := Start(s.Simulation)
	if err != nil {
		// a start the engine refuses for one of the inputs (a voice flow without a call) is
		// placed where that input is written
		if s.Setup != nil {
			err = s.Setup.Place(err)
		}
		return nil, err
	}
	c.channel = s.channel
	return c, nil
}

// Continue takes up a saved session as Continue does, with the contact's channel.
func (s *Simulation) Continue(saved *engine.Session) *Conversation {
	c := Continue(s.Simulation, saved)
	c.channel = s.channel
	return c
}
