package actions

import (
	"cmp"
	"encoding/json"
	"github.com/flowctl/flowctl/expressions"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
	"net/http"
	"strings"
)

// TypeCallResthook is the type name of the call_resthook action.
const TypeCallResthook = "call_resthook"

func init() {
	RegisterType(TypeCallResthook, func() flows.Action { return &CallResthook{base: newBase(TypeCallResthook)} })
}

// CallResthook posts the run's state to every subscriber of a resthook (Zapier-style REST hooks).
type CallResthook struct {
	base
	Resthook   flows.ResthookSlug `json:"resthook" validate:"required,max=1000"`
	ResultName string             `json:"result_name,omitempty" validate:"omitempty,result_name"`
}

// AllowedFlowTypes lists the flow types call_resthook may appear in.
func (a *CallResthook) AllowedFlowTypes() []flows.FlowType { return flows.OnlineFlowTypes }

// Execute posts the run's summary to every subscriber of the resthook. A resthook nobody
// declared does nothing else. A 410 answer is a subscriber gone, not an error. The result, when
// named, comes from the last call that failed, else from the last that succeeded, else from
// the last subscriber gone. When no call is made (an undeclared resthook, or one without
// subscribers), @webhook becomes null, as in the reference, so a split on its status takes
// Failure rather than an earlier webhook's status.
func (a *CallResthook) Execute(run runtime.Run, log runtime.Logger) error {
	hook := run.Assets().Get(flows.AssetResthook, string(a.Resthook))
	if hook == nil {
		run.SetWebhook(nil)
		return nil
	}
	payload := legacyPayload(run)
	log(runtime.NewResthookCalled(string(a.Resthook), payload))
	subs, _ := hook.Extra["subscribers"].([]any)
	var lastFailure, lastSuccess, lastGone *runtime.HTTPResponse
	for _, s := range subs {
		url, _ := s.(string)
		if url == "" {
			continue
		}
		resp := run.HTTP(&runtime.HTTPRequest{Method: "POST", URL: url, Body: string(payload),
			Headers: [][2]string{{"Content-Type", "application/json"}}})
		// a 410 is the subscriber saying it is gone (the REST hooks convention), not an error
		if resp.StatusCode == http.StatusGone && resp.Log.Status == "response_error" {
			resp.Log.Status = "subscriber_gone"
		}
		ev := runtime.NewWebhookCalled(resp.Log)
		ev.Resthook = string(a.Resthook)
		log(ev)
		switch resp.Log.Status {
		case "success":
			lastSuccess = resp
		case "subscriber_gone":
			lastGone = resp
		default:
			lastFailure = resp
		}
	}
	pick := cmp.Or(lastFailure, lastSuccess, lastGone)
	if pick == nil {
		run.SetWebhook(nil)
	} else {
		run.SetWebhook(runtime.NewWebhookCall("POST", pick))
		if a.ResultName != "" {
			saveWebhookResult(run, a.ResultName, "POST", pick, log)
		}
	}
	return nil
}

// legacyPayload is the JSON body resthooks receive, in the reference's shape: the contact (its
// uuid, name, language and the URN messages go out on), the flow, the run's path and results, the
// input (its URN in parts, attachments split into content type and URL) and the input's channel.
// When the environment redacts URNs, their paths (and the input's display) are hidden.
func legacyPayload(run runtime.Run) json.RawMessage {
	c := run.Contact()
	redact := run.Env() != nil && run.Env().RedactionPolicy == "urns"
	contact := map[string]any{"uuid": c.UUID, "name": c.Name, "language": c.Language, "urn": nil}
	if u, _ := runtime.Route(c, run.Assets()); u != "" {
		contact["urn"] = u.Identity()
		if redact {
			contact["urn"] = u.Scheme() + ":" + runtime.RedactedPath
		}
	}
	var input, channel any
	if in := run.Input(); in != nil {
		channel = payloadChannel(run, in.Msg.Channel)
		attachments := make([]map[string]string, 0, len(in.Msg.Attachments))
		for _, a := range in.Msg.Attachments {
			typ, url, _ := strings.Cut(a, ":")
			attachments = append(attachments, map[string]string{"content_type": typ, "url": url})
		}
		var urn any
		if in.Msg.URN != "" {
			u := in.Msg.URN.Identity()
			urn = map[string]string{"scheme": u.Scheme(), "path": u.Path(), "display": displayURN(run, u)}
			if redact {
				urn = map[string]string{"scheme": u.Scheme(), "path": runtime.RedactedPath, "display": runtime.RedactedPath}
			}
		}
		input = map[string]any{"uuid": in.UUID, "type": "msg", "created_on": in.CreatedOn.UTC().Format(microLayout),
			"channel": channel, "urn": urn, "text": in.Msg.Text, "attachments": attachments}
	}
	f := run.Flow()
	info := run.Info()
	path := make([]map[string]any, 0, len(info.Path))
	for _, st := range info.Path {
		path = append(path, map[string]any{"node_uuid": st.NodeUUID, "arrived_on": st.ArrivedOn.UTC().Format(microLayout)})
	}
	results := map[string]any{}
	for k, r := range info.Results {
		localized := r.CategoryLocalized
		if localized == "" {
			localized = r.Category
		}
		results[k] = map[string]any{"name": r.Name, "value": r.Value, "category": r.Category, "category_localized": localized,
			"input": r.Input, "node_uuid": r.NodeUUID, "created_on": r.CreatedOn.UTC().Format(microLayout)}
	}
	body := map[string]any{
		"channel": channel,
		"contact": contact,
		"flow":    map[string]any{"uuid": f.UUID, "name": f.Name, "revision": f.Revision},
		"input":   input,
		"path":    path,
		"results": results,
		"run":     map[string]any{"uuid": run.UUID(), "created_on": info.CreatedOn.UTC().Format(microLayout)},
	}
	return marshalNoEscape(body)
}

// payloadChannel is a channel as payloads show it (uuid, name, address), or null when the assets
// don't have it.
func payloadChannel(run runtime.Run, ref *runtime.Ref) any {
	if ref == nil {
		return nil
	}
	ch := run.Assets().Get(flows.AssetChannel, ref.UUID)
	if ch == nil {
		return nil
	}
	address, _ := ch.Extra["address"].(string)
	return map[string]string{"uuid": ch.Identity, "name": ch.Name, "address": address}
}

// displayURN is a URN as people write it (format_urn): a phone number in its national format.
func displayURN(run runtime.Run, u runtime.URN) string {
	format, _ := expressions.LookupFunction("format_urn")
	if t, ok := format(expressions.NewEvalContext(run.Env(), nil), []expressions.Value{expressions.NewText(string(u))}).(expressions.Text); ok {
		return string(t)
	}
	return u.Path()
}

const microLayout = "2006-01-02T15:04:05.000000Z07:00"

// marshalNoEscape writes JSON without escaping <, > and &, as payloads are sent verbatim.
func marshalNoEscape(v any) json.RawMessage {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return json.RawMessage("null")
	}
	return json.RawMessage(strings.TrimSuffix(b.String(), "\n"))
}
