package main

import (
	"github.com/spf13/cobra"
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
the examples show.`,
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
