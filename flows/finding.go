package flows

// Severity says whether a finding fails validation (error) or only informs (warning).
type Severity string

// The severities of findings.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
)

// Finding is one problem found in a flow file by the reader or a check. Code is stable and
// namespaced by the layer that found it (syntax/…, schema/…, field/…, graph/…, asset/…,
// template/…, lint/…) and documented in docs/reference/findings.md. Pointer is a JSON pointer (RFC 6901)
// into the file; Line and Column (1-based, column in bytes) are derived from it, or from the byte
// offset of a syntax error.
type Finding struct {
	Severity   Severity `json:"severity"`
	Code       string   `json:"code"`
	Message    string   `json:"message"`
	Line       int      `json:"line"`
	Column     int      `json:"column"`
	Pointer    string   `json:"pointer"`
	FlowUUID   string   `json:"flow_uuid,omitempty"`
	NodeUUID   string   `json:"node_uuid,omitempty"`
	ActionUUID string   `json:"action_uuid,omitempty"`
}
