// Package actions implements every action type of the goflow spec, one file per type. Each type
// registers itself with RegisterType so that the reader, the checks, the engine and the generated
// docs find it by name.
//
// # Validation tags
//
// Fields carry go-playground/validator rules. Besides the built-in rules (required, uuid, max,
// oneof, dive, keys/endkeys, ...), they use these custom tags, which flows/check registers:
//
//   - http_method: one of GET, POST, PUT, DELETE, HEAD, PATCH (upper case, as goflow sends them).
//   - http_header_name: a valid HTTP header field name (an RFC 7230 token: letters, digits and
//     !#$%&'*+-.^_`|~, at least one character), e.g. "Accept" but not "Accept:" or `"$?`.
//   - language: an ISO 639-3 three-letter language code such as "eng" or "kin".
//   - result_name: a result name: 1 to 64 characters.
//   - result_category: a result's category name: 1 to 64 characters.
//   - local_name: a run local's name as used in @locals.x: 1 to 64 characters, letters, digits
//     and underscores, not starting with a digit.
//   - contact_status: one of active, blocked, stopped, archived.
//   - flow_type: one of messaging, messaging_background, messaging_offline, voice.
//   - urn_scheme: a URN scheme the reference knows (flows.URNSchemes: tel, whatsapp, facebook,
//     ext, ...).
package actions

import (
	"fmt"
	"sort"
	"sync"

	"github.com/flowctl/flowctl/flows"
)

// Constructor returns a new zero action of one type, ready to be decoded into.
type Constructor func() flows.Action

var (
	registryMu sync.RWMutex
	registry   = map[string]Constructor{}
)

// RegisterType makes an action type known by name. Registering a name twice panics: it is a
// programming error, caught at start-up.
func RegisterType(name string, c Constructor) {
	registryMu.Lock()
	defer registryMu.Unlock()
	if _, dup := registry[name]; dup {
		panic(fmt.Sprintf("actions: type %q registered twice", name))
	}
	registry[name] = c
}

// Lookup returns the constructor of the named type.
func Lookup(name string) (Constructor, bool) {
	registryMu.RLock()
	defer registryMu.RUnlock()
	c, ok := registry[name]
	return c, ok
}

// Types returns the names of all registered types, sorted.
func Types() []string {
	registryMu.RLock()
	defer registryMu.RUnlock()
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// renamed maps action type names that older spec versions used to their current names. The
// fields of these types kept their names, so a rename is all the migration they need; see
// docs/spec-versions.md.
var renamed = map[string]string{
	"start_flow":            TypeEnterFlow,
	"add_to_group":          TypeAddContactGroups,
	"remove_from_group":     TypeRemoveContactGroups,
	"add_label":             TypeAddInputLabels,
	"add_urn":               TypeAddContactURN,
	"save_contact_field":    TypeSetContactField,
	"save_flow_result":      TypeSetRunResult,
	"set_preferred_channel": TypeSetContactChannel,
	"email":                 TypeSendEmail,
	"webhook":               TypeCallWebhook,
	"reply":                 TypeSendMsg,
}

// Canonical returns the current name of an action type: the name itself, or what an older spec
// version's name became. renamed reports whether it was an old name.
func Canonical(name string) (canonical string, wasRenamed bool) {
	if c, ok := renamed[name]; ok {
		return c, true
	}
	return name, false
}

// Closest returns up to n registered type names (and extra ones, custom types say) nearest to
// name by edit distance, nearest first, for "did you mean" suggestions. Names further than half
// their length away, or more than one edit further than the nearest, are left out: they would be
// noise rather than help.
func Closest(name string, n int, extra ...string) []string {
	type cand struct {
		name string
		dist int
	}
	var cands []cand
	for _, t := range append(Types(), extra...) {
		d := flows.EditDistance(name, t)
		if d <= max(len(t)/2, 2) {
			cands = append(cands, cand{t, d})
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].dist < cands[j].dist })
	out := make([]string, 0, n)
	for i := 0; i < len(cands) && i < n; i++ {
		// a much worse match next to a good one only distracts
		if cands[i].dist > cands[0].dist+1 {
			break
		}
		out = append(out, cands[i].name)
	}
	return out
}

// base holds what every action has: its type name and UUID.
type base struct {
	Type_ string `json:"type" validate:"required"`
	UUID_ string `json:"uuid" validate:"required,uuid"`
}

func newBase(typ string) base { return base{Type_: typ} }

// Type returns the action's type name.
func (a *base) Type() string { return a.Type_ }

// UUID returns the action's UUID.
func (a *base) UUID() string { return a.UUID_ }

// RenamedTypes lists the older spec versions' names of action types, sorted; Canonical gives
// their current names.
func RenamedTypes() []string {
	out := make([]string, 0, len(renamed))
	for old := range renamed {
		out = append(out, old)
	}
	sort.Strings(out)
	return out
}
