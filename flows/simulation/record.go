package simulation

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"time"

	"github.com/flowctl/flowctl/flows/scenario"
)

// Recording is a scenario recorded from a simulated run.
type Recording struct {
	// Scenario is the file's content: the run's inputs and its events as the expected outputs.
	Scenario []byte
	// Outcome is the run, for a transcript.
	Outcome *Outcome
	// Notes are what Prepare noted about the setup.
	Notes []string
	// Warnings are those of the assets files (see Loaded.Warnings).
	Warnings []string
}

// Record runs a setup and writes it down as a scenario to be saved in the folder dir: the paths
// it names are relative to that folder, and everything the run was made of (the contact derived
// from the seed, the environment, a built trigger, the replies, the mocks) is in it, so that the
// same command records the same bytes and the scenario replays the same run. mocks is the HTTP
// mocks JSON as written (nil for none). A reply the flow's wait can't take is a *RejectedError,
// returned with the recording's Outcome so far.
func Record(l *Loader, s *Setup, dir string, mocks json.RawMessage) (*Recording, error) {
	ld, err := l.LoadSetup(s)
	if err != nil {
		return nil, err
	}
	sim, err := Prepare(s, ld)
	if err != nil {
		return nil, err
	}
	flowRef, err := relativeTo(dir, s.FlowPath)
	if err != nil {
		return nil, err
	}
	kvs := []keyValue{{"flow", flowRef}}
	if len(s.AssetPaths) > 0 {
		refs := make([]string, len(s.AssetPaths))
		for i, p := range s.AssetPaths {
			if refs[i], err = relativeTo(dir, p); err != nil {
				return nil, err
			}
		}
		kvs = append(kvs, keyValue{"assets", refs})
	}
	if len(s.HookPaths) > 0 {
		refs := make([]string, len(s.HookPaths))
		for i, p := range s.HookPaths {
			if refs[i], err = relativeTo(dir, p); err != nil {
				return nil, err
			}
		}
		kvs = append(kvs, keyValue{"hooks", refs})
	}
	inputs := make([]string, len(sim.Replies))
	for i, r := range sim.Replies {
		inputs[i] = r.String()
	}
	resumes := make([]any, len(s.Resumes))
	for i, r := range s.Resumes {
		resumes[i] = r
	}
	var mocksValue any = map[string]any{}
	if mocks != nil {
		mocksValue = mocks
	}
	kvs = append(kvs,
		keyValue{"flow_uuid", ld.Flow.UUID},
		keyValue{"environment", sim.Environment},
		keyValue{"contact", sim.Contact},
		keyValue{"trigger", sim.Trigger},
		keyValue{"call", s.Call},
		keyValue{"resumes", resumes},
		keyValue{"inputs", inputs},
		keyValue{"http_mocks", mocksValue},
	)
	// A clock or seed other than the defaults is written down, so that replays run the same.
	if !s.Now.IsZero() && !s.Now.Equal(DefaultNow) {
		kvs = append(kvs, keyValue{"now", s.Now.UTC().Format(time.RFC3339Nano)})
	}
	if s.Seed != DefaultSeed {
		kvs = append(kvs, keyValue{"seed", s.Seed})
	}
	kvs = append(kvs, keyValue{"outputs", []any{}})
	src, err := scenarioJSON(kvs)
	if err != nil {
		return nil, err
	}

	// Replay what was written, as `flowctl test` will: the recording is what the file gives.
	path := filepath.Join(dir, "recorded.scenario.json")
	replay, err := ParseScenario(path, src)
	if err != nil {
		return nil, err
	}
	replay.HTTP = s.HTTP
	replay.TimeLimit = s.TimeLimit
	replay.SprintWork = s.SprintWork
	if len(replay.HookPaths) > 0 {
		// hook code starts afresh, as it will in the test: its state is part of the run
		if err := replay.LoadHooks(l.MaxSize); err != nil {
			return nil, err
		}
	}
	rsim, err := Prepare(replay, ld)
	if err != nil {
		return nil, err
	}
	out, err := rsim.Run(nil)
	rec := &Recording{Outcome: out, Notes: sim.Notes, Warnings: ld.Warnings()}
	if err != nil {
		return rec, err
	}
	res, err := Result(out.Conversation)
	if err != nil {
		return nil, err
	}
	sc, err := scenario.Parse(path, src)
	if err != nil {
		return nil, err
	}
	final, err := sc.WithOutputs(res.Sprints)
	if err != nil {
		return nil, err
	}
	rec.Scenario = append(final, '\n')
	return rec, nil
}

// relativeTo writes path relative to the folder dir, with forward slashes, as scenario files
// name their files; an absolute path when there is no relative one (another drive).
func relativeTo(dir, path string) (string, error) {
	absPath, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(absDir, absPath)
	if err != nil {
		rel = absPath
	}
	return filepath.ToSlash(rel), nil
}

type keyValue struct {
	key   string
	value any
}

// scenarioJSON writes a scenario object with its keys in the documented order, indented by two
// spaces, without HTML escaping (messages often hold < and &).
func scenarioJSON(kvs []keyValue) ([]byte, error) {
	var compact bytes.Buffer
	compact.WriteByte('{')
	for i, kv := range kvs {
		if i > 0 {
			compact.WriteByte(',')
		}
		var v bytes.Buffer
		enc := json.NewEncoder(&v)
		enc.SetEscapeHTML(false)
		value := kv.value
		if raw, ok := value.(json.RawMessage); ok && raw == nil {
			value = nil
		}
		if err := enc.Encode(value); err != nil {
			return nil, err
		}
		fmt.Fprintf(&compact, "%q:", kv.key)
		if err := json.Compact(&compact, v.Bytes()); err != nil {
			return nil, err
		}
	}
	compact.WriteByte('}')
	var out bytes.Buffer
	if err := json.Indent(&out, compact.Bytes(), "", "  "); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
