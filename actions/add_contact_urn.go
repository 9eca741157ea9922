package actions

import (
	"fmt"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
	"strings"
)

// TypeAddContactURN is the type name of the add_contact_urn action.
const TypeAddContactURN = "add_contact_urn"

func init() {
	RegisterType(TypeAddContactURN, func() flows.Action { return &AddContactURN{base: newBase(TypeAddContactURN)} })
}

// AddContactURN gives the contact a new URN (phone number, handle, ...) built from a scheme and a
// path template.
type AddContactURN struct {
	base
	Scheme string `json:"scheme" validate:"required,urn_scheme"`
	Path   string `json:"path" validate:"required,max=1000" flow:"template"`
}

// AllowedFlowTypes lists the flow types add_contact_urn may appear in.
func (a *AddContactURN) AllowedFlowTypes() []flows.FlowType { return flows.AllFlowTypes }

// urnLocal is the run local add_contact_urn sets: the URN the contact now has (added or already
// there), or "" when the path gave no valid URN. An empty path leaves it as it was, as in the
// reference, which gives up on an empty path before it looks at the local.
const urnLocal = "_has_urn"

// Execute adds a URN to the contact unless it has it already.
func (a *AddContactURN) Execute(run runtime.Run, log runtime.Logger) error {
	// an expression error is reported but what did evaluate is still added
	path, _ := run.EvaluateTemplate(a.Path, log)
	path = strings.TrimSpace(path)
	if path == "" {
		errorf(log, "Can't add URN with empty path")
		return nil
	}
	run.Locals()[urnLocal] = ""
	// normalized without a country, as in the reference: a local number stays as written
	urn := runtime.NormalizeURN(runtime.URN(a.Scheme+":"+path), "")
	if !urn.Validate() {
		log(runtime.NewCodedError("urn:invalid", fmt.Sprintf("'%s' is not valid URN", urn), map[string]string{"urn": string(urn)}))
		return nil
	}
	run.Locals()[urnLocal] = string(urn)
	c := run.Contact()
	for _, u := range c.URNs {
		if u.Identity() == urn.Identity() {
			return nil
		}
	}
	c.URNs = append(c.URNs, urn)
	log(runtime.NewContactURNsChanged(append([]runtime.URN(nil), c.URNs...)))
	run.ContactChanged(log)
	return nil
}
