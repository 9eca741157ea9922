// Package simulation runs a flow for a simulated contact the way `flowctl run`, `flowctl test`
// and a simulator page need it: it loads the files a run needs (of an export, only the flows it
// reaches), builds the contact, environment and trigger from files and options, takes the
// contact's replies one at a time (messages, /timeout, /expire) and says what a wait accepts when
// a reply doesn't fit. It also runs and records scenario files in-process.
package simulation

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/flowctl/flowctl/expressions"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/engine"
	"github.com/flowctl/flowctl/flows/runtime"
	"github.com/flowctl/flowctl/flows/scenario"
	"github.com/flowctl/flowctl/internal/readfile"
)

// DefaultNow is the time a simulation's clock starts at unless told otherwise: the reference
// engine's test harness's.
var DefaultNow = time.Date(2025, 5, 4, 12, 30, 45, 123456789, time.UTC)

// LatestStart is the latest time a simulation's clock may start at: its readings step on from
// there, and every time a run writes must stay within year 9999, the last that JSON's (and goflow's)
// timestamps can hold.
var LatestStart = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)

// CheckNow says why a clock can't start at t, if it can't.
func CheckNow(t time.Time) error {
	if t.Year() < 1 || !t.Before(LatestStart) {
		return fmt.Errorf("the clock must start between year 1 and the end of 9998 (a run's times must stay within year 9999, the last JSON timestamps hold)")
	}
	return nil
}

// DefaultSeed seeds the random source unless told otherwise, as in the reference's harness.
const DefaultSeed = 123456

// Setup is what a simulated run is made of: the files, the contact and session options and the
// replies. Options set here override what the files say.
type Setup struct {
	// FlowPath is the flow file; Flow the flow to start in it (UUID or name, empty for the
	// first); AssetPaths more assets files, later ones overriding earlier ones.
	FlowPath   string
	Flow       string
	AssetPaths []string
	// HookPaths are hook files (JavaScript: listeners, replacements and custom action types),
	// loaded in order before the flows are read; Hooks is what they registered, set by
	// LoadHooks (Loader.LoadSetup calls it).
	HookPaths []string
	Hooks     *engine.Hooks

	// Environment, Contact, Trigger and Call are goflow JSON, nil for defaults.
	Environment json.RawMessage
	Contact     json.RawMessage
	Trigger     json.RawMessage
	Call        json.RawMessage
	// NoContact runs without a contact (a scenario whose contact is null).
	NoContact bool
	// ContactOptions change the contact (the default one, or the file's).
	ContactOptions ContactOptions
	// TriggerType builds a trigger of that type when Trigger is nil: manual (the default), msg
	// (the first reply is the message that starts the flow), channel or optin.
	TriggerType string

	// Resumes are goflow resume JSON, applied before the Replies.
	Resumes []json.RawMessage
	Replies []Reply
	// Mocks answer HTTP calls, by URL.
	Mocks map[string][]engine.MockResponse
	// HTTP answers HTTP calls instead of the mocks when set (see engine.NewRealHTTPClient).
	HTTP engine.HTTPClient

	// Now is the time the clock starts at (zero: DefaultNow); Seed seeds random routers and
	// generated UUIDs.
	Now  time.Time
	Seed uint64
	// TimeLimit is how long the run may take (0: DefaultTimeLimit; negative: no limit).
	TimeLimit time.Duration
	// SprintWork is the evaluation work one sprint may take (0: engine.MaxSprintWork).
	SprintWork int

	// Sources say where each input's JSON was written, by the engine's name for it (see
	// SetSource and Place).
	Sources map[string]Source

	// ScenarioFile is the scenario the setup was read from ("" for none), and ScenarioRefs the
	// files it names (resolved) with their roles: a Loader reads those only from the
	// scenario's folder or below its root (see scenario.CheckPath).
	ScenarioFile string
	ScenarioRefs []ScenarioRef
}

// ScenarioRef is a file a scenario names: its role ("flow", "assets", "hooks") and its path.
type ScenarioRef struct {
	What, Path string
	// Pointer is where the scenario names the file ("/flow", "/assets/1").
	Pointer string
	// scenario is the scenario file's content, for Position.
	scenario []byte
}

// Position returns the line and column of the reference in the scenario file. It is found only
// when asked (to place an error): finding it for every reference of every scenario cost flowctl
// test a tenth of its time.
func (r ScenarioRef) Position() (line, col int) {
	return scenario.PointerPosition(r.scenario, r.Pointer)
}

// listPointer is the pointer to the i-th path of a scenario's key that holds one path or a list.
func listPointer(data []byte, key string, i int) string {
	if start, end, ok := scenario.ValueSpan(data, "/"+key); ok && bytes.HasPrefix(bytes.TrimSpace(data[start:end]), []byte("[")) {
		return fmt.Sprintf("/%s/%d", key, i)
	}
	return "/" + key
}

// ContactOptions set parts of the simulated contact. Empty values leave the contact as it is.
type ContactOptions struct {
	Name *string
	// Language is an ISO 639-3 code such as "por".
	Language string
	// URNs replace the contact's URNs; a bare phone number (+250...) is a tel: URN.
	URNs []string
	// Fields set contact fields by key, in order.
	Fields []Field
	// Groups are names or UUIDs of groups the contact is in (replacing the contact's).
	Groups []string
	// Channel is the name or UUID of the channel the contact's messages come and go through.
	Channel string
}

// Field is one contact field value.
type Field struct {
	Key, Value string
}

// IsZero reports whether no option is set.
func (o ContactOptions) IsZero() bool {
	return o.Name == nil && o.Language == "" && len(o.URNs) == 0 && len(o.Fields) == 0 && len(o.Groups) == 0 && o.Channel == ""
}

// TriggerTypes are the trigger types Setup.TriggerType builds.
var TriggerTypes = []string{"manual", "msg", "channel", "optin"}

// FromScenario reads a scenario file (up to maxSize bytes, 0 for readfile.DefaultMaxSize) into
// a Setup: its paths resolved against its folder.
func FromScenario(path string, maxSize int64) (*Setup, error) {
	if maxSize <= 0 {
		maxSize = readfile.DefaultMaxSize
	}
	data, err := readfile.Read(path, maxSize)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, &FileError{What: "scenario", Path: path, Err: err}
	}
	return ParseScenario(path, data)
}

// ParseScenario reads a scenario's content into a Setup; path resolves the files it names.
func ParseScenario(path string, data []byte) (*Setup, error) {
	return parseScenario(path, data, engine.ReadScenario)
}

// parseScenario is ParseScenario with the engine's reader of scenario files given: flowctl
// test's runner reads files its own reader has checked (engine.ReadCheckedScenario).
func parseScenario(path string, data []byte, readScenario func([]byte) (*engine.ScenarioFile, error)) (*Setup, error) {
	sc, err := readScenario(data)
	if err != nil {
		var ie *engine.InputError
		if errors.As(err, &ie) {
			return nil, Source{Path: path, File: data}.place(ie)
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	resolve := func(p string) string {
		if filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(filepath.Dir(path), p)
	}
	s := &Setup{
		FlowPath: resolve(sc.Flow), Flow: sc.FlowUUID,
		Environment: nullToNil(sc.Environment), Contact: nullToNil(sc.Contact),
		Trigger: nullToNil(sc.Trigger), Call: nullToNil(sc.Call),
		NoContact: string(bytes.TrimSpace(sc.Contact)) == "null",
		Resumes:   sc.Resumes, Mocks: sc.HTTPMocks, Seed: DefaultSeed,
	}
	for _, input := range []string{"environment", "contact", "trigger", "call"} {
		s.SetSource(input, Source{Path: path, File: data, Pointer: "/" + input})
	}
	for i := range sc.Resumes {
		s.SetSource(fmt.Sprintf("resumes/%d", i), Source{Path: path, File: data, Pointer: fmt.Sprintf("/resumes/%d", i)})
	}
	s.ScenarioFile = path
	ref := func(what, path, pointer string) {
		s.ScenarioRefs = append(s.ScenarioRefs, ScenarioRef{What: what, Path: path, Pointer: pointer, scenario: data})
	}
	ref("flow", s.FlowPath, "/flow")
	for i, p := range sc.Assets {
		s.AssetPaths = append(s.AssetPaths, resolve(p))
		ref("assets", resolve(p), listPointer(data, "assets", i))
	}
	for i, p := range sc.Hooks {
		s.HookPaths = append(s.HookPaths, resolve(p))
		ref("hooks", resolve(p), listPointer(data, "hooks", i))
	}
	if sc.Now != nil {
		if err := CheckNow(*sc.Now); err != nil {
			return nil, Source{Path: path, File: data}.place(engine.NewInputError(data, "/now", "%v", err))
		}
		s.Now = *sc.Now
	}
	if sc.Seed != nil {
		s.Seed = *sc.Seed
	}
	for _, in := range sc.Inputs {
		s.Replies = append(s.Replies, ParseReply(in))
	}
	return s, nil
}

func nullToNil(raw json.RawMessage) json.RawMessage {
	if len(bytes.TrimSpace(raw)) == 0 || string(bytes.TrimSpace(raw)) == "null" {
		return nil
	}
	return raw
}

// Simulation is a prepared run: the engine's simulation plus what was made of the setup's
// options, which a recorded scenario writes down so that replays (and the reference engine) run
// the same session.
type Simulation struct {
	*engine.Simulation
	Setup *Setup
	// Environment, Contact and Trigger are the JSON the session was built from (nil: the
	// engine's defaults).
	Environment json.RawMessage
	Contact     json.RawMessage
	Trigger     json.RawMessage
	// Replies are the setup's replies less the one a msg trigger took.
	Replies []Reply
	// Notes are things the user should know about the setup, such as a contact language the
	// environment doesn't allow.
	Notes []string
	// channel is the channel of the contact's preferred URN, through which replies come.
	channel *runtime.Ref
}

// Prepare builds the simulation of a setup over the loaded files. A problem in one of the
// setup's inputs is placed where it was written (see Place).
func Prepare(s *Setup, ld *Loaded) (*Simulation, error) {
	sim, err := prepareSetup(s, ld)
	if err != nil {
		return nil, s.Place(err)
	}
	return sim, nil
}

func prepareSetup(s *Setup, ld *Loaded) (*Simulation, error) {
	now := s.Now
	if now.IsZero() {
		now = DefaultNow
	}
	// --now and a scenario's now are checked where they are read; this holds for the other
	// clocks (a saved session's, the serve API's)
	if err := CheckNow(now); err != nil {
		return nil, fmt.Errorf("the clock would start at %s: %w", now.Format(time.RFC3339), err)
	}
	out := &Simulation{Setup: s, Environment: s.Environment, Trigger: s.Trigger, Replies: s.Replies}
	ids := newSeededIDs(s.Seed)

	contact, err := buildContact(s, ld, now, ids)
	if err != nil {
		return nil, err
	}
	out.Contact = contact
	if contact != nil {
		var c runtime.Contact
		if json.Unmarshal(contact, &c) == nil {
			out.channel = channelRef(ld.Assets, c.PreferredURN().ChannelUUID())
		}
	}
	if err := out.allowContactLanguage(ld.Flow, s.ContactOptions.Language != ""); err != nil {
		return nil, err
	}
	if s.Trigger == nil && s.TriggerType != "" && s.TriggerType != "manual" {
		if out.Trigger, out.Replies, err = buildTrigger(s, ld, contact, now, ids); err != nil {
			return nil, err
		}
	}

	call := s.Call
	if call == nil && s.ScenarioFile == "" && ld.Flow != nil && ld.Flow.Type == flows.FlowTypeVoice {
		call = defaultCall(out, contact, ids)
	}

	mocks := engine.NewMocks(s.Mocks)
	client := s.HTTP
	if client == nil {
		client = mocks
	}
	sim, err := engine.NewSimulation(engine.SimulationInput{
		Assets: ld.Assets, Flow: ld.Flow, Environment: out.Environment, Contact: out.Contact,
		Trigger: out.Trigger, Call: call, Resumes: s.Resumes, NoContact: s.NoContact,
		Options: engine.Options{Now: now, Seed: s.Seed, HTTP: client, Hooks: s.Hooks, SprintWork: s.SprintWork},
	})
	if err != nil {
		return nil, err
	}
	out.Simulation = sim
	return out, nil
}

// defaultCall is the call a voice flow started from the command line (no scenario, no call
// given) runs on: the engine starts a voice flow only on a call, and a user simulating an IVR
// flow means the contact to have called in, on their preferred URN and its channel. A scenario
// says what call it wants, null being none, as the engine then refuses to start.
func defaultCall(sim *Simulation, contact json.RawMessage, ids *seededIDs) json.RawMessage {
	call := map[string]any{"uuid": ids.next("call")}
	var c runtime.Contact
	if contact != nil && json.Unmarshal(contact, &c) == nil {
		if urn := c.PreferredURN(); urn != "" {
			call["urn"] = urn.Identity()
		}
	}
	if sim.channel != nil {
		call["channel"] = sim.channel
	}
	b, _ := json.Marshal(call)
	return b
}

// buildContact makes the contact JSON: the file's (or the default one) with the options applied.
// The default contact is derived from the seed and the clock's start, so that recording the same
// command twice writes the same file.
func buildContact(s *Setup, ld *Loaded, now time.Time, ids *seededIDs) (json.RawMessage, error) {
	if s.NoContact {
		if !s.ContactOptions.IsZero() {
			return nil, errors.New("the scenario runs without a contact (\"contact\": null): contact options don't apply")
		}
		return nil, nil
	}
	raw := s.Contact
	if raw == nil {
		lang := ld.Flow.Language
		if lang == "" || lang == "base" {
			lang = "eng"
		}
		c := struct {
			UUID      string         `json:"uuid"`
			Name      string         `json:"name"`
			Language  string         `json:"language"`
			Status    string         `json:"status"`
			CreatedOn string         `json:"created_on"`
			URNs      []string       `json:"urns"`
			Fields    map[string]any `json:"fields"`
			Groups    []any          `json:"groups"`
		}{ids.next("contact"), "Ben Haggerty", lang, "active", now.UTC().Truncate(time.Second).Format(time.RFC3339),
			[]string{"tel:+12065551212"}, map[string]any{}, []any{}}
		raw, _ = json.Marshal(c)
	}
	if s.ContactOptions.IsZero() {
		return raw, nil
	}
	var c runtime.Contact
	if err := engine.DecodeJSON(raw, &c); err != nil {
		ie := *err.(*engine.InputError)
		ie.Input = "contact"
		return nil, &ie
	}
	if err := s.ContactOptions.apply(&c, ld.Assets); err != nil {
		return nil, err
	}
	return json.Marshal(&c)
}

// apply sets the options on a contact, resolving groups, fields and channels against the assets.
func (o ContactOptions) apply(c *runtime.Contact, assets *flows.Assets) error {
	if o.Name != nil {
		c.Name = *o.Name
	}
	if o.Language != "" {
		if !isLanguageCode(o.Language) {
			return fmt.Errorf("--lang %q: expected a three-letter ISO 639-3 code such as eng, por or spa", o.Language)
		}
		c.Language = o.Language
	}
	if len(o.URNs) > 0 {
		c.URNs = nil
		for _, u := range o.URNs {
			urn := runtime.URN(u)
			if strings.HasPrefix(u, "+") {
				urn = runtime.URN("tel:" + u)
			}
			if !urn.Validate() {
				return fmt.Errorf("--urn %q: expected scheme:path such as tel:+250788123123 or whatsapp:250788123123 (or a phone number starting with +)", u)
			}
			c.URNs = append(c.URNs, urn)
		}
	}
	if len(o.Groups) > 0 {
		c.Groups = nil
		for _, g := range o.Groups {
			a, err := findAsset(assets, flows.AssetGroup, "--group", g)
			if err != nil {
				return err
			}
			c.Groups = append(c.Groups, runtime.Ref{UUID: a.Identity, Name: a.Name})
		}
	}
	for _, f := range o.Fields {
		if assets.Declared(flows.AssetField) || len(assets.All(flows.AssetField)) > 0 {
			if _, err := findAsset(assets, flows.AssetField, "--field", f.Key); err != nil {
				return err
			}
		}
		if c.Fields == nil {
			c.Fields = map[string]*runtime.FieldValue{}
		}
		if f.Value == "" {
			delete(c.Fields, f.Key)
			continue
		}
		c.Fields[f.Key] = fieldValue(f.Value)
	}
	if o.Channel != "" {
		ch, err := findAsset(assets, flows.AssetChannel, "--channel", o.Channel)
		if err != nil {
			return err
		}
		if len(c.URNs) == 0 {
			return fmt.Errorf("--channel %q: the contact has no URN to tie to the channel: add one with --urn", o.Channel)
		}
		c.URNs[0] = c.URNs[0].WithChannel(ch.Identity)
	}
	return nil
}

// fieldValue reads a field's text as the typed forms a value may take (number, date), as
// set_contact_field does.
func fieldValue(text string) *runtime.FieldValue {
	fv := &runtime.FieldValue{Text: text}
	if d, ok := expressions.ParseNumber(text); ok {
		fv.Number = json.Number(d.String())
	}
	ctx := expressions.NewEvalContext(expressions.DefaultEnvironment(), nil)
	if dt, err := expressions.ToDateTime(ctx, expressions.NewText(text)); err == nil {
		fv.Datetime = dt.Time.Format("2006-01-02T15:04:05.000000Z07:00")
	}
	return fv
}

func isLanguageCode(s string) bool {
	if len(s) != 3 {
		return false
	}
	for _, r := range s {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

// findAsset finds an asset by identity (UUID, key) or name, or says what the assets hold.
func findAsset(assets *flows.Assets, kind flows.AssetKind, option, want string) (*flows.Asset, error) {
	all := assets.All(kind)
	for _, a := range all {
		if a.Identity == want {
			return a, nil
		}
	}
	for _, a := range all {
		if strings.EqualFold(a.Name, want) {
			return a, nil
		}
	}
	what := strings.TrimSuffix(string(kind), "s")
	if len(all) == 0 {
		return nil, fmt.Errorf("%s %q: the loaded files declare no %s (load the org's assets with --assets)", option, want, kind)
	}
	var names []string
	for _, a := range all {
		names = append(names, a.Identity, a.Name)
	}
	msg := fmt.Sprintf("%s %q: no %s of that name or %s among the loaded assets", option, want, what, identityWord(kind))
	if best, ok := flows.Closest(want, names); ok {
		msg += fmt.Sprintf("; did you mean %q?", best)
	}
	return nil, errors.New(msg)
}

func identityWord(kind flows.AssetKind) string {
	if kind == flows.AssetField {
		return "key"
	}
	return "UUID"
}

// allowContactLanguage lets the language chosen with --lang localize the flow when the
// environment lists no allowed languages: the reference engine only uses a contact's language
// when the environment allows it, and a simulation with a translated flow and a --lang should
// speak that language without a second file. A contact language that comes from a file (a
// scenario's or --contact's) is left to the environment as the reference leaves it, so that a
// scenario runs as it does there; an environment that lists languages is left as written. Either
// way a language the run won't speak is noted.
func (s *Simulation) allowContactLanguage(flow *flows.Flow, chosen bool) error {
	if s.Contact == nil {
		return nil
	}
	var c struct {
		Language string `json:"language"`
	}
	if json.Unmarshal(s.Contact, &c) != nil || c.Language == "" || c.Language == flow.Language {
		return nil
	}
	env := map[string]json.RawMessage{}
	if s.Environment != nil {
		if err := json.Unmarshal(s.Environment, &env); err != nil {
			return nil // the engine says what is wrong with it
		}
	}
	var allowed []string
	if raw, ok := env["allowed_languages"]; ok && string(raw) != "null" {
		if json.Unmarshal(raw, &allowed) != nil {
			return nil
		}
	}
	if slices.Contains(allowed, c.Language) {
		return nil
	}
	if len(allowed) > 0 || !chosen {
		list := strings.Join(allowed, ", ")
		if list == "" {
			list = "none"
		}
		if _, translated := flow.Localization[c.Language]; translated || len(allowed) > 0 {
			s.Notes = append(s.Notes, fmt.Sprintf("the contact's language %s is not among the environment's allowed_languages (%s): the flow speaks %s", c.Language, list, flow.Language))
		}
		return nil
	}
	if flow.Language != "" && flow.Language != "base" {
		allowed = append(allowed, flow.Language)
	}
	allowed = append(allowed, c.Language)
	env["allowed_languages"], _ = json.Marshal(allowed)
	data, err := json.Marshal(env)
	if err != nil {
		return err
	}
	s.Environment = data
	return nil
}

// buildTrigger makes the trigger of a type, and takes from the replies what it carries (a msg
// trigger's message).
func buildTrigger(s *Setup, ld *Loaded, contact json.RawMessage, now time.Time, ids *seededIDs) (json.RawMessage, []Reply, error) {
	t := map[string]any{
		"type":         s.TriggerType,
		"flow":         runtime.Ref{UUID: ld.Flow.UUID, Name: ld.Flow.Name},
		"triggered_on": now,
	}
	replies := s.Replies
	switch s.TriggerType {
	case "msg":
		if len(replies) == 0 || replies[0].Kind != Message {
			return nil, nil, errors.New("--trigger msg starts the flow with a message: give it as the first reply (--input TEXT)")
		}
		var c runtime.Contact
		if contact != nil {
			_ = json.Unmarshal(contact, &c)
		}
		msg := map[string]any{"uuid": ids.next("trigger-msg"), "text": replies[0].Text}
		if urn := c.PreferredURN(); urn != "" {
			msg["urn"] = urn.Identity()
			if ch := channelRef(ld.Assets, urn.ChannelUUID()); ch != nil {
				msg["channel"] = ch
			}
		}
		t["event"] = map[string]any{"type": "msg_received", "uuid": ids.next("trigger-event"), "created_on": now, "msg": msg}
		replies = replies[1:]
	case "channel":
		ch, err := triggerAsset(ld.Assets, flows.AssetChannel, s.ContactOptions.Channel, "--trigger channel")
		if err != nil {
			return nil, nil, err
		}
		t["event"] = map[string]any{"type": "new_conversation", "channel": ch}
	case "optin":
		o, err := triggerAsset(ld.Assets, flows.AssetOptIn, "", "--trigger optin")
		if err != nil {
			return nil, nil, err
		}
		t["event"] = map[string]any{"type": "optin_started", "optin": o}
	default:
		return nil, nil, fmt.Errorf("--trigger %q: expected %s, or a trigger JSON file", s.TriggerType, strings.Join(TriggerTypes, ", "))
	}
	data, err := json.Marshal(t)
	return data, replies, err
}

// triggerAsset is the asset a trigger is about: the one named, else the first declared.
func triggerAsset(assets *flows.Assets, kind flows.AssetKind, want, option string) (runtime.Ref, error) {
	if want != "" {
		a, err := findAsset(assets, kind, option, want)
		if err != nil {
			return runtime.Ref{}, err
		}
		return runtime.Ref{UUID: a.Identity, Name: a.Name}, nil
	}
	all := assets.All(kind)
	if len(all) == 0 {
		return runtime.Ref{}, fmt.Errorf("%s needs a %s, and the loaded files declare none (load the org's assets with --assets)", option, strings.TrimSuffix(string(kind), "s"))
	}
	return runtime.Ref{UUID: all[0].Identity, Name: all[0].Name}, nil
}

func channelRef(assets *flows.Assets, uuid string) *runtime.Ref {
	if uuid == "" {
		return nil
	}
	if a := assets.Get(flows.AssetChannel, uuid); a != nil {
		return &runtime.Ref{UUID: a.Identity, Name: a.Name}
	}
	return nil
}

// seededIDs derives the UUIDs a setup writes (the default contact's, a built trigger's) from the
// seed, so that the same command gives the same files.
type seededIDs struct {
	seed uint64
}

func newSeededIDs(seed uint64) *seededIDs { return &seededIDs{seed: seed} }

// next is the UUID (version 4 layout) of a named thing.
func (g *seededIDs) next(name string) string {
	sum := sha256.Sum256(fmt.Appendf(nil, "flowctl %d %s", g.seed, name))
	b := sum[:16]
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
