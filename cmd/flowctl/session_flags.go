package main

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/flowctl/flowctl/flows/engine"
	"github.com/flowctl/flowctl/flows/scenario"
	"github.com/flowctl/flowctl/flows/simulation"
	"github.com/flowctl/flowctl/internal/readfile"
)

// sessionFlags are the contact and session options `run` and `test --new` share: the files a
// session is made of and the options that override them.
type sessionFlags struct {
	flow    string
	assets  []string
	contact string
	env     string
	trigger string
	mocks   string
	now     string
	seed    uint64
	replies []simulation.Reply
	name    string
	lang    string
	urns    []string
	groups  []string
	fields  []string
	channel string
	resumes []string
	maxSize int64
	// mediaURL is the base URL legacy flows' relative media URLs are joined to: --media-url or
	// the configuration's, set by the command once it has read the configuration
	mediaURL string
	flagSet  *pflag.FlagSet
}

// replyFlag is the pflag value behind --input, --timeout and --expire: all append to one list,
// so that `--input a --timeout --input b` keeps its order. An --input of /timeout or /expire is
// that command (//text sends /text).
type replyFlag struct {
	list *[]simulation.Reply
	kind simulation.ReplyKind
}

func (f replyFlag) String() string { return "" }

func (f replyFlag) Type() string {
	if f.kind != simulation.Message {
		return "bool"
	}
	return "string"
}

func (f replyFlag) Set(v string) error {
	switch f.kind {
	case simulation.Timeout, simulation.Expire:
		if v != "true" {
			return fmt.Errorf("takes no value")
		}
		*f.list = append(*f.list, simulation.Reply{Kind: f.kind})
	default:
		*f.list = append(*f.list, simulation.ParseReply(v))
	}
	return nil
}

// register adds the flags; what names the command's use of them in the help.
func (sf *sessionFlags) register(f *pflag.FlagSet, prefix string) {
	sf.flagSet = f
	f.StringVar(&sf.flow, "flow", "", prefix+"the flow to start, by name or UUID (default: the file's first)")
	f.StringArrayVar(&sf.assets, "assets", nil, prefix+"an assets file (goflow assets or an export) adding to or overriding the flow file's own (repeatable)")
	f.StringVar(&sf.contact, "contact", "", prefix+"contact JSON file (goflow contact); the options below override it")
	f.StringVar(&sf.env, "env", "", prefix+"environment JSON file (goflow environment)")
	f.StringVar(&sf.trigger, "trigger", "", prefix+"how the flow starts: "+strings.Join(simulation.TriggerTypes, ", ")+" (msg: the first --input is the message), or a trigger JSON file")
	f.StringVar(&sf.mocks, "http-mocks", "", prefix+"HTTP mocks JSON file: URL → list of {status, body}")
	f.StringVar(&sf.now, "now", simulation.DefaultNow.Format(time.RFC3339Nano), prefix+"time the simulation's clock starts at (RFC 3339)")
	f.Uint64Var(&sf.seed, "seed", simulation.DefaultSeed, prefix+"seed of the random source (random routers, generated UUIDs, the default contact)")
	f.Var(replyFlag{list: &sf.replies}, "input", prefix+"a message from the contact; /timeout and /expire stand for those (//text sends /text) (repeatable)")
	f.Var(replyFlag{list: &sf.replies, kind: simulation.Timeout}, "timeout", prefix+"let the wait time out (a wait_timeout resume), in order among the --input replies (repeatable)")
	f.Lookup("timeout").NoOptDefVal = "true"
	f.Var(replyFlag{list: &sf.replies, kind: simulation.Expire}, "expire", prefix+"let the wait expire (a wait_expiration resume), in order among the --input replies (repeatable)")
	f.Lookup("expire").NoOptDefVal = "true"
	f.StringVar(&sf.name, "name", "", prefix+"the contact's name")
	f.StringVar(&sf.lang, "lang", "", prefix+"the contact's language, an ISO 639-3 code such as por (allowed in the environment unless it lists languages)")
	f.StringArrayVar(&sf.urns, "urn", nil, prefix+"the contact's URN, e.g. whatsapp:250788123123 or +250788123123 (repeatable; replaces the contact's)")
	f.StringArrayVar(&sf.groups, "group", nil, prefix+"a group the contact is in, by name or UUID (repeatable; replaces the contact's)")
	f.StringArrayVar(&sf.fields, "field", nil, prefix+"a contact field as key=value (repeatable)")
	f.StringVar(&sf.channel, "channel", "", prefix+"the channel the contact talks through, by name or UUID")
	addMaxFileSize(f, &sf.maxSize)
	addMediaURL(f)
}

// sessionFlagNames are the flags register adds, for commands that must refuse them in a mode.
var sessionFlagNames = []string{"flow", "assets", "contact", "env", "trigger", "http-mocks", "now", "seed", "input", "timeout", "expire", "name", "lang", "urn", "group", "field", "channel"}

func (sf *sessionFlags) changed(name string) bool {
	return sf.flagSet != nil && sf.flagSet.Changed(name)
}

// readFileFlag reads the JSON file an option names, up to maxSize bytes; what says what it
// holds. The setup notes the file as the source of input (the engine's name for it), so that a
// problem the engine finds in it is shown at the file's line and column.
func readFileFlag(s *simulation.Setup, input, path, option, what string, maxSize int64) (json.RawMessage, error) {
	data, err := readfile.Read(path, maxSize)
	if err != nil {
		return nil, usageErr("%s: can't read %s: %v", option, path, pathErr(err))
	}
	if err := json.Unmarshal(data, new(json.RawMessage)); err != nil {
		line, col, msg := scenario.SyntaxPosition(data, err)
		return nil, usageErr("%s:%d:%d: the %s file is not valid JSON: %s", path, line, col, what, strings.TrimPrefix(msg, "invalid JSON: "))
	}
	s.SetSource(input, simulation.Source{Path: path, File: data})
	return data, nil
}

// apply puts the flags over a setup (a scenario's, or an empty one): the files they name replace
// the setup's, and the contact options change its contact. mocksJSON is the --http-mocks file as
// written, for recordings.
func (sf *sessionFlags) apply(s *simulation.Setup) (mocksJSON json.RawMessage, err error) {
	if sf.changed("flow") {
		s.Flow = sf.flow
	}
	s.AssetPaths = append(s.AssetPaths, sf.assets...)
	if sf.contact != "" {
		if s.Contact, err = readFileFlag(s, "contact", sf.contact, "--contact", "contact", sf.maxSize); err != nil {
			return nil, err
		}
		s.NoContact = false
	}
	if sf.env != "" {
		if s.Environment, err = readFileFlag(s, "environment", sf.env, "--env", "environment", sf.maxSize); err != nil {
			return nil, err
		}
	}
	if sf.trigger != "" {
		if slices.Contains(simulation.TriggerTypes, sf.trigger) {
			s.Trigger, s.TriggerType = nil, sf.trigger
		} else if _, statErr := os.Stat(sf.trigger); statErr != nil && !strings.ContainsAny(sf.trigger, `./\`) {
			return nil, usageErr("--trigger %q: expected %s, or a trigger JSON file", sf.trigger, strings.Join(simulation.TriggerTypes, ", "))
		} else if s.Trigger, err = readFileFlag(s, "trigger", sf.trigger, "--trigger", "trigger", sf.maxSize); err != nil {
			return nil, err
		}
	}
	if sf.mocks != "" {
		if mocksJSON, err = readFileFlag(s, "http_mocks", sf.mocks, "--http-mocks", "HTTP mocks", sf.maxSize); err != nil {
			return nil, err
		}
		var mocks map[string][]engine.MockResponse
		if err := engine.DecodeJSON(mocksJSON, &mocks); err != nil {
			err.(*engine.InputError).Input = "http_mocks"
			return nil, usageErr("%v (expected an object URL → list of {status, body})", s.Place(err))
		}
		s.Mocks = mocks
	}
	for _, path := range sf.resumes {
		raw, err := readFileFlag(s, fmt.Sprintf("resumes/%d", len(s.Resumes)), path, "--resume", "resume", sf.maxSize)
		if err != nil {
			return nil, err
		}
		s.Resumes = append(s.Resumes, raw)
	}
	if sf.changed("now") || s.Now.IsZero() {
		now, err := time.Parse(time.RFC3339Nano, sf.now)
		if err != nil {
			return nil, usageErr("--now: %q is not an RFC 3339 time like 2025-05-04T12:30:45Z", sf.now)
		}
		if err := simulation.CheckNow(now); err != nil {
			return nil, usageErr("--now %s: %v", sf.now, err)
		}
		s.Now = now
	}
	if sf.changed("seed") {
		s.Seed = sf.seed
	}
	s.Replies = append(s.Replies, sf.replies...)
	o := &s.ContactOptions
	if sf.changed("name") {
		o.Name = &sf.name
	}
	o.Language = sf.lang
	o.URNs = sf.urns
	o.Groups = sf.groups
	o.Channel = sf.channel
	for _, kv := range sf.fields {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return nil, usageErr("--field %q: expected key=value, e.g. --field age=32 (key= clears the field)", kv)
		}
		o.Fields = append(o.Fields, simulation.Field{Key: strings.TrimSpace(k), Value: v})
	}
	return mocksJSON, nil
}
