package timeline

import (
	"encoding/json"
	"fmt"

	"github.com/flowctl/flowctl/desktop"
	"github.com/flowctl/flowctl/desktop/flexactions"
	"github.com/flowctl/flowctl/desktop/max"
	"github.com/flowctl/flowctl/desktop/smartagent"
)

// Desktop sets up the timeline's desktop, speaking MAX, SmartAgent and Flex; Flex plugins'
// functions answer from their scripts.
func (tl *Timeline) Desktop() (*desktop.Desktop, error) {
	return desktop.New(tl.Config(), max.New(), smartagent.New(), flexactions.New(tl.Scripts))
}

// Config is the desktop configuration the timeline sets up, for hosts that bring their own
// protocols (a server whose Flex plugins run in a browser).
func (tl *Timeline) Config() desktop.Config {
	return desktop.Config{
		Start: tl.Start, Seed: tl.Seed, Agent: tl.Agent, Status: tl.Status, Reason: tl.Reason,
		Directory: tl.Directory, Queues: tl.Queues, QuickConnects: tl.QuickConnects, CompanyID: tl.CompanyID,
		RingTimeout: tl.RingTimeout, ACWTimeout: tl.ACWTimeout, ChatCapacity: tl.ChatCapacity, Plugins: tl.Plugins,
	}
}

// RunStep plays the timeline's step i on a desktop (one the timeline set up, or a server's),
// with the step's position in the error of a step that can't happen.
func (tl *Timeline) RunStep(d *desktop.Desktop, i int) error {
	s := tl.Steps[i]
	if err := runStep(d, tl, s); err != nil {
		return tl.errorAt(s.Pointer, err.Error())
	}
	return nil
}

// Result is what a timeline did.
type Result struct {
	Desktop *desktop.Desktop
	// Plugins is what each plugin's windows were sent, in order, by plugin id.
	Plugins map[string][]Item
}

// Run plays a timeline on a new desktop. Agent controls that fail are part of what a timeline may
// test: they are logged with their verdict and the run goes on. A step that can't happen at all
// (a customer of a contact that never arrived) stops the run with its position.
func Run(tl *Timeline) (*Result, error) {
	d, err := tl.Desktop()
	if err != nil {
		return nil, &Error{Path: tl.Path, Line: 1, Col: 1, Msg: err.Error()}
	}
	for i := range tl.Steps {
		if err := tl.RunStep(d, i); err != nil {
			return nil, err
		}
	}
	res := &Result{Desktop: d, Plugins: map[string][]Item{}}
	for _, p := range tl.Plugins {
		res.Plugins[p.ID] = []Item{}
	}
	for _, o := range d.Outbox {
		res.Plugins[o.Plugin] = append(res.Plugins[o.Plugin], itemOf(o))
	}
	return res, nil
}

func (tl *Timeline) errorAt(pointer, msg string) *Error {
	r := &reader{path: tl.Path, data: tl.Raw}
	r.fail(pointer, "%s", msg)
	return r.err
}

// itemOf is an outbound message as plain JSON values, as a scenario file holds it.
func itemOf(o desktop.Outbound) Item {
	it := Item{Window: o.Window, Console: o.Console}
	if o.Data != nil {
		b, err := json.Marshal(o.Data)
		if err == nil {
			var v any
			if json.Unmarshal(b, &v) == nil {
				it.Data = v
			}
		}
	}
	return it
}

func runStep(d *desktop.Desktop, tl *Timeline, s Step) error {
	switch {
	case s.Wait > 0:
		d.Advance(s.Wait)
	case s.Arrive != nil:
		_, err := d.Arrive(*s.Arrive)
		return err
	case s.Action != "":
		payload := s.Payload
		if payload == nil {
			payload = map[string]any{}
		}
		d.Invoke(s.Action, "agent", payload)
	case s.Plugin != "":
		origin := s.Origin
		if origin == "" {
			origin = d.Plugin(s.Plugin).Origin
		}
		if s.Contact > 0 {
			if _, err := d.Contact(fmt.Sprintf("#%d", s.Contact)); err != nil {
				return err
			}
		}
		d.Receive(desktop.Inbound{Plugin: s.Plugin, Window: s.Window, ContactRef: s.Contact, Origin: origin, Data: s.Send})
	case s.Customer != "":
		if s.HangsUp {
			return d.CustomerHangup(s.Customer)
		}
		return d.CustomerMessage(s.Customer, s.Says)
	}
	return nil
}
