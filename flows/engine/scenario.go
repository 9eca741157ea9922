package engine

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/flowctl/flowctl/expressions"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
	"github.com/flowctl/flowctl/internal/jsontree"
)

// ScenarioFile is the layout of a scenario: what to run and with what. Outputs and the keys
// the test command reads are ignored here.
type ScenarioFile struct {
	Flow        string                    `json:"flow"`
	FlowUUID    string                    `json:"flow_uuid"`
	Environment json.RawMessage           `json:"environment"`
	Contact     json.RawMessage           `json:"contact"`
	Trigger     json.RawMessage           `json:"trigger"`
	Call        json.RawMessage           `json:"call"`
	Resumes     []json.RawMessage         `json:"resumes"`
	Inputs      []string                  `json:"inputs"`
	HTTPMocks   map[string][]MockResponse `json:"http_mocks"`
	// Assets are more assets files, relative to the scenario, loaded like run's --assets.
	Assets PathList `json:"assets"`
	// Hooks are hook files (JavaScript), relative to the scenario, loaded like run's --hooks.
	Hooks PathList `json:"hooks"`
	// Now and Seed, when set, start the clock and seed the random source of the run (flowctl's
	// keys; the defaults are the reference harness's).
	Now  *time.Time `json:"now"`
	Seed *uint64    `json:"seed"`
}

// PathList is one path or a list of them: "assets": "org.json" and "assets": ["a.json", "b.json"]
// both read.
type PathList []string

// UnmarshalJSON accepts a string, a list of strings or null.
func (l *PathList) UnmarshalJSON(data []byte) error {
	var one string
	if err := json.Unmarshal(data, &one); err == nil {
		*l = PathList{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(data, &many); err != nil {
		return fmt.Errorf("must be a path or a list of paths, relative to the scenario")
	}
	*l = many
	return nil
}

// ReadScenario decodes a scenario file.
func ReadScenario(data []byte) (*ScenarioFile, error) {
	return readScenario(data, true)
}

// ReadCheckedScenario is ReadScenario for a file whose own keys the caller has already found
// free of repeats (flowctl test's reader refuses them): it doesn't parse the file a second time
// to look, which was a third of what a scenario cost flowctl test beside its session.
func ReadCheckedScenario(data []byte) (*ScenarioFile, error) {
	return readScenario(data, false)
}

func readScenario(data []byte, checkKeys bool) (*ScenarioFile, error) {
	var sc ScenarioFile
	if err := DecodeJSON(data, &sc); err != nil {
		return nil, asInputError("scenario", data, err)
	}
	// a repeated key of the scenario's own is refused, as flowctl test's reader does (inside the
	// embedded goflow objects it is only warned about: see jsontree.Lint)
	if checkKeys {
		if err := refuseRepeatedKeys(data); err != nil {
			return nil, err
		}
	}
	if sc.Flow == "" {
		return nil, newInputError("scenario", data, "/flow", "missing \"flow\": the flow file, relative to the scenario")
	}
	for i, p := range sc.Assets {
		if p == "" {
			return nil, newInputError("scenario", data, fmt.Sprintf("/assets/%d", i), "empty path, expected an assets file relative to the scenario")
		}
	}
	for i, p := range sc.Hooks {
		if p == "" {
			return nil, newInputError("scenario", data, fmt.Sprintf("/hooks/%d", i), "empty path, expected a hooks file (JavaScript) relative to the scenario")
		}
	}
	return &sc, nil
}

// refuseRepeatedKeys refuses a scenario whose own keys repeat.
func refuseRepeatedKeys(data []byte) error {
	root, serr := jsontree.Parse(data)
	if serr != nil {
		return nil // DecodeJSON has said what is wrong with the file
	}
	seen := map[string]bool{}
	for _, m := range root.Members {
		if seen[m.Key] {
			return newInputError("scenario", data, "/"+jsontree.EscapePointerToken(m.Key), "duplicate key %q", m.Key)
		}
		seen[m.Key] = true
	}
	return nil
}

// Simulation is everything one simulated session needs: an engine over the flows, the contact,
// the trigger and the resumes to apply in turn.
type Simulation struct {
	Engine  *Engine
	Contact *runtime.Contact
	Trigger *Trigger
	Call    json.RawMessage
	Resumes []*Resume
}

// SimulationInput gathers what a simulation is made from; JSON fields left empty take defaults:
// a contact named Ben Haggerty with a phone number, and a manual trigger of the flow.
type SimulationInput struct {
	Assets      *flows.Assets
	Flow        *flows.Flow
	Environment json.RawMessage
	Contact     json.RawMessage
	Trigger     json.RawMessage
	Call        json.RawMessage
	Resumes     []json.RawMessage
	Inputs      []string
	// NoContact runs without a contact (a scenario whose contact is null) instead of the default.
	NoContact bool
	Options   Options
}

// defaultContact is the contact of a simulation that names none.
const defaultContact = `{"uuid": "ba96bf7f-bc2a-4873-a7c7-254d1927c4e3", "name": "Ben Haggerty", "language": "eng",
"status": "active", "created_on": "2018-01-01T12:00:00Z", "urns": ["tel:+12065551212"]}`

func isNull(raw json.RawMessage) bool {
	return len(raw) == 0 || string(raw) == "null"
}

// NewSimulation prepares a simulation, reporting which input is malformed.
func NewSimulation(in SimulationInput) (*Simulation, error) {
	opts := in.Options
	if !isNull(in.Environment) {
		env, err := expressions.ReadEnvironment(in.Environment)
		if err != nil {
			return nil, asInputError("environment", in.Environment, err)
		}
		opts.Env = env
		opts.EnvJSON = in.Environment
	}
	eng := New(in.Assets, opts)
	sim := &Simulation{Engine: eng, Call: in.Call}
	if isNull(sim.Call) {
		sim.Call = nil
	}

	contactJSON := in.Contact
	if isNull(contactJSON) && !in.NoContact {
		contactJSON = json.RawMessage(defaultContact)
	}
	if !isNull(contactJSON) {
		var c runtime.Contact
		if err := DecodeJSON(contactJSON, &c); err != nil {
			return nil, asInputError("contact", contactJSON, err)
		}
		if c.UUID == "" {
			return nil, newInputError("contact", contactJSON, "/uuid", "a contact needs a UUID")
		}
		if c.Status == "" {
			c.Status = runtime.StatusActive
		}
		sim.Contact = &c
	}

	if isNull(in.Trigger) {
		if in.Flow == nil {
			return nil, fmt.Errorf("trigger: no trigger and no flow to start")
		}
		t, _ := json.Marshal(map[string]any{
			"type": "manual",
			"flow": runtime.Ref{UUID: in.Flow.UUID, Name: in.Flow.Name},
			// built here like the reference's trigger builder builds one: reading the clock
			"triggered_on": eng.now(),
		})
		in.Trigger = t
	}
	trig, err := ReadTrigger(in.Trigger)
	if err != nil {
		return nil, err
	}
	if in.Flow != nil && trig.Flow.UUID != in.Flow.UUID {
		// an explicit flow choice wins over the trigger's
		trig.Flow = runtime.Ref{UUID: in.Flow.UUID, Name: in.Flow.Name}
	}
	sim.Trigger = trig

	for i, raw := range in.Resumes {
		r, err := ReadResume(raw)
		if err != nil {
			return nil, asInputError(fmt.Sprintf("resumes/%d", i), raw, err)
		}
		sim.Resumes = append(sim.Resumes, r)
	}
	for _, text := range in.Inputs {
		sim.Resumes = append(sim.Resumes, sim.InputResume(text))
	}
	return sim, nil
}

// InputResume makes the msg resume of a reply typed as text, from the contact's first URN.
func (sim *Simulation) InputResume(text string) *Resume {
	now := sim.Engine.peek()
	var urn runtime.URN
	if sim.Contact != nil {
		urn = sim.Contact.PreferredURN().Identity()
	}
	return MsgResume(text, urn, sim.Engine.uuids.next(now), now)
}

// Run starts the session and applies the resumes while it waits. It stops early when the
// session ends; resumes left over are ignored, as a real session would ignore late replies.
func (sim *Simulation) Run() (*Session, []*Sprint, error) {
	s, sp, err := sim.Engine.Start(sim.Contact, sim.Trigger, sim.Call)
	if err != nil {
		return nil, nil, err
	}
	more, err := sim.Continue(s)
	return s, append([]*Sprint{sp}, more...), err
}

// Continue applies the simulation's resumes to a session that already exists (one read back
// with Engine.ReadSession, say) while it waits, and returns the sprints they made.
func (sim *Simulation) Continue(s *Session) ([]*Sprint, error) {
	var sprints []*Sprint
	for _, r := range sim.Resumes {
		if s.Status != SessionWaiting {
			break
		}
		next, err := s.Resume(r)
		if err != nil {
			return sprints, err
		}
		sprints = append(sprints, next)
	}
	return sprints, nil
}

// TimeoutResume makes the wait_timeout resume of interactive mode's /timeout.
func (sim *Simulation) TimeoutResume() *Resume {
	now := sim.Engine.peek()
	return TimeoutResume(sim.Engine.uuids.next(now), now)
}

// ExpireResume makes the wait_expiration resume of interactive mode's /expire: the wait (and
// with it the run) expires, as when a contact never answers.
func (sim *Simulation) ExpireResume() *Resume {
	now := sim.Engine.peek()
	return ExpirationResume(sim.Engine.uuids.next(now), now)
}
