package routing

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden .out files of testdata/ok, warn and err")

// render writes findings as validate prints them, for golden files.
func render(path string, fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "%s:%d:%d: %s[%s]: %s (at %s)\n", filepath.Base(path), f.Line, f.Column, f.Severity, f.Code, f.Message, f.Pointer)
	}
	return b.String()
}

func golden(t *testing.T, dir string, wantErrors, wantWarnings bool) {
	paths, _ := filepath.Glob(filepath.Join("testdata", dir, "*.json"))
	if len(paths) == 0 {
		t.Fatalf("no inputs in testdata/%s", dir)
	}
	for _, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) {
			src, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			d := Read(p, src)
			fs := Check(d, nil)
			hasErr, hasWarn := false, false
			for _, f := range fs {
				hasErr = hasErr || f.Severity == SeverityError
				hasWarn = hasWarn || f.Severity == SeverityWarning
				if f.Line < 1 || f.Column < 1 {
					t.Errorf("finding without a position: %+v", f)
				}
			}
			if hasErr != wantErrors {
				t.Errorf("errors: %v, want %v:\n%s", hasErr, wantErrors, render(p, fs))
			}
			if wantWarnings && !hasWarn {
				t.Errorf("no warnings")
			}
			got := render(p, fs)
			out := strings.TrimSuffix(p, ".json") + ".out"
			if *update {
				if err := os.WriteFile(out, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(out)
			if err != nil {
				t.Fatalf("%v (run go test ./routing -update)", err)
			}
			if got != string(want) {
				t.Errorf("findings differ from %s:\ngot:\n%swant:\n%s", out, got, want)
			}
		})
	}
}

// TestOK: inputs modelled on real configurations read without errors (warnings are pinned).
func TestOK(t *testing.T) { golden(t, "ok", false, false) }

// TestWarnings: inputs with oddities and lints but no errors, each with at least one warning.
func TestWarnings(t *testing.T) { golden(t, "warn", false, true) }

// TestErrors: each broken input's findings, pinned.
func TestErrors(t *testing.T) { golden(t, "err", true, false) }
