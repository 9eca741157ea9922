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

// Execute asks an NLU service to classify the input, through the session's HTTP client: in
// simulation the mock for classifier://<classifier uuid> answers with JSON
// {"intents": [{"name": ..., "confidence": ...}], "entities": {...}}. The result's value is the
// top intent, its extra the whole answer (for has_intent and has_top_intent); a failed call
// saves the Failure category.
func (a *CallClassifier) Execute(run runtime.Run, log runtime.Logger) error {
	if a.Classifier == nil {
		return nil
	}
	input, _ := run.EvaluateTemplate(a.Input, log)
	c := run.Assets().Get(flows.AssetClassifier, a.Classifier.UUID)
	if c == nil {
		missingDependency(log, "classifier", "uuid", a.Classifier.UUID, a.Classifier.Name)
		run.SaveResult(a.ResultName, "", "Failure", "", input, nil, log)
		return nil
	}
	resp := run.HTTP(&runtime.HTTPRequest{Method: "POST", URL: "classifier://" + c.Identity,
		Body: string(marshalNoEscape(map[string]string{"input": input})), Headers: [][2]string{{"Content-Type", "application/json"}}})
	ev := runtime.NewServiceCalled()
	ev.Service = "classifier"
	ev.Classifier = &runtime.Ref{UUID: c.Identity, Name: c.Name}
	ev.HTTPLogs = []*runtime.HTTPLog{resp.Log}
	log(ev)
	var answer struct {
		Intents []struct {
			Name string `json:"name"`
		} `json:"intents"`
	}
	if resp.Log.Status != "success" || json.Unmarshal(resp.Body, &answer) != nil {
		run.SaveResult(a.ResultName, "", "Failure", "", input, nil, log)
		return nil
	}
	top := ""
	if len(answer.Intents) > 0 {
		top = answer.Intents[0].Name
	}
	run.SaveResult(a.ResultName, top, "Success", "", input, compactJSON(resp.Body), log)
	return nil
}
