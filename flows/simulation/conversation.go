package simulation

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/engine"
	"github.com/flowctl/flowctl/flows/runtime"
)

// ReplyKind is what the contact (or time) does when the session waits.
type ReplyKind int

// The kinds of replies.
const (
	// Message: the contact sends a text.
	Message ReplyKind = iota
	// Timeout: the wait times out (the contact doesn't answer in time).
	Timeout
	// Expire: the wait expires, ending the run as expired.
	Expire
)

// The commands that stand for replies that aren't messages, wherever replies are written: an
// --input, a line typed or piped to `flowctl run`, a scenario's "inputs".
const (
	TimeoutCommand = "/timeout"
	ExpireCommand  = "/expire"
)

// Reply is one move of the contact's.
type Reply struct {
	Kind ReplyKind
	// Text is the message, for a Message.
	Text string
}

// ParseReply reads a reply as written: /timeout and /expire are commands, a text starting with
// "//" stands for the text with one slash less (so "//timeout" sends "/timeout"), anything else
// is a message.
func ParseReply(s string) Reply {
	switch strings.TrimSpace(s) {
	case TimeoutCommand:
		return Reply{Kind: Timeout}
	case ExpireCommand:
		return Reply{Kind: Expire}
	}
	if strings.HasPrefix(s, "//") {
		return Reply{Text: s[1:]}
	}
	return Reply{Text: s}
}

// String writes a reply so that ParseReply reads it back.
func (r Reply) String() string {
	switch r.Kind {
	case Timeout:
		return TimeoutCommand
	case Expire:
		return ExpireCommand
	}
	if strings.HasPrefix(r.Text, "/") && ParseReply(r.Text) != r {
		return "/" + r.Text
	}
	return r.Text
}

// Step is one step of a conversation: the resume given (nil for the start) and the sprint it
// caused.
type Step struct {
	Resume *engine.Resume
	Sprint *engine.Sprint
}

// Conversation is a session taken one reply at a time, as a person (or a page) drives it.
type Conversation struct {
	Sim     *engine.Simulation
	Session *engine.Session
	// Steps are the steps so far, the start first (unless the conversation continues a saved
	// session).
	Steps []Step
	// replies counts the replies applied, to number them in errors.
	replies int
	// channel is the channel the contact's messages come through, if its URN names one.
	channel *runtime.Ref
}

// Start starts the session: the first step is the sprint up to the first wait (or the end).
func Start(sim *engine.Simulation) (*Conversation, error) {
	s, sp, err := sim.Engine.Start(sim.Contact, sim.Trigger, sim.Call)
	if err != nil {
		return nil, err
	}
	return &Conversation{Sim: sim, Session: s, Steps: []Step{{Sprint: sp}}}, nil
}

// Continue takes up a saved session where it waits.
func Continue(sim *engine.Simulation, saved *engine.Session) *Conversation {
	return &Conversation{Sim: sim, Session: saved}
}

// Waiting reports whether the session waits for a reply.
func (c *Conversation) Waiting() bool {
	return c.Session.Status == engine.SessionWaiting
}

// RejectedError says a reply can't be applied where the session is: what the wait accepts
// instead.
type RejectedError struct {
	// N is the reply's number among those applied (1-based).
	N     int
	Reply Reply
	// Reason says why, and Accepts lists what the wait takes (a text, /timeout, /expire, ...).
	Reason  string
	Accepts []string
}

// Error says which reply, why, and what would do.
func (e *RejectedError) Error() string {
	msg := fmt.Sprintf("reply %d (%s) can't be used: %s", e.N, e.Reply.describe(), e.Reason)
	if len(e.Accepts) > 0 {
		msg += "; it accepts " + orList(e.Accepts)
	}
	return msg
}

func (r Reply) describe() string {
	if r.Kind == Message {
		return fmt.Sprintf("%q", r.Text)
	}
	return r.String()
}

func orList(items []string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

// Accepts lists what the session's wait takes, by the engine's rule (engine.Accepts): a text
// message, /timeout when the wait has a timeout and /expire for a msg wait; a dial resume alone
// for a dial wait. Nothing when it doesn't wait.
func Accepts(s *engine.Session) []string {
	if s.Status != engine.SessionWaiting || s.Wait == nil {
		return nil
	}
	var out []string
	for _, o := range []struct{ resume, say string }{
		{"msg", "a text message"},
		{"dial", "a dial resume (--resume FILE)"},
		{"wait_timeout", TimeoutCommand},
		{"wait_expiration", ExpireCommand},
	} {
		if engine.Accepts(s.Wait.Type, s.Wait.TimeoutSeconds != nil, o.resume) {
			out = append(out, o.say)
		}
	}
	return out
}

// Resume makes the resume of a reply, or says why the session can't take it.
func (c *Conversation) Resume(r Reply) (*engine.Resume, error) {
	reject := func(reason string) error {
		return &RejectedError{N: c.replies + 1, Reply: r, Reason: reason, Accepts: Accepts(c.Session)}
	}
	s := c.Session
	if s.Status != engine.SessionWaiting || s.Wait == nil {
		return nil, reject("the session is " + s.Status + ", not waiting")
	}
	switch r.Kind {
	case Timeout:
		if s.Wait.Type == flows.WaitTypeDial {
			return nil, reject("the session waits for a dial, which doesn't time out")
		}
		if s.Wait.TimeoutSeconds == nil {
			return nil, reject("this wait has no timeout")
		}
		return c.Sim.TimeoutResume(), nil
	case Expire:
		if s.Wait.Type == flows.WaitTypeDial {
			return nil, reject("the session waits for a dial, which ends only with the dial's end")
		}
		return c.Sim.ExpireResume(), nil
	}
	if s.Wait.Type == flows.WaitTypeDial {
		return nil, reject("the session waits for a dial, not a message")
	}
	res := c.Sim.InputResume(r.Text)
	if c.channel != nil {
		// the reply comes through the contact's channel, as it would on a real one
		res.Msg.Msg.Channel = c.channel
		res.Event, _ = json.Marshal(res.Msg)
		res.Raw, _ = json.Marshal(res)
	}
	return res, nil
}

// Reply applies a reply: the step it caused, or a *RejectedError when the wait can't take it
// (the session is then unchanged).
func (c *Conversation) Reply(r Reply) (*Step, error) {
	res, err := c.Resume(r)
	if err != nil {
		return nil, err
	}
	return c.Apply(res)
}

// Apply applies a resume (from a file, or made by Resume).
func (c *Conversation) Apply(res *engine.Resume) (*Step, error) {
	sp, err := c.Session.Resume(res)
	if errors.Is(err, engine.ErrTimeLimit) {
		return nil, err
	}
	if err != nil {
		return nil, &RejectedError{N: c.replies + 1, Reply: Reply{Kind: Message, Text: res.Type}, Reason: strings.TrimPrefix(err.Error(), "resume: "), Accepts: Accepts(c.Session)}
	}
	c.replies++
	c.Steps = append(c.Steps, Step{Resume: res, Sprint: sp})
	return &c.Steps[len(c.Steps)-1], nil
}

// Failure is what ended the session when it failed (the text of its last failure event: a step
// limit reached, an action that failed), or "" when it didn't fail.
func (c *Conversation) Failure() string {
	if c == nil || c.Session == nil || c.Session.Status != engine.SessionFailed {
		return ""
	}
	for i := len(c.Steps) - 1; i >= 0; i-- {
		if c.Steps[i].Sprint == nil {
			continue
		}
		evs := c.Steps[i].Sprint.Events
		for j := len(evs) - 1; j >= 0; j-- {
			if f, ok := evs[j].(*runtime.Failure); ok {
				return f.Text
			}
		}
	}
	return "no failure event says why"
}
