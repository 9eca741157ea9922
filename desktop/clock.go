package desktop

import (
	"sort"
	"time"
)

// Clock is the simulation clock: it moves only when told to, and runs the timers that fall due
// in order of their time (and of their creation for equal times), so runs are repeatable.
type Clock struct {
	now    time.Time
	timers []*timer
	seq    int
}

type timer struct {
	at   time.Time
	seq  int
	fn   func()
	dead bool
}

// NewClock returns a clock that reads start.
func NewClock(start time.Time) *Clock { return &Clock{now: start.UTC()} }

// Now is the simulation time.
func (c *Clock) Now() time.Time { return c.now }

// After calls fn when the clock reaches now+d; the returned function cancels it.
func (c *Clock) After(d time.Duration, fn func()) (cancel func()) {
	c.seq++
	t := &timer{at: c.now.Add(d), seq: c.seq, fn: fn}
	c.timers = append(c.timers, t)
	return func() { t.dead = true }
}

// Advance moves the clock forward by d, running the timers that fall due on the way, each at
// its own time.
func (c *Clock) Advance(d time.Duration) {
	end := c.now.Add(d)
	for {
		t := c.next(end)
		if t == nil {
			break
		}
		c.now = t.at
		t.dead = true
		t.fn()
	}
	c.now = end
}

// next returns the earliest live timer due at or before end.
func (c *Clock) next(end time.Time) *timer {
	live := c.timers[:0]
	for _, t := range c.timers {
		if !t.dead {
			live = append(live, t)
		}
	}
	c.timers = live
	sort.SliceStable(c.timers, func(i, j int) bool {
		if !c.timers[i].at.Equal(c.timers[j].at) {
			return c.timers[i].at.Before(c.timers[j].at)
		}
		return c.timers[i].seq < c.timers[j].seq
	})
	if len(c.timers) == 0 || c.timers[0].at.After(end) {
		return nil
	}
	return c.timers[0]
}
