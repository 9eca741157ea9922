package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// lineInput reads what a person types at a prompt, one line at a time.
type lineInput interface {
	// ReadLine shows the prompt and returns the next line, or io.EOF at the end of input.
	ReadLine() (string, error)
}

// newLineInput reads lines from in. On a terminal, lines get editing (arrows, Home/End, Ctrl-A,
// Ctrl-E, Ctrl-W, Ctrl-U) and a history recalled with the up and down arrows, from
// golang.org/x/term: maintained with Go itself, no cgo, and already among our dependencies. It
// does what a prompt needs without the larger readline libraries, whose releases have stopped.
// Elsewhere (a pipe, a file) the prompt is printed and lines are read as they come.
func newLineInput(in io.Reader, out io.Writer, prompt string) lineInput {
	if f, ok := in.(*os.File); ok && fileIsTerminal(f) {
		return &terminalInput{fd: int(f.Fd()), t: term.NewTerminal(struct {
			io.Reader
			io.Writer
		}{f, out}, prompt)}
	}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), maxLine)
	return &plainInput{sc: sc, out: out, prompt: prompt}
}

// terminalInput edits lines on a terminal, switching it to raw mode only while a line is read,
// so that what the program prints between prompts keeps the terminal's own line endings.
type terminalInput struct {
	fd int
	t  *term.Terminal
}

func (ti *terminalInput) ReadLine() (string, error) {
	if old, err := term.MakeRaw(ti.fd); err == nil {
		defer term.Restore(ti.fd, old)
	}
	line, err := ti.t.ReadLine()
	if errors.Is(err, io.EOF) && line == "" {
		return "", io.EOF
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("reading the terminal: %w", err)
	}
	return line, nil
}

// plainInput reads lines from a pipe or file, printing the prompt before each.
type plainInput struct {
	sc     *bufio.Scanner
	out    io.Writer
	prompt string
}

func (pi *plainInput) ReadLine() (string, error) {
	if pi.prompt != "" {
		fmt.Fprint(pi.out, pi.prompt)
	}
	if !pi.sc.Scan() {
		if err := pi.sc.Err(); err != nil {
			return "", err
		}
		return "", io.EOF
	}
	return strings.TrimSuffix(pi.sc.Text(), "\r"), nil
}
