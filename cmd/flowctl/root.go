package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"
)

// Exit statuses, documented in docs/exit-codes.md.
const (
	exitOK       = 0
	exitFindings = 1
	exitUsage    = 2
)

// version is set at build time with -ldflags "-X main.version=..."; "dev" otherwise.
var version = "dev"

// exitError carries an exit status out of a command's RunE.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return ""
	}
	return e.err.Error()
}

// usageErr makes an error that exits with status 2.
func usageErr(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

// Main runs flowctl with the given arguments and streams and returns its exit status, so tests can
// drive the whole command as a function.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRootCmd(stdin, stdout, stderr)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintf(stderr, "flowctl: %v\n", ee.err)
		}
		return ee.code
	}
	fmt.Fprintf(stderr, "flowctl: %v\n", err)
	return exitUsage
}

func newRootCmd(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "flowctl",
		Short: "Validate, run and test goflow conversation flows",
		Long: `flowctl is a toolchain for goflow / RapidPro / TextIt flow definitions.

It validates flows in CI, evaluates @-templates, and simulates a contact going
through a flow on your laptop, deterministically and without network access.`,
		Example: `  flowctl validate flows/ --format sarif > flowctl.sarif
  flowctl eval '@(upper("hello"))'
  flowctl test
  flowctl help validate`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	for _, add := range subcommands {
		root.AddCommand(add())
	}
	root.SetHelpCommand(newHelpCmd())
	return root
}

// subcommands holds the constructors of flowctl's commands; each command's file adds itself in
// an init function so that commands stay independent of each other.
var subcommands []func() *cobra.Command

func init() {
	subcommands = append(subcommands, func() *cobra.Command {
		return &cobra.Command{
			Use:     "version",
			Short:   "Print flowctl's version",
			Example: "  flowctl version",
			Args:    cobra.NoArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				fmt.Fprintf(cmd.OutOrStdout(), "flowctl %s\n", version)
				return nil
			},
		}
	})
}
