package main

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestDescribeBuild(t *testing.T) {
	rev := "0123456789abcdef0123456789abcdef01234567"
	tests := []struct {
		name string
		info debug.BuildInfo
		want string
	}{
		{"go install of a tag", debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}}, "v1.4.0"},
		{"go build in a checkout", debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: rev}, {Key: "vcs.modified", Value: "false"}}}, "dev (0123456789ab)"},
		{"uncommitted changes", debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: rev}, {Key: "vcs.modified", Value: "true"}}}, "dev (0123456789ab, dirty)"},
		{"pseudo-version that holds the commit", debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20260101000000-0123456789ab+dirty"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: rev}, {Key: "vcs.modified", Value: "true"}}}, "v0.0.0-20260101000000-0123456789ab+dirty"},
		{"no information", debug.BuildInfo{}, "dev"},
	}
	for _, tt := range tests {
		if got := describeBuild(&tt.info); got != tt.want {
			t.Errorf("%s: describeBuild = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestVersionCommand(t *testing.T) {
	code, out, stderr := runMain("version")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	// A test binary has build information without VCS settings, so its version is "dev" or the
	// module's; either way the line names flowctl and a version.
	if !strings.HasPrefix(out, "flowctl ") || strings.TrimSpace(strings.TrimPrefix(out, "flowctl ")) == "" {
		t.Errorf("version printed %q", out)
	}
	if want := "flowctl " + versionString() + "\n"; out != want {
		t.Errorf("version printed %q, want %q", out, want)
	}
	if code, flagOut, stderr := runMain("--version"); code != 0 || flagOut != out {
		t.Errorf("--version: exit %d, stdout %q, stderr %q; want what the version command prints", code, flagOut, stderr)
	}
}
