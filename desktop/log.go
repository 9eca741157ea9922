package desktop

import (
	"encoding/json"
	"time"
)

// TimeFormat is how the desktop writes times: UTC with milliseconds, as the vendors' events do.
const TimeFormat = "2006-01-02T15:04:05.000Z"

// Entry is one line of the desktop's event log. The log is deterministic: the same timeline gives
// the same entries, byte for byte, in JSON.
type Entry struct {
	Seq  int    `json:"seq"`
	Time string `json:"time"`
	// Kind is "agent", "contact", "routing", "action" or "plugin".
	Kind string `json:"kind"`
	// Type is the event type, the action name, or for plugin messages "message" or "console".
	Type string `json:"type"`
	// Protocol, Plugin, Window, Origin and Direction ("in" or "out") describe plugin messages.
	Protocol  string `json:"protocol,omitempty"`
	Plugin    string `json:"plugin,omitempty"`
	Window    string `json:"window,omitempty"`
	Origin    string `json:"origin,omitempty"`
	Direction string `json:"direction,omitempty"`
	// Verdict is what the desktop made of a message in ("accepted", "rejected: ...",
	// "ignored: ...", "error: ...") or of an action ("done", "aborted: ...", "error: ...").
	Verdict string `json:"verdict,omitempty"`
	// Contact is the ContactId an entry is about.
	Contact string `json:"contact,omitempty"`
	Data    any    `json:"data,omitempty"`
}

// Log is the ordered event log of a desktop session.
type Log struct {
	Entries []Entry
}

func (l *Log) add(now time.Time, e Entry) {
	e.Seq = len(l.Entries) + 1
	e.Time = now.UTC().Format(TimeFormat)
	l.Entries = append(l.Entries, e)
}

// MarshalJSON writes the log as a JSON array of its entries.
func (l *Log) MarshalJSON() ([]byte, error) {
	if l.Entries == nil {
		return []byte("[]"), nil
	}
	return json.Marshal(l.Entries)
}
