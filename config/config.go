// Package config reads a project's flowctl configuration: .flowctl.yaml, found in the folder of
// the path a command works on or the nearest parent that has one, as golangci-lint finds its
// .golangci.yml. YAML is what CI-minded Go tools use for such files (golangci-lint, goreleaser,
// actionlint, GitHub's own workflows), and it allows comments, which say why a code is disabled.
//
// Each command has its own section; unknown keys are errors, with a "did you mean", so that a
// mistyped setting can't be silently ignored.
package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/goccy/go-yaml"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/read/legacy"
)

// Names are the file names looked for, in order, in each folder.
var Names = []string{".flowctl.yaml", ".flowctl.yml"}

// Config is a project's configuration.
type Config struct {
	// Path is the file it was read from; empty when there is none.
	Path string `yaml:"-"`
	// Hooks are hook files (JavaScript: listeners, replacements, custom action types) that run,
	// test and validate load before their --hooks, relative to the configuration file.
	Hooks []string `yaml:"hooks"`
	// MediaURL is the base URL legacy flows' relative attachment and recording URLs are joined
	// to, for every command that reads flows, as their --media-url (which wins).
	MediaURL string `yaml:"media_url"`
	// Validate configures flowctl validate.
	Validate Validate `yaml:"validate"`
}

// Validate configures flowctl validate. Paths are relative to the configuration file.
type Validate struct {
	// Assets are assets documents or exports listing the workspace's assets, as --assets.
	Assets []string `yaml:"assets"`
	// Severity is the least severe findings reported: warning (all) or error, as --severity.
	Severity string `yaml:"severity"`
	// Disable lists codes (or layers: lint, lint/*) not to report, as --disable.
	Disable []string `yaml:"disable"`
	// Enable lists codes to report again after Disable, as --enable.
	Enable []string `yaml:"enable"`
	// Baseline is a baseline file whose findings are hidden, as --baseline.
	Baseline string `yaml:"baseline"`
	// Workspace is the routing workspace workflows' queues are checked against, as --workspace.
	Workspace string `yaml:"workspace"`

	dir string
}

// HookPaths returns the hooks files, relative to the working directory.
func (c *Config) HookPaths() []string {
	v := Validate{dir: filepath.Dir(c.Path)}
	if c.Path == "" {
		v.dir = ""
	}
	out := make([]string, len(c.Hooks))
	for i, p := range c.Hooks {
		out[i] = v.resolve(p)
	}
	return out
}

// AssetPaths returns the assets paths, relative to the working directory.
func (v *Validate) AssetPaths() []string {
	out := make([]string, len(v.Assets))
	for i, p := range v.Assets {
		out[i] = v.resolve(p)
	}
	return out
}

// BaselinePath returns the baseline path relative to the working directory, or "".
func (v *Validate) BaselinePath() string {
	if v.Baseline == "" {
		return ""
	}
	return v.resolve(v.Baseline)
}

// WorkspacePath returns the routing workspace path relative to the working directory, or "".
func (v *Validate) WorkspacePath() string {
	if v.Workspace == "" {
		return ""
	}
	return v.resolve(v.Workspace)
}

func (v *Validate) resolve(p string) string {
	if filepath.IsAbs(p) || v.dir == "" {
		return p
	}
	return filepath.Join(v.dir, filepath.FromSlash(p))
}

// Find looks for a configuration file in the folder of path (path itself when it is a folder)
// and its parents, stopping after the root of a git repository (a folder with .git) or of the
// file system. It returns "" when there is none.
func Find(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	dir := abs
	if info, err := os.Stat(abs); err != nil || !info.IsDir() {
		dir = filepath.Dir(abs)
	}
	for {
		for _, name := range Names {
			p := filepath.Join(dir, name)
			if info, err := os.Stat(p); err == nil && !info.IsDir() {
				return p, nil
			}
		}
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return "", nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}

// Load reads a configuration file. Errors say where (file:line:col) and what was expected.
func Load(path string) (*Config, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, src)
}

// Parse reads a configuration from src, read from path (for messages and relative paths).
func Parse(path string, src []byte) (*Config, error) {
	cfg := &Config{Path: path}
	if strings.TrimSpace(string(src)) != "" {
		if err := yaml.UnmarshalWithOptions(src, cfg, yaml.Strict()); err != nil {
			return nil, explain(path, src, err)
		}
	}
	cfg.Validate.dir = filepath.Dir(path)
	for i, h := range cfg.Hooks {
		if strings.TrimSpace(h) == "" {
			return nil, fmt.Errorf("%s: hooks[%d] is empty: expected a hooks file, relative to the configuration", path, i)
		}
	}
	if cfg.MediaURL != "" && !legacy.ValidMediaURL(cfg.MediaURL) {
		return nil, fmt.Errorf("%s: media_url is %q: expected an absolute http:// or https:// URL such as https://rapidpro.example.org/media/", path, cfg.MediaURL)
	}
	switch cfg.Validate.Severity {
	case "", "warning", "error":
	default:
		return nil, fmt.Errorf("%s: validate.severity is %q: expected warning or error", path, cfg.Validate.Severity)
	}
	return cfg, nil
}

// keys are the known keys by section ("" for the top level), for "did you mean".
var keys = map[string][]string{
	"":         {"hooks", "media_url", "validate"},
	"validate": {"assets", "severity", "disable", "enable", "baseline"},
}

// explain turns the YAML library's error into one line: file:line:col: what is wrong.
func explain(path string, src []byte, err error) error {
	var se yaml.Error
	if !errors.As(err, &se) {
		return fmt.Errorf("%s: %v", path, err)
	}
	tok := se.GetToken()
	msg := se.GetMessage()
	if tok == nil {
		return fmt.Errorf("%s: %s", path, msg)
	}
	pos := fmt.Sprintf("%s:%d:%d", path, tok.Position.Line, tok.Position.Column)
	if name, ok := strings.CutPrefix(msg, "unknown field "); ok {
		name = strings.Trim(name, `"`)
		section := sectionAt(src, tok.Position.Line, tok.Position.Column)
		known := keys[section]
		where := "at the top level"
		if section != "" {
			where = "in " + section
		}
		return fmt.Errorf("%s: unknown setting %q %s%s (known: %s)", pos, name, where, nearest(name, known), strings.Join(known, ", "))
	}
	return fmt.Errorf("%s: %s", pos, msg)
}

// sectionAt finds the key whose block holds the key at line and column: the nearest line above
// that is indented less.
func sectionAt(src []byte, line, col int) string {
	lines := strings.Split(string(src), "\n")
	for i := min(line-2, len(lines)-1); i >= 0; i-- {
		l := strings.TrimRight(lines[i], "\r")
		trimmed := strings.TrimLeft(l, " ")
		if trimmed == "" || strings.HasPrefix(trimmed, "#") || strings.HasPrefix(trimmed, "-") {
			continue
		}
		if indent := len(l) - len(trimmed); indent+1 < col {
			key, _, _ := strings.Cut(trimmed, ":")
			return strings.Trim(strings.TrimSpace(key), `"'`)
		}
	}
	return ""
}

// nearest suggests the known name closest to name.
func nearest(name string, known []string) string {
	best, dist := "", -1
	for _, k := range known {
		if d := flows.EditDistance(name, k); dist < 0 || d < dist {
			best, dist = k, d
		}
	}
	if dist >= 0 && dist <= max(2, len(name)/3) {
		return fmt.Sprintf("; did you mean %q?", best)
	}
	return ""
}
