package main

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"

	"github.com/flowctl/flowctl/flows/scenario"
	"github.com/flowctl/flowctl/internal/readfile"
	"github.com/flowctl/flowctl/routing"
)

// graphWorkflow draws a routing workflow: filters, their targets with time windows, and the
// queues they use; with --coverage, the filters and targets no test reached are shaded.
func graphWorkflow(out, errOut io.Writer, path string, opts *graphOptions) error {
	read := func(p string) ([]byte, error) { return readfile.Read(p, opts.maxSize) }
	warn := func(msg string) { fmt.Fprintf(errOut, "flowctl: note: %s\n", msg) }
	wf, ws, err := loadRouting(path, opts.workspace, opts.flow, read, warn)
	if err != nil {
		return err
	}
	var missed routing.Missed
	if opts.coverage != "" {
		if missed, err = workflowMissed(opts.coverage, path, wf.Name(), opts.maxSize); err != nil {
			return err
		}
	}
	switch opts.format {
	case "mermaid":
		_, err = fmt.Fprint(out, routing.Mermaid(wf, ws, missed))
	case "dot":
		_, err = fmt.Fprint(out, routing.Dot(wf, ws, missed))
	case "svg":
		var svg []byte
		if svg, err = renderSVG(routing.Dot(wf, ws, missed)); err == nil {
			_, err = out.Write(svg)
		}
	}
	return err
}

// workflowMissed reads what a coverage report says no test reached of the workflow at path.
// The report names workflows by their path from where the tests ran: the same file, or else a
// file of the same name holding a workflow of the same name, is the one. A workflow the report
// doesn't mention was reached by no test at all: everything is shaded.
func workflowMissed(covPath, path, name string, maxSize int64) (routing.Missed, error) {
	data, err := readfile.Read(covPath, maxSize)
	if err != nil {
		return nil, usageErr("can't read coverage %s: %v", covPath, pathErr(err))
	}
	var cov scenario.Coverage
	if err := json.Unmarshal(data, &cov); err != nil {
		return nil, usageErr("%s is not a coverage report from 'flowctl test --coverage-out': %v", covPath, err)
	}
	want, _ := filepath.Abs(path)
	var found *scenario.DocumentCoverage
	for _, d := range cov.Documents {
		if got, _ := filepath.Abs(d.Path); got == want {
			found = d
			break
		}
		if found == nil && filepath.Base(d.Path) == filepath.Base(path) && d.Name == name {
			found = d
		}
	}
	if d := found; d != nil {
		m := routing.Missed{}
		for _, u := range d.Missed {
			m[u.ID] = true
		}
		return m, nil
	}
	return routing.Missed{"*": true}, nil
}
