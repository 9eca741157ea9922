package main

import (
	"bytes"
	"io"
	"os"
	"strings"
	"testing"
	"time"
)

func TestProgressOnlyOnTerminals(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	for name, stderr := range map[string]io.Writer{"buffer": &bytes.Buffer{}, "pipe": w} {
		for _, total := range []int{1, progressThreshold, 10000} {
			if p := newProgress(stderr, "validating", total); p != nil {
				t.Errorf("%s with %d files: progress shown", name, total)
			}
		}
	}
	// A nil progress is silent and safe.
	var p *progress
	p.Step(3)
	p.Done()
}

// TestProgressNotInCI: a CI runner may give its jobs a terminal, but its logs keep every
// redraw, so the CI variable turns the line off; CI=false and the like don't.
func TestProgressNotInCI(t *testing.T) {
	tty := openTerminal(t)
	t.Setenv("TERM", "xterm")
	for _, tc := range []struct {
		ci   string
		want bool
	}{{"", true}, {"false", true}, {"0", true}, {"true", false}, {"1", false}, {"woodpecker", false}} {
		t.Setenv("CI", tc.ci)
		if got := newProgress(tty, "testing", progressThreshold) != nil; got != tc.want {
			t.Errorf("CI=%q: progress line %v, want %v", tc.ci, got, tc.want)
		}
	}
}

func TestProgressLine(t *testing.T) {
	var buf bytes.Buffer
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	p := &progress{w: &buf, verb: "validating", total: 1200, every: 100 * time.Millisecond, now: func() time.Time { return clock }}
	steps := []struct {
		advance time.Duration
		done    int
		want    string
	}{
		{0, 1, "\rvalidating 1/1200 files"},
		{10 * time.Millisecond, 2, ""}, // too soon: not redrawn
		{100 * time.Millisecond, 900, "\rvalidating 900/1200 files"},
		{time.Millisecond, 1200, "\rvalidating 1200/1200 files"}, // the last step always shows
	}
	for _, s := range steps {
		buf.Reset()
		clock = clock.Add(s.advance)
		p.Step(s.done)
		if buf.String() != s.want {
			t.Errorf("Step(%d) wrote %q, want %q", s.done, buf.String(), s.want)
		}
	}
	// A shorter line blanks what the longer one left.
	buf.Reset()
	p.verb = "ok"
	clock = clock.Add(time.Second)
	p.Step(5)
	if want := "\rok 5/1200 files" + strings.Repeat(" ", len("validating 1200/1200 files")-len("ok 5/1200 files")); buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
	buf.Reset()
	p.Done()
	if want := "\r" + strings.Repeat(" ", len("ok 5/1200 files")) + "\r"; buf.String() != want {
		t.Errorf("Done wrote %q, want %q", buf.String(), want)
	}
}
