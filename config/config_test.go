package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	cfg, err := Parse(filepath.Join("proj", ".flowctl.yaml"), []byte(`# why: the exports are translated later
validate:
  assets: [assets/org.json, /abs/other.json]
  severity: error
  disable:
    - lint/missing-translation
  enable: [lint]
  baseline: .flowctl-baseline.json
`))
	if err != nil {
		t.Fatal(err)
	}
	v := cfg.Validate
	if got := strings.Join(v.AssetPaths(), " "); got != filepath.Join("proj", "assets", "org.json")+" /abs/other.json" {
		t.Errorf("assets %q", got)
	}
	if v.Severity != "error" || v.Disable[0] != "lint/missing-translation" || v.Enable[0] != "lint" || v.BaselinePath() != filepath.Join("proj", ".flowctl-baseline.json") {
		t.Errorf("got %+v", v)
	}
	if empty, err := Parse("x.yaml", []byte("# nothing yet\n")); err != nil || empty.Validate.BaselinePath() != "" {
		t.Errorf("empty file: %v", err)
	}
}

// TestHooks: the hooks key is a list of files relative to the configuration.
func TestHooks(t *testing.T) {
	cfg, err := Parse(filepath.Join("proj", ".flowctl.yaml"), []byte("hooks: [hooks/glific.js, /abs/policing.js]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(cfg.HookPaths(), " "); got != filepath.Join("proj", "hooks", "glific.js")+" /abs/policing.js" {
		t.Errorf("hooks %q", got)
	}
	if _, err := Parse("c.yaml", []byte("hooks: [\"\"]\n")); err == nil || err.Error() != "c.yaml: hooks[0] is empty: expected a hooks file, relative to the configuration" {
		t.Errorf("empty hook path: %v", err)
	}
	if _, err := Parse("c.yaml", []byte("hook: [a.js]\n")); err == nil || !strings.Contains(err.Error(), `did you mean "hooks"?`) {
		t.Errorf("misspelt key: %v", err)
	}
}

// TestMediaURL: media_url is an absolute http(s) URL, kept as written.
func TestMediaURL(t *testing.T) {
	tests := []struct{ src, want, err string }{
		{"media_url: https://rapidpro.example.org/media/\n", "https://rapidpro.example.org/media/", ""},
		{"media_url: http://localhost:8000\n", "http://localhost:8000", ""},
		{"hooks: []\n", "", ""},
		{"media_url: rapidpro.example.org/media\n", "", `c.yaml: media_url is "rapidpro.example.org/media": expected an absolute http:// or https:// URL such as https://rapidpro.example.org/media/`},
		{"media_url: ftp://rapidpro.example.org/\n", "", `c.yaml: media_url is "ftp://rapidpro.example.org/": expected an absolute http:// or https:// URL`},
		{"media_url: https://\n", "", `c.yaml: media_url is "https://"`},
		{"media_uri: https://x.org/\n", "", `did you mean "media_url"?`},
	}
	for _, tc := range tests {
		cfg, err := Parse("c.yaml", []byte(tc.src))
		switch {
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%q: error %v, want one containing %q", tc.src, err, tc.err)
		case tc.err == "" && err != nil:
			t.Errorf("%q: %v", tc.src, err)
		case tc.err == "" && cfg.MediaURL != tc.want:
			t.Errorf("%q: media_url %q, want %q", tc.src, cfg.MediaURL, tc.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"validate:\n  disabel: [lint]\n", `c.yaml:2:3: unknown setting "disabel" in validate; did you mean "disable"?`},
		{"valdate:\n  severity: error\n", `c.yaml:1:1: unknown setting "valdate" at the top level; did you mean "validate"?`},
		{"validate:\n  severity: info\n", `c.yaml: validate.severity is "info": expected warning or error`},
		{"validate:\n  disable: lint\n", "c.yaml:2:12: "},
		{"validate: [\n", "c.yaml:1:"},
	}
	for _, tc := range tests {
		_, err := Parse("c.yaml", []byte(tc.src))
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want %s…", tc.src, err, tc.want)
		}
	}
}

// TestFind: the nearest configuration up from a path, not past the repository's root.
func TestFind(t *testing.T) {
	root := t.TempDir()
	repo := filepath.Join(root, "repo")
	deep := filepath.Join(repo, "flows", "deep")
	for _, d := range []string{deep, filepath.Join(repo, ".git")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	file := filepath.Join(deep, "export.json")
	if err := os.WriteFile(file, []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Above the repository: never used.
	if err := os.WriteFile(filepath.Join(root, ".flowctl.yaml"), []byte(""), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := Find(file); err != nil || got != "" {
		t.Errorf("found %q (%v) above the repository", got, err)
	}
	cfg := filepath.Join(repo, ".flowctl.yml")
	if err := os.WriteFile(cfg, []byte(""), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, from := range []string{file, deep, repo} {
		if got, err := Find(from); err != nil || got != cfg {
			t.Errorf("Find(%s) = %q, %v; want %s", from, got, err, cfg)
		}
	}
}
