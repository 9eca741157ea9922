package actions

import (
	"encoding/json"
	"fmt"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
	"github.com/shopspring/decimal"
	"sort"
)

// TypeTransferAirtime is the type name of the transfer_airtime action.
const TypeTransferAirtime = "transfer_airtime"

func init() {
	RegisterType(TypeTransferAirtime, func() flows.Action { return &TransferAirtime{base: newBase(TypeTransferAirtime)} })
}

// TransferAirtime sends mobile airtime to the contact: one amount per currency, the engine picking
// the currency of the contact's operator.
type TransferAirtime struct {
	base
	Amounts    Amounts `json:"amounts" validate:"required,min=1"`
	ResultName string  `json:"result_name,omitempty" validate:"omitempty,result_name"`
}

// AllowedFlowTypes lists the flow types transfer_airtime may appear in.
func (a *TransferAirtime) AllowedFlowTypes() []flows.FlowType { return flows.OnlineFlowTypes }

// maxAirtimeAmount bounds a transfer amount: far above any real top-up, low enough to refuse
// values that are clearly a typo or an overflow.
var maxAirtimeAmount = decimal.New(1, 15)

// Validate requires every amount to be positive and sane, naming the first bad currency (in
// sorted order, so the message is stable).
func (a *TransferAirtime) Validate() error {
	currencies := make([]string, 0, len(a.Amounts))
	for c := range a.Amounts {
		currencies = append(currencies, c)
	}
	sort.Strings(currencies)
	for _, c := range currencies {
		amt := a.Amounts[c]
		if !amt.IsPositive() || amt.GreaterThan(maxAirtimeAmount) {
			return fmt.Errorf("amount for '%s' is out of range: expected more than 0 and at most %s", c, maxAirtimeAmount)
		}
	}
	return nil
}

// Amounts maps a currency code to an amount. It encodes amounts as JSON numbers (as flow files
// write them), where decimal.Decimal on its own would write strings.
type Amounts map[string]decimal.Decimal

// MarshalJSON writes each amount as a plain number.
func (m Amounts) MarshalJSON() ([]byte, error) {
	if m == nil {
		return []byte("null"), nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	buf := []byte{'{'}
	for i, k := range keys {
		if i > 0 {
			buf = append(buf, ',')
		}
		key, err := json.Marshal(k)
		if err != nil {
			return nil, err
		}
		buf = append(append(append(buf, key...), ':'), m[k].String()...)
	}
	return append(buf, '}'), nil
}

// Execute would send airtime to the contact's phone. Airtime services are not simulated: with
// a phone number the transfer is reported as failed; the result takes the Failure category.
func (a *TransferAirtime) Execute(run runtime.Run, log runtime.Logger) error {
	if run.Contact().URNWithScheme("tel") == "" {
		errorf(log, "can't transfer airtime to contact without a phone number")
	} else {
		log(runtime.NewCodedError("service:unavailable", "airtime services are not simulated", nil))
	}
	if a.ResultName != "" {
		run.SaveResult(a.ResultName, "0", "Failure", "", "", nil, log)
	}
	return nil
}
