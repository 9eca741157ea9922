package actions

import (
	"fmt"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
	"strings"
)

// TypeAddInputLabels is the type name of the add_input_labels action.
const TypeAddInputLabels = "add_input_labels"

func init() {
	RegisterType(TypeAddInputLabels, func() flows.Action { return &AddInputLabels{base: newBase(TypeAddInputLabels)} })
}

// AddInputLabels labels the message the contact last sent (the run's input). Without input it does
// nothing.
type AddInputLabels struct {
	base
	Labels []*flows.LabelRef `json:"labels" validate:"required,max=100,dive,required"`
}

// AllowedFlowTypes lists the flow types add_input_labels may appear in: those where a contact
// sends the input it labels, so not background flows, which the reference refuses it in.
func (a *AddInputLabels) AllowedFlowTypes() []flows.FlowType { return flows.InteractiveFlowTypes }

// Execute labels the message being handled; without one it reports that, as the reference does.
func (a *AddInputLabels) Execute(run runtime.Run, log runtime.Logger) error {
	in := run.Input()
	if in == nil {
		errorf(log, "No input to add labels to")
		return nil
	}
	var labels []runtime.Ref
	for _, ref := range a.Labels {
		if ref == nil {
			continue
		}
		if ref.UUID != "" {
			l := run.Assets().Get(flows.AssetLabel, ref.UUID)
			if l == nil {
				missingDependency(log, "label", "uuid", ref.UUID, ref.Name)
				continue
			}
			labels = append(labels, runtime.Ref{UUID: l.Identity, Name: l.Name})
			continue
		}
		name, ok := run.EvaluateTemplate(ref.NameMatch, log)
		if !ok {
			continue
		}
		var found *flows.Asset
		for _, l := range run.Assets().All(flows.AssetLabel) {
			if strings.EqualFold(strings.TrimSpace(l.Name), strings.TrimSpace(name)) {
				found = l
			}
		}
		if found == nil {
			log(runtime.NewCodedError("label:missing", fmt.Sprintf("No such label with name '%s'", name), map[string]string{"name": name}))
			continue
		}
		labels = append(labels, runtime.Ref{UUID: found.Identity, Name: found.Name})
	}
	if len(labels) > 0 {
		log(runtime.NewInputLabelsAdded(in.UUID, labels))
	}
	return nil
}
