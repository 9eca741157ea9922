package flows

import (
	"fmt"
	"strings"
)

// FlowID names a flow for choosing one: its UUID and name.
type FlowID struct {
	UUID, Name string
}

// UnknownFlowError says a flow asked for by name or UUID (a --flow option) is not in a file, with
// the nearest name or UUID when there is a plausible one.
type UnknownFlowError struct {
	Which string
	// File is the file (or files) looked in.
	File string
	// Flows are the flows the file holds.
	Flows []FlowID
	// Nearest is the flow the user probably meant, or nil.
	Nearest *FlowID
}

// listedFlows is how many flow names an UnknownFlowError lists before it points to
// `flowctl flows`.
const listedFlows = 6

// Error says what was asked for, what was probably meant, and what the file holds.
func (e *UnknownFlowError) Error() string {
	if e.Which == "" {
		return e.File + " holds no flows"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "no flow %q in %s", e.Which, e.File)
	if e.Nearest != nil {
		fmt.Fprintf(&b, "; did you mean %q (%s)?", e.Nearest.Name, e.Nearest.UUID)
	}
	switch n := len(e.Flows); {
	case n == 0:
		b.WriteString("; it holds no flows")
	case n <= listedFlows:
		names := make([]string, n)
		for i, f := range e.Flows {
			names[i] = fmt.Sprintf("%q", f.Name)
		}
		fmt.Fprintf(&b, "; it holds %s", strings.Join(names, ", "))
	default:
		fmt.Fprintf(&b, "; it holds %d flows: 'flowctl flows %s' lists them", n, e.File)
	}
	return b.String()
}

// ChooseFlow finds the flow a user asked for by UUID or name (names case-insensitively) and
// returns its index in list; an empty which means the first. file names where the flows come
// from, for the error.
func ChooseFlow(list []FlowID, which, file string) (int, error) {
	if which == "" {
		if len(list) == 0 {
			return -1, &UnknownFlowError{Which: which, File: file}
		}
		return 0, nil
	}
	for i, f := range list {
		if f.UUID == which {
			return i, nil
		}
	}
	for i, f := range list {
		if strings.EqualFold(f.Name, which) {
			return i, nil
		}
	}
	err := &UnknownFlowError{Which: which, File: file, Flows: list}
	candidates := make([]string, 0, 2*len(list))
	for _, f := range list {
		candidates = append(candidates, f.Name, f.UUID)
	}
	if best, ok := Closest(which, candidates); ok {
		for i := range list {
			if list[i].Name == best || list[i].UUID == best {
				err.Nearest = &list[i]
				break
			}
		}
	}
	return -1, err
}
