package main

import (
	"strings"

	"github.com/spf13/cobra"
)

// newHelpCmd replaces cobra's default help command so that it too has an example, and so that
// an unknown topic is a usage error (status 2) that names the topic.
func newHelpCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "help [COMMAND]",
		Short: "Show the help of a command",
		Long:  `Help shows what a command does, its flags and examples; "flowctl COMMAND --help" does the same.`,
		Example: `  flowctl help validate
  flowctl validate --help`,
		RunE: func(c *cobra.Command, args []string) error {
			target, rest, err := c.Root().Find(args)
			if err != nil || len(rest) > 0 {
				return usageErr("unknown help topic %q: expected one of the commands that flowctl --help lists", strings.Join(args, " "))
			}
			target.InitDefaultHelpFlag()
			return target.Help()
		},
	}
}
