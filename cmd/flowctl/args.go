package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// Cobra's own argument checks say "accepts 1 arg(s), received 0"; these say which argument a
// command needs, by the name its usage line gives it.

// atLeastOne requires one or more arguments named what.
func atLeastOne(what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) == 0 {
			return usageErr("%s needs at least one %s", cmd.Name(), what)
		}
		return nil
	}
}

// exactlyOne requires a single argument named what.
func exactlyOne(what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		switch len(args) {
		case 0:
			return usageErr("%s needs a %s", cmd.Name(), what)
		case 1:
			return nil
		}
		return usageErr("%s takes one %s, got %d: %s", cmd.Name(), what, len(args), strings.Join(args, " "))
	}
}

// atMostOne allows no argument or a single one named what.
func atMostOne(what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) > 1 {
			return usageErr("%s takes at most one %s, got %d: %s", cmd.Name(), what, len(args), strings.Join(args, " "))
		}
		return nil
	}
}

// noArgs refuses arguments, naming them.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		quoted := make([]string, len(args))
		for i, a := range args {
			quoted[i] = fmt.Sprintf("%q", a)
		}
		return usageErr("%s takes no arguments, got %s", cmd.Name(), strings.Join(quoted, " "))
	}
	return nil
}
