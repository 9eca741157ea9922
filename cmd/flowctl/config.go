package main

import (
	"errors"
	"io/fs"

	"github.com/spf13/cobra"

	"github.com/flowctl/flowctl/config"
)

// addConfigFlags adds the flags that choose the project's configuration file.
func addConfigFlags(cmd *cobra.Command) {
	cmd.Flags().String("config", "", "the configuration file to use (default: .flowctl.yaml in the first PATH's folder or the nearest parent, see docs/config.md)")
	cmd.Flags().Bool("no-config", false, "use no configuration file")
}

// loadConfig reads the configuration a command run on path uses: --config, or the nearest
// .flowctl.yaml, or none (--no-config). A broken file is a usage error.
func loadConfig(cmd *cobra.Command, path string) (*config.Config, error) {
	if off, _ := cmd.Flags().GetBool("no-config"); off {
		return &config.Config{}, nil
	}
	file, _ := cmd.Flags().GetString("config")
	if file == "" {
		found, err := config.Find(path)
		if err != nil || found == "" {
			return &config.Config{}, nil
		}
		file = found
	}
	cfg, err := config.Load(file)
	var pe *fs.PathError
	switch {
	case errors.As(err, &pe):
		return nil, usageErr("can't read configuration %s: %v", file, pe.Err)
	case err != nil:
		return nil, usageErr("%v", err) // it says file:line:col already
	}
	return cfg, nil
}
