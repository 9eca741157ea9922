// Package engine runs goflow flows: it starts sessions from triggers, walks a contact through
// nodes, actions, routers and waits, resumes waiting sessions, and reports everything as goflow
// events. It never reaches the network or the real clock unless told to, so a simulation gives
// the same output every time for the same inputs.
package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	mathrand "math/rand/v2"
	"time"

	"github.com/flowctl/flowctl/expressions"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
)

// MaxStepsPerSprint is how many nodes a sprint may visit before the session fails, as in the
// reference engine.
const MaxStepsPerSprint = 100

// MaxSprintWork is the evaluation work (in the units of expressions.Limits.Budget) all the
// templates of one sprint may take together. One evaluation may take expressions.DefaultBudget,
// about half a second at worst (a costly regular expression): without a bound across them, a
// node looping through such a template runs for the reference's 100 steps, close to a minute.
// Real sprints spend a few thousand units; ten evaluations at the budget's edge end the sprint
// within seconds, and the session fails as it does at the step limit.
const MaxSprintWork = 10 * expressions.DefaultBudget

// Options configure an engine. Zero values give a deterministic simulation.
type Options struct {
	// Now is the time the clock starts at (default 2025-01-01T00:00:00Z); it moves on by one
	// second at each reading.
	Now time.Time
	// Clock replaces the stepping clock when set.
	Clock Clock
	// Seed seeds the random source of random routers and the UUID generator.
	Seed uint64
	// HTTP answers webhook and service calls (default: no mocks, every call fails to connect).
	HTTP HTTPClient
	// Env is the environment (default: expressions.DefaultEnvironment()).
	Env *expressions.Environment
	// EnvJSON is the environment as read, kept in the session.
	EnvJSON json.RawMessage
	// Hooks are the action listeners (may be nil).
	Hooks *Hooks
	// SprintWork is the evaluation work one sprint may take (0: MaxSprintWork).
	SprintWork int
}

// Engine runs sessions over one set of flows and assets. It is not safe for concurrent use: a
// simulation owns its engine.
type Engine struct {
	assets  *flows.Assets
	env     *expressions.Environment
	envJSON json.RawMessage
	clock   Clock
	// last is the clock's latest reading, for stamps that don't read the clock themselves
	last  time.Time
	rnd   *mathrand.Rand
	uuids *uuidGen
	http  HTTPClient
	hooks *Hooks
	// locations is built on first use
	locations *locationIndex
	// deadline is when a sprint stops being worked on (see SetDeadline); zero for never
	deadline time.Time
	// sprintWork is Options.SprintWork, or MaxSprintWork
	sprintWork int
}

// ErrTimeLimit is what Start and Resume return when the deadline set with SetDeadline passed
// while they worked: the sprint stopped where it was, and the session is failed.
var ErrTimeLimit = errors.New("the run took longer than its time limit")

// SetDeadline sets the time after which the engine stops a sprint it is working on (between
// nodes, actions and routers): a flow that loops through costly templates until the step limit,
// resume after resume, would otherwise keep a run or a test going for hours. The zero time
// means no deadline. The wall clock is read only for this: the simulation's own clock is
// unaffected, so a run that finishes in time gives the same events.
func (e *Engine) SetDeadline(t time.Time) { e.deadline = t }

// late reports whether the deadline has passed; when it has, the session stops: it is failed
// and its sprint ends with ErrTimeLimit.
func (s *Session) late() bool {
	if s.timedOut {
		return true
	}
	if s.eng.deadline.IsZero() || time.Now().Before(s.eng.deadline) {
		return false
	}
	s.timedOut = true
	s.Status = SessionFailed
	s.Wait = nil
	return true
}

// sprintErr is the error a sprint ends with: ErrTimeLimit when it was stopped.
func (s *Session) sprintErr() error {
	if s.timedOut {
		return ErrTimeLimit
	}
	return nil
}

func (e *Engine) locationIndex() *locationIndex {
	if e.locations == nil {
		e.locations = newLocationIndex(e.assets)
	}
	return e.locations
}

// New returns an engine over the given assets.
func New(assets *flows.Assets, opts Options) *Engine {
	if assets == nil {
		assets = flows.NewAssets()
	}
	e := &Engine{assets: assets, env: opts.Env, envJSON: opts.EnvJSON, clock: opts.Clock, http: opts.HTTP, hooks: opts.Hooks}
	if e.env == nil {
		e.env = expressions.DefaultEnvironment()
	}
	e.assets = usableGroups(e.assets, e.env)
	if e.clock == nil {
		now := opts.Now
		if now.IsZero() {
			now = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		e.clock = &SteppingClock{T: now, Step: time.Second}
	}
	if e.http == nil {
		e.http = NewMocks(nil)
	}
	e.sprintWork = opts.SprintWork
	if e.sprintWork <= 0 {
		e.sprintWork = MaxSprintWork
	}
	if e.hooks == nil {
		e.hooks = NewHooks()
	}
	// the reference's seeded generator (a PCG seeded with the seed twice), so that random
	// routers, rand() and rand_between() draw what the reference draws for the same seed
	e.rnd = mathrand.New(mathrand.NewPCG(opts.Seed, opts.Seed))
	e.uuids = newUUIDGen(opts.Seed)
	return e
}

// Hooks returns the engine's action hooks, to register listeners on.
func (e *Engine) Hooks() *Hooks { return e.hooks }

func (e *Engine) newUUID() string { return e.uuids.next(e.now()) }

// NewUUID returns a UUID from the engine's deterministic generator.
func (e *Engine) NewUUID() string { return e.newUUID() }

// FlowByUUID returns the flow with that UUID among the assets, or nil.
func (e *Engine) FlowByUUID(uuid string) *flows.Flow {
	for _, f := range e.assets.Flows {
		if f != nil && f.UUID == uuid {
			return f
		}
	}
	return nil
}

// Start begins a session for the contact with the trigger and runs it until it waits or ends.
// A nil contact runs the flow without one: actions that need a contact log an error instead.
func (e *Engine) Start(contact *runtime.Contact, trigger *Trigger, call json.RawMessage) (*Session, *Sprint, error) {
	flow := e.FlowByUUID(trigger.Flow.UUID)
	if flow == nil {
		return nil, nil, fmt.Errorf("start: trigger names flow %s (%q), which is not among the loaded flows", trigger.Flow.UUID, trigger.Flow.Name)
	}
	if err := checkStart(flow, call); err != nil {
		return nil, nil, err
	}
	sessionUUID := e.newUUID()
	// the reference reads its clock once more before the first run: the start's own time
	e.now()
	s := &Session{
		UUID:        sessionUUID,
		Type:        flow.Type,
		Environment: e.envJSON,
		Contact:     contact.Clone(),
		Trigger:     trigger.Raw,
		Status:      SessionActive,
		Call:        call,
		eng:         e,
		trigger:     trigger,
	}
	dropEmptyFields(s.Contact)
	sp := s.newSprint()
	if trigger.Msg != nil {
		s.Input = trigger.Msg
		if s.Contact != nil {
			s.Contact.LastSeenOn = ptrTime(trigger.Msg.CreatedOn)
		}
	}
	// the contact may come in with stale query-based groups
	s.refreshGroups(func(e runtime.Event) { s.log(sp, nil, e) }, false)
	s.startRun(sp, flow, nil, false)
	return s, sp, s.sprintErr()
}

// Resume continues a waiting session. A resume its wait doesn't take (see Accepts) is refused
// with a *RejectedResumeError before anything happens: the session still waits as it did.
func (s *Session) Resume(resume *Resume) (*Sprint, error) {
	if s.Status != SessionWaiting || s.Wait == nil {
		return nil, fmt.Errorf("resume: the session is %s, not waiting", s.Status)
	}
	run := s.runByUUID(s.Wait.RunUUID)
	if run == nil {
		return nil, fmt.Errorf("resume: the waiting run %s is not in the session", s.Wait.RunUUID)
	}
	node := run.flow.NodeByUUID(s.Wait.NodeUUID)
	if node == nil || node.Router == nil || node.Router.Wait == nil {
		return nil, fmt.Errorf("resume: the session waits at node %s, which has no wait", s.Wait.NodeUUID)
	}
	wait := node.Router.Wait
	if err := checkAccepts(wait, resume.Type); err != nil {
		return nil, err
	}
	// a resume may bring the environment as it is now
	var env *expressions.Environment
	if len(resume.Environment) > 0 && string(resume.Environment) != "null" {
		var err error
		if env, err = expressions.ReadEnvironment(resume.Environment); err != nil {
			return nil, fmt.Errorf("resume: %w", err)
		}
	}
	sp := s.newSprint()
	s.resume = resume
	s.Status = SessionActive
	s.Wait = nil
	// the reference saves the session and reads it back between sprints
	s.readBack()
	if resume.Contact != nil {
		s.Contact = resume.Contact.Clone()
	}
	if env != nil {
		s.eng.env = env
		s.Environment = resume.Environment
	}
	s.contactChanged()
	// resuming reads the clock twice (the resume's time and the waiting run's new state); an
	// expiration only once, as it doesn't route the waiting node
	s.eng.now()
	expiring := resume.Type == "wait_expiration"
	if !expiring {
		s.eng.now()
	}
	// a resume without a message (a timeout, an expiration, a dial) leaves the session without
	// input, as in the reference: @input is null from here on, and @input.text an error
	s.Input = resume.Msg
	if resume.Msg != nil {
		if s.Contact != nil {
			s.Contact.LastSeenOn = ptrTime(resume.Msg.CreatedOn)
		}
		run.takeInput()
	}
	for r := run; r != nil; r = r.parent {
		r.touch()
	}
	if expiring {
		s.endRun(sp, run, RunExpired)
		s.continueParent(sp, run)
		return sp, s.sprintErr()
	}
	run.Status = RunActive
	s.walk(sp, run, node, true)
	return sp, s.sprintErr()
}

func ptrTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// log stamps an event and appends it to the sprint, then marks every run's context stale (the
// run that logged it is named at call sites for readers; events don't record it).
func (s *Session) log(sp *Sprint, _ *Run, e runtime.Event) {
	b := e.Base()
	if b.UUID == "" || b.CreatedOn.IsZero() {
		// like the reference, an event takes its UUID (one reading) then its time (another)
		b.UUID = s.eng.newUUID()
		b.CreatedOn = s.eng.now()
	}
	sp.Events = append(sp.Events, e)
	switch e.(type) {
	case *runtime.ContactFieldChanged, *runtime.ContactGroupsChanged, *runtime.ContactNameChanged,
		*runtime.ContactLanguageChanged, *runtime.ContactTimezoneChanged, *runtime.ContactStatusChanged,
		*runtime.ContactURNsChanged, *runtime.TicketOpened:
		s.contactChanged()
	}
	s.invalidateAll()
}

// startRun starts a run of flow (a child of parent when set) at its first node.
func (s *Session) startRun(sp *Sprint, flow *flows.Flow, parent *Run, terminal bool) {
	// a run takes its creation time, then its UUID: two readings
	now := s.eng.now()
	run := &Run{
		UUID:      s.eng.newUUID(),
		Flow:      runtime.FlowRef{UUID: flow.UUID, Name: flow.Name, Revision: flow.Revision},
		Status:    RunActive,
		Terminal:  terminal,
		CreatedOn: now, ModifiedOn: now,
		session: s, flow: flow, parent: parent,
	}
	ev := runtime.NewRunStarted()
	ev.Flow = run.Flow
	ev.RunUUID = run.UUID
	if parent != nil {
		run.ParentUUID = parent.UUID
		ev.ParentUUID = parent.UUID
		ev.Terminal = terminal
	} else if s.trigger != nil && len(s.trigger.RunSummary) > 0 {
		// a session started by another session's run names that run as parent
		var sum struct {
			UUID string `json:"uuid"`
		}
		if json.Unmarshal(s.trigger.RunSummary, &sum) == nil {
			ev.ParentUUID = sum.UUID
		}
	}
	s.Runs = append(s.Runs, run)
	s.log(sp, run, ev)
	if len(flow.Nodes) == 0 {
		s.endRun(sp, run, RunCompleted)
		s.continueParent(sp, run)
		return
	}
	s.walk(sp, run, flow.Nodes[0], false)
}

// endRun ends a run with a status and logs run_ended.
func (s *Session) endRun(sp *Sprint, run *Run, status string) {
	now := s.eng.now()
	run.Status = status
	run.ExitedOn = &now
	run.ModifiedOn = now
	ev := runtime.NewRunEnded()
	ev.Flow = run.Flow
	ev.RunUUID = run.UUID
	ev.Status = status
	s.log(sp, run, ev)
}

// fail logs a failure and ends every run still going as failed.
func (s *Session) fail(sp *Sprint, run *Run, text string) {
	s.log(sp, run, runtime.NewFailure(text))
	for r := run; r != nil; r = r.parent {
		if r.Status == RunActive || r.Status == RunWaiting {
			s.endRun(sp, r, RunFailed)
		}
	}
	s.Status = SessionFailed
	s.Wait = nil
}

// continueParent goes on with the run waiting for a run that ended: its parent, or, when the
// run replaced its parent (a terminal enter_flow), the nearest ancestor still waiting. That run
// routes the node it entered the child from. With none left the session is over.
func (s *Session) continueParent(sp *Sprint, child *Run) {
	if s.Status == SessionFailed {
		return
	}
	parent := child.parent
	if parent != nil && parent.Status == RunFailed {
		// the child of a run that failed after entering it (see walk): as in the reference,
		// nothing above the failed run resumes, and the session ends with the child
		s.Status = SessionCompleted
		return
	}
	for parent != nil && parent.Status != RunWaiting {
		parent = parent.parent
	}
	if parent == nil {
		if s.ActiveRun() == nil {
			s.Status = SessionCompleted
		}
		return
	}
	step := parent.lastStep()
	if step == nil {
		s.fail(sp, parent, fmt.Sprintf("run %s waits for a subflow but has no step", parent.UUID))
		return
	}
	node := parent.flow.NodeByUUID(step.NodeUUID)
	if node == nil {
		s.fail(sp, parent, fmt.Sprintf("run %s waits at node %s, which its flow no longer has", parent.UUID, step.NodeUUID))
		return
	}
	parent.Status = RunActive
	s.walk(sp, parent, node, true)
}

// newSprint starts a sprint, with the whole of the engine's sprint work for its evaluations.
func (s *Session) newSprint() *Sprint {
	s.work = expressions.NewAllowance(s.eng.sprintWork)
	return &Sprint{}
}

// overworked fails the session once the sprint's evaluations needed more than MaxSprintWork:
// the evaluation that ran out failed as over its own budget would, and nothing more is run.
func (s *Session) overworked(sp *Sprint, run *Run) bool {
	if !s.work.Exhausted() {
		return false
	}
	s.fail(sp, run, fmt.Sprintf("Reached maximum evaluation work per sprint (%d units)", s.work.Limit()))
	return true
}

// walk runs from node until the session waits, fails or runs out of flow. With resuming set,
// the node was entered before (its actions ran) and only its router is left to run.
func (s *Session) walk(sp *Sprint, run *Run, node *flows.Node, resuming bool) {
	for node != nil {
		if s.late() {
			return
		}
		if s.overworked(sp, run) {
			return
		}
		if !resuming {
			if sp.steps >= MaxStepsPerSprint {
				s.fail(sp, run, fmt.Sprintf("Reached maximum number of steps per sprint (%d)", MaxStepsPerSprint))
				return
			}
			sp.steps++
			// a step reads the clock once; its UUID is random, not another reading
			now := s.eng.now()
			run.Path = append(run.Path, Step{UUID: s.eng.uuids.next(now), NodeUUID: node.UUID, ArrivedOn: now})
			if len(s.Runs) == 1 && len(run.Path) == 1 && s.trigger != nil && s.trigger.Msg != nil {
				run.takeInput()
			}
			run.touch()
			for _, a := range node.Actions {
				if s.late() {
					return
				}
				if err := s.execute(sp, run, a); err != nil {
					// an action's failure reads the clock once before the failure is logged
					s.eng.now()
					if s.pushed == nil {
						s.fail(sp, run, err.Error())
						return
					}
					// as in the reference, a flow an earlier action of the node entered still
					// starts: the run fails alone, the runs above it are left as they are (see
					// continueParent)
					s.log(sp, run, runtime.NewFailure(err.Error()))
					s.endRun(sp, run, RunFailed)
					break
				}
				if s.Status == SessionFailed || s.overworked(sp, run) {
					return
				}
			}
			if p := s.pushed; p != nil {
				s.pushed = nil
				if p.terminal {
					// a terminal enter_flow ends every run still going, oldest first, as the
					// reference does: nothing resumes once the new run ends
					for _, r := range s.Runs {
						if r.Status == RunActive || r.Status == RunWaiting {
							s.endRun(sp, r, RunCompleted)
						}
					}
				} else if run.Status == RunActive {
					run.Status = RunWaiting
				}
				s.startRun(sp, p.flow, run, p.terminal)
				return
			}
		}
		if s.late() {
			return
		}
		exit, waiting := s.route(sp, run, node, resuming)
		if s.Status == SessionFailed {
			return
		}
		if waiting {
			return
		}
		resuming = false
		next := ""
		if exit != nil {
			next = exit.DestinationUUID
			if st := run.lastStep(); st != nil {
				st.ExitUUID = exit.UUID
			}
		}
		if next == "" {
			s.endRun(sp, run, RunCompleted)
			s.continueParent(sp, run)
			return
		}
		// leaving a node for another reads the clock
		s.eng.now()
		node = run.flow.NodeByUUID(next)
		if node == nil {
			s.fail(sp, run, fmt.Sprintf("unable to find destination node %s", next))
			return
		}
	}
}

func exitOf(node *flows.Node, uuid string) *flows.Exit {
	for _, e := range node.Exits {
		if e != nil && e.UUID == uuid {
			return e
		}
	}
	return nil
}
