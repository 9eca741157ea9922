// Package flows holds the model of a goflow flow definition (flows, nodes, routers, waits, exits,
// localization), the assets flows refer to, and the interfaces that action types, the reader, the
// checks and the engine share. It does no I/O and knows nothing of the command line.
package flows

import "encoding/json"

// FlowType is the kind of channel a flow is written for.
type FlowType string

// The flow types of the goflow spec.
const (
	FlowTypeMessaging           FlowType = "messaging"
	FlowTypeMessagingBackground FlowType = "messaging_background"
	FlowTypeMessagingOffline    FlowType = "messaging_offline"
	FlowTypeVoice               FlowType = "voice"
)

// FlowTypes lists every flow type, in documentation order.
var FlowTypes = []FlowType{FlowTypeMessaging, FlowTypeMessagingBackground, FlowTypeMessagingOffline, FlowTypeVoice}

// Limits of the goflow spec that the reader and the checks enforce.
const (
	MaxNodesPerFlow      = 1000
	MaxActionsPerNode    = 100
	MaxExitsPerNode      = 100
	MaxCategoriesPerNode = 100
	MaxCasesPerRouter    = 100
)

// Flow is one flow definition.
type Flow struct {
	UUID               string       `json:"uuid" validate:"required,uuid"`
	Name               string       `json:"name" validate:"required,max=64"`
	SpecVersion        string       `json:"spec_version" validate:"required"`
	Language           string       `json:"language" validate:"required,language"`
	Type               FlowType     `json:"type" validate:"required,flow_type"`
	Revision           int          `json:"revision"`
	ExpireAfterMinutes int          `json:"expire_after_minutes,omitempty"`
	Localization       Localization `json:"localization,omitempty"`
	Nodes              []*Node      `json:"nodes" validate:"dive,required"`

	// UI is the editor's layout; it is kept as it was and never checked.
	UI json.RawMessage `json:"_ui,omitempty"`
}

// Node is a step of a flow: actions to run, then an optional router choosing an exit.
type Node struct {
	UUID    string   `json:"uuid" validate:"required,uuid"`
	Actions []Action `json:"-"`
	Router  *Router  `json:"router,omitempty"`
	Exits   []*Exit  `json:"exits" validate:"required,min=1,dive,required"`
}

// Exit leads from a node to another node, or out of the flow when DestinationUUID is empty.
type Exit struct {
	UUID            string `json:"uuid" validate:"required,uuid"`
	DestinationUUID string `json:"destination_uuid,omitempty" validate:"omitempty,uuid"`
}

// RouterType names the two kinds of router.
type RouterType string

// The router types of the goflow spec.
const (
	RouterTypeSwitch RouterType = "switch"
	RouterTypeRandom RouterType = "random"
)

// Router picks one of a node's categories (and so one of its exits).
type Router struct {
	Type       RouterType  `json:"type" validate:"required,oneof=switch random"`
	Wait       *Wait       `json:"wait,omitempty"`
	ResultName string      `json:"result_name,omitempty" validate:"omitempty,max=64"`
	Categories []*Category `json:"categories" validate:"required,min=1,dive,required"`

	// Switch routers only.
	Operand             string  `json:"operand,omitempty" validate:"required_if=Type switch,max=10000" flow:"template"`
	Cases               []*Case `json:"cases,omitempty" validate:"dive,required"`
	DefaultCategoryUUID string  `json:"default_category_uuid,omitempty" validate:"omitempty,uuid"`
}

// Category is one outcome of a router.
type Category struct {
	UUID     string `json:"uuid" validate:"required,uuid"`
	Name     string `json:"name" validate:"required,result_category" flow:"localized"`
	ExitUUID string `json:"exit_uuid" validate:"required,uuid"`
}

// Case is one test of a switch router: when the test matches the operand, its category is taken.
// Its UUID is only what translations of its arguments are keyed by: the engine reads a case
// whatever its UUID (none, or one that isn't a UUID), so no rule holds it.
type Case struct {
	UUID         string   `json:"uuid"`
	Type         string   `json:"type" validate:"required"`
	Arguments    []string `json:"arguments,omitempty" validate:"max=10" flow:"template,localized"`
	CategoryUUID string   `json:"category_uuid" validate:"required,uuid"`
}

// WaitType names the kinds of wait.
type WaitType string

// The wait types of the goflow spec.
const (
	WaitTypeMsg  WaitType = "msg"
	WaitTypeDial WaitType = "dial"
)

// Wait pauses a session until the contact replies (msg) or a call ends (dial).
type Wait struct {
	Type    WaitType `json:"type" validate:"required,oneof=msg dial"`
	Timeout *Timeout `json:"timeout,omitempty"`
	Hint    *Hint    `json:"hint,omitempty"`

	// Dial waits only.
	Phone            string `json:"phone,omitempty" validate:"required_if=Type dial,max=1000" flow:"template"`
	DialLimitSeconds int    `json:"dial_limit_seconds,omitempty"`
	CallLimitSeconds int    `json:"call_limit_seconds,omitempty"`
}

// Timeout sends a waiting contact down a category after some seconds without reply. The seconds
// are required, so not 0; the reference reads a negative number.
type Timeout struct {
	Seconds      int    `json:"seconds" validate:"required"`
	CategoryUUID string `json:"category_uuid" validate:"required,uuid"`
}

// Hint tells a channel what kind of reply a msg wait expects.
type Hint struct {
	Type         string `json:"type" validate:"required,oneof=image video audio location digits"`
	Count        *int   `json:"count,omitempty"`
	TerminatedBy string `json:"terminated_by,omitempty"`
}

// Localization maps a language code to the translations of the flow's items in that language:
// item UUID → property name → list of translated strings.
type Localization map[string]map[string]map[string][]string

// Translation returns the translation of an item's property in a language as the engine uses it,
// or nil when there is none to use. A translation that is empty, or is one empty string (what the
// editor saves for a cleared field), counts as none, so the run falls back to its next language;
// so does a value the reader found not to be a list of strings, which it keeps as nil.
func (l Localization) Translation(lang, item, prop string) []string {
	tr := l[lang][item][prop]
	if len(tr) == 0 || (len(tr) == 1 && tr[0] == "") {
		return nil
	}
	return tr
}

// NodeByUUID returns the node with the given UUID, or nil.
func (f *Flow) NodeByUUID(uuid string) *Node {
	for _, n := range f.Nodes {
		if n != nil && n.UUID == uuid {
			return n
		}
	}
	return nil
}
