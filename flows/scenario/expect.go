package scenario

import (
	"fmt"
	"strconv"
)

// compareExpect checks the scenario's "expect" list: each item is a partial event that must match
// some event, and the matches must come in the order of the list (across sprints). Partial means
// that the item's keys must be present with matching values; keys it leaves out are not checked,
// so such tests survive unrelated edits of the flow.
func (c *comparison) compareExpect(actual []Sprint) {
	type located struct {
		sprint, event int
		value         any
	}
	if len(c.sc.Expect) == 0 {
		return
	}
	var events []located
	for s, sp := range c.actualEvents(actual) {
		for e, v := range sp {
			events = append(events, located{s + 1, e + 1, v})
		}
	}
	next := 0
	for k, raw := range c.sc.Expect {
		want := c.norm.decode(raw)
		found := -1
		for i := next; i < len(events); i++ {
			if partialMatch(want, events[i].value) {
				found = i
				break
			}
		}
		if found >= 0 {
			next = found + 1
			continue
		}
		d := Difference{Kind: DiffExpect, EventType: eventType(want), Expected: render(want)}
		where := "after the previous match"
		if next == 0 {
			where = "in the run"
		}
		d.Message = fmt.Sprintf("expect[%d] matches no event %s", k, where)
		// Point at the nearest candidate (the event of the same type with the fewest differing
		// fields) so the reader sees why it did not match.
		best, bestDiffs := -1, []fieldDiff(nil)
		for i := next; i < len(events); i++ {
			if eventType(events[i].value) != eventType(want) {
				continue
			}
			var fds []fieldDiff
			diffValues(nil, want, events[i].value, true, &fds)
			if best < 0 || len(fds) < len(bestDiffs) {
				best, bestDiffs = i, fds
			}
		}
		if best >= 0 && len(bestDiffs) > 0 {
			ev := events[best]
			d.Sprint, d.Event = ev.sprint, ev.event
			d.Field = fieldPath(bestDiffs[0].path)
			d.Expected, d.Actual = bestDiffs[0].expected, bestDiffs[0].actual
			d.Message += fmt.Sprintf("; the nearest, sprint %d event %d (%s), differs at %s", ev.sprint, ev.event, eventType(want), d.Field)
		}
		c.add(d, "expect", strconv.Itoa(k))
	}
}

// partialMatch reports whether every key of want is in got with a matching value. Lists must have
// the same length, each element matching partially.
func partialMatch(want, got any) bool {
	var fds []fieldDiff
	diffValues(nil, want, got, true, &fds)
	return len(fds) == 0
}

// compareStatus checks "expect_status" against the session's status after the last sprint.
func (c *comparison) compareStatus(status string) {
	if c.sc.ExpectStatus == "" || c.sc.ExpectStatus == status {
		return
	}
	got := status
	if got == "" {
		got = "unknown"
	}
	c.add(Difference{Kind: DiffStatus, Expected: strconv.Quote(c.sc.ExpectStatus), Actual: strconv.Quote(got),
		Message: "the session ended in another status"}, "expect_status")
}
