package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/flowctl/flowctl/flows/simulation"
	"github.com/flowctl/flowctl/handoff"
	"github.com/flowctl/flowctl/internal/readfile"
	"github.com/flowctl/flowctl/routing"
	"github.com/flowctl/flowctl/routing/sim"
)

// handoffSetup is run's --workflow and --workspace: where the tickets a flow opens are routed.
// A nil setup routes nothing.
type handoffSetup struct {
	wf *routing.Workflow
	ws *routing.Workspace
}

// routedTickets is what routing the tickets of a run gave: the tasks and the routing events,
// as run's JSON output holds them under "routing".
type routedTickets struct {
	Workflow string         `json:"workflow"`
	Tasks    []handoff.Task `json:"tasks"`
	Events   []sim.Event    `json:"events"`
}

func newHandoff(opts *runOptions) (*handoffSetup, error) {
	if opts.workflow == "" {
		if opts.workspace != "" {
			return nil, usageErr("--workspace goes with --workflow: the workflow that routes the tickets the flow opens")
		}
		return nil, nil
	}
	read := func(p string) ([]byte, error) { return readfile.Read(p, opts.session.maxSize) }
	wf, ws, err := loadRouting(opts.workflow, opts.workspace, "", read, nil)
	if err != nil {
		return nil, err
	}
	return &handoffSetup{wf: wf, ws: ws}, nil
}

// route makes a task of each ticket the conversation opened, sprint by sprint, and simulates
// their routing to the end. It gives nil without a setup.
func (h *handoffSetup) route(c *simulation.Conversation) (*routedTickets, error) {
	if h == nil || c == nil {
		return nil, nil
	}
	var contact []byte
	if c.Sim != nil && c.Sim.Contact != nil {
		var err error
		if contact, err = json.Marshal(c.Sim.Contact); err != nil {
			return nil, err
		}
	}
	r, err := handoff.New(h.wf, h.ws, contact)
	if err != nil {
		return nil, err
	}
	out := &routedTickets{Workflow: h.wf.Name(), Tasks: []handoff.Task{}, Events: []sim.Event{}}
	for _, st := range c.Steps {
		if st.Sprint == nil {
			continue
		}
		raws := make([]json.RawMessage, len(st.Sprint.Events))
		for i, e := range st.Sprint.Events {
			if raws[i], err = json.Marshal(e); err != nil {
				return nil, err
			}
		}
		evs, err := r.Sprint(raws)
		if err != nil {
			return nil, err
		}
		out.Events = append(out.Events, evs...)
	}
	out.Events = append(out.Events, r.Finish()...)
	out.Tasks = append(out.Tasks, r.Tasks...)
	return out, nil
}

// writeRoutedText follows a transcript with the routing of its tickets.
func writeRoutedText(w io.Writer, r *routedTickets) error {
	if len(r.Tasks) == 0 {
		_, err := fmt.Fprintf(w, "\nrouting (%s): the flow opened no ticket\n", r.Workflow)
		return err
	}
	if _, err := fmt.Fprintf(w, "\nrouting (%s): %d %s\n", r.Workflow, len(r.Tasks), plural(len(r.Tasks), "ticket", "tickets")); err != nil {
		return err
	}
	return sim.WriteEvents(w, r.Events)
}
