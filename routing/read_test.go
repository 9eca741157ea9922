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

// TestEncodingWarnings: a key repeated in an object and bytes that aren't UTF-8 are read as
// TaskRouter's JSON reads them (the later key wins), with a warning at their place.
func TestEncodingWarnings(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string
	}{
		{"repeated key", "{\"task_queues\": [\n {\"sid\": \"WQ1\", \"sid\": \"WQ2\", \"friendly_name\": \"A\"}]}",
			[]string{`2:17 syntax/duplicate-key /task_queues/0/sid: key "sid" appears twice`}},
		{"bytes that aren't UTF-8", "{\"task_queues\": [\n {\"sid\": \"WQ1\", \"friendly_name\": \"A\xff\"}]}",
			[]string{`2:36 syntax/invalid-utf8 /task_queues/0/friendly_name: byte 0xff isn't UTF-8`}},
		{"clean", "{\"task_queues\": [{\"sid\": \"WQ1\", \"friendly_name\": \"A\"}]}", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, f := range Read("ws.json", []byte(tc.src)).Findings {
				if strings.HasPrefix(f.Code, "syntax/") {
					if f.Severity != SeverityWarning {
						t.Errorf("%s is an %s, want a warning", f.Code, f.Severity)
					}
					got = append(got, fmt.Sprintf("%d:%d %s %s: %s", f.Line, f.Column, f.Code, f.Pointer, f.Message))
				}
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
			for i, w := range tc.want {
				if !strings.HasPrefix(got[i], w) {
					t.Errorf("got %q, want it to start %q", got[i], w)
				}
			}
		})
	}
}
