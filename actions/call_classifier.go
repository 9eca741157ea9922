package actions

import (
	"encoding/json"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
)

// TypeCallClassifier is the type name of the call_classifier action.
const TypeCallClassifier = "call_classifier"

func init() {
	RegisterType(TypeCallClassifier, func() flows.Action { return &CallClassifier{base: newBase(TypeCallClassifier)} })
}

// CallClassifier asked an NLU classifier for the intent of some input and saved the top intent as
// a result. The reference engine no longer supports NLU classifiers: it still reads the action,
// but running it only warns and saves a Failure (see docs/spec-versions.md).
//
// The classifier is no longer read at all (any JSON value will do), but the input (at most 10000
// characters) and the result name are required.
type CallClassifier struct {
	base
	Classifier json.RawMessage `json:"classifier,omitempty"`
	Input      string          `json:"input" validate:"required,max=10000" flow:"template"`
	ResultName string          `json:"result_name" validate:"required,result_name"`
}

// AllowedFlowTypes lists the flow types call_classifier may appear in.
func (a *CallClassifier) AllowedFlowTypes() []flows.FlowType { return flows.OnlineFlowTypes }

// Execute does what the reference does now that classifiers are gone: the input is still
// evaluated (its errors logged), a warning says classifiers are no longer supported, and the
// result, when named, is saved as a Failure with value 0. No service is called.
func (a *CallClassifier) Execute(run runtime.Run, log runtime.Logger) error {
	input, _ := run.EvaluateTemplate(a.Input, log)
	log(runtime.NewWarning("", "NLU classifiers are no longer supported"))
	if a.ResultName != "" {
		run.SaveResult(a.ResultName, "0", "Failure", "", input, nil, log)
	}
	return nil
}
