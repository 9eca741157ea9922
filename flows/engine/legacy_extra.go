package engine

import (
	"bytes"
	"encoding/json"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/flowctl/flowctl/expressions"
	"github.com/flowctl/flowctl/flows"
)

// @legacy_extra is what legacy flows knew as @extra: an object gathered, as the reference
// gathers it, from the trigger's params (when a JSON object), the results of the run that
// started the session (a flow_action trigger), then the run's own results that carry an extra,
// oldest first. Each such result adds its extra's JSON text under its key, then the extra's own
// keys (an array's indexes), lower case with anything but letters, digits and '_' made '_'.
//
// Within a sprint, results are added as they are saved (the reference adds them whenever a
// template is evaluated, which happens between any two), so an extra saved over keeps the keys
// it brought; a new sprint (the reference reads the session back from JSON) gathers afresh from
// the results the run holds.

// legacyEntry is one key of @legacy_extra, in the order it was added.
type legacyEntry struct {
	key   string
	value expressions.Value
}

// legacyExtra is @legacy_extra for the run.
func (r *Run) legacyExtra() *expressions.Object {
	if !r.legacyGathered {
		r.gatherLegacyExtra()
	}
	o := expressions.NewObject()
	for _, e := range r.legacy {
		o.Set(e.key, e.value)
	}
	return o
}

func (r *Run) gatherLegacyExtra() {
	r.legacy, r.legacyGathered = nil, true
	if t := r.session.trigger; t != nil {
		if len(t.Params) > 0 {
			if v, err := expressions.FromJSON(t.Params); err == nil {
				if o, ok := v.(*expressions.Object); ok {
					r.addLegacyValues(o)
				}
			}
		}
		if t.Type == "flow_action" && len(t.RunSummary) > 0 {
			var sum struct {
				Results map[string]*Result `json:"results"`
			}
			if json.Unmarshal(t.RunSummary, &sum) == nil {
				r.addLegacyResults(sum.Results)
			}
		}
	}
	r.addLegacyResults(r.Results)
}

// addLegacyResults adds the results that carry an extra, oldest first.
func (r *Run) addLegacyResults(results map[string]*Result) {
	list := make([]*Result, 0, len(results))
	for _, res := range results {
		if res != nil {
			list = append(list, res)
		}
	}
	sort.Slice(list, func(i, j int) bool {
		if !list[i].CreatedOn.Equal(list[j].CreatedOn) {
			return list[i].CreatedOn.Before(list[j].CreatedOn)
		}
		return flows.ResultKey(list[i].Name) < flows.ResultKey(list[j].Name)
	})
	for _, res := range list {
		r.addLegacyResult(res.Name, res.Extra)
	}
}

// addLegacyResult adds one result's extra, if it has one.
func (r *Run) addLegacyResult(name string, extra json.RawMessage) {
	if len(extra) == 0 || string(extra) == "null" {
		return
	}
	r.legacy = append(r.legacy, legacyEntry{flows.ResultKey(name), expressions.NewText(string(extra))})
	v, err := expressions.FromJSON(extra)
	if err != nil {
		return
	}
	switch t := v.(type) {
	case *expressions.Object:
		r.addLegacyValues(t)
	case *expressions.Array:
		for i := 0; i < t.Len(); i++ {
			r.legacy = append(r.legacy, legacyEntry{strconv.Itoa(i), t.Get(i)})
		}
	}
}

func (r *Run) addLegacyValues(o *expressions.Object) {
	for _, k := range o.Keys() {
		v, _ := o.Get(k)
		r.legacy = append(r.legacy, legacyEntry{legacyExtraKey(k), v})
	}
}

var nonLegacyKeyChars = regexp.MustCompile(`[^a-z0-9_]`)

// legacyExtraKey is a key as @legacy_extra has it: lower case, anything but letters, digits and
// '_' made '_', at most 255 bytes.
func legacyExtraKey(k string) string {
	k = nonLegacyKeyChars.ReplaceAllString(strings.ToLower(k), "_")
	if len(k) > 255 {
		k = k[:255]
	}
	return k
}

// readBack does to a session between sprints what the reference's saving it to JSON and reading
// it back does: every run gathers @legacy_extra afresh, and the JSON a result keeps as its extra
// (a webhook's body as received) is written compact, as JSON's encoder writes any raw JSON it
// holds, without escaping HTML characters. So after a wait an extra's text is compact, though
// the same text read within the sprint it was saved in is as the webhook sent it. The parent's
// run summary a flow_action trigger carries goes the same way.
func (s *Session) readBack() {
	for _, r := range s.Runs {
		r.legacyGathered = false
		for _, res := range r.Results {
			if res != nil {
				res.Extra = compactJSON(res.Extra)
			}
		}
	}
	if s.trigger != nil {
		s.trigger.RunSummary = compactJSON(s.trigger.RunSummary)
	}
}

// compactJSON is raw JSON without insignificant space, or as it is when it isn't valid JSON.
func compactJSON(raw json.RawMessage) json.RawMessage {
	if len(raw) == 0 {
		return raw
	}
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return raw
	}
	return b.Bytes()
}
