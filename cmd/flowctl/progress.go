package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// progressThreshold is how many files a command must have before it shows a progress line: below
// that it finishes before anyone would wonder.
const progressThreshold = 200

// progress keeps one line on a terminal's stderr up to date ("validating 120/560 files"), so that
// a long run over many files shows it is alive. It does nothing unless stderr is a terminal: CI
// logs and pipes get no carriage returns. A nil *progress is valid and silent.
type progress struct {
	w     io.Writer
	verb  string
	total int
	every time.Duration
	last  time.Time
	width int // of the line last drawn, to blank it out
	now   func() time.Time
}

// newProgress returns a progress line for total files on stderr, or nil when there are too few
// files or stderr is not a terminal. TERM=dumb terminals can't return the carriage reliably,
// and CI runners that give jobs a pseudo-terminal (the CI variable, which GitHub Actions,
// GitLab and most others set) keep every redraw in their logs.
func newProgress(stderr io.Writer, verb string, total int) *progress {
	if total < progressThreshold || !writerIsTerminal(stderr) || os.Getenv("TERM") == "dumb" || inCI() {
		return nil
	}
	return &progress{w: stderr, verb: verb, total: total, every: 100 * time.Millisecond, now: time.Now}
}

// Step reports that done files are finished; the line is redrawn at most every 100ms.
func (p *progress) Step(done int) {
	if p == nil {
		return
	}
	now := p.now()
	if done < p.total && now.Sub(p.last) < p.every {
		return
	}
	p.last = now
	line := fmt.Sprintf("%s %d/%d files", p.verb, done, p.total)
	pad := max(0, p.width-len(line))
	fmt.Fprintf(p.w, "\r%s%s", line, strings.Repeat(" ", pad))
	p.width = len(line)
}

// Done blanks the line, so that what is printed next starts on a clean line.
func (p *progress) Done() {
	if p == nil || p.width == 0 {
		return
	}
	fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", p.width))
	p.width = 0
}

// inCI tells whether the CI environment variable says this runs in continuous integration.
func inCI() bool {
	switch strings.ToLower(os.Getenv("CI")) {
	case "", "0", "false", "no":
		return false
	}
	return true
}
