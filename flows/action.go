package flows

// Action is one typed action of a node. Each action type is a struct in package actions that
// registers itself there with RegisterType; the reader decodes actions through that registry.
//
// Struct fields carry three kinds of tags that the checks and the engine read generically:
//   - `json` names the field as it appears in flow files;
//   - `validate` holds go-playground/validator rules (see flows/check);
//   - `flow` marks fields holding templates: `flow:"template"` for a string, []string or
//     map[string]string evaluated as @-templates, plus `,localized` when the flow's localization
//     may translate it (send_msg text, quick replies, ...).
//
// Fields referring to assets use the reference types of this package (GroupRef, FieldRef, ...),
// which implement AssetRef, so the asset checks find them without per-type code.
type Action interface {
	// Type is the action's type name as written in flow files, e.g. "send_msg".
	Type() string
	// UUID is the action's own UUID.
	UUID() string
	// AllowedFlowTypes lists the flow types this action may appear in.
	AllowedFlowTypes() []FlowType
}

// AllFlowTypes is what AllowedFlowTypes returns for actions valid in every flow type.
var AllFlowTypes = FlowTypes

// InteractiveFlowTypes are the flow types in which a contact is talked to directly.
var InteractiveFlowTypes = []FlowType{FlowTypeMessaging, FlowTypeMessagingOffline, FlowTypeVoice}

// OnlineFlowTypes are the flow types whose sessions run on a server, so they may call external
// services (webhooks, classifiers, airtime); offline (Surveyor) flows may not.
var OnlineFlowTypes = []FlowType{FlowTypeMessaging, FlowTypeMessagingBackground, FlowTypeVoice}

// VoiceFlowTypes is what AllowedFlowTypes returns for actions that only make sense on a call.
var VoiceFlowTypes = []FlowType{FlowTypeVoice}

// Validator is implemented by actions (and other model values) with rules that validate tags
// can't express, such as one field excluding another. The checks call it after the tag rules;
// the error's message is reported as is, so it must say what is wrong and where.
type Validator interface {
	Validate() error
}
