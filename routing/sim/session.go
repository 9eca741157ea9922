package sim

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// SessionHelp lists what an interactive session understands.
const SessionHelp = `type a task's attributes as JSON to create it now, or:
  /wait SECONDS                         let time pass
  /accept [WORKER] [complete SECONDS]   the worker accepts their oldest open reservation
  /reject [WORKER] [then ACTIVITY]      the worker rejects it
  /activity WORKER ACTIVITY             change a worker's activity
  /status                               open reservations and waiting tasks
  /quit                                 stop`

// Session drives a simulation one command at a time, as a person types them: tasks created at
// the current time, time passing, and answers to reservations that have no scripted answer.
type Session struct {
	Sim *Sim
}

// Exec runs one line: a task's attributes as a JSON object, or a /command. It returns a
// message for the person (events are reported through the simulation's OnEvent), and
// quit=true for /quit.
func (ss *Session) Exec(line string) (msg string, quit bool, err error) {
	s := ss.Sim
	line = strings.TrimSpace(line)
	if line == "" {
		return "", false, nil
	}
	if strings.HasPrefix(line, "{") {
		var attrs map[string]any
		if err := json.Unmarshal([]byte(line), &attrs); err != nil {
			return "", false, fmt.Errorf("a task's attributes must be a JSON object: %v", err)
		}
		sid := s.AddTask(TaskSpec{At: float64(s.now) / 1000, Attributes: attrs})
		s.Run(s.now)
		return "", false, ignore(sid)
	}
	fields := strings.Fields(line)
	switch fields[0] {
	case "/quit", "/exit":
		return "", true, nil
	case "/help":
		return SessionHelp, false, nil
	case "/wait":
		if len(fields) != 2 {
			return "", false, fmt.Errorf("/wait takes a number of seconds: /wait 30")
		}
		secs, err := strconv.ParseFloat(fields[1], 64)
		if err != nil || secs < 0 {
			return "", false, fmt.Errorf("/wait takes a number of seconds, not %q", fields[1])
		}
		s.Run(s.now + ms(secs))
		return fmt.Sprintf("now %s", clock(s.now)), false, nil
	case "/accept", "/reject":
		a := Answer{Kind: strings.TrimPrefix(fields[0], "/")}
		rest := fields[1:]
		who := ""
		if len(rest) > 0 && rest[0] != "complete" && rest[0] != "then" {
			who, rest = rest[0], rest[1:]
		}
		for len(rest) >= 2 {
			switch rest[0] {
			case "complete":
				c, err := strconv.ParseFloat(rest[1], 64)
				if err != nil || c < 0 || a.Kind != "accept" {
					return "", false, fmt.Errorf("complete takes the seconds the worker handles the task, after /accept")
				}
				a.Complete = &c
			case "then":
				a.Then = rest[1]
			default:
				return "", false, fmt.Errorf("unexpected %q: expected complete SECONDS or then ACTIVITY", rest[0])
			}
			rest = rest[2:]
		}
		if len(rest) > 0 {
			return "", false, fmt.Errorf("unexpected %q", strings.Join(rest, " "))
		}
		open := s.Open()
		for _, r := range open {
			if who == "" || r.Worker == who || r.SID == who {
				return "", false, s.Answer(r.SID, a)
			}
		}
		if len(open) == 0 {
			return "", false, fmt.Errorf("no reservation is waiting for an answer")
		}
		return "", false, fmt.Errorf("%s has no open reservation; open: %s", who, describeOpen(open))
	case "/activity":
		if len(fields) != 3 {
			return "", false, fmt.Errorf("/activity takes a worker and an activity: /activity Alice Available")
		}
		if err := s.SetActivity(float64(s.now)/1000, fields[1], fields[2]); err != nil {
			return "", false, err
		}
		s.Run(s.now)
		return "", false, nil
	case "/status":
		return ss.status(), false, nil
	}
	return "", false, fmt.Errorf("unknown command %s; /help lists them", fields[0])
}

func ignore(string) error { return nil }

func describeOpen(open []OpenReservation) string {
	var parts []string
	for _, r := range open {
		parts = append(parts, r.Worker+" ("+short(r.TaskSID)+")")
	}
	return strings.Join(parts, ", ")
}

func (ss *Session) status() string {
	s := ss.Sim
	var b strings.Builder
	fmt.Fprintf(&b, "now %s\n", clock(s.now))
	open := s.Open()
	if len(open) == 0 {
		b.WriteString("no reservation waits for an answer\n")
	}
	for _, r := range open {
		fmt.Fprintf(&b, "reservation %s: task %s offered to %s (queue %s)\n", short(r.SID), short(r.TaskSID), r.Worker, r.Queue)
	}
	var waiting []string
	for _, t := range s.tasks {
		if t.status == "pending" {
			waiting = append(waiting, fmt.Sprintf("task %s waits in queue %s", short(t.sid), t.q.display()))
		}
	}
	sort.Strings(waiting)
	for _, w := range waiting {
		b.WriteString(w + "\n")
	}
	for _, w := range s.workers {
		fmt.Fprintf(&b, "worker %s: %s\n", w.name, w.activity.FriendlyName)
	}
	return strings.TrimRight(b.String(), "\n")
}
