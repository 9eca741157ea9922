package main

import (
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/flowctl/flowctl/config"

	"github.com/flowctl/flowctl/flows/engine"
	"github.com/flowctl/flowctl/flows/read/legacy"
	"github.com/flowctl/flowctl/flows/simulation"
	"github.com/flowctl/flowctl/internal/readfile"
)

// sizeValue is the flag value of --max-file-size: a size like 512MiB or 1GB.
type sizeValue struct{ n *int64 }

func (v sizeValue) String() string {
	if v.n == nil {
		return ""
	}
	return readfile.FormatSize(*v.n)
}

func (v sizeValue) Type() string { return "size" }

func (v sizeValue) Set(s string) error {
	n, err := readfile.ParseSize(s)
	if err != nil {
		return err
	}
	*v.n = n
	return nil
}

// addSprintWork adds --max-sprint-work, the evaluation work one sprint may take, to a command's
// flags.
func addSprintWork(f *pflag.FlagSet, n *int) {
	f.IntVar(n, "max-sprint-work", engine.MaxSprintWork, "the evaluation work all the templates of one sprint may take together, in units of one evaluation's budget (see docs/limits.md)")
}

// sprintWork checks --max-sprint-work.
func sprintWork(n int) (int, error) {
	if n <= 0 {
		return 0, usageErr("--max-sprint-work must be a positive number of units, got %d", n)
	}
	return n, nil
}

// addTimeLimit adds --timeout-run, how long one run may take, to a command's flags.
func addTimeLimit(f *pflag.FlagSet, d *time.Duration, what string) {
	f.DurationVar(d, "timeout-run", simulation.DefaultTimeLimit, what+" may take before it is stopped, like 30s or 5m; 0 for no limit (see docs/limits.md)")
}

// timeLimit turns --timeout-run into a setup's time limit: 0 there is the default, so no limit
// (0 on the command line) is negative.
func timeLimit(d time.Duration) (time.Duration, error) {
	switch {
	case d < 0:
		return 0, usageErr("--timeout-run must be a duration like 30s or 5m (0 for no limit), got %s", d)
	case d == 0:
		return -1, nil
	}
	return d, nil
}

// addMaxFileSize adds --max-file-size, the largest input file the command reads, to a
// command's flags. Every command that reads files has it, with the same default.
func addMaxFileSize(f *pflag.FlagSet, n *int64) {
	*n = readfile.DefaultMaxSize
	f.Var(sizeValue{n}, "max-file-size", "largest input file to read, like 1GiB or 300MB (see docs/limits.md)")
}

// addHooksFlag adds --hooks, the hook files (JavaScript) a command loads; note says what they do
// for it.
func addHooksFlag(f *pflag.FlagSet, paths *[]string, note string) {
	f.StringArrayVar(paths, "hooks", nil, "a hooks file (JavaScript: action listeners, replacements, custom action types; see docs/hooks.md); "+note+"loaded in order (repeatable)")
}

// addMediaURL adds --media-url, the base URL legacy flows' relative media URLs are joined to, to
// a command that reads flows. Every such command has it, with the reference engine's default, so
// that a legacy flow reads the same in all of them; mediaURL reads it.
func addMediaURL(f *pflag.FlagSet) {
	f.String("media-url", legacy.DefaultMediaURL, "base URL the relative attachment and recording URLs of legacy flows (spec 11 and older) are joined to, as RapidPro joined them to its media server's, e.g. https://rapidpro.example.org/media/ (default: the configuration's media_url, else the reference engine's; see docs/spec-versions.md)")
}

// mediaURL is the base URL a command joins legacy flows' relative media URLs to: --media-url
// when given, else the configuration's media_url (checked when it was read), else the default.
func mediaURL(cmd *cobra.Command, cfg *config.Config) (string, error) {
	f := cmd.Flags().Lookup("media-url")
	if !f.Changed && cfg != nil && cfg.MediaURL != "" {
		return cfg.MediaURL, nil
	}
	if s := f.Value.String(); !legacy.ValidMediaURL(s) {
		return "", usageErr("--media-url must be an absolute http:// or https:// URL such as https://rapidpro.example.org/media/, got %q", s)
	}
	return f.Value.String(), nil
}
