package actions

import (
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
	"strconv"
	"strings"
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

// Execute sets, increments or clears a run local. Incrementing needs an integer value and
// counts from zero for a local not set yet.
func (a *SetRunLocal) Execute(run runtime.Run, log runtime.Logger) error {
	value, ok := run.EvaluateTemplate(a.Value, log)
	if !ok {
		return nil
	}
	locals := run.Locals()
	switch a.Operation {
	case "set":
		locals[a.Local] = truncate(value, MaxLocalValue)
	case "increment":
		by, err := strconv.Atoi(strings.TrimSpace(value))
		if err != nil {
			errorf(log, "Increment value is not an integer")
			return nil
		}
		cur, _ := strconv.Atoi(strings.TrimSpace(locals[a.Local]))
		locals[a.Local] = strconv.Itoa(cur + by)
	case "clear":
		delete(locals, a.Local)
	}
	return nil
}
