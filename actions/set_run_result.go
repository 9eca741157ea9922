package actions

import (
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
)

// TypeSetRunResult is the type name of the set_run_result action.
const TypeSetRunResult = "set_run_result"

func init() {
	RegisterType(TypeSetRunResult, func() flows.Action { return &SetRunResult{base: newBase(TypeSetRunResult)} })
}

// SetRunResult saves a result (@results.x) with a value and an optional category.
type SetRunResult struct {
	base
	Name     string `json:"name" validate:"required,result_name"`
	Value    string `json:"value" validate:"max=10000" flow:"template"`
	Category string `json:"category,omitempty" validate:"omitempty,result_category" flow:"localized"`
}

// AllowedFlowTypes lists the flow types set_run_result may appear in.
func (a *SetRunResult) AllowedFlowTypes() []flows.FlowType { return flows.AllFlowTypes }

// Execute saves a result with an optional category (translated into the run's language).
func (a *SetRunResult) Execute(run runtime.Run, log runtime.Logger) error {
	value, ok := run.EvaluateTemplate(a.Value, log)
	if !ok {
		return nil
	}
	value = truncate(value, MaxResultValue)
	loc := ""
	if a.Category != "" {
		if tr, _ := localizedOne(run, a, "category", a.Category); tr != a.Category {
			loc = tr
		}
	}
	run.SaveResult(a.Name, value, a.Category, loc, "", nil, log)
	return nil
}
