package engine

import "sort"

// TriggerTypes lists the trigger types ReadTrigger accepts, sorted, for documentation.
func TriggerTypes() []string { return sortedTypes(triggerTypes) }

// ResumeTypes lists the resume types ReadResume accepts, sorted, for documentation.
func ResumeTypes() []string {
	out := append([]string(nil), resumeTypeNames...)
	sort.Strings(out)
	return out
}

func sortedTypes(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for t := range m {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}
