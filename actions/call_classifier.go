package actions

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strings"

	"github.com/shopspring/decimal"

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

// Execute asks the classifier for the intents and entities of the input and saves a result,
// as the reference does: the top intent and the classification as extra (Success); "0" when the
// input is empty (Skipped) or the call fails (Failure). A wit.ai classifier is asked the way the
// reference asks it (GET https://api.wit.ai/message?v=20200513&q=..., so mocks recorded against
// it answer); other classifiers through the mock for classifier://<classifier uuid>, answering
// {"intents": [{"name": ..., "confidence": ...}], "entities": {...}}.
func (a *CallClassifier) Execute(run runtime.Run, log runtime.Logger) error {
	if a.Classifier == nil {
		return nil
	}
	input, _ := run.EvaluateTemplate(a.Input, log)
	if input == "" {
		errorf(log, "can't classify empty input, skipping classification")
		run.SaveResult(a.ResultName, "0", "Skipped", "", input, nil, log)
		return nil
	}
	c := run.Assets().Get(flows.AssetClassifier, a.Classifier.UUID)
	if c == nil {
		missingDependency(log, "classifier", "uuid", a.Classifier.UUID, a.Classifier.Name)
		run.SaveResult(a.ResultName, "0", "Failure", "", input, nil, log)
		return nil
	}
	result, problem := classify(run, c, input, log)
	if problem != "" {
		errorf(log, "%s", problem)
		run.SaveResult(a.ResultName, "0", "Failure", "", input, nil, log)
		return nil
	}
	top := ""
	if len(result.Intents) > 0 {
		top = result.Intents[0].Name
	}
	run.SaveResult(a.ResultName, top, "Success", "", input, marshalNoEscape(result), log)
	return nil
}

// classification is what a classifier found, in the shape results keep it as extra.
type classification struct {
	Intents  []classifiedIntent            `json:"intents"`
	Entities map[string][]classifiedEntity `json:"entities"`
}

type classifiedIntent struct {
	Name       string      `json:"name"`
	Confidence json.Number `json:"confidence"`
}

type classifiedEntity struct {
	Value      string      `json:"value"`
	Confidence json.Number `json:"confidence"`
}

// redactedToken stands for the service's access token in logged requests, as in the reference.
const redactedToken = "****************"

// classify calls the classifier's service, logs the call as service_called and returns the
// classification, or why there is none.
func classify(run runtime.Run, c *flows.Asset, input string, log runtime.Logger) (*classification, string) {
	req := &runtime.HTTPRequest{Method: "POST", URL: "classifier://" + c.Identity,
		Body: string(marshalNoEscape(map[string]string{"input": input})), Headers: [][2]string{{"Content-Type", "application/json"}}}
	wit := c.Extra["type"] == "wit"
	if wit {
		req = &runtime.HTTPRequest{Method: "GET", URL: "https://api.wit.ai/message?v=20200513&q=" + url.QueryEscape(input),
			Headers: [][2]string{{"Authorization", "Bearer " + redactedToken}, {"User-Agent", "Go-http-client/1.1"}}}
	}
	resp := run.HTTP(req)
	now := run.Now()
	resp.Log.CreatedOn = &now
	ev := runtime.NewServiceCalled()
	ev.Service = "classifier"
	ev.Classifier = &runtime.Ref{UUID: c.Identity, Name: c.Name}
	ev.HTTPLogs = []*runtime.HTTPLog{resp.Log}
	log(ev)
	switch {
	case resp.Log.Status == "connection_error":
		return nil, "unable to connect to server"
	case resp.Log.Status != "success" && wit:
		return nil, "wit.ai API request failed"
	case resp.Log.Status != "success":
		return nil, "classifier request failed: " + describeFailure(resp)
	}
	// the answer has the classification's shape, with entities keyed by name:role at wit
	var answer classification
	dec := json.NewDecoder(bytes.NewReader(resp.Body))
	dec.UseNumber()
	if err := dec.Decode(&answer); err != nil || answer.Intents == nil {
		return nil, "classifier answered without intents"
	}
	out := &classification{Intents: answer.Intents, Entities: map[string][]classifiedEntity{}}
	for i := range out.Intents {
		out.Intents[i].Confidence = plainNumber(out.Intents[i].Confidence)
	}
	for nameAndRole, found := range answer.Entities {
		// wit keys entities by name:role; results keep the name
		name, _, _ := strings.Cut(nameAndRole, ":")
		list := make([]classifiedEntity, 0, len(found))
		for _, e := range found {
			list = append(list, classifiedEntity{Value: e.Value, Confidence: plainNumber(e.Confidence)})
		}
		out.Entities[name] = list
	}
	return out, ""
}

// plainNumber turns a confidence given as a JSON number or a quoted one ("0.9024", as wit.ai
// sends them) into a number; anything else becomes 0.
func plainNumber(n json.Number) json.Number {
	d, err := decimal.NewFromString(strings.Trim(string(n), `"`))
	if err != nil {
		return "0"
	}
	return json.Number(d.String())
}
