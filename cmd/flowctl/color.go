package main

import (
	"io"
	"os"
)

// colorFor decides whether text output is coloured: auto means on a terminal that can show
// colour (TERM isn't "dumb") and without NO_COLOR (https://no-color.org) set to anything but "".
func colorFor(w io.Writer, mode string) (bool, error) {
	switch mode {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "auto":
		return os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb" && writerIsTerminal(w), nil
	}
	return false, usageErr("unknown --color %q: expected auto, always or never", mode)
}
