package desktop

// Request is a message of a request-and-response wire format (SmartAgent's and Flex's in
// flowctl): {"type": ..., "id": ..., "method": ..., "params": {...}}.
type Request struct {
	ID     any
	Method string
	// Params is the params object ({} when absent); BadParams is set when params is there but
	// isn't an object, which the protocol answers with an error.
	Params    map[string]any
	BadParams bool
}

// ParseRequest reads msg as a request whose type is typ; protocol names the protocol in the
// reason. A message of another type, or without an id, can't be answered: ok is false and the
// verdict says why.
func ParseRequest(msg map[string]any, typ, protocol string) (req Request, v Verdict, ok bool) {
	if msg["type"] != typ {
		return req, Reject("", "not a %s request: want type %q", protocol, typ), false
	}
	if req.ID = msg["id"]; req.ID == nil {
		return req, Reject("", "the request has no id, so it can't be answered"), false
	}
	req.Method, _ = msg["method"].(string)
	req.Params, _ = msg["params"].(map[string]any)
	if req.Params == nil {
		req.BadParams = msg["params"] != nil
		req.Params = map[string]any{}
	}
	return req, Verdict{}, true
}
