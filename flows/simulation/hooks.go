package simulation

import (
	"github.com/flowctl/flowctl/flows/engine"
	"github.com/flowctl/flowctl/jshooks"
)

// LoadHooks runs the setup's hooks files, in order, into a new set of hooks (s.Hooks), with the
// run's seed and clock: Math.random and Date in hook code are the simulation's. A file that
// can't be read or loaded is a *jshooks.LoadError naming its line and column. maxSize bounds
// each file (0 for readfile.DefaultMaxSize).
func (s *Setup) LoadHooks(maxSize int64) error {
	now := s.Now
	if now.IsZero() {
		now = DefaultNow
	}
	h := engine.NewHooks()
	if _, err := jshooks.LoadFiles(h, s.HookPaths, maxSize, jshooks.Options{Seed: s.Seed, Now: now}); err != nil {
		return err
	}
	s.Hooks = h
	return nil
}
