package main

import (
	"github.com/spf13/cobra"

	"github.com/flowctl/flowctl/flows/schema"
)

func init() {
	subcommands = append(subcommands, func() *cobra.Command {
		return &cobra.Command{
			Use:   "schema",
			Short: "Print the JSON Schema of flow files, for editors",
			Long: `Schema prints a JSON Schema (draft-07) of flow files for editors that complete
and check JSON as you type: every action type with its fields (types, required
ones, allowed values, limits, descriptions), routers, cases, waits and exits.
It is stricter than validate's schema layer, as an editor's should be: it flags
properties no flow format version has (a mistyped field), which the engine and
validate ignore.

  flowctl schema > flow.schema.json`,
			Example: `  flowctl schema > .vscode/flow.schema.json   # see docs/editors.md`,
			Args:    noArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				_, err := cmd.OutOrStdout().Write(schema.JSON)
				return err
			},
		}
	})
}
