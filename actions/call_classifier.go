package actions

import (
	"github.com/flowctl/flowctl/flows"
)

// TypeCallClassifier is the type name of the call_classifier action.
const TypeCallClassifier = "call_classifier"

func init() {
	RegisterType(TypeCallClassifier, func() flows.Action { return &CallClassifier{base: newBase(TypeCallClassifier)} })
}

// CallClassifier asks an NLU classifier for the intent of some input and saves the top intent as a
// result. This is the spec shape up to 14.4; 14.5 retired NLU classifiers (see docs/spec-versions.md).
type CallClassifier struct {
	base
	Classifier *flows.ClassifierRef `json:"classifier" validate:"required"`
	Input      string               `json:"input" flow:"template"`
	ResultName string               `json:"result_name" validate:"required,result_name"`
}

// AllowedFlowTypes lists the flow types call_classifier may appear in.
func (a *CallClassifier) AllowedFlowTypes() []flows.FlowType { return flows.OnlineFlowTypes }
