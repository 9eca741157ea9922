package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/draw"
	"github.com/flowctl/flowctl/flows/engine"
	"github.com/flowctl/flowctl/flows/read"
	"github.com/flowctl/flowctl/flows/scenario"
	"github.com/flowctl/flowctl/internal/readfile"
	"github.com/flowctl/flowctl/routing"
)

func init() {
	subcommands = append(subcommands, newGraphCmd)
}

type graphOptions struct {
	flow      string
	workspace string
	format    string
	coverage  string
	maxSize   int64
}

func newGraphCmd() *cobra.Command {
	opts := &graphOptions{}
	cmd := &cobra.Command{
		Use:   "graph FLOW_FILE",
		Short: "Draw a flow as a Mermaid chart, Graphviz dot or SVG",
		Long: `Graph draws a flow: each node with its actions summarised (the first words of
a message, the field or group it sets), routers with their categories on the
edges, waits marked, and subflows linked. Mermaid renders inline in GitHub
Markdown; dot and svg need Graphviz for viewing (svg runs "dot -Tsvg").

A TaskRouter routing workflow (see docs/routing.md) is drawn as its filters in
order, each filter's targets with their cumulative time windows, and the queues
they send tasks to (named with --workspace).

With --coverage (a file written by "flowctl test --coverage-out"), nodes and
categories (or filters and targets) that no test reached are drawn shaded.`,
		Example: `  flowctl graph testdata/flows/registration.json
  flowctl graph export.json --flow "Registration" --format dot | dot -Tpng > flow.png
  flowctl graph export.json --format svg --coverage cover.json > flow.svg
  flowctl graph support.workflow.json --workspace workspace.json`,
		Args: exactlyOne("FLOW_FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runGraph(cmd, args[0], opts)
		},
	}
	cmd.Flags().StringVar(&opts.flow, "flow", "", "flow to draw, by UUID or name (default: the first in the file); for a routing file, the workflow by name or SID")
	cmd.Flags().StringVar(&opts.workspace, "workspace", "", "for a routing workflow: the workspace that names its queues")
	cmd.Flags().StringVar(&opts.format, "format", "mermaid", "output format: mermaid, dot or svg")
	cmd.Flags().StringVar(&opts.coverage, "coverage", "", "coverage JSON from 'flowctl test --coverage-out' to shade what tests never reached")
	addMaxFileSize(cmd.Flags(), &opts.maxSize)
	addMediaURL(cmd.Flags())
	addConfigFlags(cmd)
	return cmd
}

func runGraph(cmd *cobra.Command, path string, opts *graphOptions) error {
	switch opts.format {
	case "mermaid", "dot", "svg":
	default:
		return usageErr("--format must be mermaid, dot or svg, not %q", opts.format)
	}
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		return usageErr("%s is a folder: graph draws one flow file, e.g. one of the .json files in it", path)
	}
	src, err := readfile.Read(path, opts.maxSize)
	if err != nil {
		return usageErr("can't read %s: %v", path, pathErr(err))
	}
	if routing.Detect(src) != routing.NotRouting {
		return graphWorkflow(cmd.OutOrStdout(), cmd.ErrOrStderr(), path, opts)
	}
	if opts.workspace != "" {
		return usageErr("--workspace applies to routing workflows; %s is a flow file", path)
	}
	cfg, err := loadConfig(cmd, path)
	if err != nil {
		return err
	}
	media, err := mediaURL(cmd, cfg)
	if err != nil {
		return err
	}
	doc := read.ReadWith(path, src, read.Options{MediaURL: media})
	if len(doc.Flows) == 0 {
		if sc, err := engine.ReadScenario(src); err == nil && sc.Flow != "" {
			flowPath := filepath.Join(filepath.Dir(path), sc.Flow)
			return usageErr("%s is a scenario, not a flow file: draw the flow it runs with 'flowctl graph %s'", path, flowPath)
		}
		return usageErr("%s holds no flow that can be read; run 'flowctl validate %s' to see why", path, path)
	}
	ids := make([]flows.FlowID, len(doc.Flows))
	for i, f := range doc.Flows {
		ids[i] = flows.FlowID{UUID: f.UUID, Name: f.Name}
	}
	i, err := flows.ChooseFlow(ids, opts.flow, path)
	if err != nil {
		return flowErr(err)
	}
	flow := doc.Flows[i]
	var cov *draw.Coverage
	if opts.coverage != "" {
		if cov, err = loadDrawCoverage(opts.coverage, opts.maxSize, flow, cmd.ErrOrStderr()); err != nil {
			return err
		}
	}
	out := cmd.OutOrStdout()
	switch opts.format {
	case "mermaid":
		_, err = fmt.Fprint(out, draw.Mermaid(flow, cov))
	case "dot":
		_, err = fmt.Fprint(out, draw.Dot(flow, cov))
	case "svg":
		var svg []byte
		if svg, err = renderSVG(draw.Dot(flow, cov)); err == nil {
			_, err = out.Write(svg)
		}
	}
	return err
}

// renderSVG runs Graphviz's dot, which does the layout far better than anything we'd write.
func renderSVG(dot string) ([]byte, error) {
	bin, err := exec.LookPath("dot")
	if err != nil {
		return nil, usageErr("--format svg needs Graphviz's dot command, which is not installed " +
			"(apt-get install graphviz, brew install graphviz); or use --format dot or mermaid")
	}
	c := exec.Command(bin, "-Tsvg")
	c.Stdin = strings.NewReader(dot)
	var stdout, stderr bytes.Buffer
	c.Stdout, c.Stderr = &stdout, &stderr
	if err := c.Run(); err != nil {
		return nil, fmt.Errorf("dot -Tsvg failed: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	return stdout.Bytes(), nil
}

// loadDrawCoverage turns a coverage report, which lists what was missed, into the sets of what
// was reached. A flow the report doesn't mention was never entered by any test.
func loadDrawCoverage(path string, maxSize int64, flow *flows.Flow, stderr io.Writer) (*draw.Coverage, error) {
	src, err := readfile.Read(path, maxSize)
	if err != nil {
		return nil, usageErr("can't read coverage file %s: %v", path, pathErr(err))
	}
	var report scenario.Coverage
	if err := json.Unmarshal(src, &report); err != nil {
		return nil, usageErr("%s is not a coverage report from 'flowctl test --coverage-out': %v", path, err)
	}
	// Any JSON object decodes, a flow export too; a report's flows have counts of nodes.
	var shape struct {
		Flows []map[string]json.RawMessage `json:"flows"`
	}
	if json.Unmarshal(src, &shape) != nil || shape.Flows == nil {
		return nil, usageErr("%s is not a coverage report from 'flowctl test --coverage-out': expected an object with a \"flows\" list", path)
	}
	for i, f := range shape.Flows {
		if _, ok := f["nodes_total"]; !ok {
			return nil, usageErr("%s is not a coverage report from 'flowctl test --coverage-out': /flows/%d has no \"nodes_total\" (is it a flow file?)", path, i)
		}
	}
	cov := &draw.Coverage{Nodes: map[string]bool{}, Categories: map[string]bool{}}
	var fc *scenario.FlowCoverage
	for _, f := range report.Flows {
		if f != nil && f.UUID == flow.UUID {
			fc = f
		}
	}
	if fc == nil {
		fmt.Fprintf(stderr, "flowctl: %s has no coverage of flow %q (%s): no test entered it, so all of it is shaded\n", path, flow.Name, flow.UUID)
		return cov, nil
	}
	missedNodes := map[string]bool{}
	for _, n := range fc.MissedNodes {
		missedNodes[n.UUID] = true
	}
	missedCats := map[string]bool{}
	for _, c := range fc.MissedCategories {
		missedCats[c.UUID] = true
	}
	for _, n := range flow.Nodes {
		if n == nil {
			continue
		}
		cov.Nodes[n.UUID] = !missedNodes[n.UUID]
		if n.Router != nil {
			for _, c := range n.Router.Categories {
				if c != nil {
					cov.Categories[c.UUID] = !missedCats[c.UUID]
				}
			}
		}
	}
	return cov, nil
}
