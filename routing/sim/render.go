package sim

import (
	"fmt"
	"io"
	"strings"
)

// FormatEvent writes an event on one line for people: the time since the start, the type and
// what it is about.
func FormatEvent(e Event) string {
	var parts []string
	if e.TaskSid != "" {
		parts = append(parts, "task "+short(e.TaskSid))
	}
	switch e.EventType {
	case WorkflowTargetMatch:
		parts = append(parts, fmt.Sprintf("filter %q", e.WorkflowFilterName))
		if e.WorkflowFilterTargetExpression != "" {
			parts = append(parts, "workers: "+e.WorkflowFilterTargetExpression)
		}
	case WorkerActivityUpdate:
		parts = append(parts, fmt.Sprintf("%s: %s → %s", e.WorkerName, e.WorkerPreviousActivityName, e.WorkerActivityName))
	}
	if e.TaskQueueName != "" && e.EventType != WorkerActivityUpdate {
		parts = append(parts, "queue "+e.TaskQueueName)
	}
	if e.WorkerName != "" && e.EventType != WorkerActivityUpdate {
		parts = append(parts, "worker "+e.WorkerName)
	}
	if e.TaskPriority != nil && *e.TaskPriority != 0 && e.EventType == WorkflowTargetMatch {
		parts = append(parts, fmt.Sprintf("priority %d", *e.TaskPriority))
	}
	if e.TaskCanceledReason != "" {
		parts = append(parts, "("+e.TaskCanceledReason+")")
	}
	if e.EventType == TaskCreated {
		parts = append(parts, e.TaskAttributes)
	}
	return fmt.Sprintf("%8s  %-24s %s", clock(e.At), e.EventType, strings.Join(parts, "  "))
}

// clock writes milliseconds since the start as +m:ss (or +h:mm:ss).
func clock(ms int64) string {
	s := ms / 1000
	if s >= 3600 {
		return fmt.Sprintf("+%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("+%d:%02d", s/60, s%60)
}

// short drops a SID's zero padding: WT00…0001 reads as WT1.
func short(sid string) string {
	if len(sid) != 34 {
		return sid
	}
	body := strings.TrimLeft(sid[2:], "0")
	if len(body) > 8 {
		return sid
	}
	return sid[:2] + body
}

// WriteEvents writes events one per line.
func WriteEvents(w io.Writer, events []Event) error {
	var b strings.Builder
	for _, e := range events {
		b.WriteString(FormatEvent(e))
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}
