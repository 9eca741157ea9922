package main

import (
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"github.com/flowctl/flowctl/internal/textsafe"
)

// Exit statuses, documented in docs/exit-codes.md.
const (
	exitOK       = 0
	exitFindings = 1
	exitUsage    = 2
)

// version is set at build time with -ldflags "-X main.version=..."; otherwise versionString
// reads it from the build information the go command embeds.
var version = "dev"

// versionString says which flowctl this is: the -ldflags version when set, else the module
// version that `go install ...@v1.2.3` records, else the VCS revision a build from a checkout
// records, so that a bug report can name the exact code.
func versionString() string {
	info, ok := debug.ReadBuildInfo()
	if version != "dev" || !ok {
		return version
	}
	return describeBuild(info)
}

// describeBuild words the version a binary's build information holds.
func describeBuild(info *debug.BuildInfo) string {
	v := info.Main.Version
	if v == "" || v == "(devel)" {
		v = "dev"
	}
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	// Go 1.24+ stamps a checkout's build with a pseudo-version that already holds the commit
	// (and "+dirty"); older builds, and -buildvcs builds of a "(devel)" module, get it added.
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev == "" || strings.Contains(v, rev) {
		return v
	}
	if modified == "true" {
		rev += ", dirty"
	}
	return v + " (" + rev + ")"
}

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
	// Error messages quote what files hold (names, paths in scenarios): control characters
	// print as escapes, and no line can pass for a GitHub workflow command (see textsafe).
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintf(stderr, "flowctl: %s\n", textsafe.Lines(ee.err.Error()))
		}
		return ee.code
	}
	fmt.Fprintf(stderr, "flowctl: %s\n", textsafe.Lines(err.Error()))
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
	// --version, which people try first, prints what the version command does.
	root.Version = versionString()
	root.SetVersionTemplate("flowctl {{.Version}}\n")
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	for _, add := range subcommands {
		root.AddCommand(add())
	}
	root.SetHelpCommand(newHelpCmd())
	completeFlagValues(root)
	return root
}

// subcommands holds the constructors of flowctl's commands; each command's file adds itself in
// an init function so that commands stay independent of each other.
var subcommands []func() *cobra.Command

func init() {
	subcommands = append(subcommands, func() *cobra.Command {
		return &cobra.Command{
			Use:   "version",
			Short: "Print flowctl's version",
			Long: `Version prints flowctl's version: the module version when installed with
"go install github.com/flowctl/flowctl/cmd/flowctl@VERSION", and the commit
when built from a checkout (with ", dirty" for uncommitted changes).`,
			Example: "  flowctl version",
			Args:    noArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				fmt.Fprintf(cmd.OutOrStdout(), "flowctl %s\n", versionString())
				return nil
			},
		}
	})
}
