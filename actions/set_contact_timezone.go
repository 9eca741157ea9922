package actions

import (
	"fmt"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
	"strings"
	"time"
)

// TypeSetContactTimezone is the type name of the set_contact_timezone action.
const TypeSetContactTimezone = "set_contact_timezone"

func init() {
	RegisterType(TypeSetContactTimezone, func() flows.Action { return &SetContactTimezone{base: newBase(TypeSetContactTimezone)} })
}

// SetContactTimezone sets the contact's timezone to the evaluated IANA name (empty clears it).
type SetContactTimezone struct {
	base
	Timezone string `json:"timezone" validate:"max=1000" flow:"template"`
}

// AllowedFlowTypes lists the flow types set_contact_timezone may appear in.
func (a *SetContactTimezone) AllowedFlowTypes() []flows.FlowType { return flows.AllFlowTypes }

// Execute changes the contact's time zone to an IANA name, or clears it.
func (a *SetContactTimezone) Execute(run runtime.Run, log runtime.Logger) error {
	tz, ok := run.EvaluateTemplate(a.Timezone, log)
	if !ok {
		return nil
	}
	tz = strings.TrimSpace(tz)
	if tz != "" {
		if _, err := time.LoadLocation(tz); err != nil {
			log(runtime.NewCodedError("timezone:invalid", fmt.Sprintf("Unrecognized timezone: '%s'", tz), map[string]string{"timezone": tz}))
			return nil
		}
	}
	c := run.Contact()
	if c.Timezone == tz {
		return nil
	}
	c.Timezone = tz
	log(runtime.NewContactTimezoneChanged(tz))
	run.ContactChanged(log)
	return nil
}
