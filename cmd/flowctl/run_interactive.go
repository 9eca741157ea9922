package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/flowctl/flowctl/flows/engine"
	"github.com/flowctl/flowctl/flows/simulation"
	"github.com/flowctl/flowctl/flows/transcript"
)

// interactiveHelp says what can be typed.
const interactiveHelp = "(type the contact's replies; /timeout lets a wait time out, /expire lets it expire, /quit stops)"

// runInteractive takes the contact's replies as they are typed. A saved session (--session) goes
// on where it stopped instead of starting a new one. echo prints each reply in the transcript,
// for input that doesn't show on a terminal as it is typed.
func runInteractive(stdin io.Reader, out io.Writer, sim *simulation.Simulation, saved *engine.Session, style transcript.Printer, echo bool, ho *handoffSetup) error {
	c, err := startConversation(sim, saved)
	if err != nil {
		return err
	}
	p := &style
	p.W = out
	fmt.Fprintln(out, interactiveHelp)
	if saved != nil {
		p.Print(transcript.Continuing(waitingIn(saved)))
	} else {
		p.Print(transcript.Sprint(c.Steps[0].Sprint)...)
	}
	in := newLineInput(stdin, out, "> ")
	for c.Waiting() {
		line, err := in.ReadLine()
		if errors.Is(err, io.EOF) {
			if !echo {
				fmt.Fprintln(out)
			}
			break
		}
		if err != nil {
			return &exitError{code: 3, err: err}
		}
		switch strings.TrimSpace(line) {
		case "/quit":
			return endInteractive(p, out, c, ho)
		case "":
			continue
		}
		sim.LimitSprint()
		step, err := c.Reply(simulation.ParseReply(line))
		if errors.Is(err, engine.ErrTimeLimit) {
			err = sim.LimitErr(err)
			p.Print(transcript.Notice(err.Error()))
			return &exitError{code: exitFindings, err: err}
		}
		if err != nil {
			var re *simulation.RejectedError
			if errors.As(err, &re) {
				p.Print(transcript.Notice(rejectedNotice(re)))
				continue
			}
			p.Print(transcript.Notice(err.Error()))
			continue
		}
		if echo {
			p.Print(transcript.Exchange(step.Resume, step.Sprint)...)
		} else {
			p.Print(transcript.Sprint(step.Sprint)...)
		}
	}
	if err := endInteractive(p, out, c, ho); err != nil {
		return err
	}
	return failedSession(c)
}

// rejectedNotice says, at the prompt, why a typed reply was refused and what to type instead.
func rejectedNotice(re *simulation.RejectedError) string {
	msg := re.Reason
	if len(re.Accepts) > 0 {
		msg += ": type " + strings.Join(re.Accepts, ", ") + ", or /quit"
	}
	return msg
}

// endInteractive ends an interactive run's transcript, then routes the tickets it opened
// (--workflow).
func endInteractive(p *transcript.Printer, out io.Writer, c *simulation.Conversation, ho *handoffSetup) error {
	if err := p.Print(transcript.End(c.Session.Status)); err != nil {
		return err
	}
	routed, err := ho.route(c)
	if err != nil || routed == nil {
		return err
	}
	return writeRoutedText(out, routed)
}
