package engine

import (
	"encoding/json"
	"time"

	"github.com/flowctl/flowctl/expressions"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
	"github.com/flowctl/flowctl/internal/jsontree"
)

// Session statuses.
const (
	SessionActive    = "active"
	SessionWaiting   = "waiting"
	SessionCompleted = "completed"
	SessionFailed    = "failed"
)

// Run statuses.
const (
	RunActive      = "active"
	RunWaiting     = "waiting"
	RunCompleted   = "completed"
	RunExpired     = "expired"
	RunInterrupted = "interrupted"
	RunFailed      = "failed"
)

// Session is one contact's conversation: the runs of the flows it went through, the contact as
// it is now, and what it waits for. It serialises to JSON and reads back with Engine.ReadSession,
// so a simulation can stop and go on later.
type Session struct {
	UUID        string               `json:"uuid"`
	Type        flows.FlowType       `json:"type"`
	Environment json.RawMessage      `json:"environment,omitempty"`
	Contact     *runtime.Contact     `json:"contact"`
	Trigger     json.RawMessage      `json:"trigger"`
	Runs        []*Run               `json:"runs"`
	Status      string               `json:"status"`
	Wait        *Wait                `json:"wait,omitempty"`
	Input       *runtime.MsgReceived `json:"input,omitempty"`
	Call        json.RawMessage      `json:"call,omitempty"`

	eng     *Engine
	trigger *Trigger
	resume  *Resume
	// pushed is the subflow an enter_flow action asked for; it starts once the node's
	// actions are all done, as in the reference.
	pushed *pushedFlow
	parts  sessionParts
	// contextGen counts the changes that make every run's cached context stale (invalidateAll)
	contextGen uint64
	// runEnv caches the run environment, by the environment it derives from and what it takes
	// from the contact
	runEnv *contactEnv
	// country caches the contact's country (see contactCountry)
	country countryCache
	// timedOut: the engine's deadline passed while a sprint was worked on (see late)
	timedOut bool
	// work is what the current sprint's evaluations may still spend (see MaxSprintWork)
	work *expressions.Allowance
}

// countryCache is a contact's country (runtime.RunCountry) and the URNs and default it was
// worked out from: URNs are only ever replaced or appended to, so the same first URN and count
// mean the same URNs.
type countryCache struct {
	first   *runtime.URN
	n       int
	def     string
	country string
}

// contactCountry is runtime.RunCountry for the session's contact, worked out again only when
// its URNs change.
func (s *Session) contactCountry(c *runtime.Contact, def string) string {
	var first *runtime.URN
	if len(c.URNs) > 0 {
		first = &c.URNs[0]
	}
	k := &s.country
	if k.first != first || k.n != len(c.URNs) || k.def != def {
		k.first, k.n, k.def = first, len(c.URNs), def
		k.country = runtime.RunCountry(c, s.eng.assets, def)
	}
	return k.country
}

type contactEnv struct {
	base                *expressions.Environment
	zone, lang, country string
	env                 *expressions.Environment
}

// env is the environment runs evaluate in, as the reference's run environment is: the
// session's, with what the contact says where it says it. The contact's valid time zone is the
// time zone; its language, when the session's allowed_languages include it, is the default
// language (format_date's month and day names); its country (that of the channel it is reached
// on, else of its phone numbers: runtime.RunCountry) is the default country (has_phone and URNs
// read local numbers as that country's).
func (s *Session) env() *expressions.Environment {
	base := s.eng.env
	zone, lang, country := "", "", base.DefaultCountry
	if c := s.Contact; c != nil {
		zone = c.Timezone
		if c.Language != "" && contains(base.AllowedLanguages, c.Language) {
			lang = c.Language
		}
		country = s.contactCountry(c, base.DefaultCountry)
	}
	if zone == "" && (lang == "" || lang == base.Language()) && country == base.DefaultCountry {
		return base
	}
	if z := s.runEnv; z != nil && z.base == base && z.zone == zone && z.lang == lang && z.country == country {
		return z.env
	}
	cp := *base
	if loc, err := time.LoadLocation(zone); zone != "" && err == nil {
		cp.Timezone = loc
	}
	cp.ContactLanguage = lang
	cp.DefaultCountry = country
	s.runEnv = &contactEnv{base: base, zone: zone, lang: lang, country: country, env: &cp}
	return &cp
}

type pushedFlow struct {
	flow     *flows.Flow
	terminal bool
}

// Wait is what a waiting session waits for.
type Wait struct {
	Type           flows.WaitType `json:"type"`
	RunUUID        string         `json:"run_uuid"`
	NodeUUID       string         `json:"node_uuid"`
	ExpiresOn      *time.Time     `json:"expires_on,omitempty"`
	TimeoutSeconds *int           `json:"timeout_seconds,omitempty"`
}

// Run is one pass of a contact through one flow.
type Run struct {
	UUID       string               `json:"uuid"`
	Flow       runtime.FlowRef      `json:"flow"`
	Path       []Step               `json:"path"`
	Results    map[string]*Result   `json:"results,omitempty"`
	LocalVars  map[string]string    `json:"locals,omitempty"`
	Status     string               `json:"status"`
	ParentUUID string               `json:"parent_uuid,omitempty"`
	Terminal   bool                 `json:"terminal,omitempty"`
	CreatedOn  time.Time            `json:"created_on"`
	ModifiedOn time.Time            `json:"modified_on"`
	ExitedOn   *time.Time           `json:"exited_on,omitempty"`
	Webhook    *runtime.WebhookCall `json:"webhook,omitempty"`
	// HadInput says a message has reached the run (see takeInput); kept in the JSON so that a
	// session read back reads the clock where the uninterrupted one would.
	HadInput bool `json:"had_input,omitempty"`

	session *Session
	flow    *flows.Flow
	parent  *Run
	// ctx caches the expression context until something changes.
	ctx *contextCache
	// pathItems are the context objects of the steps so far (see pathArray).
	pathItems []expressions.Value
	// legacy is @legacy_extra as gathered so far, when legacyGathered (see legacyExtra).
	legacy         []legacyEntry
	legacyGathered bool
}

// Step is one visit of a node.
type Step struct {
	UUID      string    `json:"uuid"`
	NodeUUID  string    `json:"node_uuid"`
	ExitUUID  string    `json:"exit_uuid,omitempty"`
	ArrivedOn time.Time `json:"arrived_on"`
}

// Result is a saved run result.
type Result struct {
	Name              string          `json:"name"`
	Value             string          `json:"value"`
	Category          string          `json:"category,omitempty"`
	CategoryLocalized string          `json:"category_localized,omitempty"`
	NodeUUID          string          `json:"node_uuid"`
	Input             string          `json:"input,omitempty"`
	Extra             json.RawMessage `json:"extra,omitempty"`
	CreatedOn         time.Time       `json:"created_on"`
}

// Sprint is what one start or resume of a session did: the events it logged, in order.
type Sprint struct {
	Events []runtime.Event `json:"events"`

	steps int
}

// ActiveRun is the run the session is in (the deepest run still going), or nil.
func (s *Session) ActiveRun() *Run {
	for i := len(s.Runs) - 1; i >= 0; i-- {
		if r := s.Runs[i]; r.Status == RunActive || r.Status == RunWaiting {
			return r
		}
	}
	return nil
}

func (s *Session) runByUUID(uuid string) *Run {
	for _, r := range s.Runs {
		if r.UUID == uuid {
			return r
		}
	}
	return nil
}

func (r *Run) lastStep() *Step {
	if len(r.Path) == 0 {
		return nil
	}
	return &r.Path[len(r.Path)-1]
}

// ReadSession reads a session written as JSON (by flowctl run --format json, say) so that it
// can be resumed. Its runs must be of flows the engine has.
//
// The session is validated first, as flows are: a run that is null, a result without a name, a
// run that is its own parent or a reference to a flow, node, exit or run that isn't there is an
// *InputError naming the value's JSON pointer.
func (e *Engine) ReadSession(data []byte) (*Session, error) {
	root, ierr := e.checkSession(data)
	if ierr != nil {
		return nil, ierr
	}
	var s Session
	if err := DecodeJSON(data, &s); err != nil {
		return nil, err
	}
	s.eng = e
	// the session carries the environment it ran in; an engine made without one takes it
	if !isNull(s.Environment) && isNull(e.envJSON) {
		env, err := expressions.ReadEnvironment(s.Environment)
		if err != nil {
			return nil, within(asInputError("environment", s.Environment, err), "/environment", root, data)
		}
		e.env, e.envJSON = env, s.Environment
	}
	if !isNull(s.Trigger) {
		t, err := ReadTrigger(s.Trigger)
		if err != nil {
			return nil, within(asInputError("trigger", s.Trigger, err), "/trigger", root, data)
		}
		s.trigger = t
	}
	byUUID := make(map[string]*Run, len(s.Runs))
	for _, r := range s.Runs {
		if _, dup := byUUID[r.UUID]; !dup { // the first of a UUID, as runByUUID finds it
			byUUID[r.UUID] = r
		}
	}
	for _, r := range s.Runs {
		r.session = &s
		r.flow = e.FlowByUUID(r.Flow.UUID)
		if r.ParentUUID != "" {
			r.parent = byUUID[r.ParentUUID]
		}
	}
	return &s, nil
}

// within places the error of a part of a session (its trigger, its environment) in the session.
func within(e *InputError, pointer string, root *jsontree.Node, data []byte) *InputError {
	out := e.Within(pointer, root.At(pointer).Start)
	out.Input = ""
	out.setOffset(data, out.Offset)
	return out
}
