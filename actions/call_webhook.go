package actions

import (
	"github.com/flowctl/flowctl/flows"
)

// TypeCallWebhook is the type name of the call_webhook action.
const TypeCallWebhook = "call_webhook"

func init() {
	RegisterType(TypeCallWebhook, func() flows.Action { return &CallWebhook{base: newBase(TypeCallWebhook)} })
}

// CallWebhook makes an HTTP request. URL, header values and body are templates; the response is
// available as @webhook and, when ResultName is set, saved as a result.
type CallWebhook struct {
	base
	Method     string            `json:"method" validate:"required,http_method"`
	URL        string            `json:"url" validate:"required,max=8192" flow:"template"`
	Headers    map[string]string `json:"headers,omitempty" validate:"dive,keys,http_header_name,endkeys,max=5000" flow:"template"`
	Body       string            `json:"body,omitempty" validate:"max=10000" flow:"template"`
	ResultName string            `json:"result_name,omitempty" validate:"omitempty,result_name"`
}

// AllowedFlowTypes lists the flow types call_webhook may appear in.
func (a *CallWebhook) AllowedFlowTypes() []flows.FlowType { return flows.OnlineFlowTypes }
