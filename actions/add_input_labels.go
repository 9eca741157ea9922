package actions

import (
	"github.com/flowctl/flowctl/flows"
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
	Labels []*flows.LabelRef `json:"labels" validate:"required,min=1,dive,required"`
}

// AllowedFlowTypes lists the flow types add_input_labels may appear in.
func (a *AddInputLabels) AllowedFlowTypes() []flows.FlowType { return flows.AllFlowTypes }
