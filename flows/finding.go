package flows

import "github.com/flowctl/flowctl/findings"

// Severity says whether a finding fails validation (error) or only informs (warning). It is the
// findings package's, which every kind of document validate reads shares.
type Severity = findings.Severity

// The severities of findings.
const (
	SeverityError   = findings.SeverityError
	SeverityWarning = findings.SeverityWarning
)

// Finding is one problem found in a flow file by the reader or a check; see findings.Finding.
type Finding = findings.Finding
