package actions

import (
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
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

// Execute would ask an NLU service to classify the input. Classifier services are not
// simulated: the call is reported as an error and the result takes the Failure category.
func (a *CallClassifier) Execute(run runtime.Run, log runtime.Logger) error {
	if a.Classifier == nil {
		return nil
	}
	if run.Assets().Get(flows.AssetClassifier, a.Classifier.UUID) == nil {
		missingDependency(log, "classifier", "uuid", a.Classifier.UUID, a.Classifier.Name)
	} else {
		log(runtime.NewCodedError("service:unavailable", "classifier services are not simulated", nil))
	}
	input, _ := run.EvaluateTemplate(a.Input, log)
	run.SaveResult(a.ResultName, "", "Failure", "", input, nil, log)
	return nil
}
