package actions

import (
	"github.com/flowctl/flowctl/flows"
)

// TypeSetRunLocal is the type name of the set_run_local action.
const TypeSetRunLocal = "set_run_local"

func init() {
	RegisterType(TypeSetRunLocal, func() flows.Action { return &SetRunLocal{base: newBase(TypeSetRunLocal)} })
}

// SetRunLocal sets, increments or clears a run local: a variable (@locals.x) that lives only as long
// as the run and is not saved as a result.
type SetRunLocal struct {
	base
	Local     string `json:"local" validate:"required,local_name"`
	Operation string `json:"operation" validate:"required,oneof=set increment clear"`
	Value     string `json:"value,omitempty" validate:"max=1000" flow:"template"`
}

// AllowedFlowTypes lists the flow types set_run_local may appear in.
func (a *SetRunLocal) AllowedFlowTypes() []flows.FlowType { return flows.AllFlowTypes }
