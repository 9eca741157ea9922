package main

import (
	"regexp"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/flowctl/flowctl/flows/read"
	"github.com/flowctl/flowctl/internal/readfile"
)

func init() {
	subcommands = append(subcommands, newCompletionCmd)
}

// newCompletionCmd replaces cobra's default completion command, to give it examples of
// installing the script in each shell and the same error manners as the other commands.
func newCompletionCmd() *cobra.Command {
	var noDescriptions bool
	cmd := &cobra.Command{
		Use:   "completion bash|zsh|fish|powershell",
		Short: "Print a shell completion script",
		Long: `Completion prints a script that makes your shell complete flowctl's commands,
flags and flag values. Load it in the current shell or install it once, as
the examples show.

The bash script needs the bash-completion package (apt-get install
bash-completion; brew install bash-completion@2): without it, Tab says
"_get_comp_words_by_ref: command not found". zsh, fish and PowerShell need
nothing more.`,
		Example: `  source <(flowctl completion bash)
  flowctl completion bash > /etc/bash_completion.d/flowctl
  flowctl completion zsh > "${fpath[1]}/_flowctl"
  flowctl completion fish > ~/.config/fish/completions/flowctl.fish
  flowctl completion powershell | Out-String | Invoke-Expression`,
		ValidArgs:             []string{"bash", "zsh", "fish", "powershell"},
		DisableFlagsInUseLine: true,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErr("completion needs one shell: bash, zsh, fish or powershell")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			root, out := cmd.Root(), cmd.OutOrStdout()
			switch args[0] {
			case "bash":
				return root.GenBashCompletionV2(out, !noDescriptions)
			case "zsh":
				if noDescriptions {
					return root.GenZshCompletionNoDesc(out)
				}
				return root.GenZshCompletion(out)
			case "fish":
				return root.GenFishCompletion(out, !noDescriptions)
			case "powershell":
				if noDescriptions {
					return root.GenPowerShellCompletion(out)
				}
				return root.GenPowerShellCompletionWithDesc(out)
			}
			return usageErr("unknown shell %q: expected bash, zsh, fish or powershell", args[0])
		},
	}
	cmd.Flags().BoolVar(&noDescriptions, "no-descriptions", false, "leave out the descriptions of completions")
	return cmd
}

// formatValues reads the values of a --format flag from its usage, which every command words
// as "output format: a, b or c".
var formatValues = regexp.MustCompile(`^output format: ([a-z, ]+?)(?: \(|$)`)

// completeFlagValues makes the shells complete the values of the flags that every command
// words alike, so that no command has to register them: --color's three modes, --format's
// values as its usage lists them, and --flow with the names of the flows in the command's flow
// file. A command that registered its own completion keeps it.
func completeFlagValues(root *cobra.Command) {
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			if _, ok := c.GetFlagCompletionFunc(f.Name); ok {
				return
			}
			var fn cobra.CompletionFunc
			switch f.Name {
			case "color":
				fn = cobra.FixedCompletions([]string{"auto", "always", "never"}, cobra.ShellCompDirectiveNoFileComp)
			case "format":
				if m := formatValues.FindStringSubmatch(f.Usage); m != nil {
					values := strings.FieldsFunc(strings.ReplaceAll(m[1], " or ", ", "), func(r rune) bool { return r == ',' || r == ' ' })
					fn = cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp)
				}
			case "flow":
				fn = completeFlowNames
			}
			if fn != nil {
				_ = c.RegisterFlagCompletionFunc(f.Name, fn)
			}
		})
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// completeFlowNames offers the names of the flows in the flow file the command line names: its
// first argument, or test's --new file.
func completeFlowNames(cmd *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
	path := ""
	if f := cmd.Flags().Lookup("new"); f != nil && f.Value.String() != "" {
		path = f.Value.String()
	} else if len(args) > 0 {
		path = args[0]
	}
	src, err := readfile.Read(path, 0)
	if path == "" || err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var names []string
	for _, fl := range read.Read(path, src).Flows {
		if fl.Name != "" {
			names = append(names, fl.Name)
		}
	}
	return names, cobra.ShellCompDirectiveNoFileComp
}
