package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/read"
	"github.com/flowctl/flowctl/internal/readfile"
	"github.com/flowctl/flowctl/internal/textsafe"
)

func init() {
	subcommands = append(subcommands, newFlowsCmd)
}

type flowsOptions struct {
	format  string
	maxSize int64
}

// flowListing is one flow as flowctl flows lists it.
type flowListing struct {
	Name        string `json:"name"`
	UUID        string `json:"uuid"`
	Type        string `json:"type"`
	Nodes       int    `json:"nodes"`
	Language    string `json:"language"`
	SpecVersion string `json:"spec_version"`
}

type fileListing struct {
	Path  string        `json:"path"`
	Flows []flowListing `json:"flows"`
}

func newFlowsCmd() *cobra.Command {
	opts := &flowsOptions{}
	cmd := &cobra.Command{
		Use:   "flows FILE...",
		Short: "List the flows of an export or flow file",
		Long: `Flows lists the flows a flow file, goflow assets document or RapidPro/TextIt
export holds: name, UUID, type, number of nodes, language and spec version,
in the order of the file. The names and UUIDs are what --flow takes in run,
test --new and graph.

A file that isn't JSON, or holds no flows, is an error (exit status 2).`,
		Example: `  flowctl flows export.json
  flowctl flows export.json --format json | jq -r '.files[0].flows[].name'`,
		Args: atLeastOne("FILE (a flow file or an export)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runFlows(cmd.OutOrStdout(), args, opts)
		},
	}
	cmd.Flags().StringVar(&opts.format, "format", "text", "output format: text or json")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"text", "json"}, cobra.ShellCompDirectiveNoFileComp))
	addMaxFileSize(cmd.Flags(), &opts.maxSize)
	return cmd
}

func runFlows(w io.Writer, paths []string, opts *flowsOptions) error {
	if opts.format != "text" && opts.format != "json" {
		return usageErr("unknown --format %q: expected text or json", opts.format)
	}
	var files []fileListing
	for _, p := range paths {
		src, err := readfile.Read(p, opts.maxSize)
		if err != nil {
			return usageErr("can't read %s: %v", p, pathErr(err))
		}
		doc := read.Read(p, src)
		if len(doc.Flows) == 0 {
			for _, f := range doc.Findings {
				if f.Severity == flows.SeverityError {
					return usageErr("can't read %s: %d:%d: %s", p, f.Line, f.Column, f.Message)
				}
			}
			return usageErr("%s holds no flows", p)
		}
		fl := fileListing{Path: p, Flows: []flowListing{}}
		for _, f := range doc.Flows {
			if f == nil {
				continue
			}
			fl.Flows = append(fl.Flows, flowListing{Name: f.Name, UUID: f.UUID, Type: string(f.Type), Nodes: len(f.Nodes), Language: f.Language, SpecVersion: f.SpecVersion})
		}
		files = append(files, fl)
	}
	if opts.format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(struct {
			Files []fileListing `json:"files"`
		}{files})
	}
	for i, f := range files {
		if len(files) > 1 {
			if i > 0 {
				fmt.Fprintln(w)
			}
			fmt.Fprintf(w, "%s:\n", textsafe.Line(f.Path))
		}
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tUUID\tTYPE\tNODES\tLANGUAGE\tSPEC")
		for _, fl := range f.Flows {
			// one flow is one line: what the file holds is quoted (the name) or escaped (the rest)
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", orDash(strconv.Quote(fl.Name), fl.Name), orDash(textsafe.Line(fl.UUID), fl.UUID),
				orDash(textsafe.Line(fl.Type), fl.Type), strconv.Itoa(fl.Nodes), orDash(textsafe.Line(fl.Language), fl.Language),
				orDash(textsafe.Line(fl.SpecVersion), fl.SpecVersion))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}

// orDash is s, or "-" when what it shows is empty, so that columns stay aligned.
func orDash(s, what string) string {
	if what == "" {
		return "-"
	}
	return s
}
