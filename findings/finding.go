// Package findings holds what every kind of document flowctl validates reports: a finding (a
// problem with its code, severity, message and the places it occurs), the rule a code stands for,
// and the line index that turns byte offsets into positions. It knows nothing of flows, so that
// other document kinds (routing workflows, ...) report through the same pipeline and formats.
package findings

// Severity says whether a finding fails validation (error) or only informs (warning).
type Severity string

// The severities of findings.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
)

// The codes of what a JSON file of any kind may hold that its decoder accepts silently (see
// internal/jsontree.Lint): flows, assets and routing documents report them alike, as warnings.
const (
	CodeDuplicateKey = "syntax/duplicate-key"
	CodeInvalidUTF8  = "syntax/invalid-utf8"
)

// Finding is one problem found in a file. Code is stable and namespaced by the layer that found
// it (syntax/…, schema/…, field/…, graph/…, asset/…, template/…, lint/…) and documented in
// docs/reference/findings.md. Pointer is a JSON pointer (RFC 6901) into the file; Line and Column
// (1-based, column in bytes) are derived from it, or from the byte offset of a syntax error.
//
// The position fields are the finding's first place. When the same problem occurs in several
// places of a file (one missing field read in twenty templates), validate reports it once: Count
// says how often and Places lists every place, the first one included.
type Finding struct {
	Severity Severity `json:"severity"`
	Code     string   `json:"code"`
	Message  string   `json:"message"`
	Line     int      `json:"line"`
	Column   int      `json:"column"`
	Pointer  string   `json:"pointer"`
	FlowUUID string   `json:"flow_uuid,omitempty"`
	// FlowName names the flow the finding is in, as the editor shows it.
	FlowName   string `json:"flow_name,omitempty"`
	NodeUUID   string `json:"node_uuid,omitempty"`
	ActionUUID string `json:"action_uuid,omitempty"`
	// Node describes the node (or the action of it) the finding is in, in a few words:
	// `wait for reply "Age"`, `send_msg "Hi @contact.name"`.
	Node string `json:"node,omitempty"`
	// Count is how many places have the problem (len(Places) once grouped; 0 before).
	Count  int     `json:"count,omitempty"`
	Places []Place `json:"places,omitempty"`
	// Fingerprint identifies the problem across runs, whatever lines move: baselines and SARIF's
	// partialFingerprints use it.
	Fingerprint string `json:"fingerprint,omitempty"`
}

// Place is one place a finding occurs, with the same meaning as a Finding's position fields.
type Place struct {
	Line       int    `json:"line"`
	Column     int    `json:"column"`
	Pointer    string `json:"pointer"`
	FlowUUID   string `json:"flow_uuid,omitempty"`
	FlowName   string `json:"flow_name,omitempty"`
	NodeUUID   string `json:"node_uuid,omitempty"`
	ActionUUID string `json:"action_uuid,omitempty"`
	Node       string `json:"node,omitempty"`
}

// First returns the finding's own position as a Place.
func (f *Finding) First() Place {
	return Place{Line: f.Line, Column: f.Column, Pointer: f.Pointer, FlowUUID: f.FlowUUID, FlowName: f.FlowName,
		NodeUUID: f.NodeUUID, ActionUUID: f.ActionUUID, Node: f.Node}
}

// SetFirst makes p the finding's own position.
func (f *Finding) SetFirst(p Place) {
	f.Line, f.Column, f.Pointer, f.FlowUUID, f.FlowName = p.Line, p.Column, p.Pointer, p.FlowUUID, p.FlowName
	f.NodeUUID, f.ActionUUID, f.Node = p.NodeUUID, p.ActionUUID, p.Node
}

// AllPlaces returns the places of a finding: Places once grouped, else its own position.
func (f *Finding) AllPlaces() []Place {
	if len(f.Places) > 0 {
		return f.Places
	}
	return []Place{f.First()}
}

// Rule describes one kind of finding. Its Code is stable: tools filter and suppress findings by
// it, so a code is never renamed or reused for something else.
type Rule struct {
	Code string
	// Severity is the rule's default severity; some rules report either (see their Summary).
	Severity Severity
	// Summary is one line for docs/reference/findings.md and --help style listings.
	Summary string
}
