package actions

import (
	"encoding/json"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
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
	Resthook   flows.ResthookSlug `json:"resthook" validate:"required"`
	ResultName string             `json:"result_name,omitempty" validate:"omitempty,result_name"`
}

// AllowedFlowTypes lists the flow types call_resthook may appear in.
func (a *CallResthook) AllowedFlowTypes() []flows.FlowType { return flows.OnlineFlowTypes }

// Execute posts the run's summary to every subscriber of the resthook. A resthook nobody
// declared does nothing. The result, when named, comes from the first call that failed, else
// from the last one.
func (a *CallResthook) Execute(run runtime.Run, log runtime.Logger) error {
	hook := run.Assets().Get(flows.AssetResthook, string(a.Resthook))
	if hook == nil {
		return nil
	}
	payload := legacyPayload(run)
	log(runtime.NewResthookCalled(string(a.Resthook), payload))
	subs, _ := hook.Extra["subscribers"].([]any)
	var pick *runtime.HTTPResponse
	for _, s := range subs {
		url, _ := s.(string)
		if url == "" {
			continue
		}
		resp := run.HTTP(&runtime.HTTPRequest{Method: "POST", URL: url, Body: string(payload),
			Headers: [][2]string{{"Content-Type", "application/json"}}})
		ev := runtime.NewWebhookCalled(resp.Log)
		ev.Resthook = string(a.Resthook)
		log(ev)
		if pick == nil || pick.Log.Status == "success" {
			pick = resp
		}
	}
	if pick != nil {
		run.SetWebhook(&runtime.WebhookCall{URL: pick.Log.URL, StatusCode: pick.StatusCode, Body: string(pick.Body)})
		if a.ResultName != "" {
			saveWebhookResult(run, a.ResultName, "POST", pick, log)
		}
	}
	return nil
}

// legacyPayload is the JSON body resthooks receive: the contact, flow, path, results and
// input of the run, in the shape older webhooks expected.
func legacyPayload(run runtime.Run) json.RawMessage {
	c := run.Contact()
	contact := map[string]any{"uuid": c.UUID, "name": c.Name}
	if c.Language != "" {
		contact["language"] = c.Language
	}
	if u, _ := runtime.Route(c, run.Assets()); u != "" {
		contact["urn"] = u.Identity()
	} else if len(c.URNs) > 0 {
		contact["urn"] = c.URNs[0].Identity()
	} else {
		contact["urn"] = nil
	}
	var input any
	if in := run.Input(); in != nil {
		m := map[string]any{"text": in.Msg.Text, "attachments": in.Msg.Attachments, "uuid": in.Msg.UUID}
		if in.Msg.URN != "" {
			m["urn"] = in.Msg.URN
		}
		input = m
	}
	f := run.Flow()
	info := run.Info()
	path := make([]map[string]any, 0, len(info.Path))
	for _, st := range info.Path {
		path = append(path, map[string]any{"node_uuid": st.NodeUUID, "arrived_on": st.ArrivedOn.UTC().Format(microLayout)})
	}
	results := map[string]any{}
	for k, r := range info.Results {
		results[k] = map[string]any{"value": r.Value, "category": r.Category, "node_uuid": r.NodeUUID, "created_on": r.CreatedOn.UTC().Format(microLayout)}
	}
	var channel any
	if in := run.Input(); in != nil && in.Msg.Channel != nil {
		channel = in.Msg.Channel
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
