package actions

import (
	"encoding/json"
	"fmt"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
	"github.com/shopspring/decimal"
	"sort"
	"time"
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
	Amounts    Amounts `json:"amounts" validate:"required"`
	ResultName string  `json:"result_name,omitempty"` // ignored, unchecked, as by the reference
}

// AllowedFlowTypes lists the flow types transfer_airtime may appear in.
func (a *TransferAirtime) AllowedFlowTypes() []flows.FlowType { return flows.OnlineFlowTypes }

// maxAirtimeAmount bounds a transfer amount: far above any real top-up, low enough to refuse
// values that are clearly a typo or an overflow.
var maxAirtimeAmount = decimal.New(1, 15)

// Validate requires every amount to be zero or more and sane, as the engine does, naming the first bad currency (in
// sorted order, so the message is stable).
func (a *TransferAirtime) Validate() error {
	currencies := make([]string, 0, len(a.Amounts))
	for c := range a.Amounts {
		currencies = append(currencies, c)
	}
	sort.Strings(currencies)
	for _, c := range currencies {
		amt := a.Amounts[c]
		if amt.IsNegative() || amt.GreaterThan(maxAirtimeAmount) {
			return fmt.Errorf("amount for '%s' is out of range: expected 0 or more and at most %s", c, maxAirtimeAmount)
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

// transferLocal is the run local a transfer sets: the airtime_created event's UUID, or "" when no
// transfer was made, as the reference sets it (routers read it, result_name is ignored).
const transferLocal = "_new_transfer"

// testAirtimeCurrency is the currency the reference's test airtime service sends in, whatever the
// contact; testAirtimeLog is the call it logs.
const testAirtimeCurrency = "RWF"

var testAirtimeLogTime = time.Date(2019, 10, 16, 13, 59, 30, 123456789, time.UTC)

// Execute sends airtime to the contact's phone. Without a mock for it, the default service
// answers as the reference's test service does: the transfer is always in RWF (an action without
// an RWF amount fails with "no amount configured for transfers in RWF") with external ID
// 4ZJR8BT9MF and a fixed log of its call. A mock for airtime://<currency> replaces it: the
// currency is the contact country's when listed (else the only one listed), the mock's status
// says whether the transfer went through and a JSON body may give the "external_id". Either
// way the _new_transfer local gets the airtime_created event's UUID, or "" when nothing was
// sent; result_name is ignored, as in the reference.
func (a *TransferAirtime) Execute(run runtime.Run, log runtime.Logger) error {
	locals := run.Locals()
	locals[transferLocal] = ""
	tel := run.Contact().URNWithScheme("tel")
	if tel == "" {
		errorf(log, "can't transfer airtime to contact without a phone number")
		return nil
	}
	currency := airtimeCurrency(a.Amounts, runtime.ContactCountry(run.Contact(), run.Env().DefaultCountry))
	if currency == "" || !run.Mocked("airtime://"+currency) {
		return a.testTransfer(run, tel, log)
	}
	amount := a.Amounts[currency]
	resp := run.HTTP(&runtime.HTTPRequest{Method: "POST", URL: "airtime://" + currency,
		Body:    string(marshalNoEscape(map[string]any{"recipient": tel.Identity(), "currency": currency, "amount": amount.String()})),
		Headers: [][2]string{{"Content-Type", "application/json"}}})
	now := run.Now()
	resp.Log.CreatedOn = &now
	ev := runtime.NewAirtimeTransferred()
	ev.Recipient, ev.Currency, ev.HTTPLogs = tel.Identity(), currency, []*runtime.HTTPLog{resp.Log}
	ev.Sender = airtimeSender(run)
	if resp.Log.Status != "success" {
		ev.Amount = "0"
		log(ev)
		errorf(log, "airtime transfer failed: %s", describeFailure(resp))
		return nil
	}
	var answer struct {
		ExternalID string `json:"external_id"`
	}
	_ = json.Unmarshal(resp.Body, &answer)
	ev.Amount, ev.ExternalID = json.Number(amount.String()), answer.ExternalID
	log(ev)
	locals[transferLocal] = ev.UUID
	return nil
}

// testTransfer is the default airtime service: the reference's test service.
func (a *TransferAirtime) testTransfer(run runtime.Run, tel runtime.URN, log runtime.Logger) error {
	amount, ok := a.Amounts[testAirtimeCurrency]
	if !ok {
		// the reference's failed transfer reads the clock once before it reports
		run.ReadClock()
		errorf(log, "no amount configured for transfers in %s", testAirtimeCurrency)
		return nil
	}
	created := testAirtimeLogTime
	ev := runtime.NewAirtimeTransferred()
	ev.Recipient, ev.Currency, ev.ExternalID = tel.Identity(), testAirtimeCurrency, testExternalID(run)
	ev.Sender = airtimeSender(run)
	ev.Amount = json.Number(amount.String())
	ev.HTTPLogs = []*runtime.HTTPLog{{
		URL: "http://send.airtime.com", Status: "success", StatusCode: 200,
		Request:   "GET / HTTP/1.1\r\nHost: send.airtime.com\r\nUser-Agent: Go-http-client/1.1\r\nAccept-Encoding: gzip\r\n\r\n",
		Response:  "HTTP/1.0 200 OK\r\nContent-Length: 15\r\n\r\n{\"status\":\"ok\"}",
		CreatedOn: &created,
	}}
	log(ev)
	run.Locals()[transferLocal] = ev.UUID
	return nil
}

// testExternalID is the provider's ID of a default-service transfer: 10 letters and digits drawn
// from the session's random source, as the reference's test service draws them ("4ZJR8BT9MF" as
// the first draws of the default seed).
func testExternalID(run runtime.Run) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	b := make([]byte, 10)
	for i := range b {
		b[i] = alphabet[run.Random().IntN(len(alphabet))]
	}
	return string(b)
}

// airtimeSender is the number a transfer comes from, as the reference gives it: the address of
// the channel messages to the contact go out on, when that channel sends on tel.
func airtimeSender(run runtime.Run) runtime.URN {
	_, ch := runtime.Route(run.Contact(), run.Assets())
	if ch == nil || !hasString(ch.Extra["schemes"], "tel") {
		return ""
	}
	address, _ := ch.Extra["address"].(string)
	if address == "" {
		return ""
	}
	return runtime.URN("tel:" + address)
}

// countryCurrencies are the currencies of the countries airtime is most often sent in.
var countryCurrencies = map[string]string{
	"BR": "BRL", "CD": "CDF", "EC": "USD", "ET": "ETB", "GB": "GBP", "GH": "GHS", "ID": "IDR",
	"IN": "INR", "KE": "KES", "MW": "MWK", "MX": "MXN", "NG": "NGN", "PK": "PKR", "PH": "PHP",
	"RW": "RWF", "SN": "XOF", "TZ": "TZS", "UG": "UGX", "US": "USD", "ZA": "ZAR", "ZM": "ZMW",
}

// airtimeCurrency picks the currency to send in: the country's when listed, else the only one.
func airtimeCurrency(amounts Amounts, country string) string {
	if c, ok := countryCurrencies[country]; ok {
		if _, listed := amounts[c]; listed {
			return c
		}
	}
	if len(amounts) == 1 {
		for c := range amounts {
			return c
		}
	}
	return ""
}
