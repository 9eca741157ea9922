package main

import (
	"github.com/spf13/cobra"

	"github.com/flowctl/flowctl/flows/check"
)

func init() {
	subcommands = append(subcommands, func() *cobra.Command {
		return &cobra.Command{
			Use:   "schema",
			Short: "Print the JSON Schema of flow files",
			Long: `Schema prints the JSON Schema (draft 2020-12) that flowctl validate checks flow
files against, for editors that complete and check JSON as you type:

  flowctl schema > flow.schema.json`,
			Example: `  flowctl schema > .vscode/flow.schema.json   # see docs/editors.md`,
			Args:    noArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				_, err := cmd.OutOrStdout().Write(check.Schema)
				return err
			},
		}
	})
}
