package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// legacyMediaFlow is a legacy (v11) export whose message has an attachment stored relative to
// RapidPro's media server.
const legacyMediaFlow = `{"version": "11.12", "flows": [
 {"base_language": "eng", "flow_type": "M", "entry": "a0000000-0000-4000-8000-000000000001", "rule_sets": [],
  "action_sets": [{"uuid": "a0000000-0000-4000-8000-000000000001", "x": 0, "y": 0, "destination": null, "exit_uuid": "e0000000-0000-4000-8000-000000000001",
   "actions": [{"type": "reply", "uuid": "b0000000-0000-4000-8000-000000000001", "msg": {"eng": "Look"}, "media": {"eng": "image/jpeg:attachments/cat.jpg"}}]}],
  "metadata": {"uuid": "f0000000-0000-4000-8000-000000000001", "name": "Media", "revision": 1, "expires": 60}}]}`

// legacyVoiceFlow says a recording stored relative to the media server, with no text, so that
// graph shows its URL.
const legacyVoiceFlow = `{"version": "11.12", "flows": [
 {"base_language": "eng", "flow_type": "V", "entry": "a0000000-0000-4000-8000-000000000002", "rule_sets": [],
  "action_sets": [{"uuid": "a0000000-0000-4000-8000-000000000002", "x": 0, "y": 0, "destination": null, "exit_uuid": "e0000000-0000-4000-8000-000000000002",
   "actions": [{"type": "say", "uuid": "b0000000-0000-4000-8000-000000000002", "msg": {"eng": ""}, "recording": {"eng": "recordings/hello.mp3"}}]}],
  "metadata": {"uuid": "f0000000-0000-4000-8000-000000000002", "name": "Voice", "revision": 1, "expires": 5}}]}`

// TestMediaURL checks that every command reading flows joins legacy media URLs to --media-url,
// by default the reference engine's base, and refuses a base that isn't an absolute http(s) URL.
func TestMediaURL(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	flow, voice := filepath.Join(dir, "legacy.json"), filepath.Join(dir, "voice.json")
	for path, src := range map[string]string{flow: legacyMediaFlow, voice: legacyVoiceFlow} {
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const custom = "https://rapidpro.example.org/media/"
	tests := []struct {
		name string
		args []string
		want string // in stdout
	}{
		{"run joins to the reference's base by default", []string{"run", flow, "--format", "json"}, `"image/jpeg:http://temba.io/attachments/cat.jpg"`},
		{"run joins to --media-url", []string{"run", flow, "--format", "json", "--media-url", custom}, `"image/jpeg:https://rapidpro.example.org/media/attachments/cat.jpg"`},
		{"run: a base without a trailing slash gets one", []string{"run", flow, "--format", "json", "--media-url", "https://m.example.org"}, `"image/jpeg:https://m.example.org/attachments/cat.jpg"`},
		{"test --new records with --media-url", []string{"test", "--new", flow, "--media-url", custom}, `"image/jpeg:https://rapidpro.example.org/media/attachments/cat.jpg"`},
		{"graph shows the joined recording", []string{"graph", voice, "--media-url", custom}, "https://rapidpro.example.org/media/recordings/hello.mp3"},
		{"graph's default base", []string{"graph", voice}, "http://temba.io/recordings/hello.mp3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runMain(tt.args...)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if !strings.Contains(out, tt.want) {
				t.Errorf("output lacks %s:\n%s", tt.want, out)
			}
		})
	}

	// a scenario recorded with one base passes with it and fails with another: the suite reads
	// flows with --media-url too
	// (written with -o: on stdout the flow's path is relative to the working directory, not to
	// where the scenario ends up)
	scenario := filepath.Join(dir, "media.test.json")
	if code, _, errOut := runMain("test", "--new", flow, "--media-url", custom, "-o", scenario); code != exitOK {
		t.Fatalf("test --new: exit %d: %s", code, errOut)
	}
	for _, tc := range []struct {
		base string
		code int
	}{{custom, exitOK}, {"https://other.example.org/", exitFindings}} {
		if code, out, errOut := runMain("test", scenario, "--media-url", tc.base); code != tc.code {
			t.Errorf("test --media-url %s: exit %d, want %d\n%s%s", tc.base, code, tc.code, out, errOut)
		}
	}

	// the configuration's media_url applies to every command unless --media-url is given;
	// --no-config leaves the default
	if err := os.WriteFile(filepath.Join(dir, ".flowctl.yaml"), []byte("media_url: https://config.example.org/m/\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"run", flow, "--format", "json"}, "https://config.example.org/m/attachments/cat.jpg"},
		{[]string{"run", flow, "--format", "json", "--media-url", custom}, "https://rapidpro.example.org/media/attachments/cat.jpg"},
		{[]string{"run", flow, "--format", "json", "--no-config"}, "http://temba.io/attachments/cat.jpg"},
		{[]string{"test", "--new", flow}, "https://config.example.org/m/attachments/cat.jpg"},
		{[]string{"graph", voice}, "https://config.example.org/m/recordings/hello.mp3"},
	} {
		if code, out, errOut := runMain(tc.args...); code != exitOK {
			t.Errorf("%v: exit %d: %s", tc.args, code, errOut)
		} else if !strings.Contains(out, tc.want) {
			t.Errorf("%v: output lacks %s:\n%s", tc.args, tc.want, out)
		}
	}
	if code, _, _ := runMain("test", scenario); code != exitFindings {
		t.Errorf("test with the configuration's media_url: exit %d, want %d (the scenario was recorded with another base)", code, exitFindings)
	}
	if err := os.Remove(filepath.Join(dir, ".flowctl.yaml")); err != nil {
		t.Fatal(err)
	}

	for _, bad := range []string{"", "rapidpro.example.org/media", "ftp://rapidpro.example.org/", "https://", "HTTPS://rapidpro.example.org/"} {
		for _, cmd := range [][]string{{"run", flow}, {"test", scenario}, {"test", "--new", flow}, {"validate", flow}, {"graph", flow}, {"serve", dir, "--addr", "127.0.0.1:0"}} {
			t.Run(cmd[0]+" refuses "+bad, func(t *testing.T) {
				code, _, errOut := runMain(append(cmd, "--media-url", bad)...)
				if code != exitUsage || !strings.Contains(errOut, "--media-url must be an absolute http:// or https:// URL") {
					t.Errorf("exit %d, stderr %q; want exit %d and a --media-url error", code, errOut, exitUsage)
				}
			})
		}
	}
}
