package actions

import (
	"encoding/json"
	"fmt"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
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
	Headers    map[string]string `json:"headers,omitempty" validate:"max=10,dive,keys,http_header_name,max=100,endkeys,max=5000" flow:"template"`
	Body       string            `json:"body,omitempty" validate:"max=20000" flow:"template"`
	ResultName string            `json:"result_name,omitempty" validate:"omitempty,result_name"`
}

// AllowedFlowTypes lists the flow types call_webhook may appear in.
func (a *CallWebhook) AllowedFlowTypes() []flows.FlowType { return flows.OnlineFlowTypes }

// Limits of webhook requests, as in the reference engine.
const (
	MaxWebhookURL     = 8192       // characters of a webhook's URL, as it evaluates
	MaxWebhookRequest = 256 * 1024 // bytes of a webhook's request (its body and headers)
)

// blockedWebhookHosts are hosts webhooks may not call (their APIs need the channel's own
// credentials and must not be reached from flows).
var blockedWebhookHosts = []string{"graph.facebook.com"}

// Execute makes the HTTP request and records the response as @webhook and, when named, as a
// result: the status code as value, Success for 2xx and Failure otherwise.
func (a *CallWebhook) Execute(run runtime.Run, log runtime.Logger) error {
	// as in the reference, the previous call is forgotten first: the URL, headers and body see
	// no @webhook, and a call that can't be made leaves none
	run.SetWebhook(nil)
	rawURL, _ := run.EvaluateTemplate(a.URL, log)
	rawURL = strings.TrimSpace(rawURL)
	if rawURL == "" {
		errorf(log, "Webhook URL evaluated to empty string")
		return nil
	}
	u, err := url.Parse(rawURL)
	if err != nil || utf8.RuneCountInString(rawURL) > MaxWebhookURL {
		shown := runtime.Ellipsize(rawURL, 255)
		log(runtime.NewCodedError("url:invalid", fmt.Sprintf("Webhook URL evaluated to an invalid URL: '%s'", shown), map[string]string{"url": shown}))
		return nil
	}
	// the headers and body are evaluated only for a URL that can be called (the host's
	// blocking comes after them)
	names := make([]string, 0, len(a.Headers))
	for k := range a.Headers {
		names = append(names, k)
	}
	sort.Strings(names)
	headers := make([][2]string, 0, len(names))
	for _, k := range names {
		v, _ := run.EvaluateTemplate(a.Headers[k], log)
		headers = append(headers, [2]string{k, v})
	}
	body, _ := run.EvaluateTemplate(a.Body, log)

	for _, h := range blockedWebhookHosts {
		if strings.EqualFold(u.Hostname(), h) {
			log(runtime.NewCodedError("url:blocked", fmt.Sprintf("Webhook calls to %s are not allowed", h), map[string]string{"hostname": h}))
			return nil
		}
	}
	// the request's size as written: request line, headers, blank line, body
	size := len(a.Method) + 1 + len(rawURL) + len(" HTTP/1.1\r\n") + 2 + len(body)
	for _, h := range headers {
		size += len(h[0]) + 2 + len(h[1]) + 2
	}
	if size > MaxWebhookRequest {
		log(runtime.NewCodedError("webhook:request_size",
			fmt.Sprintf("Webhook request evaluated to %d bytes, exceeding the limit of %d", size, MaxWebhookRequest),
			map[string]string{"limit": strconv.Itoa(MaxWebhookRequest), "size": strconv.Itoa(size)}))
		return nil
	}
	if msg := transportError(strings.ToUpper(a.Method), u, headers); msg != "" {
		errorf(log, "%s", msg)
		return nil
	}
	resp := run.HTTP(&runtime.HTTPRequest{Method: strings.ToUpper(a.Method), URL: rawURL, Headers: headers, Body: body})
	if resp.Error != "" {
		errorf(log, "%s", resp.Error)
	}
	log(runtime.NewWebhookCalled(resp.Log))
	run.SetWebhook(runtime.NewWebhookCall(strings.ToUpper(a.Method), resp))
	if a.ResultName != "" {
		saveWebhookResult(run, a.ResultName, strings.ToUpper(a.Method), resp, log)
	}
	return nil
}

// maxResultExtra bounds, in bytes, the JSON a webhook result keeps as its extra; @webhook.json
// still has a longer body.
const maxResultExtra = 10000

// saveWebhookResult saves the outcome of a call: status code as value, Success or Failure,
// method and URL as input and the body as extra when it is JSON.
func saveWebhookResult(run runtime.Run, name, method string, resp *runtime.HTTPResponse, log runtime.Logger) {
	category := "Failure"
	if resp.Log.Status == "success" {
		category = "Success"
	}
	// the extra is the body's JSON as received (@legacy_extra shows it so; events compact it),
	// when it is shorter than the limit the reference keeps on a result
	var extra json.RawMessage
	if body := runtime.ResponseJSON(resp.Body); body != nil && len(body) < maxResultExtra {
		extra = json.RawMessage(body)
	}
	run.SaveResult(name, strconv.Itoa(resp.StatusCode), category, "", method+" "+resp.Log.URL, extra, log)
}

// transportError is why the reference's HTTP client refuses a request before sending it, in its
// words, or "". A URL that parses isn't yet one it can send: the scheme must be http or https
// (a relative URL has none), there must be a host, and header values may hold no control
// characters. The refusal is a plain error event; no webhook_called is logged and no result saved.
func transportError(method string, u *url.URL, headers [][2]string) string {
	// Go's client names the operation after the method as "Get", "Post", ...
	op := "Get"
	if method != "" {
		op = method[:1] + strings.ToLower(method[1:])
	}
	// and shows the URL with any password as ***
	shown := u.String()
	if _, ok := u.User.Password(); ok {
		shown = strings.Replace(shown, u.User.String()+"@", u.User.Username()+":***@", 1)
	}
	scheme := u.Scheme
	isHTTP := scheme == "http" || scheme == "https"
	if isHTTP {
		for _, h := range headers {
			if !validHeaderValue(h[1]) {
				// the client names the header by its canonical key
				return fmt.Sprintf("%s %q: net/http: invalid header field value for %q", op, shown, http.CanonicalHeaderKey(h[0]))
			}
		}
	}
	switch {
	case !isHTTP:
		return fmt.Sprintf("%s %q: unsupported protocol scheme %q", op, shown, scheme)
	case u.Host == "":
		return fmt.Sprintf("%s %q: http: no Host in request URL", op, shown)
	}
	return ""
}

// validHeaderValue: an HTTP header value has no control characters other than tab.
func validHeaderValue(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; (c < ' ' && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}
