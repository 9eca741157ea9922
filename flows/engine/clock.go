package engine

import (
	"fmt"

	"math/rand/v2"
	"time"
)

// Clock tells the engine what time it is. Simulations inject a SteppingClock so that output is
// the same on every run.
type Clock interface {
	Now() time.Time
}

// SystemClock is the real clock.
type SystemClock struct{}

// Now returns the current time.
func (SystemClock) Now() time.Time { return time.Now().UTC() }

// SteppingClock starts at a fixed time and moves on by Step at every reading, so that events
// get distinct, ordered and reproducible timestamps.
type SteppingClock struct {
	T    time.Time
	Step time.Duration
}

// Now returns the current reading and advances the clock.
func (c *SteppingClock) Now() time.Time {
	t := c.T
	c.T = c.T.Add(c.Step)
	return t
}

// uuidGen makes version-7 style UUIDs (time-ordered) from the session clock and a seeded
// random source, so that the same seed and clock give the same UUIDs.
type uuidGen struct {
	rnd *rand.Rand
}

func newUUIDGen(seed uint64) *uuidGen {
	return &uuidGen{rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

func (g *uuidGen) next(now time.Time) string {
	ms := uint64(now.UnixMilli())
	a := g.rnd.Uint64()
	b := g.rnd.Uint64()
	return fmt.Sprintf("%08x-%04x-7%03x-%04x-%012x",
		ms>>16, ms&0xffff, a&0xfff, 0x8000|(a>>12)&0x3fff, b&0xffffffffffff)
}

// now reads the clock, remembering the reading for the stamps that go with it.
func (e *Engine) now() time.Time {
	e.last = e.clock.Now()
	return e.last
}

// peek returns the latest reading without reading the clock again (the stepping clock's start
// before any reading), for what is made outside a session's time line: default triggers and
// replies typed on the command line.
func (e *Engine) peek() time.Time {
	if e.last.IsZero() {
		if c, ok := e.clock.(*SteppingClock); ok {
			return c.T
		}
		return e.now()
	}
	return e.last
}
