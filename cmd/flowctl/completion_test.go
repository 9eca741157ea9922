package main

import (
	"strings"
	"testing"
)

// TestFlagValueCompletion: the shells are offered the values of --format and --color of every
// command and the flow names of the flow file for --flow; `__complete` is what the scripts call.
func TestFlagValueCompletion(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"graph", "--format", ""}, "mermaid dot svg"},
		{[]string{"validate", "--format", ""}, "text json sarif github junit"},
		{[]string{"test", "--format", ""}, "text json junit github"},
		{[]string{"run", "--format", ""}, "text json"},
		{[]string{"test", "--color", ""}, "auto always never"},
		{[]string{"run", "--color", ""}, "auto always never"},
		{[]string{"validate", "--color", ""}, "auto always never"},
		{[]string{"graph", exampleFlow, "--flow", ""}, "Registration Satisfaction Survey"},
		{[]string{"run", exampleFlow, "--flow", ""}, "Registration Satisfaction Survey"},
		{[]string{"test", "--new", exampleFlow, "--flow", ""}, "Registration Satisfaction Survey"},
		{[]string{"graph", "no-such-file.json", "--flow", ""}, ""},
	}
	for _, tt := range tests {
		code, out, _ := runMain(append([]string{"__complete"}, tt.args...)...)
		if code != 0 {
			t.Errorf("%v: exit %d", tt.args, code)
			continue
		}
		var got []string
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			if !strings.HasPrefix(line, ":") { // the last line is the directive
				got = append(got, strings.Join(strings.Fields(line), " "))
			}
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("%v: offered %q, want %q", tt.args, got, tt.want)
		}
	}
}

func TestFormatValues(t *testing.T) {
	tests := []struct{ usage, want string }{
		{"output format: text, json, sarif, github or junit (see docs/exit-codes.md)", "text, json, sarif, github or junit"},
		{"output format: mermaid, dot or svg", "mermaid, dot or svg"},
		{"output format: text or json", "text or json"},
		{"format of the dates", ""},
	}
	for _, tt := range tests {
		got := ""
		if m := formatValues.FindStringSubmatch(tt.usage); m != nil {
			got = m[1]
		}
		if got != tt.want {
			t.Errorf("%q: %q, want %q", tt.usage, got, tt.want)
		}
	}
}
