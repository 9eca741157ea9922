package engine

import (
	"fmt"

	"github.com/flowctl/flowctl/flows"
)

// Accepts reports whether a wait of waitType (with a timeout or not) takes a resume of
// resumeType. The rule is the reference engine's: a msg wait takes a message, a wait expiration,
// and a wait timeout when it has a timeout; a dial wait takes only the dial's end, so it neither
// times out nor expires (the call's own limits end it).
func Accepts(waitType flows.WaitType, hasTimeout bool, resumeType string) bool {
	switch waitType {
	case flows.WaitTypeMsg:
		switch resumeType {
		case "msg", "wait_expiration":
			return true
		case "wait_timeout":
			return hasTimeout
		}
	case flows.WaitTypeDial:
		return resumeType == "dial"
	}
	return false
}

// RejectedResumeError says the session's wait doesn't take a resume. Nothing has happened: the
// session still waits where it did, no event was logged, and another resume may follow.
type RejectedResumeError struct {
	Resume     string
	Wait       flows.WaitType
	HasTimeout bool
}

// Error words the refusal as the reference does, saying why when the wait's type alone doesn't.
func (e *RejectedResumeError) Error() string {
	msg := fmt.Sprintf("resume: resume of type %s not accepted by wait of type %s", e.Resume, e.Wait)
	if e.Resume == "wait_timeout" && e.Wait == flows.WaitTypeMsg && !e.HasTimeout {
		msg += " (the wait has no timeout)"
	}
	return msg
}

// checkAccepts refuses a resume the wait doesn't take.
func checkAccepts(wait *flows.Wait, resumeType string) error {
	hasTimeout := wait.Timeout != nil
	if Accepts(wait.Type, hasTimeout, resumeType) {
		return nil
	}
	return &RejectedResumeError{Resume: resumeType, Wait: wait.Type, HasTimeout: hasTimeout}
}
